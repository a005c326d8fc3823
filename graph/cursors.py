"""Opaque page cursors: an offset into a stably ordered result, base64-encoded.

Cursors are opaque to clients (``Page.end_cursor`` / ``after``); inside they carry
a version tag and an offset, so a future keyset cursor can be told apart. A cursor
that does not decode raises ``BadCursorError`` naming the value and the fix.

Example:
    >>> from graph.cursors import decode_offset, encode_offset
    >>> decode_offset(encode_offset(40))
    40
    >>> decode_offset(None)
    0
"""

from __future__ import annotations

import base64
import binascii

from frontierkg.errors import BadCursorError

_PREFIX = "o1:"
_MAX_OFFSET = 10_000_000


def encode_offset(offset: int) -> str:
    """Cursor pointing after the first ``offset`` items of a result."""
    if offset < 0:
        raise ValueError(f"offset must be >= 0, got {offset}")
    raw = f"{_PREFIX}{offset}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_offset(cursor: str | None) -> int:
    """Offset carried by ``cursor`` (0 for ``None`` or an empty string).

    Raises ``BadCursorError`` when the cursor was not produced by ``encode_offset``.
    """
    if not cursor:
        return 0
    problem = (
        f"invalid page cursor {cursor[:64]!r}: pass the `end_cursor` of a previous page "
        "unchanged as `after`, or omit it to start from the first page"
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadCursorError(problem) from None
    if not raw.startswith(_PREFIX):
        raise BadCursorError(problem)
    digits = raw[len(_PREFIX) :]
    if not digits.isdigit() or len(digits) > 9:
        raise BadCursorError(problem)
    offset = int(digits)
    if offset > _MAX_OFFSET:
        raise BadCursorError(problem)
    return offset


def page_window(after: str | None, first: int) -> tuple[int, int]:
    """``(skip, limit)`` for a page: ``limit`` is ``first + 1`` to detect a next page."""
    return decode_offset(after), first + 1


__all__ = ["decode_offset", "encode_offset", "page_window"]
