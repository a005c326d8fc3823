"""``Relation``: one edge (subject, predicate, object) with its evidence, and ``Path``."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date

import strawberry

from api.context import Info
from api.types.connection import Connection, build_connection
from api.types.entity import Entity, entity_from_record, linked_entity
from api.types.evidence import Evidence, evidence_from_view
from api.types.fields import field
from graph.models import EdgeKey, EntityRecord, EvidenceView, RelationDetail, RelationRecord
from schema import Predicate

#: An evidence page read ahead with its relation: (page size, (total, views)).
ReadAhead = tuple[int, tuple[int, list[EvidenceView]]]


@strawberry.type(description="A typed, directed edge with the evidence supporting it.")
class Relation:
    """Resolvers answer from what was read with the relation (``api.selection``) when it
    covers the request, without a coroutine per field; otherwise through the DataLoaders.
    """

    id: strawberry.ID = strawberry.field(description="`subjectId|PREDICATE|objectId`.")
    predicate: Predicate
    confidence: float = strawberry.field(description="Noisy-or of the evidence confidences.")
    first_seen: date | None
    last_seen: date | None
    evidence_count: int
    subject_id: strawberry.Private[str]
    object_id: strawberry.Private[str]
    ends: strawberry.Private[tuple[EntityRecord, EntityRecord] | None] = None
    read_ahead: strawberry.Private[ReadAhead | None] = None

    @field(graphql_type=Entity)
    def subject(self, info: Info) -> Entity | Awaitable[Entity]:
        if self.ends is not None:
            return entity_from_record(self.ends[0])
        return linked_entity(info, self.subject_id)

    @field(name="object", graphql_type=Entity)
    def object_(self, info: Info) -> Entity | Awaitable[Entity]:
        if self.ends is not None:
            return entity_from_record(self.ends[1])
        return linked_entity(info, self.object_id)

    @field(
        description="Sentences stating this relation, newest article first.",
        graphql_type=Connection[Evidence],
    )
    def evidence(
        self, info: Info, first: int | None = None
    ) -> Connection[Evidence] | Awaitable[Connection[Evidence]]:
        size = info.context.page_size(first)
        if self.read_ahead is not None and self.read_ahead[0] == size:
            return _evidence_connection(*self.read_ahead[1])
        return self._load_evidence(info, size)

    async def _load_evidence(self, info: Info, size: int) -> Connection[Evidence]:
        edge = EdgeKey(self.subject_id, self.predicate, self.object_id)
        total, views = await info.context.loaders.evidence.load((edge, size))
        return _evidence_connection(total, views)


def _evidence_connection(total: int, views: list[EvidenceView]) -> Connection[Evidence]:
    return build_connection(
        views,
        offset=0,
        total_count=total,
        has_next_page=total > len(views),
        convert=evidence_from_view,
    )


def relation_from_record(
    record: RelationRecord,
    *,
    ends: tuple[EntityRecord, EntityRecord] | None = None,
    read_ahead: ReadAhead | None = None,
) -> Relation:
    return Relation(
        id=strawberry.ID(record.edge.key),
        predicate=record.predicate,
        confidence=record.confidence,
        first_seen=record.first_seen,
        last_seen=record.last_seen,
        evidence_count=record.evidence_count,
        subject_id=record.subject_id,
        object_id=record.object_id,
        ends=ends,
        read_ahead=read_ahead,
    )


def relation_from_detail(detail: RelationDetail, evidence_first: int | None) -> Relation:
    """A relation with its ends and, when read with it, its first ``evidence_first`` views."""
    read_ahead: ReadAhead | None = None
    if evidence_first is not None:
        read_ahead = (evidence_first, (detail.evidence_total, list(detail.evidence)))
    return relation_from_record(
        detail.relation, ends=(detail.subject, detail.object), read_ahead=read_ahead
    )


__all__ = ["Relation", "relation_from_detail", "relation_from_record"]
