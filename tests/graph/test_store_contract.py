"""The GraphStore contract, run on every adapter (embedded always, Neo4j with NEO4J_URI)."""

from __future__ import annotations

from datetime import date

import pytest

from frontierkg.errors import (
    BadCursorError,
    GraphStoreError,
    InvalidBatchError,
    NotFoundError,
)
from graph.cypher_store import CypherStore
from graph.models import (
    ArticleQuery,
    Direction,
    EdgeKey,
    EntityFilter,
    EntityQuery,
    EntitySort,
    EntitySortField,
    GraphBatch,
    Mention,
    NeighbourQuery,
    RelationFilter,
    RelationQuery,
    RelationSort,
    RelationSortField,
)
from graph.statements import Statement
from graph.store import GraphStore
from graph.write_plan import Segment, StoredState, WritePlan, plan_batch

from .graph_store_samples import (
    CHINA,
    COMMERCE,
    ENTITY_LIST,
    GLM,
    H20,
    INGESTED,
    NVIDIA,
    TENCENT,
    US,
    ZHIPU,
    ZHIPU_HZ,
    P,
    T,
    article,
    entity,
    evidence,
    relation,
    sample_batch,
)


def _edge(store: CypherStore, s: str, p: P, o: str):  # type: ignore[no-untyped-def]
    for rel in store.list_relations(RelationQuery(first=100)).items:
        if (rel.subject_id, rel.predicate, rel.object_id) == (s, p, o):
            return rel
    return None


def test_adapter_satisfies_the_protocol(store: CypherStore) -> None:
    assert isinstance(store, GraphStore)
    store.ping()
    facts = store.describe()
    assert facts["backend"] and facts["location"]


def test_upsert_writes_entities_edges_and_derived_values(store: CypherStore) -> None:
    summary = store.upsert(sample_batch())
    assert (summary.articles, summary.entities, summary.relations, summary.evidence) == (
        2,
        9,
        9,
        10,
    )
    zhipu, missing, us = store.get_entities([ZHIPU.id, "organization:nobody", US.id])
    assert missing is None
    assert zhipu is not None and us is not None
    assert zhipu.name == "Zhipu AI" and zhipu.type is T.ORGANIZATION
    assert set(zhipu.aliases) == {"Zhipu", "Z.ai"}
    # mentioned by a1 (2025-01-16) and a2 (2025-03-02): distinct articles, not counts
    assert zhipu.mention_count == 2
    assert (zhipu.first_seen, zhipu.last_seen) == (date(2025, 1, 16), date(2025, 3, 2))
    h20_edge = _edge(store, US.id, P.RESTRICTS, H20.id)
    assert h20_edge is not None
    assert h20_edge.evidence_count == 2
    assert h20_edge.confidence == pytest.approx(0.75)  # noisy-or of 0.5 and 0.5
    assert (h20_edge.first_seen, h20_edge.last_seen) == (date(2025, 1, 16), date(2025, 3, 2))


def test_upserting_twice_changes_nothing(store: CypherStore) -> None:
    store.upsert(sample_batch())
    before = (store.counts(), list(store.iter_relations()), list(store.iter_entities()))
    store.upsert(sample_batch())
    after = (store.counts(), list(store.iter_relations()), list(store.iter_entities()))
    assert before == after


def test_new_evidence_in_later_batches_updates_the_edge_exactly(store: CypherStore) -> None:
    store.upsert(
        GraphBatch(
            articles=(article("a1", date(2025, 1, 16)), article("a2", date(2025, 3, 2))),
            entities=(US, ZHIPU),
        )
    )
    items = [evidence("a2", "First.", 0, 0.55), evidence("a1", "Second.", 10, 0.3)]
    items.append(evidence("a2", "Third.", 20, 0.9))
    for item in items:  # one batch each: the edge is created, then gains evidence twice
        store.upsert(GraphBatch(relations=(relation(US, P.RESTRICTS, ZHIPU, item),)))
    edge = _edge(store, US.id, P.RESTRICTS, ZHIPU.id)
    key = EdgeKey(US.id, P.RESTRICTS, ZHIPU.id)
    remaining = 1.0
    for item in sorted(items, key=lambda e: e.evidence_id(key)):  # the store's order
        remaining *= 1.0 - item.confidence
    assert edge is not None
    assert (edge.evidence_count, edge.confidence) == (3, 1.0 - remaining)
    assert (edge.first_seen, edge.last_seen) == (date(2025, 1, 16), date(2025, 3, 2))


