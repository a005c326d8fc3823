"""FastAPI dependencies as annotated aliases; the GraphQL context is built from them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from api.context import Context
from api.ingestor import LazyIngestor
from frontierkg.settings import Settings
from graph.store import GraphStore


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_ingestor(request: Request) -> LazyIngestor:
    ingestor: LazyIngestor = request.app.state.ingestor
    return ingestor


async def get_api_key(
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> str | None:
    """The key from ``X-API-Key`` or ``Authorization: Bearer <key>`` (None when absent)."""
    if x_api_key:
        return x_api_key.strip()
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    return None


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
ApiKeyDep = Annotated[str | None, Depends(get_api_key)]
IngestorDep = Annotated[LazyIngestor, Depends(get_ingestor)]


async def get_context(
    store: StoreDep, settings: SettingsDep, api_key: ApiKeyDep, ingestor: IngestorDep
) -> Context:
    """A fresh context (and fresh DataLoaders) for every request."""
    return Context(store=store, settings=settings, api_key=api_key, ingestor=ingestor)


__all__ = [
    "ApiKeyDep",
    "IngestorDep",
    "SettingsDep",
    "StoreDep",
    "get_api_key",
    "get_app_settings",
    "get_context",
    "get_ingestor",
    "get_store",
]
