"""Return shapes shared by every read: plain maps, never driver node objects.

An entity row carries a map with ``id, type, name, aliases, first_seen, last_seen,
mention_count``; an edge row a flat map with ``subject_id, predicate, object_id,
confidence, evidence_count, first_seen, last_seen`` (the same shapes
``graph.filters`` returns), so one parser (``graph.records``) serves all reads.
"""

from __future__ import annotations


def entity_map(var: str) -> str:
    """Map expression of entity node ``var``."""
    return f"properties({var})"


def relation_map(rel: str) -> str:
    """Flat map expression of edge ``rel`` with its end ids."""
    return (
        f"{{subject_id: startNode({rel}).id, predicate: type({rel}), "
        f"object_id: endNode({rel}).id, confidence: {rel}.confidence, "
        f"evidence_count: {rel}.evidence_count, first_seen: {rel}.first_seen, "
        f"last_seen: {rel}.last_seen}}"
    )


__all__ = ["entity_map", "relation_map"]
