"""What a GraphQL client sees when something goes wrong: a message and ``extensions.code``.

Errors we raise on purpose keep their message (each names the input and the fix) and
get a code; GraphQL's own errors (syntax, validation, limits) stay visible; everything
else is masked as ``INTERNAL`` and logged, so no stack trace, Cypher text or file
path reaches a client. ``ErrorPolicy`` applies this to every response.

Example:
    >>> from frontierkg.errors import NotFoundError
    >>> classify(NotFoundError("no entity with id 'x'"))
    (<ErrorCode.NOT_FOUND: 'NOT_FOUND'>, "no entity with id 'x'")
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from enum import StrEnum

from graphql import GraphQLError
from pydantic import ValidationError
from strawberry.extensions import SchemaExtension

from frontierkg.errors import (
    BadCursorError,
    FrontierKGError,
    IngestInputError,
    NotFoundError,
    OntologyError,
    StoreUnavailableError,
)

logger = logging.getLogger("frontierkg.api")


class ErrorCode(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
    INTERNAL = "INTERNAL"


class ApiError(FrontierKGError):
    """An error raised by a resolver for the client, with its code."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


def bad_input(message: str) -> ApiError:
    return ApiError(ErrorCode.BAD_USER_INPUT, message)


def not_found(message: str) -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, message)


INTERNAL_MESSAGE = "Internal error; it has been logged. Retry later or report it."
STORE_UNAVAILABLE_MESSAGE = "The graph store is unavailable; retry in a moment."

# Messages of strawberry's limiters (and ours): parsing/validation refused the document
# because of its size, not its content.
_LIMIT_PATTERNS = (
    re.compile(r"exceeds maximum operation depth"),
    re.compile(r"aliases found\. Allowed:"),
    re.compile(r"Document contains more than \d+ tokens"),
)


def _validation_message(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item["loc"]) or "input"
        parts.append(f"{loc}: {item['msg']}")
    return "invalid input: " + "; ".join(parts)


def classify(error: BaseException) -> tuple[ErrorCode, str]:
    """Code and client-safe message for an exception raised while resolving."""
    if isinstance(error, ApiError):
        return error.code, str(error)
    if isinstance(error, StoreUnavailableError):
        return ErrorCode.STORE_UNAVAILABLE, STORE_UNAVAILABLE_MESSAGE
    if isinstance(error, NotFoundError):
        return ErrorCode.NOT_FOUND, str(error)
    if isinstance(error, BadCursorError | OntologyError | IngestInputError):
        return ErrorCode.BAD_USER_INPUT, str(error)
    if isinstance(error, ValidationError):
        return ErrorCode.BAD_USER_INPUT, _validation_message(error)
    return ErrorCode.INTERNAL, INTERNAL_MESSAGE


def shape(error: GraphQLError) -> GraphQLError:
    """The error as the client may see it, with ``extensions.code`` set."""
    original = error.original_error
    existing = (error.extensions or {}).get("code")
    if original is None or isinstance(original, GraphQLError):
        if existing:
            return error
        if error.path is not None:  # an execution failure without a cause (e.g. null bug)
            code, message = ErrorCode.INTERNAL, INTERNAL_MESSAGE
        elif any(p.search(error.message) for p in _LIMIT_PATTERNS):
            code, message = ErrorCode.QUERY_TOO_COMPLEX, error.message
        else:
            code, message = ErrorCode.BAD_USER_INPUT, error.message
    else:
        code, message = classify(original)
    if code in {ErrorCode.INTERNAL, ErrorCode.STORE_UNAVAILABLE}:
        logger.error("GraphQL error at %s: %s", error.path, error.message, exc_info=original)
    return GraphQLError(
        message=message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={"code": code.value},
    )


class ErrorPolicy(SchemaExtension):
    """Rewrites every error of a response with ``shape`` (see the module docstring)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [shape(e) for e in result.errors]


__all__ = [
    "ApiError",
    "ErrorCode",
    "ErrorPolicy",
    "bad_input",
    "classify",
    "not_found",
    "shape",
]
