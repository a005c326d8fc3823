"""Whole-graph dump and restore as JSON Lines: how a graph moves between stores.

``export_json`` streams every article, entity (with its aliases), mention, relation
and evidence of a store into one line each, tagged with its ``kind``; ``import_json``
writes such a file into any store through ``GraphStore.upsert`` in batches. The
dump is the store-neutral form, so embedded -> Neo4j is export, switch
``FRONTIERKG_STORE``, import.

File layout (one JSON object per line, keys in a fixed order, so the same graph
always gives the same lines; only the line order may differ between stores):

- first line ``{"kind": "header", "format": "frontierkg-dump", "version": 1}``;
- ``article``, ``entity``, ``mention``, ``relation``, ``evidence`` lines, each the
  fields of the matching record in ``graph.models`` (``ArticleRecord``,
  ``EntityRecord``, ``Mention``, ``RelationRecord``; evidence is the edge's
  ``subject_id``/``predicate``/``object_id`` plus the ``EvidenceRecord`` fields);
- last line ``{"kind": "end", "counts": {...}}``: its absence means the file was
  truncated.

Derived values (an entity's ``mention_count``/``first_seen``/``last_seen``, a
relation's ``confidence``/``evidence_count``/dates) are written for readers and
recomputed by the store on import from the mentions and evidence. A relation line
is imported through its evidence lines (the store keeps no edge without evidence).

Import streams the file four times and never holds its records: shapes (JSON, record
fields, ontology types, the header and end lines), references (endpoints and articles
known in the dump or the target store, domain/range, evidence for every relation),
then it writes articles and entities, then mentions and evidence, so the result does
not depend on the line order.
Memory grows only with the ids it checks references against. With bad lines,
nothing is written unless ``skip_bad`` is set; then the valid lines are written and
the bad ones reported. Re-importing a dump changes nothing (upserts are idempotent).

Example:
    >>> import io
    >>> from graph.json_dump import dump_line
    >>> from graph.models import Mention
    >>> dump_line("mention", Mention(article_id="a1", entity_id="country:china", count=2))
    '{"kind":"mention","article_id":"a1","entity_id":"country:china","count":2}'
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ValidationError

from frontierkg.errors import GraphStoreError, IngestInputError
from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityRecord,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    Mention,
    RelationRecord,
    RelationUpsert,
)
from graph.store import GraphStore
from schema import EntityType, Predicate, ontology

DUMP_FORMAT = "frontierkg-dump"
DUMP_VERSION = 1
MAX_REPORTED_PROBLEMS = 20
"""How many bad lines an error message lists in full (all are counted)."""


class RecordKind(StrEnum):
    """The ``kind`` tag of a dump line."""

    HEADER = "header"
    ARTICLE = "article"
    ENTITY = "entity"
    MENTION = "mention"
    RELATION = "relation"
    EVIDENCE = "evidence"
    END = "end"


DATA_KINDS: tuple[RecordKind, ...] = (
    RecordKind.ARTICLE,
    RecordKind.ENTITY,
    RecordKind.MENTION,
    RecordKind.RELATION,
    RecordKind.EVIDENCE,
)


# ---------------------------------------------------------------- line encoding


def _encode(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dump_line(kind: str, record: BaseModel, extra: dict[str, Any] | None = None) -> str:
    """One dump line (without newline): ``kind`` first, then ``extra``, then the record."""
    payload: dict[str, Any] = {"kind": kind}
    if extra:
        payload.update(extra)
    payload.update(record.model_dump(mode="json"))
    return _encode(payload)


def _entity_line(entity: EntityRecord) -> str:
    # Aliases are a set in the store; sorted so every store dumps the same line.
    return dump_line("entity", entity.model_copy(update={"aliases": tuple(sorted(entity.aliases))}))


def _evidence_line(edge: EdgeKey, evidence: EvidenceRecord) -> str:
    ends = {
        "subject_id": edge.subject_id,
        "predicate": edge.predicate.value,
        "object_id": edge.object_id,
    }
    return dump_line("evidence", evidence, ends)


# ---------------------------------------------------------------- export


@dataclass(frozen=True)
class DumpCounts:
    """Records written (export) or found (end line) per kind."""

    articles: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    evidence: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "article": self.articles,
            "entity": self.entities,
            "mention": self.mentions,
            "relation": self.relations,
            "evidence": self.evidence,
        }


def export_json(store: GraphStore, out: TextIO, batch_size: int = 1000) -> DumpCounts:
    """Write the whole graph of ``store`` to ``out`` as dump lines, one store batch at a time."""
    out.write(_encode({"kind": "header", "format": DUMP_FORMAT, "version": DUMP_VERSION}) + "\n")

    def write_all(batches: Iterable[Sequence[Any]], encode: Callable[[Any], str]) -> int:
        written = 0
        for batch in batches:
            out.write("".join(encode(item) + "\n" for item in batch))
            written += len(batch)
        return written

    counts = DumpCounts(
        articles=write_all(store.iter_articles(batch_size), lambda a: dump_line("article", a)),
        entities=write_all(store.iter_entities(batch_size), _entity_line),
        mentions=write_all(store.iter_mentions(batch_size), lambda m: dump_line("mention", m)),
        relations=write_all(store.iter_relations(batch_size), lambda r: dump_line("relation", r)),
        evidence=write_all(store.iter_evidence(batch_size), lambda pair: _evidence_line(*pair)),
    )
    out.write(_encode({"kind": "end", "counts": counts.as_dict()}) + "\n")
    return counts


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class BadLine:
    """A dump line that cannot be imported; ``line`` is 1-based."""

    line: int
    problem: str


@dataclass(frozen=True)
class EvidenceLine:
    """An evidence line: the edge it supports and the evidence itself."""

    edge: EdgeKey
    evidence: EvidenceRecord


ParsedRecord = ArticleRecord | EntityRecord | Mention | RelationRecord | EvidenceLine


class _LineError(Exception):
    """Internal: why one line is bad (becomes a ``BadLine``)."""


def _validation_problem(kind: str, error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:3]:
        loc = ".".join(str(p) for p in item["loc"]) or kind
        value = item.get("input")
        shown = f" (got {value!r})" if isinstance(value, str | int | float) else ""
        parts.append(f"{loc}: {item['msg']}{shown}")
    return f"invalid {kind} record: " + "; ".join(parts)


def _parse_payload(kind: str, payload: dict[str, Any]) -> ParsedRecord:
    try:
        if kind == RecordKind.ARTICLE:
            return ArticleRecord.model_validate(payload)
        if kind == RecordKind.ENTITY:
            return EntityRecord.model_validate(payload)
        if kind == RecordKind.MENTION:
            return Mention.model_validate(payload)
        if kind == RecordKind.RELATION:
            return RelationRecord.model_validate(payload)
        ends = {k: payload.pop(k, None) for k in ("subject_id", "predicate", "object_id")}
        evidence = EvidenceRecord.model_validate(payload)
    except ValidationError as error:
        raise _LineError(_validation_problem(kind, error)) from None
    if not all(isinstance(v, str) and v for v in ends.values()):
        raise _LineError("evidence record needs string subject_id, predicate and object_id")
    predicate = _predicate(str(ends["predicate"]))
    edge = EdgeKey(str(ends["subject_id"]), predicate, str(ends["object_id"]))
    return EvidenceLine(edge=edge.canonical(), evidence=evidence)


def _predicate(value: str) -> Predicate:
    try:
        return Predicate(value)
    except ValueError:
        allowed = ", ".join(p.value for p in Predicate)
        raise _LineError(f"unknown predicate {value!r}; allowed: {allowed}") from None


def _decode(text: str) -> tuple[str, dict[str, Any]]:
    """``(kind, fields)`` of one line, or ``_LineError``."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise _LineError(
            f"invalid JSON ({error.msg} at column {error.colno}); a cut-off last line "
            "means the dump is truncated: export it again"
        ) from None
    if not isinstance(payload, dict):
        raise _LineError(f"expected a JSON object, got {type(payload).__name__}")
    kind = payload.pop("kind", None)
    if kind not in {k.value for k in RecordKind}:
        allowed = ", ".join(k.value for k in RecordKind)
        raise _LineError(f"unknown record kind {kind!r}; allowed: {allowed}")
    return str(kind), payload


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers, streamed."""
    with path.open("r", encoding="utf-8", newline="") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.strip()
            if text:
                yield number, text


# ---------------------------------------------------------------- import


@dataclass
class ImportReport:
    """What ``import_json`` wrote and which lines it skipped."""

    path: Path
    records: Counter[str] = field(default_factory=Counter)
    batches: int = 0
    skipped: list[BadLine] = field(default_factory=list)

    def describe_skipped(self, limit: int = MAX_REPORTED_PROBLEMS) -> list[str]:
        """``file:line: problem`` for the first ``limit`` skipped lines."""
        return [f"{self.path}:{bad.line}: {bad.problem}" for bad in self.skipped[:limit]]


class DumpImportError(IngestInputError):
    """A dump has bad lines and ``skip_bad`` was not set: nothing was imported."""

    def __init__(self, path: Path, bad: Sequence[BadLine]) -> None:
        listed = "; ".join(f"{path}:{b.line}: {b.problem}" for b in bad[:MAX_REPORTED_PROBLEMS])
        more = len(bad) - MAX_REPORTED_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        problem = (
            f"{len(bad)} bad line(s), nothing imported: {listed}{tail}. Fix the lines, or "
            "pass --skip-bad to import the rest and report the skipped lines"
        )
        super().__init__(str(path), problem)
        self.bad_lines = tuple(bad)


@dataclass
class _Scan:
    """What the validation pass learns; ids only, never whole records."""

    bad: dict[int, str] = field(default_factory=dict)
    article_ids: set[str] = field(default_factory=set)
    entity_types: dict[str, EntityType] = field(default_factory=dict)
    evidence_edges: set[str] = field(default_factory=set)
    referenced_entities: set[str] = field(default_factory=set)
    referenced_articles: set[str] = field(default_factory=set)
    bad_nodes: dict[str, int] = field(default_factory=dict)
    """Ids of article/entity lines that are bad, with their line, to explain dependents."""
    seen: Counter[str] = field(default_factory=Counter)
    end_counts: dict[str, int] | None = None
    last_line: int = 0
    valid_relations: int = 0
    unreadable: int = 0
    """Lines whose kind is unknown (not JSON, no known ``kind``): they count as any kind."""

    def fail(self, line: int, problem: str) -> None:
        self.bad.setdefault(line, problem)


def _records(
    path: Path, scan: _Scan, kinds: frozenset[RecordKind] = frozenset(DATA_KINDS)
) -> Iterator[tuple[int, ParsedRecord]]:
    """Records of ``kinds`` on lines not found bad so far (only those are validated)."""
    for number, text in _numbered_lines(path):
        if number in scan.bad:
            continue
        try:
            kind, payload = _decode(text)
            if kind not in kinds:
                continue
            yield number, _parse_payload(kind, payload)
        except _LineError:
            continue  # reported by the scan pass


def _scan_shapes(path: Path, scan: _Scan) -> None:
    """Pass 1: every line decodes to a known record; collect ids and the end line."""
    first = True
    for number, text in _numbered_lines(path):
        scan.last_line = number
        try:
            kind, payload = _decode(text)
        except _LineError as error:
            scan.unreadable += 1
            if first:
                raise IngestInputError(
                    f"{path}:{number}",
                    f"not a frontierkg dump ({error}); the first line must be the header "
                    f'{{"kind": "header", "format": "{DUMP_FORMAT}", ...}} written '
                    "by `frontierkg export json`",
                ) from None
            scan.fail(number, str(error))
            continue
        if first:
            first = False
            if kind != RecordKind.HEADER or payload.get("format") != DUMP_FORMAT:
                raise IngestInputError(
                    f"{path}:{number}",
                    "not a frontierkg dump: the first line must be the header written by "
                    "`frontierkg export json`",
                )
            if payload.get("version") != DUMP_VERSION:
                raise IngestInputError(
                    f"{path}:{number}",
                    f"dump version {payload.get('version')!r} is not supported (this "
                    f"frontierkg reads version {DUMP_VERSION}); export it again",
                )
            continue
        scan.seen[kind] += 1
        if scan.end_counts is not None:
            scan.fail(number, "record after the end line; the end line must be last")
        if kind == RecordKind.HEADER:
            scan.fail(number, "second header line; a dump has one header, on its first line")
            continue
        if kind == RecordKind.END:
            counts = payload.get("counts")
            if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
                scan.fail(number, "end line needs a `counts` object of integers")
                scan.end_counts = {}
            else:
                scan.end_counts = {str(k): int(v) for k, v in counts.items()}
            continue
        node_id = payload.get("id")
        try:
            record = _parse_payload(kind, payload)
        except _LineError as error:
            scan.fail(number, str(error))
            if kind in (RecordKind.ARTICLE, RecordKind.ENTITY) and isinstance(node_id, str):
                scan.bad_nodes.setdefault(node_id, number)
            continue
        if isinstance(record, ArticleRecord):
            scan.article_ids.add(record.id)
        elif isinstance(record, EntityRecord):
            known = scan.entity_types.setdefault(record.id, record.type)
            if known != record.type:
                scan.fail(
                    number,
                    f"entity {record.id!r} appears again with type {record.type.value}, "
                    f"first seen as {known.value}",
                )
        elif isinstance(record, EvidenceLine):
            scan.evidence_edges.add(record.edge.key)
        entity_refs, article_refs = _references(record)
        scan.referenced_entities.update(entity_refs)
        scan.referenced_articles.update(article_refs)
    if first:
        raise IngestInputError(str(path), "empty file: no dump header; nothing to import")


def _scan_end(scan: _Scan) -> None:
    """The end line exists and its counts match the lines read."""
    after_last = scan.last_line + 1
    if scan.end_counts is None:
        scan.fail(
            after_last,
            f"file ends at line {scan.last_line} without the end line: the dump is "
            "truncated; export it again",
        )
        return
    seen = {kind.value: scan.seen[kind.value] for kind in DATA_KINDS}
    expected = {kind.value: scan.end_counts.get(kind.value, 0) for kind in DATA_KINDS}
    if scan.unreadable:
        # Unreadable lines may be of any kind: only the totals can be compared.
        consistent = sum(expected.values()) == sum(seen.values()) + scan.unreadable
    else:
        consistent = seen == expected
    if not consistent:
        scan.fail(
            after_last,
            f"end line counts {expected} differ from the lines read {seen}: lines were "
            "lost or added; export it again",
        )


def _known_in_store(
    store: GraphStore, entity_ids: set[str], article_ids: set[str], batch_size: int
) -> tuple[dict[str, EntityType], set[str]]:
    """Types of the referenced entities and the articles the target store already has."""
    types: dict[str, EntityType] = {}
    ids = sorted(entity_ids)
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        for entity_id, found in zip(chunk, store.get_entities(chunk), strict=True):
            if found is not None:
                types[entity_id] = found.type
    articles: set[str] = set()
    ids = sorted(article_ids)
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        for article_id, found_article in zip(chunk, store.get_articles(chunk), strict=True):
            if found_article is not None:
                articles.add(article_id)
    return types, articles


def _references(record: ParsedRecord) -> tuple[list[str], list[str]]:
    """``(entity ids, article ids)`` a record refers to."""
    if isinstance(record, Mention):
        return [record.entity_id], [record.article_id]
    if isinstance(record, RelationRecord):
        return [record.subject_id, record.object_id], []
    if isinstance(record, EvidenceLine):
        return [record.edge.subject_id, record.edge.object_id], [record.evidence.article_id]
    return [], []


def _scan_references(path: Path, scan: _Scan, store: GraphStore, batch_size: int) -> None:
    """Pass 2: every endpoint and article exists (in the dump or the store), domain/range hold."""
    store_types, store_articles = _known_in_store(
        store,
        scan.referenced_entities - scan.entity_types.keys(),
        scan.referenced_articles - scan.article_ids,
        batch_size,
    )
    types = {**store_types, **scan.entity_types}
    schema = ontology()

    referring = frozenset({RecordKind.MENTION, RecordKind.RELATION, RecordKind.EVIDENCE})
    for number, record in _records(path, scan, referring):
        entity_refs, article_refs = _references(record)
        unknown = [e for e in entity_refs if e not in types]
        if unknown:
            scan.fail(number, _missing(record, "entity", unknown[0], scan))
            continue
        lost = [a for a in article_refs if a not in scan.article_ids and a not in store_articles]
        if lost:
            scan.fail(number, _missing(record, "article", lost[0], scan))
            continue
        edge = _edge_of(record)
        if edge is None:
            continue
        subject_type, object_type = types[edge.subject_id], types[edge.object_id]
        if (subject_type, object_type) not in schema.allowed_ends(edge.predicate):
            scan.fail(
                number,
                f"{_describe(record)}: the ontology does not allow {subject_type.value} "
                f"-{edge.predicate.value}-> {object_type.value}",
            )
            continue
        if isinstance(record, RelationRecord):
            if edge.key not in scan.evidence_edges:
                scan.fail(
                    number,
                    f"{_describe(record)} has no evidence line; the store keeps only edges "
                    "with evidence, so it cannot be imported",
                )
            else:
                scan.valid_relations += 1


def _missing(record: ParsedRecord, what: str, node_id: str, scan: _Scan) -> str:
    bad_line = scan.bad_nodes.get(node_id)
    if bad_line is not None:
        return f"{_describe(record)} refers to {what} {node_id!r}, whose line {bad_line} is bad"
    return (
        f"{_describe(record)} refers to {what} {node_id!r}, which is neither in the dump "
        "nor in the target store"
    )


def _edge_of(record: ParsedRecord) -> EdgeKey | None:
    if isinstance(record, RelationRecord):
        return record.edge.canonical()
    if isinstance(record, EvidenceLine):
        return record.edge
    return None


def _describe(record: ParsedRecord) -> str:
    if isinstance(record, Mention):
        return f"mention of {record.entity_id!r} in article {record.article_id!r}"
    edge = _edge_of(record)
    name = "relation" if isinstance(record, RelationRecord) else "evidence"
    if edge is not None:
        return f"{name} {edge.subject_id} -{edge.predicate.value}-> {edge.object_id}"
    return "record"


def _write_phase(
    store: GraphStore,
    path: Path,
    scan: _Scan,
    kinds: frozenset[RecordKind],
    batch_size: int,
    report: ImportReport,
) -> None:
    """Upsert the valid records of ``kinds`` in batches of ``batch_size`` records.

    One ``upsert_stream``: each batch is read and built while the one before is
    written. ``chunks`` holds the records of the batches handed over and not yet
    written, so a refused batch is named by its lines.
    """
    chunks: deque[list[tuple[int, ParsedRecord]]] = deque()

    def batches() -> Iterator[GraphBatch]:
        pending: list[tuple[int, ParsedRecord]] = []
        for number, record in _records(path, scan, kinds):
            pending.append((number, record))
            if len(pending) >= batch_size:
                chunks.append(pending)
                yield _to_batch([record for _, record in pending])
                pending = []
        if pending:
            chunks.append(pending)
            yield _to_batch([record for _, record in pending])

    written = store.upsert_stream(batches())
    while True:
        try:
            next(written)
        except StopIteration:
            return
        except GraphStoreError as error:
            first, last = chunks[0][0][0], chunks[0][-1][0]
            raise GraphStoreError(
                f"{path}:{first}-{last}: the store refused this batch ({error}); it was "
                "not written, batches before it were. Importing again is safe: it "
                "skips nothing and duplicates nothing"
            ) from error
        report.batches += 1
        for _, record in chunks.popleft():
            report.records[_kind_of(record)] += 1


def _kind_of(record: ParsedRecord) -> str:
    if isinstance(record, ArticleRecord):
        return RecordKind.ARTICLE.value
    if isinstance(record, EntityRecord):
        return RecordKind.ENTITY.value
    if isinstance(record, Mention):
        return RecordKind.MENTION.value
    if isinstance(record, RelationRecord):
        return RecordKind.RELATION.value
    return RecordKind.EVIDENCE.value


def _to_batch(records: Sequence[ParsedRecord]) -> GraphBatch:
    """One ``GraphBatch``; evidence lines of the same edge become one ``RelationUpsert``."""
    articles: list[ArticleRecord] = []
    entities: list[EntityUpsert] = []
    mentions: list[Mention] = []
    evidence: defaultdict[EdgeKey, list[EvidenceRecord]] = defaultdict(list)
    for record in records:
        if isinstance(record, ArticleRecord):
            articles.append(record)
        elif isinstance(record, EntityRecord):
            entities.append(
                EntityUpsert(
                    id=record.id, type=record.type, name=record.name, aliases=record.aliases
                )
            )
        elif isinstance(record, Mention):
            mentions.append(record)
        elif isinstance(record, EvidenceLine):
            evidence[record.edge].append(record.evidence)
    relations = [
        RelationUpsert(
            subject_id=edge.subject_id,
            predicate=edge.predicate,
            object_id=edge.object_id,
            evidence=tuple(items),
        )
        for edge, items in evidence.items()
    ]
    return GraphBatch(
        articles=tuple(articles),
        entities=tuple(entities),
        mentions=tuple(mentions),
        relations=tuple(relations),
    )


def import_json(
    store: GraphStore, path: Path, batch_size: int = 1000, *, skip_bad: bool = False
) -> ImportReport:
    """Import a dump written by ``export_json`` into ``store``.

    Raises ``IngestInputError`` when the file is not a dump, ``DumpImportError`` when
    lines are bad and ``skip_bad`` is false (then nothing is written), and
    ``GraphStoreError`` naming the line range when the store refuses a batch.
    """
    if not path.is_file():
        raise IngestInputError(str(path), "no such file; pass a dump written by `export json`")
    scan = _Scan()
    _scan_shapes(path, scan)
    _scan_end(scan)
    _scan_references(path, scan, store, batch_size)
    bad = [BadLine(line, problem) for line, problem in sorted(scan.bad.items())]
    if bad and not skip_bad:
        raise DumpImportError(path, bad)

    report = ImportReport(path=path, skipped=bad)
    # Nodes first, then what points at them, so line order in the file does not matter.
    nodes = frozenset({RecordKind.ARTICLE, RecordKind.ENTITY})
    _write_phase(store, path, scan, nodes, batch_size, report)
    links = frozenset({RecordKind.MENTION, RecordKind.EVIDENCE})
    _write_phase(store, path, scan, links, batch_size, report)
    # Relations are written through their evidence lines; count the ones that were.
    report.records[RecordKind.RELATION.value] = scan.valid_relations
    return report


__all__ = [
    "DATA_KINDS",
    "DUMP_FORMAT",
    "DUMP_VERSION",
    "BadLine",
    "DumpCounts",
    "DumpImportError",
    "EvidenceLine",
    "ImportReport",
    "RecordKind",
    "dump_line",
    "export_json",
    "import_json",
]
