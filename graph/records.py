"""Turn result rows (plain maps, see ``graph.projections``) into ``graph.models`` records.

Also the inverse for articles: the property values a record is stored as.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from graph.models import ArticleRecord, EdgeKey, EntityRecord, EvidenceRecord, RelationRecord
from schema import EntityType, Predicate


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def entity_record(props: Mapping[str, Any]) -> EntityRecord:
    return EntityRecord(
        id=props["id"],
        type=EntityType(props["type"]),
        name=props["name"],
        aliases=tuple(sorted(props.get("aliases") or ())),
        first_seen=_date(props.get("first_seen")),
        last_seen=_date(props.get("last_seen")),
        mention_count=int(props.get("mention_count") or 0),
    )


def relation_record(props: Mapping[str, Any]) -> RelationRecord:
    return RelationRecord(
        subject_id=props["subject_id"],
        predicate=Predicate(props["predicate"]),
        object_id=props["object_id"],
        confidence=float(props.get("confidence") or 0.0),
        evidence_count=int(props.get("evidence_count") or 0),
        first_seen=_date(props.get("first_seen")),
        last_seen=_date(props.get("last_seen")),
    )


def article_record(props: Mapping[str, Any]) -> ArticleRecord:
    ingested = props["ingested_at"]
    ingested_at = ingested if isinstance(ingested, datetime) else datetime.fromisoformat(ingested)
    return ArticleRecord(
        id=props["id"],
        url=props.get("url"),
        title=props.get("title") or "",
        published=_date(props.get("published")),
        source=props.get("source"),
        content_hash=props["content_hash"],
        ingested_at=ingested_at,
    )


def evidence_record(props: Mapping[str, Any]) -> tuple[EdgeKey, EvidenceRecord]:
    edge = EdgeKey(props["subject_id"], Predicate(props["predicate"]), props["object_id"])
    evidence = EvidenceRecord(
        article_id=props["article_id"],
        sentence=props["sentence"],
        start=int(props["start"]),
        end=int(props["end"]),
        confidence=float(props["confidence"]),
        extractor_version=props["extractor_version"],
    )
    return edge, evidence


def seen_on(article: ArticleRecord) -> str:
    """The date an article counts for: its publication date, else its ingest date (UTC)."""
    if article.published is not None:
        return article.published.isoformat()
    ingested = article.ingested_at
    if ingested.tzinfo is not None:
        ingested = ingested.astimezone(UTC)
    return ingested.date().isoformat()


def article_row(article: ArticleRecord) -> dict[str, Any]:
    """Stored properties of an article."""
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "content_hash": article.content_hash,
        "ingested_at": article.ingested_at.isoformat(),
        "seen_on": seen_on(article),
    }


__all__ = [
    "article_record",
    "article_row",
    "entity_record",
    "evidence_record",
    "relation_record",
    "seen_on",
]
