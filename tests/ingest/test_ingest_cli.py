"""``frontierkg ingest``: summary, failures with file and reason, warnings, exit code."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from frontierkg.cli import ingest_commands, store_session
from frontierkg.settings import Settings, get_settings, load_settings

from .ingest_fakes import FakeStore, ScriptedExtractor, gazetteer_extraction

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles"
ENGLISH = (
    "Zhipu AI released GLM-4.5. Nvidia sells the H20 in China. The company said the chip was "
    "designed for the market and that it would keep working with its partners there."
)
FRENCH = (
    "Le département américain du Commerce a ajouté mercredi la jeune pousse chinoise Zhipu à "
    "sa liste noire des exportations, invoquant des risques pour la sécurité nationale et des "
    "liens supposés avec l'armée chinoise."
)


def _cli() -> typer.Typer:
    """A command group holding only ``ingest`` (the callback keeps it a group)."""
    cli = typer.Typer()

    @cli.callback()
    def _root() -> None:
        """Test root."""

    cli.command("ingest")(ingest_commands.ingest)
    return cli


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("FRONTIERKG_DATA_DIR", str(tmp_path / "graph"))
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def fake_store(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> FakeStore:
    """The CLI runs on an in-memory store and the gazetteer extractor (no model, no server)."""
    store = FakeStore()
    monkeypatch.setattr(FakeStore, "close", lambda self: None, raising=False)
    monkeypatch.setattr(store_session, "_open", lambda _settings: store)
    monkeypatch.setattr(
        ingest_commands,
        "build_extractor",
        lambda _settings: ScriptedExtractor(gazetteer_extraction),
    )
    return store


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_cli(), ["ingest", *args], catch_exceptions=False)
    return result.exit_code, result.output


def _summary(output: str) -> dict[str, str]:
    """The rows of the summary table: label -> value."""
    return {
        cells[1].strip(): cells[2].strip()
        for line in output.splitlines()
        if len(cells := line.split("│")) == 4
    }


def test_summary_and_second_run_unchanged(tmp_path: Path, fake_store: FakeStore) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.json").write_text(
            json.dumps({"id": f"a{i}", "text": f"{ENGLISH} Item {i}."}), encoding="utf-8"
        )
    code, output = _invoke(str(corpus), "--batch-size", "2")
    assert code == 0, output
    summary = _summary(output)
    assert (summary["inputs"], summary["ingested"], summary["failed"]) == ("3", "3", "0")
    assert summary["entities written"] == "15" and summary["relations written"] == "3"
    assert summary["graph now"] == "3 articles, 5 entities, 1 relations"
    assert set(fake_store.articles) == {"a0", "a1", "a2"}
    assert "Failures" not in output

    code, output = _invoke(str(corpus))
    assert code == 0
    summary = _summary(output)
    assert summary["ingested"] == "0" and summary["unchanged (skipped)"] == "3"


def test_failures_listed_with_file_and_reason_and_exit_code_1(
    tmp_path: Path, fake_store: FakeStore
) -> None:
    (tmp_path / "good.txt").write_text("Good\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"id": "x", "text": ', encoding="utf-8")
    (tmp_path / "notext.json").write_text('{"id": "y"}', encoding="utf-8")
    (tmp_path / "[bold]odd.jsonl").write_text('{"id": "[z]", "text": 5}\n', encoding="utf-8")
    code, output = _invoke(str(tmp_path))
    assert code == 1
    assert f"failed: {tmp_path / 'broken.json'}: invalid JSON at line 1" in output
    assert f"failed: {tmp_path / 'notext.json'}: missing required key 'text'" in output
    # Names are printed as given, never read as console markup.
    assert f"failed: {tmp_path / '[bold]odd.jsonl'}:1: key 'text' must be a string" in output
    assert len(fake_store.articles) == 1  # the good file was still ingested


def test_non_english_article_is_a_warning_not_a_failure(
    tmp_path: Path, fake_store: FakeStore
) -> None:
    (tmp_path / "en.txt").write_text("English\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "fr.txt").write_text("Français\n" + FRENCH, encoding="utf-8")
    code, output = _invoke(str(tmp_path))
    assert code == 0, output
    assert "Warnings (1)" in output
    assert f"warning: {tmp_path / 'fr.txt'}: text does not look like English" in output
    assert len(fake_store.articles) == 1


@pytest.mark.slow
def test_sample_corpus_end_to_end_on_the_embedded_store(
    tmp_path: Path, settings: Settings, bundled_nlp: object
) -> None:
    """`make run`'s first step: every reader, the real pipeline, FalkorDB in a temp dir."""
    corpus = tmp_path / "samples"
    shutil.copytree(SAMPLES, corpus)
    code, output = _invoke(str(corpus))
    assert code == 0, output
    table = _summary(output)
    assert table["ingested"] == "25" and table["failed"] == "0"
    assert int(table["entities written"].replace(",", "")) > 100
    assert int(table["relations written"].replace(",", "")) > 30

    from graph.factory import open_store

    store = open_store(load_settings(data_dir=settings.data_dir))
    try:
        counts = store.counts()
        assert counts.articles == 25
        assert store.get_entities(["organization:zhipu-ai"])[0] is not None
    finally:
        store.close()

    code, output = _invoke(str(corpus))
    assert code == 0
    assert _summary(output)["unchanged (skipped)"] == "25"


def test_cross_article_merges_are_counted(tmp_path: Path, fake_store: FakeStore) -> None:
    (tmp_path / "1.txt").write_text("One\nZhipu AI released GLM-4.5.", encoding="utf-8")
    (tmp_path / "2.txt").write_text("Two\nZ.ai, formerly Zhipu, raised money.", encoding="utf-8")
    code, output = _invoke(str(tmp_path), "--verbose")
    assert code == 0, output
    assert _summary(output)["cross-article merges"] == "1 alias, 0 fuzzy"
    assert "resolved 'Z.ai' -> organization:zhipu-ai (alias)" in output
    assert [e.id for e in fake_store.entities.values() if e.type.value == "Organization"] == [
        "organization:zhipu-ai"
    ]
