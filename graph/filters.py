"""Compile list queries (``EntityQuery``, ``RelationQuery``) into parameterised Cypher.

Every value a client supplies becomes a parameter named ``p0``, ``p1``, ... (plus
``skip`` and ``limit`` for the page window); labels and relationship types come
only from the ontology enums, through ``graph.identifiers`` (whitelisted,
backtick-quoted). The text runs unchanged on Neo4j 5 and FalkorDB:

- "has at least N relations of predicate P" and "sort by relation count" use the
  pattern comprehension ``size([(n)-[:P]->() | 1])``. FalkorDB refuses pattern
  comprehensions (and ``COUNT {}``/``exists()``) inside ``WHERE``, so the counts are
  projected first (``WITH n, size(...) AS c0``) and the filter tests ``c0``.
- Dates are ISO-8601 strings in both stores, so ranges compare as text.
- ``ORDER BY`` always ends with the identity (``n.id``; ``s.id, type(r), o.id``) so
  offset cursors (``graph.cursors``) walk a stable order.

Example:
    >>> from graph.models import EntityFilter, EntityQuery
    >>> page, count = build_entity_list(EntityQuery(where=EntityFilter(name_eq="Zhipu AI")))
    >>> page.parameters["p0"], page.parameters["limit"]
    ('Zhipu AI', 21)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.cursors import page_window
from graph.identifiers import ENTITY_LABEL, label, rel_type
from graph.models import (
    Direction,
    EntityFilter,
    EntityQuery,
    EntitySort,
    EntitySortField,
    RelationCountFilter,
    RelationFilter,
    RelationQuery,
    RelationSort,
    RelationSortField,
)
from graph.projections import entity_map, relation_map
from graph.statements import Statement
from schema import EntityType, Predicate

#: Map of an entity node ``n`` and of an edge ``(s)-[r]->(o)`` (``graph.projections``).
ENTITY_PROJECTION = entity_map("n")
RELATION_PROJECTION = relation_map("r")

_ENTITY_SORT_PROPERTY = {
    EntitySortField.NAME: "n.name",
    EntitySortField.FIRST_SEEN: "n.first_seen",
    EntitySortField.LAST_SEEN: "n.last_seen",
    EntitySortField.MENTION_COUNT: "n.mention_count",
}

_RELATION_SORT_PROPERTY = {
    RelationSortField.FIRST_SEEN: "r.first_seen",
    RelationSortField.LAST_SEEN: "r.last_seen",
    RelationSortField.CONFIDENCE: "r.confidence",
    RelationSortField.EVIDENCE_COUNT: "r.evidence_count",
}


def _rel_types(predicates: Iterable[Predicate]) -> str:
    """``A|B|C`` for a relationship pattern (all predicates when ``predicates`` is empty)."""
    chosen = list(dict.fromkeys(predicates)) or list(Predicate)
    return "|".join(rel_type(p) for p in chosen)


def _degree_pattern(node: str, predicate: Predicate | None, direction: Direction) -> str:
    """``size([...])`` counting the edges of ``node`` with ``predicate`` in ``direction``."""
    types = _rel_types([predicate] if predicate is not None else [])
    left, right = {
        Direction.OUT: ("-", "->"),
        Direction.IN: ("<-", "-"),
        Direction.BOTH: ("-", "-"),
    }[direction]
    return f"size([({node}){left}[:{types}]{right}() | 1])"


def _iso(value: date) -> str:
    return value.isoformat()


@dataclass
class _Compiler:
    """Collects parameters (``p0``, ``p1``, ...) and projected relation counts."""

    parameters: dict[str, Any] = field(default_factory=dict)
    counts: list[str] = field(default_factory=list)

    def param(self, value: Any) -> str:
        name = f"p{len(self.parameters)}"
        self.parameters[name] = value
        return f"${name}"

    def count_alias(self, expression: str) -> str:
        """Alias of a projected ``size([...])``; equal expressions share one alias."""
        if expression not in self.counts:
            self.counts.append(expression)
        return f"c{self.counts.index(expression)}"

    def seen_window(self, variable: str, where: EntityFilter | RelationFilter) -> list[str]:
        """``first_seen``/``last_seen`` bounds on ``variable`` (entities and edges alike)."""
        return [
            f"{variable}.{prop} {op} {self.param(_iso(bound))}"
            for prop, op, bound in (
                ("first_seen", ">=", where.first_seen_gte),
                ("first_seen", "<=", where.first_seen_lte),
                ("last_seen", ">=", where.last_seen_gte),
                ("last_seen", "<=", where.last_seen_lte),
            )
            if bound is not None
        ]

    # ------------------------------------------------------------ entities
    def entity(self, where: EntityFilter) -> str:
        parts: list[str] = []
        if where.id_in is not None:
            parts.append(f"n.id IN {self.param(list(where.id_in))}")
        if where.type_in is not None:
            parts.append(_any_label("n", where.type_in))
        if where.name_eq is not None:
            parts.append(f"n.name = {self.param(where.name_eq)}")
        if where.name_in is not None:
            parts.append(f"n.name IN {self.param(list(where.name_in))}")
        if where.name_contains is not None:
            parts.append(f"toLower(n.name) CONTAINS {self.param(where.name_contains.lower())}")
        if where.name_starts_with is not None:
            value = self.param(where.name_starts_with.lower())
            parts.append(f"toLower(n.name) STARTS WITH {value}")
        if where.alias_eq is not None:
            parts.append(f"{self.param(where.alias_eq)} IN n.aliases")
        if where.alias_in is not None:
            values = self.param(list(where.alias_in))
            parts.append(f"any(a IN n.aliases WHERE a IN {values})")
        if where.alias_contains is not None:
            value = self.param(where.alias_contains.lower())
            parts.append(f"any(a IN n.aliases WHERE toLower(a) CONTAINS {value})")
        if where.alias_starts_with is not None:
            value = self.param(where.alias_starts_with.lower())
            parts.append(f"any(a IN n.aliases WHERE toLower(a) STARTS WITH {value})")
        parts.extend(self.seen_window("n", where))
        if where.mention_count_gte is not None:
            parts.append(f"n.mention_count >= {self.param(where.mention_count_gte)}")
        parts.extend(self.relation_count(rc) for rc in where.relation_counts)
        parts.extend(self._combinators(where.and_, where.or_, where.not_, self.entity))
        return _conjunction(parts)

    def relation_count(self, rc: RelationCountFilter) -> str:
        alias = self.count_alias(_degree_pattern("n", rc.predicate, rc.direction))
        return f"{alias} >= {self.param(rc.at_least)}"

    # ------------------------------------------------------------ relations
    def relation(self, where: RelationFilter, *, skip_predicates: bool = False) -> str:
        parts: list[str] = []
        if where.predicate_in is not None and not skip_predicates:
            parts.append(f"type(r) IN {self.param([p.value for p in where.predicate_in])}")
        if where.subject_id_in is not None:
            parts.append(f"s.id IN {self.param(list(where.subject_id_in))}")
        if where.object_id_in is not None:
            parts.append(f"o.id IN {self.param(list(where.object_id_in))}")
        if where.either_id_in is not None:
            ids = self.param(list(where.either_id_in))
            parts.append(f"(s.id IN {ids} OR o.id IN {ids})")
        if where.subject_type_in is not None:
            parts.append(_any_label("s", where.subject_type_in))
        if where.object_type_in is not None:
            parts.append(_any_label("o", where.object_type_in))
        if where.min_confidence is not None:
            parts.append(f"r.confidence >= {self.param(where.min_confidence)}")
        parts.extend(self.seen_window("r", where))
        if where.min_evidence_count is not None:
            parts.append(f"r.evidence_count >= {self.param(where.min_evidence_count)}")
        parts.extend(self._combinators(where.and_, where.or_, where.not_, self.relation))
        return _conjunction(parts)

    @staticmethod
    def _combinators(
        and_: Sequence[Any], or_: Sequence[Any], not_: Any, compile_one: Any
    ) -> list[str]:
        parts = [compile_one(child) for child in and_]
        if or_:
            alternatives = [compile_one(child) for child in or_]
            parts.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
        if not_ is not None:
            parts.append(f"NOT ({compile_one(not_)})")
        return parts


def _any_label(variable: str, types: Sequence[EntityType]) -> str:
    if not types:
        return "false"
    return "(" + " OR ".join(f"{variable}:{label(t)}" for t in dict.fromkeys(types)) + ")"


def _conjunction(parts: list[str]) -> str:
    """AND of ``parts``; each is a comparison, a parenthesised OR, a NOT or an AND chain."""
    parts = [p for p in parts if p != "true"]
    return " AND ".join(parts) if parts else "true"


def _direction(descending: bool) -> str:
    return "DESC" if descending else "ASC"


def _entity_sort_keys(order_by: Sequence[EntitySort]) -> tuple[list[str], list[str]]:
    """``(projections, order terms)``: relation-count sorts are projected as ``s0``, ..."""
    projections: list[str] = []
    terms: list[str] = []
    for sort in order_by:
        if sort.field is EntitySortField.RELATION_COUNT:
            alias = f"s{len(projections)}"
            projections.append(f"{_degree_pattern('n', sort.predicate, sort.direction)} AS {alias}")
            terms.append(f"{alias} {_direction(sort.descending)}")
        else:
            terms.append(f"{_ENTITY_SORT_PROPERTY[sort.field]} {_direction(sort.descending)}")
    terms.append("n.id ASC")
    return projections, terms


def _page_and_count(
    kind: str,
    filtered: str,
    parameters: dict[str, Any],
    after: str | None,
    first: int,
    *,
    carry: str,
    terms: list[str],
    projection: str,
    counted: str,
) -> tuple[Statement, Statement]:
    """Page (``kind`` rows, ordered, ``$skip``/``$limit``) and count over ``filtered``.

    Entity and relation lists page the same way; the count takes only the filter's
    parameters, the page adds the window (``graph.cursors.page_window``).
    """
    skip, limit = page_window(after, first)
    page = (
        f"{filtered}\n{carry}\nORDER BY {', '.join(terms)}\nSKIP $skip LIMIT $limit\n"
        f"RETURN {projection} AS {kind}"
    )
    count = f"{filtered}\nRETURN count({counted}) AS total"
    return (
        Statement(f"{kind}_list_page", page, {**parameters, "skip": skip, "limit": limit}),
        Statement(f"{kind}_list_count", count, dict(parameters)),
    )


def build_entity_list(query: EntityQuery) -> tuple[Statement, Statement]:
    """Page statement (rows ``entity``: a map, ``ENTITY_PROJECTION``) and count (``total``).

    The page asks for ``first + 1`` rows: the extra row only tells that a next page exists.
    """
    compiler = _Compiler()
    where = compiler.entity(query.where) if query.where is not None else "true"
    labels = label(ENTITY_LABEL) + (f":{label(query.type)}" if query.type is not None else "")
    match = f"MATCH (n:{labels})"
    if compiler.counts:
        counted = ", ".join(f"{expr} AS c{i}" for i, expr in enumerate(compiler.counts))
        filtered = f"{match}\nWITH n, {counted}\nWHERE {where}"
    elif where != "true":
        filtered = f"{match}\nWHERE {where}"
    else:
        filtered = match
    projections, terms = _entity_sort_keys(query.order_by)
    with_sort = "WITH n" + "".join(f", {p}" for p in projections)
    return _page_and_count(
        "entity",
        filtered,
        compiler.parameters,
        query.after,
        query.first,
        carry=with_sort,
        terms=terms,
        projection=ENTITY_PROJECTION,
        counted="n",
    )


def _top_level_predicates(where: RelationFilter | None) -> tuple[Predicate, ...]:
    """Predicates every match must have (empty: no constraint, or an empty list given)."""
    if where is None or not where.predicate_in:
        return ()
    return where.predicate_in


def build_relation_list(query: RelationQuery) -> tuple[Statement, Statement]:
    """Page statement (rows ``relation``: a map, ``RELATION_PROJECTION``) and count (``total``).

    A top-level ``predicate_in`` narrows the relationship pattern itself
    (``[r:A|B]``), so each store can use its per-type edge storage.
    """
    compiler = _Compiler()
    predicates = _top_level_predicates(query.where)
    where = "true"
    if query.where is not None:
        where = compiler.relation(query.where, skip_predicates=bool(predicates))
    entity = label(ENTITY_LABEL)
    match = f"MATCH (s:{entity})-[r:{_rel_types(predicates)}]->(o:{entity})"
    filtered = f"{match}\nWHERE {where}" if where != "true" else match
    terms = [
        f"{_RELATION_SORT_PROPERTY[sort.field]} {_direction(sort.descending)}"
        for sort in query.order_by
    ] + ["s.id ASC", "type(r) ASC", "o.id ASC"]
    return _page_and_count(
        "relation",
        filtered,
        compiler.parameters,
        query.after,
        query.first,
        carry="WITH s, r, o",
        terms=terms,
        projection=RELATION_PROJECTION,
        counted="r",
    )


def _named(prefix: str, pair: tuple[Statement, Statement]) -> list[Statement]:
    page, count = pair
    return [
        Statement(f"{prefix}.page", page.cypher, page.parameters),
        Statement(f"{prefix}.count", count.cypher, count.parameters),
    ]


def _example_entity_queries() -> dict[str, EntityQuery]:
    day = date(2025, 1, 1)
    rc = RelationCountFilter(predicate=Predicate.RESTRICTS, direction=Direction.IN, at_least=2)
    leaves: dict[str, EntityFilter] = {
        "id_in": EntityFilter(id_in=("organization:zhipu-ai",)),
        "type_in": EntityFilter(type_in=(EntityType.ORGANIZATION, EntityType.CHIP)),
        "name_eq": EntityFilter(name_eq="Zhipu AI"),
        "name_in": EntityFilter(name_in=("Zhipu AI", "Nvidia")),
        "name_contains": EntityFilter(name_contains="zhi"),
        "name_starts_with": EntityFilter(name_starts_with="Zh"),
        "alias_eq": EntityFilter(alias_eq="Zhipu"),
        "alias_in": EntityFilter(alias_in=("Zhipu", "ZAI")),
        "alias_contains": EntityFilter(alias_contains="zhi"),
        "alias_starts_with": EntityFilter(alias_starts_with="Zh"),
        "first_seen_range": EntityFilter(first_seen_gte=day, first_seen_lte=day),
        "last_seen_range": EntityFilter(last_seen_gte=day, last_seen_lte=day),
        "mention_count_gte": EntityFilter(mention_count_gte=2),
        "relation_count": EntityFilter(relation_counts=(rc,)),
        "and": EntityFilter(and_=(EntityFilter(name_eq="a"), EntityFilter(alias_eq="b"))),
        "or": EntityFilter(or_=(EntityFilter(name_eq="a"), EntityFilter(relation_counts=(rc,)))),
        "not": EntityFilter(not_=EntityFilter(relation_counts=(rc,))),
    }
    queries = {f"entity_list.{k}": EntityQuery(where=v) for k, v in leaves.items()}
    queries["entity_list.type"] = EntityQuery(type=EntityType.COUNTRY)
    for sort_field in EntitySortField:
        queries[f"entity_list.sort_{sort_field.value.lower()}"] = EntityQuery(
            order_by=(EntitySort(field=sort_field, descending=True),)
        )
    for direction in Direction:
        queries[f"entity_list.sort_relation_count_{direction.value.lower()}"] = EntityQuery(
            order_by=(
                EntitySort(
                    field=EntitySortField.RELATION_COUNT,
                    predicate=Predicate.RESTRICTS,
                    direction=direction,
                    descending=True,
                ),
                EntitySort(field=EntitySortField.NAME),
            ),
            after="bzE6MjA",
        )
    return queries


def _example_relation_queries() -> dict[str, RelationQuery]:
    day = date(2025, 1, 1)
    leaves: dict[str, RelationFilter] = {
        "predicate_in": RelationFilter(predicate_in=(Predicate.RESTRICTS, Predicate.USES)),
        "subject_id_in": RelationFilter(subject_id_in=("country:china",)),
        "object_id_in": RelationFilter(object_id_in=("organization:zhipu-ai",)),
        "either_id_in": RelationFilter(either_id_in=("organization:zhipu-ai",)),
        "subject_type_in": RelationFilter(subject_type_in=(EntityType.COUNTRY,)),
        "object_type_in": RelationFilter(object_type_in=(EntityType.CHIP,)),
        "min_confidence": RelationFilter(min_confidence=0.5),
        "first_seen_range": RelationFilter(first_seen_gte=day, first_seen_lte=day),
        "last_seen_range": RelationFilter(last_seen_gte=day, last_seen_lte=day),
        "min_evidence_count": RelationFilter(min_evidence_count=2),
        "and": RelationFilter(
            and_=(RelationFilter(min_confidence=0.5), RelationFilter(min_evidence_count=2))
        ),
        "or": RelationFilter(
            or_=(
                RelationFilter(predicate_in=(Predicate.USES,)),
                RelationFilter(subject_type_in=(EntityType.COUNTRY,)),
            )
        ),
        "not": RelationFilter(not_=RelationFilter(predicate_in=(Predicate.USES,))),
    }
    queries = {f"relation_list.{k}": RelationQuery(where=v) for k, v in leaves.items()}
    for sort_field in RelationSortField:
        queries[f"relation_list.sort_{sort_field.value.lower()}"] = RelationQuery(
            order_by=(RelationSort(field=sort_field, descending=True),), after="bzE6MjA"
        )
    return queries


def example_statements() -> list[Statement]:
    """One page and one count statement per filter leaf, combinator and sort kind.

    ``graph.queries.all_statements`` includes these so the Cypher linter checks every
    shape the compilers can produce.
    """
    statements: list[Statement] = []
    for name, entity_query in _example_entity_queries().items():
        statements += _named(name, build_entity_list(entity_query))
    for name, relation_query in _example_relation_queries().items():
        statements += _named(name, build_relation_list(relation_query))
    return statements


__all__ = [
    "ENTITY_PROJECTION",
    "RELATION_PROJECTION",
    "build_entity_list",
    "build_relation_list",
    "example_statements",
]
