"""RDF export: what a linked-data consumer parses back, in every format, streamed."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

import graph.rdf_export as rdf_export
from graph.rdf_export import (
    RdfFormat,
    article_iri,
    entity_iri,
    export_rdf,
    vocabulary_triples,
)
from schema import EntityType, Predicate, ontology
from schema.vocabulary import FKG

from .export_fakes import MemoryStore

pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"  # rdflib's JSON-LD parser
)

FORMATS = [RdfFormat.TURTLE, RdfFormat.JSON_LD, RdfFormat.NT]
RDFLIB_FORMAT = {RdfFormat.TURTLE: "turtle", RdfFormat.JSON_LD: "json-ld", RdfFormat.NT: "nt"}


def _export(store: MemoryStore, fmt: RdfFormat, batch_size: int = 1000) -> str:
    out = io.StringIO()
    export_rdf(store, out, fmt, batch_size=batch_size)  # type: ignore[arg-type]
    return out.getvalue()


def _parse(text: str, fmt: RdfFormat) -> Graph:
    parsed = Graph()
    parsed.parse(data=text, format=RDFLIB_FORMAT[fmt])
    return parsed


def _count(graph: Graph, rdf_class: URIRef) -> int:
    return len(set(graph.subjects(ns.RDF.type, rdf_class)))


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.value)
def test_round_trip_counts_match_the_store(fmt: RdfFormat, sample_store: MemoryStore) -> None:
    parsed = _parse(_export(sample_store, fmt, batch_size=2), fmt)
    counts = sample_store.counts()
    schema = ontology()
    for entity_type in EntityType:
        expected = counts.by_type.get(entity_type, 0)
        assert _count(parsed, schema.class_iri(entity_type)) == expected, entity_type
    assert sum(_count(parsed, schema.class_iri(t)) for t in EntityType) == counts.entities
    assert _count(parsed, FKG.Relation) == counts.relations
    assert _count(parsed, FKG.Evidence) == counts.evidence
    assert _count(parsed, FKG.Article) == counts.articles
    direct = [t for t in parsed if t[1] in {schema.predicate_iri(p) for p in Predicate}]
    assert len(direct) == counts.relations
    assert len(list(parsed.triples((None, ns.SDO.mentions, None)))) == len(sample_store.mentions)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.value)
def test_sampled_fact_carries_its_evidence_and_article(
    fmt: RdfFormat, sample_store: MemoryStore
) -> None:
    parsed = _parse(_export(sample_store, fmt, batch_size=3), fmt)
    zhipu, glm = entity_iri("organization:zhipu-ai"), entity_iri("aimodel:glm-4")

    assert (zhipu, FKG.RELEASES, glm) in parsed
    assert (zhipu, ns.RDF.type, FKG.Organization) in parsed
    assert (zhipu, ns.RDFS.label, Literal("Zhipu AI")) in parsed
    assert set(parsed.objects(zhipu, ns.SKOS.altLabel)) == {
        Literal("Zhipu"),
        Literal("智谱"),
        Literal("Z.ai"),
    }

    evidence = {
        ev
        for ev in parsed.subjects(ns.RDF.type, FKG.Evidence)
        if (ev, ns.RDF.subject, zhipu) in parsed
        and (ev, ns.RDF.predicate, FKG.RELEASES) in parsed
        and (ev, ns.RDF.object, glm) in parsed
    }
    assert len(evidence) == 2
    by_article = {parsed.value(ev, ns.PROV.wasDerivedFrom): ev for ev in evidence}
    first = by_article[article_iri("art-1")]
    assert parsed.value(first, FKG.sentence) == Literal(
        'Zhipu AI released GLM-4, "its best model", on Tuesday.'
    )
    assert parsed.value(first, FKG.startOffset).toPython() == 0  # type: ignore[union-attr]
    assert parsed.value(first, FKG.endOffset).toPython() == 54  # type: ignore[union-attr]
    assert parsed.value(first, FKG.confidence).toPython() == pytest.approx(0.9)  # type: ignore[union-attr]
    assert parsed.value(first, FKG.extractorVersion) == Literal("rules-1.0")
    relation = parsed.value(first, FKG.supports)
    assert parsed.value(relation, FKG.evidenceCount).toPython() == 2  # type: ignore[union-attr]
    assert parsed.value(relation, FKG.confidence).toPython() == pytest.approx(0.95)  # type: ignore[union-attr]

    article = article_iri("art-1")
    assert parsed.value(article, ns.DCTERMS.title) == Literal("Zhipu AI releases GLM-4")
    assert parsed.value(article, ns.DCTERMS.issued) == Literal("2026-01-15", datatype=ns.XSD.date)
    assert parsed.value(article, ns.DCTERMS.source) == Literal("Example Wire")
    assert parsed.value(article, ns.DCTERMS.identifier) == Literal("art-1")
    assert parsed.value(article, ns.SDO.url) == URIRef("https://news.example/zhipu-glm")
    # Multi-line evidence text survives every serialization.
    assert Literal("Beijing-based Zhipu\nAI.") in set(parsed.objects(None, FKG.sentence))


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.value)
def test_symmetric_relation_is_exported_once_in_canonical_direction(
    fmt: RdfFormat, sample_store: MemoryStore
) -> None:
    parsed = _parse(_export(sample_store, fmt), fmt)
    nvidia, zhipu = entity_iri("organization:nvidia"), entity_iri("organization:zhipu-ai")
    assert (nvidia, FKG.COMPETES_WITH, zhipu) in parsed
    assert (zhipu, FKG.COMPETES_WITH, nvidia) not in parsed


def test_every_format_describes_the_same_graph(sample_store: MemoryStore) -> None:
    graphs = [_parse(_export(sample_store, fmt, batch_size=2), fmt) for fmt in FORMATS]
    assert len(graphs[0]) > 100
    assert isomorphic(graphs[0], graphs[1])
    assert isomorphic(graphs[0], graphs[2])


def test_export_is_deterministic_and_iris_come_from_ids(sample_store: MemoryStore) -> None:
    first = _export(sample_store, RdfFormat.NT)
    assert _export(sample_store, RdfFormat.NT) == first
    assert "<https://frontierkg.dev/id/entity/organization:zhipu-ai>" in first
    assert str(entity_iri("weird id/ü")) == "https://frontierkg.dev/id/entity/weird%20id%2F%C3%BC"


def test_turtle_declares_each_prefix_once(sample_store: MemoryStore) -> None:
    text = _export(sample_store, RdfFormat.TURTLE, batch_size=1)
    assert text.count("@prefix fkg:") == 1
    assert text.count("@prefix ns1:") == 0


def test_json_ld_is_one_document_with_context_and_graph(sample_store: MemoryStore) -> None:
    document = json.loads(_export(sample_store, RdfFormat.JSON_LD, batch_size=2))
    assert document["@context"]["fkg"] == str(FKG)
    ids = [node["@id"] for node in document["@graph"]]
    assert "https://frontierkg.dev/id/entity/organization:zhipu-ai" in ids


class _CountingStore:
    """Wraps a store; remembers how many records the exporter has pulled so far."""

    def __init__(self, inner: MemoryStore) -> None:
        self.inner = inner
        self.pulled = 0

    def _count(self, batches: Iterator[list[Any]]) -> Iterator[list[Any]]:
        for batch in batches:
            self.pulled += len(batch)
            yield batch

    def iter_articles(self, batch_size: int = 1000) -> Iterator[list[Any]]:
        return self._count(self.inner.iter_articles(batch_size))

    def iter_entities(self, batch_size: int = 1000) -> Iterator[list[Any]]:
        return self._count(self.inner.iter_entities(batch_size))

    def iter_relations(self, batch_size: int = 1000) -> Iterator[list[Any]]:
        return self._count(self.inner.iter_relations(batch_size))

    def iter_evidence(self, batch_size: int = 1000) -> Iterator[list[Any]]:
        return self._count(self.inner.iter_evidence(batch_size))

    def iter_mentions(self, batch_size: int = 1000) -> Iterator[list[Any]]:
        return self._count(self.inner.iter_mentions(batch_size))


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.value)
def test_writer_holds_one_batch_at_a_time(
    fmt: RdfFormat, sample_store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each write sees one store batch and reaches the output before the next is read."""
    store = _CountingStore(sample_store)
    out = io.StringIO()
    calls: list[tuple[int, int, int]] = []  # (records pulled, triples in graph, output size)
    real_writer_for = rdf_export.writer_for

    class Spy:
        def __init__(self, inner: rdf_export.BatchWriter) -> None:
            self.inner = inner

        def begin(self) -> None:
            self.inner.begin()

        def write(self, graph: Graph) -> None:
            self.inner.write(graph)
            calls.append((store.pulled, len(graph), len(out.getvalue())))

        def end(self) -> None:
            self.inner.end()

    monkeypatch.setattr(rdf_export, "writer_for", lambda f, o: Spy(real_writer_for(f, o)))
    summary = export_rdf(store, out, fmt, batch_size=2)  # type: ignore[arg-type]

    records = 3 + 7 + 6 + 7 + 8
    batches = 1 + 2 + 4 + 3 + 4 + 4  # the vocabulary, then ceil(n / 2) per stream
    assert len(calls) == summary.batches == batches
    assert calls[0][0] == 0  # the vocabulary is written before the store is read
    calls = calls[1:]
    # Never more than one batch (2 records) pulled beyond what was already written.
    written_records = 0
    for pulled, _, _ in calls:
        assert pulled - written_records <= 2
        written_records = pulled
    assert written_records == records
    # A batch graph holds at most two records' triples (an entity has at most 10).
    assert max(triples for _, triples, _ in calls) <= 2 * 12
    sizes = [size for _, _, size in calls]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.value)
