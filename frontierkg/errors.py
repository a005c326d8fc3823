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


class InvalidBatchError(GraphStoreError):
    """A write batch has items the store cannot accept; nothing of it was written.

    ``problems`` holds one message per bad item (which item, what is wrong).
    """

    def __init__(self, problems: list[str]) -> None:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(
            f"batch rejected, nothing written: {shown}{more}. "
            "Fix or drop these items and write the batch again."
        )
        self.problems = problems


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
    "InvalidBatchError",
    "NotFoundError",
    "OntologyError",
    "StoreUnavailableError",
]
