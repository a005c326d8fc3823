"""Filter and sort inputs of ``entities``/``relations``, converted to ``graph.models`` queries.

``AND``/``OR``/``NOT`` nest; all set fields of one filter are ANDed. Nesting is capped
(``MAX_FILTER_DEPTH``) so a hostile filter cannot exhaust the server.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

import strawberry

from api.errors import bad_input
from api.types.enums import SortDirection
from graph import models
from graph.models import Direction, EntitySortField, RelationSortField
from schema import EntityType, Predicate

MAX_FILTER_DEPTH = 8


def _check_depth(depth: int) -> None:
    if depth > MAX_FILTER_DEPTH:
        raise bad_input(
            f"filter nests AND/OR/NOT deeper than {MAX_FILTER_DEPTH} levels: flatten it"
        )


T = TypeVar("T")


def _ids(values: list[strawberry.ID] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(str(v) for v in values)


def _tuple(values: list[T] | None) -> tuple[T, ...] | None:
    return None if values is None else tuple(values)


@strawberry.input(description="Conditions on a text value; all set fields must hold.")
class StringFilter:
    eq: str | None = None
    in_: list[str] | None = strawberry.field(name="in", default=None)
    contains: str | None = strawberry.field(default=None, description="Case-insensitive.")
    starts_with: str | None = strawberry.field(default=None, description="Case-insensitive.")


@strawberry.input(description="Inclusive date range; either end may be open.")
class DateRange:
    since: date | None = None
    until: date | None = None


@strawberry.input(description="At least `atLeast` edges of `predicate` in `direction`.")
class RelationCountFilter:
    predicate: Predicate
    direction: Direction = Direction.BOTH
    at_least: int = 1


@strawberry.input(description="Boolean filter over entities.")
class EntityFilter:
    and_: list[EntityFilter] | None = strawberry.field(name="AND", default=None)
    or_: list[EntityFilter] | None = strawberry.field(name="OR", default=None)
    not_: EntityFilter | None = strawberry.field(name="NOT", default=None)
    id_in: list[strawberry.ID] | None = None
    type_in: list[EntityType] | None = None
    name: StringFilter | None = None
    alias: StringFilter | None = strawberry.field(
        default=None, description="Holds when any alias satisfies every set condition."
    )
    first_seen: DateRange | None = None
    last_seen: DateRange | None = None
    mention_count_gte: int | None = None
    relation_counts: list[RelationCountFilter] | None = strawberry.field(
        default=None, description="Has at least N relations of a predicate (all must hold)."
    )

    def to_model(self, depth: int = 0) -> models.EntityFilter:
        _check_depth(depth)
        name = self.name or StringFilter()
        alias = self.alias or StringFilter()
        first_seen = self.first_seen or DateRange()
        last_seen = self.last_seen or DateRange()
        return models.EntityFilter(
            and_=tuple(f.to_model(depth + 1) for f in self.and_ or ()),
            or_=tuple(f.to_model(depth + 1) for f in self.or_ or ()),
            not_=self.not_.to_model(depth + 1) if self.not_ is not None else None,
            id_in=_ids(self.id_in),
            type_in=_tuple(self.type_in),
            name_eq=name.eq,
            name_in=_tuple(name.in_),
            name_contains=name.contains,
            name_starts_with=name.starts_with,
            alias_eq=alias.eq,
            alias_in=_tuple(alias.in_),
            alias_contains=alias.contains,
            alias_starts_with=alias.starts_with,
            first_seen_gte=first_seen.since,
            first_seen_lte=first_seen.until,
            last_seen_gte=last_seen.since,
            last_seen_lte=last_seen.until,
            mention_count_gte=self.mention_count_gte,
            relation_counts=tuple(
                models.RelationCountFilter(
                    predicate=rc.predicate, direction=rc.direction, at_least=rc.at_least
                )
                for rc in self.relation_counts or ()
            ),
        )


@strawberry.input(description="One sort key; RELATION_COUNT counts `predicate` edges.")
class EntityOrder:
    field: EntitySortField
    direction: SortDirection = SortDirection.ASC
    predicate: Predicate | None = strawberry.field(
        default=None, description="RELATION_COUNT only: count this predicate (default all)."
    )
    relation_direction: Direction = strawberry.field(
        default=Direction.BOTH,
        description="RELATION_COUNT only: IN counts edges pointing at the entity.",
    )

    def to_model(self) -> models.EntitySort:
        return models.EntitySort(
            field=self.field,
            descending=self.direction is SortDirection.DESC,
            predicate=self.predicate,
            direction=self.relation_direction,
        )


@strawberry.input(description="Boolean filter over relations.")
class RelationFilter:
    and_: list[RelationFilter] | None = strawberry.field(name="AND", default=None)
    or_: list[RelationFilter] | None = strawberry.field(name="OR", default=None)
    not_: RelationFilter | None = strawberry.field(name="NOT", default=None)
    predicate_in: list[Predicate] | None = None
    subject_id_in: list[strawberry.ID] | None = None
    object_id_in: list[strawberry.ID] | None = None
    either_id_in: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Either end is one of these entities."
    )
    subject_type_in: list[EntityType] | None = None
    object_type_in: list[EntityType] | None = None
    min_confidence: float | None = None
    first_seen: DateRange | None = None
    last_seen: DateRange | None = None
    min_evidence_count: int | None = None

    def to_model(self, depth: int = 0) -> models.RelationFilter:
        _check_depth(depth)
        first_seen = self.first_seen or DateRange()
        last_seen = self.last_seen or DateRange()
        return models.RelationFilter(
            and_=tuple(f.to_model(depth + 1) for f in self.and_ or ()),
            or_=tuple(f.to_model(depth + 1) for f in self.or_ or ()),
            not_=self.not_.to_model(depth + 1) if self.not_ is not None else None,
            predicate_in=_tuple(self.predicate_in),
            subject_id_in=_ids(self.subject_id_in),
            object_id_in=_ids(self.object_id_in),
            either_id_in=_ids(self.either_id_in),
            subject_type_in=_tuple(self.subject_type_in),
            object_type_in=_tuple(self.object_type_in),
            min_confidence=self.min_confidence,
            first_seen_gte=first_seen.since,
            first_seen_lte=first_seen.until,
            last_seen_gte=last_seen.since,
            last_seen_lte=last_seen.until,
            min_evidence_count=self.min_evidence_count,
        )


@strawberry.input(description="One sort key of a relation list.")
class RelationOrder:
    field: RelationSortField
    direction: SortDirection = SortDirection.ASC

    def to_model(self) -> models.RelationSort:
        return models.RelationSort(
            field=self.field, descending=self.direction is SortDirection.DESC
        )


__all__ = [
    "DateRange",
    "EntityFilter",
    "EntityOrder",
    "RelationCountFilter",
    "RelationFilter",
    "RelationOrder",
    "StringFilter",
]
