"""``frontierkg export ...``: write the graph or its styling in formats other tools read.

Every subcommand writes to ``-o/--output`` (a file) or, without it, to stdout.

- ``bloom``: a Neo4j Bloom perspective generated from the ontology (categories,
  colours, captions, search phrases); import it in Bloom's Perspective drawer.
- ``grass``: the Neo4j Browser stylesheet with the same colours and captions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from frontierkg.cli.app import app
from graph.rdf_export import RdfFormat

export_app = typer.Typer(
    name="export",
    help="Export the graph or its styling for other tools.",
    no_args_is_help=True,
)

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="File to write (default: standard output).", dir_okay=False
    ),
]


BatchSizeOption = Annotated[
    int | None,
    typer.Option(min=1, help="Records per streamed batch (default FRONTIERKG_BATCH_SIZE)."),
]


def _write(text: str, output: Path | None) -> None:
    """Write a small generated file (or stdout) through the same writer as the data exports."""
    from frontierkg.cli.output_file import open_output

    with open_output(output) as out:
        out.write(text)
    if output is not None:
        typer.echo(f"wrote {output}", err=True)


@export_app.command("bloom")
def bloom(
    output: OutputOption = None,
    name: Annotated[str, typer.Option(help="Perspective name shown in Bloom.")] = "frontierkg",
) -> None:
    """Write a Neo4j Bloom perspective (import it in Bloom: Perspectives -> Import)."""
    from graph.bloom import perspective

    _write(json.dumps(perspective(name=name), indent=2, ensure_ascii=False) + "\n", output)


@export_app.command("grass")
def grass(output: OutputOption = None) -> None:
    """Write the Neo4j Browser stylesheet (drag the file onto Neo4j Browser)."""
    from graph.grass import grass_stylesheet

    _write(grass_stylesheet(), output)


@export_app.command("rdf")
def rdf(
    output: OutputOption = None,
    fmt: Annotated[
        RdfFormat, typer.Option("--format", "-f", help="Serialization to write.")
    ] = RdfFormat.TURTLE,
    batch_size: BatchSizeOption = None,
) -> None:
    """Write the whole graph as RDF: entities, relations, evidence and articles, streamed."""
    from frontierkg.cli.output_file import open_output
    from frontierkg.cli.store_session import store_session
    from frontierkg.settings import get_settings
    from graph.rdf_export import export_rdf

    size = batch_size or get_settings().batch_size
    with store_session() as store, open_output(output) as out:
        summary = export_rdf(store, out, fmt, batch_size=size)
    typer.echo(
        f"wrote {summary.triples} triples ({summary.entities} entities, {summary.relations} "
        f"relations, {summary.evidence} evidence, {summary.articles} articles) as "
        f"{fmt.value}" + (f" to {output}" if output else ""),
        err=True,
    )


@export_app.command("json")
def json_dump(
    output: OutputOption = None,
    batch_size: BatchSizeOption = None,
) -> None:
    """Dump the whole graph as JSON Lines; `frontierkg import json` loads it into any store."""
    from frontierkg.cli.output_file import open_output
    from frontierkg.cli.store_session import store_session
    from frontierkg.settings import get_settings
    from graph.json_dump import export_json

    size = batch_size or get_settings().batch_size
    with store_session() as store, open_output(output) as out:
        counts = export_json(store, out, batch_size=size)
    listed = ", ".join(f"{n} {kind}" for kind, n in counts.as_dict().items())
    typer.echo(f"dumped {listed}" + (f" to {output}" if output else ""), err=True)


# Registered here, on import, like every command module (``app._register_commands``).
app.add_typer(export_app, name="export")

__all__ = ["export_app"]
