"""Publication dates from whatever the source gives: ISO strings, RFC 822 feed dates,
"16 January 2025", epoch timestamps, ``datetime``/``date`` objects.

ISO dates take a fast path; everything else goes through dateparser restricted to
absolute dates (a relative "3 days ago" has no reference point in a stored file), in
English, requiring at least a year. Timezone-aware values are converted to UTC first.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import dateparser

logger = logging.getLogger(__name__)

_DATEPARSER_SETTINGS: Any = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["year", "month"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TO_TIMEZONE": "UTC",
}


def _utc_date(value: datetime) -> date:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.date()


def parse_date(value: object) -> date | None:
    """Normalise ``value`` to a date, or None when absent or not a recognisable date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _utc_date(value)
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC).date()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return _utc_date(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return _utc_date(parsed) if parsed is not None else None


def parse_date_or_warn(value: object, source: str) -> date | None:
    """``parse_date``, logging a warning naming ``source`` when a given value is unusable."""
    parsed = parse_date(value)
    if parsed is None and value not in (None, ""):
        logger.warning(
            "%s: cannot read publication date %r; the article is kept without a date",
            source,
            value,
        )
    return parsed


__all__ = ["parse_date", "parse_date_or_warn"]
