"""A text output for streamed exports: a file that appears only when complete, or stdout.

Streamed exports write batch by batch, so a failure half-way would leave a file that
looks finished. ``open_output`` writes ``NAME.partial`` next to the target and
renames it over ``NAME`` only when the export succeeded.

Example:
    >>> from pathlib import Path
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.nt"
    >>> with open_output(target) as out:
    ...     _ = out.write("<a:b> <a:c> <a:d> .\\n")
    >>> target.read_text()
    '<a:b> <a:c> <a:d> .\\n'
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from frontierkg.errors import FrontierKGError


class OutputFileError(FrontierKGError):
    """The output file cannot be written."""


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """Yield stdout (``path`` None) or a temporary file renamed to ``path`` on success."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    partial = path.with_name(path.name + ".partial")
    try:
        handle = partial.open("w", encoding="utf-8", newline="\n")
    except OSError as error:
        raise OutputFileError(
            f"{path}: cannot write ({error.strerror}); check the directory exists and is writable"
        ) from None
    try:
        with handle:
            yield handle
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


__all__ = ["OutputFileError", "open_output"]
