"""Per-request DataLoaders: each batch is one store call (one round trip) for all keys.

A page of N entities with their relations and evidence therefore costs the same number
of store calls whatever N is. Store calls are blocking, so they run in worker threads
and never stall the event loop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from functools import partial
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
from graph.store import GraphStore

R = TypeVar("R")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
G = TypeVar("G", bound=Hashable)

EvidencePage = tuple[int, list[EvidenceView]]
#: Entity id, relation query, evidence page size (None: no evidence wanted).
DetailKey = tuple[str, NeighbourQuery, int | None]


async def run_store(call: Callable[[], R]) -> R:
    """Run a blocking store call in a worker thread."""
    return await to_thread.run_sync(call)


async def _grouped(keys: Sequence[tuple[K, G]], fetch: Callable[[list[K], G], list[V]]) -> list[V]:
    """Batch keys that share their second part (e.g. the same query) into one call each."""
    groups: dict[G, list[int]] = defaultdict(list)
    for index, (_, group) in enumerate(keys):
        groups[group].append(index)
    results: dict[int, V] = {}
    for group, indexes in groups.items():
        values = await run_store(partial(fetch, [keys[i][0] for i in indexes], group))
        results.update(zip(indexes, values, strict=True))
    return [results[i] for i in range(len(keys))]


class Loaders:
    """The DataLoaders of one request (never shared between requests)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.entity = DataLoader[str, EntityRecord | None](load_fn=self._entities)
        self.article = DataLoader[str, ArticleRecord | None](load_fn=self._articles)
        self.neighbours = DataLoader[tuple[str, NeighbourQuery], Page[RelationRecord]](
            load_fn=self._neighbours
        )
        self.evidence = DataLoader[tuple[EdgeKey, int], EvidencePage](load_fn=self._evidence)
        self.details = DataLoader[DetailKey, Page[RelationDetail]](load_fn=self._details)
        self.article_entities = DataLoader[str, list[str]](load_fn=self._article_entities)
        self.article_relations = DataLoader[str, list[RelationRecord]](
            load_fn=self._article_relations
        )

    async def _entities(self, ids: list[str]) -> list[EntityRecord | None]:
        return await run_store(partial(self.store.get_entities, ids))

    async def _articles(self, ids: list[str]) -> list[ArticleRecord | None]:
        return await run_store(partial(self.store.get_articles, ids))

    async def _neighbours(
        self, keys: list[tuple[str, NeighbourQuery]]
    ) -> list[Page[RelationRecord]]:
        return await _grouped(keys, self.store.neighbours)

    async def _details(self, keys: list[DetailKey]) -> list[Page[RelationDetail]]:
        """Relation pages with both ends and the evidence asked for: one call per query.

        The relations carry what was read (``api.types.relation.relation_from_detail``),
        so their ``subject``, ``object`` and ``evidence`` need no further round trip.
        """

        def fetch(
            ids: list[str], group: tuple[NeighbourQuery, int | None]
        ) -> list[Page[RelationDetail]]:
            return self.store.relation_details(ids, group[0], group[1])

        return await _grouped(
            [(entity_id, (query, first)) for entity_id, query, first in keys], fetch
        )

    async def _evidence(self, keys: list[tuple[EdgeKey, int]]) -> list[EvidencePage]:
        def fetch(edges: list[EdgeKey], first: int) -> list[EvidencePage]:
            return self.store.evidence(edges, first=first)

        return await _grouped(keys, fetch)

    async def _article_entities(self, ids: list[str]) -> list[list[str]]:
        return await run_store(partial(self.store.article_entities, ids))

    async def _article_relations(self, ids: list[str]) -> list[list[RelationRecord]]:
        return await run_store(partial(self.store.article_relations, ids))


__all__ = ["DetailKey", "Loaders", "run_store"]
