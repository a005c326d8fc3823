"""Query builders, identifiers, cursors and write planning, without a server."""

from __future__ import annotations

import re

import pytest

from frontierkg.errors import BadCursorError, InvalidBatchError, OntologyError
from graph.cursors import decode_offset, encode_offset
from graph.dialect import fulltext_query, search_tokens, shortest_paths_statement
from graph.identifiers import label, rel_type
from graph.models import EntityUpsert, GraphBatch
from graph.queries import all_statements, compose, upsert_entities, upsert_relations
from graph.write_plan import StoredState, plan_batch, preferred_name
from schema import EntityType, Predicate

from .graph_store_samples import ZHIPU, article, entity, evidence, relation, sample_batch

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@pytest.mark.parametrize("dialect", ["neo4j", "falkordb"])
def test_every_statement_declares_the_parameters_it_uses(dialect: str) -> None:
    statements = all_statements(dialect)  # type: ignore[arg-type]
    names = [s.name for s in statements]
    assert len(names) == len(set(names)), "statement names must be unique"
    for statement in statements:
        used = set(_PARAM.findall(statement.cypher))
        assert used <= set(statement.parameters), (statement.name, used)


def test_all_statements_expand_every_type_and_predicate() -> None:
    names = {s.name for s in all_statements("neo4j")}
    assert {f"upsert_entities_{t.value}" for t in EntityType} <= names
    assert {f"upsert_relations_{p.value}" for p in Predicate} <= names
    assert {"schema_fulltext", "search", "shortest_paths_1", "shortest_paths_6"} <= names
    assert any(n.startswith("entity_list") for n in names)  # graph.filters examples
    neo4j_text = "\n".join(s.cypher for s in all_statements("neo4j"))
    assert "algo.SPpaths" not in neo4j_text and "db.idx.fulltext" not in neo4j_text
    falkor_text = "\n".join(s.cypher for s in all_statements("falkordb"))
    assert "allShortestPaths" not in falkor_text and "IF NOT EXISTS" not in falkor_text


def test_labels_and_types_come_only_from_the_ontology() -> None:
    assert label(EntityType.AI_MODEL) == "`AIModel`"
    assert rel_type("MENTIONS") == "`MENTIONS`"
    for bad in ["Organization`) DETACH DELETE (n", "Person:Admin", "organization", ""]:
        with pytest.raises(OntologyError):
            label(bad)
    with pytest.raises(OntologyError):
        rel_type("KNOWS")
    assert "MERGE (s)-[r:`USES`]->(o)" in upsert_relations(Predicate.USES).cypher
    assert "MERGE (n:`Entity`:`Chip` {id: row.id})" in upsert_entities(EntityType.CHIP).cypher


def test_compose_gives_each_segment_its_own_rows() -> None:
    a, b = upsert_relations(Predicate.USES), upsert_relations(Predicate.LEADS)
    composed = compose([(a, [{"x": 1}]), (b, [])])
    assert composed.parameters == {"rows_0": [{"x": 1}], "rows_1": []}
    assert "$rows_0" in composed.cypher and "$rows_1" in composed.cypher
    assert "$rows " not in composed.cypher and "$rows\n" not in composed.cypher
    assert composed.cypher.count("WITH count(*) AS done_") == 2


def test_fulltext_query_needs_no_escaping() -> None:
    assert search_tokens("GLM-4.5 (Zhipu) GLM") == ["glm", "4", "5", "zhipu"]
    assert fulltext_query("neo4j", "Zhipu AI") == "+(zhipu* OR zhipu~1) +ai*"
    assert fulltext_query("neo4j", "Zhipu AI", match_all=False) == "(zhipu* OR zhipu~1) OR ai*"
    assert fulltext_query("falkordb", "Zhipu AI") == "(zhipu*|%zhipu%) ai*"
    assert fulltext_query("falkordb", "Zhipu AI", match_all=False) == "(zhipu*|%zhipu%) | ai*"
    assert fulltext_query("falkordb", "x") == "x"
    assert fulltext_query("neo4j", "*** ~~ ") == ""


def test_shortest_path_length_is_bounded() -> None:
    assert "*1..3]" in shortest_paths_statement("neo4j", 3).cypher
    with pytest.raises(ValueError):
        shortest_paths_statement("neo4j", 0)


def test_cursors_round_trip_and_reject_garbage() -> None:
    assert decode_offset(encode_offset(0)) == 0
    assert decode_offset(encode_offset(12345)) == 12345
    assert decode_offset(None) == 0
    for bad in ["abc", "bzE6LTE", encode_offset(5) + "!", "o1:5", "=" * 8]:
        with pytest.raises(BadCursorError, match="end_cursor"):
            decode_offset(bad)


def test_preferred_name_is_order_independent() -> None:
    assert preferred_name("Zhipu AI", "Zhipu") == preferred_name("Zhipu", "Zhipu AI") == "Zhipu AI"
    assert preferred_name("zhipu ai", "Zhipu AI") == preferred_name("Zhipu AI", "zhipu ai")


def test_plan_merges_duplicate_items_within_a_batch() -> None:
    again = EntityUpsert(id=ZHIPU.id, type=ZHIPU.type, name="Zhipu AI", aliases=("GLM maker",))
    batch = GraphBatch(entities=(ZHIPU, again))
    plan = plan_batch(batch, StoredState({}, frozenset()), replace=False)
    rows = next(s.rows for s in plan.segments if s.statement.name.endswith("Organization"))
    assert rows == [
        {
            "id": ZHIPU.id,
            "type": "Organization",
            "name": "Zhipu AI",
            "aliases": ["GLM maker", "Z.ai", "Zhipu"],
        }
    ]
    assert plan.summary.entities == 1


def test_plan_rejects_a_type_clash_with_the_stored_entity() -> None:
    with pytest.raises(InvalidBatchError, match="stored as Country"):
        plan_batch(
            GraphBatch(entities=(ZHIPU,)),
            StoredState({ZHIPU.id: EntityType.COUNTRY}, frozenset()),
            replace=False,
        )


def test_plan_accepts_references_to_stored_entities_and_articles() -> None:
    other = entity(EntityType.COUNTRY, "China")
    batch = GraphBatch(relations=(relation(ZHIPU, Predicate.BASED_IN, other, evidence("old")),))
    stored = StoredState(
        {ZHIPU.id: EntityType.ORGANIZATION, other.id: EntityType.COUNTRY}, frozenset({"old"})
    )
    plan = plan_batch(batch, stored, replace=False)
    assert plan.summary.relations == 1 and plan.summary.evidence == 1
    # the same segment list for every batch, so FalkorDB can cache the composed query
    full = plan_batch(sample_batch(), StoredState({}, frozenset({"a1", "a2"})), replace=False)
    assert [s.statement.name for s in plan.segments] == [s.statement.name for s in full.segments]
    assert article("x").id == "x"
