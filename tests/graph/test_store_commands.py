"""``frontierkg stats`` and ``frontierkg store status`` against a real embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontierkg.cli.app import _register_commands, app
from frontierkg.settings import get_settings, load_settings
from graph.falkordb_store import EmbeddedStore

from .graph_store_samples import sample_batch


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings pointing at a fresh data dir, read by the commands through get_settings()."""
    monkeypatch.setenv("FRONTIERKG_STORE", "embedded")
    monkeypatch.setenv("FRONTIERKG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FRONTIERKG_GRAPH_NAME", "cli")
    get_settings.cache_clear()
    _register_commands()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_stats_prints_counts_per_type_and_predicate(cli_env: Path) -> None:
    store = EmbeddedStore(load_settings(store="embedded", data_dir=cli_env, graph_name="cli"))
    store.upsert(sample_batch())
    store.close()
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    lines = {" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()}
    assert "entities 9" in lines and "evidence 10" in lines
    assert "Organization 3" in lines and "RESTRICTS 4" in lines and "USES 0" in lines


def test_store_status_reports_backend_location_and_counts(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["store", "status"])
    assert result.exit_code == 0, result.output
    assert "embedded (FalkorDB)" in result.output
    assert "reachable" in result.output and "yes" in result.output
    assert "0 articles" in result.output


def test_store_status_exits_1_when_neo4j_is_unreachable(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTIERKG_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("FRONTIERKG_NEO4J_CONNECTION_TIMEOUT_S", "2")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["store", "status"])
    assert result.exit_code == 1
    assert "no" in result.output and "bolt://127.0.0.1:9" in result.output
