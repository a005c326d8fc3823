"""Builders of small, realistic graph batches for the store tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph.models import (
    ArticleRecord,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    Mention,
    RelationUpsert,
    entity_id,
)
from schema import EntityType, Predicate

T = EntityType
P = Predicate

INGESTED = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def article(
    article_id: str, published: date | None = date(2025, 1, 16), source: str = "example.org"
) -> ArticleRecord:
    return ArticleRecord(
        id=article_id,
        url=f"https://{source}/{article_id}",
        title=f"Title of {article_id}",
        published=published,
        source=source,
        content_hash=f"hash-{article_id}",
        ingested_at=INGESTED,
    )


def entity(entity_type: EntityType, name: str, *aliases: str) -> EntityUpsert:
    return EntityUpsert(
        id=entity_id(entity_type, name), type=entity_type, name=name, aliases=tuple(aliases)
    )


def evidence(
    article_id: str, sentence: str = "A sentence.", start: int = 0, confidence: float = 0.5
) -> EvidenceRecord:
    return EvidenceRecord(
        article_id=article_id,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        confidence=confidence,
        extractor_version="test-1",
    )


def relation(
    subject: EntityUpsert, predicate: Predicate, obj: EntityUpsert, *evidence_: EvidenceRecord
) -> RelationUpsert:
    return RelationUpsert(
        subject_id=subject.id, predicate=predicate, object_id=obj.id, evidence=tuple(evidence_)
    )


ZHIPU = entity(T.ORGANIZATION, "Zhipu AI", "Zhipu", "Z.ai")
ZHIPU_HZ = entity(T.ORGANIZATION, "Zhipu Huazhang", "Beijing Zhipu Huazhang Technology")
US = entity(T.COUNTRY, "United States", "US", "Washington")
CHINA = entity(T.COUNTRY, "China", "Beijing")
COMMERCE = entity(T.GOVERNMENT_BODY, "US Department of Commerce", "Commerce Department")
ENTITY_LIST = entity(T.POLICY, "Entity List")
NVIDIA = entity(T.ORGANIZATION, "Nvidia", "NVDA")
H20 = entity(T.CHIP, "H20")
TENCENT = entity(T.ORGANIZATION, "Tencent", "Tencent Holdings")
GLM = entity(T.AI_MODEL, "GLM-4.5", "GLM")


def sample_batch() -> GraphBatch:
    """Two articles, a handful of entities and edges (one with two evidence sentences)."""
    a1, a2 = article("a1", date(2025, 1, 16)), article("a2", date(2025, 3, 2), "other.net")
    return GraphBatch(
        articles=(a1, a2),
        entities=(ZHIPU, US, CHINA, COMMERCE, ENTITY_LIST, NVIDIA, H20, TENCENT, GLM),
        mentions=(
            Mention(article_id="a1", entity_id=ZHIPU.id, count=3),
            Mention(article_id="a2", entity_id=ZHIPU.id),
            Mention(article_id="a1", entity_id=US.id),
            Mention(article_id="a1", entity_id=COMMERCE.id),
            Mention(article_id="a1", entity_id=ENTITY_LIST.id),
            Mention(article_id="a2", entity_id=NVIDIA.id),
            Mention(article_id="a2", entity_id=H20.id),
            Mention(article_id="a2", entity_id=CHINA.id),
            Mention(article_id="a1", entity_id=TENCENT.id),
            Mention(article_id="a2", entity_id=GLM.id),
        ),
        relations=(
            relation(
                US, P.RESTRICTS, ZHIPU, evidence("a1", "Washington blacklisted Zhipu.", 0, 0.5)
            ),
            relation(
                COMMERCE, P.RESTRICTS, ZHIPU, evidence("a1", "Commerce added Zhipu.", 40, 0.6)
            ),
            relation(ENTITY_LIST, P.RESTRICTS, ZHIPU, evidence("a1", "Zhipu is listed.", 80, 0.9)),
            relation(COMMERCE, P.PART_OF, US, evidence("a1", "The US Commerce Department.", 120)),
            relation(
                TENCENT, P.INVESTS_IN, ZHIPU, evidence("a1", "Tencent-backed Zhipu.", 160, 0.8)
            ),
            relation(ZHIPU, P.BASED_IN, CHINA, evidence("a2", "Chinese start-up Zhipu.", 0, 0.7)),
            relation(NVIDIA, P.DEVELOPS, H20, evidence("a2", "Nvidia's H20.", 40, 0.6)),
            relation(ZHIPU, P.RELEASES, GLM, evidence("a2", "Zhipu released GLM-4.5.", 80, 0.9)),
            relation(
                US,
                P.RESTRICTS,
                H20,
                evidence("a2", "Washington restricted the H20.", 120, 0.5),
                evidence("a1", "The US curbs H20 sales.", 200, 0.5),
            ),
        ),
    )
