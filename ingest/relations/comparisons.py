"""Comparisons: "pitted R1 against GPT-5", "Gemini 3 vs GPT-5.1" -> COMPETES_WITH.

Read from the surface (the parse of long comparison lists is unreliable): the
mentions between the comparing verb and "against"/"versus" are compared with the
mentions after it, one triple per pair. When an end has no partner of its own type,
the other side's makers stand in ("Google ... with OpenAI's GPT-5.1" -> Google
COMPETES_WITH OpenAI), as the ontology wants both ends of one type.
"""

from __future__ import annotations

from spacy.tokens import Span

from ingest.relations.candidates import CandidateSink
from ingest.relations.mentions import Mention, MentionIndex
from ingest.relations.syntax import clause_subject, is_suppressed
from schema import Predicate

_VERSUS = {"versus", "vs", "vs."}
_CLAUSE_END = {";", ".", "!", "?"}


def _heads(index: MentionIndex, start: int, end: int) -> list[Mention]:
    return [
        m
        for m in index.in_range(start, end)
        if not m.coref and index.modifier_kind(m) not in {"possessive", "nationality"}
    ]


def pair_with_makers(
    index: MentionIndex,
    sink: CandidateSink,
    left: list[Mention],
    right: list[Mention],
    confidence: float,
    sent: Span,
) -> None:
    """``left x right`` COMPETES_WITH; an end with no same-type partner pairs with the
    other side's makers instead."""
    for one in left:
        partners = [m for m in right if m.type is one.type]
        if not partners:
            partners = [
                o for m in right if (o := index.owner_of(m)) is not None and o.type is one.type
            ]
        for other in partners:
            sink.add(one, Predicate.COMPETES_WITH, other, confidence, sent)
    for other in right:
        if any(m.type is other.type for m in left):
            continue
        owners = [o for m in left if (o := index.owner_of(m)) is not None and o.type is other.type]
        for owner in owners:
            sink.add(owner, Predicate.COMPETES_WITH, other, confidence, sent)


_LIKENESS = {"comparable", "similar", "equal", "equivalent", "level"}
_NEARNESS = {"close", "ahead"}
_RESULT_VERBS = {"score", "perform", "come", "rank", "finish", "land", "place"}


def likeness(index: MentionIndex, sink: CandidateSink) -> None:
    """ "X is comparable to Y", "roughly level with Y", "X scored close to / ahead of Y":
    performance likeness is a rivalry.

    "close to" and "ahead of" count only after a result verb ("a plant close to Y" is a
    place, "ahead of the vote" a time)."""
    confidence = index.lexicons.confidence.verb
    for token in index.doc:
        word = token.lower_
        if word not in _LIKENESS and word not in _NEARNESS:
            continue
        verb = token.head
        if word in _NEARNESS and verb.lemma_.lower() not in _RESULT_VERBS:
            continue
        if verb.pos_ not in {"VERB", "AUX"} or is_suppressed(verb, index.lexicons):
            continue
        others = [
            m
            for prep in token.children
            if prep.dep_ == "prep"
            and prep.lower_ in ({"of"} if word == "ahead" else {"to", "with"})
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for m in index.argument_mentions(pobj)
        ]
        subjects = [m for t in clause_subject(verb) for m in index.argument_mentions(t)]
        pair_with_makers(index, sink, subjects, others, confidence, token.sent)


def comparisons(index: MentionIndex, sink: CandidateSink) -> None:
    """Emit COMPETES_WITH for "X against/versus Y" comparisons."""
    lex = index.lexicons
    confidence = lex.confidence.verb
    for sent in index.doc.sents:
        anchor = sent.start
        for token in sent:
            if token.lemma_.lower() in lex.comparison_verbs and token.pos_ == "VERB":
                anchor = token.i + 1
                continue
            versus = token.lower_ in _VERSUS
            against = token.lower_ == "against" and anchor > sent.start
            if not (versus or against) or is_suppressed(token, lex):
                continue
            left_start = anchor if against else max(anchor, token.i - 12)
            end = next((t.i for t in sent if t.i > token.i and t.text in _CLAUSE_END), sent.end)
            left = _heads(index, left_start, token.i)
            right = _heads(index, token.i + 1, end)
            if versus and left and right:
                left, right = left[-1:], right[:1]
                left = index.coordinated(left[0].start, token.i) or left
                right = index.coordinated(right[0].start, end) or right
            pair_with_makers(index, sink, left, right, confidence, sent)


__all__ = ["comparisons", "likeness", "pair_with_makers"]
