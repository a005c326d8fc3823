"""Write batches one after another, each prepared while the one before is written.

A batch is written as ``GraphStore.upsert`` describes: a read of what the store
holds of the ids it refers to, a plan validated against that read
(``graph.write_plan``), one atomic write. Done strictly in turn, client and
server wait for each other: the server idles while the client validates and
builds a write, the client while the server runs it. Over a ``WriteChannel`` a
statement is sent now and its reply collected later, so the next batch's work
overlaps the current write (``write_batches``):

    client: send write k | take batch k+1, send its read, build its rows | wait | plan, send k+1
    server: write k ............................................... | read k+1 | ...... write k+1

A channel may run the read of batch k+1 before write k ends, so batch k+1 is
validated against what it read plus batch k's entities and articles
(``StoredState.with_written``): exact once write k has succeeded, and batch k+1
is only planned then. At most one write is in flight: a failed batch leaves the
ones before it written and the ones after it unwritten.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from frontierkg.errors import GraphStoreError, StoreUnavailableError
from graph import queries
from graph.models import GraphBatch, WriteSummary
from graph.statements import Statement
from graph.write_plan import (
    PreparedRelations,
    Segment,
    StoredState,
    WritePlan,
    plan_batch,
    prepare_relations,
    referenced_ids,
)
from schema import EntityType

Row = dict[str, Any]
T = TypeVar("T")


class WriteChannel(Protocol):
    """Statements sent now, each reply collected when asked for.

    Each ``*_soon`` returns the function that waits for the reply (raising the
    statement's error). A read sent while a write is in flight may see the store
    before or after that write (never half of it). Replies not asked for are
    read and dropped when the channel closes.
    """

    def read_soon(self, statement: Statement) -> Callable[[], list[Row]]: ...

    def write_soon(self, plan: WritePlan) -> Callable[[], None]: ...

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Adapter work on rows a later ``write_soon`` will likely send (may do nothing)."""


def _in_thread(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` in a new thread; the returned function waits for its result.

    The thread mostly waits on the socket, so the GIL is free meanwhile.
    ``work``'s exception is raised by the returned function.
    """
    outcome: Future[T] = Future()

    def run() -> None:
        try:
            outcome.set_result(work())
        except BaseException as error:  # handed to the waiting thread
            outcome.set_exception(error)

    threading.Thread(target=run, name="frontierkg-store-read", daemon=True).start()
    return outcome.result


class DirectChannel:
    """A ``WriteChannel`` for any store: writes run when sent, reads in a thread.

    The read still overlaps the client's work on the next batch.
    """

    def __init__(
        self, read: Callable[[Statement], list[Row]], write: Callable[[WritePlan], None]
    ) -> None:
        self._read = read
        self._write = write

    def read_soon(self, statement: Statement) -> Callable[[], list[Row]]:
        return _in_thread(lambda: self._read(statement))

    def write_soon(self, plan: WritePlan) -> Callable[[], None]:
        try:
            self._write(plan)
        except GraphStoreError as error:
            failure = error  # raised when the reply is asked for, as on any channel

            def fail() -> None:
                raise failure

            return fail
        return lambda: None

    def prepare(self, segments: Sequence[Segment]) -> None:  # noqa: ARG002 - nothing to do
        return None


def _stored_state(rows: list[Row]) -> StoredState:
    """The ``queries.stored_state`` rows as a ``StoredState`` (evidence: none looked up)."""
    types: dict[str, EntityType] = {}
    articles: list[str] = []
    for row in rows:
        if row["part"] == "entities":
            types.update(dict.fromkeys(row["ids"], EntityType(row["type"])))
        else:
            articles += row["ids"]
    return StoredState(types, frozenset(articles), frozenset())


def stored_state_soon(channel: WriteChannel, batch: GraphBatch) -> Callable[[], StoredState]:
    """Send the read of what is stored of the entities and articles ``batch`` refers to.

    The returned function waits for it. Evidence is not looked up: plans create
    all of it, and a write that meets stored evidence is written again (``_settle``).
    """
    entity_ids, article_ids = referenced_ids(batch)
    if not (entity_ids or article_ids):
        nothing = StoredState({}, frozenset(), frozenset())
        return lambda: nothing
    statement = queries.stored_state()
    parameters = {"entity_ids": list(entity_ids), "article_ids": list(article_ids)}
    rows = channel.read_soon(statement.bound(**parameters))
    return lambda: _stored_state(rows())


@dataclass(frozen=True)
class _Taken:
    """A batch taken from the caller: its validation read sent, its rows built."""

    batch: GraphBatch
    reading: Callable[[], StoredState]
    prepared: PreparedRelations


@dataclass(frozen=True)
class _Planned:
    """A batch validated and planned, with what its plan was made from."""

    batch: GraphBatch
    stored: StoredState
    prepared: PreparedRelations
    plan: WritePlan


def _take(channel: WriteChannel, source: Iterator[GraphBatch]) -> _Taken | None:
    """The next batch of ``source`` with its read sent and, meanwhile, its rows built."""
    batch = next(source, None)
    if batch is None:
        return None
    reading = stored_state_soon(channel, batch)
    prepared = prepare_relations(batch.relations)
    channel.prepare(prepared.segments)
    return _Taken(batch, reading, prepared)


def _plan(taken: _Taken, written_before: GraphBatch | None, *, replace: bool) -> _Planned:
    """Validate and plan a taken batch against its read plus ``written_before``.

    ``written_before``: the batch written just before, which its read may not have
    seen (``StoredState.with_written``). Raises ``InvalidBatchError``.
    """
    stored = taken.reading()
    if written_before is not None:
        stored = stored.with_written(written_before)
    plan = plan_batch(taken.batch, stored, replace=replace, prepared=taken.prepared)
    return _Planned(taken.batch, stored, taken.prepared, plan)


def _creates_evidence(plan: WritePlan) -> bool:
    return any(s.rows for s in plan.segments if s.statement.name == "create_evidence")


def _settle(
    channel: WriteChannel, written: Callable[[], None], planned: _Planned, *, replace: bool
) -> WriteSummary:
    """Wait for a batch's write; replan and write it again once if it met stored evidence.

    The plan creates (rather than merges) every evidence: new evidence is the
    common case (``replace_articles`` drops an article's evidence before writing
    it again, and evidence ids include the article). When some of it is stored
    already (the same batch written twice, or another writer), the unique
    constraint on ``Evidence.id`` rejects the whole write (nothing is written),
    and it is written again with every evidence merged, which is correct whatever
    is stored.
    """
    if not _creates_evidence(planned.plan):
        written()
        return planned.plan.summary
    try:
        written()
        return planned.plan.summary
    except StoreUnavailableError:
        raise
    except GraphStoreError:
        stored = planned.stored
        merged = StoredState(stored.entity_types, stored.article_ids, None)
        plan = plan_batch(planned.batch, merged, replace=replace, prepared=planned.prepared)
        channel.write_soon(plan)()
        return plan.summary


def write_batches(
    channel: WriteChannel, batches: Iterable[GraphBatch], *, replace: bool
) -> Iterator[WriteSummary]:
    """Write each batch in order (``replace``: as ``replace_articles``), yielding its summary.

    While batch k is written, batch k+1 is taken from ``batches``, its read sent
    and its rows built. An error of a batch (``InvalidBatchError`` included) is
    raised where its summary would be yielded; one raised by ``batches`` itself
    after the summaries of the batches it handed over.
    """
    source = iter(batches)
    taken = _take(channel, source)
    written_before: GraphBatch | None = None
    while taken is not None:
        current = _plan(taken, written_before, replace=replace)
        written = channel.write_soon(current.plan)
        failure: Exception | None = None
        try:
            taken = _take(channel, source)
        except Exception as error:  # reported after this batch's outcome
            taken, failure = None, error
        yield _settle(channel, written, current, replace=replace)
        if failure is not None:
            raise failure
        written_before = current.batch


__all__ = ["DirectChannel", "WriteChannel", "stored_state_soon", "write_batches"]
