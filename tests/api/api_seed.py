"""A small, hand-made graph for API tests, written through the store's own ``upsert``.

A chokepoint story: the US restricts the H20 chip and Huawei; the Commerce Department
(part of the US) and the Entity List restrict Zhipu AI, which uses the H20 and is based
in China; Nvidia develops the H20; DeepSeek supplies nothing but uses the H20 too.
"""

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

ENTITIES: list[tuple[EntityType, str, tuple[str, ...]]] = [
    (T.COUNTRY, "United States", ("US", "Washington")),
    (T.COUNTRY, "China", ("Beijing",)),
    (T.GOVERNMENT_BODY, "US Department of Commerce", ("Commerce Department",)),
    (T.POLICY, "Entity List", ()),
    (T.ORGANIZATION, "Zhipu AI", ("Zhipu", "Z.ai")),
    (T.ORGANIZATION, "Nvidia", ("NVDA",)),
    (T.ORGANIZATION, "Huawei", ()),
    (T.ORGANIZATION, "DeepSeek", ()),
    (T.CHIP, "H20", ()),
    (T.AI_MODEL, "GLM-4.5", ("GLM",)),
]


def eid(name: str) -> str:
    for entity_type, entity_name, _ in ENTITIES:
        if entity_name == name:
            return entity_id(entity_type, entity_name)
    raise KeyError(name)


ARTICLES = [
    ("a-2024-ban", date(2024, 5, 1), "US restricts Huawei", "example.com"),
    ("a-2025-zhipu", date(2025, 1, 16), "US blacklists Zhipu", "techcentral.co.za"),
    ("a-2025-h20", date(2025, 4, 15), "H20 exports halted", "example.com"),
]

# (subject, predicate, object, article, sentence, confidence)
RELATIONS: list[tuple[str, Predicate, str, str, str, float]] = [
    ("United States", P.RESTRICTS, "Huawei", "a-2024-ban", "Washington restricts Huawei.", 0.9),
    ("Huawei", P.BASED_IN, "China", "a-2024-ban", "Chinese firm Huawei was hit.", 0.8),
    (
        "US Department of Commerce",
        P.PART_OF,
        "United States",
        "a-2025-zhipu",
        "The US Commerce Department added Zhipu.",
        0.9,
    ),
    (
        "US Department of Commerce",
        P.RESTRICTS,
        "Zhipu AI",
        "a-2025-zhipu",
        "The US Commerce Department added Zhipu to the Entity List.",
        0.9,
    ),
    (
        "Entity List",
        P.RESTRICTS,
        "Zhipu AI",
        "a-2025-zhipu",
        "Zhipu was added to the Entity List.",
        0.8,
    ),
    ("Zhipu AI", P.BASED_IN, "China", "a-2025-zhipu", "Beijing-based Zhipu AI grew.", 0.85),
    ("Zhipu AI", P.DEVELOPS, "GLM-4.5", "a-2025-zhipu", "Zhipu develops GLM.", 0.8),
    ("Zhipu AI", P.USES, "H20", "a-2025-h20", "Zhipu trains on Nvidia's H20.", 0.7),
    ("DeepSeek", P.USES, "H20", "a-2025-h20", "DeepSeek runs on the H20.", 0.6),
    ("Nvidia", P.DEVELOPS, "H20", "a-2025-h20", "Nvidia's H20 was designed for China.", 0.9),
    ("United States", P.RESTRICTS, "H20", "a-2025-h20", "Washington halted H20 exports.", 0.95),
    ("United States", P.RESTRICTS, "Zhipu AI", "a-2025-h20", "Washington targets Zhipu.", 0.5),
]


def seed_batch() -> GraphBatch:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    articles = tuple(
        ArticleRecord(
            id=aid,
            url=f"https://{source}/{aid}",
            title=title,
            published=published,
            source=source,
            content_hash=f"hash-{aid}",
            ingested_at=now,
        )
        for aid, published, title, source in ARTICLES
    )
    entities = tuple(
        EntityUpsert(id=entity_id(t, name), type=t, name=name, aliases=aliases)
        for t, name, aliases in ENTITIES
    )
    mentioned: dict[tuple[str, str], int] = {}
    relations = []
    for subject, predicate, obj, article, sentence, confidence in RELATIONS:
        for name in (subject, obj):
            key = (article, eid(name))
            mentioned[key] = mentioned.get(key, 0) + 1
        relations.append(
            RelationUpsert(
                subject_id=eid(subject),
                predicate=predicate,
                object_id=eid(obj),
                evidence=(
                    EvidenceRecord(
                        article_id=article,
                        sentence=sentence,
                        start=0,
                        end=len(sentence),
                        confidence=confidence,
                        extractor_version="test-1",
                    ),
                ),
            )
        )
    mentions = tuple(
        Mention(article_id=a, entity_id=e, count=c) for (a, e), c in sorted(mentioned.items())
    )
    return GraphBatch(
        articles=articles, entities=entities, mentions=mentions, relations=tuple(relations)
    )


def bulk_batch(n: int) -> GraphBatch:
    """``n`` labs, each using the H20 (with evidence) and based in China."""
    base = seed_batch()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    article = ArticleRecord(
        id="a-bulk", title="Many labs", published=date(2025, 6, 1), content_hash="bulk",
        ingested_at=now,
    )  # fmt: skip
    labs = tuple(
        EntityUpsert(id=entity_id(T.ORGANIZATION, f"Lab {i:03d}"), type=T.ORGANIZATION,
                     name=f"Lab {i:03d}")
        for i in range(n)
    )  # fmt: skip
    relations = tuple(
        RelationUpsert(
            subject_id=lab.id, predicate=predicate, object_id=target,
            evidence=(EvidenceRecord(article_id="a-bulk", sentence=f"{lab.name} {predicate}.",
                                     start=0, end=10, confidence=0.7, extractor_version="t"),),
        )
        for lab in labs
        for predicate, target in ((P.USES, eid("H20")), (P.BASED_IN, eid("China")))
    )  # fmt: skip
    mentions = tuple(Mention(article_id="a-bulk", entity_id=lab.id) for lab in labs)
    return GraphBatch(
        articles=(*base.articles, article),
        entities=base.entities + labs,
        mentions=base.mentions + mentions,
        relations=base.relations + relations,
    )
