"""GraphQL API (strawberry on FastAPI) over the graph store.

``create_app(settings, store=...)`` builds the app; ``api.asgi:app`` serves it.
"""

from api.app import create_app

__all__ = ["create_app"]
