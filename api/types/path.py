"""``Path``: a chain of relations from one entity to another."""

from __future__ import annotations

import strawberry

from api.types.relation import Relation, relation_from_record
from graph.models import PathRecord


@strawberry.type(description="Relations in order from the start entity to the end entity.")
class Path:
    length: int
    relations: list[Relation]


def path_from_record(record: PathRecord) -> Path:
    return Path(length=record.length, relations=[relation_from_record(r) for r in record.relations])


__all__ = ["Path", "path_from_record"]
