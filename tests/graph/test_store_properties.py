"""Hypothesis properties of writes: idempotent and independent of item order."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontierkg.settings import Settings
from graph.cypher_store import CypherStore
from graph.falkordb_store import EmbeddedStore
from graph.models import (
    EntityUpsert,
    GraphBatch,
    Mention,
    RelationUpsert,
    entity_id,
)
from schema import EntityType, Predicate, ontology

from .graph_store_samples import article, evidence

NAMES = ["Zhipu AI", "zhipu ai", "OpenAI", "Nvidia", "China", "United States", "H20", "TSMC"]
TYPES = [EntityType.ORGANIZATION, EntityType.COUNTRY, EntityType.CHIP]


@st.composite
def batches(draw: st.DrawFn) -> GraphBatch:
    """Small batches with colliding ids, aliases, mentions and multi-evidence edges."""
    articles = [
        article(f"a{i}", draw(st.sampled_from([None, date(2025, 1, 1), date(2025, 5, 5)])))
        for i in range(draw(st.integers(1, 3)))
    ]
    entities = []
    for _ in range(draw(st.integers(2, 7))):
        entity_type = draw(st.sampled_from(TYPES))
        name = draw(st.sampled_from(NAMES))
        aliases = draw(st.lists(st.sampled_from(["X", "Y", "Zhipu", "US"]), max_size=2))
        entities.append(
            EntityUpsert(
                id=entity_id(entity_type, name), type=entity_type, name=name, aliases=tuple(aliases)
            )
        )
    by_id = {e.id: e for e in entities}
    article_ids = [a.id for a in articles]
    mentions = [
        Mention(
            article_id=draw(st.sampled_from(article_ids)),
            entity_id=i,
            count=draw(st.integers(1, 3)),
        )
        for i in draw(st.lists(st.sampled_from(sorted(by_id)), max_size=5))
    ]
    relations = []
    ids = sorted(by_id)
    for _ in range(draw(st.integers(0, 6))):
        s, o = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        allowed = [
            p for p in Predicate if s != o and ontology().allows(p, by_id[s].type, by_id[o].type)
        ]
        if not allowed:
            continue
        evidences = [
            evidence(
                draw(st.sampled_from(article_ids)),
                "Sentence.",
                draw(st.integers(0, 3)) * 10,
                draw(st.sampled_from([0.1, 0.3, 0.55, 0.9])),
            )
            for _ in range(draw(st.integers(1, 3)))
        ]
        relations.append(
            RelationUpsert(
                subject_id=s,
                predicate=draw(st.sampled_from(allowed)),
                object_id=o,
                evidence=tuple(evidences),
            )
        )
    return GraphBatch(
        articles=tuple(articles),
        entities=tuple(entities),
        mentions=tuple(mentions),
        relations=tuple(relations),
    )


def _export(store: CypherStore) -> tuple[object, ...]:
    return (
        [x for b in store.iter_entities() for x in b],
        [x for b in store.iter_relations() for x in b],
        [x for b in store.iter_evidence() for x in b],
        [x for b in store.iter_articles() for x in b],
        [x for b in store.iter_mentions() for x in b],
    )


@pytest.fixture
def fresh_store(embedded_settings: Settings) -> Iterator[object]:
    """A factory of empty graphs on the session's embedded server (dropped afterwards)."""
    opened: list[EmbeddedStore] = []

    def make() -> EmbeddedStore:
        store = EmbeddedStore(embedded_settings, graph_name=f"prop_{uuid.uuid4().hex[:12]}")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.drop_graph()
        store.close()


_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(batch=batches())
def test_upserting_a_batch_twice_equals_once(fresh_store, batch: GraphBatch) -> None:  # type: ignore[no-untyped-def]
    once, twice = fresh_store(), fresh_store()
    once.upsert(batch)
    twice.upsert(batch)
    twice.upsert(batch)
    assert _export(once) == _export(twice)


@_SETTINGS
@given(batch=batches(), data=st.data())
def test_item_and_batch_order_do_not_change_the_graph(
    fresh_store, batch: GraphBatch, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    shuffled = GraphBatch(
        articles=tuple(data.draw(st.permutations(batch.articles))),
        entities=tuple(data.draw(st.permutations(batch.entities))),
        mentions=tuple(data.draw(st.permutations(batch.mentions))),
        relations=tuple(data.draw(st.permutations(batch.relations))),
    )
    whole, reordered = fresh_store(), fresh_store()
    whole.upsert(batch)
    reordered.upsert(shuffled)
    assert _export(whole) == _export(reordered)
    # split over several batches written in reverse order: same graph again
    half = len(batch.relations) // 2
    middle = len(batch.entities) // 2
    parts = [
        GraphBatch(articles=batch.articles, entities=batch.entities[middle:]),
        GraphBatch(entities=batch.entities[:middle]),
        GraphBatch(relations=batch.relations[half:], mentions=batch.mentions[::-1]),
        GraphBatch(relations=batch.relations[:half]),
    ]
    split = fresh_store()
    for part in parts:
        split.upsert(part)
    assert _export(split) == _export(whole)
    # the same parts as one stream (each prepared while the one before is written)
    streamed = fresh_store()
    assert len(list(streamed.upsert_stream(parts))) == len(parts)
    assert _export(streamed) == _export(whole)
