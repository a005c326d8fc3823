"""Our execution path answers exactly what strawberry's and graphql-core's answer.

Each query runs twice on the same schema and data, once with our executor
(``api.execution.PlainFieldExecutor``) and direct resolvers (``api.direct_resolvers``),
once with strawberry's stock executor and resolver wrappers; data, error messages and
error paths must be equal. Part one uses
the API on the seeded store; part two a small schema built to hit every fallback of the
shortcut (None on non-null fields, values a scalar refuses, failing sub-fields, async
fields inside plain objects and lists).
"""

from __future__ import annotations

import asyncio
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import GraphQLObjectType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.context import Context
from api.direct_resolvers import install_direct_resolvers
from api.execution import LeafPlan, ObjectPlan, PlainFieldExecutor, field_plan
from api.schema import build_schema
from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore

from .api_seed import eid

Outcome = tuple[Any, list[tuple[str, list[str | int] | None]]]


def _run(schema: strawberry.Schema, query: str, variables: dict[str, Any], context: Any) -> Outcome:
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value=context))
    errors = [(error.message, error.path) for error in result.errors or []]
    return result.data, sorted(errors, key=repr)


def _both(
    build: Any, query: str, variables: dict[str, Any], context: Any
) -> tuple[Outcome, Outcome]:
    """The outcome with our execution and with the stock one (fresh schemas, same data).

    ``build(direct_resolvers)`` makes a schema with or without direct resolvers.
    """
    ours: strawberry.Schema = build(True)
    stock: strawberry.Schema = build(False)
    stock.execution_context_class = StrawberryGraphQLCoreExecutionContext
    assert ours.execution_context_class is PlainFieldExecutor
    return _run(ours, query, variables, context()), _run(stock, query, variables, context())


API_QUERIES: list[tuple[str, dict[str, Any]]] = [
    (
        """query($id: ID!) { entity(id: $id) { id name type aliases firstSeen lastSeen
        mentionCount __typename relations(first: 20) { totalCount pageInfo { hasNextPage
        endCursor } edges { cursor node { id predicate confidence firstSeen lastSeen
        evidenceCount subject { id name type } object { id name type ... on Chip { aliases } }
        evidence(first: 5) { totalCount edges { node { sentence start end confidence
        extractorVersion article { id url title published source ingestedAt } } } } } } } } }""",
        {"id": eid("Zhipu AI")},
    ),
    (
        """query($id: ID!, $skip: Boolean!) { e: entity(id: $id) { ...E
        again: relations(direction: OUT) { edges { node { id object { name } } } } } }
        fragment E on Entity { name relations(first: 2) @skip(if: $skip) { totalCount
          edges { node { id subject { ... on Organization { name } } } } } }""",
        {"id": eid("United States"), "skip": False},
    ),
    (
        "{ entities(type: ORGANIZATION, first: 3) { totalCount pageInfo { hasNextPage "
        "endCursor } edges { cursor node { id name aliases mentionCount } } } }",
        {},
    ),
    (
        "{ articles(first: 5) { totalCount edges { node { id title published source "
        "entities { id name type } relations { id predicate subject { name } } } } } }",
        {},
    ),
    (
        "{ timeline(first: 10) { edges { node { id firstSeen evidence(first: 1) { edges "
        "{ node { sentence article { title } } } } } } } }",
        {},
    ),
    (
        "query($id: ID!) { exposure(entityId: $id) { exposed entity { name } items { kind "
        "score dependency { name } path { predicate subject { name } object { name } } } } }",
        {"id": eid("Zhipu AI")},
    ),
    (
        "query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxLength: 3) { length "
        "relations { predicate subject { name } object { name } } } }",
        {"a": eid("DeepSeek"), "b": eid("Nvidia")},
    ),
    (
        "{ stats { articles entities relations byType { type count } "
        "byPredicate { predicate count } } }",
        {},
    ),
    # introspection (graphql-core's own resolvers) and aliases of one field
    (
        '{ __schema { queryType { name } } __type(name: "Relation") { name kind fields '
        "{ name type { kind name ofType { kind name } } } } }",
        {},
    ),
    (
        "query($id: ID!) { entity(id: $id) { a: name b: name t: __typename "
        "r1: relations(first: 1) { totalCount } r2: relations(first: 2, direction: IN) "
        "{ totalCount edges { node { c: confidence d: confidence } } } } }",
        {"id": eid("Zhipu AI")},
    ),
    # errors: a missing entity, a nested page size out of range
    ('{ entity(id: "organization:no-such-thing") { id } }', {}),
    (
        "query($id: ID!) { entity(id: $id) { name relations { edges { node { id "
        "evidence(first: 100000) { totalCount } } } } } }",
        {"id": eid("Huawei")},
    ),
]


@pytest.mark.parametrize(("query", "variables"), API_QUERIES)
def test_api_answers_match_graphql_core(
    settings: Settings, seeded_store: EmbeddedStore, query: str, variables: dict[str, Any]
) -> None:
    ours, stock = _both(
        lambda direct: build_schema(settings, direct_resolvers=direct),
        query,
        variables,
        lambda: Context(store=seeded_store, settings=settings, api_key=None),
    )
    assert ours == stock
    assert ours[0] is not None or ours[1]  # the query did something


# ---------------------------------------------------------------- a schema of edge cases


@strawberry.enum
class Shape(Enum):
    ROUND = "round"
    SQUARE = "square"