def test_aliases_are_unioned_across_writes_and_searchable(store: CypherStore) -> None:
    store.upsert(GraphBatch(entities=(ZHIPU,)))
    store.upsert(GraphBatch(entities=(entity(T.ORGANIZATION, "Zhipu AI", "Zhipu", "ZhipuAI"),)))
    stored = store.get_entities([ZHIPU.id])[0]
    assert stored is not None
    assert stored.aliases == ("Z.ai", "Zhipu", "ZhipuAI")
    hits = store.search("ZhipuAI")
    assert hits[0].entity.id == ZHIPU.id


def test_symmetric_edges_are_stored_once_whatever_the_direction(store: CypherStore) -> None:
    store.upsert(GraphBatch(articles=(article("a1"),), entities=(NVIDIA, TENCENT)))
    store.upsert(
        GraphBatch(relations=(relation(TENCENT, P.PARTNERS_WITH, NVIDIA, evidence("a1", "x", 0)),))
    )
    store.upsert(
        GraphBatch(relations=(relation(NVIDIA, P.PARTNERS_WITH, TENCENT, evidence("a1", "y", 9)),))
    )
    edges = [r for batch in store.iter_relations() for r in batch]
    assert len(edges) == 1
    low, high = sorted([NVIDIA.id, TENCENT.id])
    assert (edges[0].subject_id, edges[0].object_id, edges[0].evidence_count) == (low, high, 2)


def test_entity_dates_fall_back_to_the_ingest_date(store: CypherStore) -> None:
    undated = article("u1", published=None)
    store.upsert(
        GraphBatch(
            articles=(undated,),
            entities=(NVIDIA,),
            mentions=(Mention(article_id="u1", entity_id=NVIDIA.id),),
        )
    )
    stored = store.get_entities([NVIDIA.id])[0]
    assert stored is not None and stored.first_seen == INGESTED.date()
    assert store.get_articles(["u1"]) == [undated]


def test_a_new_article_date_updates_evidence_edges_and_entities(store: CypherStore) -> None:
    store.upsert(sample_batch())
    store.upsert(GraphBatch(articles=(article("a2", date(2024, 12, 1), "other.net"),)))
    h20 = _edge(store, US.id, P.RESTRICTS, H20.id)
    assert h20 is not None
    assert (h20.first_seen, h20.last_seen) == (date(2024, 12, 1), date(2025, 1, 16))
    _, views = store.evidence([EdgeKey(US.id, P.RESTRICTS, H20.id)])[0]
    assert [v.article.id for v in views] == ["a1", "a2"]  # a2 is now the older one
    nvidia = store.get_entities([NVIDIA.id])[0]
    assert nvidia is not None and nvidia.first_seen == date(2024, 12, 1)


def test_invalid_batch_is_rejected_whole_with_every_problem(store: CypherStore) -> None:
    bad = GraphBatch(
        articles=(article("a1"),),
        entities=(ZHIPU, NVIDIA, GLM),
        relations=(
            relation(ZHIPU, P.RELEASES, GLM, evidence("a1")),  # fine
            relation(NVIDIA, P.RESTRICTS, ZHIPU, evidence("a1")),  # Organization cannot restrict
            relation(ZHIPU, P.USES, H20, evidence("a1")),  # H20 unknown
            relation(ZHIPU, P.RELEASES, GLM, evidence("missing-article")),
        ),
    )
    with pytest.raises(InvalidBatchError) as caught:
        store.upsert(bad)
    problems = caught.value.problems
    assert len(problems) == 3
    assert any("does not allow RESTRICTS" in p for p in problems)
    assert any(H20.id in p for p in problems)
    assert any("missing-article" in p for p in problems)
    assert store.counts().entities == 0 and store.counts().articles == 0


