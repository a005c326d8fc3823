"""Reading one input file as text, with the checks every format shares.

Encoding decision (documented in the README's ingest section): input is UTF-8 (a BOM is
accepted; UTF-16 with a BOM too). Bytes that are not valid UTF-8 are *decoded with
U+FFFD replacement and a warning* naming the file, the count and the first offset, as
long as they are rare (at most ``_MAX_REPLACED_SHARE`` of the characters): that keeps a
Windows-1252 article with a few curly quotes usable. Beyond that the file is refused as
"not UTF-8 text", and a file with NUL bytes is refused as binary. HTML pages and feeds
skip this decoding (``read_file_bytes``): their own declaration names the encoding.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from frontierkg.errors import IngestInputError

logger = logging.getLogger(__name__)

_SNIFF_BYTES = 8192
_MAX_REPLACED_SHARE = 0.01
_BYTES_PER_CHAR_GUARD = 8  # refuse without reading files this many times the char limit
_BINARY = "binary file, not text; give a .txt, .md, .html, .json, .jsonl or feed file"


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` following the module's encoding decision."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise IngestInputError(
                source, f"file starts with a UTF-16 byte-order mark but is not UTF-16: {error}"
            ) from None
    if _looks_binary(data[:_SNIFF_BYTES]):
        raise IngestInputError(source, _BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        first_bad = error.start
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd")
    if replaced > max(1, int(len(text) * _MAX_REPLACED_SHARE)):
        raise IngestInputError(
            source,
            f"not UTF-8 text ({replaced} undecodable bytes, first at byte {first_bad}); "
            "re-save the file as UTF-8",
        )
    logger.warning(
        "%s: %d byte(s) are not valid UTF-8 (first at byte %d); replaced with U+FFFD. "
        "Re-save the file as UTF-8 to keep those characters",
        source,
        replaced,
        first_bad,
    )
    return text


def read_file_bytes(path: Path, max_chars: int) -> bytes:
    """The bytes of ``path``; refuses unreadable, huge, empty and binary files."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_chars * _BYTES_PER_CHAR_GUARD:
            raise IngestInputError(
                source,
                f"file is {size:,} bytes, far above the article limit of {max_chars:,} "
                "characters (FRONTIERKG_MAX_ARTICLE_CHARS); split it or raise the limit",
            )
        data = path.read_bytes()
    except OSError as error:
        raise IngestInputError(source, f"cannot read file: {error.strerror or error}") from None
    if not data.strip():
        raise IngestInputError(source, "file is empty; nothing to ingest")
    has_bom = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not has_bom and _looks_binary(data[:_SNIFF_BYTES]):
        raise IngestInputError(source, _BINARY)
    return data


def read_text_file(path: Path, max_chars: int) -> str:
    """The decoded text of ``path``; refuses empty, huge, binary and non-UTF-8 files."""
    return decode_bytes(read_file_bytes(path, max_chars), str(path))


__all__ = ["decode_bytes", "read_file_bytes", "read_text_file"]
