"""``SearchHit``: an entity found by full-text search, with its score."""

from __future__ import annotations

import strawberry

from api.types.entity import Entity


@strawberry.type(description="An entity matching a search, best score first.")
class SearchHit:
    score: float
    entity: Entity


__all__ = ["SearchHit"]
