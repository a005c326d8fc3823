"""Ingest benchmark: full ``frontierkg ingest`` path versus bare ``nlp.pipe``, in one run.

Replicates the ``../shared/eval/dev`` articles (distinct ids) to at least ``--articles``
articles, writes them as one JSONL file, then measures in this process:

1. ``nlp.pipe`` over the texts with the pipeline the extractor uses (the floor);
2. the full ingest: read the JSONL file, dedup against the store, extract, resolve and
   write to a fresh embedded FalkorDB store in a temporary data dir.

The bare pipe runs before and after the ingest and its mean is used, so drift in machine
load cancels out. Prints wall and CPU times (CPU: this process plus the FalkorDB server,
robust when other processes compete for the cores), the ratio (target <= 1.5),
articles/s, words/s and peak memory (``ru_maxrss``; ``--tracemalloc`` adds the
Python-heap peak of the ingest, slower).
This is a figure printer, not a test: nothing is asserted.

    .venv/bin/python bench/ingest_bench.py [--articles 500] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from frontierkg.settings import load_settings  # noqa: E402
from graph.factory import open_store  # noqa: E402
from ingest.extraction import DEFAULT_BATCH_SIZE, Extractor  # noqa: E402
from ingest.pipeline import get_nlp  # noqa: E402
from ingest.readers import read_paths  # noqa: E402
from ingest.service import IngestService, IngestStatus  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev"


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _replicated(count: int) -> list[dict[str, object]]:
    originals = [json.loads(p.read_text("utf-8")) for p in sorted(DEV.glob("*.json"))]
    if not originals:
        raise SystemExit(f"no dev articles in {DEV}")
    rows = []
    for i in range(count):
        data = originals[i % len(originals)]
        rows.append(
            {
                "id": f"{data['id']}-r{i // len(originals)}",
                "url": None,
                "title": data["title"],
                "published": data["published"],
                "source": data["source"],
                "text": data["text"],
            }
        )
    return rows


def _server_cpu_s(pid: str | None) -> float:
    """CPU seconds used so far by the FalkorDB server process (0 when unknown)."""
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Timing:
    """Wall and CPU seconds of one phase (CPU: this process plus the store server)."""

    def __init__(self, server_pid: str | None = None) -> None:
        self._server_pid = server_pid
        self._wall = time.perf_counter()
        self._cpu = time.process_time() + _server_cpu_s(server_pid)
        self.wall = self.cpu = 0.0

    def stop(self) -> Timing:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() + _server_cpu_s(self._server_pid) - self._cpu
        return self


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    rows = _replicated(args.articles)
    texts = [str(r["text"]) for r in rows]
    words = sum(len(t.split()) for t in texts)
    rss_start = _rss_mib()

    with tempfile.TemporaryDirectory(prefix="fkg-bench-") as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
        settings = load_settings(data_dir=Path(tmp) / "graph")

        nlp = get_nlp()
        for _ in nlp.pipe(texts[:8]):  # warm-up: lazy loading out of both timings
            pass
        rss_model = _rss_mib()

        def bare_pipe() -> Timing:
            timing = Timing()
            for _ in nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE):
                pass
            return timing.stop()

        # pipe, ingest, pipe: the mean of the two pipe runs absorbs drift in machine load.
        pipe_runs = [bare_pipe()]
        rss_pipe = _rss_mib()

        store = open_store(settings)
        try:
            service = IngestService(store, Extractor(nlp=nlp, settings=settings), settings)
            if args.tracemalloc:
                tracemalloc.start()
            ingest = Timing(store.describe().get("server_pid"))
            statuses: dict[str, int] = {}
            for result in service.ingest(
                read_paths([str(corpus)], settings=settings), batch_size=args.batch_size
            ):
                statuses[result.status.value] = statuses.get(result.status.value, 0) + 1
            ingest.stop()
            heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
            tracemalloc.stop()
            counts = store.counts()
        finally:
            store.close()
        rss_ingest = _rss_mib()
        pipe_runs.append(bare_pipe())

    pipe_wall = sum(t.wall for t in pipe_runs) / len(pipe_runs)
    pipe_cpu = sum(t.cpu for t in pipe_runs) / len(pipe_runs)
    n = len(rows)
    print(f"articles: {n} ({len({r['id'] for r in rows})} distinct ids), words: {words:,}")
    print(
        f"results: {statuses}  graph: {counts.entities} entities, {counts.relations} "
        f"relations, {counts.evidence} evidence"
    )
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"bare nlp.pipe runs (wall s): {', '.join(f'{t.wall:.2f}' for t in pipe_runs)}")
    for label, wall, cpu in (
        ("bare nlp.pipe", pipe_wall, pipe_cpu),
        ("full ingest", ingest.wall, ingest.cpu),
    ):
        print(
            f"{label:13} : {wall:7.2f} s wall  {cpu:7.2f} s CPU  {n / wall:6.1f} articles/s  "
            f"{words / wall:8,.0f} words/s"
        )
    print(
        f"ratio ingest / nlp.pipe: wall {ingest.wall / pipe_wall:.2f}, "
        f"CPU {ingest.cpu / pipe_cpu:.2f} (target <= 1.5)"
    )
    print(
        f"peak RSS (MiB): start {rss_start:.0f}, model loaded {rss_model:.0f}, "
        f"after nlp.pipe {rss_pipe:.0f}, after ingest {rss_ingest:.0f}"
    )
    if heap_peak is not None:
        print(f"Python heap peak during ingest (tracemalloc): {heap_peak:.1f} MiB")
    if statuses.get(IngestStatus.FAILED.value):
        print("WARNING: some articles failed; the figures are not comparable")


if __name__ == "__main__":
    main()
