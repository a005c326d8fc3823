"""FastAPI dependencies: the store for plain routes, the GraphQL context per request.

``get_context`` reads the app state and the headers itself rather than through four
sub-dependencies: FastAPI resolves dependencies on every request, and this is on the
path of every GraphQL call.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.context import Context
from graph.store import GraphStore


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def api_key_from(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key from ``X-API-Key`` or ``Authorization: Bearer <key>`` (None when absent)."""
    if x_api_key:
        return x_api_key.strip()
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    return None


async def get_context(request: Request) -> Context:
    """A fresh context (and fresh DataLoaders) for every request."""
    state = request.app.state
    headers = request.headers
    return Context(
        store=state.store,
        settings=state.settings,
        api_key=api_key_from(headers.get("authorization"), headers.get("x-api-key")),
        ingestor=state.ingestor,
    )


__all__ = ["StoreDep", "api_key_from", "get_context", "get_store"]
