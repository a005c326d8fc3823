"""``frontierkg cypher``: print every Cypher statement a store adapter can send.

One JSON line per statement (``{"name", "cypher", "parameters"}``), so the set
can be reviewed, diffed between releases or fed to other tools. ``--lint`` runs
Neo4j's own Cypher linter over the Neo4j statements and the Bloom search phrases
instead, printing one line per finding and exiting 1 when any is an error or a
warning.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from frontierkg.cli.app import app
from frontierkg.errors import ConfigurationError


class DialectChoice(StrEnum):
    NEO4J = "neo4j"
    FALKORDB = "falkordb"


@app.command("cypher")
def cypher(
    dialect: Annotated[
        DialectChoice, typer.Option("--dialect", help="Which store's statements to print.")
    ] = DialectChoice.NEO4J,
    lint: Annotated[
        bool,
        typer.Option("--lint", help="Lint the Neo4j statements and Bloom search phrases instead."),
    ] = False,
) -> None:
    """Print every Cypher statement the store adapter sends, one JSON line each."""
    from graph.queries import all_statements

    if not lint:
        for statement in all_statements(dialect.value):
            typer.echo(json.dumps(statement.as_json(), ensure_ascii=False))
        return
    if dialect is not DialectChoice.NEO4J:
        raise ConfigurationError(
            f"--lint checks Neo4j Cypher with Neo4j's linter, not --dialect {dialect.value}; "
            "drop --dialect or use --dialect neo4j"
        )
    from graph.bloom import search_phrase_statements
    from graph.cypher_lint import lint_statements

    statements = [*all_statements("neo4j"), *search_phrase_statements()]
    diagnostics = lint_statements(statements)
    for diagnostic in diagnostics:
        typer.echo(str(diagnostic))
    blocking = sum(d.blocking for d in diagnostics)
    typer.echo(f"{len(statements)} statements linted; errors and warnings: {blocking}", err=True)
    if blocking:
        raise typer.Exit(code=1)


__all__ = ["DialectChoice", "cypher"]
