"""The ``Doc`` extensions survive the msgpack round trip of multi-process ``nlp.pipe``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ingest.models import RelationMention
from schema import EntityType, Predicate

_TEXTS = [
    "The Commerce Department added Zhipu to the Entity List.",
    "Nvidia CEO Jensen Huang said Alibaba uses the H20.",
]


def _triples(doc: Doc) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate.value, r.object) for r in doc._.relations}


def test_pipe_with_two_processes_keeps_the_relations(bundled_nlp: Language) -> None:
    single = [_triples(doc) for doc in bundled_nlp.pipe(_TEXTS)]
    multi_docs = list(bundled_nlp.pipe(_TEXTS, n_process=2))
    assert [_triples(doc) for doc in multi_docs] == single
    assert ("Entity List", "RESTRICTS", "Zhipu AI") in single[0]
    assert all(isinstance(r, RelationMention) for d in multi_docs for r in d._.relations)


def test_relations_round_trip_through_doc_bytes(bundled_nlp: Language) -> None:
    doc = bundled_nlp.make_doc("Nvidia supplies Alibaba.")
    mention = RelationMention(
        subject="Nvidia",
        subject_type=EntityType.ORGANIZATION,
        predicate=Predicate.SUPPLIES,
        object="Alibaba Group",
        object_type=EntityType.ORGANIZATION,
        confidence=0.8,
        sentence_start=0,
        sentence_end=24,
    )
    doc._.relations = [mention]
    restored = Doc(bundled_nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.relations == [mention]
