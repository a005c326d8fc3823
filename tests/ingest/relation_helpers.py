"""Helpers for relation-extractor tests on hand-tagged sentences (no entity stage)."""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

import ingest.relations  # noqa: F401  (registers the factory)
from frontierkg.settings import get_settings
from ingest.doc_extensions import ensure_extensions
from ingest.relations import FACTORY_NAME

Triple = tuple[str, str, str]
Entity = tuple[str, str] | tuple[str, str, str]  # (surface, label[, canonical])

__all__ = ["Entity", "Triple", "relation_nlp", "tagged", "triples"]


def relation_nlp() -> Language:
    """The configured spaCy model without NER, plus the relation extractor."""
    ensure_extensions()
    pipeline = spacy.load(get_settings().spacy_model, exclude=["ner"])
    pipeline.add_pipe(FACTORY_NAME)
    return pipeline


def tagged(nlp: Language, text: str, entities: list[Entity]) -> Doc:
    """Parse ``text``, tag every whole-word occurrence of each entity surface form and run
    the relation extractor."""
    with nlp.select_pipes(disable=[FACTORY_NAME]):
        doc = nlp(text)
    spans: list[Span] = []
    canonical: dict[tuple[int, int], str] = {}
    for entity in entities:
        surface, label = entity[0], entity[1]
        name = entity[2] if len(entity) == 3 else surface
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
            assert span is not None
            spans.append(span)
            canonical[(span.start, span.end)] = name
    doc.ents = filter_spans(spans)
    for ent in doc.ents:
        ent._.canonical = canonical[(ent.start, ent.end)]
    return nlp.get_pipe(FACTORY_NAME)(doc)


def triples(nlp: Language, text: str, entities: list[Entity]) -> set[Triple]:
    doc = tagged(nlp, text, entities)
    return {(r.subject, r.predicate.value, r.object) for r in doc._.relations}
