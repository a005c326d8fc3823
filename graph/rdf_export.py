"""Export the graph as linked data (Turtle, JSON-LD or N-Triples) with rdflib.

The RDF model (also in the README, section "RDF export"):

- an entity is ``<https://frontierkg.dev/id/entity/{id}>``, typed with its ontology
  class (``fkg:Organization`` ...), ``rdfs:label`` its name, ``skos:altLabel`` each
  alias, plus ``fkg:mentionCount``/``fkg:firstSeen``/``fkg:lastSeen``;
- a relation is the plain triple ``subject fkg:PREDICATE object`` (the ontology's
  property IRIs), so the graph reads as ordinary linked data, and additionally a
  named statement ``<.../id/relation/{sha1 of the edge key}>`` (``a rdf:Statement,
  fkg:Relation`` with ``rdf:subject``/``rdf:predicate``/``rdf:object``) that carries
  the edge's ``fkg:confidence``, ``fkg:evidenceCount`` and dates;
- each evidence is a named resource ``<.../id/evidence/{evidence id}>`` (``a
  fkg:Evidence, rdf:Statement``) with the same ``rdf:subject``/``rdf:predicate``/
  ``rdf:object``, ``fkg:supports`` the relation statement, ``fkg:sentence``,
  ``fkg:startOffset``, ``fkg:endOffset``, ``fkg:confidence``,
  ``fkg:extractorVersion`` and ``prov:wasDerivedFrom`` the article;
- an article is ``<.../id/article/{id}>`` (``a fkg:Article``) with
  ``dcterms:identifier``, ``dcterms:title``, ``dcterms:issued`` (publication date),
  ``dcterms:source`` (the outlet), ``schema:url``, ``fkg:contentHash``,
  ``fkg:ingestedAt`` and ``schema:mentions`` for each entity it mentions.

The export's own terms (``fkg:Evidence``, ``fkg:sentence`` ...) are declared at the
top of every output as ``rdfs:Class``/``rdf:Property`` with a comment and range.

Named resources were chosen over RDF-star because every mainstream RDF tool
(rdflib included) reads them, and evidence has an identity of its own (the store's
deterministic evidence id), so the IRIs are stable between exports.

Streaming: each store batch becomes one small rdflib ``Graph`` that is serialized
and dropped before the next batch is read, so memory is bounded by ``batch_size``.
N-Triples is line based; Turtle writes each prefix once and then one block per
batch (a subject may appear in several blocks, which Turtle allows); JSON-LD
writes one ``{"@context": ..., "@graph": [...]}`` document whose ``@graph`` array
is filled batch by batch (node objects with the same ``@id`` merge when read).

Example:
    >>> from graph.rdf_export import entity_iri
    >>> str(entity_iri("organization:zhipu-ai"))
    'https://frontierkg.dev/id/entity/organization:zhipu-ai'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TextIO
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD

from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityRecord,
    EvidenceRecord,
    Mention,
    RelationRecord,
)
from graph.store import GraphStore
from schema import ontology
from schema.vocabulary import FKG

ID_BASE = "https://frontierkg.dev/id/"
ENTITY = Namespace(f"{ID_BASE}entity/")
ARTICLE = Namespace(f"{ID_BASE}article/")
RELATION = Namespace(f"{ID_BASE}relation/")
EVIDENCE = Namespace(f"{ID_BASE}evidence/")

PREFIXES: dict[str, Namespace] = {
    "fkg": FKG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "schema": Namespace(str(SDO)),
    "xsd": Namespace(str(XSD)),
}
"""Prefixes of every output; JSON-LD's ``@context`` is built from them."""

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class RdfFormat(StrEnum):
    """Serializations ``frontierkg export rdf --format`` accepts."""

    TURTLE = "turtle"
    JSON_LD = "json-ld"
    NT = "nt"

    @property
    def suffix(self) -> str:
        return {"turtle": ".ttl", "json-ld": ".jsonld", "nt": ".nt"}[self.value]


# ---------------------------------------------------------------- IRIs


