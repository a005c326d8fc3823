"""API benchmark: GraphQL over the embedded store versus calling the store directly.

Seeds an embedded FalkorDB (temporary data dir) with synthetic entities and relations
(default 100k / 300k, one evidence sentence each), then for four workloads measures p50,
p99 and requests/s at a fixed concurrency, once through GraphQL (in-process ASGI, the
real app with its DataLoaders and limits) and once calling the store for the same data,
and prints the GraphQL/direct latency ratio. Prints figures; asserts nothing.

    .venv/bin/python bench/api_bench.py                      # 100k / 300k, concurrency 8
    .venv/bin/python bench/api_bench.py --concurrency 1,8    # both levels
    .venv/bin/python bench/api_bench.py --entities 20000 --requests 200
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import aiohttp
import orjson

from api.app import create_app
from frontierkg.settings import Settings, load_settings
from graph.falkordb_store import EmbeddedStore
from graph.models import (
    ArticleRecord,
    Direction,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    Mention,
    NeighbourQuery,
    RelationUpsert,
)
from graph.store import GraphStore
from schema import EntityType, Predicate

ORG_PREDICATES = (Predicate.INVESTS_IN, Predicate.SUPPLIES, Predicate.PARTNERS_WITH)
CHIP_PREDICATES = (Predicate.USES, Predicate.DEVELOPS, Predicate.MANUFACTURES)


@dataclass
class Dataset:
    hubs: list[str]  # organisations with at least 20 relations
    names: list[str]
    pairs: list[tuple[str, str]]  # entities 2 or 3 hops apart


def _eid(kind: str, i: int) -> str:
    return f"{kind}:{i:06d}"


def seed(
    store: GraphStore, n_entities: int, n_relations: int, batch: int = 1000, write: bool = True
) -> Dataset:
    """Orgs (90%) and chips (10%); relations org->org and org->chip, one evidence each.

    Subjects are drawn with a skew (a few very active organisations, a long tail), so
    there are hubs with 20+ relations as in real news graphs. The data depends only on
    the sizes (fixed seed); ``write=False`` recomputes the dataset of a graph seeded
    before (``--data-dir`` reuse) without writing it again.
    """
    rng = random.Random(7)
    n_chips = max(1, n_entities // 10)
    n_orgs = n_entities - n_chips
    org_ids = [_eid("organization", i) for i in range(n_orgs)]
    chip_ids = [_eid("chip", i) for i in range(n_chips)]
    names = [f"Org {i:06d}" for i in range(n_orgs)]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    n_articles = 1000
    articles = tuple(
        ArticleRecord(
            id=f"bench-{i}",
            title=f"Bench article {i}",
            published=date(2024, 1, 1) + timedelta(days=i % 700),
            source="bench.example",
            content_hash=f"h{i}",
            ingested_at=now,
        )
        for i in range(n_articles)
    )
    entities = [
        EntityUpsert(id=e, type=EntityType.ORGANIZATION, name=n, aliases=(f"O{i}",))
        for i, (e, n) in enumerate(zip(org_ids, names, strict=True))
    ] + [
        EntityUpsert(id=c, type=EntityType.CHIP, name=f"Chip {i:06d}")
        for i, c in enumerate(chip_ids)
    ]
    started = time.perf_counter()
    if write:
        store.upsert(GraphBatch(articles=articles))
        for i in range(0, len(entities), batch):
            store.upsert(GraphBatch(entities=tuple(entities[i : i + batch])))
    entity_s = time.perf_counter() - started
    degree: dict[str, int] = {}
    adjacency: dict[str, list[str]] = {}
    seen: set[tuple[str, Predicate, str]] = set()
    relations: list[RelationUpsert] = []
    mentions: dict[tuple[str, str], int] = {}

    def flush() -> None:
        if relations and write:
            store.upsert(
                GraphBatch(
                    relations=tuple(relations),
                    mentions=tuple(
                        Mention(article_id=a, entity_id=e, count=c)
                        for (a, e), c in mentions.items()
                    ),
                )
            )
        relations.clear()
        mentions.clear()

    started = time.perf_counter()
    while len(seen) < n_relations:
        subject = org_ids[int(n_orgs * rng.random() ** 3)]
        if rng.random() < 0.5:
            predicate, obj = rng.choice(CHIP_PREDICATES), rng.choice(chip_ids)
        else:
            predicate, obj = rng.choice(ORG_PREDICATES), rng.choice(org_ids)
        if obj == subject or (subject, predicate, obj) in seen:
            continue
        seen.add((subject, predicate, obj))
        article = f"bench-{rng.randrange(n_articles)}"
        sentence = f"{subject} {predicate.value.lower()} {obj}."
        relations.append(
            RelationUpsert(
                subject_id=subject,
                predicate=predicate,
                object_id=obj,
                evidence=(
                    EvidenceRecord(
                        article_id=article,
                        sentence=sentence,
                        start=0,
                        end=len(sentence),
                        confidence=round(rng.uniform(0.5, 0.95), 2),
                        extractor_version="bench",
                    ),
                ),
            )
        )
        adjacency.setdefault(subject, []).append(obj)
        adjacency.setdefault(obj, []).append(subject)
        for end in (subject, obj):
            degree[end] = degree.get(end, 0) + 1
            mentions[(article, end)] = mentions.get((article, end), 0) + 1
        if len(relations) >= batch:
            flush()
    flush()
    relation_s = time.perf_counter() - started
    print(
        f"{'seeded' if write else 'reused (already seeded)'} {len(entities):,} entities "
        f"in {entity_s:.1f} s, {len(seen):,} relations (+ evidence, mentions) in "
        f"{relation_s:.1f} s"
    )
    hubs = [e for e, d in degree.items() if d >= 20 and e.startswith("organization")]
    pairs: list[tuple[str, str]] = []
    starts = [e for e in org_ids if e in adjacency]
    while len(pairs) < 1000:
        start = end = rng.choice(starts)
        for _ in range(rng.choice((2, 3))):
            end = rng.choice(adjacency[end])
        if end != start and end not in adjacency[start]:
            pairs.append((start, end))
    print(f"{len(hubs):,} organisations with 20+ relations")
    return Dataset(hubs=hubs, names=names, pairs=pairs)


# ---------------------------------------------------------------- workloads

SEARCH = """query($t: String!) { search(text: $t, first: 10) { score entity { id name type } } }"""

ENTITY = """query($id: ID!) { entity(id: $id) { id name type aliases firstSeen lastSeen
  mentionCount relations(first: 20) { totalCount edges { node { id predicate confidence
  firstSeen lastSeen evidenceCount subject { id name type } object { id name type }
  evidence(first: 5) { totalCount edges { node { sentence start end confidence
  article { id url title published source } } } } } } } } }"""

TWO_HOP = """query($id: ID!) { entity(id: $id) { id relations(direction: OUT, first: 10) {
  edges { node { predicate object { id name relations(first: 10) { edges { node { predicate
    subject { id name } object { id name } } } } } } } } } }"""

PATHS = """query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxLength: 3) { length
  relations { predicate subject { name } object { name } } } }"""


def direct_search(store: GraphStore, text: str) -> Any:
    return store.search(text, None, 10)


def direct_entity(store: GraphStore, entity: str) -> Any:
    """The entity, then its relation page with both ends and 5 evidence views per edge."""
    [record] = store.get_entities([entity])
    [page] = store.relation_details([entity], NeighbourQuery(first=20), evidence_first=5)
    return record, page


def direct_two_hop(store: GraphStore, entity: str) -> Any:
    """The entity, its 10 outgoing edges with their ends, then 10 edges of each neighbour."""
    [record] = store.get_entities([entity])
    query = NeighbourQuery(direction=Direction.OUT, first=10)
    [page] = store.relation_details([entity], query)
    others = list(dict.fromkeys(d.relation.object_id for d in page.items))
    return record, page, store.relation_details(others, NeighbourQuery(first=10))


def direct_paths(store: GraphStore, a: str, b: str) -> Any:
    paths = store.shortest_paths(a, b, 3, None, 10)
    ends = {e for p in paths for r in p.relations for e in (r.subject_id, r.object_id)}
    return store.get_entities(sorted(ends))


def _load() -> str:
    """The machine's load average: figures from a busy machine are not comparable."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _served_by(workers: int) -> str:
    if workers == 0:
        return "in-process (ASGI calls into the app object, no HTTP client)"
    return f"by uvicorn with {workers} worker process(es) over a unix socket (aiohttp client)"


