"""Knowledge-base loader: valid lines load, every kind of bad line is named by file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontierkg.errors import OntologyError
from ingest.entities.knowledge import KnowledgeBase, knowledge_base, load_knowledge_base
from ingest.entities.patterns import knowledge_patterns, version_patterns
from schema import EntityType


def _write(directory: Path, name: str, records: list[object]) -> Path:
    path = directory / name
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_loads_entries_with_aliases_demonyms_and_capitals(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "countries.jsonl",
        [{"name": "China", "type": "Country", "aliases": ["PRC"], "demonyms": ["Chinese"],
          "capitals": ["Beijing"]}],
    )  # fmt: skip
    _write(
        tmp_path,
        "government_bodies.jsonl",
        [{"name": "Bureau of Industry and Security", "type": "GovernmentBody",
          "aliases": ["BIS"], "country": "United States", "case_sensitive": True}],
    )  # fmt: skip
    kb = load_knowledge_base(tmp_path)
    assert len(kb) == 2
    china = kb.lookup("beijing")
    assert china is not None and china.name == "China" and china.type is EntityType.COUNTRY
    assert kb.lookup("Chinese") is china and kb.lookup("prc") is china
    bis = kb.entry("Bureau of Industry and Security")
    assert bis is not None and bis.country == "United States" and bis.case_sensitive


def test_unknown_type_names_file_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "organizations.jsonl",
        [{"name": "Nvidia", "type": "Organization"}, {"name": "Acme", "type": "Company"}],
    )
    with pytest.raises(OntologyError) as error:
        load_knowledge_base(tmp_path)
    message = str(error.value)
    assert f"{path}:2" in message and "Company" in message and "Organization" in message


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "JSON object"),
        ('{"type": "Organization"}', "'name'"),
        ('{"name": "X", "type": "Organization", "aliases": "X Corp"}', "'aliases'"),
    ],
)
def test_bad_lines_are_rejected_with_location(tmp_path: Path, line: str, problem: str) -> None:
    (tmp_path / "people.jsonl").write_text(f"# comment\n\n{line}\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=rf"people\.jsonl:3: .*{problem}"):
        load_knowledge_base(tmp_path)


def test_missing_explicit_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OntologyError, match="knowledge base directory not found"):
        knowledge_base(tmp_path / "absent")


def test_first_definition_of_a_name_wins(tmp_path: Path) -> None:
    _write(tmp_path, "a.jsonl", [{"name": "Meta", "type": "Organization", "aliases": ["Meta AI"]}])
    _write(tmp_path, "b.jsonl", [{"name": "Meta", "type": "AIModel", "aliases": []}])
    kb = load_knowledge_base(tmp_path)
    assert [e.type for e in kb] == [EntityType.ORGANIZATION]


def test_patterns_are_exact_for_acronyms_and_short_forms() -> None:
    kb = KnowledgeBase()
    from ingest.entities.knowledge import KnowledgeEntry

    kb.add(KnowledgeEntry(name="United States", type=EntityType.COUNTRY, aliases=("US",),
                          demonyms=("American",), capitals=("Washington",)))  # fmt: skip
    kb.add(KnowledgeEntry(name="Nvidia", type=EntityType.ORGANIZATION, aliases=("NVDA",)))
    by_text = {p["pattern"]: p for p in knowledge_patterns(kb)}
    assert by_text["US"]["exact"] is True  # never the pronoun "us"
    assert by_text["NVDA"]["exact"] is True
    assert by_text["Nvidia"]["exact"] is False
    assert by_text["Washington"]["id"] == "United States"
    assert by_text["American"]["label"] == "Country"


def test_version_patterns_cover_models_and_chips() -> None:
    import re

    rules = version_patterns()

    def label_of(text: str) -> set[str]:
        return {
            r["label"] for r in rules if (m := re.search(r["regex"], text)) and m.group() == text
        }

    for model in ("GLM-5.2", "Qwen2.5-72B", "DeepSeek-R1", "GPT-4o", "Claude Opus 4.1",
                  "Llama 3.1 405B", "Kimi K2 Thinking", "o3-mini"):  # fmt: skip
        assert label_of(model) == {"AIModel"}, model
    for chip in ("Ascend 910C", "H20", "MI308", "H100", "GB200", "Kirin 9000S"):
        assert label_of(chip) == {"Chip"}, chip
    for other in ("Step 2", "Yuan 10", "COVID-19", "A1"):
        assert label_of(other) == set(), other
