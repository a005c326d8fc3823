"""Ingest service: articles in, graph writes out, one result per article.

1. **dedup** by content hash against the store (one lookup per ``batch_size`` articles):
   an article whose stored hash equals its hash is ``unchanged`` and not extracted
   again; one whose text (or title, URL, date, source) changed is re-extracted and its
   old evidence and mentions replaced;
2. **extract** the rest in one streaming ``extractor.extract(articles, n_process)`` call
   for the whole run; when the stream fails, the articles it held are extracted one by
   one so only the culprit fails, and a new stream takes the rest;
3. **resolve** each extraction to a ``GraphBatch`` (``ingest.resolution``);
4. **write** every ``batch_size`` resolved articles with one ``store.replace_articles``
   call (each write is all or nothing); if that write fails, each article is written
   alone, so a failure leaves nothing of *that* article and the others are stored.

A failing article never stops the run; ``StoreUnavailableError`` does (nothing could be
written anyway), and the caller sees it.

Example:
    >>> service = IngestService(store, Extractor(), settings)  # doctest: +SKIP
    >>> for result in service.ingest(read_paths(["samples/articles"])):  # doctest: +SKIP
    ...     print(result.status, result.article_id)
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from frontierkg.errors import (
    FrontierKGError,
    GraphStoreError,
    IngestInputError,
    StoreUnavailableError,
)
from frontierkg.settings import Settings, get_settings
from graph.models import EdgeKey, EntityUpsert, EvidenceRecord, GraphBatch, RelationUpsert
from graph.store import GraphStore
from ingest.fingerprint import content_hash
from ingest.models import ArticleInput, Extraction
from ingest.resolution import EntityResolver, Resolution, ResolvedArticle

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 64


class ArticleExtractor(Protocol):
    """What the service needs of ``ingest.extraction.Extractor``."""

    def extract(self, articles: Iterable[ArticleInput], n_process: int = 1) -> Iterator[Extraction]:
        """One ``Extraction`` per article, in input order."""
        ...


class IngestStatus(StrEnum):
    INGESTED = "ingested"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class IngestResult:
    """Outcome for one input: an article, or an input that could not be read."""

    status: IngestStatus
    origin: str
    article_id: str | None = None
    reason: str | None = None
    entities: int = 0
    relations: int = 0
    evidence: int = 0
    extraction: Extraction | None = None
    batch: GraphBatch | None = None
    resolutions: tuple[Resolution, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is not IngestStatus.FAILED


def _failed(article: ArticleInput, reason: str) -> IngestResult:
    logger.warning("%s (%s): failed: %s", article.origin or article.id, article.id, reason)
    return IngestResult(IngestStatus.FAILED, article.origin, article.id, reason)


def _describe(error: BaseException) -> str:
    if isinstance(error, FrontierKGError):
        return str(error)
    return f"{type(error).__name__}: {error}"


@dataclass(frozen=True)
class _Pending:
    """An article between extraction and write."""

    article: ArticleInput
    extraction: Extraction
    resolved: ResolvedArticle


def merge_batches(batches: Sequence[GraphBatch]) -> GraphBatch:
    """One batch with the content of ``batches``: entities and edges de-duplicated.

    Used to write a chunk of articles in one all-or-nothing store call.
    """
    entities: dict[str, EntityUpsert] = {}
    evidence: dict[EdgeKey, dict[str, EvidenceRecord]] = {}
    for batch in batches:
        for entity in batch.entities:
            old = entities.get(entity.id)
            if old is not None:
                aliases = sorted((set(old.aliases) | set(entity.aliases)) - {old.name})
                entity = old.model_copy(update={"aliases": tuple(aliases)})
            entities[entity.id] = entity
        for relation in batch.relations:
            edge = relation.edge
            slot = evidence.setdefault(edge, {})
            for item in relation.evidence:
                slot[item.evidence_id(edge)] = item
    return GraphBatch(
        articles=tuple(a for b in batches for a in b.articles),
        entities=tuple(entities.values()),
        mentions=tuple(m for b in batches for m in b.mentions),
        relations=tuple(
            RelationUpsert(
                subject_id=edge.subject_id,
                predicate=edge.predicate,
                object_id=edge.object_id,
                evidence=tuple(items.values()),
            )
            for edge, items in evidence.items()
        ),
    )


class IngestService:
    """Dedup, extract, resolve and write articles; see the module docstring."""

    def __init__(
        self,
        store: GraphStore,
        extractor: ArticleExtractor,
        settings: Settings | None = None,
    ) -> None:
        self._store = store
        self._extractor = extractor
        self._settings = settings or get_settings()

    def ingest(
        self,
        items: Iterable[ArticleInput | IngestInputError],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        n_process: int = 1,
    ) -> Iterator[IngestResult]:
        """One result per item, as writes complete; read errors come back as failures."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        run = _IngestRun(self._store, self._extractor, self._settings, batch_size, n_process)
        yield from run.run(items)

    def ingest_one(self, article: ArticleInput, *, force: bool = False) -> IngestResult:
        """Ingest one article (the API's mutation) and return what was extracted.

        ``force`` re-extracts an article even when its content hash is unchanged.
        """
        run = _IngestRun(self._store, self._extractor, self._settings, 1, 1, force=force)
        return next(iter(run.run([article])))


