"""Per-request DataLoaders: each batch is one store call (one round trip) for all keys.

A page of N entities with their relations and evidence therefore costs the same number
of store calls whatever N is. The calls go through the store's ``AsyncReader``: on the
event loop where the store has an asyncio client (the embedded store), else in worker
threads; either way they never stall the event loop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from functools import cached_property, partial
from typing import TypeVar

from anyio import to_thread
from strawberry.dataloader import DataLoader

from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityRecord,
    EvidenceView,
    NeighbourQuery,
    Page,
    RelationDetail,
    RelationRecord,
)
from graph.read_steps import AsyncReader
from graph.store import GraphStore

R = TypeVar("R")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
G = TypeVar("G", bound=Hashable)

EvidencePage = tuple[int, list[EvidenceView]]
#: Entity id, relation query, evidence page size (None: no evidence wanted).
DetailKey = tuple[str, NeighbourQuery, int | None]


async def run_store(call: Callable[[], R]) -> R:
    """Run a blocking store call (writes: reads go through the context's reader) in a thread."""
    return await to_thread.run_sync(call)


async def _grouped(
    keys: Sequence[tuple[K, G]], fetch: Callable[[list[K], G], Awaitable[list[V]]]
) -> list[V]:
    """Batch keys that share their second part (e.g. the same query) into one call each."""
    groups: dict[G, list[int]] = defaultdict(list)
    for index, (_, group) in enumerate(keys):
        groups[group].append(index)
    results: dict[int, V] = {}
    for group, indexes in groups.items():
        values = await fetch([keys[i][0] for i in indexes], group)
        results.update(zip(indexes, values, strict=True))
    return [results[i] for i in range(len(keys))]


class Loaders:
    """The DataLoaders of one request (never shared between requests).

    Their batch functions are module functions bound to the store, not methods of this
    object: a loader holding a method of its owner forms a reference cycle, and all a
    request read would then wait for the garbage collector instead of being freed with
    the request.
    """

    def __init__(self, store: GraphStore, reader: AsyncReader) -> None:
        self.store = store
        self.reader = reader

    # Each loader is made on first use: most requests need one or two of them.
    @cached_property
    def entity(self) -> DataLoader[str, EntityRecord | None]:
        return DataLoader(load_fn=partial(_entities, self.store, self.reader))

    @cached_property
    def article(self) -> DataLoader[str, ArticleRecord | None]:
        return DataLoader(load_fn=partial(_articles, self.store, self.reader))

    @cached_property
    def neighbours(self) -> DataLoader[tuple[str, NeighbourQuery], Page[RelationRecord]]:
        return DataLoader(load_fn=partial(_neighbours, self.store, self.reader))

    @cached_property
    def evidence(self) -> DataLoader[tuple[EdgeKey, int], EvidencePage]:
        return DataLoader(load_fn=partial(_evidence, self.store, self.reader))

    @cached_property
    def details(self) -> DataLoader[DetailKey, Page[RelationDetail]]:
        return DataLoader(load_fn=partial(_details, self.store, self.reader))

    @cached_property
    def article_entities(self) -> DataLoader[str, list[str]]:
        return DataLoader(load_fn=partial(_article_entities, self.store, self.reader))

    @cached_property
    def article_relations(self) -> DataLoader[str, list[RelationRecord]]:
        return DataLoader(load_fn=partial(_article_relations, self.store, self.reader))


async def _entities(
    store: GraphStore, reader: AsyncReader, ids: list[str]
) -> list[EntityRecord | None]:
    return await reader.call(store.get_entities, ids)


async def _articles(
    store: GraphStore, reader: AsyncReader, ids: list[str]
) -> list[ArticleRecord | None]:
    return await reader.call(store.get_articles, ids)


async def _neighbours(
    store: GraphStore, reader: AsyncReader, keys: list[tuple[str, NeighbourQuery]]
) -> list[Page[RelationRecord]]:
    async def fetch(ids: list[str], query: NeighbourQuery) -> list[Page[RelationRecord]]:
        return await reader.call(store.neighbours, ids, query)

    return await _grouped(keys, fetch)


async def _details(
    store: GraphStore, reader: AsyncReader, keys: list[DetailKey]
) -> list[Page[RelationDetail]]:
    """Relation pages with both ends and the evidence asked for: one call per query.

    The relations carry what was read (``api.types.relation.relation_from_detail``),
    so their ``subject``, ``object`` and ``evidence`` need no further round trip.
    """

    async def fetch(
        ids: list[str], group: tuple[NeighbourQuery, int | None]
    ) -> list[Page[RelationDetail]]:
        return await reader.call(store.relation_details, ids, group[0], group[1])

    return await _grouped([(entity_id, (query, first)) for entity_id, query, first in keys], fetch)


async def _evidence(
    store: GraphStore, reader: AsyncReader, keys: list[tuple[EdgeKey, int]]
) -> list[EvidencePage]:
    async def fetch(edges: list[EdgeKey], first: int) -> list[EvidencePage]:
        return await reader.call(store.evidence, edges, first=first)

    return await _grouped(keys, fetch)


async def _article_entities(
    store: GraphStore, reader: AsyncReader, ids: list[str]
) -> list[list[str]]:
    return await reader.call(store.article_entities, ids)


async def _article_relations(
    store: GraphStore, reader: AsyncReader, ids: list[str]
) -> list[list[RelationRecord]]:
    return await reader.call(store.article_relations, ids)


__all__ = ["DetailKey", "Loaders", "run_store"]
