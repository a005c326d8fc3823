"""``frontierkg extract`` and ``frontierkg eval``: run the extractor without storing anything.

- ``extract PATH...``: one JSON line per article,
  ``{"id", "entities": [{"name", "type", "aliases"}], "relations": [{"subject", "predicate",
  "object", "confidence", "evidence"}]}``; unreadable inputs are reported on stderr and the
  rest goes on (exit code 1 at the end when any input failed).
- ``eval GOLD_DIR``: extracts the text of every gold file and scores it per
  ``shared/eval/GUIDELINES.md``; ``--explain`` lists misses and false positives per article,
  ``--json`` prints the machine-readable report.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from frontierkg.cli.app import app, error_console
from frontierkg.errors import IngestInputError
from ingest.evaluation import ArticleRecord, Counts, EvaluationReport, evaluate, load_gold
from ingest.models import ArticleInput


class ExtractFormat(StrEnum):
    JSONL = "jsonl"


NProcessOption = Annotated[
    int, typer.Option("--n-process", "-j", min=1, help="Worker processes for the pipeline.")
]
BatchSizeOption = Annotated[int, typer.Option(min=1, help="Articles per nlp.pipe batch.")]


def _articles(paths: list[str], failures: list[IngestInputError]) -> Iterator[ArticleInput]:
    """Articles read from ``paths``; read errors are printed and collected, not raised."""
    from ingest.readers import read_paths

    for item in read_paths(paths):
        if isinstance(item, IngestInputError):
            failures.append(item)
            error_console.print(f"[bold red]error:[/] {item}")
            continue
        yield item


@app.command("extract")
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or feed URLs.")],
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExtractFormat.JSONL,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="File to write (default: stdout)."),
    ] = None,
    n_process: NProcessOption = 1,
    batch_size: BatchSizeOption = 16,
) -> None:
    """Extract entities and relations from articles and print them (nothing is stored)."""
    from frontierkg.cli.output_file import open_output
    from ingest.extraction import Extractor, extraction_record

    del fmt  # jsonl is the only format
    failures: list[IngestInputError] = []
    extractor = Extractor()
    count = 0
    with open_output(output) as out:
        for extraction in extractor.extract(
            _articles(paths, failures), n_process=n_process, batch_size=batch_size
        ):
            out.write(json.dumps(extraction_record(extraction), ensure_ascii=False) + "\n")
            count += 1
    error_console.print(f"extracted {count} article(s), {len(failures)} input error(s)")
    if failures:
        raise typer.Exit(code=1)


def _score_table(report: EvaluationReport) -> Table:
    table = Table(title="Extraction quality (micro-averaged)")
    for column in ("", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="right" if column else "left")
    rows: list[tuple[str, Counts]] = [
        ("entities", report.entities),
        ("relations", report.relations),
    ]
    rows += [(f"  {p}", c) for p, c in sorted(report.per_predicate.items())]
    for label, c in rows:
        table.add_row(
            label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
            str(c.tp), str(c.fp), str(c.fn),
        )  # fmt: skip
    return table


def _article_table(report: EvaluationReport) -> Table:
    table = Table(title="Per article")
    table.add_column("article", overflow="fold")
    for column in ("entity F1", "ent fp", "ent fn", "relation F1", "rel fp", "rel fn"):
        table.add_column(column, justify="right")
    for a in report.articles:
        table.add_row(
            a.id, f"{a.entities.f1:.3f}", str(a.entities.fp), str(a.entities.fn),
            f"{a.relations.f1:.3f}", str(a.relations.fp), str(a.relations.fn),
        )  # fmt: skip
    return table


def _explain(console: Console, report: EvaluationReport) -> None:
    for a in report.articles:
        console.rule(f"{a.id}  entities F1 {a.entities.f1:.3f}  relations F1 {a.relations.f1:.3f}")
        for title, items in (
            ("missed entities", a.missed_entities),
            ("false entities", a.false_entities),
            ("missed relations", a.missed_relations),
            ("false relations", a.false_relations),
        ):
            if items:
                console.print(f"[bold]{title}[/]: " + "; ".join(items), highlight=False)


def run_evaluation(
    gold_dir: Path, n_process: int = 1, batch_size: int = 16
) -> tuple[EvaluationReport, float]:
    """Extract every gold article and score it; returns the report and seconds spent."""
    from ingest.extraction import Extractor, extraction_record

    gold = load_gold(gold_dir)
    extractor = Extractor()
    started = time.perf_counter()
    inputs: Iterable[ArticleInput] = (g.article_input(origin=gold_dir.name) for g in gold)
    predicted = {
        e.article.id: ArticleRecord.model_validate(extraction_record(e))
        for e in extractor.extract(inputs, n_process=n_process, batch_size=batch_size)
    }
    return evaluate(gold, predicted), time.perf_counter() - started


@app.command("eval")
def eval_command(
    gold_dir: Annotated[
        Path, typer.Argument(help="Directory of gold *.json files (e.g. ../shared/eval/dev).")
    ],
    explain: Annotated[
        bool, typer.Option("--explain", help="List misses and false positives per article.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    n_process: NProcessOption = 1,
    batch_size: BatchSizeOption = 16,
) -> None:
    """Score the extractor against gold annotations (entity and relation P/R/F1)."""
    report, seconds = run_evaluation(gold_dir, n_process=n_process, batch_size=batch_size)
    if as_json:
        summary = report.summary()
        summary["seconds"] = round(seconds, 3)
        sys.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    console.print(_score_table(report))
    console.print(_article_table(report))
    if explain:
        _explain(console, report)
    console.print(f"{len(report.articles)} articles in {seconds:.2f}s")


__all__ = ["eval_command", "extract", "run_evaluation"]
