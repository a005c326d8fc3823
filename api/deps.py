"""The store for plain routes (a FastAPI dependency) and the GraphQL context per request.

``context_from_request`` reads the app state and the headers itself; it is called by
the GraphQL app (``api.app.GraphQLApp``) for every request, outside FastAPI's
dependency machinery.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.requests import HTTPConnection

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


def context_from_request(request: HTTPConnection) -> Context:
    """A fresh context (and fresh DataLoaders) for every request."""
    state = request.app.state
    headers = request.headers
    return Context(
        store=state.store,
        settings=state.settings,
        api_key=api_key_from(headers.get("authorization"), headers.get("x-api-key")),
        ingestor=state.ingestor,
        reader=state.reader,
    )


__all__ = ["StoreDep", "api_key_from", "context_from_request", "get_store"]
