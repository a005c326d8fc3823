"""The FastAPI application: ``/graphql``, ``/healthz`` and ``/readyz``.

``create_app`` builds the app from settings; the store is opened in the lifespan
(one per process) unless one is passed in, which tests and the benchmark do.
``api.asgi:app`` is the module-level instance ASGI servers import.

Example:
    >>> from frontierkg.settings import load_settings
    >>> app = create_app(load_settings(environment="production"))
    >>> sorted(r.path for r in app.routes if r.path.endswith("z"))
    ['/healthz', '/readyz']
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.context import Context
from api.deps import StoreDep, context_from_request
from api.ingestor import IngestorFactory, LazyIngestor, default_ingestor
from api.schema import build_schema
from frontierkg.errors import FrontierKGError
from frontierkg.settings import Settings, get_settings
from graph.read_steps import ThreadReader
from graph.store import GraphStore

logger = logging.getLogger("frontierkg.api")


class GraphQLApp(GraphQL[Context, None]):
    """strawberry's ASGI GraphQL app: orjson bodies, our per-request context.

    Served as a plain Starlette route rather than through strawberry's FastAPI router:
    the router resolves its context through FastAPI's dependency machinery on every
    request, ~0.07 ms of CPU (a quarter of a trivial query's server time; README "API
    benchmark"); the GraphQL handling (strawberry's view) is the same.
    """

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # its JSONDecodeError is json's: strawberry answers 400

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def get_context(
        self,
        request: Request | WebSocket,
        response: Response | WebSocket,  # noqa: ARG002
    ) -> Context:
        return context_from_request(request)


def create_app(
    settings: Settings | None = None,
    *,
    store: GraphStore | None = None,
    ingestor_factory: IngestorFactory = default_ingestor,
) -> FastAPI:
    """The API app; pass ``store`` to serve an already open store (it is not closed)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        if owned:
            from graph.factory import open_store

            app.state.store = await to_thread.run_sync(open_store, settings)
            app.state.ingestor = LazyIngestor(app.state.store, settings, ingestor_factory)
        try:
            # Reads of this event loop: asyncio connections where the store has them.
            async with app.state.store.async_reader() as reader:
                app.state.reader = reader
                # What start-up created lives as long as the process: keep it out of the
                # garbage collector's full scans, which otherwise slow requests that
                # allocate a lot.
                gc.collect()
                gc.freeze()
                yield
        finally:
            app.state.reader = ThreadReader()
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="frontierkg",
        description="GraphQL API over the AI-geopolitics knowledge graph.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    if store is not None:  # usable before (or without) the lifespan, e.g. by test clients
        app.state.store = store
        app.state.ingestor = LazyIngestor(store, settings, ingestor_factory)
    app.state.reader = ThreadReader()  # until the lifespan opens the store's own reader
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key"],
        )

    graphql = GraphQLApp(
        build_schema(settings),
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
        allow_queries_via_get=False,
    )
    app.router.routes.append(Route("/graphql", graphql, methods=["GET", "POST"]))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is up (does not touch the store)."""
        return {"status": "ok"}

    @app.get("/readyz", response_model=None)
    async def readyz(store: StoreDep) -> JSONResponse:
        """The store answers a trivial query."""
        try:
            await to_thread.run_sync(store.ping)
        except FrontierKGError as error:
            logger.warning("readiness check failed: %s", error)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ready"})

    return app


__all__ = ["create_app"]