def _local(identifier: str) -> str:
    # Ids are slugs ("organization:zhipu-ai") in practice; anything else is escaped.
    return quote(identifier, safe=":-._~")


def entity_iri(entity_id: str) -> URIRef:
    """Stable IRI of an entity, derived from its id."""
    return ENTITY[_local(entity_id)]


def article_iri(article_id: str) -> URIRef:
    """Stable IRI of an article, derived from its id."""
    return ARTICLE[_local(article_id)]


def relation_iri(edge: EdgeKey) -> URIRef:
    """Stable IRI of the statement describing one edge (hash of its canonical key)."""
    return RELATION[hashlib.sha1(edge.canonical().key.encode("utf-8")).hexdigest()]


def evidence_iri(edge: EdgeKey, evidence: EvidenceRecord) -> URIRef:
    """Stable IRI of one evidence: the store's deterministic evidence id."""
    return EVIDENCE[evidence.evidence_id(edge)]


# ---------------------------------------------------------------- triples per record


def _date(value: object) -> Literal:
    return Literal(value, datatype=XSD.date)


def _seen_window(iri: URIRef, first_seen: object, last_seen: object) -> Iterator[Triple]:
    """``fkg:firstSeen``/``fkg:lastSeen`` of an entity or relation, when known."""
    if first_seen is not None:
        yield iri, FKG.firstSeen, _date(first_seen)
    if last_seen is not None:
        yield iri, FKG.lastSeen, _date(last_seen)


def entity_triples(entity: EntityRecord) -> Iterator[Triple]:
    """Type, label, aliases and mention statistics of one entity."""
    iri = entity_iri(entity.id)
    yield iri, RDF.type, ontology().class_iri(entity.type)
    yield iri, RDFS.label, Literal(entity.name)
    yield iri, DCTERMS.identifier, Literal(entity.id)
    for alias in sorted(entity.aliases):
        yield iri, SKOS.altLabel, Literal(alias)
    yield iri, FKG.mentionCount, Literal(entity.mention_count)
    yield from _seen_window(iri, entity.first_seen, entity.last_seen)


def _statement(iri: URIRef, edge: EdgeKey) -> Iterator[Triple]:
    yield iri, RDF.type, RDF.Statement
    yield iri, RDF.subject, entity_iri(edge.subject_id)
    yield iri, RDF.predicate, ontology().predicate_iri(edge.predicate)
    yield iri, RDF.object, entity_iri(edge.object_id)


def relation_triples(relation: RelationRecord) -> Iterator[Triple]:
    """The direct triple plus the relation statement with the edge's statistics."""
    edge = relation.edge
    yield (
        entity_iri(edge.subject_id),
        ontology().predicate_iri(edge.predicate),
        entity_iri(edge.object_id),
    )
    iri = relation_iri(edge)
    yield iri, RDF.type, FKG.Relation
    yield from _statement(iri, edge)
    yield iri, FKG.confidence, Literal(relation.confidence)
    yield iri, FKG.evidenceCount, Literal(relation.evidence_count)
    yield from _seen_window(iri, relation.first_seen, relation.last_seen)


def evidence_triples(edge: EdgeKey, evidence: EvidenceRecord) -> Iterator[Triple]:
    """One evidence resource: the edge it supports, its sentence, offsets and article."""
    iri = evidence_iri(edge, evidence)
    yield iri, RDF.type, FKG.Evidence
    yield from _statement(iri, edge)
    yield iri, FKG.supports, relation_iri(edge)
    yield iri, FKG.sentence, Literal(evidence.sentence)
    yield iri, FKG.startOffset, Literal(evidence.start)
    yield iri, FKG.endOffset, Literal(evidence.end)
    yield iri, FKG.confidence, Literal(evidence.confidence)
    yield iri, FKG.extractorVersion, Literal(evidence.extractor_version)
    yield iri, PROV.wasDerivedFrom, article_iri(evidence.article_id)


