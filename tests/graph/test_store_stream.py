"""``GraphStore.upsert_stream``: batches written in order, each as ``upsert`` would.

The stream validates and builds batch k+1 while batch k is written; these pin
what a caller sees: later batches may refer to what earlier ones created (also
when planned before the write they depend on was sent), a bad batch stops the
stream where it is (before it written, after it not), and an error of the
caller's own iterator comes after the batches it did hand over.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontierkg.errors import InvalidBatchError
from graph.cypher_store import CypherStore
from graph.models import EdgeKey, EntityUpsert, GraphBatch, Mention
from schema import EntityType, Predicate

from .channel_spies import Send, wrap_channels
from .graph_store_samples import (
    CHINA,
    GLM,
    US,
    ZHIPU,
    article,
    entity,
    evidence,
    relation,
    sample_batch,
)
from .graph_store_samples import P as Pred

BAIDU = entity(EntityType.ORGANIZATION, "Baidu")
ERNIE = entity(EntityType.AI_MODEL, "ERNIE 4.5")


def _nodes_first() -> GraphBatch:
    return GraphBatch(articles=(article("b1"),), entities=(BAIDU, ERNIE, CHINA))


def _links_second() -> GraphBatch:
    return GraphBatch(
        mentions=(Mention(article_id="b1", entity_id=BAIDU.id),),
        relations=(
            relation(BAIDU, Pred.RELEASES, ERNIE, evidence("b1", "Baidu released ERNIE 4.5.")),
            relation(BAIDU, Pred.BASED_IN, CHINA, evidence("b1", "Beijing-based Baidu.", 30)),
        ),
    )


def _more_evidence_third() -> GraphBatch:
    return GraphBatch(
        articles=(article("b2"),),
        relations=(
            relation(BAIDU, Pred.RELEASES, ERNIE, evidence("b2", "ERNIE 4.5 is Baidu's.", 0, 0.9)),
        ),
    )


def _evidence(
    store: CypherStore, subject: EntityUpsert, predicate: Predicate, obj: EntityUpsert
) -> list[tuple[str, str]]:
    """(article id, sentence) of each evidence of one edge."""
    [(_, views)] = store.evidence([EdgeKey(subject.id, predicate, obj.id)])
    return sorted((v.evidence.article_id, v.evidence.sentence) for v in views)


def test_later_batches_refer_to_what_earlier_ones_wrote(store: CypherStore) -> None:
    summaries = list(store.upsert_stream([_nodes_first(), _links_second(), _more_evidence_third()]))
    assert [(s.articles, s.entities, s.relations, s.evidence) for s in summaries] == [
        (1, 3, 0, 0),
        (0, 0, 2, 2),
        (1, 0, 1, 1),
    ]
    assert _evidence(store, BAIDU, Pred.RELEASES, ERNIE) == [
        ("b1", "Baidu released ERNIE 4.5."),
        ("b2", "ERNIE 4.5 is Baidu's."),
    ]
    counts = store.counts()
    assert (counts.entities, counts.relations, counts.evidence) == (3, 2, 3)
    assert store.get_entities([BAIDU.id])[0].mention_count == 1  # type: ignore[union-attr]


def test_a_batch_planned_before_the_write_it_depends_on_was_sent_is_written(
    store: CypherStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch k+1 is planned while batch k is written, so before its entities are stored.

    Here every write is only sent when its reply is asked for, after the next
    batch was planned: what a batch refers to is checked by its write.
    """

    def deferred(write_soon: Send) -> Send:
        return lambda plan: lambda: write_soon(plan)()

    wrap_channels(store, monkeypatch, "write_soon", deferred)
    summaries = list(store.upsert_stream([_nodes_first(), _links_second(), _more_evidence_third()]))
    assert [s.relations for s in summaries] == [0, 2, 1]
    counts = store.counts()
    assert (counts.entities, counts.relations, counts.evidence) == (3, 2, 3)


def test_a_bad_batch_stops_the_stream_with_the_batches_before_it_written(
    store: CypherStore,
) -> None:
    unknown = GraphBatch(
        relations=(relation(BAIDU, Pred.RELEASES, GLM, evidence("b1", "Baidu's GLM?")),)
    )
    stream = store.upsert_stream([_nodes_first(), unknown, _links_second()])
    assert next(stream).entities == 3
    with pytest.raises(InvalidBatchError, match=f"unknown entity {GLM.id!r}|{GLM.id}"):
        next(stream)
    assert next(stream, None) is None  # the stream ended with the error
    counts = store.counts()
    assert (counts.entities, counts.relations, counts.evidence) == (3, 0, 0)


def test_an_error_of_the_callers_batches_comes_after_the_ones_handed_over(
    store: CypherStore,
) -> None:
    def batches() -> Iterator[GraphBatch]:
        yield _nodes_first()
        yield _links_second()
        raise ValueError("line 17 of the dump is not JSON")

    stream = store.upsert_stream(batches())
    assert [next(stream).entities, next(stream).relations] == [3, 2]
    with pytest.raises(ValueError, match="line 17"):
        next(stream)
    assert store.counts().evidence == 2


def _sample_again_with_baidu() -> GraphBatch:
    """The sample batch, stored already, plus Baidu: its write is refused, then written again."""
    return sample_batch().model_copy(update={"entities": (*sample_batch().entities, BAIDU)})


def test_a_batch_written_again_for_stored_evidence_is_seen_by_the_next(
    store: CypherStore,
) -> None:
    store.upsert(sample_batch())
    # Its evidence is stored: the first write is refused and the batch written again
    # with the evidence merged; the next batch, planned meanwhile, refers to Baidu.
    again_with_baidu = _sample_again_with_baidu()
    refers_to_baidu = GraphBatch(
        relations=(relation(BAIDU, Pred.BASED_IN, CHINA, evidence("a1", "Baidu, of China.")),)
    )
    summaries = list(store.upsert_stream([again_with_baidu, refers_to_baidu]))
    assert [s.relations for s in summaries] == [len(sample_batch().relations), 1]
    assert _evidence(store, BAIDU, Pred.BASED_IN, CHINA) == [("a1", "Baidu, of China.")]
    assert store.counts().relations == len(sample_batch().relations) + 1


def test_an_empty_stream_writes_nothing_and_a_one_batch_stream_writes_it(
    store: CypherStore,
) -> None:
    assert list(store.upsert_stream([])) == []
    assert list(store.upsert_stream([GraphBatch(entities=(US, ZHIPU))]))[0].entities == 2


def test_a_bad_batch_after_a_rewritten_one_is_judged_on_the_store_with_it(
    store: CypherStore,
) -> None:
    store.upsert(sample_batch())
    again_with_baidu = _sample_again_with_baidu()
    bad = GraphBatch(
        relations=(
            relation(BAIDU, Pred.BASED_IN, CHINA, evidence("a1", "Baidu, of China.")),
            relation(ZHIPU, Pred.PARTNERS_WITH, ZHIPU, evidence("a1", "Zhipu and Zhipu.")),
        )
    )
    stream = store.upsert_stream([again_with_baidu, bad])
    assert next(stream).relations == len(sample_batch().relations)
    with pytest.raises(InvalidBatchError) as caught:
        next(stream)
    assert len(caught.value.problems) == 1, caught.value.problems  # Baidu is stored by then
    assert "same entity" in caught.value.problems[0]