class GraphQLClient(Protocol):
    async def post(self, body: bytes) -> tuple[int, dict[str, Any]]:
        """POST a JSON body to ``/graphql``; the status and the decoded response."""
        ...


class AsgiClient:
    """Calls the app object in this process through the ASGI interface, no HTTP client.

    What is measured is the app (routing, GraphQL, the store calls), not a client
    library: httpx, used before, spent ~1.2 ms of CPU per entity page in this
    process building the request and reading the response.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def post(self, body: bytes) -> tuple[int, dict[str, Any]]:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"bench"),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
            "client": ("127.0.0.1", 0),
            "server": ("bench", 80),
        }
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        status = 0
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # no disconnect while the response is built
            raise AssertionError("unreachable")

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, orjson.loads(b"".join(chunks))


class SocketClient:
    """HTTP/1.1 over uvicorn's unix socket with aiohttp (keep-alive connections).

    aiohttp costs ~0.4 ms of CPU per entity page, httpx ~1.6 ms: the client shares the
    machine's two cores with the server, so a heavy client slows what it measures.
    """

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def post(self, body: bytes) -> tuple[int, dict[str, Any]]:
        headers = {"content-type": "application/json"}
        async with self.session.post("http://bench/graphql", data=body, headers=headers) as reply:
            return reply.status, orjson.loads(await reply.read())

    async def ready(self) -> bool:
        try:
            async with self.session.get("http://bench/readyz") as reply:
                return reply.status == 200
        except aiohttp.ClientError:
            return False


@asynccontextmanager
async def _graphql_client(
    settings: Settings, store: GraphStore, workers: int
) -> AsyncIterator[GraphQLClient]:
    """A client of the real app: in this process (``workers == 0``) or served by uvicorn.

    Uvicorn's workers open the same embedded graph (they attach to the running server)
    and spread GraphQL's CPU work over processes, as a deployment would.
    """
    if workers == 0:
        app = create_app(settings, store=store)
        async with app.router.lifespan_context(app):
            yield AsgiClient(app)
        return
    socket = settings.data_dir / "bench-api.sock"
    socket.unlink(missing_ok=True)  # left by a run that was killed: uvicorn would not bind
    env = {
        **os.environ,
        "FRONTIERKG_DATA_DIR": str(settings.data_dir),
        "FRONTIERKG_GRAPH_NAME": "bench",
        "FRONTIERKG_ENVIRONMENT": "production",
        "FRONTIERKG_MAX_PAGE_SIZE": str(settings.max_page_size),
    }
    command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--uds", str(socket)]
    command += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parent.parent)
    # A connection per request: kept-alive connections stay with the worker that
    # accepted them, and 8 of them split 6/2 or 7/1 as often as 4/4; many independent
    # clients, as in use, spread over the workers.
    connector = aiohttp.UnixConnector(path=str(socket), force_close=True)
    try:
        async with aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=60)
        ) as session:
            client = SocketClient(session)
            for _ in range(600):
                if server.poll() is not None:
                    raise RuntimeError(f"uvicorn exited with {server.returncode}")
                if await client.ready():
                    break
                await asyncio.sleep(0.1)
            yield client
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass
class Figures:
    p50_ms: float
    p99_ms: float
    rps: float
    cpu_ms: float  # CPU time of this process per request (all threads)

    def row(self, cpu: bool = True) -> str:
        cpu_text = f"{self.cpu_ms:9.2f}" if cpu else f"{'-':>9}"
        return f"{self.p50_ms:8.2f} {self.p99_ms:8.2f} {self.rps:9.1f} {cpu_text}"


def _figures(latencies: Sequence[float], wall: float, cpu: float) -> Figures:
    """Latency percentiles, throughput and CPU per request.

    CPU time is far less sensitive than latency to other jobs on a busy machine, so it
    compares runs made under different load.
    """
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    n = len(ordered)
    return Figures(statistics.median(ordered) * 1000, p99 * 1000, n / wall, cpu / n * 1000)


async def run_graphql(
    client: GraphQLClient,
    requests: list[tuple[str, dict[str, Any]]],
    concurrency: int,
) -> Figures:
    queue = list(reversed(requests))
    latencies: list[float] = []

    async def worker() -> None:
        while queue:
            query, variables = queue.pop()
            started = time.perf_counter()
            status, body = await client.post(orjson.dumps({"query": query, "variables": variables}))
            latencies.append(time.perf_counter() - started)
            if status != 200 or body.get("errors"):
                raise RuntimeError(f"GraphQL error ({status}): {body}")

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return _figures(latencies, time.perf_counter() - started, time.process_time() - cpu)


def run_direct(calls: list[Callable[[], Any]], concurrency: int) -> Figures:
    def timed(call: Callable[[], Any]) -> float:
        started = time.perf_counter()
        call()
        return time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = list(pool.map(timed, calls))
    return _figures(latencies, time.perf_counter() - started, time.process_time() - cpu)


async def benchmark(settings: Settings, args: argparse.Namespace) -> None:
    store = EmbeddedStore(settings, graph_name="bench")
    try:
        counts = store.counts()
        seeded = (counts.entities, counts.relations) == (args.entities, args.relations)
        data = seed(store, args.entities, args.relations, write=not seeded)
        # As a server does after start-up: what is alive now is never garbage, so full
        # collections stop rescanning it (the seed data would otherwise slow every request).
        gc.collect()
        gc.freeze()
        rng = random.Random(11)
        n = args.requests
        search_terms = [rng.choice(data.names) for _ in range(n)]
        hubs = [rng.choice(data.hubs) for _ in range(n)]
        starts = [rng.choice(data.hubs) for _ in range(n)]
        pairs = [rng.choice(data.pairs) for _ in range(n)]
        workloads: list[tuple[str, list[tuple[str, dict[str, Any]]], list[Callable[[], Any]]]] = [
            (
                "search",
                [(SEARCH, {"t": t}) for t in search_terms],
                [lambda t=t: direct_search(store, t) for t in search_terms],  # type: ignore[misc]
            ),
            (
                "entity + 20 relations + evidence",
                [(ENTITY, {"id": e}) for e in hubs],
                [lambda e=e: direct_entity(store, e) for e in hubs],  # type: ignore[misc]
            ),
            (
                "2-hop neighbourhood (10 x 10)",
                [(TWO_HOP, {"id": e}) for e in starts],
                [lambda e=e: direct_two_hop(store, e) for e in starts],  # type: ignore[misc]
            ),
            (
                "paths, length <= 3",
                [(PATHS, {"a": a, "b": b}) for a, b in pairs],
                [lambda a=a, b=b: direct_paths(store, a, b) for a, b in pairs],  # type: ignore[misc]
            ),
        ]
        async with _graphql_client(settings, store, args.workers) as client:
            print(f"GraphQL served {_served_by(args.workers)}")
            for concurrency in args.concurrency:
                print(
                    f"\nconcurrency {concurrency}, {n} requests per workload "
                    f"(after {args.warmup} warm-up); {_load()}\n"
                )
                header = (
                    f"{'workload':36} {'':8} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>9} {'cpu ms':>9}"
                )
                print(header + f" {'ratio p50':>10} {'ratio p99':>10}")
                for name, graphql_requests, direct_calls in workloads:
                    await run_graphql(client, graphql_requests[: args.warmup], concurrency)
                    run_direct(direct_calls[: args.warmup], concurrency)
                    gql = await run_graphql(client, graphql_requests, concurrency)
                    direct = await asyncio.to_thread(run_direct, direct_calls, concurrency)
                    # uvicorn's workers are other processes: their CPU is not counted
                    print(f"{name:36} {'GraphQL':8} {gql.row(cpu=args.workers == 0)}")
                    print(
                        f"{'':36} {'direct':8} {direct.row()} "
                        f"{gql.p50_ms / direct.p50_ms:10.2f} {gql.p99_ms / direct.p99_ms:10.2f}"
                    )
                print(f"\n{_load()}")
    finally:
        store.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=400, help="per workload")
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="0: the app in-process over ASGI (default); N: uvicorn with N worker processes",
    )
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[8],
        help="comma-separated levels, e.g. 1,8",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="default: a temp dir; a dir seeded before with the same sizes is reused",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fkg-bench-") as tmp:
        settings = load_settings(
            data_dir=args.data_dir or Path(tmp),
            environment="production",
            max_page_size=100,
        )
        asyncio.run(benchmark(settings, args))


if __name__ == "__main__":
    main()
