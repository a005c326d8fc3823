"""The Cypher linter runs in node from ``tools/cypher-lint``; `make test` installs it first.

Tests that need it use the ``linter_installed`` fixture, which fails (never skips)
with the command to run when node or the npm modules are missing: a skipped lint
check would let broken Cypher through CI unnoticed.
"""

from __future__ import annotations

import pytest
import typer

from frontierkg.cli.app import _register_commands, app
from graph.cypher_lint import linter_problem


@pytest.fixture
def linter_installed() -> None:
    problem = linter_problem()
    if problem is not None:
        pytest.fail(problem)


@pytest.fixture
def cli() -> typer.Typer:
    """The ``frontierkg`` app with every command registered, as the console script has it."""
    _register_commands()
    return app
