"""The ``frontierkg`` command: one typer app, one module per command group.

Errors the project raises on purpose (``FrontierKGError``) print as one line on
stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from frontierkg.errors import FrontierKGError

app = typer.Typer(
    name="frontierkg",
    help="Knowledge graph over AI geopolitics news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
error_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _register_commands() -> None:
    """Import each command module; each attaches its commands to ``app``."""
    # Each module registers itself on import; keep this list sorted.
    import frontierkg.cli.cypher_commands  # noqa: F401
    import frontierkg.cli.export_commands  # noqa: F401
    import frontierkg.cli.extract_commands  # noqa: F401
    import frontierkg.cli.import_commands  # noqa: F401
    import frontierkg.cli.ingest_commands  # noqa: F401
    import frontierkg.cli.serve_commands  # noqa: F401
    import frontierkg.cli.store_commands  # noqa: F401


def main() -> None:
    """Console-script entry point."""
    _register_commands()
    try:
        app()
    except FrontierKGError as error:
        error_console.print(f"[bold red]error:[/] {error}")
        sys.exit(1)


__all__ = ["app", "error_console", "main"]
