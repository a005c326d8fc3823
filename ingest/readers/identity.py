"""Article ids: the given id, else one derived from the normalised URL, else from the text.

A URL-derived id is stable across trivial URL variations (scheme case, ``www.``,
trailing slash, fragment, tracking parameters, query-parameter order), so the same
story read from a feed and from its saved page gets the same id and dedups.

Example:
    >>> from ingest.readers.identity import article_id, normalise_url
    >>> normalise_url("HTTPS://www.Example.org/news/a/?utm_source=x&b=2&a=1#top")
    'https://example.org/news/a?a=1&b=2'
    >>> article_id(None, "https://example.org/news/a", "text")
    'example-org-news-a-a47e53a5'
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from graph.models import slugify

_TRACKING_PREFIXES = ("utm_",)
_TRACKING_KEYS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid"})
_MAX_SLUG = 60


def normalise_url(url: str) -> str:
    """Canonical form of ``url`` used for ids (not for display)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    if scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or ""
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_KEYS
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def url_article_id(url: str) -> str:
    """Readable, stable id from a URL: slug of host and path plus a short hash."""
    normalised = normalise_url(url)
    parts = urlsplit(normalised)
    slug = slugify(f"{parts.hostname or ''} {parts.path}")[:_MAX_SLUG].strip("-")
    return f"{slug}-{_short_hash(normalised)}"


def text_article_id(text: str) -> str:
    """Id from the text alone, for articles with neither id nor URL."""
    return f"text-{hashlib.sha1(text.strip().encode('utf-8')).hexdigest()[:16]}"


def article_id(given: str | None, url: str | None, text: str) -> str:
    """The article id by precedence: given id, URL, then text hash."""
    if given is not None and given.strip():
        return given.strip()
    if url:
        return url_article_id(url)
    return text_article_id(text)


__all__ = ["article_id", "normalise_url", "text_article_id", "url_article_id"]
