"""Unit tests of the list-query compilers: exact Cypher text and parameters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontierkg.errors import BadCursorError
from graph.cursors import encode_offset
from graph.filters import (
    ENTITY_PROJECTION,
    RELATION_PROJECTION,
    build_entity_list,
    build_relation_list,
    example_statements,
)
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
from schema import EntityType, Predicate

ALL_TYPES = "|".join(f"`{p.value}`" for p in Predicate)


def test_unfiltered_entity_list_is_a_plain_page() -> None:
    page, count = build_entity_list(EntityQuery(first=5))
    assert page.cypher == (
        "MATCH (n:`Entity`)\nWITH n\nORDER BY n.id ASC\nSKIP $skip LIMIT $limit\n"
        f"RETURN {ENTITY_PROJECTION} AS entity"
    )
    assert page.parameters == {"skip": 0, "limit": 6}
    assert count.cypher == "MATCH (n:`Entity`)\nRETURN count(n) AS total"
    assert count.parameters == {}


def test_type_and_leaves_become_labels_and_numbered_parameters() -> None:
    query = EntityQuery(
        type=EntityType.ORGANIZATION,
        where=EntityFilter(
            name_contains="ZhiPu",
            alias_eq="Zhipu",
            first_seen_gte=date(2025, 1, 1),
            type_in=(EntityType.ORGANIZATION, EntityType.CHIP),
        ),
        first=10,
        after=encode_offset(10),
    )
    page, count = build_entity_list(query)
    expected_where = (
        "WHERE (n:`Organization` OR n:`Chip`) AND toLower(n.name) CONTAINS $p0 "
        "AND $p1 IN n.aliases AND n.first_seen >= $p2"
    )
    assert page.cypher.startswith("MATCH (n:`Entity`:`Organization`)\n" + expected_where + "\n")
    assert page.parameters == {
        "p0": "zhipu",
        "p1": "Zhipu",
        "p2": "2025-01-01",
        "skip": 10,
        "limit": 11,
    }
    assert count.parameters == {"p0": "zhipu", "p1": "Zhipu", "p2": "2025-01-01"}
    assert expected_where in count.cypher


def test_or_and_not_nest_with_parentheses() -> None:
    where = EntityFilter(
        or_=(EntityFilter(name_eq="a"), EntityFilter(name_starts_with="B")),
        not_=EntityFilter(alias_contains="X"),
    )
    page, _ = build_entity_list(EntityQuery(where=where))
    assert (
        "WHERE ((n.name = $p0) OR (toLower(n.name) STARTS WITH $p1)) AND "
        "NOT (any(a IN n.aliases WHERE toLower(a) CONTAINS $p2))"
    ) in page.cypher
    assert {k: page.parameters[k] for k in ("p0", "p1", "p2")} == {
        "p0": "a",
        "p1": "b",
        "p2": "x",
    }


def test_relation_count_filter_is_projected_before_where() -> None:
    rc = RelationCountFilter(predicate=Predicate.RESTRICTS, direction=Direction.IN, at_least=3)
    where = EntityFilter(or_=(EntityFilter(relation_counts=(rc,)), EntityFilter(name_eq="x")))
    page, count = build_entity_list(EntityQuery(where=where))
    head = (
        "MATCH (n:`Entity`)\nWITH n, size([(n)<-[:`RESTRICTS`]-() | 1]) AS c0\n"
        "WHERE ((c0 >= $p0) OR (n.name = $p1))"
    )
    assert page.cypher.startswith(head)
    assert count.cypher == head + "\nRETURN count(n) AS total"
    assert count.parameters == {"p0": 3, "p1": "x"}


def test_same_relation_count_shares_one_projection() -> None:
    rc = RelationCountFilter(predicate=Predicate.USES, direction=Direction.OUT, at_least=1)
    where = EntityFilter(relation_counts=(rc,), not_=EntityFilter(relation_counts=(rc,)))
    page, _ = build_entity_list(EntityQuery(where=where))
    assert page.cypher.count("size([(n)-[:`USES`]->() | 1])") == 1
    assert "WHERE c0 >= $p0 AND NOT (c0 >= $p1)" in page.cypher


def test_sort_by_relation_count_per_predicate_and_direction() -> None:
    query = EntityQuery(
        order_by=(
            EntitySort(
                field=EntitySortField.RELATION_COUNT,
                predicate=Predicate.RESTRICTS,
                direction=Direction.IN,
                descending=True,
            ),
            EntitySort(field=EntitySortField.RELATION_COUNT),
            EntitySort(field=EntitySortField.NAME),
        )
    )
    page, count = build_entity_list(query)
    assert (
        "WITH n, size([(n)<-[:`RESTRICTS`]-() | 1]) AS s0, "
        f"size([(n)-[:{ALL_TYPES}]-() | 1]) AS s1\n"
        "ORDER BY s0 DESC, s1 ASC, n.name ASC, n.id ASC\n"
    ) in page.cypher
    assert "ORDER BY" not in count.cypher


def test_relation_list_top_level_predicates_narrow_the_pattern() -> None:
    query = RelationQuery(
        where=RelationFilter(
            predicate_in=(Predicate.RESTRICTS,),
            subject_type_in=(EntityType.COUNTRY, EntityType.GOVERNMENT_BODY),
            either_id_in=("organization:zhipu-ai",),
            min_confidence=0.5,
        ),
        order_by=(RelationSort(field=RelationSortField.CONFIDENCE, descending=True),),
        first=3,
    )
    page, count = build_relation_list(query)
    assert page.cypher == (
        "MATCH (s:`Entity`)-[r:`RESTRICTS`]->(o:`Entity`)\n"
        "WHERE (s.id IN $p0 OR o.id IN $p0) AND (s:`Country` OR s:`GovernmentBody`) "
        "AND r.confidence >= $p1\n"
        "WITH s, r, o\nORDER BY r.confidence DESC, s.id ASC, type(r) ASC, o.id ASC\n"
        f"SKIP $skip LIMIT $limit\nRETURN {RELATION_PROJECTION} AS relation"
    )
    assert page.parameters == {
        "p0": ["organization:zhipu-ai"],
        "p1": 0.5,
        "skip": 0,
        "limit": 4,
    }
    assert count.cypher.endswith("RETURN count(r) AS total")


def test_nested_predicates_stay_parameters_and_all_types_are_matched() -> None:
    where = RelationFilter(not_=RelationFilter(predicate_in=(Predicate.USES,)))
    page, _ = build_relation_list(RelationQuery(where=where))
    assert page.cypher.startswith(
        f"MATCH (s:`Entity`)-[r:{ALL_TYPES}]->(o:`Entity`)\nWHERE NOT (type(r) IN $p0)\n"
    )
    assert page.parameters["p0"] == ["USES"]


def test_empty_predicate_list_matches_nothing() -> None:
    page, _ = build_relation_list(RelationQuery(where=RelationFilter(predicate_in=())))
    assert "\nWHERE type(r) IN $p0\n" in page.cypher
    assert page.parameters["p0"] == []


def test_hostile_text_only_reaches_parameters() -> None:
    hostile = "x') RETURN 1 UNION MATCH (n) DETACH DELETE n //`"
    page, count = build_entity_list(
        EntityQuery(where=EntityFilter(name_eq=hostile, id_in=(hostile,), alias_eq=hostile))
    )
    for statement in (page, count):
        assert "DETACH" not in statement.cypher
        assert hostile in statement.parameters.values()


def test_bad_cursor_is_a_user_error() -> None:
    with pytest.raises(BadCursorError, match="invalid page cursor"):
        build_entity_list(EntityQuery(after="not-a-cursor"))


def test_examples_cover_every_leaf_combinator_and_sort() -> None:
    names = {s.name for s in example_statements()}
    for field in EntityFilter.model_fields:
        key = {"and_": "and", "or_": "or", "not_": "not", "relation_counts": "relation_count"}
        key.update(
            first_seen_gte="first_seen_range",
            first_seen_lte="first_seen_range",
            last_seen_gte="last_seen_range",
            last_seen_lte="last_seen_range",
        )
        assert f"entity_list.{key.get(field, field)}.page" in names
    for field in RelationFilter.model_fields:
        key = {"and_": "and", "or_": "or", "not_": "not"}
        key.update(
            first_seen_gte="first_seen_range",
            first_seen_lte="first_seen_range",
            last_seen_gte="last_seen_range",
            last_seen_lte="last_seen_range",
        )
        assert f"relation_list.{key.get(field, field)}.count" in names
    for sort in EntitySortField:
        assert f"entity_list.sort_{sort.value.lower()}.page" in names
    for rsort in RelationSortField:
        assert f"relation_list.sort_{rsort.value.lower()}.page" in names
    for statement in example_statements():
        placeholders = {
            token[1:].rstrip(")],") for token in statement.cypher.split() if token.startswith("$")
        }
        assert placeholders <= set(statement.parameters), statement.name


@pytest.mark.slow
def test_every_example_statement_runs_on_falkordb(tmp_path: Path) -> None:
    """FalkorDB accepts every shape the compilers produce (Neo4j's linter checks the rest)."""
    from frontierkg.settings import load_settings
    from graph.falkordb_store import EmbeddedStore
    from graph.models import EntityUpsert, GraphBatch

    store = EmbeddedStore(load_settings(data_dir=tmp_path), graph_name="filters_check")
    try:
        store.upsert(
            GraphBatch(
                entities=(
                    EntityUpsert(
                        id="organization:zhipu-ai",
                        type=EntityType.ORGANIZATION,
                        name="Zhipu AI",
                        aliases=("Zhipu",),
                    ),
                )
            )
        )
        graph = store.server.client().select_graph("filters_check")
        for statement in example_statements():
            graph.query(statement.cypher, statement.parameters)
        page, _ = build_entity_list(EntityQuery(where=EntityFilter(alias_eq="Zhipu")))
        rows = graph.query(page.cypher, page.parameters).result_set
        assert [row[0]["id"] for row in rows] == ["organization:zhipu-ai"]
    finally:
        store.close()
