"""GraphQL enums, taken from the ontology and the store's query models (never redefined).

``EntityType`` and ``Predicate`` are ``schema``'s own enums, so the GraphQL schema cannot
drift from the ontology; ``Direction`` and the sort fields are ``graph.models``' enums.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.models import Direction, EntitySortField, RelationSortField
from schema import EntityType, Predicate

EntityTypeEnum = strawberry.enum(
    EntityType, description="Entity types of the ontology (schema/ontology.ttl)."
)
PredicateEnum = strawberry.enum(
    Predicate, description="Relation types of the ontology (schema/ontology.ttl)."
)
DirectionEnum = strawberry.enum(
    Direction,
    description="Edge direction seen from an entity: OUT (it is the subject), IN, or BOTH.",
)
EntitySortFieldEnum = strawberry.enum(EntitySortField, name="EntitySortField")
RelationSortFieldEnum = strawberry.enum(RelationSortField, name="RelationSortField")


@strawberry.enum(description="Sort order.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


__all__ = [
    "DirectionEnum",
    "EntitySortFieldEnum",
    "EntityTypeEnum",
    "PredicateEnum",
    "RelationSortFieldEnum",
    "SortDirection",
]
