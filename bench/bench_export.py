"""Export/import figures on a synthetic graph in two embedded stores (prints, never asserts).

Usage: .venv/bin/python bench/bench_export.py [ENTITIES]

Prints records/s for ``export json``, ``import json`` and ``export rdf`` per format, and
the exporter's peak Python allocation (tracemalloc) for the full graph and for a graph a
tenth the size: with streaming the two peaks stay close.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from frontierkg.settings import load_settings
from graph.factory import open_store
from graph.json_dump import export_json, import_json
from graph.models import (
    ArticleRecord,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    Mention,
    RelationUpsert,
)
from graph.rdf_export import RdfFormat, export_rdf
from graph.store import GraphStore
from schema import EntityType, Predicate


class _Sink:
    """Counts characters instead of keeping them (so memory figures are the exporter's)."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def _seed(store: GraphStore, entities: int, batch: int = 1000) -> int:
    """Organizations releasing models; one article per 10 edges. Returns records written."""
    orgs, models = entities // 2, entities - entities // 2
    now = datetime(2026, 6, 30, tzinfo=UTC)
    written = 0
    for start in range(0, models, batch):
        ids = range(start, min(start + batch, models))
        arts = {i // 10 for i in ids}
        batch_ = GraphBatch(
            articles=tuple(
                ArticleRecord(
                    id=f"a{a}",
                    title=f"Article {a}",
                    published=date(2025, 1, 1) + timedelta(days=a % 365),
                    source="bench",
                    content_hash=f"h{a}",
                    ingested_at=now,
                )
                for a in sorted(arts)
            ),
            entities=tuple(
                e
                for i in ids
                for e in (
                    EntityUpsert(
                        id=f"organization:org-{i % orgs}",
                        type=EntityType.ORGANIZATION,
                        name=f"Org {i % orgs}",
                        aliases=(f"O{i % orgs}",),
                    ),
                    EntityUpsert(id=f"aimodel:m-{i}", type=EntityType.AI_MODEL, name=f"M {i}"),
                )
            ),
            mentions=tuple(
                Mention(article_id=f"a{i // 10}", entity_id=f"aimodel:m-{i}") for i in ids
            ),
            relations=tuple(
                RelationUpsert(
                    subject_id=f"organization:org-{i % orgs}",
                    predicate=Predicate.RELEASES,
                    object_id=f"aimodel:m-{i}",
                    evidence=(
                        EvidenceRecord(
                            article_id=f"a{i // 10}",
                            sentence=f"Org {i % orgs} released M {i}.",
                            start=i % 1000,
                            end=i % 1000 + 20,
                            confidence=0.8,
                            extractor_version="bench",
                        ),
                    ),
                )
                for i in ids
            ),
        )
        store.upsert(batch_)
        written += len(batch_.articles) + len(batch_.entities) + 3 * len(ids)
    return written


def _peak(store: GraphStore, fmt: RdfFormat) -> float:
    tracemalloc.start()
    export_rdf(store, _Sink(), fmt, batch_size=1000)  # type: ignore[arg-type]
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Export/import benchmark: JSON dump and RDF export of a synthetic graph."
    )
    parser.add_argument("entities", nargs="?", type=int, default=20_000)
    entities = parser.parse_args().entities
    root = Path(tempfile.mkdtemp(prefix="fkg-bench-export-"))
    small = open_store(load_settings(data_dir=root / "small"))
    source = open_store(load_settings(data_dir=root / "source"))
    target = open_store(load_settings(data_dir=root / "target"))
    try:
        _seed(small, entities // 10)
        _seed(source, entities)
        counts = source.counts()
        records = counts.articles + counts.entities + counts.relations + 2 * counts.evidence
        print(
            f"graph: {counts.entities} entities, {counts.relations} relations, "
            f"{counts.evidence} evidence, {counts.articles} articles"
        )
        dump = root / "dump.jsonl"
        started = time.perf_counter()
        with dump.open("w", encoding="utf-8") as out:
            export_json(source, out)
        took = time.perf_counter() - started
        size = dump.stat().st_size
        print(f"export json: {took:.2f}s, {records / took:,.0f} records/s, {size:,} B")
        started = time.perf_counter()
        import_json(target, dump)
        took = time.perf_counter() - started
        print(f"import json: {took:.2f}s, {records / took:,.0f} records/s")
        for fmt in RdfFormat:
            sink = _Sink()
            started = time.perf_counter()
            summary = export_rdf(source, sink, fmt)  # type: ignore[arg-type]
            took = time.perf_counter() - started
            print(
                f"export rdf {fmt.value}: {took:.2f}s, {summary.triples / took:,.0f} triples/s, "
                f"{summary.triples:,} triples"
            )
        for fmt in RdfFormat:
            print(
                f"peak Python memory, rdf {fmt.value}: {_peak(small, fmt):.1f} MiB at 1/10 size, "
                f"{_peak(source, fmt):.1f} MiB at full size"
            )
    finally:
        for store in (small, source, target):
            store.close()


if __name__ == "__main__":
    main()
