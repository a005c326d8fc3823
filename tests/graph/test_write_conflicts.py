"""Writes planned from a stale read of the store still give the right graph.

Before a write the store reads which evidence ids exist and creates (rather
than merges) the others. Another writer may store the same evidence between
that read and the write: the unique constraint on ``Evidence.id`` then rejects
the whole write, and the store replans it with every evidence merged.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from frontierkg.errors import GraphStoreError
from graph.cypher_store import CypherStore
from graph.models import GraphBatch
from graph.statements import Statement
from graph.write_plan import Edges, Segment, StoredState, WritePlan, plan_batch

from .graph_store_samples import ZHIPU, sample_batch


def _export(store: CypherStore) -> tuple[object, ...]:
    return (
        [x for b in store.iter_entities() for x in b],
        [x for b in store.iter_relations() for x in b],
        [x for b in store.iter_evidence() for x in b],
        [x for b in store.iter_mentions() for x in b],
    )


def _reads_nothing_stored(store: CypherStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make the store's pre-write read miss all stored evidence; count its writes."""
    read = store._stored_state
    write = store._write
    writes: list[int] = []

    def stale(batch: GraphBatch, edges: Edges) -> StoredState:
        return replace(read(batch, edges), evidence_ids=frozenset())

    def counted(plan: WritePlan) -> None:
        writes.append(1)
        write(plan)

    monkeypatch.setattr(store, "_stored_state", stale)
    monkeypatch.setattr(store, "_write", counted)
    return writes


def test_evidence_stored_since_the_read_is_merged_not_duplicated(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert(sample_batch())
    once = _export(store)
    evidence = store.counts().evidence
    writes = _reads_nothing_stored(store, monkeypatch)
    summary = store.upsert(sample_batch())
    assert len(writes) == 2  # the create plan was refused, the merge plan written
    assert summary.evidence == evidence
    assert store.counts().evidence == evidence
    assert _export(store) == once


def test_replace_articles_survives_a_stale_read(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert(sample_batch())
    once = _export(store)
    _reads_nothing_stored(store, monkeypatch)
    store.replace_articles(sample_batch())
    assert _export(store) == once


def test_a_failing_write_that_creates_evidence_leaves_nothing(store: CypherStore) -> None:
    plan = plan_batch(sample_batch(), StoredState({}, frozenset(), frozenset()), replace=False)
    assert any(s.rows for s in plan.segments if s.statement.name == "create_evidence")
    boom = Statement(
        "boom", "UNWIND $rows AS row\nMATCH (n:`Entity` {id: row.id})\nSET n.broken = 1 / row.zero"
    )
    failing = WritePlan((*plan.segments, Segment(boom, [{"id": ZHIPU.id, "zero": 0}])))
    with pytest.raises(GraphStoreError):
        store._write(failing)
    counts = store.counts()
    assert (counts.articles, counts.entities, counts.relations, counts.evidence) == (0, 0, 0, 0)
