"""Chokepoint analysis: which restrictions reach an entity through what it depends on.

An entity is exposed when a ``RESTRICTS`` edge points at it (``DIRECT``), or at
something it depends on: a chip or model it ``USES``, the country it is ``BASED_IN``,
the parent it is ``PART_OF``, or an organisation that ``SUPPLIES`` it. Each finding
carries the path (dependency edge, then restriction edge), whose relations carry
their evidence. Two store reads, whatever the number of dependencies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from graph.models import RelationFilter, RelationQuery, RelationRecord
from graph.store import GraphStore
from schema import Predicate

#: Most edges read per step; an entity with more dependencies is analysed on the first ones.
MAX_EDGES = 1000


class ExposureKind(Enum):
    DIRECT = "DIRECT"
    USES = "USES"
    BASED_IN = "BASED_IN"
    PART_OF = "PART_OF"
    SUPPLIER = "SUPPLIER"


_OUTGOING = {
    Predicate.USES: ExposureKind.USES,
    Predicate.BASED_IN: ExposureKind.BASED_IN,
    Predicate.PART_OF: ExposureKind.PART_OF,
}


@dataclass(frozen=True)
class ExposureFinding:
    kind: ExposureKind
    dependency_id: str  # what the restriction points at (the entity itself when DIRECT)
    restricted_by_id: str
    path: tuple[RelationRecord, ...]  # from the entity to the restriction

    @property
    def score(self) -> float:
        """Product of the path's confidences: how sure we are of the whole chain."""
        result = 1.0
        for relation in self.path:
            result *= relation.confidence
        return result


def find_exposure(store: GraphStore, entity_id: str) -> list[ExposureFinding]:
    """Findings for ``entity_id``, most certain first."""
    own = store.list_relations(
        RelationQuery(
            where=RelationFilter(
                or_=(
                    RelationFilter(subject_id_in=(entity_id,), predicate_in=tuple(_OUTGOING)),
                    RelationFilter(
                        object_id_in=(entity_id,),
                        predicate_in=(Predicate.SUPPLIES, Predicate.RESTRICTS),
                    ),
                )
            ),
            first=MAX_EDGES,
        )
    )
    findings: list[ExposureFinding] = []
    dependencies: dict[str, list[tuple[ExposureKind, RelationRecord]]] = defaultdict(list)
    for edge in own.items:
        if edge.predicate is Predicate.RESTRICTS and edge.object_id == entity_id:
            findings.append(
                ExposureFinding(ExposureKind.DIRECT, entity_id, edge.subject_id, (edge,))
            )
        elif edge.subject_id == entity_id and edge.predicate in _OUTGOING:
            dependencies[edge.object_id].append((_OUTGOING[edge.predicate], edge))
        elif edge.predicate is Predicate.SUPPLIES and edge.object_id == entity_id:
            dependencies[edge.subject_id].append((ExposureKind.SUPPLIER, edge))
    dependencies.pop(entity_id, None)
    if dependencies:
        restrictions = store.list_relations(
            RelationQuery(
                where=RelationFilter(
                    predicate_in=(Predicate.RESTRICTS,), object_id_in=tuple(dependencies)
                ),
                first=MAX_EDGES,
            )
        )
        for restriction in restrictions.items:
            for kind, edge in dependencies.get(restriction.object_id, ()):
                findings.append(
                    ExposureFinding(
                        kind, restriction.object_id, restriction.subject_id, (edge, restriction)
                    )
                )
    findings.sort(key=lambda f: (-f.score, f.kind.value, f.dependency_id, f.restricted_by_id))
    return findings


__all__ = ["MAX_EDGES", "ExposureFinding", "ExposureKind", "find_exposure"]
