"""Cache parsed documents and validation results per query text.

Clients send the same few query texts with different variables, so the parse and the
validation of a text are done once and reused (per schema, bounded, least recently used
out first).

Parsing: strawberry's ``ParserCache`` raises a parse error (e.g. the token limit) from
inside its hook, where it escapes the error policy (``api.errors``) and loses its code;
``ParseCache`` caches only documents that parse and leaves a failing text to strawberry's
own parse, which reports it as usual.

Validation (all of GraphQL's rules plus the depth, alias and introspection rules) is the
largest fixed cost of a request in graphql-core. The rules are fixed for a schema and do
not depend on variables. (strawberry's ``ValidationCache`` keys on the rule classes,
which its limiters create per request, so it never hits here.) Checks that depend on
variables run before this: the cost limit keeps its own counts per text and per value of
the variables it reads (``api.cost``).

Example:
    >>> cache: QueryTextCache[int] = QueryTextCache(maxsize=1)
    >>> cache.put("{ a }", 1); cache.put("{ b }", 2)
    >>> cache.get("{ a }"), cache.get("{ b }")
    (None, 2)
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

from graphql import DocumentNode, GraphQLError, Node, parse
from strawberry.extensions import SchemaExtension

V = TypeVar("V")


class QueryTextCache(Generic[V]):
    """A bounded, least-recently-used map from query text to what was computed for it."""

    def __init__(self, maxsize: int = 512) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, V] = OrderedDict()

    def get(self, query: str) -> V | None:
        value = self._items.get(query)
        if value is not None:
            self._items.move_to_end(query)
        return value

    def put(self, query: str, value: V) -> None:
        self._items[query] = value
        self._items.move_to_end(query)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)


ValidationResults = QueryTextCache[tuple[GraphQLError, ...]]


class NodeCache(Generic[V]):
    """What was computed from nodes of a parsed document, kept while those nodes live.

    Keyed by the nodes' identities (AST nodes are not hashable by content), so the parse
    cache bounds it: an entry goes as soon as one of its nodes is freed, and an id reused
    by a later node never finds the entry of the node it replaced. The executor's plans
    (``api.execution``) and the relation selections (``api.selection``) are kept in one.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[int, ...], tuple[tuple[weakref.ref[Node], ...], V]] = {}

    def get(self, nodes: Sequence[Node]) -> V | None:
        entry = self._entries.get(tuple(map(id, nodes)))
        if entry is None or any(
            ref() is not node for ref, node in zip(entry[0], nodes, strict=True)
        ):
            return None
        return entry[1]

    def put(self, nodes: Sequence[Node], value: V) -> None:
        key = tuple(map(id, nodes))

        def forget(ref: weakref.ref[Node]) -> None:
            current = self._entries.get(key)
            if current is not None and ref in current[0]:
                del self._entries[key]

        self._entries[key] = (tuple(weakref.ref(node, forget) for node in nodes), value)

    def values(self) -> list[V]:
        return [value for _, value in self._entries.values()]

    def __contains__(self, node_ids: object) -> bool:
        """Whether an entry is kept for the nodes of these ids (``tuple(map(id, nodes))``)."""
        return node_ids in self._entries


class ParseCache(SchemaExtension):
    """Reuse the parsed document of a query text seen before (per schema).

    The parse options (the token limit) are fixed per schema, so the text is the key.
    """

    def __init__(self, documents: QueryTextCache[DocumentNode]) -> None:
        self.documents = documents

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and context.graphql_document is None:
            document = self.documents.get(query)
            if document is None:
                try:
                    document = parse(query, **context.parse_options)
                except GraphQLError:
                    document = None  # strawberry parses it again and reports the error
                else:
                    self.documents.put(query, document)
            context.graphql_document = document
        yield


class ValidationCache(SchemaExtension):
    """Reuse the validation result of a query text seen before (per schema)."""

    def __init__(self, results: ValidationResults) -> None:
        self.results = results

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is None or context.pre_execution_errors is not None:
            yield  # no text to key on, or an earlier check already refused the operation
            return
        cached = self.results.get(query)
        if cached is not None:
            context.pre_execution_errors = list(cached)  # [] marks it valid: validation skips
            yield
            return
        yield
        if context.pre_execution_errors is not None:
            self.results.put(query, tuple(context.pre_execution_errors))


__all__ = ["NodeCache", "ParseCache", "QueryTextCache", "ValidationCache", "ValidationResults"]
