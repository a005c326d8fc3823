"""``frontierkg import ...``: load data written by ``frontierkg export`` into the store.

- ``json``: a dump from ``frontierkg export json`` (any store) into the configured
  store; this is how a graph moves from the embedded store to Neo4j.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from frontierkg.cli.app import app

import_app = typer.Typer(
    name="import",
    help="Import data written by `frontierkg export` into the configured store.",
    no_args_is_help=True,
)


@import_app.command("json")
def json_dump(
    dump: Annotated[Path, typer.Argument(help="Dump file written by `frontierkg export json`.")],
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad",
            help="Import the valid lines and report the bad ones (default: import nothing).",
        ),
    ] = False,
    batch_size: Annotated[
        int | None,
        typer.Option(min=1, help="Records per write (default FRONTIERKG_BATCH_SIZE)."),
    ] = None,
) -> None:
    """Import a JSON Lines dump; safe to repeat (importing twice changes nothing)."""
    from frontierkg.cli.app import error_console
    from frontierkg.cli.store_session import store_session
    from frontierkg.settings import get_settings
    from graph.json_dump import DATA_KINDS, import_json

    size = batch_size or get_settings().batch_size
    with store_session() as store:
        report = import_json(store, dump, batch_size=size, skip_bad=skip_bad)
    listed = ", ".join(f"{report.records[kind.value]} {kind.value}" for kind in DATA_KINDS)
    typer.echo(f"imported {listed} from {dump} in {report.batches} batch(es)")
    if report.skipped:
        error_console.print(f"[bold yellow]skipped {len(report.skipped)} bad line(s):[/]")
        for line in report.describe_skipped():
            error_console.print(f"  {line}", markup=False)
        hidden = len(report.skipped) - len(report.describe_skipped())
        if hidden > 0:
            error_console.print(f"  ... and {hidden} more")


# Registered here, on import, like every command module (``app._register_commands``).
app.add_typer(import_app, name="import")

__all__ = ["import_app"]
