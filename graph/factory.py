"""``open_store``: the one way callers get a ``GraphStore``."""

from __future__ import annotations

from frontierkg.settings import Settings, get_settings
from graph.store import GraphStore


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the store ``settings.store`` names (``embedded`` or ``neo4j``).

    Example:
        >>> store = open_store()  # doctest: +SKIP
        >>> store.ping(); store.close()  # doctest: +SKIP
    """
    settings = settings or get_settings()
    if settings.store == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings)
    from graph.falkordb_store import EmbeddedStore

    return EmbeddedStore(settings)


__all__ = ["open_store"]