def test_empty_store_exports_a_valid_empty_document(
    fmt: RdfFormat, empty_store: MemoryStore
) -> None:
    parsed = _parse(_export(empty_store, fmt), fmt)
    assert set(parsed) == set(vocabulary_triples())  # only the export's own terms


def test_export_declares_its_own_terms(sample_store: MemoryStore) -> None:
    parsed = _parse(_export(sample_store, RdfFormat.TURTLE), RdfFormat.TURTLE)
    for cls in (FKG.Evidence, FKG.Relation, FKG.Article):
        assert (cls, ns.RDF.type, ns.RDFS.Class) in parsed
    used = {p for _, p, _ in parsed if str(p).startswith(str(FKG))}
    predicates = {ontology().predicate_iri(p) for p in Predicate}
    for prop in used - predicates:
        assert (prop, ns.RDF.type, ns.RDF.Property) in parsed, prop


def test_turtle_keeps_literal_lines_that_look_like_prefixes(empty_store: MemoryStore) -> None:
    """Only rdflib's leading prefix block is merged; literal text is never touched."""
    sneaky = "first line\n@prefix evil: <http://x/> .\nlast line"
    out = io.StringIO()
    writer = rdf_export.TurtleWriter(out)
    writer.begin()
    graph = Graph()
    graph.add((URIRef("http://x/s"), FKG.sentence, Literal(sneaky)))
    writer.write(graph)
    parsed = _parse(out.getvalue(), RdfFormat.TURTLE)
    assert parsed.value(URIRef("http://x/s"), FKG.sentence) == Literal(sneaky)
