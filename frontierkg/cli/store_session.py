"""The configured graph store for one CLI command, opened late and always closed.

The store module (FalkorDB/Neo4j drivers) is imported only when a command needs a
store, so ``frontierkg --help`` and store-less commands stay fast.

Example:
    >>> from frontierkg.cli.store_session import store_session
    >>> with store_session() as store:  # doctest: +SKIP
    ...     print(store.counts().entities)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from frontierkg.settings import Settings, get_settings
from graph.store import GraphStore


def _open(settings: Settings) -> GraphStore:
    from graph.factory import open_store

    return open_store(settings)


@contextmanager
def store_session(settings: Settings | None = None) -> Iterator[GraphStore]:
    """Open the store ``settings`` select (default: the process settings); close it after."""
    store = _open(settings or get_settings())
    try:
        yield store
    finally:
        store.close()


__all__ = ["store_session"]
