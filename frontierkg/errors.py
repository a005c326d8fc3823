"""One exception root for the project; every message names the input and the fix."""

from __future__ import annotations


class FrontierKGError(Exception):
    """Root of every error this project raises on purpose.

    The CLI prints ``str(error)`` as one line and exits non-zero; the API maps
    subclasses to GraphQL error codes.
    """


class ConfigurationError(FrontierKGError):
    """A setting is missing or invalid (names the variable and allowed values)."""


class OntologyError(FrontierKGError):
    """An entity type, predicate or identifier is not part of the ontology."""


class GraphStoreError(FrontierKGError):
    """The graph store failed or refused an operation."""


class StoreUnavailableError(GraphStoreError):
    """The store cannot be reached (server down, wrong credentials, timeout)."""


class NotFoundError(GraphStoreError):
    """An entity, article or relation with the given id does not exist."""


class BadCursorError(GraphStoreError):
    """A page cursor (``after``) was not produced by a previous page of the same list."""


class IngestInputError(FrontierKGError):
    """An input file or record cannot be read; names the source and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


__all__ = [
    "BadCursorError",
    "ConfigurationError",
    "FrontierKGError",
    "GraphStoreError",
    "IngestInputError",
    "NotFoundError",
    "OntologyError",
    "StoreUnavailableError",
]
