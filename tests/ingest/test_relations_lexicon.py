"""The relation lexicons are data: validated on load, swappable through the component config."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import spacy

import ingest.relations  # noqa: F401  (registers the factory)
from frontierkg.errors import ConfigurationError
from frontierkg.settings import get_settings
from ingest.relations import EXTRACTOR_VERSION, FACTORY_NAME, load_lexicons
from schema import Predicate


def bundled() -> dict[str, object]:
    text = resources.files("ingest.relations").joinpath("lexicons.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def test_bundled_lexicons_cover_every_predicate() -> None:
    lexicons = load_lexicons()
    covered = {frame.predicate for frame in lexicons.verbs}
    covered |= {frame.predicate for frame in lexicons.nouns}
    covered |= {noun.predicate for noun in lexicons.relational_nouns}
    # BASED_IN/PART_OF also come from nationality rules, EVALUATED_ON from co-occurrence
    assert covered == set(Predicate)


def test_invalid_json_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"version": 1,\n  "verbs": [\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"broken\.json: invalid JSON at line"):
        load_lexicons(path)


def test_unknown_predicate_is_refused_with_the_field(tmp_path: Path) -> None:
    data = bundled()
    data["verbs"] = [{"predicate": "LIKES", "lemmas": ["like"]}]
    path = tmp_path / "lexicons.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"field verbs\.0\.predicate"):
        load_lexicons(path)


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot be read"):
        load_lexicons(tmp_path / "absent.json")


def test_unsupported_config_version_is_refused() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ConfigurationError, match=EXTRACTOR_VERSION):
        nlp.add_pipe(FACTORY_NAME, config={"version": "relations.v0"})


@pytest.mark.slow
def test_component_uses_the_configured_lexicon(tmp_path: Path) -> None:
    data = bundled()
    verbs = data["verbs"]
    assert isinstance(verbs, list)
    data["verbs"] = [v for v in verbs if v["predicate"] != "ACQUIRES"]
    data["nouns"] = []
    path = tmp_path / "no_acquisitions.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    text = "Orion Robotics acquired Kestrel Foundry."
    results = {}
    for name, config in (("bundled", {}), ("custom", {"lexicon_path": str(path)})):
        nlp = spacy.load(get_settings().spacy_model, exclude=["ner"])
        extractor = nlp.add_pipe(FACTORY_NAME, config=config)
        with nlp.select_pipes(disable=[FACTORY_NAME]):
            doc = nlp(text)
        orion = doc.char_span(0, 14, label="Organization")
        kestrel = doc.char_span(24, 39, label="Organization")
        assert orion is not None and kestrel is not None
        doc.ents = [orion, kestrel]
        results[name] = {r.predicate for r in extractor(doc)._.relations}
    assert Predicate.ACQUIRES in results["bundled"]
    assert Predicate.ACQUIRES not in results["custom"]


def test_a_doc_without_parse_or_entities_gets_an_empty_list() -> None:
    nlp = spacy.blank("en")
    extractor = nlp.add_pipe(FACTORY_NAME)
    doc = nlp("Orion Robotics acquired Kestrel Foundry.")
    span = doc.char_span(0, 14, label="Organization")
    assert span is not None
    doc.ents = [span]
    assert extractor(doc)._.relations == []
    assert extractor(nlp("No entities here."))._.relations == []
