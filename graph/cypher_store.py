"""``GraphStore`` operations over a Cypher backend, shared by both adapters.

A subclass supplies three things: ``dialect``, ``_read(statement)`` returning
rows as dicts, and ``_write(plan)`` executing a ``WritePlan`` all or nothing.
Everything else (validation, planning, paging, search ranking, row parsing) is
here once, so the embedded store and Neo4j behave the same by construction.
"""

from __future__ import annotations

import abc
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, AbstractContextManager, nullcontext
from typing import Any, TypeVar

from rapidfuzz import fuzz

from frontierkg.errors import GraphStoreError, NotFoundError
from graph import dialect as dialects
from graph import queries
from graph.batch_writer import DirectChannel, WriteChannel, write_batches
from graph.cursors import decode_offset, encode_offset
from graph.models import (
    ArticleQuery,
    ArticleRecord,
    Direction,
    EdgeKey,
    EntityQuery,
    EntityRecord,
    EvidenceRecord,
    EvidenceView,
    GraphBatch,
    GraphCounts,
    Mention,
    NeighbourQuery,
    Page,
    PathRecord,
    RelationDetail,
    RelationQuery,
    RelationRecord,
    SearchHit,
    WriteSummary,
)
from graph.read_steps import AsyncReader, ReadSteps, read_steps, run_steps, thread_reader
from graph.records import (
    article_record,
    entity_record,
    evidence_record,
    evidence_view,
    relation_detail,
    relation_record,
)
from graph.statements import Dialect, Statement
from graph.write_plan import (
    WritePlan,
    plan_delete_articles,
    plan_merge,
    plan_set_names,
)
from schema import EntityType, Predicate

Row = dict[str, Any]
T = TypeVar("T")
_ALL_PREDICATES = [p.value for p in Predicate]
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.casefold()).strip()


def search_score(text: str, entity: EntityRecord) -> float:
    """Rank of ``entity`` for ``text``: exact name > exact alias > prefix > fuzzy.

    Exact name 4, exact alias 3, name prefix 2-2.5, alias prefix 1.5-2 (closer
    lengths score higher), otherwise the best fuzzy similarity scaled into 0-1.
    """
    query = _norm(text)
    name = _norm(entity.name)
    aliases = [_norm(a) for a in entity.aliases]
    if name == query:
        return 4.0
    if query in aliases:
        return 3.0
    if name.startswith(query):
        return 2.0 + 0.5 * len(query) / len(name)
    prefixed = [a for a in aliases if a.startswith(query)]
    if prefixed:
        return 1.5 + 0.5 * len(query) / min(len(a) for a in prefixed)
    best = max(fuzz.WRatio(query, candidate) for candidate in [name, *aliases])
    return round(float(best) / 100.0, 6)


