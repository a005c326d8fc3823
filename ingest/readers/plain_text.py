"""``.txt`` and ``.md`` files: one article each, the first non-empty line is the title.

The text given to the extractor is the whole document (title line included, as in the
evaluation files), for Markdown with its markup removed so that ``**Nvidia**`` or
``[Zhipu](https://...)`` read as plain words. A Markdown file may start with a YAML-style
front matter block (``---`` lines) whose ``id``, ``url``, ``title``, ``published``
(or ``date``) and ``source`` keys are used as metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from frontierkg.settings import Settings
from ingest.models import ArticleInput
from ingest.readers.files import read_text_file
from ingest.readers.records import build_article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_MARKDOWN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^```.*$", re.MULTILINE), ""),  # code fences (keep the code text)
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> link text
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE), r"\1"),  # headings
    (re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE), ""),  # bullets
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.MULTILINE), ""),  # horizontal rules
    (re.compile(r"(\*\*|__)(\S.*?\S|\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(\S.*?\S|\S)\*(?![\w*])"), r"\1"),  # italics with *
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
)


def strip_markdown(text: str) -> str:
    """Markdown source to plain prose (good enough for NER, not a renderer)."""
    for pattern, replacement in _MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    return re.sub(r"\n{3,}", "\n\n", text)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(metadata, body)``; metadata is empty when there is no front matter block."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        field = _FRONT_MATTER_LINE.match(line)
        if field:
            meta[field.group(1).lower()] = field.group(2).strip().strip("\"'")
    return meta, text[match.end() :]


def read_plain_text(path: Path, settings: Settings) -> Iterator[ArticleInput]:
    """The one article of a ``.txt`` file."""
    text = read_text_file(path, settings.max_article_chars)
    yield build_article(origin=str(path), text=text, settings=settings)


def read_markdown(path: Path, settings: Settings) -> Iterator[ArticleInput]:
    """The one article of a ``.md`` file (front matter honoured, markup stripped)."""
    meta, body = split_front_matter(read_text_file(path, settings.max_article_chars))
    yield build_article(
        origin=str(path),
        text=strip_markdown(body),
        settings=settings,
        given_id=meta.get("id") or None,
        url=meta.get("url") or None,
        title=meta.get("title") or None,
        published=meta.get("published") or meta.get("date") or None,
        source=meta.get("source") or None,
    )


__all__ = ["read_markdown", "read_plain_text", "split_front_matter", "strip_markdown"]
