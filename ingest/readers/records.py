"""One article from a mapping (a JSON object, a JSONL line, the API's input).

Known keys: ``id``, ``url``, ``title``, ``published``, ``source``, ``text``; any other key
(for instance the gold ``entities``/``relations`` of the evaluation files) is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontierkg.errors import IngestInputError
from frontierkg.settings import Settings, get_settings
from ingest.models import ArticleInput
from ingest.readers.checks import check_text
from ingest.readers.dates import parse_date_or_warn
from ingest.readers.identity import article_id

_MAX_TITLE_CHARS = 300


def normalise_text(text: str) -> str:
    """Unix line endings and no surrounding blank space; offsets refer to this form."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def title_from_text(text: str) -> str:
    """First non-empty line of ``text``, cut to a readable length."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:_MAX_TITLE_CHARS]
    return ""


def _optional_str(data: Mapping[str, Any], key: str, origin: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and key == "id":
        return str(value)
    if not isinstance(value, str):
        raise IngestInputError(
            origin, f"key {key!r} must be a string or null, got {type(value).__name__}"
        )
    return value.strip() or None


def build_article(
    *,
    origin: str,
    text: str,
    settings: Settings,
    given_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: object = None,
    source: str | None = None,
) -> ArticleInput:
    """Validated ``ArticleInput`` from already-extracted fields (all readers end here)."""
    text = normalise_text(text)
    check_text(origin, text, settings.max_article_chars)
    return ArticleInput(
        id=article_id(given_id, url, text),
        url=url,
        title=(title or "").strip() or title_from_text(text),
        published=parse_date_or_warn(published, origin),
        source=source,
        text=text,
        origin=origin,
    )


def read_article_dict(
    data: Mapping[str, Any], origin: str, *, settings: Settings | None = None
) -> ArticleInput:
    """Validate one article mapping; raises ``IngestInputError`` naming ``origin``.

    Example:
        >>> read_article_dict({"id": "a1", "title": "T", "text": "Nvidia ships H20."}, "api").id
        'a1'
    """
    if not isinstance(data, Mapping):
        raise IngestInputError(
            origin,
            f"expected a JSON object with at least a 'text' key, got {type(data).__name__}; "
            "put several articles in a .jsonl file, one object per line",
        )
    text = data.get("text")
    if text is None:
        raise IngestInputError(origin, "missing required key 'text' (the article body)")
    if not isinstance(text, str):
        raise IngestInputError(origin, f"key 'text' must be a string, got {type(text).__name__}")
    published = data.get("published")
    return build_article(
        origin=origin,
        text=text,
        settings=settings or get_settings(),
        given_id=_optional_str(data, "id", origin),
        url=_optional_str(data, "url", origin),
        title=_optional_str(data, "title", origin),
        published=published,
        source=_optional_str(data, "source", origin),
    )


__all__ = ["build_article", "normalise_text", "read_article_dict", "title_from_text"]
