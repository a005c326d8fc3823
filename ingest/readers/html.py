"""``.html``/``.htm`` files: main text and metadata (title, canonical URL, date, site) by
trafilatura, so navigation, footers and cookie banners stay out of the graph.

When trafilatura finds no main content (very short pages), the page's visible text is
used instead; a page with no text at all is an error. Pages are passed as bytes, so a
``<meta charset>`` other than UTF-8 is honoured.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import trafilatura

from frontierkg.errors import IngestInputError
from frontierkg.settings import Settings
from ingest.models import ArticleInput
from ingest.readers.files import read_file_bytes
from ingest.readers.records import build_article

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class HtmlContent(NamedTuple):
    """Main text and metadata trafilatura found in one HTML document."""

    text: str
    title: str | None
    url: str | None
    date: str | None
    site: str | None


def extract_html(html: str | bytes, source: str) -> HtmlContent:
    """Main text (title first) and metadata of ``html``; raises when there is no text."""
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = ""
    title = url = date = site = None
    if document is not None:
        meta = document if isinstance(document, dict) else document.as_dict()
        text = (meta.get("text") or "").strip()
        title = meta.get("title") or None
        url = meta.get("url") or None
        date = meta.get("date") or None
        site = meta.get("sitename") or None
    if not text:
        text = trafilatura.html2txt(html).strip()
    if not text:
        raise IngestInputError(source, "HTML has no readable text (is it an empty page?)")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return HtmlContent(text, title, url, date, site)


def html_to_text(fragment: str) -> str:
    """Readable text of an HTML fragment (feed entry content), without metadata.

    trafilatura parses whole documents only, so the fragment is wrapped in one first.
    """
    document = f"<html><body><article>{fragment}</article></body></html>"
    extracted = trafilatura.extract(document, favor_recall=True, include_comments=False)
    return (extracted or trafilatura.html2txt(document) or "").strip()


def read_html(path: Path, settings: Settings) -> Iterator[ArticleInput]:
    """The one article of an HTML page."""
    source = str(path)
    # Bytes, not text: trafilatura honours the page's declared or detected charset.
    content = extract_html(read_file_bytes(path, settings.max_article_chars), source)
    yield build_article(
        origin=source,
        text=content.text,
        settings=settings,
        url=content.url,
        title=content.title,
        published=content.date,
        source=content.site,
    )


__all__ = ["HtmlContent", "extract_html", "html_to_text", "read_html"]
