"""A batch is planned without reading the store; its write checks what it refers to.

What a batch refers to outside itself (stored entities and their types, stored
articles) is checked by the write's guarded segments, which fail it whole; only
then is the store read, to name each problem. These pin, on every adapter: the
guards refuse each kind of bad reference and leave nothing written, the error
names the problem as a read-first check would, and a valid batch costs no read.
"""

from __future__ import annotations

import pytest

from frontierkg.errors import GraphStoreError, InvalidBatchError
from graph.cypher_store import CypherStore
from graph.models import EntityUpsert, GraphBatch, Mention
from graph.write_plan import plan_batch

from .channel_spies import record_sends
from .graph_store_samples import (
    CHINA,
    GLM,
    H20,
    NVIDIA,
    US,
    ZHIPU,
    P,
    T,
    article,
    evidence,
    relation,
)

STORED = GraphBatch(articles=(article("a1"),), entities=(ZHIPU, NVIDIA, US, CHINA, H20))

BAD_REFERENCES = {
    "stored ends of types the predicate does not join": (
        GraphBatch(relations=(relation(NVIDIA, P.RESTRICTS, ZHIPU, evidence("a1")),)),
        "does not allow RESTRICTS from Organization to Organization",
    ),
    "same-type ends required": (
        GraphBatch(relations=(relation(US, P.COMPETES_WITH, ZHIPU, evidence("a1")),)),
        "does not allow COMPETES_WITH",
    ),
    "an end that is not stored": (
        GraphBatch(relations=(relation(ZHIPU, P.RELEASES, GLM, evidence("a1")),)),
        f"unknown entity {GLM.id}",
    ),
    "evidence from an article that is not stored": (
        GraphBatch(relations=(relation(US, P.RESTRICTS, ZHIPU, evidence("gone")),)),
        "unknown article 'gone'",
    ),
    "a mention of an entity that is not stored": (
        GraphBatch(mentions=(Mention(article_id="a1", entity_id=GLM.id),)),
        f"unknown entity {GLM.id!r}",
    ),
    "a mention in an article that is not stored": (
        GraphBatch(mentions=(Mention(article_id="gone", entity_id=ZHIPU.id),)),
        "unknown article 'gone'",
    ),
    "an entity stored with another type": (
        GraphBatch(entities=(EntityUpsert(id=ZHIPU.id, type=T.COUNTRY, name="Zhipu"),)),
        "stored as Organization, given as Country",
    ),
}


def _counts(store: CypherStore) -> tuple[int, ...]:
    c = store.counts()
    mentions = sum(len(page) for page in store.iter_mentions())
    return (c.articles, c.entities, c.relations, c.evidence, mentions)


@pytest.mark.parametrize("case", BAD_REFERENCES, ids=list(BAD_REFERENCES))
def test_a_bad_reference_fails_the_write_whole_and_is_named(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    store.upsert(STORED)
    before = _counts(store)
    bad, problem = BAD_REFERENCES[case]
    # Something valid in the same batch is not written either.
    batch = bad.model_copy(update={"articles": (article("new"),), "entities": bad.entities})
    reads = record_sends(store, monkeypatch, "read_soon")
    with pytest.raises(InvalidBatchError) as caught:
        store.upsert(batch)
    assert any(problem in p for p in caught.value.problems), caught.value.problems
    assert _counts(store) == before
    assert len(reads) == 1  # the write was refused; one read names the problem


@pytest.mark.parametrize("case", BAD_REFERENCES, ids=list(BAD_REFERENCES))
def test_the_guards_alone_refuse_a_write_planned_without_a_read(
    store: CypherStore, case: str
) -> None:
    store.upsert(STORED)
    before = _counts(store)
    bad, _ = BAD_REFERENCES[case]
    with pytest.raises(GraphStoreError):
        store._write(plan_batch(bad, None, replace=False))
    assert _counts(store) == before


def test_a_valid_batch_referring_to_stored_nodes_is_written_without_a_read(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert(STORED)
    reads = record_sends(store, monkeypatch, "read_soon")
    summary = store.upsert(
        GraphBatch(
            mentions=(Mention(article_id="a1", entity_id=US.id),),
            relations=(
                relation(US, P.RESTRICTS, ZHIPU, evidence("a1", "Washington curbs Zhipu.")),
                relation(ZHIPU, P.BASED_IN, CHINA, evidence("a1", "Beijing-based Zhipu.")),
                # symmetric, same-type ends, stored in either orientation
                relation(ZHIPU, P.COMPETES_WITH, NVIDIA, evidence("a1", "Zhipu rivals Nvidia.")),
                relation(NVIDIA, P.PARTNERS_WITH, CHINA, evidence("a1", "Nvidia and China.")),
            ),
        )
    )
    assert reads == []
    assert (summary.relations, summary.evidence, summary.mentions) == (4, 4, 1)
    assert store.counts().relations == 4
