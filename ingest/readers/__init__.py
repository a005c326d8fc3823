"""Readers: files, directories, feeds and URLs to validated ``ArticleInput`` records.

One module per format; this module dispatches on the file suffix and walks
directories. Problems are *yielded* as ``IngestInputError`` (naming the file, line or
feed entry and the problem) so one bad input never stops a batch. Warnings (text that
is not English, undecodable bytes replaced, broken feed entries, unreadable dates) go
to the ``ingest.readers`` loggers; the CLI lists them in its summary.

Example:
    >>> from ingest.readers import read_paths
    >>> items = list(read_paths(["samples/articles"]))  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from frontierkg.errors import IngestInputError
from frontierkg.settings import Settings, get_settings
from ingest.models import ArticleInput
from ingest.readers.checks import ArticleTooLongError, NotEnglishError
from ingest.readers.feed import is_url, read_feed_file, read_url
from ingest.readers.html import read_html
from ingest.readers.json_article import read_json, read_json_lines
from ingest.readers.plain_text import read_markdown, read_plain_text
from ingest.readers.records import read_article_dict

logger = logging.getLogger(__name__)

ReadItem = ArticleInput | IngestInputError
Reader = Callable[[Path, Settings], Iterable[ReadItem]]

READERS: dict[str, Reader] = {
    ".txt": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_json_lines,
    ".xml": read_feed_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
}
SUPPORTED_SUFFIXES = tuple(sorted(READERS))


def _guarded(source: str, items: Callable[[], Iterable[ReadItem]]) -> Iterator[ReadItem]:
    """Run a reader, turning raised errors into yielded ones and non-English into warnings."""
    try:
        for item in items():
            if isinstance(item, NotEnglishError):
                logger.warning("%s; skipped", item)
                continue
            yield item
    except NotEnglishError as error:
        logger.warning("%s; skipped", error)
    except IngestInputError as error:
        yield error
    except Exception as error:  # a reader bug or library failure must not stop the batch
        logger.debug("reading %s failed", source, exc_info=True)
        yield IngestInputError(source, f"unexpected {type(error).__name__} while reading: {error}")


def iter_directory(directory: Path) -> Iterator[Path]:
    """Supported files under ``directory``, recursively, sorted, skipping hidden ones."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if path.suffix.lower() in READERS:
                yield path
            else:
                logger.info("%s: skipped, not a supported file type", path)


def _read_file(path: Path, settings: Settings) -> Iterator[ReadItem]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield IngestInputError(
            str(path),
            f"unsupported file type {path.suffix or '(no suffix)'!r}; "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)} or an http(s) feed URL",
        )
        return
    yield from _guarded(str(path), lambda: reader(path, settings))


def read_paths(paths: Sequence[str], *, settings: Settings | None = None) -> Iterator[ReadItem]:
    """Articles of every file, directory and URL in ``paths``, in order, errors inline."""
    settings = settings or get_settings()
    for raw in paths:
        if is_url(raw):
            yield from _guarded(raw, lambda url=raw: read_url(url, settings))  # type: ignore[misc]
            continue
        path = Path(raw)
        if path.is_dir():
            for file in iter_directory(path):
                yield from _read_file(file, settings)
        elif path.is_file():
            yield from _read_file(path, settings)
        elif path.exists():
            yield IngestInputError(raw, "not a regular file or directory")
        else:
            yield IngestInputError(raw, "no such file or directory; check the path")


__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "ArticleTooLongError",
    "NotEnglishError",
    "ReadItem",
    "iter_directory",
    "read_article_dict",
    "read_paths",
]
