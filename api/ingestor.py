"""The ingest pipeline as the ``ingestArticle`` mutation uses it.

Loading the spaCy pipeline takes seconds, so the service is built on the first
mutation, not at start-up, and calls are serialised (one pipeline per process).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from frontierkg.settings import Settings
from graph.store import GraphStore
from ingest.models import ArticleInput
from ingest.service import IngestResult


class ArticleIngestor(Protocol):
    def ingest_one(self, article: ArticleInput, *, force: bool = False) -> IngestResult: ...


IngestorFactory = Callable[[GraphStore, Settings], ArticleIngestor]


def default_ingestor(store: GraphStore, settings: Settings) -> ArticleIngestor:
    """The real pipeline: ``ingest.service.IngestService`` writing into ``store``."""
    from ingest.extraction import Extractor
    from ingest.service import IngestService

    return IngestService(store, Extractor(settings=settings), settings)


class LazyIngestor:
    """Builds the ingest service on first use and runs one article at a time."""

    def __init__(
        self, store: GraphStore, settings: Settings, factory: IngestorFactory = default_ingestor
    ) -> None:
        self._store = store
        self._settings = settings
        self._factory = factory
        self._service: ArticleIngestor | None = None
        self._lock = threading.Lock()

    def ingest(self, article: ArticleInput) -> IngestResult:
        with self._lock:
            if self._service is None:
                self._service = self._factory(self._store, self._settings)
            return self._service.ingest_one(article)


__all__ = ["ArticleIngestor", "IngestorFactory", "LazyIngestor", "default_ingestor"]
