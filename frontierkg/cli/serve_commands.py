"""``frontierkg serve``: the GraphQL API (``/graphql``, ``/healthz``, ``/readyz``) on uvicorn.

``frontierkg schema-sdl`` prints the GraphQL schema (SDL) or rewrites/checks the committed
``schema/schema.graphql`` (same as ``python -m api.sdl``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from frontierkg.cli.app import app
from frontierkg.settings import get_settings


@app.command("serve")
def serve(
    host: Annotated[
        str | None, typer.Option(help="Interface to bind (default FRONTIERKG_API_HOST).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port to listen on (default FRONTIERKG_API_PORT)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes (default FRONTIERKG_API_WORKERS, 1). GraphQL execution "
            "is CPU-bound: one process uses one core.",
        ),
    ] = None,
) -> None:
    """Serve the GraphQL API over the configured store until interrupted."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    processes = workers or settings.api_workers
    # Several workers each import the app (and open the store) themselves; embedded
    # workers share the data dir's one FalkorDB server (graph.embedded_server).
    target: Callable[..., Any] | str = create_app(settings) if processes == 1 else "api.asgi:app"
    uvicorn.run(
        target,
        host=host or settings.api_host,
        port=port or settings.api_port,
        workers=processes,
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=10,
    )


@app.command("schema-sdl")
def schema_sdl(
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when schema/schema.graphql is stale.")
    ] = False,
    write: Annotated[
        bool, typer.Option("--write", help="Rewrite schema/schema.graphql from the code.")
    ] = False,
) -> None:
    """Print the GraphQL schema in SDL (or check/rewrite the committed copy)."""
    from api import sdl

    if check:
        raise typer.Exit(sdl.main(["--check"]))
    raise typer.Exit(sdl.main([] if write else ["--stdout"]))


__all__ = ["schema_sdl", "serve"]