def article_triples(article: ArticleRecord) -> Iterator[Triple]:
    """An article with its ``dcterms`` metadata."""
    iri = article_iri(article.id)
    yield iri, RDF.type, FKG.Article
    yield iri, DCTERMS.identifier, Literal(article.id)
    if article.title:
        yield iri, DCTERMS.title, Literal(article.title)
    if article.published is not None:
        yield iri, DCTERMS.issued, _date(article.published)
    if article.source:
        yield iri, DCTERMS.source, Literal(article.source)
    if article.url:
        yield iri, SDO.url, URIRef(article.url)
    yield iri, FKG.contentHash, Literal(article.content_hash)
    yield iri, FKG.ingestedAt, Literal(article.ingested_at, datatype=XSD.dateTime)


_EXPORT_CLASSES: dict[str, str] = {
    "Article": "A news article the graph was extracted from.",
    "Relation": "One edge of the graph (subject, predicate, object) with its statistics.",
    "Evidence": "One sentence of one article supporting one edge.",
}
_EXPORT_PROPERTIES: dict[str, tuple[str, URIRef | None]] = {
    "supports": ("The relation an evidence supports.", None),
    "sentence": ("The evidence sentence, verbatim.", XSD.string),
    "startOffset": ("Character offset of the sentence start in the article.", XSD.integer),
    "endOffset": ("Character offset just past the sentence end in the article.", XSD.integer),
    "confidence": ("Extractor confidence (evidence) or noisy-or of it (relation).", XSD.double),
    "extractorVersion": ("Version of the extractor that produced the evidence.", XSD.string),
    "evidenceCount": ("Number of evidence resources of a relation.", XSD.integer),
    "mentionCount": ("Number of articles mentioning an entity.", XSD.integer),
    "firstSeen": ("Earliest article date of an entity or relation.", XSD.date),
    "lastSeen": ("Latest article date of an entity or relation.", XSD.date),
    "contentHash": ("Hash of the article text when it was ingested.", XSD.string),
    "ingestedAt": ("When the article was ingested (UTC).", XSD.dateTime),
}


def vocabulary_triples() -> Iterator[Triple]:
    """Declarations of the export's own ``fkg:`` terms, so the output describes itself.

    They are ``rdfs:Class``/``rdf:Property`` (not OWL entity classes or object
    properties), so they do not extend the ontology's entity types or predicates.
    """
    for name, comment in _EXPORT_CLASSES.items():
        yield FKG[name], RDF.type, RDFS.Class
        yield FKG[name], RDFS.label, Literal(name)
        yield FKG[name], RDFS.comment, Literal(comment)
    for name, (comment, datatype) in _EXPORT_PROPERTIES.items():
        yield FKG[name], RDF.type, RDF.Property
        yield FKG[name], RDFS.label, Literal(name)
        yield FKG[name], RDFS.comment, Literal(comment)
        if datatype is not None:
            yield FKG[name], RDFS.range, datatype


def mention_triples(mention: Mention) -> Iterator[Triple]:
    """``article schema:mentions entity`` (the per-article count stays in the JSON dump)."""
    yield article_iri(mention.article_id), SDO.mentions, entity_iri(mention.entity_id)


# ---------------------------------------------------------------- writers


class BatchWriter(Protocol):
    """Writes one serialization incrementally: ``begin``, ``write`` per batch, ``end``."""

    def begin(self) -> None: ...

    def write(self, graph: Graph) -> None: ...

    def end(self) -> None: ...


class NTriplesWriter:
    """N-Triples: each batch's lines appended; no header, nothing kept."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def begin(self) -> None:
        return None

    def write(self, graph: Graph) -> None:
        self._out.write(graph.serialize(format="nt"))

    def end(self) -> None:
        return None


class TurtleWriter:
    """Turtle: the shared prefixes once, then each batch serialized without them."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._declared: dict[str, str] = {}

    def begin(self) -> None:
        for prefix, namespace in PREFIXES.items():
            self._declare(f"@prefix {prefix}: <{namespace}> .")
        self._out.write("\n")

    def _declare(self, line: str) -> None:
        prefix = line.split()[1]
        if self._declared.get(prefix) != line:
            self._declared[prefix] = line
            self._out.write(line + "\n")

    def write(self, graph: Graph) -> None:
        lines = graph.serialize(format="turtle").splitlines()
        # rdflib writes its @prefix lines first: only that leading block is prefixes
        # (a multi-line literal further down may contain any text). Known prefixes are
        # dropped; one rdflib invented is kept (Turtle allows @prefix before its use).
        start = 0
        while start < len(lines) and lines[start].startswith("@prefix "):
            self._declare(lines[start])
            start += 1
        text = "\n".join(lines[start:]).strip("\n")
        if text:
            self._out.write(text + "\n\n")

    def end(self) -> None:
        return None


