"""``Stats``: how big the graph is, by entity type and by predicate."""

from __future__ import annotations

import strawberry

from graph.models import GraphCounts
from schema import EntityType, Predicate


@strawberry.type
class TypeCount:
    type: EntityType
    count: int


@strawberry.type
class PredicateCount:
    predicate: Predicate
    count: int


@strawberry.type(description="Counts over the whole graph.")
class Stats:
    articles: int
    entities: int
    relations: int
    evidence: int
    by_type: list[TypeCount]
    by_predicate: list[PredicateCount]


def stats_from_counts(counts: GraphCounts) -> Stats:
    """Every ontology type and predicate is listed, with 0 where the graph has none."""
    return Stats(
        articles=counts.articles,
        entities=counts.entities,
        relations=counts.relations,
        evidence=counts.evidence,
        by_type=[TypeCount(type=t, count=counts.by_type.get(t, 0)) for t in EntityType],
        by_predicate=[
            PredicateCount(predicate=p, count=counts.by_predicate.get(p, 0)) for p in Predicate
        ],
    )


__all__ = ["PredicateCount", "Stats", "TypeCount", "stats_from_counts"]
