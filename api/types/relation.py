"""``Relation``: one edge (subject, predicate, object) with its evidence, and ``Path``."""

from __future__ import annotations

from datetime import date

import strawberry

from api.context import Info
from api.types.connection import Connection, build_connection
from api.types.entity import Entity, linked_entity
from api.types.evidence import Evidence, evidence_from_view
from api.types.fields import field
from graph.models import EdgeKey, RelationRecord
from schema import Predicate


@strawberry.type(description="A typed, directed edge with the evidence supporting it.")
class Relation:
    id: strawberry.ID = strawberry.field(description="`subjectId|PREDICATE|objectId`.")
    predicate: Predicate
    confidence: float = strawberry.field(description="Noisy-or of the evidence confidences.")
    first_seen: date | None
    last_seen: date | None
    evidence_count: int
    subject_id: strawberry.Private[str]
    object_id: strawberry.Private[str]

    @strawberry.field
    async def subject(self, info: Info) -> Entity:
        return await linked_entity(info, self.subject_id)

    @field(name="object")
    async def object_(self, info: Info) -> Entity:
        return await linked_entity(info, self.object_id)

    @field(description="Sentences stating this relation, newest article first.")
    async def evidence(self, info: Info, first: int | None = None) -> Connection[Evidence]:
        size = info.context.page_size(first)
        edge = EdgeKey(self.subject_id, self.predicate, self.object_id)
        total, views = await info.context.loaders.evidence.load((edge, size))
        return build_connection(
            views,
            offset=0,
            total_count=total,
            has_next_page=total > len(views),
            convert=evidence_from_view,
        )


def relation_from_record(record: RelationRecord) -> Relation:
    return Relation(
        id=strawberry.ID(record.edge.key),
        predicate=record.predicate,
        confidence=record.confidence,
        first_seen=record.first_seen,
        last_seen=record.last_seen,
        evidence_count=record.evidence_count,
        subject_id=record.subject_id,
        object_id=record.object_id,
    )


__all__ = ["Relation", "relation_from_record"]
