"""The Bloom perspective: what a Bloom user sees after importing ``frontierkg export bloom``.

The search phrases' Cypher is linted with every other statement in ``test_statements_lint``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from graph.bloom import SEARCH_PHRASES, perspective
from schema import EntityType, Predicate

REQUIRED_PHRASES = [
    "Who restricts $entity",
    "Models released by $lab",
    "Chips used by $lab",
    "Path from $a to $b",
    "What is on $list",
    "Investors in $org",
    "Everything from $article",
]


def _categories() -> dict[str, dict[str, object]]:
    return {c["name"]: c for c in perspective(created_at_ms=0)["categories"]}


def test_one_category_per_entity_type_with_distinct_colour_and_icon() -> None:
    categories = _categories()
    entity_categories = [categories[t.value] for t in EntityType]

    assert [c["labels"] for c in entity_categories] == [[t.value] for t in EntityType]
    assert len({c["color"] for c in entity_categories}) == len(EntityType)
    assert len({c["icon"] for c in entity_categories}) == len(EntityType)
    for category in entity_categories:
        assert re.fullmatch(r"#[0-9A-F]{6}", str(category["color"]))
        assert category["icon"] != "no-icon"


def test_entities_are_captioned_by_name_and_show_their_aliases() -> None:
    for entity_type in EntityType:
        category = _categories()[entity_type.value]
        properties = {p["name"]: p for p in category["properties"]}  # type: ignore[attr-defined]

        assert [n for n, p in properties.items() if p["isCaption"]] == ["name"]
        assert category["captionKeys"] == ["name"]
        assert properties["aliases"]["exclude"] is False
        assert properties["alias_text"]["exclude"] is True
        assert properties["mention_count"]["dataType"] == "bigint"


def test_no_category_claims_the_shared_entity_label() -> None:
    # Entity nodes also carry ``Entity``; a category for it would hide the type colours.
    assert all("Entity" not in c["labels"] for c in _categories().values())  # type: ignore[operator]


def test_every_relationship_type_is_listed() -> None:
    names = [r["name"] for r in perspective(created_at_ms=0)["relationshipTypes"]]

    assert names == [*(p.value for p in Predicate), "MENTIONS", "FROM_ARTICLE"]


def test_search_phrases_are_the_required_ones_with_suggestions_for_each_parameter() -> None:
    bloom = perspective(created_at_ms=0)
    categorised = {label: c for c in bloom["categories"] for label in c["labels"]}

    assert [t["text"] for t in bloom["templates"]] == REQUIRED_PHRASES
    for template in bloom["templates"]:
        in_text = re.findall(r"\$\w+", template["text"])
        assert [p["name"] for p in template["params"]] == in_text
        for param in template["params"]:
            assert param["name"] in template["cypher"]
            assert param["dataType"] == "String"
            if param["cypher"] is None:  # label-key suggestions need a categorised label
                category = categorised[param["suggestionLabel"]]
                shown = [p["name"] for p in category["properties"] if not p["exclude"]]
                assert param["suggestionProp"] in shown
            else:
                assert param["suggestionLabel"] is None
                assert "LIMIT" in param["cypher"]


def test_search_phrases_take_values_only_as_parameters() -> None:
    for phrase in SEARCH_PHRASES:
        assert "'" not in phrase.cypher and '"' not in phrase.cypher, phrase.text


def test_reexport_keeps_the_perspective_id_and_is_json() -> None:
    first, second = perspective(created_at_ms=1), perspective(created_at_ms=2)

    assert first["id"] == second["id"]
    assert json.loads(json.dumps(first)) == first
    assert perspective(name="other", created_at_ms=1)["id"] != first["id"]


def test_cli_writes_the_perspective_file(tmp_path: Path, cli: typer.Typer) -> None:
    target = tmp_path / "perspective.json"
    result = CliRunner().invoke(cli, ["export", "bloom", "-o", str(target), "--name", "News"])

    assert result.exit_code == 0, result.output
    written = json.loads(target.read_text("utf-8"))
    expected = perspective(name="News", created_at_ms=written["createdAt"])
    assert written == expected


def test_cli_names_an_unwritable_output(tmp_path: Path, cli: typer.Typer) -> None:
    target = tmp_path / "missing-dir" / "perspective.json"
    result = CliRunner().invoke(cli, ["export", "bloom", "-o", str(target)])

    assert result.exit_code != 0
    assert "missing-dir" in str(result.exception)


def test_readme_names_the_full_text_index_the_store_creates() -> None:
    from graph.dialect import FULLTEXT_INDEX, FULLTEXT_PROPERTIES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    bloom_section = readme.split("## Neo4j Bloom", 1)[1].split("\n## ", 1)[0]

    assert f"`{FULLTEXT_INDEX}`" in bloom_section
    assert f"`Entity({', '.join(FULLTEXT_PROPERTIES)})`" in bloom_section