class _IngestRun:
    """State of one ``ingest`` call.

    All articles to extract stream through ONE ``extractor.extract`` call, so ``nlp.pipe``
    batches and worker processes live for the whole run rather than per chunk. Dedup
    happens lazily on that stream, one store lookup per chunk; its outcomes (and read
    errors) wait in ``_side`` until the main loop passes them on.
    """

    def __init__(
        self,
        store: GraphStore,
        extractor: ArticleExtractor,
        settings: Settings,
        batch_size: int,
        n_process: int,
        *,
        force: bool = False,
    ) -> None:
        self._store = store
        self._extractor = extractor
        self._resolver = EntityResolver(store, settings)
        self._batch_size = batch_size
        self._n_process = n_process
        self._force = force
        self._side: deque[IngestResult] = deque()
        self._fed: deque[tuple[ArticleInput, str]] = deque()  # sent to the extractor
        self._queued: dict[str, str] = {}  # id -> hash of articles sent in this run
        self._ingested_at = datetime.now(UTC)

    # ------------------------------------------------------------ stage 1: dedup
    def _to_extract(
        self, items: Iterable[ArticleInput | IngestInputError]
    ) -> Iterator[ArticleInput]:
        chunk: list[ArticleInput] = []
        for item in items:
            if isinstance(item, IngestInputError):
                self._side.append(
                    IngestResult(IngestStatus.FAILED, item.source, None, item.problem)
                )
                continue
            chunk.append(item)
            if len(chunk) >= self._batch_size:
                yield from self._dedup(chunk)
                chunk = []
        if chunk:
            yield from self._dedup(chunk)

    def _dedup(self, chunk: list[ArticleInput]) -> Iterator[ArticleInput]:
        try:
            stored = (
                {}
                if self._force
                else self._store.article_content_hashes(
                    sorted({a.id for a in chunk if a.id not in self._queued})
                )
            )
        except StoreUnavailableError:
            raise
        except GraphStoreError as error:
            for article in chunk:
                self._side.append(
                    _failed(article, f"cannot read stored hashes: {_describe(error)}")
                )
            return
        for article in chunk:
            digest = content_hash(article)
            known = self._queued.get(article.id, stored.get(article.id))
            if known == digest and not self._force:
                self._side.append(IngestResult(IngestStatus.UNCHANGED, article.origin, article.id))
                continue
            self._queued[article.id] = digest
            self._fed.append((article, digest))
            yield article

    # ------------------------------------------------------------ stage 2: extract
    def _extractions(
        self, source: Iterator[ArticleInput]
    ) -> Iterator[tuple[ArticleInput, str, Extraction | BaseException]]:
        """Each fed article with its extraction, or the error that prevented it.

        When the stream fails, the articles it had taken but not returned are extracted
        one by one (so only the culprit fails) and a new stream takes the rest.
        """
        while True:
            try:
                for extraction in self._extractor.extract(source, n_process=self._n_process):
                    article, digest = self._fed[0]
                    if extraction.article.id != article.id:
                        raise RuntimeError(
                            f"extractor returned article {extraction.article.id!r} "
                            f"where {article.id!r} was expected"
                        )
                    self._fed.popleft()
                    yield article, digest, extraction
                break
            except StoreUnavailableError:
                raise
            except Exception:
                stuck = list(self._fed)
                if not stuck:  # not caused by an article (e.g. the model cannot load)
                    raise
                logger.debug("extraction stream failed; retrying its articles alone", exc_info=True)
                self._fed.clear()
                for article, digest in stuck:
                    try:
                        single = next(iter(self._extractor.extract([article], n_process=1)))
                    except Exception as error:
                        yield article, digest, error
                    else:
                        yield article, digest, single
        for article, digest in self._fed:
            yield article, digest, RuntimeError("the extractor returned no result for it")
        self._fed.clear()

    # ------------------------------------------------------------ stages 3-4: resolve, write
    def run(self, items: Iterable[ArticleInput | IngestInputError]) -> Iterator[IngestResult]:
        group: list[_Pending] = []
        for article, digest, outcome in self._extractions(self._to_extract(items)):
            yield from self._drain()
            if isinstance(outcome, BaseException):
                yield _failed(article, f"extraction failed: {_describe(outcome)}")
                continue
            try:
                resolved = self._resolver.resolve(
                    outcome, content_hash=digest, ingested_at=self._ingested_at
                )
            except StoreUnavailableError:
                raise
            except Exception as error:  # one article's bad data must not stop the batch
                logger.debug("resolution of %s failed", article.id, exc_info=True)
                yield _failed(article, f"resolution failed: {_describe(error)}")
                continue
            if any(p.article.id == article.id for p in group):  # same id again: write first
                yield from self._write(group)
                group = []
            group.append(_Pending(article, outcome, resolved))
            if len(group) >= self._batch_size:
                yield from self._write(group)
                group = []
        yield from self._write(group)
        yield from self._drain()

    def _drain(self) -> Iterator[IngestResult]:
        while self._side:
            yield self._side.popleft()

    def _write(self, pending: list[_Pending]) -> Iterator[IngestResult]:
        """Write all pending articles at once; on failure, each alone (all or nothing each)."""
        if not pending:
            return
        if len(pending) > 1:
            try:
                self._store.replace_articles(merge_batches([p.resolved.batch for p in pending]))
            except StoreUnavailableError:
                raise
            except Exception as error:
                logger.info(
                    "writing %d articles at once failed (%s); writing each alone",
                    len(pending),
                    _describe(error),
                )
            else:
                yield from (_success(p) for p in pending)
                return
        for item in pending:
            try:
                self._store.replace_articles(item.resolved.batch)
            except StoreUnavailableError:
                raise
            except Exception as error:
                yield _failed(item.article, f"store write failed: {_describe(error)}")
            else:
                yield _success(item)


def _success(item: _Pending) -> IngestResult:
    batch = item.resolved.batch
    return IngestResult(
        IngestStatus.INGESTED,
        item.article.origin,
        item.article.id,
        entities=len(batch.entities),
        relations=len(batch.relations),
        evidence=sum(len(r.evidence) for r in batch.relations),
        extraction=item.extraction,
        batch=batch,
        resolutions=item.resolved.resolutions,
    )


__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ArticleExtractor",
    "IngestResult",
    "IngestService",
    "IngestStatus",
    "merge_batches",
]
