"""RSS and Atom feeds (``.xml``, ``.rss``, ``.atom`` files and ``http(s)`` URLs) via feedparser.

Each entry is one article: its ``content`` (else ``summary``) is the text, turned from
HTML into plain text by trafilatura when the feed marks it as HTML; the entry's title is
put first, as in a page. Ids come from the entry's link (so a feed entry and the saved
page of the same story dedup), else its ``guid``, else the text.

A feed that does not parse at all is an error for the feed. A feed that parses with
damage, and entries that cannot be used (no text, unreadable), are *warnings* naming
the feed and the entry: the rest of the feed is still ingested. A URL that serves an
HTML page instead of a feed is read as one HTML article.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import httpx

from frontierkg.errors import IngestInputError
from frontierkg.settings import Settings
from ingest.models import ArticleInput
from ingest.readers.files import read_file_bytes
from ingest.readers.html import extract_html, html_to_text
from ingest.readers.records import build_article

logger = logging.getLogger(__name__)

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_FETCH_TIMEOUT_S = 20.0
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_url(value: str) -> bool:
    """True for ``http://`` and ``https://`` locations."""
    return value.lower().startswith(("http://", "https://"))


def _fetch(url: str) -> tuple[bytes, str]:
    """Body and content type of ``url``; raises ``IngestInputError`` naming the URL."""
    try:
        response = httpx.get(
            url,
            timeout=_FETCH_TIMEOUT_S,
            follow_redirects=True,
            headers={"User-Agent": "frontierkg-ingest/0.1"},
        )
        response.raise_for_status()
    except httpx.HTTPStatusError as error:
        raise IngestInputError(
            url, f"server answered HTTP {error.response.status_code}; check the URL"
        ) from None
    except httpx.HTTPError as error:
        raise IngestInputError(url, f"cannot fetch: {error}; check the URL and network") from None
    return response.content, response.headers.get("content-type", "")


def _entry_label(entry: Mapping[str, Any], index: int) -> str:
    name = entry.get("title") or entry.get("link") or entry.get("id")
    return f"entry {index}" + (f" ({str(name)[:80]!r})" if name else "")


def _entry_text(entry: Mapping[str, Any]) -> str:
    """Plain text of an entry's content, else its summary ("" when it has neither)."""
    candidates: list[Mapping[str, Any]] = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    elif entry.get("summary"):
        candidates.append({"type": "text/html", "value": entry["summary"]})
    for detail in candidates:
        value = str(detail.get("value") or "").strip()
        if not value:
            continue
        if str(detail.get("type") or "").lower() in _HTML_TYPES and "<" in value:
            value = html_to_text(value)
        if value:
            return value
    return ""


def _entry_date(entry: Mapping[str, Any]) -> object:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            year, month, day, hour, minute, second = parsed[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return entry.get("published") or entry.get("updated")


def _entry_article(
    entry: Mapping[str, Any], source: str, feed_title: str | None, settings: Settings
) -> ArticleInput:
    text = _entry_text(entry)
    if not text:
        raise IngestInputError(source, "entry has no content or summary")
    title = str(entry.get("title") or "").strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    link = str(entry.get("link") or "").strip() or None
    guid = str(entry.get("id") or "").strip() or None
    return build_article(
        origin=source,
        text=text,
        settings=settings,
        given_id=None if link else guid,
        url=link,
        title=title or None,
        published=_entry_date(entry),
        source=feed_title,
    )


def parse_feed(data: bytes, source: str, settings: Settings) -> Iterator[ArticleInput]:
    """Articles of the feed document ``data``; see the module docstring for failures."""
    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    if not entries:
        if parsed.bozo:
            raise IngestInputError(
                source, f"not a valid RSS/Atom feed: {parsed.get('bozo_exception')}"
            )
        if not parsed.version:
            raise IngestInputError(source, "not an RSS or Atom feed (no channel or entries)")
        logger.warning("%s: feed has no entries", source)
        return
    if parsed.bozo:
        logger.warning(
            "%s: feed is malformed (%s); reading the %d entries that could be parsed",
            source,
            parsed.get("bozo_exception"),
            len(entries),
        )
    feed_title = str(parsed.feed.get("title") or "").strip() or None
    usable = 0
    for index, entry in enumerate(entries, start=1):
        entry_source = f"{source} {_entry_label(entry, index)}"
        try:
            article = _entry_article(entry, entry_source, feed_title, settings)
        except IngestInputError as error:
            logger.warning(
                "%s: %s; entry skipped, the rest of the feed goes on", entry_source, error.problem
            )
            continue
        usable += 1
        yield article
    if parsed.bozo and not usable:
        raise IngestInputError(
            source,
            f"not a valid RSS/Atom feed ({parsed.get('bozo_exception')}) and no entry could "
            "be used; check that the file is a complete feed",
        )


def read_feed_file(path: Path, settings: Settings) -> Iterator[ArticleInput]:
    """Articles of a feed file."""
    # Bytes, not text: feedparser honours the encoding the XML declaration names.
    yield from parse_feed(read_file_bytes(path, settings.max_article_chars), str(path), settings)


def read_url(url: str, settings: Settings) -> Iterator[ArticleInput]:
    """Articles of a feed URL, or the one article of an HTML page URL."""
    data, content_type = _fetch(url)
    if content_type.split(";")[0].strip().lower() in _HTML_TYPES:
        parsed = feedparser.parse(data)
        if not parsed.entries:
            content = extract_html(data, url)
            yield build_article(
                origin=url,
                text=content.text,
                settings=settings,
                url=content.url or url,
                title=content.title,
                published=content.date,
                source=content.site,
            )
            return
    yield from parse_feed(data, url, settings)


__all__ = ["FEED_SUFFIXES", "is_url", "parse_feed", "read_feed_file", "read_url"]
