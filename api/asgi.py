"""The app instance for ASGI servers: ``uvicorn api.asgi:app`` (settings from the env)."""

from __future__ import annotations

from api.app import create_app

app = create_app()

__all__ = ["app"]
