"""``Exposure``: restricted inputs an entity depends on (see ``api.exposure``)."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.exposure import ExposureFinding, ExposureKind
from api.types.entity import Entity, linked_entity
from api.types.fields import field
from api.types.relation import Relation, relation_from_record

ExposureKindEnum = strawberry.enum(
    ExposureKind,
    description=(
        "How a restriction reaches the entity: DIRECT (it is restricted), USES (a chip or "
        "model it uses), BASED_IN (its country), PART_OF (its parent), SUPPLIER."
    ),
)


@strawberry.type(description="One restriction reaching the entity, with the path to it.")
class ExposureItem:
    kind: ExposureKind
    score: float = strawberry.field(description="Product of the path's confidences.")
    path: list[Relation] = strawberry.field(
        description="From the entity to the restriction; each relation has its evidence."
    )
    dependency_id: strawberry.Private[str]
    restricted_by_id: strawberry.Private[str]

    @field(description="What the restriction targets (the entity itself if DIRECT).")
    async def dependency(self, info: Info) -> Entity:
        return await linked_entity(info, self.dependency_id)

    @field(description="Who restricts it (a country, body or policy).")
    async def restricted_by(self, info: Info) -> Entity:
        return await linked_entity(info, self.restricted_by_id)

    @field(description="The RESTRICTS relation (the last of the path).")
    def restriction(self) -> Relation:
        return self.path[-1]


@strawberry.type(description="Chokepoint analysis of one entity.")
class Exposure:
    entity: Entity
    items: list[ExposureItem]

    @field(description="True when any restriction reaches the entity.")
    def exposed(self) -> bool:
        return bool(self.items)


def exposure_item(finding: ExposureFinding) -> ExposureItem:
    return ExposureItem(
        kind=finding.kind,
        score=finding.score,
        path=[relation_from_record(r) for r in finding.path],
        dependency_id=finding.dependency_id,
        restricted_by_id=finding.restricted_by_id,
    )


__all__ = ["Exposure", "ExposureItem", "ExposureKindEnum", "exposure_item"]
