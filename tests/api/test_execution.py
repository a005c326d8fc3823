"""Our execution path answers exactly what strawberry's and graphql-core's answer.

Each query runs twice on the same schema and data, once with our executor
(``api.execution.PlannedExecutor``) and direct resolvers (``api.direct_resolvers``),
once with strawberry's stock executor and resolver wrappers; data (with its field
order), error messages and error paths must be equal, and the queries that should take
the planned path must take it. Part one uses the API on the seeded store; part two a
small schema built to leave the plan in every way (None on non-null fields, values a
scalar refuses, failing and async fields inside objects and lists, directives that
read variables, abstract types).
"""

from __future__ import annotations

import asyncio
import gc
import json
from enum import Enum
from typing import Any, ClassVar

import pytest
import strawberry
from graphql import DocumentNode, GraphQLObjectType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.context import Context
from api.direct_resolvers import install_direct_resolvers
from api.document_cache import ParseCache, QueryTextCache
from api.execution import PlannedExecutor
from api.schema import build_schema
from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore

from .api_seed import eid

Outcome = tuple[str, list[tuple[str, list[str | int] | None]]]


class RecordingExecutor(PlannedExecutor):
    """Records whether each response came from the plan."""

    taken: ClassVar[list[bool]] = []

    def build_response(self, data: dict[str, Any] | None) -> Any:
        self.taken.append(self.planned)
        return super().build_response(data)


def _run(schema: strawberry.Schema, query: str, variables: dict[str, Any], context: Any) -> Outcome:
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value=context))
    errors = [(error.message, error.path) for error in result.errors or []]
    return json.dumps(result.data), sorted(errors, key=repr)


def _both(
    build: Any, query: str, variables: dict[str, Any], context: Any
) -> tuple[Outcome, Outcome, bool]:
    """The outcome with our execution and with the stock one (fresh schemas, same data),
    and whether ours came from the plan.

    ``build(direct_resolvers)`` makes a schema with or without direct resolvers.
    """
    ours: strawberry.Schema = build(True)
    stock: strawberry.Schema = build(False)
    assert ours.execution_context_class is PlannedExecutor
    ours.execution_context_class = RecordingExecutor
    stock.execution_context_class = StrawberryGraphQLCoreExecutionContext
    RecordingExecutor.taken.clear()
    outcome = _run(ours, query, variables, context())
    assert len(RecordingExecutor.taken) == 1
    return outcome, _run(stock, query, variables, context()), RecordingExecutor.taken[0]


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
    ours, stock, planned = _both(
        lambda direct: build_schema(settings, direct_resolvers=direct),
        query,
        variables,
        lambda: Context(store=seeded_store, settings=settings, api_key=None),
    )
    assert ours == stock
    assert ours[0] != "null" or ours[1]  # the query did something
    # every answer without an error comes from the plan; errors are graphql-core's
    assert planned == (not ours[1])


# ---------------------------------------------------------------- a schema of edge cases


@strawberry.enum
class Shape(Enum):
    ROUND = "round"
    SQUARE = "square"


def _size_of(root: Leaf) -> int:
    return len(root.label)


@strawberry.interface
class Named:
    label: str


@strawberry.type
class Leaf(Named):
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
class Tag(Named):
    weight: float


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


async def _later(value: Any) -> Any:
    await asyncio.sleep(0)
    return value


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

    @strawberry.field
    def named(self) -> list[Named]:
        return [Tag(label="t", weight=0.5), Leaf(label="l", size=2)]  # type: ignore[list-item]

    @strawberry.field
    async def later_named(self) -> Named | None:
        await asyncio.sleep(0)
        return Tag(label="u", weight=1.5)

    @strawberry.field
    def stray(self) -> Named | None:
        return Holder(leaf=None, maybe_leaf=None, leaves=[], maybe_leaves=None)  # type: ignore[arg-type, return-value]

    @strawberry.field
    def awaited_items(self) -> list[str]:
        return [_later("x"), "y", _later("z")]  # type: ignore[list-item]

    @strawberry.field
    def generated(self) -> list[int]:
        return (i * i for i in range(3))  # type: ignore[return-value]


