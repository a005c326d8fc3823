"""``frontierkg cypher``: the statements a store sends, as JSON lines, and ``--lint``."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

import graph.bloom
import graph.queries
from frontierkg.errors import ConfigurationError
from graph.queries import all_statements
from graph.statements import Statement


@pytest.mark.parametrize("dialect", ["neo4j", "falkordb"])
def test_prints_every_statement_of_the_dialect_as_one_json_line(
    dialect: str, cli: typer.Typer
) -> None:
    result = CliRunner().invoke(cli, ["cypher", "--dialect", dialect])

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines == [s.as_json() for s in all_statements(dialect)]  # type: ignore[arg-type]
    assert all(set(line) == {"name", "cypher", "parameters"} for line in lines)


def test_dialects_differ_where_the_stores_differ(cli: typer.Typer) -> None:
    neo4j = CliRunner().invoke(cli, ["cypher"]).output
    falkordb = CliRunner().invoke(cli, ["cypher", "--dialect", "falkordb"]).output

    assert "db.index.fulltext.queryNodes" in neo4j
    assert "db.idx.fulltext.queryNodes" in falkordb


def test_unknown_dialect_is_refused(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["cypher", "--dialect", "mysql"])

    assert result.exit_code != 0
    assert "mysql" in result.output


def test_lint_reports_findings_and_fails(
    monkeypatch: pytest.MonkeyPatch, linter_installed: None, cli: typer.Typer
) -> None:
    broken = [Statement("broken_lookup", "MATCH (n:Entity {id: $id}) RETURN n.nmae", {"id": "x"})]
    monkeypatch.setattr(graph.queries, "all_statements", lambda dialect: broken)

    result = CliRunner().invoke(cli, ["cypher", "--lint"])

    assert result.exit_code == 1
    assert "broken_lookup:1:37: warning: nmae" in result.output


def test_lint_passes_clean_statements(
    monkeypatch: pytest.MonkeyPatch, linter_installed: None, cli: typer.Typer
) -> None:
    clean = [Statement("lookup", "MATCH (n:Entity {id: $id}) RETURN n.name", {"id": "x"})]
    monkeypatch.setattr(graph.queries, "all_statements", lambda dialect: clean)
    monkeypatch.setattr(graph.bloom, "search_phrase_statements", lambda: [])

    result = CliRunner().invoke(cli, ["cypher", "--lint"])

    assert result.exit_code == 0, result.output


def test_lint_refuses_the_falkordb_dialect(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["cypher", "--lint", "--dialect", "falkordb"])

    assert isinstance(result.exception, ConfigurationError)
    assert "--dialect neo4j" in str(result.exception)
