"""Ingest service: dedup, re-extraction, per-article atomicity, failures isolated."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as settings_profile
from hypothesis import strategies as st

from frontierkg.errors import (
    ConfigurationError,
    GraphStoreError,
    IngestInputError,
    StoreUnavailableError,
)
from frontierkg.settings import Settings, load_settings
from graph.models import GraphBatch
from graph.store import GraphStore
from ingest.models import ArticleInput, Extraction
from ingest.service import IngestResult, IngestService, IngestStatus

from .ingest_fakes import FakeStore, ScriptedExtractor, article, gazetteer_extraction

ZHIPU = "Zhipu AI released GLM-4.5. Nvidia sells the H20 in China."
ALIBABA = "Alibaba released Qwen3. Alibaba is based in China."
Z_AI = "Z.ai released GLM-4.5 again. China cheered."


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path)


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def extractor() -> ScriptedExtractor:
    return ScriptedExtractor(gazetteer_extraction)


def _run(
    service: IngestService, items: list[ArticleInput | IngestInputError], batch_size: int = 8
) -> dict[str, IngestResult]:
    return {r.article_id or r.origin: r for r in service.ingest(items, batch_size=batch_size)}


def _statuses(results: dict[str, IngestResult]) -> dict[str, str]:
    return {key: r.status.value for key, r in results.items()}


def test_same_article_again_is_unchanged_and_not_extracted(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings
) -> None:
    service = IngestService(store, extractor, settings)
    items: list[ArticleInput | IngestInputError] = [article("a", ZHIPU), article("b", ALIBABA)]
    first = _run(service, items)
    assert _statuses(first) == {"a": "ingested", "b": "ingested"}
    assert first["a"].entities == 5 and first["a"].relations == 1
    assert ("organization:zhipu-ai", "RELEASES", "aimodel:glm-4-5") in store.edges()
    writes = len(store.writes)

    again = _run(service, [article("a", ZHIPU, origin="moved.txt"), article("b", ALIBABA)])
    assert _statuses(again) == {"a": "unchanged", "b": "unchanged"}
    assert extractor.extracted == ["a", "b"]  # the second run extracted nothing
    assert len(store.writes) == writes


def test_changed_text_is_re_extracted_and_old_evidence_replaced(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings
) -> None:
    service = IngestService(store, extractor, settings)
    _run(service, [article("a", ZHIPU)])
    old_hash = store.articles["a"].content_hash
    results = _run(service, [article("a", ALIBABA)])
    assert _statuses(results) == {"a": "ingested"}
    assert store.articles["a"].content_hash != old_hash
    assert [e.sentence for e in store.evidence_of("a")] == ["Alibaba released Qwen3."]
    assert store.article_entity_ids("a") == {
        "organization:alibaba",
        "aimodel:qwen3",
        "country:china",
    }
    # The edge only the old text supported is gone.
    assert ("organization:zhipu-ai", "RELEASES", "aimodel:glm-4-5") not in store.edges()


def test_a_store_failure_leaves_nothing_of_that_article_and_others_are_stored(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings
) -> None:
    store.fail_when = lambda batch: any(a.id == "b" for a in batch.articles)
    service = IngestService(store, extractor, settings)
    items: list[ArticleInput | IngestInputError] = [
        article("a", ZHIPU),
        article("b", ALIBABA),
        article("c", Z_AI),
    ]
    results = _run(service, items)
    assert _statuses(results) == {"a": "ingested", "b": "failed", "c": "ingested"}
    assert "store write failed" in (results["b"].reason or "")
    assert "injected store failure" in (results["b"].reason or "")
    assert set(store.articles) == {"a", "c"}
    assert store.article_entity_ids("b") == set() and store.evidence_of("b") == []
    assert "aimodel:qwen3" not in store.entities  # only article b mentioned it
    # The failed article is retried on the next run (it is not "unchanged").
    store.fail_when = lambda batch: False
    assert _statuses(_run(service, items)) == {
        "a": "unchanged",
        "b": "ingested",
        "c": "unchanged",
    }


def test_an_extraction_failure_fails_only_that_article(
    store: FakeStore, settings: Settings
) -> None:
    def script(item: ArticleInput) -> Extraction:
        if item.id == "b":
            raise ValueError("model exploded")
        return gazetteer_extraction(item)

    extractor = ScriptedExtractor(script)
    items: list[ArticleInput | IngestInputError] = [
        article("a", ZHIPU),
        article("b", ALIBABA),
        article("c", Z_AI),
    ]
    results = _run(IngestService(store, extractor, settings), items)
    assert _statuses(results) == {"a": "ingested", "b": "failed", "c": "ingested"}
    assert results["b"].reason == "extraction failed: ValueError: model exploded"
    assert set(store.articles) == {"a", "c"}


def test_read_errors_become_failed_results_and_the_batch_goes_on(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings
) -> None:
    items: list[ArticleInput | IngestInputError] = [
        IngestInputError("bad.json", "invalid JSON at line 1 column 2: Expecting value"),
        article("a", ZHIPU),
    ]
    results = _run(IngestService(store, extractor, settings), items)
    assert results["bad.json"].status is IngestStatus.FAILED
    assert results["bad.json"].reason == "invalid JSON at line 1 column 2: Expecting value"
    assert results["a"].status is IngestStatus.INGESTED


@pytest.mark.parametrize("batch_size", [1, 2, 10])
def test_zhipu_variants_across_articles_are_one_node(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings, batch_size: int
) -> None:
    items: list[ArticleInput | IngestInputError] = [
        article("a", ZHIPU),
        article("b", "Z.ai, formerly Zhipu, raised money."),
        article("c", Z_AI),
        article("d", "Zhipu grew fast in China."),
    ]
    results = _run(IngestService(store, extractor, settings), items, batch_size=batch_size)
    assert all(r.status is IngestStatus.INGESTED for r in results.values())
    organisations = [e for e in store.entities.values() if e.type.value == "Organization"]
    assert [(e.id, set(e.aliases)) for e in organisations if "zhipu" in e.id] == [
        ("organization:zhipu-ai", {"Zhipu", "Z.ai"})
    ]
    assert store.article_entity_ids("d") == {"organization:zhipu-ai", "country:china"}
    assert ("organization:zhipu-ai", "RELEASES", "aimodel:glm-4-5") in store.edges()


def test_the_same_id_twice_in_one_run_keeps_the_last_version(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings
) -> None:
    service = IngestService(store, extractor, settings)
    results = list(service.ingest([article("a", ZHIPU), article("a", ALIBABA)], batch_size=10))
    assert [r.status for r in results] == [IngestStatus.INGESTED, IngestStatus.INGESTED]
    assert [e.sentence for e in store.evidence_of("a")] == ["Alibaba released Qwen3."]


def test_ingest_one_returns_what_was_extracted(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings
) -> None:
    service = IngestService(store, extractor, settings)
    result = service.ingest_one(article("a", ZHIPU))
    assert result.status is IngestStatus.INGESTED
    assert result.extraction is not None and result.batch is not None
    assert {e.name for e in result.extraction.entities} >= {"Zhipu AI", "GLM-4.5"}
    assert {e.id for e in result.batch.entities} == store.article_entity_ids("a")
    assert service.ingest_one(article("a", ZHIPU)).status is IngestStatus.UNCHANGED
    forced = service.ingest_one(article("a", ZHIPU), force=True)
    assert forced.status is IngestStatus.INGESTED and extractor.extracted == ["a", "a"]


def test_store_unavailable_stops_the_run(extractor: ScriptedExtractor, settings: Settings) -> None:
    class DownStore(FakeStore):
        def article_content_hashes(self, ids):  # type: ignore[no-untyped-def]
            raise StoreUnavailableError("FalkorDB at localhost:6379 is not answering")

    service = IngestService(DownStore(), extractor, settings)
    with pytest.raises(StoreUnavailableError):
        list(service.ingest([article("a", ZHIPU)]))


def test_one_write_per_chunk_when_nothing_fails(
    store: FakeStore, extractor: ScriptedExtractor, settings: Settings
) -> None:
    items: list[ArticleInput | IngestInputError] = [
        article(f"a{i}", ZHIPU + f" Item {i}.") for i in range(5)
    ]
    _run(IngestService(store, extractor, settings), items, batch_size=2)
    assert [len(w.articles) for w in store.writes] == [2, 2, 1]
    # One extraction stream for the whole run (worker processes are started once).
    assert [call for call in extractor.calls if call] == [[f"a{i}" for i in range(5)]]
    assert isinstance(store.writes[0], GraphBatch)


# ---------------------------------------------------------------- real store and pipeline


def _sample(name: str) -> ArticleInput:
    import json

    path = Path(__file__).resolve().parents[2] / "samples" / "articles" / name
    data = json.loads(path.read_text(encoding="utf-8"))
    return ArticleInput(**{k: data[k] for k in ("id", "title", "published", "source", "text")})


@pytest.mark.slow
def test_real_store_dedup_replace_and_atomicity(
    embedded_store: GraphStore, embedded_settings: Settings, bundled_nlp: object
) -> None:
    from ingest.extraction import Extractor

    extractor = Extractor(nlp=bundled_nlp, settings=embedded_settings)  # type: ignore[arg-type]
    zhipu = _sample("zhipu-entity-list.json")
    glm = _sample("glm45-zai.json")
    h20 = _sample("h20-licence-requirement.json")

    class FailingStore:
        """Delegates to the real store; refuses any write that contains article ``h20``."""

        def __getattr__(self, name: str) -> object:
            return getattr(embedded_store, name)

        def replace_articles(self, batch: GraphBatch) -> object:
            if any(a.id == h20.id for a in batch.articles):
                raise GraphStoreError("injected failure")
            return embedded_store.replace_articles(batch)

    service = IngestService(FailingStore(), extractor, embedded_settings)  # type: ignore[arg-type]
    results = {r.article_id: r for r in service.ingest([zhipu, h20, glm], batch_size=3)}
    assert [results[a.id].status for a in (zhipu, h20, glm)] == [
        IngestStatus.INGESTED,
        IngestStatus.FAILED,
        IngestStatus.INGESTED,
    ]
    assert embedded_store.get_articles([h20.id]) == [None]
    assert embedded_store.article_entities([h20.id]) == [[]]
    assert embedded_store.get_entities(["chip:mi308"]) == [None]  # only the failed article had it
    # Zhipu AI, Z.ai and Zhipu across both articles: one node.
    zhipu_node = embedded_store.get_entities(["organization:zhipu-ai"])[0]
    assert zhipu_node is not None and {"Zhipu", "Z.ai"} <= set(zhipu_node.aliases)
    assert embedded_store.get_entities(["organization:z-ai", "organization:zhipu"]) == [None, None]

    service = IngestService(embedded_store, extractor, embedded_settings)
    again = list(service.ingest([zhipu, glm, h20]))
    assert [r.status for r in again] == [
        IngestStatus.UNCHANGED,
        IngestStatus.UNCHANGED,
        IngestStatus.INGESTED,
    ]

    # Same id, new text: re-extracted, the old evidence of that article is gone.
    before = {r.edge for r in embedded_store.article_relations([zhipu.id])[0]}
    assert before
    changed = zhipu.model_copy(update={"text": glm.text.replace("GLM-4.5", "GLM-4.6")})
    result = service.ingest_one(changed)
    assert result.status is IngestStatus.INGESTED
    after = embedded_store.article_relations([zhipu.id])[0]
    for relation in after:
        count, views = embedded_store.evidence([relation.edge], first=100)[0]
        sentences = [v.evidence.sentence for v in views if v.article.id == zhipu.id]
        assert all(s in changed.text for s in sentences)
    assert embedded_store.article_content_hashes([zhipu.id]) == {
        zhipu.id: result.batch.articles[0].content_hash  # type: ignore[union-attr]
    }


# ---------------------------------------------------------------- properties

_POOL = [
    ("a", ZHIPU),
    ("b", ALIBABA),
    ("c", Z_AI),
    ("d", "Z.ai, formerly Zhipu, raised money."),
    ("a", "Zhipu grew fast in China."),  # a second version of article a
    ("e", "Nvidia released H20. China reacted."),
]


def _snapshot(store: FakeStore) -> tuple[object, ...]:
    return (
        {i: a.content_hash for i, a in store.articles.items()},
        {i: (e.type, e.name, frozenset(e.aliases)) for i, e in store.entities.items()},
        frozenset(store.mentions.values()),
        frozenset(store.evidence),
    )


@settings_profile(max_examples=40, deadline=None)
@given(
    picks=st.lists(st.integers(0, len(_POOL) - 1), min_size=1, max_size=8),
    batch_size=st.integers(1, 4),
)
def test_ingest_is_idempotent_and_independent_of_batch_size(
    picks: list[int], batch_size: int
) -> None:
    config = load_settings()
    items: list[ArticleInput | IngestInputError] = [article(*_POOL[i]) for i in picks]

    store = FakeStore()
    service = IngestService(store, ScriptedExtractor(gazetteer_extraction), config)
    first = list(service.ingest(items, batch_size=batch_size))
    assert all(r.status is not IngestStatus.FAILED for r in first)
    state = _snapshot(store)

    # Replaying the same input converges to the same graph; with one version per id,
    # nothing is even extracted again.
    again = list(service.ingest(items, batch_size=batch_size))
    assert _snapshot(store) == state
    if len({_POOL[i][0] for i in picks}) == len({_POOL[i] for i in picks}):
        assert all(r.status is IngestStatus.UNCHANGED for r in again)

    # The batch size changes how writes are grouped, never what the graph holds.
    other = FakeStore()
    list(IngestService(other, ScriptedExtractor(gazetteer_extraction), config).ingest(items))
    assert _snapshot(other) == state


def test_an_extractor_that_cannot_start_stops_the_run(store: FakeStore, settings: Settings) -> None:
    class BrokenExtractor:
        def extract(self, articles, n_process=1):  # type: ignore[no-untyped-def]
            raise ConfigurationError("spaCy model 'xx' cannot be loaded; install it")
            yield  # pragma: no cover - makes this a generator

    service = IngestService(store, BrokenExtractor(), settings)
    with pytest.raises(ConfigurationError, match="cannot be loaded"):
        list(service.ingest([article("a", ZHIPU)]))
    assert store.articles == {}
