"""Turn result rows (plain maps, see ``graph.projections``) into ``graph.models`` records.

Also the inverse for articles: the property values a record is stored as.

Records read from the store are built without pydantic's validation (``_trusted``):
what the store holds was validated when written (``EntityUpsert``, ``RelationUpsert``,
... keep their full validation), and the functions here convert each property to its
field's Python type. Validating again was ~2/3 of the cost of building an entity page's
~140 records (pydantic's ``model_construct`` is slower than validating). The records are
the same: equal, hashable, frozen, with the same ``model_fields_set``
(``tests/graph/test_records.py`` compares them with validated ones).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityRecord,
    EvidenceRecord,
    EvidenceView,
    RelationDetail,
    RelationRecord,
)
from schema import EntityType, Predicate

R = TypeVar("R", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__


def _trusted(cls: type[R], values: dict[str, Any]) -> R:
    """A ``cls`` record of ``values``, not validated (see the module docstring).

    ``values`` names every field, in the order the class declares them (as validation
    would fill them in), each of its field's type: nothing is filled in or converted.
    """
    record: R = _new(cls)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_fields_set__", set(values))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


def _check_trusted(*classes: type[BaseModel]) -> None:
    """Refuse a record class that ``_trusted`` would build differently from pydantic."""
    for cls in classes:
        if (
            cls.__private_attributes__
            or cls.__pydantic_post_init__
            or cls.__pydantic_root_model__
            or cls.model_config.get("extra") == "allow"
        ):
            raise TypeError(f"{cls.__name__} needs pydantic's construction")


_check_trusted(
    ArticleRecord, EntityRecord, EvidenceRecord, EvidenceView, RelationDetail, RelationRecord
)


#: Enum members by value: a lookup costs a tenth of calling the enum (which it falls back
#: to, for its error on an unknown value).
_ENTITY_TYPES: dict[str, EntityType] = {member.value: member for member in EntityType}
_PREDICATES: dict[str, Predicate] = {member.value: member for member in Predicate}


def _entity_type(value: str) -> EntityType:
    return _ENTITY_TYPES.get(value) or EntityType(value)


def _predicate(value: str) -> Predicate:
    return _PREDICATES.get(value) or Predicate(value)


def _date(value: Any) -> date | None:
    if type(value) is str:  # as stored: ISO text
        return date.fromisoformat(value[:10]) if value else None
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return date.fromisoformat(str(value)[:10])


def entity_record(props: Mapping[str, Any]) -> EntityRecord:
    return _trusted(
        EntityRecord,
        {
            "id": props["id"],
            "type": _entity_type(props["type"]),
            "name": props["name"],
            "aliases": tuple(sorted(props.get("aliases") or ())),
            "first_seen": _date(props.get("first_seen")),
            "last_seen": _date(props.get("last_seen")),
            "mention_count": int(props.get("mention_count") or 0),
        },
    )


def relation_record(props: Mapping[str, Any]) -> RelationRecord:
    return _trusted(
        RelationRecord,
        {
            "subject_id": props["subject_id"],
            "predicate": _predicate(props["predicate"]),
            "object_id": props["object_id"],
            "confidence": float(props.get("confidence") or 0.0),
            "evidence_count": int(props.get("evidence_count") or 0),
            "first_seen": _date(props.get("first_seen")),
            "last_seen": _date(props.get("last_seen")),
        },
    )


def article_record(props: Mapping[str, Any]) -> ArticleRecord:
    ingested = props["ingested_at"]
    ingested_at = ingested if isinstance(ingested, datetime) else datetime.fromisoformat(ingested)
    return _trusted(
        ArticleRecord,
        {
            "id": props["id"],
            "url": props.get("url"),
            "title": props.get("title") or "",
            "published": _date(props.get("published")),
            "source": props.get("source"),
            "content_hash": props["content_hash"],
            "ingested_at": ingested_at,
        },
    )


def evidence_record(props: Mapping[str, Any]) -> tuple[EdgeKey, EvidenceRecord]:
    edge = EdgeKey(props["subject_id"], _predicate(props["predicate"]), props["object_id"])
    evidence = _trusted(
        EvidenceRecord,
        {
            "article_id": props["article_id"],
            "sentence": props["sentence"],
            "start": int(props["start"]),
            "end": int(props["end"]),
            "confidence": float(props["confidence"]),
            "extractor_version": props["extractor_version"],
        },
    )
    return edge, evidence


def evidence_view(item: Mapping[str, Any]) -> EvidenceView:
    """An evidence row's ``evidence`` and ``article`` maps as the API lists them."""
    edge, evidence = evidence_record(item["evidence"])
    return _trusted(
        EvidenceView,
        {"edge": edge, "evidence": evidence, "article": article_record(item["article"])},
    )


def relation_detail(row: Mapping[str, Any]) -> RelationDetail:
    """A ``relation_details`` row: the edge, its ends, its evidence total and first views."""
    return _trusted(
        RelationDetail,
        {
            "relation": relation_record(row["relation"]),
            "subject": entity_record(row["subject"]),
            "object": entity_record(row["object"]),
            "evidence_total": int(row.get("evidence_total") or 0),
            "evidence": tuple(evidence_view(item) for item in row.get("evidence") or ()),
        },
    )


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
    "evidence_view",
    "relation_detail",
    "relation_record",
    "seen_on",
]
