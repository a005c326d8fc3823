"""The graph store interface every adapter implements and every caller depends on.

Two adapters implement it with one shared Cypher query set (``graph.queries``):
``EmbeddedStore`` (FalkorDB started by this process, the default) and
``Neo4jStore`` (production). ``open_store(settings)`` picks one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol, runtime_checkable

from graph.models import (
    ArticleQuery,
    ArticleRecord,
    EdgeKey,
    EntityQuery,
    EntityRecord,
    EvidenceRecord,
    EvidenceView,
    GraphBatch,
    GraphCounts,
    Mention,
    NeighbourQuery,
    Page,
    PathRecord,
    RelationDetail,
    RelationQuery,
    RelationRecord,
    SearchHit,
    WriteSummary,
)
from graph.read_steps import AsyncReader
from schema import EntityType, Predicate


@runtime_checkable
class GraphStore(Protocol):
    """Operations ingest and the API need. All are safe to retry.

    Errors: ``StoreUnavailableError`` when the store cannot be reached,
    ``NotFoundError`` for an unknown id in a mutation, ``GraphStoreError`` otherwise.
    """

    # ---------------------------------------------------------------- lifecycle
    def close(self) -> None: ...

    def ping(self) -> None:
        """Raise ``StoreUnavailableError`` unless the store answers a trivial query."""

    def describe(self) -> dict[str, str]:
        """Human-readable facts for ``frontierkg store status`` (backend, location, version)."""

    def async_reader(self) -> AbstractAsyncContextManager[AsyncReader]:
        """A reader that runs this store's calls from async code without blocking the loop.

        Open one per event loop (its connections belong to that loop) and close it
        before the store; ``graph.read_steps`` explains which reads avoid a thread.
        """

    # ---------------------------------------------------------------- writes
    def upsert(self, batch: GraphBatch) -> WriteSummary:
        """Merge a batch, all or nothing: idempotent and order independent.

        Entities: aliases are unioned. Edges: one per (subject, predicate, object),
        evidence merged by its deterministic id; ``confidence``, ``evidence_count``,
        ``first_seen``, ``last_seen`` recomputed from the edge's evidence, entity
        ``mention_count``/``first_seen``/``last_seen`` from its mentions.
        """

    def upsert_stream(self, batches: Iterable[GraphBatch]) -> Iterator[WriteSummary]:
        """``upsert`` each batch in order, yielding its summary once it is written.

        Faster than one ``upsert`` per batch for bulk loads: the next batch is taken,
        validated and built while the current one is written (``graph.batch_writer``).
        When a batch fails, its error is raised where its summary would be: the
        batches before it are written, none after it. Close the iterator (or run it
        to the end) to release its connection.
        """

    def replace_articles(self, batch: GraphBatch) -> WriteSummary:
        """Like ``upsert`` but first drops the evidence and mentions of the batch's articles.

        Used when an article is (re-)ingested: the batch is its complete extraction.
        Edges left with no evidence are removed. All or nothing.
        """

    def merge_entities(self, keep_id: str, merge_id: str) -> EntityRecord:
        """Move edges, evidence, mentions and aliases of ``merge_id`` onto ``keep_id``.

        The merged entity's name becomes an alias; it is deleted. Same type required.
        """

    def add_alias(self, entity_id: str, alias: str) -> EntityRecord: ...

    def delete_article(self, article_id: str) -> bool:
        """Delete an article, its evidence and mentions; edges left without evidence go.

        Returns False when no such article exists.
        """

    # ---------------------------------------------------------------- reads
    def get_entities(self, ids: Sequence[str]) -> list[EntityRecord | None]:
        """Entities in the order of ``ids`` (None where missing): one round trip."""

    def search(
        self, text: str, types: Sequence[EntityType] | None = None, limit: int = 20
    ) -> list[SearchHit]:
        """Full-text and prefix search over names and aliases, best score first."""

    def list_entities(self, query: EntityQuery) -> Page[EntityRecord]: ...

    def list_relations(self, query: RelationQuery) -> Page[RelationRecord]: ...

    def neighbours(
        self, entity_ids: Sequence[str], query: NeighbourQuery
    ) -> list[Page[RelationRecord]]:
        """Edges at each entity (same order as ``entity_ids``): one round trip for all."""

    def relation_details(
        self,
        entity_ids: Sequence[str],
        query: NeighbourQuery,
        evidence_first: int | None = None,
    ) -> list[Page[RelationDetail]]:
        """``neighbours`` with both ends of each edge and, unless ``evidence_first`` is
        None, the edge's evidence total and first ``evidence_first`` views (as
        ``evidence``): the three reads in one round trip.
        """

    def evidence(
        self, edges: Sequence[EdgeKey], first: int = 20
    ) -> list[tuple[int, list[EvidenceView]]]:
        """For each edge (same order): total evidence count and up to ``first`` views.

        Newest article first. One round trip for all edges.
        """

    def shortest_paths(
        self,
        from_id: str,
        to_id: str,
        max_length: int = 4,
        predicates: Sequence[Predicate] | None = None,
        limit: int = 10,
    ) -> list[PathRecord]:
        """Shortest undirected paths between two entities, up to ``max_length`` edges."""

    def get_articles(self, ids: Sequence[str]) -> list[ArticleRecord | None]: ...

    def list_articles(self, query: ArticleQuery) -> Page[ArticleRecord]: ...

    def article_content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """Stored content hash per known article id (unknown ids absent)."""

    def article_entities(self, article_ids: Sequence[str]) -> list[list[str]]:
        """Ids of entities each article mentions (same order as ``article_ids``)."""

    def article_relations(self, article_ids: Sequence[str]) -> list[list[RelationRecord]]:
        """Edges each article has evidence for (same order as ``article_ids``)."""

    def counts(self) -> GraphCounts: ...

    # ---------------------------------------------------------------- streaming (export)
    def iter_entities(self, batch_size: int = 1000) -> Iterator[list[EntityRecord]]: ...

    def iter_relations(self, batch_size: int = 1000) -> Iterator[list[RelationRecord]]: ...

    def iter_evidence(
        self, batch_size: int = 1000
    ) -> Iterator[list[tuple[EdgeKey, EvidenceRecord]]]: ...

    def iter_articles(self, batch_size: int = 1000) -> Iterator[list[ArticleRecord]]: ...

    def iter_mentions(self, batch_size: int = 1000) -> Iterator[list[Mention]]: ...


__all__ = ["GraphStore"]