@pytest.mark.parametrize(
    "evidence_ids", [None, frozenset()], ids=["merging evidence", "creating evidence"]
)
def test_a_write_failing_midway_leaves_nothing(
    store: CypherStore, evidence_ids: frozenset[str] | None
) -> None:
    plan = plan_batch(sample_batch(), StoredState({}, frozenset(), evidence_ids), replace=False)
    created = any(s.rows for s in plan.segments if s.statement.name == "create_evidence")
    assert created == (evidence_ids is not None)
    boom = Statement(
        "boom", "UNWIND $rows AS row\nMATCH (n:`Entity` {id: row.id})\nSET n.broken = 1 / row.zero"
    )
    failing = WritePlan((*plan.segments, Segment(boom, [{"id": ZHIPU.id, "zero": 0}])))
    with pytest.raises(GraphStoreError):
        store._write(failing)
    counts = store.counts()
    assert (counts.articles, counts.entities, counts.relations, counts.evidence) == (0, 0, 0, 0)


def test_replace_articles_drops_what_the_article_no_longer_says(store: CypherStore) -> None:
    store.upsert(sample_batch())
    # a1 re-extracted: now only says Washington restricts Zhipu, mentions only Zhipu and US
    redo = GraphBatch(
        articles=(article("a1"),),
        entities=(ZHIPU, US),
        mentions=(
            Mention(article_id="a1", entity_id=ZHIPU.id),
            Mention(article_id="a1", entity_id=US.id),
        ),
        relations=(relation(US, P.RESTRICTS, ZHIPU, evidence("a1", "New sentence.", 5, 0.4)),),
    )
    store.replace_articles(redo)
    assert _edge(store, COMMERCE.id, P.RESTRICTS, ZHIPU.id) is None  # only a1 supported it
    assert _edge(store, TENCENT.id, P.INVESTS_IN, ZHIPU.id) is None
    restricts = _edge(store, US.id, P.RESTRICTS, ZHIPU.id)
    assert restricts is not None
    assert (restricts.evidence_count, restricts.confidence) == (1, pytest.approx(0.4))
    h20 = _edge(store, US.id, P.RESTRICTS, H20.id)  # kept by its a2 evidence
    assert h20 is not None and h20.evidence_count == 1
    tencent = store.get_entities([TENCENT.id])[0]
    assert tencent is not None and tencent.mention_count == 0
    assert store.article_entities(["a1"]) == [sorted([ZHIPU.id, US.id])]


def test_delete_article_removes_its_evidence_and_orphaned_edges(store: CypherStore) -> None:
    store.upsert(sample_batch())
    assert store.delete_article("a2") is True
    assert store.delete_article("a2") is False
    assert store.get_articles(["a2"]) == [None]
    assert _edge(store, NVIDIA.id, P.DEVELOPS, H20.id) is None
    h20 = _edge(store, US.id, P.RESTRICTS, H20.id)
    assert h20 is not None
    assert (h20.evidence_count, h20.confidence) == (1, pytest.approx(0.5))
    assert h20.last_seen == date(2025, 1, 16)
    zhipu = store.get_entities([ZHIPU.id])[0]
    assert zhipu is not None and (zhipu.mention_count, zhipu.last_seen) == (1, date(2025, 1, 16))
    assert store.counts().evidence == 6  # the four a2 sentences are gone