class JsonLdWriter:
    """JSON-LD: one document, its ``@graph`` array written batch by batch."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        self._first = True

    def begin(self) -> None:
        self._out.write('{\n"@context": ' + json.dumps(self._context, sort_keys=True))
        self._out.write(',\n"@graph": [\n')

    def write(self, graph: Graph) -> None:
        document = json.loads(graph.serialize(format="json-ld", context=self._context))
        nodes: list[dict[str, Any]]
        if isinstance(document, list):
            nodes = document
        elif "@graph" in document:
            nodes = document["@graph"]
        else:
            document.pop("@context", None)
            nodes = [document] if document else []
        for node in sorted(nodes, key=lambda n: str(n.get("@id", ""))):
            self._out.write(("" if self._first else ",\n") + json.dumps(node, sort_keys=True))
            self._first = False

    def end(self) -> None:
        self._out.write("\n]\n}\n")


def writer_for(fmt: RdfFormat, out: TextIO) -> BatchWriter:
    """The streaming writer of ``fmt``."""
    if fmt is RdfFormat.NT:
        return NTriplesWriter(out)
    if fmt is RdfFormat.TURTLE:
        return TurtleWriter(out)
    return JsonLdWriter(out)


# ---------------------------------------------------------------- export


@dataclass
class RdfExportSummary:
    """Records and triples written by ``export_rdf``."""

    articles: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    evidence: int = 0
    triples: int = 0
    batches: int = 0


def _batch_graph(triples: Iterable[Triple]) -> Graph:
    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


def export_rdf(
    store: GraphStore, out: TextIO, fmt: RdfFormat = RdfFormat.TURTLE, batch_size: int = 1000
) -> RdfExportSummary:
    """Stream the whole graph of ``store`` to ``out`` as ``fmt``, one store batch at a time."""
    writer = writer_for(fmt, out)
    summary = RdfExportSummary()

    def emit(records: Sequence[Any], triples: Iterable[Triple]) -> int:
        graph = _batch_graph(triples)
        writer.write(graph)
        summary.triples += len(graph)
        summary.batches += 1
        return len(records)

    writer.begin()
    emit((), vocabulary_triples())
    for articles in store.iter_articles(batch_size):
        summary.articles += emit(articles, (t for a in articles for t in article_triples(a)))
    for entities in store.iter_entities(batch_size):
        summary.entities += emit(entities, (t for e in entities for t in entity_triples(e)))
    for relations in store.iter_relations(batch_size):
        summary.relations += emit(relations, (t for r in relations for t in relation_triples(r)))
    for pairs in store.iter_evidence(batch_size):
        summary.evidence += emit(pairs, (t for e, v in pairs for t in evidence_triples(e, v)))
    for mentions in store.iter_mentions(batch_size):
        summary.mentions += emit(mentions, (t for m in mentions for t in mention_triples(m)))
    writer.end()
    return summary


__all__ = [
    "ARTICLE",
    "ENTITY",
    "EVIDENCE",
    "ID_BASE",
    "PREFIXES",
    "RELATION",
    "BatchWriter",
    "JsonLdWriter",
    "NTriplesWriter",
    "RdfExportSummary",
    "RdfFormat",
    "TurtleWriter",
    "article_iri",
    "article_triples",
    "entity_iri",
    "entity_triples",
    "evidence_iri",
    "evidence_triples",
    "export_rdf",
    "mention_triples",
    "relation_iri",
    "relation_triples",
    "vocabulary_triples",
    "writer_for",
]
