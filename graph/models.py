"""Records the graph store reads and writes; the contract between ingest, graph and api.

Dates are ``datetime.date`` in Python and ISO-8601 strings (``YYYY-MM-DD``) in
both stores, because FalkorDB lacks ``datetime()`` and ISO strings compare
correctly as text in either dialect. ``ingested_at`` is an ISO timestamp in UTC.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Generic, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from schema import EntityType, Predicate, ontology

T = TypeVar("T")


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated form of ``text`` (stable across runs)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if slug:
        return slug
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def entity_id(entity_type: EntityType, canonical_name: str) -> str:
    """Stable entity id derived from type and canonical name, e.g. ``organization:zhipu-ai``."""
    return f"{entity_type.value.lower()}:{slugify(canonical_name)}"


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleRecord(_Record):
    """An ingested article (its text is not stored; evidence sentences are)."""

    id: str
    url: str | None = None
    title: str = ""
    published: date | None = None
    source: str | None = None
    content_hash: str
    ingested_at: datetime


class EntityUpsert(_Record):
    """An entity to create or enrich; aliases are added to the stored ones, never removed."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()


class EntityRecord(_Record):
    """A stored entity. ``first_seen``/``last_seen``/``mention_count`` derive from mentions."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()
    first_seen: date | None = None
    last_seen: date | None = None
    mention_count: int = 0


class Mention(_Record):
    """``(Article)-[:MENTIONS {count}]->(Entity)``."""

    article_id: str
    entity_id: str
    count: int = Field(default=1, ge=1)


@cache
def _symmetric_predicates() -> frozenset[Predicate]:
    """Predicates the ontology declares symmetric (looked up once per process)."""
    return frozenset(p for p, spec in ontology().predicates.items() if spec.symmetric)


class EdgeKey(NamedTuple):
    """Identity of an edge: one edge per (subject, predicate, object).

    Symmetric predicates are stored with the smaller id as subject, see ``canonical``.
    """

    subject_id: str
    predicate: Predicate
    object_id: str

    @property
    def key(self) -> str:
        # A ``Predicate`` formats as its value (``StrEnum``); ``.value`` costs more.
        return f"{self.subject_id}|{self.predicate}|{self.object_id}"

    def canonical(self) -> EdgeKey:
        if self.object_id < self.subject_id and self.predicate in _symmetric_predicates():
            return EdgeKey(self.object_id, self.predicate, self.subject_id)
        return self


class EvidenceRecord(_Record):
    """One sentence of one article supporting one edge."""

    article_id: str
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    confidence: float = Field(ge=0.0, le=1.0)
    extractor_version: str

    def evidence_id(self, edge: EdgeKey) -> str:
        """Deterministic id so re-writing the same evidence is a no-op."""
        raw = f"{edge.canonical().key}|{self.article_id}|{self.start}|{self.end}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()


class RelationUpsert(_Record):
    """An edge with the evidence found for it in this batch."""

    subject_id: str
    predicate: Predicate
    object_id: str
    evidence: tuple[EvidenceRecord, ...] = Field(min_length=1)

    @property
    def edge(self) -> EdgeKey:
        return EdgeKey(self.subject_id, self.predicate, self.object_id).canonical()


class RelationRecord(_Record):
    """A stored edge. ``confidence`` is the noisy-or of its evidence confidences."""

    subject_id: str
    predicate: Predicate
    object_id: str
    confidence: float
    evidence_count: int
    first_seen: date | None = None
    last_seen: date | None = None

    @property
    def edge(self) -> EdgeKey:
        return EdgeKey(self.subject_id, self.predicate, self.object_id)


class EvidenceView(_Record):
    """Evidence with its article, as the API lists it."""

    edge: EdgeKey
    evidence: EvidenceRecord
    article: ArticleRecord


class RelationDetail(_Record):
    """An edge with both end entities and its first evidence (``relation_details``)."""

    relation: RelationRecord
    subject: EntityRecord
    object: EntityRecord
    evidence_total: int = 0
    evidence: tuple[EvidenceView, ...] = ()


class GraphBatch(_Record):
    """What one write carries. Entities are written before the edges that need them."""

    articles: tuple[ArticleRecord, ...] = ()
    entities: tuple[EntityUpsert, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[RelationUpsert, ...] = ()


class WriteSummary(_Record):
    articles: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    evidence: int = 0


class Direction(StrEnum):
    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"


class SearchHit(_Record):
    entity: EntityRecord
    score: float


class Page(_Record, Generic[T]):
    """One page of a list; ``end_cursor`` is opaque, pass it as ``after`` for the next page."""

    items: tuple[T, ...]
    total_count: int
    has_next_page: bool
    end_cursor: str | None = None


class NeighbourQuery(_Record):
    predicate: Predicate | None = None
    direction: Direction = Direction.BOTH
    since: date | None = None
    until: date | None = None
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    first: int = Field(default=20, ge=0)
    after: str | None = None


# ---------------------------------------------------------------- list filters


class RelationCountFilter(_Record):
    """Entity has at least ``at_least`` relations of ``predicate`` in ``direction``."""

    predicate: Predicate
    direction: Direction = Direction.BOTH
    at_least: int = Field(default=1, ge=0)


class EntityFilter(_Record):
    """Boolean filter over entities; all set fields of one filter are ANDed."""

    and_: tuple[EntityFilter, ...] = ()
    or_: tuple[EntityFilter, ...] = ()
    not_: EntityFilter | None = None
    id_in: tuple[str, ...] | None = None
    type_in: tuple[EntityType, ...] | None = None
    name_eq: str | None = None
    name_in: tuple[str, ...] | None = None
    name_contains: str | None = None
    name_starts_with: str | None = None
    alias_eq: str | None = None
    alias_in: tuple[str, ...] | None = None
    alias_contains: str | None = None
    alias_starts_with: str | None = None
    first_seen_gte: date | None = None
    first_seen_lte: date | None = None
    last_seen_gte: date | None = None
    last_seen_lte: date | None = None
    mention_count_gte: int | None = None
    relation_counts: tuple[RelationCountFilter, ...] = ()


class EntitySortField(StrEnum):
    NAME = "NAME"
    FIRST_SEEN = "FIRST_SEEN"
    LAST_SEEN = "LAST_SEEN"
    MENTION_COUNT = "MENTION_COUNT"
    RELATION_COUNT = "RELATION_COUNT"


class EntitySort(_Record):
    field: EntitySortField
    descending: bool = False
    predicate: Predicate | None = None  # RELATION_COUNT: count only this predicate
    direction: Direction = Direction.BOTH  # RELATION_COUNT: IN counts edges pointing at it


class EntityQuery(_Record):
    type: EntityType | None = None
    where: EntityFilter | None = None
    order_by: tuple[EntitySort, ...] = ()
    first: int = Field(default=20, ge=0)
    after: str | None = None


class RelationFilter(_Record):
    and_: tuple[RelationFilter, ...] = ()
    or_: tuple[RelationFilter, ...] = ()
    not_: RelationFilter | None = None
    predicate_in: tuple[Predicate, ...] | None = None
    subject_id_in: tuple[str, ...] | None = None
    object_id_in: tuple[str, ...] | None = None
    either_id_in: tuple[str, ...] | None = None
    subject_type_in: tuple[EntityType, ...] | None = None
    object_type_in: tuple[EntityType, ...] | None = None
    min_confidence: float | None = None
    first_seen_gte: date | None = None
    first_seen_lte: date | None = None
    last_seen_gte: date | None = None
    last_seen_lte: date | None = None
    min_evidence_count: int | None = None


class RelationSortField(StrEnum):
    FIRST_SEEN = "FIRST_SEEN"
    LAST_SEEN = "LAST_SEEN"
    CONFIDENCE = "CONFIDENCE"
    EVIDENCE_COUNT = "EVIDENCE_COUNT"


class RelationSort(_Record):
    field: RelationSortField
    descending: bool = False


class RelationQuery(_Record):
    where: RelationFilter | None = None
    order_by: tuple[RelationSort, ...] = ()
    first: int = Field(default=20, ge=0)
    after: str | None = None


class ArticleQuery(_Record):
    source: str | None = None
    since: date | None = None
    until: date | None = None
    mentions_entity_id: str | None = None
    first: int = Field(default=20, ge=0)
    after: str | None = None


class PathRecord(_Record):
    """A path as its edges in order from the start entity to the end entity."""

    relations: tuple[RelationRecord, ...]

    @property
    def length(self) -> int:
        return len(self.relations)


class GraphCounts(_Record):
    articles: int
    entities: int
    relations: int
    evidence: int
    by_type: dict[EntityType, int]
    by_predicate: dict[Predicate, int]


__all__ = [
    "ArticleQuery",
    "ArticleRecord",
    "Direction",
    "EdgeKey",
    "EntityFilter",
    "EntityQuery",
    "EntityRecord",
    "EntitySort",
    "EntitySortField",
    "EntityUpsert",
    "EvidenceRecord",
    "EvidenceView",
    "GraphBatch",
    "GraphCounts",
    "Mention",
    "NeighbourQuery",
    "Page",
    "PathRecord",
    "RelationCountFilter",
    "RelationDetail",
    "RelationFilter",
    "RelationQuery",
    "RelationRecord",
    "RelationSort",
    "RelationSortField",
    "RelationUpsert",
    "SearchHit",
    "WriteSummary",
    "entity_id",
    "slugify",
]