def test_merge_entities_moves_everything_onto_the_kept_entity(store: CypherStore) -> None:
    store.upsert(sample_batch())
    store.upsert(
        GraphBatch(
            articles=(article("a3", date(2025, 4, 1)),),
            entities=(ZHIPU_HZ,),
            mentions=(Mention(article_id="a3", entity_id=ZHIPU_HZ.id, count=2),),
            relations=(
                relation(US, P.RESTRICTS, ZHIPU_HZ, evidence("a3", "US curbs Zhipu Huazhang.")),
                relation(ZHIPU_HZ, P.BASED_IN, CHINA, evidence("a3", "Beijing-based.", 40)),
                relation(TENCENT, P.INVESTS_IN, ZHIPU_HZ, evidence("a3", "Tencent backs it.", 90)),
            ),
        )
    )
    merged = store.merge_entities(ZHIPU.id, ZHIPU_HZ.id)
    assert merged.name == "Zhipu AI"
    assert {"Zhipu Huazhang", "Beijing Zhipu Huazhang Technology", "Zhipu"} <= set(merged.aliases)
    assert merged.mention_count == 3 and merged.last_seen == date(2025, 4, 1)
    assert store.get_entities([ZHIPU_HZ.id]) == [None]
    restricts = _edge(store, US.id, P.RESTRICTS, ZHIPU.id)
    assert restricts is not None and restricts.evidence_count == 2
    assert restricts.confidence == pytest.approx(0.75)
    total, views = store.evidence([EdgeKey(US.id, P.RESTRICTS, ZHIPU.id)])[0]
    assert total == 2 and views[0].article.id == "a3"  # newest first
    assert store.search("Zhipu Huazhang")[0].entity.id == ZHIPU.id
    with pytest.raises(NotFoundError):
        store.merge_entities(ZHIPU.id, ZHIPU_HZ.id)


def test_merge_refuses_different_types_and_drops_self_loops(store: CypherStore) -> None:
    store.upsert(sample_batch())
    with pytest.raises(GraphStoreError, match="different types"):
        store.merge_entities(ZHIPU.id, US.id)
    other = entity(T.ORGANIZATION, "Tencent Holdings Ltd")
    store.upsert(
        GraphBatch(
            articles=(article("a9"),),
            entities=(other,),
            relations=(relation(other, P.INVESTS_IN, TENCENT, evidence("a9", "Parent.")),),
        )
    )
    store.merge_entities(TENCENT.id, other.id)
    assert _edge(store, TENCENT.id, P.INVESTS_IN, TENCENT.id) is None
    assert store.counts().evidence == 10


def test_add_alias(store: CypherStore) -> None:
    store.upsert(GraphBatch(entities=(NVIDIA,)))
    updated = store.add_alias(NVIDIA.id, "Nvidia Corporation")
    assert "Nvidia Corporation" in updated.aliases
    assert store.add_alias(NVIDIA.id, "Nvidia Corporation") == updated
    assert store.search("nvidia corporation")[0].entity.id == NVIDIA.id
    with pytest.raises(NotFoundError):
        store.add_alias("organization:nobody", "x")


def test_search_ranks_exact_then_prefix_then_fuzzy(store: CypherStore) -> None:
    names = ["Zhipu", "Zhipu AI Research Institute", "Zhipo"]
    entities = [entity(T.ORGANIZATION, n) for n in names]
    store.upsert(GraphBatch(entities=(*entities, entity(T.PERSON, "Zhipu Person"))))
    hits = store.search("zhipu", types=[T.ORGANIZATION])
    assert [h.entity.name for h in hits] == ["Zhipu", "Zhipu AI Research Institute", "Zhipo"]
    assert hits[0].score > hits[1].score > hits[2].score
    assert store.search("Washington")[0:0] == []  # nothing there: no error
    assert store.search("  ...  ") == []
    # not every word matches any entity: fall back to entities matching some words
    assert "Zhipu" in [h.entity.name for h in store.search("Zhipu company")]
    store.upsert(GraphBatch(entities=(US,)))
    assert store.search("washington")[0].entity.id == US.id  # alias match


