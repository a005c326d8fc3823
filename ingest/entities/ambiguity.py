"""Knowledge-base matches that context shows to name something else.

A phrase match is exact about the string, not about what the string refers to:
- ``"Jordan Schneider"``, ``"Chad Rigetti"``: a country (or capital) that opens or closes a
  person's name, as the statistical NER's longer ``PERSON`` span or a following surname shows;
- ``"Frank Huang"``: a known person's surname alias inside another person's full name;
- ``"Atlanta, Georgia"``, ``"Georgia, U.S."``, ``"Washington state"``: a US state, not the
  country or the US capital;
- a bare surname alias shared by another person of the article: which one is meant is
  unknown, so it is left unlinked rather than linked wrongly.

``reinterpret`` returns the rule spans to keep, the ``PERSON`` spans to add and the token
offsets whose statistical entities must go too.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ingest.entities.knowledge import KnowledgeBase
from schema import EntityType

US_STATES = frozenset(
    {"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
     "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
     "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
     "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
     "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
     "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
     "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
     "Wisconsin", "Wyoming"}
)  # fmt: skip
_US_FORMS = frozenset({"U.S.", "US", "USA", "U.S.A.", "United States", "America"})
_STATE_WORDS = frozenset({"state", "governor", "gov.", "legislature", "senator"})
_NOT_GIVEN_NAME_PARTS = frozenset(
    {"president", "minister", "secretary", "ceo", "chairman", "prime", "premier", "king",
     "prince", "general", "ambassador", "governor", "senator", "foreign", "trade", "state"}
)  # fmt: skip
_COUNTRY = EntityType.COUNTRY.value
_PERSON = EntityType.PERSON.value


def _name_token(token: Token) -> bool:
    return token.is_alpha and token.is_title and token.lower_ not in _NOT_GIVEN_NAME_PARTS


def _inside_person(span: Span, ner: list[Span], kb: KnowledgeBase) -> Span | None:
    """The longer statistical ``PERSON`` span around ``span`` whose other tokens are names."""
    for ent in ner:
        if ent.label_ != "PERSON" or ent.start > span.start or ent.end < span.end:
            continue
        if len(ent) == len(span) or len(ent) > 4 or kb.lookup(ent.text) is not None:
            continue
        rest = [t for t in ent if not span.start <= t.i < span.end]
        if all(_name_token(t) and kb.lookup(t.text) is None for t in rest):
            return ent
    return None


def _surname_after(span: Span, ner: list[Span], kb: KnowledgeBase, words: frozenset[str]) -> int:
    """End of ``"Israel Ruiz"``: a one-token place followed by an unknown, non-dictionary
    capitalised name that no other entity claims (0 when there is none)."""
    doc = span.doc
    if len(span) != 1 or span.end >= len(doc):
        return 0
    nxt = doc[span.end]
    if not _name_token(nxt) or nxt.pos_ != "PROPN" or kb.lookup(nxt.text) is not None:
        return 0
    if nxt.lower_ in words or any(e.start <= nxt.i < e.end and e.label_ != "PERSON" for e in ner):
        return 0
    if span.end + 1 < len(doc) and doc[span.end + 1].pos_ == "PROPN":
        return 0  # "Israel Aerospace Industries": a longer name of something else
    return span.end + 1


def us_state_reading(span: Span, kb: KnowledgeBase) -> bool:
    """``"Atlanta, Georgia"``, ``"Georgia, U.S."``, ``"Washington state"``: a US state."""
    if span.text not in US_STATES:
        return False
    doc = span.doc
    after = doc[span.end : span.end + 3]
    if len(after) >= 1 and after[0].lower_ in _STATE_WORDS:
        return True
    if len(after) >= 2 and after[0].text == "," and after[1].text in _US_FORMS:
        return True
    if span.start >= 2 and doc[span.start - 1].lower_ == "of":
        if doc[span.start - 2].lower_ in {"state", "states"}:
            return True
    if span.start >= 2 and doc[span.start - 1].text == ",":
        city = doc[span.start - 2]
        place = city.ent_type_ in {"GPE", "LOC", "FAC"}  # "In April, Washington ...": no
        return place and city.is_title and kb.lookup(city.text) is None
    return False


def reinterpret(
    doc: Doc, spans: list[Span], kb: KnowledgeBase, words: frozenset[str] = frozenset()
) -> tuple[list[Span], list[Span], set[int]]:
    """Rule spans to keep, ``PERSON`` spans to add, token offsets to clear of entities."""
    ner = list(doc.ents)
    kept: list[Span] = []
    people: list[Span] = []
    cleared: set[int] = set()
    for span in spans:
        if span.label_ in {_COUNTRY, _PERSON} and len(span) == 1:
            entry = kb.entry(span.kb_id_)
            full_form = entry is not None and span.text.casefold() == entry.name.casefold()
            if span.label_ == _PERSON and full_form:
                kept.append(span)
                continue
            if _inside_person(span, ner, kb) is not None:
                continue  # the statistical PERSON span stays
            if span.label_ == _COUNTRY and (end := _surname_after(span, ner, kb, words)):
                people.append(Span(doc, span.start, end, label="PERSON"))
                cleared.update(range(span.start, end))
                continue
        if span.label_ == _COUNTRY and us_state_reading(span, kb):
            cleared.update(range(span.start, span.end))
            continue
        kept.append(span)
    return _without_shared_surnames(kept, ner, kb, cleared), people, cleared


def _without_shared_surnames(
    spans: list[Span], ner: list[Span], kb: KnowledgeBase, cleared: set[int]
) -> list[Span]:
    """Drop a bare surname alias when another person of the article has that surname."""
    others = {
        ent[-1].text
        for ent in ner
        if ent.label_ == "PERSON" and len(ent) > 1 and kb.lookup(ent.text) is None
    }
    kept = []
    for span in spans:
        if span.label_ == _PERSON and len(span) == 1 and span.text in others:
            entry = kb.entry(span.kb_id_)
            if entry is not None and span.text != entry.name:
                cleared.update(range(span.start, span.end))
                continue
        kept.append(span)
    return kept


__all__ = ["US_STATES", "reinterpret", "us_state_reading"]
