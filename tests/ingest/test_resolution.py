"""Cross-article entity resolution against an in-memory store."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from frontierkg.settings import Settings, load_settings
from graph.models import EntityUpsert, GraphBatch
from ingest.models import Extraction
from ingest.resolution import EntityResolver, MatchKind, match_key
from schema import EntityType, Predicate

from .ingest_fakes import FakeStore, article, entity, relation

ORG, MODEL, CHIP, COUNTRY = (
    EntityType.ORGANIZATION,
    EntityType.AI_MODEL,
    EntityType.CHIP,
    EntityType.COUNTRY,
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path, fuzzy_match_threshold=92)


def _extraction(article_id: str, text: str, *entities, relations=()) -> Extraction:  # type: ignore[no-untyped-def]
    return Extraction(
        article=article(article_id, text),
        entities=tuple(entities),
        relations=tuple(relations),
        extractor_version="test/1",
    )


def _ingest(store: FakeStore, resolver: EntityResolver, extraction: Extraction) -> GraphBatch:
    batch = resolver.resolve(extraction).batch
    store.replace_articles(batch)
    return batch


def test_zhipu_ai_z_ai_and_zhipu_across_articles_are_one_node(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    store = FakeStore()
    resolver = EntityResolver(store, settings)
    with caplog.at_level(logging.INFO, logger="ingest.resolution"):
        _ingest(store, resolver, _extraction("a1", "Zhipu AI grew.", entity("Zhipu AI", ORG)))
        _ingest(
            store,
            resolver,
            _extraction("a2", "Z.ai, formerly Zhipu, grew.", entity("Z.ai", ORG, "Zhipu")),
        )
        _ingest(store, resolver, _extraction("a3", "Zhipu grew.", entity("Zhipu", ORG)))
    assert list(store.entities) == ["organization:zhipu-ai"]
    node = store.entities["organization:zhipu-ai"]
    assert node.name == "Zhipu AI" and set(node.aliases) == {"Z.ai", "Zhipu"}
    for article_id in ("a1", "a2", "a3"):
        assert store.article_entity_ids(article_id) == {"organization:zhipu-ai"}
    messages = [r.getMessage() for r in caplog.records]
    assert "resolved 'Z.ai' -> organization:zhipu-ai (alias)" in messages
    assert "resolved 'Zhipu' -> organization:zhipu-ai (alias)" in messages


def test_a_fresh_resolver_finds_the_node_through_the_store(settings: Settings) -> None:
    store = FakeStore()
    store.upsert(
        GraphBatch(
            entities=(
                EntityUpsert(
                    id="organization:zhipu-ai", type=ORG, name="Zhipu AI", aliases=("Z.ai",)
                ),
            )
        )
    )
    resolver = EntityResolver(store, settings)  # knows nothing of previous runs
    resolution = resolver.resolve_entity(entity("Z.ai", ORG))
    assert (resolution.entity_id, resolution.kind) == ("organization:zhipu-ai", MatchKind.ALIAS)
    assert store.searches == [("Z.ai", (ORG,))]


def test_articles_of_one_batch_resolve_against_each_other_before_any_write(
    settings: Settings,
) -> None:
    store = FakeStore()
    resolver = EntityResolver(store, settings)
    first = resolver.resolve(_extraction("a1", "x", entity("Moonshot AI", ORG, "Moonshot")))
    second = resolver.resolve(_extraction("a2", "y", entity("Moonshot", ORG)))
    assert [e.id for e in first.batch.entities] == ["organization:moonshot-ai"]
    assert [e.id for e in second.batch.entities] == ["organization:moonshot-ai"]
    # The second batch carries the upsert itself, so it stands alone if the first fails.
    assert second.batch.entities[0].name == "Moonshot AI"
    assert store.writes == []


def test_never_resolved_across_types(settings: Settings) -> None:
    store = FakeStore()
    text = "Alibaba released Qwen. Qwen is also a team name."
    _ingest(store, EntityResolver(store, settings), _extraction("a1", text, entity("Qwen", ORG)))
    store.upsert(GraphBatch(entities=(EntityUpsert(id="aimodel:qwen2", type=MODEL, name="Qwen2"),)))
    resolver = EntityResolver(store, settings)  # a later run: the graph has both types
    batch = _ingest(store, resolver, _extraction("a2", text, entity("Qwen", MODEL)))
    assert [e.id for e in batch.entities] == ["aimodel:qwen"]
    assert {"organization:qwen", "aimodel:qwen", "aimodel:qwen2"} == set(store.entities)
    assert store.searches == [("Qwen", (MODEL,))]


def test_a_graph_without_the_type_is_not_searched(settings: Settings) -> None:
    store = FakeStore()
    store.upsert(GraphBatch(entities=(EntityUpsert(id="chip:h20", type=CHIP, name="H20"),)))
    resolver = EntityResolver(store, settings)
    _ingest(store, resolver, _extraction("a1", "x", entity("Zhipu AI", ORG)))
    _ingest(store, resolver, _extraction("a2", "y", entity("Zhipu", ORG), entity("H200", CHIP)))
    # No organisation existed before the run: everything to match is in the registry.
    assert store.searches == [("H200", (CHIP,))]
    assert set(store.entities) == {"chip:h20", "chip:h200", "organization:zhipu-ai"}


def test_a_store_that_returns_other_types_does_not_cause_a_merge(settings: Settings) -> None:
    class LooseSearchStore(FakeStore):
        def search(self, text, types=None, limit=20):  # type: ignore[no-untyped-def]
            return super().search(text, None, limit)  # ignores the type filter

    store = LooseSearchStore()
    store.upsert(GraphBatch(entities=(EntityUpsert(id="chip:h20", type=CHIP, name="H20"),)))
    resolution = EntityResolver(store, settings).resolve_entity(entity("H20", MODEL))
    assert (resolution.entity_id, resolution.kind) == ("aimodel:h20", MatchKind.NEW)


def test_fuzzy_match_merges_spelling_variants_and_logs_the_score(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    store = FakeStore()
    resolver = EntityResolver(store, settings)
    body = EntityType.GOVERNMENT_BODY
    _ingest(
        store, resolver, _extraction("a1", "x", entity("Cyberspace Administration of China", body))
    )
    with caplog.at_level(logging.INFO, logger="ingest.resolution"):
        resolution = resolver.resolve_entity(entity("Cyberspace Adminstration of China", body))
    assert resolution.kind is MatchKind.FUZZY and resolution.score >= 92
    assert resolution.entity_id == "governmentbody:cyberspace-administration-of-china"
    assert "(fuzzy 9" in caplog.records[-1].getMessage()


@pytest.mark.parametrize(
    ("known", "new", "entity_type"),
    [
        ("Claude Sonnet 4", "Claude Sonnet 4.5", MODEL),
        ("DeepSeek-V3", "DeepSeek-V3.1", MODEL),
        ("GPT-4", "GPT-5", MODEL),
        ("Ascend 910B", "Ascend 910C", CHIP),
        ("Nvidia H100", "Nvidia H200", CHIP),
    ],
)
def test_versions_are_never_fuzzy_merged(
    settings: Settings, known: str, new: str, entity_type: EntityType
) -> None:
    resolver = EntityResolver(
        FakeStore(), load_settings(data_dir=settings.data_dir, fuzzy_match_threshold=80)
    )
    resolver.resolve_entity(entity(known, entity_type))
    assert resolver.resolve_entity(entity(new, entity_type)).kind is MatchKind.NEW


def test_organisation_suffixes_fold_but_distinct_names_do_not(settings: Settings) -> None:
    assert match_key(ORG, "Huawei Technologies Co., Ltd.") == match_key(ORG, "Huawei")
    assert match_key(ORG, "Alibaba Group Holding") == match_key(ORG, "alibaba")
    assert match_key(ORG, "Alibaba Cloud") != match_key(ORG, "Alibaba")
    assert match_key(MODEL, "Gemini AI") != match_key(MODEL, "Gemini")  # only organisations fold
    resolver = EntityResolver(FakeStore(), settings)
    resolver.resolve_entity(entity("Alibaba Group", ORG))
    assert resolver.resolve_entity(entity("Alibaba Cloud", ORG)).kind is MatchKind.NEW


def test_relations_carry_evidence_with_offsets_version_and_confidence(settings: Settings) -> None:
    text = (
        "Alibaba released Qwen3 in April. Alibaba later shipped Qwen3 widely. "
        "Zhipu partners with Alibaba."
    )
    sentence_1 = "Alibaba released Qwen3 in April."
    sentence_2 = "Alibaba later shipped Qwen3 widely."
    sentence_3 = "Zhipu partners with Alibaba."
    extraction = _extraction(
        "a1",
        text,
        entity("Alibaba", ORG, "Alibaba Group", count=3),
        entity("Qwen3", MODEL, count=2),
        entity("Zhipu AI", ORG, "Zhipu"),
        relations=(
            relation("Alibaba", Predicate.RELEASES, "Qwen3", text, sentence_1, 0.9),
            relation("Alibaba", Predicate.RELEASES, "Qwen3", text, sentence_2, 0.7),
            relation("Zhipu AI", Predicate.PARTNERS_WITH, "Alibaba", text, sentence_3),
            relation("Alibaba", Predicate.RELEASES, "Unknown Model", text, sentence_1),
            relation("Qwen3", Predicate.RELEASES, "Alibaba", text, sentence_1),  # wrong types
        ),
    )
    resolved = EntityResolver(FakeStore(), settings).resolve(extraction, content_hash="h1")
    batch = resolved.batch
    assert batch.articles[0].id == "a1" and batch.articles[0].content_hash == "h1"
    assert {(m.entity_id, m.count) for m in batch.mentions} == {
        ("organization:alibaba", 3),
        ("aimodel:qwen3", 2),
        ("organization:zhipu-ai", 1),
    }
    edges = {(r.subject_id, r.predicate, r.object_id): r for r in batch.relations}
    assert set(edges) == {
        ("organization:alibaba", Predicate.RELEASES, "aimodel:qwen3"),
        # symmetric predicate: smaller id first
        ("organization:alibaba", Predicate.PARTNERS_WITH, "organization:zhipu-ai"),
    }
    releases = edges[("organization:alibaba", Predicate.RELEASES, "aimodel:qwen3")].evidence
    assert [(e.sentence, e.confidence) for e in releases] == [(sentence_1, 0.9), (sentence_2, 0.7)]
    assert all(e.extractor_version == "test/1" and e.article_id == "a1" for e in releases)
    assert text[releases[1].start : releases[1].end] == sentence_2
    assert len(resolved.dropped_relations) == 2


def test_a_relation_whose_ends_merge_into_one_entity_is_dropped(settings: Settings) -> None:
    text = "Zhipu partners with Z.ai."
    extraction = _extraction(
        "a1",
        text,
        entity("Zhipu AI", ORG, "Zhipu"),
        entity("Z.ai", ORG, "Zhipu"),
        relations=(relation("Zhipu AI", Predicate.PARTNERS_WITH, "Z.ai", text, text),),
    )
    resolved = EntityResolver(FakeStore(), settings).resolve(extraction)
    assert resolved.batch.relations == ()
    assert [e.id for e in resolved.batch.entities] == ["organization:zhipu-ai"]
    assert resolved.batch.mentions[0].count == 2


def test_country_alias_resolution_stays_within_countries(settings: Settings) -> None:
    store = FakeStore()
    resolver = EntityResolver(store, settings)
    _ingest(store, resolver, _extraction("a1", "x", entity("United States", COUNTRY, "US", "U.S.")))
    assert resolver.resolve_entity(entity("U.S.", COUNTRY)).entity_id == "country:united-states"
    gov = resolver.resolve_entity(entity("US", EntityType.GOVERNMENT_BODY))
    assert gov.kind is MatchKind.NEW


def test_entities_sharing_only_a_generic_alias_stay_apart(settings: Settings) -> None:
    body = EntityType.GOVERNMENT_BODY
    resolver = EntityResolver(FakeStore(), settings)
    biden = resolver.resolve_entity(entity("Biden administration", body, "administration"))
    trump = resolver.resolve_entity(entity("Trump administration", body, "administration"))
    assert trump.kind is MatchKind.NEW and trump.entity_id != biden.entity_id
    # ...while an alias equal to a known *name* still merges.
    again = resolver.resolve_entity(entity("the Biden White House", body, "Biden administration"))
    assert (again.entity_id, again.kind) == (biden.entity_id, MatchKind.ALIAS)


def test_one_letter_acronyms_are_not_fuzzy_merged(settings: Settings) -> None:
    resolver = EntityResolver(FakeStore(), settings)
    resolver.resolve_entity(entity("DUV lithography machines", CHIP))
    euv = resolver.resolve_entity(entity("EUV lithography machines", CHIP))
    assert (euv.entity_id, euv.kind) == ("chip:euv-lithography-machines", MatchKind.NEW)


# ---------------------------------------------------------------- determinism (regression)
# A folded key can belong to two graph entities: "Zhipu" is the name of one node and an
# alias of another. The registry used to keep whichever it learnt first (store search
# order, earlier articles of the run), so a replay could resolve "Zhipu AI" elsewhere.

_ZHIPU_NODE = EntityUpsert(id="organization:zhipu", type=ORG, name="Zhipu")
_Z_AI_NODE = EntityUpsert(id="organization:z-ai", type=ORG, name="Z.ai", aliases=("Zhipu",))


@pytest.mark.parametrize("order", [(_ZHIPU_NODE, _Z_AI_NODE), (_Z_AI_NODE, _ZHIPU_NODE)])
def test_a_name_match_wins_over_an_alias_whatever_the_learn_order(
    settings: Settings, order: tuple[EntityUpsert, EntityUpsert]
) -> None:
    store = FakeStore()
    store.upsert(GraphBatch(entities=order))
    resolution = EntityResolver(store, settings).resolve_entity(entity("Zhipu AI", ORG))
    assert (resolution.entity_id, resolution.kind) == ("organization:zhipu", MatchKind.ALIAS)


def test_what_earlier_articles_loaded_does_not_decide_a_match(settings: Settings) -> None:
    store = FakeStore()
    store.upsert(GraphBatch(entities=(_Z_AI_NODE, _ZHIPU_NODE)))
    resolver = EntityResolver(store, settings)
    resolver.resolve_entity(entity("Z.ai", ORG))  # loads Z.ai (alias "Zhipu"), not Zhipu
    resolution = resolver.resolve_entity(entity("Zhipu AI", ORG))
    assert resolution.entity_id == "organization:zhipu"


def test_another_entitys_name_is_not_taken_as_an_alias(settings: Settings) -> None:
    store = FakeStore()
    resolver = EntityResolver(store, settings)
    _ingest(store, resolver, _extraction("a1", "Z.ai grew.", entity("Z.ai", ORG)))
    _ingest(store, resolver, _extraction("a2", "Zhipu grew.", entity("Zhipu", ORG)))
    batch = _ingest(
        store,
        resolver,
        _extraction("a3", "Z.ai, formerly Zhipu, grew.", entity("Z.ai", ORG, "Zhipu")),
    )
    assert [(e.id, e.aliases) for e in batch.entities] == [("organization:z-ai", ())]
    assert store.entities["organization:z-ai"].aliases == ()
    # "Zhipu" keeps answering to its own node, in this run and in the next one.
    assert resolver.resolve_entity(entity("Zhipu AI", ORG)).entity_id == "organization:zhipu"
    fresh = EntityResolver(store, settings).resolve_entity(entity("Zhipu AI", ORG))
    assert fresh.entity_id == "organization:zhipu"
