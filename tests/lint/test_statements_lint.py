"""Every Cypher statement the Neo4j adapter sends passes Neo4j's own linter.

The deliberately broken statements prove each kind of check fires, so a linter
that silently stopped working (wrong schema, wrong package, crash) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.bloom import search_phrase_statements
from graph.cypher_lint import (
    CypherLintError,
    LintDiagnostic,
    db_schema,
    graph_schema,
    lint_statements,
    property_keys,
)
from graph.queries import all_statements
from graph.statements import Statement


def _report(diagnostics: list[LintDiagnostic], statements: list[Statement]) -> str:
    cypher = {s.name: s.cypher for s in statements}
    lines = []
    for d in diagnostics:
        lines.append(str(d))
        lines.append("    " + cypher[d.statement].splitlines()[d.line - 1])
    return "\n".join(lines)


def test_every_neo4j_statement_and_search_phrase_passes_the_linter(linter_installed: None) -> None:
    statements = [*all_statements("neo4j"), *search_phrase_statements()]
    assert len(statements) > 50, "all_statements('neo4j') looks truncated"

    diagnostics = [d for d in lint_statements(statements) if d.blocking]

    assert not diagnostics, (
        f"{len(diagnostics)} linter findings in {len({d.statement for d in diagnostics})} "
        f"statements (see `frontierkg cypher --lint`):\n{_report(diagnostics, statements)}"
    )


BROKEN = {
    "syntax_error": ("MATCH (n:Entity RETURN n", {}, "error"),
    "undeclared_parameter": ("MATCH (n:Entity {id: $id}) RETURN n", {}, "error"),
    "undefined_variable": ("MATCH (n:Entity) RETURN m", {}, "error"),
    "unknown_property": ("MATCH (n:Entity) RETURN n.nmae", {}, "warning"),
    "unknown_label": ("MATCH (n:Company) RETURN n", {}, "warning"),
    "unknown_relationship_type": (
        "MATCH (:Entity)-[r:BLACKLISTS]->(:Entity) RETURN r",
        {},
        "warning",
    ),
    "outside_domain": ("MATCH (p:Policy)-[r:RELEASES]->(m:AIModel) RETURN p, r, m", {}, "warning"),
    "falkordb_procedure": (
        "CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node RETURN node",
        {"q": "zhipu"},
        "error",
    ),
    "unknown_function": ("MATCH (n:Entity) RETURN toLowr(n.name)", {}, "error"),
}


def test_each_kind_of_broken_statement_is_reported(linter_installed: None) -> None:
    statements = [Statement(name, cypher, params) for name, (cypher, params, _) in BROKEN.items()]
    statements.append(Statement("fine", "MATCH (n:Entity {id: $id}) RETURN n.name", {"id": "x"}))

    diagnostics = lint_statements(statements)

    by_statement: dict[str, set[str]] = {}
    for d in diagnostics:
        by_statement.setdefault(d.statement, set()).add(d.severity)
    for name, (_, _, severity) in BROKEN.items():
        assert severity in by_statement.get(name, set()), f"{name}: got {by_statement.get(name)}"
    assert "fine" not in by_statement


def test_diagnostic_points_at_the_offending_text(linter_installed: None) -> None:
    cypher = "MATCH (n:Entity)\nRETURN n.nmae"
    [diagnostic] = lint_statements([Statement("typo", cypher)])

    assert (diagnostic.line, diagnostic.column) == (2, 10)
    assert cypher[diagnostic.start : diagnostic.end] == "nmae"
    assert str(diagnostic).startswith("typo:2:10: warning: nmae")


def test_a_parameter_of_one_statement_does_not_excuse_another(linter_installed: None) -> None:
    statements = [
        Statement("declares", "RETURN $limit AS n", {"limit": 1}),
        Statement("undeclared", "RETURN $limit AS n"),
    ]
    assert {d.statement for d in lint_statements(statements)} == {"undeclared"}


def test_keys_of_parameter_maps_are_known_to_their_statement_only(linter_installed: None) -> None:
    cypher = "UNWIND $rows AS row MATCH (n:Entity {id: row.entity_ref}) RETURN n"
    statements = [
        Statement("with_example", cypher, {"rows": [{"entity_ref": "x"}]}),
        Statement("without_example", cypher, {"rows": []}),
    ]
    assert {d.statement for d in lint_statements(statements)} == {"without_example"}


def test_missing_npm_modules_give_the_command_to_run(tmp_path: Path) -> None:
    with pytest.raises(CypherLintError, match="npm ci"):
        lint_statements([Statement("ping", "RETURN 1")], lint_dir=tmp_path)


def test_duplicate_statement_names_are_refused() -> None:
    twice = [Statement("same", "RETURN 1"), Statement("same", "RETURN 2")]
    with pytest.raises(CypherLintError, match="same"):
        lint_statements(twice)


def test_schema_follows_the_ontology_domain_and_range() -> None:
    triples = {(t["from"], t["relType"], t["to"]) for t in graph_schema()}

    assert ("Organization", "RELEASES", "AIModel") in triples
    assert ("Policy", "RELEASES", "AIModel") not in triples
    # COMPETES_WITH needs both ends of the same type.
    assert ("AIModel", "COMPETES_WITH", "AIModel") in triples
    assert ("AIModel", "COMPETES_WITH", "Country") not in triples
    assert ("Article", "MENTIONS", "Chip") in triples
    assert ("Evidence", "FROM_ARTICLE", "Article") in triples


def test_schema_lists_structural_labels_and_stored_properties() -> None:
    schema = db_schema()

    assert {"Entity", "Article", "Evidence", "Organization", "Benchmark"} <= set(schema["labels"])
    assert {"MENTIONS", "FROM_ARTICLE", "RESTRICTS"} <= set(schema["relationshipTypes"])
    keys = set(property_keys())
    assert {"name", "aliases", "alias_text", "edge_key", "seen_on", "confidence"} <= keys
    assert "nmae" not in keys


def _map_keys(value: object) -> set[str]:
    """Keys of every map inside a parameter value (maps written with ``SET n += row.props``)."""
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in _map_keys(item)}
    if isinstance(value, list | tuple):
        return {k for item in value for k in _map_keys(item)}
    return set()


def test_every_declared_property_is_used_by_the_neo4j_statements() -> None:
    # The linter catches keys the statements use but the schema lacks; this catches the
    # reverse, a declared key no statement reads or writes (Bloom would offer a property
    # that is never there).
    statements = all_statements("neo4j")
    text = "\n".join(s.cypher for s in statements)
    written = {k for s in statements for k in _map_keys(s.parameters)}
    unused = [
        k for k in property_keys() if k not in written and not re.search(rf"\.`?{k}`?\b", text)
    ]

    assert not unused
