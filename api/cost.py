"""A cost limit for GraphQL operations: page sizes multiply the cost of what they contain.

Each field costs 1. A field with a ``first`` argument (a page) multiplies the cost of its
selection by ``first`` (or the default page size when omitted, capped at the maximum page
size: a larger ``first`` is refused by the resolver with ``BAD_USER_INPUT``); any other list
field but a connection's ``edges`` multiplies by the default page size, unless its bound is
known (``list_sizes``, e.g. a path has at most 4 relations). So
``entities(first: 100) { edges { node { relations(first: 100) { ... } } } } }`` costs
about 100 x 100 x its inner fields, and is refused with ``QUERY_TOO_COMPLEX`` above
``FRONTIERKG_MAX_QUERY_COST``.

Example:
    >>> limiter = QueryCostLimiter(max_cost=1000, default_page_size=20, max_page_size=100)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

from api.document_cache import QueryTextCache
from api.errors import ErrorCode

_MAX_NESTING = 64
_TOO_DEEP = 10**12


def _is_list(type_: GraphQLOutputType) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


class _CostCounter:
    def __init__(
        self,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        default_page_size: int,
        max_page_size: int,
        schema: GraphQLSchema,
        list_sizes: Mapping[str, int],
    ) -> None:
        self.schema = schema
        self.list_sizes = list_sizes
        self.fragments = fragments
        self.variables = variables
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        #: The variables the count read (the ``first`` of pages), by name.
        self.variables_read: dict[str, Any] = {}

    def _first(self, node: FieldNode) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                raw = self.variables.get(value.name.value)
                self.variables_read[value.name.value] = raw
                return raw if isinstance(raw, int) else None
        return None

    def _multiplier(
        self, parent: str, node: FieldNode, field_type: GraphQLOutputType, has_first: bool
    ) -> int:
        known = self.list_sizes.get(f"{parent}.{node.name.value}")
        if known is not None:
            return known
        if has_first:
            first = self._first(node)
            size = self.default_page_size if first is None else first
            return max(1, min(size, self.max_page_size))
        if node.name.value == "edges" or not _is_list(field_type):
            return 1  # a connection's edges are sized by the connection's `first`
        return self.default_page_size

    def cost(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        seen: frozenset[str] = frozenset(),
        depth: int = 0,
    ) -> int:
        """Cost of a selection set; ``seen`` holds the fragments being expanded."""
        if selection_set is None:
            return 0
        if depth > _MAX_NESTING:  # a nesting bomb: no need to count further
            return _TOO_DEEP
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent, seen, depth)
            elif isinstance(selection, InlineFragmentNode):
                on = self._condition(selection.type_condition, parent)
                total += self.cost(selection.selection_set, on, seen, depth + 1)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    on = self._condition(fragment.type_condition, parent)
                    total += self.cost(fragment.selection_set, on, seen | {name}, depth + 1)
        return total

    def _condition(
        self, condition: NamedTypeNode | None, parent: GraphQLNamedType
    ) -> GraphQLNamedType:
        if condition is None:
            return parent
        return self.schema.get_type(condition.name.value) or parent

    def _field_cost(
        self, node: FieldNode, parent: GraphQLNamedType, seen: frozenset[str], depth: int
    ) -> int:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 1
        field = parent.fields.get(node.name.value)
        if field is None:
            return 1
        child = get_named_type(field.type)
        inner = self.cost(node.selection_set, child, seen, depth + 1)
        multiplier = self._multiplier(parent.name, node, field.type, "first" in field.args)
        return 1 + multiplier * inner


@dataclass(slots=True)
class KnownCosts:
    """The costs of one query text: the variables its count reads, a cost per their values.

    The count walks the same selections whatever the variables; only the values of the
    ``first`` variables it reads change the result. So a text's count is reused for
    every request giving those the same values (the ids an analyst varies are not read).
    """

    variables: tuple[str, ...]
    costs: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def key(self, variables: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The values the count reads, or None when they cannot key a cache."""
        key = tuple(variables.get(name) for name in self.variables)
        try:
            hash(key)
        except TypeError:
            return None
        return key


#: Costs kept per query text: one per distinct value of its page sizes, up to this many.
_COSTS_PER_TEXT = 64


class QueryCostLimiter(SchemaExtension):
    """Refuse operations whose estimated cost exceeds ``max_cost`` (``QUERY_TOO_COMPLEX``)."""

    def __init__(
        self,
        max_cost: int,
        default_page_size: int,
        max_page_size: int,
        list_sizes: Mapping[str, int] | None = None,
        known_costs: QueryTextCache[KnownCosts] | None = None,
    ) -> None:
        """``list_sizes``: most items of bounded lists, by ``"Type.field"``;
        ``known_costs``: the costs counted before, per query text (per schema)."""
        self.max_cost = max_cost
        self.list_sizes = dict(list_sizes or {})
        self.default_page_size = default_page_size
        self.max_page_size = max_page_size
        self.known_costs = known_costs if known_costs is not None else QueryTextCache(0)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            cost = self._cost(context.query, document.definitions, context.variables or {})
            if cost > self.max_cost:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"query cost {cost} exceeds the limit of {self.max_cost}: ask for "
                        "smaller pages (`first`) or fewer nested lists, or split the query",
                        extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value},
                    )
                ]
        yield

    def _cost(self, query: str | None, definitions: Any, variables: Mapping[str, Any]) -> int:
        """The highest cost of the document's operations, counted once per text and values."""
        known = self.known_costs.get(query) if query is not None else None
        key = known.key(variables) if known is not None else None
        if known is not None and key is not None and key in known.costs:
            return known.costs[key]
        counter = self._counter(definitions, variables)
        cost = max(
            (counter.cost(selections, root) for selections, root in self._operations(definitions)),
            default=0,
        )
        if query is not None:
            if known is None:
                known = KnownCosts(tuple(counter.variables_read))
                self.known_costs.put(query, known)
                key = known.key(variables)
            if key is not None:
                if len(known.costs) >= _COSTS_PER_TEXT:
                    known.costs.clear()
                known.costs[key] = cost
        return cost

    def _counter(self, definitions: Any, variables: Mapping[str, Any]) -> _CostCounter:
        schema = self.execution_context.schema._schema
        fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
        return _CostCounter(
            fragments, variables, self.default_page_size, self.max_page_size, schema,
            self.list_sizes,
        )  # fmt: skip

    def _operations(self, definitions: Any) -> Iterator[tuple[SelectionSetNode, GraphQLNamedType]]:
        schema = self.execution_context.schema._schema
        for definition in definitions:
            if isinstance(definition, OperationDefinitionNode):
                root = schema.get_root_type(definition.operation)
                if root is not None:
                    yield definition.selection_set, root


__all__ = ["KnownCosts", "QueryCostLimiter"]