class _QuietSchema(strawberry.Schema):
    """Errors are the point of these queries: do not log them."""

    def process_errors(self, errors: Any, execution_context: Any = None) -> None:  # noqa: ARG002
        return None


def _edge_schema(direct_resolvers: bool = True) -> strawberry.Schema:
    """The edge-case schema; parsed documents are reused, as in the API, so plans are too."""
    documents: QueryTextCache[DocumentNode] = QueryTextCache()
    schema = _QuietSchema(
        query=EdgeQuery,
        types=[Tag, Leaf],
        extensions=[lambda: ParseCache(documents)],
        execution_context_class=PlannedExecutor,
    )
    if direct_resolvers:
        install_direct_resolvers(schema)
    return schema


LEAF = (
    "label size count later __typename labelSize padded(minWidth: 4) "
    'p2: padded(fill: "-", minWidth: 5) kind k2: kind(shape: SQUARE) picked(choice: 3)'
)
NAMED = "__typename label ... on Tag { weight } ... on Leaf { size later }"
#: (query, whether it stays on the plan)
EDGE_QUERIES = [
    (
        f"{{ good {{ leaf {{ {LEAF} }} maybeLeaf {{ label }} leaves {{ {LEAF} }} "
        f"maybeLeaves {{ label alias: size }} }} }}",
        True,
    ),
    (f"{{ named {{ {NAMED} }} laterNamed {{ {NAMED} }} }}", True),
    ("{ awaitedItems generated good { leaves { later label } } }", True),
    (f"{{ good {{ leaf {{ {LEAF} fails }} }} }}", False),  # a resolver raises
    (f"{{ bad {{ leaf {{ {LEAF} }} }} }}", False),  # None on a non-null leaf nulls `bad`
    (f"{{ bad {{ maybeLeaf {{ {LEAF} }} }} }}", False),  # a refused Int nulls maybeLeaf
    (f"{{ bad {{ leaves {{ {LEAF} }} }} }}", False),  # an item's error fails the non-null list
    ("{ bad { maybeLeaves { label } } }", False),  # ... and nulls a nullable one
    (
        f"{{ badMaybe {{ leaf {{ {LEAF} }} maybeLeaf {{ label }} "
        "maybeLeaves { size later } } }",
        False,
    ),
    ("{ named { label } stray { label } }", False),  # not a possible type of Named
]


@pytest.mark.parametrize(("query", "planned"), EDGE_QUERIES)
def test_edge_cases_match_graphql_core(query: str, planned: bool) -> None:
    ours, stock, taken = _both(_edge_schema, query, {}, lambda: None)
    assert ours == stock
    assert taken is planned


def test_directives_reading_variables_plan_per_value() -> None:
    """One operation, run with either value of its @skip variable on the same schema."""
    query = (
        "query($s: Boolean!, $n: Int!) { good { leaf { label size @skip(if: $s) "
        "padded(minWidth: $n) } leaves @include(if: $s) { label } } }"
    )
    ours, stock = _edge_schema(), _edge_schema(direct_resolvers=False)
    stock.execution_context_class = StrawberryGraphQLCoreExecutionContext
    for skip, width in ((True, 2), (False, 3), (True, 4)):
        variables = {"s": skip, "n": width}
        assert _run(ours, query, variables, None) == _run(stock, query, variables, None)
    assert "size" not in _run(ours, query, {"s": True, "n": 1}, None)[0]
    assert "size" in _run(ours, query, {"s": False, "n": 1}, None)[0]


def _object_type(schema: strawberry.Schema, name: str) -> GraphQLObjectType:
    object_type = schema._schema.get_type(name)
    assert isinstance(object_type, GraphQLObjectType)
    return object_type


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


def test_plans_live_only_as_long_as_their_cached_documents(settings: Settings) -> None:
    """Distinct query texts keep no plan beyond the parsed-document cache's bound."""
    from api import execution

    schema = build_schema(settings)

    async def many() -> None:
        for i in range(600):
            result = await schema.execute(f"{{ __typename a{i}: __typename }}")
            assert not result.errors

    asyncio.run(many())
    gc.collect()
    kept = [plan for plan in execution._PLANS.values() if plan.schema is schema._schema]
    assert 0 < len(kept) <= 512