def test_neighbours_filter_page_and_keep_the_id_order(store: CypherStore) -> None:
    store.upsert(sample_batch())
    both, nobody, us_out = store.neighbours(
        [ZHIPU.id, "organization:nobody", US.id], NeighbourQuery(direction=Direction.BOTH)
    )
    assert both.total_count == 6
    assert nobody.total_count == 0 and nobody.items == ()
    assert us_out.total_count == 3  # RESTRICTS Zhipu, RESTRICTS H20, Commerce PART_OF US
    inbound = store.neighbours([ZHIPU.id], NeighbourQuery(direction=Direction.IN))[0]
    assert {r.subject_id for r in inbound.items} == {US.id, COMMERCE.id, ENTITY_LIST.id, TENCENT.id}
    outbound = store.neighbours([ZHIPU.id], NeighbourQuery(direction=Direction.OUT))[0]
    assert {r.object_id for r in outbound.items} == {CHINA.id, GLM.id}
    restricts = store.neighbours(
        [ZHIPU.id], NeighbourQuery(predicate=P.RESTRICTS, min_confidence=0.55)
    )[0]
    assert {r.subject_id for r in restricts.items} == {COMMERCE.id, ENTITY_LIST.id}
    recent = store.neighbours([ZHIPU.id], NeighbourQuery(since=date(2025, 2, 1)))[0]
    assert {r.object_id for r in recent.items} == {CHINA.id, GLM.id}
    early = store.neighbours([ZHIPU.id], NeighbourQuery(until=date(2025, 2, 1)))[0]
    assert early.total_count == 4
    seen = []
    cursor = None
    while True:
        page = store.neighbours([ZHIPU.id], NeighbourQuery(first=4, after=cursor))[0]
        seen.extend(page.items)
        if not page.has_next_page:
            break
        cursor = page.end_cursor
    assert len(seen) == 6 and len(set(seen)) == 6
    assert seen[0].last_seen == date(2025, 3, 2)  # newest first


def test_evidence_lists_newest_first_with_totals(store: CypherStore) -> None:
    store.upsert(sample_batch())
    key = EdgeKey(US.id, P.RESTRICTS, H20.id)
    (total, views), (none_total, none_views) = store.evidence(
        [key, EdgeKey(NVIDIA.id, P.USES, H20.id)]
    )
    assert total == 2 and none_total == 0 and none_views == []
    assert [v.article.id for v in views] == ["a2", "a1"]
    assert views[0].edge == key and views[0].evidence.sentence == "Washington restricted the H20."
    assert store.evidence([key], first=1)[0][0] == 2
    assert len(store.evidence([key], first=1)[0][1]) == 1


def test_shortest_paths_are_undirected_and_filterable(store: CypherStore) -> None:
    store.upsert(sample_batch())
    paths = store.shortest_paths(COMMERCE.id, CHINA.id)
    assert paths and all(p.length == 2 for p in paths)
    assert paths[0].relations[-1].object_id == CHINA.id
    via = {p.relations[0].object_id for p in paths}
    assert via == {ZHIPU.id}
    assert store.shortest_paths(COMMERCE.id, CHINA.id, max_length=1) == []
    assert store.shortest_paths(COMMERCE.id, CHINA.id, predicates=[P.RESTRICTS]) == []
    longer = store.shortest_paths(NVIDIA.id, US.id, max_length=3)
    assert longer and longer[0].length == 2  # Nvidia -> H20 <- US
    with pytest.raises(GraphStoreError, match="max_length"):
        store.shortest_paths(COMMERCE.id, CHINA.id, max_length=99)


