"""``frontierkg ingest PATH...``: read, extract, resolve and store articles.

Shows a progress bar (articles, entities, relations, rate), then a summary table, every
failure with its file and reason, and the warnings readers raised (skipped non-English
articles, broken feed entries, replaced bytes). Exits with code 1 when any input failed.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from frontierkg.cli.app import app
from frontierkg.errors import FrontierKGError, IngestInputError
from frontierkg.settings import Settings, get_settings

if TYPE_CHECKING:
    from graph.store import GraphStore
    from ingest.models import ArticleInput
    from ingest.service import ArticleExtractor, IngestResult

# Libraries whose own logging is noise at the CLI (trafilatura reports every odd page).
_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "charset_normalizer")


@dataclass
class IngestTally:
    """Running totals for the progress bar and the summary."""

    statuses: Counter[str] = field(default_factory=Counter)
    entities: int = 0
    relations: int = 0
    evidence: int = 0
    words: int = 0
    merges: Counter[str] = field(default_factory=Counter)
    failures: list[IngestResult] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        self.statuses[result.status.value] += 1
        self.entities += result.entities
        self.relations += result.relations
        self.evidence += result.evidence
        if result.extraction is not None:
            self.words += len(result.extraction.article.text.split())
        for resolution in result.resolutions:
            if resolution.kind.value in ("alias", "fuzzy"):
                self.merges[resolution.kind.value] += 1
        if not result.ok:
            self.failures.append(result)

    @property
    def done(self) -> int:
        return sum(self.statuses.values())


class _WarningCollector(logging.Handler):
    """Keeps the reader and resolution warnings logged during the run for the summary."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(("ingest.readers", "ingest.resolution")):
            self.messages.append(record.getMessage())


@contextmanager
def _logging(console: Console, verbose: bool) -> Iterator[_WarningCollector]:
    """Log to the progress console (INFO with ``--verbose``) and collect reader warnings."""
    root = logging.getLogger()
    shown = RichHandler(console=console, show_path=False, show_time=False, markup=False)
    shown.setLevel(logging.INFO if verbose else logging.ERROR)
    collector = _WarningCollector()
    previous = root.level
    quiet = {name: logging.getLogger(name).level for name in _QUIET_LOGGERS}
    root.addHandler(shown)
    root.addHandler(collector)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        yield collector
    finally:
        root.removeHandler(shown)
        root.removeHandler(collector)
        root.setLevel(previous)
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


def build_extractor(settings: Settings) -> ArticleExtractor:
    """The configured spaCy extractor (a seam for tests)."""
    from ingest.extraction import Extractor

    return Extractor(settings=settings)


def _summary_table(
    tally: IngestTally, read_inputs: int, warnings: int, seconds: float, graph: str
) -> Table:
    table = Table(title="Ingest summary", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    rate = tally.statuses["ingested"] / seconds if seconds > 0 else 0.0
    rows = [
        ("inputs", f"{read_inputs:,}"),
        ("ingested", f"{tally.statuses['ingested']:,}"),
        ("unchanged (skipped)", f"{tally.statuses['unchanged']:,}"),
        ("failed", f"{tally.statuses['failed']:,}"),
        ("warnings", f"{warnings:,}"),
        ("entities written", f"{tally.entities:,}"),  # summed over articles
        ("relations written", f"{tally.relations:,}"),
        ("evidence sentences", f"{tally.evidence:,}"),
        (
            "cross-article merges",
            f"{tally.merges['alias']:,} alias, {tally.merges['fuzzy']:,} fuzzy",
        ),
        ("time", f"{seconds:.1f} s"),
        ("rate", f"{rate:.1f} articles/s, {tally.words / seconds if seconds else 0:,.0f} words/s"),
        ("graph now", graph),
    ]
    for row in rows:
        table.add_row(*row)
    return table


def _graph_totals(store: GraphStore) -> str:
    """Distinct totals in the store after the run (the summary's last row)."""
    try:
        counts = store.counts()
    except FrontierKGError as error:
        return escape(f"unknown ({error})")
    return (
        f"{counts.articles:,} articles, {counts.entities:,} entities, "
        f"{counts.relations:,} relations"
    )


def _print_failures(out: Console, failures: list[IngestResult]) -> None:
    """One line per failure (file, article id when known, reason): easy to read and grep."""
    out.print(f"[bold red]Failures ({len(failures)})[/]")
    for result in failures:
        article = f" [{result.article_id}]" if result.article_id else ""
        detail = escape(f"{result.origin}{article}: {result.reason}")
        out.print(f"  [red]failed:[/] {detail}", soft_wrap=True)


@app.command("ingest")
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories (recursive) or feed URLs.")
    ],
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size", "-b", min=1, help="Articles per dedup lookup and store write."
        ),
    ] = 64,
    n_process: Annotated[
        int, typer.Option("--n-process", "-j", min=1, help="Worker processes for the pipeline.")
    ] = 1,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log entity merges and other details.")
    ] = False,
) -> None:
    """Ingest articles into the graph: unchanged ones are skipped, changed ones replaced."""
    from frontierkg.cli.store_session import store_session
    from ingest.readers import read_paths
    from ingest.service import IngestService

    settings = get_settings()
    console = Console(stderr=True, highlight=False)
    out = Console(highlight=False, markup=True)
    tally = IngestTally()
    with _logging(console, verbose) as collected:
        with console.status("reading inputs"):
            items: list[ArticleInput | IngestInputError] = list(
                read_paths(paths, settings=settings)
            )
        with store_session(settings) as store:
            with console.status("loading the extraction pipeline"):
                extractor = build_extractor(settings)
            service = IngestService(store, extractor, settings)
            progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("entities {task.fields[entities]:,}"),
                TextColumn("relations {task.fields[relations]:,}"),
                TextColumn("{task.fields[rate]:.1f} articles/s"),
                TimeElapsedColumn(),
                console=console,
            )
            started = time.perf_counter()
            with progress:
                task = progress.add_task(
                    "ingest", total=len(items), entities=0, relations=0, rate=0.0
                )
                for result in service.ingest(items, batch_size=batch_size, n_process=n_process):
                    tally.add(result)
                    elapsed = time.perf_counter() - started
                    progress.update(
                        task,
                        completed=tally.done,
                        entities=tally.entities,
                        relations=tally.relations,
                        rate=tally.done / elapsed if elapsed > 0 else 0.0,
                    )
            seconds = time.perf_counter() - started
            graph = _graph_totals(store)
    out.print(_summary_table(tally, len(items), len(collected.messages), seconds, graph))
    if collected.messages:
        out.print(f"[bold yellow]Warnings ({len(collected.messages)})[/]")
        for message in collected.messages:
            out.print(f"  [yellow]warning:[/] {escape(message)}", soft_wrap=True)
    if tally.failures:
        _print_failures(out, tally.failures)
        raise typer.Exit(code=1)


__all__ = ["IngestTally", "build_extractor", "ingest"]
