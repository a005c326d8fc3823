"""``frontierkg stats`` and ``frontierkg store status``: what the graph store holds.

- ``stats``: counts of articles, entities, relations and evidence, then entities
  per type and relations per predicate, as rich tables.
- ``store status``: which backend the settings select, where it lives, whether it
  answers, and the headline counts. Exits 1 when the store is unreachable.
"""

from __future__ import annotations

from collections.abc import Iterable

import typer
from rich.console import Console
from rich.table import Table

from frontierkg.cli.app import app, error_console
from frontierkg.errors import StoreUnavailableError
from frontierkg.settings import get_settings
from graph.models import GraphCounts
from schema import EntityType, Predicate

store_app = typer.Typer(name="store", help="Inspect the graph store.", no_args_is_help=True)
app.add_typer(store_app)

console = Console(highlight=False)


def _count_table(title: str, column: str, rows: Iterable[tuple[str, int]]) -> Table:
    """A titled two-column table: ``column`` and its right-aligned, grouped count."""
    table = Table(title=title, show_header=True)
    table.add_column(column)
    table.add_column("count", justify="right")
    for name, value in rows:
        table.add_row(name, f"{value:,}")
    return table


def _totals_table(counts: GraphCounts) -> Table:
    return _count_table(
        "Graph",
        "what",
        (
            ("articles", counts.articles),
            ("entities", counts.entities),
            ("relations", counts.relations),
            ("evidence", counts.evidence),
        ),
    )


def _by_type_table(counts: GraphCounts) -> Table:
    rows = ((t.value, counts.by_type.get(t, 0)) for t in EntityType)
    return _count_table("Entities by type", "type", rows)


def _by_predicate_table(counts: GraphCounts) -> Table:
    rows = ((p.value, counts.by_predicate.get(p, 0)) for p in Predicate)
    return _count_table("Relations by predicate", "predicate", rows)


@app.command("stats")
def stats() -> None:
    """Show counts of the graph: totals, entities per type, relations per predicate."""
    from frontierkg.cli.store_session import store_session

    with store_session() as store:
        counts = store.counts()
    console.print(_totals_table(counts))
    console.print(_by_type_table(counts))
    console.print(_by_predicate_table(counts))


@store_app.command("status")
def status() -> None:
    """Show the configured backend, where it lives, whether it answers, and its counts."""
    from frontierkg.cli.store_session import store_session

    settings = get_settings()
    table = Table(title="Store", show_header=False)
    table.add_column("key")
    table.add_column("value")
    location = str(settings.data_dir) if settings.store == "embedded" else str(settings.neo4j_uri)
    try:
        with store_session(settings) as store:
            store.ping()
            facts = store.describe()
            counts = store.counts()
    except StoreUnavailableError as error:
        table.add_row("backend", settings.store)
        table.add_row("location", location)
        table.add_row("reachable", "[red]no[/]")
        console.print(table)
        error_console.print(f"[bold red]error:[/] {error}")
        raise typer.Exit(1) from None
    for key, value in facts.items():
        table.add_row(key, value)
    table.add_row("reachable", "[green]yes[/]")
    table.add_row(
        "counts",
        f"{counts.articles:,} articles, {counts.entities:,} entities, "
        f"{counts.relations:,} relations, {counts.evidence:,} evidence",
    )
    console.print(table)


__all__ = ["stats", "status", "store_app"]