def _size_of(root: Leaf) -> int:
    return len(root.label)


@strawberry.type
class Leaf:
    label: str
    size: int | None
    count: int = 0
    label_size: int = strawberry.field(resolver=_size_of)

    @strawberry.field
    def fails(self) -> str | None:
        raise ValueError("leaf resolver failed")

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return self.label.upper()

    @strawberry.field
    def padded(self, info: strawberry.Info, min_width: int = 3, fill: str | None = None) -> str:
        assert info.field_name == "padded"
        return self.label.ljust(min_width, fill or ".")

    @strawberry.field
    def kind(self, shape: Shape | None = None) -> str:
        return f"{type(shape).__name__}:{shape.name if shape else None}"

    @strawberry.field
    def picked(self, choice: strawberry.Maybe[int]) -> str:
        return repr(choice)


@strawberry.type
class Holder:
    leaf: Leaf
    maybe_leaf: Leaf | None
    leaves: list[Leaf]
    maybe_leaves: list[Leaf] | None


def _holder(kind: str) -> Any:
    good = Leaf(label="a", size=1, count=2)
    if kind == "good":
        return Holder(leaf=good, maybe_leaf=None, leaves=[good, good], maybe_leaves=[good])
    bad_count: Any = Leaf(label="b", size=None, count="not an int")  # type: ignore[arg-type]
    none_label: Any = Leaf(label=None, size=3)  # type: ignore[arg-type]
    return Holder(
        leaf=none_label, maybe_leaf=bad_count, leaves=[good, bad_count], maybe_leaves=[none_label]
    )


@strawberry.type
class EdgeQuery:
    @strawberry.field
    def good(self) -> Holder:
        return _holder("good")  # type: ignore[no-any-return]

    @strawberry.field
    def bad(self) -> Holder | None:
        return _holder("bad")  # type: ignore[no-any-return]

    @strawberry.field
    def bad_maybe(self) -> Holder | None:
        holder = _holder("bad")
        holder.leaf = Leaf(label="c", size=None)
        return holder  # type: ignore[no-any-return]


class _QuietSchema(strawberry.Schema):
    """Errors are the point of these queries: do not log them."""

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:  # noqa: ARG002
        return None


def _edge_schema(direct_resolvers: bool = True) -> strawberry.Schema:
    schema = _QuietSchema(query=EdgeQuery, execution_context_class=PlainFieldExecutor)
    if direct_resolvers:
        install_direct_resolvers(schema)
    return schema


LEAF = (
    'label size count fails later __typename labelSize padded(minWidth: 4) p2: padded(fill: "-", '
    "minWidth: 5) kind k2: kind(shape: SQUARE) picked(choice: 3)"
)
EDGE_QUERIES = [
    f"{{ good {{ leaf {{ {LEAF} }} maybeLeaf {{ label }} leaves {{ {LEAF} }} "
    f"maybeLeaves {{ label alias: size }} }} }}",
    f"{{ bad {{ leaf {{ {LEAF} }} }} }}",  # None on a non-null leaf nulls `bad`
    f"{{ bad {{ maybeLeaf {{ {LEAF} }} }} }}",  # a refused Int nulls maybeLeaf
    f"{{ bad {{ leaves {{ {LEAF} }} }} }}",  # an item's error fails the non-null list
    "{ bad { maybeLeaves { label } } }",  # ... and nulls a nullable one
    f"{{ badMaybe {{ leaf {{ {LEAF} }} maybeLeaf {{ label }} maybeLeaves {{ size later }} }} }}",
]


@pytest.mark.parametrize("query", EDGE_QUERIES)
def test_edge_cases_match_graphql_core(query: str) -> None:
    ours, stock = _both(_edge_schema, query, {}, lambda: None)
    assert ours == stock


def _object_type(schema: strawberry.Schema, name: str) -> GraphQLObjectType:
    object_type = schema._schema.get_type(name)
    assert isinstance(object_type, GraphQLObjectType)
    return object_type


def test_the_shortcut_covers_plain_fields_only() -> None:
    """Plans exist for attribute reads; resolvers and abstract types keep the full path."""
    schema = _edge_schema(direct_resolvers=False)
    plans = {
        f"{t.name}.{name}": field_plan(f)
        for t in (_object_type(schema, "Leaf"), _object_type(schema, "Holder"))
        for name, f in t.fields.items()
    }
    assert isinstance(plans["Leaf.label"], LeafPlan)
    assert isinstance(plans["Holder.leaves"], ObjectPlan)
    assert plans["Holder.leaves"].is_list
    assert plans["Leaf.fails"] is None
    assert plans["Leaf.later"] is None


def test_direct_resolvers_replace_wrappers_where_nothing_needs_them() -> None:
    """Plain resolvers are called directly; extensions or converted arguments keep the wrapper."""
    leaf_fields = _object_type(_edge_schema(), "Leaf").fields
    direct = {
        name for name, f in leaf_fields.items() if f.resolve.__module__ == "api.direct_resolvers"
    }
    assert direct == {"fails", "later", "padded", "labelSize"}  # not kind (enum), picked (Maybe)


def test_the_api_hot_fields_get_direct_resolvers(settings: Settings) -> None:
    """If a strawberry upgrade turned them off, entity pages would silently slow down."""
    relation = _object_type(build_schema(settings), "Relation")
    for name in ("subject", "object", "evidence"):
        assert getattr(relation.fields[name].resolve, "__module__", "") == "api.direct_resolvers"
