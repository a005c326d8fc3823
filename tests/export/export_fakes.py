"""Test doubles for the export tests: an in-memory store and a small but varied graph.

``MemoryStore`` implements the parts of ``GraphStore`` export and import use, with
the store's documented semantics (aliases unioned, evidence merged by id, edge and
entity statistics recomputed), so the dump/RDF code is tested without a server.
The integration tests run the same code against the embedded FalkorDB store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityRecord,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    GraphCounts,
    Mention,
    RelationRecord,
    RelationUpsert,
    WriteSummary,
)
from schema import EntityType, Predicate


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


class MemoryStore:
    """Dict-backed store with ``GraphStore``'s write semantics; ``upserts`` counts writes."""

    def __init__(self) -> None:
        self.articles: dict[str, ArticleRecord] = {}
        self.entities: dict[str, EntityUpsert] = {}
        self.mentions: dict[tuple[str, str], Mention] = {}
        self.evidence: dict[str, tuple[EdgeKey, EvidenceRecord]] = {}
        self.upserts: list[GraphBatch] = []

    # ------------------------------------------------------------ writes
    def upsert(self, batch: GraphBatch) -> WriteSummary:
        for article in batch.articles:
            self.articles[article.id] = article
        for entity in batch.entities:
            old = self.entities.get(entity.id)
            aliases = set(entity.aliases) | (set(old.aliases) if old else set())
            aliases.discard(entity.name)
            self.entities[entity.id] = entity.model_copy(update={"aliases": tuple(sorted(aliases))})
        for mention in batch.mentions:
            if mention.article_id not in self.articles or mention.entity_id not in self.entities:
                raise AssertionError(f"dangling mention {mention}")
            self.mentions[(mention.article_id, mention.entity_id)] = mention
        evidence = 0
        for relation in batch.relations:
            edge = relation.edge
            for item in relation.evidence:
                self.evidence[item.evidence_id(edge)] = (edge, item)
                evidence += 1
        self.upserts.append(batch)
        return WriteSummary(
            articles=len(batch.articles),
            entities=len(batch.entities),
            mentions=len(batch.mentions),
            relations=len(batch.relations),
            evidence=evidence,
        )

    def upsert_stream(self, batches: Iterable[GraphBatch]) -> Iterator[WriteSummary]:
        """Takes batch k+1 before batch k is written, as the stores' streams do."""
        source = iter(batches)
        current = next(source, None)
        while current is not None:
            following = next(source, None)
            yield self.upsert(current)
            current = following

    # ------------------------------------------------------------ derived records
    def _entity(self, entity_id: str) -> EntityRecord:
        entity = self.entities[entity_id]
        mentions = [m for m in self.mentions.values() if m.entity_id == entity_id]
        dates = [d for m in mentions if (d := self.articles[m.article_id].published) is not None]
        return EntityRecord(
            id=entity.id,
            type=entity.type,
            name=entity.name,
            aliases=entity.aliases,
            first_seen=min(dates, default=None),
            last_seen=max(dates, default=None),
            mention_count=sum(m.count for m in mentions),
        )

    def _relations(self) -> list[RelationRecord]:
        by_edge: dict[EdgeKey, list[EvidenceRecord]] = {}
        for edge, item in self.evidence.values():
            by_edge.setdefault(edge, []).append(item)
        records = []
        for edge in sorted(by_edge):
            items = by_edge[edge]
            miss = 1.0
            for item in items:
                miss *= 1.0 - item.confidence
            dates = [d for i in items if (d := self.articles[i.article_id].published) is not None]
            records.append(
                RelationRecord(
                    subject_id=edge.subject_id,
                    predicate=edge.predicate,
                    object_id=edge.object_id,
                    confidence=round(1.0 - miss, 6),
                    evidence_count=len(items),
                    first_seen=min(dates, default=None),
                    last_seen=max(dates, default=None),
                )
            )
        return records

    # ------------------------------------------------------------ reads
    def get_entities(self, ids: Sequence[str]) -> list[EntityRecord | None]:
        return [self._entity(i) if i in self.entities else None for i in ids]

    def get_articles(self, ids: Sequence[str]) -> list[ArticleRecord | None]:
        return [self.articles.get(i) for i in ids]

    def counts(self) -> GraphCounts:
        relations = self._relations()
        by_type: dict[EntityType, int] = {}
        for entity in self.entities.values():
            by_type[entity.type] = by_type.get(entity.type, 0) + 1
        by_predicate: dict[Predicate, int] = {}
        for relation in relations:
            by_predicate[relation.predicate] = by_predicate.get(relation.predicate, 0) + 1
        return GraphCounts(
            articles=len(self.articles),
            entities=len(self.entities),
            relations=len(relations),
            evidence=len(self.evidence),
            by_type=by_type,
            by_predicate=by_predicate,
        )

    # ------------------------------------------------------------ streaming
    def iter_articles(self, batch_size: int = 1000) -> Iterator[list[ArticleRecord]]:
        yield from _chunks([self.articles[k] for k in sorted(self.articles)], batch_size)

    def iter_entities(self, batch_size: int = 1000) -> Iterator[list[EntityRecord]]:
        yield from _chunks([self._entity(k) for k in sorted(self.entities)], batch_size)

    def iter_mentions(self, batch_size: int = 1000) -> Iterator[list[Mention]]:
        yield from _chunks([self.mentions[k] for k in sorted(self.mentions)], batch_size)

    def iter_relations(self, batch_size: int = 1000) -> Iterator[list[RelationRecord]]:
        yield from _chunks(self._relations(), batch_size)

    def iter_evidence(
        self, batch_size: int = 1000
    ) -> Iterator[list[tuple[EdgeKey, EvidenceRecord]]]:
        yield from _chunks([self.evidence[k] for k in sorted(self.evidence)], batch_size)