def test_articles_lists_and_lookups(store: CypherStore) -> None:
    store.upsert(sample_batch())
    page = store.list_articles(ArticleQuery())
    assert [a.id for a in page.items] == ["a2", "a1"] and page.total_count == 2
    assert [a.id for a in store.list_articles(ArticleQuery(source="other.net")).items] == ["a2"]
    assert [a.id for a in store.list_articles(ArticleQuery(since=date(2025, 2, 1))).items] == ["a2"]
    assert [a.id for a in store.list_articles(ArticleQuery(until=date(2025, 2, 1))).items] == ["a1"]
    mentioning = store.list_articles(ArticleQuery(mentions_entity_id=NVIDIA.id))
    assert [a.id for a in mentioning.items] == ["a2"]
    first = store.list_articles(ArticleQuery(first=1))
    assert first.has_next_page and first.end_cursor
    second = store.list_articles(ArticleQuery(first=1, after=first.end_cursor))
    assert [a.id for a in second.items] == ["a1"] and not second.has_next_page
    assert store.article_content_hashes(["a1", "zz"]) == {"a1": "hash-a1"}
    assert store.article_entities(["zz", "a2"])[0] == []
    relations = store.article_relations(["a2"])[0]
    assert {(r.subject_id, r.predicate) for r in relations} == {
        (ZHIPU.id, P.BASED_IN),
        (NVIDIA.id, P.DEVELOPS),
        (ZHIPU.id, P.RELEASES),
        (US.id, P.RESTRICTS),
    }


def test_counts_by_type_and_predicate(store: CypherStore) -> None:
    store.upsert(sample_batch())
    counts = store.counts()
    assert (counts.articles, counts.entities, counts.relations, counts.evidence) == (2, 9, 9, 10)
    assert counts.by_type[T.ORGANIZATION] == 3 and counts.by_type[T.COUNTRY] == 2
    assert counts.by_predicate[P.RESTRICTS] == 4 and P.USES not in counts.by_predicate


def test_iterators_stream_everything_in_batches(store: CypherStore) -> None:
    store.upsert(sample_batch())
    entity_batches = list(store.iter_entities(batch_size=4))
    assert [len(b) for b in entity_batches] == [4, 4, 1]
    assert sum(len(b) for b in store.iter_relations(batch_size=2)) == 9
    evidence_items = [e for b in store.iter_evidence(batch_size=3) for e in b]
    assert len(evidence_items) == 10
    assert {edge for edge, _ in evidence_items} >= {EdgeKey(US.id, P.RESTRICTS, H20.id)}
    assert [a.id for b in store.iter_articles(batch_size=1) for a in b] == ["a1", "a2"]
    mentions = [m for b in store.iter_mentions(batch_size=3) for m in b]
    assert len(mentions) == 10
    assert Mention(article_id="a1", entity_id=ZHIPU.id, count=3) in mentions


def test_list_entities_and_relations_use_the_filter_dsl(store: CypherStore) -> None:
    store.upsert(sample_batch())
    orgs = store.list_entities(EntityQuery(type=T.ORGANIZATION, first=2))
    assert orgs.total_count == 3 and len(orgs.items) == 2 and orgs.has_next_page
    rest = store.list_entities(EntityQuery(type=T.ORGANIZATION, first=2, after=orgs.end_cursor))
    assert len(rest.items) == 1 and not rest.has_next_page
    assert {e.id for e in (*orgs.items, *rest.items)} == {ZHIPU.id, NVIDIA.id, TENCENT.id}
    busiest = store.list_entities(
        EntityQuery(
            order_by=(EntitySort(field=EntitySortField.RELATION_COUNT, descending=True),), first=1
        )
    )
    assert busiest.items[0].id == ZHIPU.id
    named = store.list_entities(EntityQuery(where=EntityFilter(alias_eq="Washington")))
    assert [e.id for e in named.items] == [US.id]
    strong = store.list_relations(
        RelationQuery(
            where=RelationFilter(predicate_in=(P.RESTRICTS,), min_confidence=0.6),
            order_by=(RelationSort(field=RelationSortField.CONFIDENCE, descending=True),),
        )
    )
    assert [(r.subject_id, r.confidence) for r in strong.items] == [
        (ENTITY_LIST.id, pytest.approx(0.9)),
        (US.id, pytest.approx(0.75)),
        (COMMERCE.id, pytest.approx(0.6)),
    ]
    with pytest.raises(BadCursorError):
        store.list_entities(EntityQuery(after="not-a-cursor"))
    with pytest.raises(BadCursorError):
        store.neighbours([ZHIPU.id], NeighbourQuery(after="%%%"))
