"""Writes whose evidence is stored already still give the right graph.

A write creates (rather than merges) every evidence of its batch. When some of
it is stored (the same batch written twice, or written by another writer in the
meantime), the unique constraint on ``Evidence.id`` rejects the whole write, and
the store replans it with every evidence merged.
"""

from __future__ import annotations

import pytest

from graph.cypher_store import CypherStore

from .channel_spies import record_sends
from .graph_store_samples import sample_batch


def _export(store: CypherStore) -> tuple[object, ...]:
    return (
        [x for b in store.iter_entities() for x in b],
        [x for b in store.iter_relations() for x in b],
        [x for b in store.iter_evidence() for x in b],
        [x for b in store.iter_mentions() for x in b],
    )


def test_stored_evidence_is_merged_not_duplicated(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert(sample_batch())
    once = _export(store)
    evidence = store.counts().evidence
    writes = record_sends(store, monkeypatch, "write_soon")
    summary = store.upsert(sample_batch())
    assert len(writes) == 2  # the create plan was refused, the merge plan written
    assert summary.evidence == evidence
    assert store.counts().evidence == evidence
    assert _export(store) == once


def test_replace_articles_writes_once_and_keeps_the_graph(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert(sample_batch())
    once = _export(store)
    writes = record_sends(store, monkeypatch, "write_soon")
    store.replace_articles(sample_batch())
    assert len(writes) == 1  # the articles' evidence is dropped before it is created again
    assert _export(store) == once


def test_new_evidence_next_to_stored_evidence_is_written_once(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = sample_batch()
    store.upsert(batch)
    relation = batch.relations[0]
    extra = relation.evidence[0].model_copy(update={"start": 999, "end": 1000})
    more = batch.model_copy(
        update={"relations": (relation.model_copy(update={"evidence": (extra,)}),)}
    )
    evidence = store.counts().evidence
    writes = record_sends(store, monkeypatch, "write_soon")
    store.upsert(more)
    assert len(writes) == 1
    assert store.counts().evidence == evidence + 1