# ---------------------------------------------------------------- sample graph

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _ev(article: str, sentence: str, start: int, confidence: float) -> EvidenceRecord:
    return EvidenceRecord(
        article_id=article,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        confidence=confidence,
        extractor_version="rules-1.0",
    )


def sample_batch() -> GraphBatch:
    """Three articles, seven entities (aliases, non-ASCII), six edges, one symmetric."""
    articles = (
        ArticleRecord(
            id="art-1",
            url="https://news.example/zhipu-glm",
            title="Zhipu AI releases GLM-4",
            published=date(2026, 1, 15),
            source="Example Wire",
            content_hash="h1",
            ingested_at=NOW,
        ),
        ArticleRecord(
            id="art-2",
            url=None,
            title="US Commerce Department restricts exports",
            published=date(2026, 3, 2),
            source=None,
            content_hash="h2",
            ingested_at=NOW,
        ),
        ArticleRecord(
            id="art-3",
            title="",
            published=None,
            content_hash="h3",
            ingested_at=NOW,
        ),
    )
    entities = (
        EntityUpsert(
            id="organization:zhipu-ai",
            type=EntityType.ORGANIZATION,
            name="Zhipu AI",
            aliases=("Zhipu", "智谱", "Z.ai"),
        ),
        EntityUpsert(id="aimodel:glm-4", type=EntityType.AI_MODEL, name="GLM-4"),
        EntityUpsert(
            id="governmentbody:bis",
            type=EntityType.GOVERNMENT_BODY,
            name="Bureau of Industry and Security",
            aliases=("BIS",),
        ),
        EntityUpsert(id="chip:h20", type=EntityType.CHIP, name="H20"),
        EntityUpsert(id="organization:nvidia", type=EntityType.ORGANIZATION, name="Nvidia"),
        EntityUpsert(id="country:china", type=EntityType.COUNTRY, name="China"),
        EntityUpsert(id="benchmark:mmlu", type=EntityType.BENCHMARK, name="MMLU"),
    )
    mentions = (
        Mention(article_id="art-1", entity_id="organization:zhipu-ai", count=3),
        Mention(article_id="art-1", entity_id="aimodel:glm-4", count=2),
        Mention(article_id="art-1", entity_id="benchmark:mmlu"),
        Mention(article_id="art-2", entity_id="governmentbody:bis", count=2),
        Mention(article_id="art-2", entity_id="chip:h20"),
        Mention(article_id="art-2", entity_id="organization:nvidia"),
        Mention(article_id="art-3", entity_id="organization:zhipu-ai"),
        Mention(article_id="art-3", entity_id="country:china"),
    )
    s1 = 'Zhipu AI released GLM-4, "its best model", on Tuesday.'
    s2 = "BIS restricted sales of Nvidia's H20 to China."
    relations = (
        RelationUpsert(
            subject_id="organization:zhipu-ai",
            predicate=Predicate.RELEASES,
            object_id="aimodel:glm-4",
            evidence=(_ev("art-1", s1, 0, 0.9), _ev("art-3", "Zhipu shipped GLM-4.", 40, 0.5)),
        ),
        RelationUpsert(
            subject_id="aimodel:glm-4",
            predicate=Predicate.EVALUATED_ON,
            object_id="benchmark:mmlu",
            evidence=(_ev("art-1", "GLM-4 scores 86 on MMLU.", 120, 0.75),),
        ),
        RelationUpsert(
            subject_id="governmentbody:bis",
            predicate=Predicate.RESTRICTS,
            object_id="chip:h20",
            evidence=(_ev("art-2", s2, 10, 0.8),),
        ),
        RelationUpsert(
            subject_id="organization:nvidia",
            predicate=Predicate.MANUFACTURES,
            object_id="chip:h20",
            evidence=(_ev("art-2", "Nvidia makes the H20.", 80, 0.95),),
        ),
        # Symmetric: given object-first, the store keeps the smaller id as subject.
        RelationUpsert(
            subject_id="organization:zhipu-ai",
            predicate=Predicate.COMPETES_WITH,
            object_id="organization:nvidia",
            evidence=(_ev("art-3", "Zhipu competes with Nvidia \u2014 sort of.", 0, 0.4),),
        ),
        RelationUpsert(
            subject_id="organization:zhipu-ai",
            predicate=Predicate.BASED_IN,
            object_id="country:china",
            evidence=(_ev("art-3", "Beijing-based Zhipu\nAI.", 200, 0.7),),
        ),
    )
    return GraphBatch(articles=articles, entities=entities, mentions=mentions, relations=relations)
