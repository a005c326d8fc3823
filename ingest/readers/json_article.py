"""``.json`` files (one article object) and ``.jsonl`` files (one article object a line).

A ``.json`` file with invalid JSON or without ``text`` is one error for the file. In a
``.jsonl`` file every line stands alone: a bad line is an error naming ``file:line`` and
the following lines are still read. Blank lines are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from frontierkg.errors import IngestInputError
from frontierkg.settings import Settings
from ingest.models import ArticleInput
from ingest.readers.files import decode_bytes, read_text_file
from ingest.readers.records import read_article_dict


def _invalid_json(source: str, error: json.JSONDecodeError) -> IngestInputError:
    return IngestInputError(
        source, f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
    )


def read_json(path: Path, settings: Settings) -> Iterator[ArticleInput]:
    """The one article of a ``.json`` file."""
    source = str(path)
    text = read_text_file(path, settings.max_article_chars)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _invalid_json(source, error) from None
    yield read_article_dict(data, source, settings=settings)


def read_json_lines(path: Path, settings: Settings) -> Iterator[ArticleInput | IngestInputError]:
    """Each article of a ``.jsonl`` file; bad lines are yielded as errors, not raised."""
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        raise IngestInputError(source, f"cannot read file: {error.strerror or error}") from None
    seen_content = False
    with handle:
        for number, raw in enumerate(handle, start=1):
            line_source = f"{source}:{number}"
            if not raw.strip():
                continue
            seen_content = True
            try:
                data = json.loads(decode_bytes(raw, line_source))
                yield read_article_dict(data, line_source, settings=settings)
            except json.JSONDecodeError as error:
                yield _invalid_json(line_source, error)
            except IngestInputError as error:
                yield error
    if not seen_content:
        raise IngestInputError(source, "file is empty; nothing to ingest")


__all__ = ["read_json", "read_json_lines"]
