"""Scoring per GUIDELINES "Scoring": normalised name/alias match, types, symmetry, micro-average."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontierkg.errors import IngestInputError
from ingest.evaluation import (
    ArticleRecord,
    EntityRecord,
    RelationRecord,
    evaluate,
    load_gold,
    max_matching,
    score_article,
)


def ent(name: str, type_: str = "Organization", *aliases: str) -> EntityRecord:
    return EntityRecord(name=name, type=type_, aliases=list(aliases))


def rel(subject: str, predicate: str, obj: str) -> RelationRecord:
    return RelationRecord(subject=subject, predicate=predicate, object=obj)


def test_entity_matches_on_any_alias_after_normalisation() -> None:
    gold = ArticleRecord(id="a", entities=[ent("Zhipu AI", "Organization", "Z.ai")])
    predicted = ArticleRecord(id="a", entities=[ent("zhipu", "Organization", "Z AI")])
    score = score_article(gold, predicted)
    assert (score.entities.tp, score.entities.fp, score.entities.fn) == (1, 0, 0)


def test_entity_with_wrong_type_is_a_false_positive_and_a_miss() -> None:
    gold = ArticleRecord(id="a", entities=[ent("DeepSeek", "AIModel")])
    predicted = ArticleRecord(id="a", entities=[ent("DeepSeek", "Organization")])
    score = score_article(gold, predicted)
    assert (score.entities.tp, score.entities.fp, score.entities.fn) == (0, 1, 1)
    assert score.missed_entities == ["DeepSeek (AIModel)"]
    assert score.false_entities == ["DeepSeek (Organization)"]


def test_each_gold_entity_is_matched_once() -> None:
    gold = ArticleRecord(id="a", entities=[ent("Jensen Huang", "Person", "Huang")])
    predicted = ArticleRecord(
        id="a", entities=[ent("Jensen Huang", "Person"), ent("Huang", "Person")]
    )
    score = score_article(gold, predicted)
    assert (score.entities.tp, score.entities.fp, score.entities.fn) == (1, 1, 0)


def test_matching_is_maximal_not_greedy() -> None:
    # predicted 0 could take gold 0 or 1; predicted 1 only gold 0: both must be matched
    owner = max_matching(2, 2, lambda p, g: (p, g) in {(0, 0), (0, 1), (1, 0)})
    assert sorted(owner) == [0, 1]


def test_relation_ends_match_through_aliases_and_types() -> None:
    gold = ArticleRecord(
        id="a",
        entities=[ent("United States", "Country", "US"), ent("Zhipu AI", "Organization", "Zhipu")],
        relations=[rel("United States", "RESTRICTS", "Zhipu AI")],
    )
    predicted = ArticleRecord(
        id="a",
        entities=[ent("US", "Country"), ent("Zhipu", "Organization")],
        relations=[rel("US", "RESTRICTS", "Zhipu"), rel("US", "ENACTS", "Zhipu")],
    )
    score = score_article(gold, predicted)
    assert (score.relations.tp, score.relations.fp, score.relations.fn) == (1, 1, 0)
    assert score.per_predicate["RESTRICTS"].tp == 1
    assert score.per_predicate["ENACTS"].fp == 1
    assert score.false_relations == ["US -ENACTS-> Zhipu"]


def test_symmetric_predicates_match_in_either_direction_only() -> None:
    entities = [ent("OpenAI"), ent("Anthropic")]
    gold = ArticleRecord(
        id="a",
        entities=entities,
        relations=[
            rel("OpenAI", "COMPETES_WITH", "Anthropic"),
            rel("OpenAI", "INVESTS_IN", "Anthropic"),
        ],
    )
    predicted = ArticleRecord(
        id="a",
        entities=entities,
        relations=[
            rel("Anthropic", "COMPETES_WITH", "OpenAI"),
            rel("Anthropic", "INVESTS_IN", "OpenAI"),
        ],
    )
    score = score_article(gold, predicted)
    assert score.per_predicate["COMPETES_WITH"].tp == 1
    assert score.per_predicate["INVESTS_IN"].tp == 0
    assert score.per_predicate["INVESTS_IN"].fn == 1 and score.per_predicate["INVESTS_IN"].fp == 1


def test_duplicate_predicted_triples_count_once() -> None:
    entities = [ent("Nvidia"), ent("H20", "Chip")]
    gold = ArticleRecord(id="a", entities=entities, relations=[rel("Nvidia", "DEVELOPS", "H20")])
    predicted = ArticleRecord(
        id="a", entities=entities, relations=[rel("Nvidia", "DEVELOPS", "H20")] * 2
    )
    assert score_article(gold, predicted).relations.fp == 0


def test_micro_average_sums_counts_over_articles() -> None:
    gold = [
        ArticleRecord(id="a", entities=[ent("A"), ent("B"), ent("C")]),
        ArticleRecord(id="b", entities=[ent("D")]),
    ]
    predicted = {
        "a": ArticleRecord(id="a", entities=[ent("A"), ent("B"), ent("C")]),
        # article b missing entirely: its gold entity is a miss
    }
    report = evaluate(gold, predicted)
    assert (report.entities.tp, report.entities.fp, report.entities.fn) == (3, 0, 1)
    assert report.entities.precision == 1.0
    assert report.entities.recall == pytest.approx(0.75)
    assert report.entities.f1 == pytest.approx(2 * 0.75 / 1.75)
    assert report.summary()["per_article"][1]["missed_entities"] == ["D (Organization)"]


def test_load_gold_reads_files_and_names_a_bad_one(tmp_path: Path) -> None:
    good = {"id": "x", "text": "Nvidia.", "entities": [{"name": "Nvidia", "type": "Organization",
            "aliases": []}], "relations": []}  # fmt: skip
    (tmp_path / "a.json").write_text(json.dumps(good), encoding="utf-8")
    assert [g.id for g in load_gold(tmp_path)] == ["x"]
    (tmp_path / "b.json").write_text('{"id": "y"}', encoding="utf-8")
    with pytest.raises(IngestInputError, match=r"b\.json"):
        load_gold(tmp_path)


def test_load_gold_rejects_an_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestInputError, match="no \\*.json gold files"):
        load_gold(tmp_path)
