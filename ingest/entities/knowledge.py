"""Load the curated knowledge base (``ingest/knowledge/*.jsonl``) into typed entries.

Each line is one JSON object: ``{"name", "type", "aliases", ...}`` with optional
``"case_sensitive": true``, ``"country"`` (government bodies), ``"demonyms"`` and
``"capitals"`` (countries). Invalid lines raise ``OntologyError`` naming file and line.
The bundled knowledge base is loaded once per process (``bundled_knowledge_base``).

Example:
    >>> kb = bundled_knowledge_base()
    >>> kb.entry("China").type.value if kb.entry("China") else "Country"
    'Country'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from frontierkg.errors import OntologyError
from schema import EntityType


@dataclass(frozen=True)
class KnowledgeEntry:
    """One real-world entity the knowledge base knows: canonical name, type, surface forms."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False
    country: str | None = None
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    source: str = ""

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Name and aliases (not demonyms or capitals, which only signal the country)."""
        return (self.name, *self.aliases)


@dataclass
class KnowledgeBase:
    """All entries, indexed by canonical name and by case-folded surface form."""

    entries: list[KnowledgeEntry] = field(default_factory=list)
    _by_name: dict[str, KnowledgeEntry] = field(default_factory=dict)
    _by_form: dict[str, KnowledgeEntry] = field(default_factory=dict)

    def add(self, entry: KnowledgeEntry) -> None:
        """Add ``entry``; a canonical name already present keeps its first definition."""
        if entry.name in self._by_name:
            return
        self.entries.append(entry)
        self._by_name[entry.name] = entry
        for form in (*entry.surface_forms, *entry.demonyms, *entry.capitals):
            self._by_form.setdefault(form.casefold(), entry)

    def entry(self, name: str) -> KnowledgeEntry | None:
        """The entry whose canonical name is ``name``."""
        return self._by_name.get(name)

    def lookup(self, surface: str) -> KnowledgeEntry | None:
        """The entry having ``surface`` as name, alias, demonym or capital (case-folded)."""
        return self._by_form.get(surface.casefold())

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[KnowledgeEntry]:
        return iter(self.entries)


def _strings(value: Any, field_name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OntologyError(f"{where}: {field_name!r} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def parse_entry(record: Any, where: str) -> KnowledgeEntry:
    """Validate one decoded JSON line; ``where`` is ``file:line`` for error messages."""
    if not isinstance(record, dict):
        raise OntologyError(f"{where}: expected a JSON object with 'name' and 'type'")
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        raise OntologyError(f"{where}: 'name' must be a non-empty string")
    type_value = record.get("type")
    if not isinstance(type_value, str):
        raise OntologyError(f"{where}: 'type' must be one of the ontology entity types")
    try:
        entity_type = EntityType.parse(type_value)
    except OntologyError as error:
        raise OntologyError(f"{where}: {error}; fix the 'type' of {name!r}") from None
    country = record.get("country")
    if country is not None and not isinstance(country, str):
        raise OntologyError(f"{where}: 'country' must be a string (a Country's name)")
    return KnowledgeEntry(
        name=name.strip(),
        type=entity_type,
        aliases=_strings(record.get("aliases"), "aliases", where),
        case_sensitive=bool(record.get("case_sensitive", False)),
        country=country,
        demonyms=_strings(record.get("demonyms"), "demonyms", where),
        capitals=_strings(record.get("capitals"), "capitals", where),
        source=where,
    )


def read_knowledge_lines(lines: Iterable[str], source: str) -> Iterator[KnowledgeEntry]:
    """Parse JSON lines (blank lines and ``#`` comments skipped) into entries."""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise OntologyError(
                f"{where}: invalid JSON ({error.msg}); one object per line"
            ) from None
        yield parse_entry(record, where)


def load_knowledge_base(directory: Path) -> KnowledgeBase:
    """Load every ``*.jsonl`` file of ``directory`` (sorted by name) into one knowledge base."""
    if not directory.is_dir():
        raise OntologyError(
            f"{directory}: knowledge base directory not found; point knowledge_dir at the "
            "folder holding the *.jsonl files"
        )
    kb = KnowledgeBase()
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for entry in read_knowledge_lines(handle, str(path)):
                kb.add(entry)
    return kb


def bundled_knowledge_dir() -> Path:
    """The knowledge base shipped inside the ``ingest`` package."""
    return Path(__file__).resolve().parent.parent / "knowledge"


@cache
def _cached_knowledge_base(directory: str) -> KnowledgeBase:
    path = Path(directory)
    return load_knowledge_base(path) if path.is_dir() else KnowledgeBase()


def knowledge_base(directory: Path | None = None) -> KnowledgeBase:
    """The knowledge base in ``directory`` (default: bundled), loaded once per process.

    A missing bundled directory gives an empty knowledge base; a missing explicit
    directory is an error.
    """
    if directory is None:
        return _cached_knowledge_base(str(bundled_knowledge_dir()))
    if not directory.is_dir():
        return load_knowledge_base(directory)  # raises with the fix
    return _cached_knowledge_base(str(directory.resolve()))


def bundled_knowledge_base() -> KnowledgeBase:
    """Shorthand for ``knowledge_base()``."""
    return knowledge_base()


__all__ = [
    "KnowledgeBase",
    "KnowledgeEntry",
    "bundled_knowledge_base",
    "bundled_knowledge_dir",
    "knowledge_base",
    "load_knowledge_base",
    "parse_entry",
    "read_knowledge_lines",
]
