"""Write batches one after another, each built and planned while the one before is written.

A batch is planned without reading the store first: it is validated on its own
(``graph.write_plan.plan_batch`` with no stored state), and what it refers to
outside itself is checked by the write: its guarded segments fail it whole when
an entity or article it refers to is not stored, or is stored with a type the
ontology does not allow there (``graph.queries``). Only a refused write costs a
read: the batch is then validated against what is stored (``InvalidBatchError``
naming each problem) and written again (``_settle``). A read before every write
took ~10% of the server's time per batch at 100k entities, and the write had to
wait for it.

Over a ``WriteChannel`` a statement is sent now and its reply collected later,
so the next batch's client work overlaps the current write (``write_batches``):

    client: send write k | take batch k+1, build and plan it | wait | send write k+1
    server: write k ......................................... | write k+1 ...

At most one write is in flight: a failed batch leaves the ones before it written
and the ones after it unwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from frontierkg.errors import GraphStoreError, InvalidBatchError, StoreUnavailableError
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


class WriteChannel(Protocol):
    """Statements sent now, each reply collected when asked for.

    Each ``*_soon`` returns the function that waits for the reply (raising the
    statement's error). A read sent after a write sees it, also while that
    write's reply is not read yet. Replies not asked for are read and dropped
    when the channel closes.
    """

    def read_soon(self, statement: Statement) -> Callable[[], list[Row]]: ...

    def write_soon(self, plan: WritePlan) -> Callable[[], None]: ...

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Adapter work on rows a later ``write_soon`` will likely send (may do nothing)."""


class DirectChannel:
    """A ``WriteChannel`` for any store: a write runs when sent, a read when asked for."""

    def __init__(
        self, read: Callable[[Statement], list[Row]], write: Callable[[WritePlan], None]
    ) -> None:
        self._read = read
        self._write = write

    def read_soon(self, statement: Statement) -> Callable[[], list[Row]]:
        return lambda: self._read(statement)

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


def read_stored_state(channel: WriteChannel, batch: GraphBatch) -> StoredState:
    """What is stored of the entities and articles ``batch`` refers to.

    Evidence is not looked up: plans create all of it, and a write that meets
    stored evidence is written again (``_settle``).
    """
    entity_ids, article_ids = referenced_ids(batch)
    if not (entity_ids or article_ids):
        return StoredState({}, frozenset(), frozenset())
    statement = queries.stored_state()
    parameters = {"entity_ids": list(entity_ids), "article_ids": list(article_ids)}
    return _stored_state(channel.read_soon(statement.bound(**parameters))())


@dataclass(frozen=True)
class _Planned:
    """A batch built and planned without a read (``plan`` None: it has a problem)."""

    batch: GraphBatch
    prepared: PreparedRelations
    plan: WritePlan | None


def _next_planned(
    channel: WriteChannel, source: Iterator[GraphBatch], *, replace: bool
) -> _Planned | None:
    """The next batch of ``source``, built, checked on its own and planned."""
    batch = next(source, None)
    if batch is None:
        return None
    prepared = prepare_relations(batch.relations)
    channel.prepare(prepared.segments)
    try:
        plan: WritePlan | None = plan_batch(batch, None, replace=replace, prepared=prepared)
    except InvalidBatchError:  # named by ``_checked_plan`` once the writes before it are in
        plan = None
    return _Planned(batch, prepared, plan)


def _checked_plan(channel: WriteChannel, planned: _Planned, *, replace: bool) -> WritePlan:
    """``planned``'s plan; for a batch with a problem, ``InvalidBatchError`` naming every one.

    A batch's own problems are found without a read; the read then adds those only
    the store shows, so the error lists them all.
    """
    if planned.plan is not None:
        return planned.plan
    stored = read_stored_state(channel, planned.batch)
    return plan_batch(planned.batch, stored, replace=replace, prepared=planned.prepared)


def _settle(
    channel: WriteChannel,
    written: Callable[[], None],
    planned: _Planned,
    plan: WritePlan,
    *,
    replace: bool,
) -> WriteSummary:
    """Wait for a batch's write; if it was refused, check the batch against a read and retry.

    A write is refused, whole, when what its plan assumed of the store does not
    hold: that none of its evidence is stored (the unique constraint on
    ``Evidence.id``: the same batch written twice, or another writer), or that
    what it refers to outside itself is stored with fitting types (its guarded
    segments). Then the batch is validated against what is stored, which raises
    ``InvalidBatchError`` naming each problem, and written again with every
    evidence merged, which is correct whatever is stored.
    """
    try:
        written()
        return plan.summary
    except StoreUnavailableError:
        raise
    except GraphStoreError:
        stored = read_stored_state(channel, planned.batch)
        merged = StoredState(stored.entity_types, stored.article_ids, None)
        plan = plan_batch(planned.batch, merged, replace=replace, prepared=planned.prepared)
        channel.write_soon(plan)()
        return plan.summary


def write_batches(
    channel: WriteChannel, batches: Iterable[GraphBatch], *, replace: bool
) -> Iterator[WriteSummary]:
    """Write each batch in order (``replace``: as ``replace_articles``), yielding its summary.

    While batch k is written, batch k+1 is taken from ``batches``, built and
    planned, ready to send when batch k's write is acknowledged. An error of a
    batch (``InvalidBatchError`` included) is raised where its summary would be
    yielded; one raised by ``batches`` itself after the summaries of the batches
    it handed over.
    """
    source = iter(batches)
    current = _next_planned(channel, source, replace=replace)
    while current is not None:
        plan = _checked_plan(channel, current, replace=replace)
        written = channel.write_soon(plan)
        following: _Planned | None = None
        failure: Exception | None = None
        try:
            following = _next_planned(channel, source, replace=replace)
        except Exception as error:  # reported after this batch's outcome
            failure = error
        yield _settle(channel, written, current, plan, replace=replace)
        if failure is not None:
            raise failure
        current = following


__all__ = ["DirectChannel", "WriteChannel", "read_stored_state", "write_batches"]
