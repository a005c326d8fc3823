"""``frontierkg export rdf|json`` and ``frontierkg import json`` as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

import frontierkg.cli.export_commands
import frontierkg.cli.import_commands  # noqa: F401  (registers `import`)
from frontierkg.cli import store_session
from frontierkg.cli.app import app
from graph.json_dump import DumpImportError

from .export_fakes import MemoryStore

pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"  # rdflib's JSON-LD parser
)


@contextmanager
def _use(monkeypatch: pytest.MonkeyPatch, store: MemoryStore) -> Iterator[None]:
    closed: list[bool] = []

    def close() -> None:
        closed.append(True)

    monkeypatch.setattr(store, "close", close, raising=False)
    monkeypatch.setattr(store_session, "_open", lambda settings: store)
    yield
    assert closed, "the command must close the store"


def _run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("fmt", "suffix", "rdflib_format"),
    [("turtle", "ttl", "turtle"), ("json-ld", "jsonld", "json-ld"), ("nt", "nt", "nt")],
)
def test_export_rdf_writes_a_parsable_file(
    fmt: str,
    suffix: str,
    rdflib_format: str,
    sample_store: MemoryStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / f"graph.{suffix}"
    with _use(monkeypatch, sample_store):
        result = CliRunner().invoke(
            app, ["export", "rdf", "--format", fmt, "-o", str(target), "--batch-size", "2"]
        )
    assert result.exit_code == 0, result.output
    assert "7 entities, 6 relations, 7 evidence, 3 articles" in result.output
    parsed = Graph().parse(target, format=rdflib_format)
    assert len(parsed) > 100
    assert not list(tmp_path.glob("*.partial"))


def test_export_rdf_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "rdf", "--format", "rdfxml", "-o", "x.rdf"])
    assert result.exit_code == 2
    assert "rdfxml" in result.output


def test_migration_through_the_cli(
    sample_store: MemoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "dump.jsonl"
    with _use(monkeypatch, sample_store):
        exported = CliRunner().invoke(app, ["export", "json", "-o", str(dump)])
    assert exported.exit_code == 0, exported.output
    assert "7 entity" in exported.output

    target = MemoryStore()
    with _use(monkeypatch, target):
        imported = CliRunner().invoke(app, ["import", "json", str(dump), "--batch-size", "5"])
    assert imported.exit_code == 0, imported.output
    assert "imported 3 article, 7 entity, 8 mention, 6 relation, 7 evidence" in imported.output
    assert target.counts() == sample_store.counts()


def test_import_with_a_bad_line_fails_naming_it_and_skip_bad_goes_on(
    sample_store: MemoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "dump.jsonl"
    with _use(monkeypatch, sample_store):
        CliRunner().invoke(app, ["export", "json", "-o", str(dump)])
    lines = dump.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if json.loads(text)["kind"] == "mention")
    lines[line] = "{not json"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")

    target = MemoryStore()
    with _use(monkeypatch, target):
        failed = CliRunner().invoke(app, ["import", "json", str(dump)])
    assert failed.exit_code == 1
    assert isinstance(failed.exception, DumpImportError)
    assert f"{dump}:{line + 1}: invalid JSON" in str(failed.exception)
    assert target.upserts == []

    with _use(monkeypatch, target):
        skipped = CliRunner().invoke(app, ["import", "json", str(dump), "--skip-bad"])
    assert skipped.exit_code == 0, skipped.output
    assert "skipped 1 bad line(s)" in skipped.output
    assert f"{dump}:{line + 1}: invalid JSON" in skipped.output
    assert len(target.mentions) == 7


def test_failed_export_leaves_no_file(
    sample_store: MemoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(batch_size: int = 1000) -> Iterator[list[object]]:
        raise RuntimeError("store went away")
        yield []

    monkeypatch.setattr(sample_store, "iter_evidence", broken)
    target = tmp_path / "dump.jsonl"
    with _use(monkeypatch, sample_store):
        result = CliRunner().invoke(app, ["export", "json", "-o", str(target)])
    assert result.exit_code == 1
    assert not target.exists()
    assert not list(tmp_path.iterdir())


def test_export_modules_register_their_commands() -> None:
    assert frontierkg.cli.export_commands.export_app.registered_commands
    names = {c.name for c in frontierkg.cli.import_commands.import_app.registered_commands}
    assert names == {"json"}