class CypherStore(abc.ABC):
    """Implements ``GraphStore`` given a read primitive and an atomic plan writer."""

    dialect: Dialect

    # ---------------------------------------------------------------- primitives
    @abc.abstractmethod
    def _read(self, statement: Statement) -> list[Row]:
        """Run a read-only statement; rows as dicts keyed by column name."""

    @abc.abstractmethod
    def _write(self, plan: WritePlan) -> None:
        """Execute every segment of ``plan`` all or nothing."""

    def _channel(self) -> AbstractContextManager[WriteChannel]:
        """A channel for a stream of batch writes (``graph.batch_writer``).

        By default a write runs when sent; an adapter whose protocol can send a
        request now and collect the reply later overrides this.
        """
        return nullcontext(DirectChannel(self._read, self._write))

    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    def describe(self) -> dict[str, str]: ...

    def _read_with(self, statement: Statement, **parameters: Any) -> list[Row]:
        return self._read(statement.bound(**parameters))

    def _run_steps(self, steps: ReadSteps[T]) -> T:
        """Run a ``read_steps`` read with blocking round trips (``graph.read_steps``)."""
        return run_steps(steps, self._read)

    def async_reader(self) -> AbstractAsyncContextManager[AsyncReader]:
        """A reader for this store's reads from async code; by default through threads."""
        return thread_reader()

    def ping(self) -> None:
        self._read(queries.ping())

    # ---------------------------------------------------------------- writes
    def _write_batches(
        self, batches: Iterable[GraphBatch], *, replace: bool
    ) -> Iterator[WriteSummary]:
        with self._channel() as channel:
            yield from write_batches(channel, batches, replace=replace)

    def upsert(self, batch: GraphBatch) -> WriteSummary:
        (summary,) = self._write_batches([batch], replace=False)
        return summary

    def upsert_stream(self, batches: Iterable[GraphBatch]) -> Iterator[WriteSummary]:
        return self._write_batches(batches, replace=False)

    def replace_articles(self, batch: GraphBatch) -> WriteSummary:
        (summary,) = self._write_batches([batch], replace=True)
        return summary

    def _entity_or_raise(self, entity_id: str) -> EntityRecord:
        found = self.get_entities([entity_id])[0]
        if found is None:
            raise NotFoundError(
                f"entity {entity_id!r} does not exist; look ids up with `search` first"
            )
        return found

    def merge_entities(self, keep_id: str, merge_id: str) -> EntityRecord:
        if keep_id == merge_id:
            raise GraphStoreError(f"cannot merge entity {keep_id!r} into itself; pass two ids")
        keep = self._entity_or_raise(keep_id)
        merge = self._entity_or_raise(merge_id)
        if keep.type != merge.type:
            raise GraphStoreError(
                f"cannot merge {merge_id!r} ({merge.type.value}) into {keep_id!r} "
                f"({keep.type.value}): entities of different types stay separate"
            )
        evidence = [
            evidence_record(row["evidence"])
            for row in self._read_with(queries.entity_edge_evidence(), id=merge_id)
        ]
        mentions = [
            (row["article_id"], int(row["count"] or 1))
            for row in self._read_with(queries.entity_mentions(), id=merge_id)
        ]
        self._write(plan_merge(keep, merge, evidence, mentions))
        return self._entity_or_raise(keep_id)

    def add_alias(self, entity_id: str, alias: str) -> EntityRecord:
        alias = alias.strip()
        if not alias:
            raise GraphStoreError(f"alias for {entity_id!r} is empty; pass a non-blank name")
        entity = self._entity_or_raise(entity_id)
        if alias != entity.name and alias not in entity.aliases:
            self._write(plan_set_names(entity.id, entity.name, {*entity.aliases, alias}))
        return self._entity_or_raise(entity_id)

    def delete_article(self, article_id: str) -> bool:
        if self.get_articles([article_id])[0] is None:
            return False
        self._write(plan_delete_articles([article_id]))
        return True

    # ---------------------------------------------------------------- reads
    @read_steps
    def get_entities(self, ids: Sequence[str]) -> ReadSteps[list[EntityRecord | None]]:
        return (yield from self._by_ids(queries.get_entities(), "entity", entity_record, ids))

    def _by_ids(
        self,
        statement: Statement,
        column: str,
        record: Callable[[Row], T],
        ids: Sequence[str],
    ) -> ReadSteps[list[T | None]]:
        """One record per id, in ``ids`` order (None where nothing is stored), one read."""
        if not ids:
            return []
        rows = yield statement.bound(ids=list(dict.fromkeys(ids)))
        found = {row[column]["id"]: record(row[column]) for row in rows}
        return [found.get(i) for i in ids]

    @read_steps
    def search(
        self, text: str, types: Sequence[EntityType] | None = None, limit: int = 20
    ) -> ReadSteps[list[SearchHit]]:
        fulltext = dialects.fulltext_query(self.dialect, text)
        if not fulltext or limit <= 0:
            return []
        statement = dialects.search_statement(self.dialect, fulltext)
        wanted = max(100, limit * 10)
        type_values = [t.value for t in types] if types else None
        rows = yield statement.bound(query=fulltext, types=type_values, limit=wanted)
        if len(rows) < limit:  # too few entities have every word: accept any word
            any_word = dialects.fulltext_query(self.dialect, text, match_all=False)
            more = yield statement.bound(query=any_word, types=type_values, limit=wanted)
            seen = {row["entity"]["id"] for row in rows}
            rows += [row for row in more if row["entity"]["id"] not in seen]
        hits = [
            SearchHit(entity=entity, score=search_score(text, entity))
            for entity in (entity_record(row["entity"]) for row in rows)
        ]
        hits.sort(key=lambda h: (-h.score, -h.entity.mention_count, h.entity.name, h.entity.id))
        return hits[:limit]

    def _page(
        self, page: Statement, count: Statement, after: str | None, first: int
    ) -> ReadSteps[tuple[list[Row], int, bool, str | None]]:
        skip = decode_offset(after)
        rows = yield page
        total = int((yield count)[0]["total"])
        items = rows[:first]
        end = encode_offset(skip + len(items)) if items else None
        return items, total, len(rows) > first, end

    @read_steps
    def list_entities(self, query: EntityQuery) -> ReadSteps[Page[EntityRecord]]:
        from graph.filters import build_entity_list

        page, count = build_entity_list(query)
        rows, total, has_next, end = yield from self._page(page, count, query.after, query.first)
        items = tuple(entity_record(row["entity"]) for row in rows)
        return Page(items=items, total_count=total, has_next_page=has_next, end_cursor=end)

    @read_steps
    def list_relations(self, query: RelationQuery) -> ReadSteps[Page[RelationRecord]]:
        from graph.filters import build_relation_list

        page, count = build_relation_list(query)
        rows, total, has_next, end = yield from self._page(page, count, query.after, query.first)
        items = tuple(relation_record(row["relation"]) for row in rows)
        return Page(items=items, total_count=total, has_next_page=has_next, end_cursor=end)

    def _neighbour_pages(
        self, entity_ids: Sequence[str], query: NeighbourQuery
    ) -> ReadSteps[list[Page[RelationRecord]]]:
        skip = decode_offset(query.after)
        if not entity_ids:
            return []
        predicates = [query.predicate.value] if query.predicate else _ALL_PREDICATES
        rows = yield queries.neighbours(Direction(query.direction).value).bound(
            ids=list(dict.fromkeys(entity_ids)),
            predicates=predicates,
            min_confidence=query.min_confidence,
            since=query.since.isoformat() if query.since else None,
            until=query.until.isoformat() if query.until else None,
            skip=skip,
            limit=query.first,
        )
        by_id = {row["id"]: row for row in rows}
        pages: list[Page[RelationRecord]] = []
        for entity_id in entity_ids:
            row = by_id.get(entity_id)
            if row is None:
                pages.append(Page(items=(), total_count=0, has_next_page=False))
                continue
            items = tuple(relation_record(edge) for edge in row["items"])
            total = int(row["total"])
            end = encode_offset(skip + len(items)) if items else None
            pages.append(
                Page(
                    items=items,
                    total_count=total,
                    has_next_page=skip + len(items) < total,
                    end_cursor=end,
                )
            )
        return pages

    neighbours = read_steps(_neighbour_pages)

    @read_steps
    def relation_details(
        self,
        entity_ids: Sequence[str],
        query: NeighbourQuery,
        evidence_first: int | None = None,
    ) -> ReadSteps[list[Page[RelationDetail]]]:
        skip = decode_offset(query.after)
        if not entity_ids:
            return []
        with_evidence = evidence_first is not None
        predicates = [query.predicate.value] if query.predicate else _ALL_PREDICATES
        parameters: dict[str, Any] = {
            "ids": list(dict.fromkeys(entity_ids)),
            "predicates": predicates,
            "min_confidence": query.min_confidence,
            "since": query.since.isoformat() if query.since else None,
            "until": query.until.isoformat() if query.until else None,
            "skip": skip,
            "limit": query.first,
        }
        if evidence_first is not None:
            parameters["evidence_first"] = max(evidence_first, 0)
        statement = queries.relation_details(Direction(query.direction).value, with_evidence)
        rows = yield statement.bound(**parameters)
        grouped: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            grouped[row["id"]].append(row)
        # An entity whose page is empty (e.g. ``after`` past its last edge) has no row:
        # its total comes from ``neighbours`` (only then a second round trip).
        empty = [i for i in dict.fromkeys(entity_ids) if i not in grouped]
        totals = dict.fromkeys(empty, 0)
        if empty and skip > 0:
            neighbour_pages = yield from self._neighbour_pages(empty, query)
            for entity_id, page in zip(empty, neighbour_pages, strict=True):
                totals[entity_id] = page.total_count
        pages: list[Page[RelationDetail]] = []
        for entity_id in entity_ids:
            group = sorted(grouped.get(entity_id, ()), key=lambda row: int(row["i"]))
            items = tuple(relation_detail(row) for row in group)
            total = int(group[0]["total"]) if group else totals[entity_id]
            pages.append(
                Page(
                    items=items,
                    total_count=total,
                    has_next_page=skip + len(items) < total,
                    end_cursor=encode_offset(skip + len(items)) if items else None,
                )
            )
        return pages

    @read_steps
    def evidence(
        self, edges: Sequence[EdgeKey], first: int = 20
    ) -> ReadSteps[list[tuple[int, list[EvidenceView]]]]:
        if not edges:
            return []
        canonical = [
            EdgeKey(e.subject_id, Predicate(e.predicate), e.object_id).canonical() for e in edges
        ]
        keys = list(dict.fromkeys(e.key for e in canonical))
        rows = yield queries.evidence_views().bound(keys=keys, first=max(first, 0))
        by_key = {row["key"]: row for row in rows}
        result: list[tuple[int, list[EvidenceView]]] = []
        for edge in canonical:
            row = by_key.get(edge.key)
            if row is None:
                result.append((0, []))
                continue
            result.append((int(row["total"]), [evidence_view(item) for item in row["items"]]))
        return result

    @read_steps
    def shortest_paths(
        self,
        from_id: str,
        to_id: str,
        max_length: int = 4,
        predicates: Sequence[Predicate] | None = None,
        limit: int = 10,
    ) -> ReadSteps[list[PathRecord]]:
        if not 1 <= max_length <= dialects.MAX_PATH_LENGTH:
            raise GraphStoreError(
                f"max_length {max_length} is out of range; use 1..{dialects.MAX_PATH_LENGTH}"
            )
        if from_id == to_id or limit <= 0:
            return []
        if predicates is not None and not predicates:
            return []
        statement = dialects.shortest_paths_statement(self.dialect, max_length)
        params = dict(statement.parameters)
        params.update(
            from_id=from_id,
            to_id=to_id,
            predicates=[Predicate(p).value for p in predicates] if predicates else _ALL_PREDICATES,
            limit=limit,
        )
        rows = yield statement.bound(**params)
        paths = [
            PathRecord(relations=tuple(relation_record(e) for e in row["edges"])) for row in rows
        ]
        paths = [p for p in paths if 0 < p.length <= max_length]
        paths.sort(
            key=lambda p: [(r.subject_id, r.predicate.value, r.object_id) for r in p.relations]
        )
        return paths

    @read_steps
    def get_articles(self, ids: Sequence[str]) -> ReadSteps[list[ArticleRecord | None]]:
        return (yield from self._by_ids(queries.get_articles(), "article", article_record, ids))

    @read_steps
    def list_articles(self, query: ArticleQuery) -> ReadSteps[Page[ArticleRecord]]:
        with_entity = query.mentions_entity_id is not None
        filters: dict[str, Any] = {
            "source": query.source,
            "since": query.since.isoformat() if query.since else None,
            "until": query.until.isoformat() if query.until else None,
        }
        if with_entity:
            filters["entity_id"] = query.mentions_entity_id
        skip = decode_offset(query.after)
        page = queries.article_page(with_entity)
        count = queries.article_count(with_entity)
        rows, total, has_next, end = yield from self._page(
            page.bound(**filters, skip=skip, limit=query.first + 1),
            count.bound(**filters),
            query.after,
            query.first,
        )
        items = tuple(article_record(row["article"]) for row in rows)
        return Page(items=items, total_count=total, has_next_page=has_next, end_cursor=end)

    def article_content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self._read_with(queries.existing_articles(), ids=list(dict.fromkeys(ids)))
        return {row["id"]: row["content_hash"] for row in rows}

    @read_steps
    def article_entities(self, article_ids: Sequence[str]) -> ReadSteps[list[list[str]]]:
        if not article_ids:
            return []
        rows = yield queries.article_entities().bound(ids=list(dict.fromkeys(article_ids)))
        found: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            found[row["id"]].append(row["entity_id"])
        return [sorted(found.get(i, [])) for i in article_ids]

    @read_steps
    def article_relations(
        self, article_ids: Sequence[str]
    ) -> ReadSteps[list[list[RelationRecord]]]:
        if not article_ids:
            return []
        rows = yield queries.article_relations().bound(ids=list(dict.fromkeys(article_ids)))
        found: dict[str, list[RelationRecord]] = defaultdict(list)
        for row in rows:
            found[row["id"]].append(relation_record(row["relation"]))
        return [
            sorted(found.get(i, []), key=lambda r: (r.subject_id, r.predicate.value, r.object_id))
            for i in article_ids
        ]

    @read_steps
    def counts(self) -> ReadSteps[GraphCounts]:
        type_rows = yield queries.count_entities_by_type()
        predicate_rows = yield queries.count_relations_by_predicate()
        by_type = {EntityType(row["type"]): int(row["total"]) for row in type_rows if row["type"]}
        by_predicate = {Predicate(row["predicate"]): int(row["total"]) for row in predicate_rows}
        articles = yield queries.count_articles()
        evidence = yield queries.count_evidence()
        return GraphCounts(
            articles=int(articles[0]["total"]),
            entities=sum(by_type.values()),
            relations=sum(by_predicate.values()),
            evidence=int(evidence[0]["total"]),
            by_type=by_type,
            by_predicate=by_predicate,
        )

    # ---------------------------------------------------------------- streaming
    def _iter_rows(self, statement: Statement, batch_size: int) -> Iterator[list[Row]]:
        if batch_size < 1:
            raise GraphStoreError(f"batch_size must be >= 1, got {batch_size}")
        skip = 0
        while True:
            params = {**statement.parameters, "skip": skip, "limit": batch_size}
            rows = self._read(statement.bound(**params))
            if rows:
                yield rows
            if len(rows) < batch_size:
                return
            skip += batch_size

    def iter_entities(self, batch_size: int = 1000) -> Iterator[list[EntityRecord]]:
        for rows in self._iter_rows(queries.iter_entities(), batch_size):
            yield [entity_record(row["entity"]) for row in rows]

    def iter_relations(self, batch_size: int = 1000) -> Iterator[list[RelationRecord]]:
        for rows in self._iter_rows(queries.iter_relations(), batch_size):
            yield [relation_record(row["relation"]) for row in rows]

    def iter_evidence(
        self, batch_size: int = 1000
    ) -> Iterator[list[tuple[EdgeKey, EvidenceRecord]]]:
        for rows in self._iter_rows(queries.iter_evidence(), batch_size):
            yield [evidence_record(row["evidence"]) for row in rows]

    def iter_articles(self, batch_size: int = 1000) -> Iterator[list[ArticleRecord]]:
        for rows in self._iter_rows(queries.iter_articles(), batch_size):
            yield [article_record(row["article"]) for row in rows]

    def iter_mentions(self, batch_size: int = 1000) -> Iterator[list[Mention]]:
        for rows in self._iter_rows(queries.iter_mentions(), batch_size):
            yield [
                Mention(article_id=r["article_id"], entity_id=r["entity_id"], count=int(r["count"]))
                for r in rows
            ]


__all__ = ["CypherStore", "search_score"]
