"""The ``Entity`` interface and one GraphQL type per ontology entity type.

The concrete types (``Organization``, ``Chip``, ...) are generated from ``EntityType``
with their descriptions from ``schema/ontology.ttl``, so a type added to the ontology
appears in the API and none can exist without it (``tests/api/test_schema.py`` checks).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Info
from api.errors import ApiError, ErrorCode
from api.selection import relation_needs
from api.types.connection import Connection, connection_from_page
from api.types.fields import field
from graph.models import Direction, EntityRecord, NeighbourQuery
from schema import EntityType, Predicate, ontology

if TYPE_CHECKING:
    from api.types.relation import Relation

RelationRef = Annotated["Relation", strawberry.lazy("api.types.relation")]


@strawberry.interface(description="Something the news talks about: one node of the graph.")
class Entity:
    id: strawberry.ID
    name: str
    type: EntityType
    aliases: list[str]
    first_seen: date | None = strawberry.field(
        description="Publication date of the earliest article mentioning it."
    )
    last_seen: date | None = strawberry.field(
        description="Publication date of the latest article mentioning it."
    )
    mention_count: int = strawberry.field(description="Mentions over all articles.")

    @classmethod
    def resolve_type(cls, obj: object, *_: object) -> str | None:
        """The GraphQL type of an entity object: the one its class was generated for.

        Strawberry's generic resolution (casts, generics, ``is_type_of`` scans) cost
        ~10% of an entity page's execution, for two entities per relation.
        """
        return _TYPE_NAMES.get(type(obj))

    @field(description="Edges at this entity (either end), filtered and paged.")
    async def relations(
        self,
        info: Info,
        predicate: Predicate | None = None,
        direction: Direction = Direction.BOTH,
        since: date | None = None,
        until: date | None = None,
        min_confidence: float = 0.0,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[RelationRef]:
        from api.types.relation import relation_from_detail, relation_from_record

        context = info.context
        query = NeighbourQuery(
            predicate=predicate,
            direction=direction,
            since=since,
            until=until,
            min_confidence=min_confidence,
            first=context.page_size(first),
            after=after,
        )
        needs = relation_needs(info)
        if not needs.any:
            page = await context.loaders.neighbours.load((str(self.id), query))
            return connection_from_page(page, after, relation_from_record)
        details = await context.loaders.details.load((str(self.id), query, needs.evidence_first))
        return connection_from_page(
            details, after, partial(relation_from_detail, evidence_first=needs.evidence_first)
        )


def _concrete(entity_type: EntityType) -> type[Entity]:
    description = ontology().entity_comments.get(entity_type) or entity_type.value
    cls = type(entity_type.value, (Entity,), {"__module__": __name__, "__doc__": description})
    return strawberry.type(cls, description=description)


ENTITY_CLASSES: dict[EntityType, type[Entity]] = {t: _concrete(t) for t in EntityType}
_TYPE_NAMES: dict[type, str] = {
    cls: cls.__strawberry_definition__.name  # type: ignore[attr-defined]
    for cls in ENTITY_CLASSES.values()
}


def entity_from_record(record: EntityRecord) -> Entity:
    """The GraphQL object of the record's type."""
    return ENTITY_CLASSES[record.type](
        id=strawberry.ID(record.id),
        name=record.name,
        type=record.type,
        aliases=list(record.aliases),
        first_seen=record.first_seen,
        last_seen=record.last_seen,
        mention_count=record.mention_count,
    )


async def linked_entity(info: Info, entity_id: str) -> Entity:
    """An entity a stored edge names; its absence is a store inconsistency (``INTERNAL``)."""
    record = await info.context.loaders.entity.load(entity_id)
    if record is None:
        raise ApiError(ErrorCode.INTERNAL, f"an edge names the missing entity {entity_id!r}")
    return entity_from_record(record)


__all__ = ["ENTITY_CLASSES", "Entity", "entity_from_record", "linked_entity"]
