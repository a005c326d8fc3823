"""Content hash of an article: what decides "unchanged" versus "re-extract".

The hash covers everything that ends up in the graph (text, title, URL, date, source),
not where the article was read from, so moving a file does not re-ingest it while
fixing a typo in its text does.

Example:
    >>> from ingest.models import ArticleInput
    >>> a = ArticleInput(id="a", text="Nvidia ships H20.", origin="x.txt")
    >>> content_hash(a) == content_hash(a.model_copy(update={"origin": "y.txt"}))
    True
"""

from __future__ import annotations

import hashlib
import json

from ingest.models import ArticleInput


def content_hash(article: ArticleInput) -> str:
    """Hex SHA-256 of the article's stored fields (excluding ``id`` and ``origin``)."""
    payload = {
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


__all__ = ["content_hash"]
