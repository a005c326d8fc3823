"""Noun-phrase reading shared by the nominal rules: descriptors, lists, appositions.

A *descriptor* is the run of plain words between a modifier and the entity it
describes ("Chinese [AI start-up] Zhipu", "Nvidia's [most advanced] H20"); lists are
read from the surface so a parse that splits them still yields every conjunct.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ingest.relations.candidates import CandidateSink
from ingest.relations.lexicon import RelationalNoun
from ingest.relations.mentions import Mention, MentionIndex, in_hyphenated_word
from schema import EntityType, Predicate

APPOSITION_MARKS = {",", "—", "–", ":", "-", "("}
INTRODUCERS = APPOSITION_MARKS | {"including", "like", "such", "as", "namely"}
DESCRIPTOR_POS = {"ADJ", "NOUN", "PROPN", "NUM", "ADV", "CCONJ"}
MAX_DESCRIPTOR = 7


def sentence_of(doc: Doc, i: int) -> Span:
    return doc[i].sent


def skip_possessive(doc: Doc, i: int) -> int:
    if i < len(doc) and doc[i].text in {"'s", "’s", "'", "’"}:
        return i + 1
    return i


def descriptor_end(index: MentionIndex, start: int, sent_end: int) -> int:
    """First index at/after ``start`` that is not a plain descriptor word."""
    doc, i = index.doc, start
    while i < sent_end and i - start < MAX_DESCRIPTOR:
        token = doc[i]
        mention = index.at(i)
        if mention is not None:
            if index.modifier_kind(mention) != "nationality":
                break
            i = mention.end  # "in French AI startup Mistral": the demonym describes
            continue
        hyphenated = in_hyphenated_word(doc, i)
        known_noun = token.lower_ in index.lexicons.org_head_nouns  # "startup" tagged VERB
        participle = token.dep_ == "amod" and token.tag_ in {"VBG", "VBN"}  # "leading"
        if token.pos_ not in DESCRIPTOR_POS and not (hyphenated or known_noun or participle):
            if token.lower_ != "based":
                break
        if token.pos_ == "ADV" and token.lower_ not in {"most", "more", "newly", "already"}:
            break
        if token.pos_ == "CCONJ" and not (
            token.lower_ == "and"
            and i + 1 < sent_end
            and doc[i + 1].pos_ in {"ADJ", "NOUN"}
            and index.at(i + 1) is None
        ):
            break  # "cloud computing and big data service provider" is one descriptor
        i += 1
    return i


def mentions_after(index: MentionIndex, start: int, sent: Span) -> list[Mention]:
    """The entities a noun phrase starting at ``start`` names, read from the surface.

    "China's leading chipmaker, SMIC" -> SMIC: determiners, country modifiers and
    descriptor words are skipped, then an apposition after an organisation noun.
    """
    doc, i = index.doc, start
    while i < sent.end and (doc[i].pos_ == "DET" or doc[i].tag_ == "PRP$"):
        i += 1  # "the", "its"
    country = index.at(i) if i < sent.end else None
    if country is not None and country.type is EntityType.COUNTRY:
        if index.modifier_kind(country) is not None:
            i = skip_possessive(doc, country.end)
    end = descriptor_end(index, i, sent.end)
    if end > i and doc[end - 1].lower_ in index.lexicons.org_head_nouns:
        while end < sent.end and doc[end].text in APPOSITION_MARKS:
            end += 1
    first = index.starting_at(end) if end < sent.end else None
    if first is None or first.coref or index.modifier_kind(first) is not None:
        return []
    if first.end < sent.end and doc[first.end].pos_ == "NOUN":
        return []  # "set up by former AMD engineers": the name only modifies the noun
    return index.coordinated(first.start, sent.end)


def appositive_before(index: MentionIndex, start: int, sent_start: int) -> Mention | None:
    """``X`` in "X, a ..." where the noun phrase of interest begins at ``start``."""
    doc = index.doc
    i = start - 1
    while i >= sent_start and doc[i].pos_ == "DET":
        i -= 1
    if i < sent_start or doc[i].text not in {",", "—", "–", "("}:
        return None
    i -= 1
    if i >= sent_start and doc[i].text == ")":  # "X (NIST), part of ..."
        while i >= sent_start and doc[i].text != "(":
            i -= 1
        i -= 1
    return index.at(i) if i >= sent_start else None


class PhraseRules:
    """Base of the nominal rule sets: shared state and phrase helpers."""

    def __init__(self, index: MentionIndex, sink: CandidateSink) -> None:
        self.index = index
        self.doc = index.doc
        self.lex = index.lexicons
        self.sink = sink
        self.conf = index.lexicons.confidence
        self.relational: dict[str, RelationalNoun] = {
            lemma: noun for noun in self.lex.relational_nouns for lemma in noun.lemmas
        }

    def _nationality_predicate(self, mention: Mention) -> Predicate | None:
        if mention.type is EntityType.GOVERNMENT_BODY:
            return Predicate.PART_OF
        if mention.type in {EntityType.ORGANIZATION, EntityType.PERSON}:
            return Predicate.BASED_IN
        return None

    def _list_after(self, i: int, sent: Span) -> list[Mention]:
        """Coordinated mentions from ``i``, stepping over possessors ("Nvidia's Jensen Huang")."""
        index = self.index
        first = index.starting_at(i) if i < sent.end else None
        while first is not None and index.modifier_kind(first) == "possessive":
            after = descriptor_end(index, skip_possessive(self.doc, first.end), sent.end)
            first = index.starting_at(after) if after < sent.end else None
        if first is None or self._modifies_product(first, sent):
            return []
        return index.coordinated(first.start, sent.end, through_possessors=True)

    def _modifies_product(self, mention: Mention, sent: Span) -> bool:
        """The mention names a product's maker ("Nvidia Omniverse Cloud platform")."""
        if mention.type in {EntityType.AI_MODEL, EntityType.CHIP}:
            return False  # "Orion's Vega-3 chips": the product itself
        doc = self.doc
        for i in range(mention.end, min(sent.end, mention.end + 3)):
            if doc[i].pos_ not in {"PROPN", "NOUN"}:
                return False
            if doc[i].lower_ in self.lex.product_head_nouns:
                return True
        return False

    def _surface_after(self, prep: Token) -> list[Mention]:
        """Mentions right after a preposition and its descriptors, when the parse lost them
        ("investor in French artificial intelligence startup Mistral AI")."""
        start, sent_end = prep.i + 1, prep.sent.end
        words = self.doc[start : descriptor_end(self.index, start, sent_end)]
        if any(t.is_title and self.index.at(t.i) is None for t in words):
            return []  # "President of Global Affairs Nick Clegg": a portfolio, then the holder
        return mentions_after(self.index, start, prep.sent)


__all__ = [
    "APPOSITION_MARKS",
    "INTRODUCERS",
    "PhraseRules",
    "appositive_before",
    "descriptor_end",
    "mentions_after",
    "sentence_of",
    "skip_possessive",
]
