"""Entity phrases found by rule in running text, each a function ``(doc, kb, ...) -> spans``.

- ``administration_spans``: ``"the Biden administration"`` -> Person + GovernmentBody;
- ``policy_spans``: capitalised names ending in Act, Law, Rule, List, Plan...;
- ``benchmark_spans``: a product-style name before "benchmark"/"test"/"leaderboard";
- ``secretary_spans``: ``"Commerce Secretary X"`` names the department X heads.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ingest.doc_extensions import mark_person
from ingest.entities.knowledge import KnowledgeBase
from schema import EntityType

_ADMINISTRATION = re.compile(
    r"\b(?P<who>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?P<word>[Aa]dministration)\b(?!\s+(?:of|for)\b)"
)
_ADMINISTRATION_OF = re.compile(
    r"\badministration\s+of\s+(?:(?:US|U\.S\.|former|then)\s+)*(?:President\s+)?"
    r"(?:[A-Z][a-z]+\s+)?(?P<who>[A-Z][a-z]+)\b"
)
_NOT_A_NAME = frozenset({"The", "This", "That", "An", "A", "New", "Current", "Previous"})
_POLICY_NAME = re.compile(
    r"(?<![\w\-'\u2019])(?:[A-Z][A-Za-z0-9&.\-]*\s+(?:(?:and|of|for|on|to|in|the|&)\s+)?){1,7}"
    r"(?:Act|Law|Rule|Rules|Regulation|Regulations|Directive|Order|Plan|Initiative|"
    r"Framework|Treaty|Accord|Agreement|Pact|Bill|Mission|Programme|Program|List|Guidelines|"
    r"Measures|Code of Practice)\b"
)
_POLICY_LEADING = frozenset(
    {"the", "a", "an", "under", "in", "on", "this", "that", "its", "their", "his", "her",
     "new", "and", "by", "with", "from", "to", "for", "as", "after", "before", "since"}
)  # fmt: skip
_BODY_NAME = re.compile(
    r"(?:\b(?:(?:[A-Z]\.){2,}|[A-Z][\w&\-]*)[ \t]+){0,3}"
    r"\b(?:Department|Ministry|Bureau|Commission|Agency|Administration|Office|Council)"
    r"[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?"
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b)"
    r"[A-Z][\w\-]*(?:[ \t]+[A-Z][\w\-]*)*"
    r"(?:(?:,[ \t]+[A-Z][\w\-]*)*,?[ \t]+(?:and|&)[ \t]+[A-Z][\w\-]*(?:[ \t]+[A-Z][\w\-]*)*)?"
)
_BODY_WORDS = frozenset(
    {"department", "ministry", "bureau", "commission", "agency", "administration", "office",
     "council"}
)  # fmt: skip
_BENCHMARK_HEADS = frozenset({"benchmark", "benchmarks", "leaderboard", "test", "eval", "evals"})
POSSESSIVE = frozenset({"'s", "\u2019s"})


def name_like(token: Token) -> bool:
    """The token has a capital or a digit (``BrowseComp``, ``MATH-500``, ``G42``)."""
    return any(c.isupper() or c.isdigit() for c in token.text)


def _name_part(token: Token) -> bool:
    """A token of a product-style name: ``MATH-500``, ``Seal-0``, ``Humanity's Last Exam``."""
    if token.text == "-" and not token.whitespace_:
        return True
    if token.text in POSSESSIVE and token.i > 0 and name_like(token.doc[token.i - 1]):
        return True
    return token.pos_ in {"PROPN", "NUM", "X", "NOUN"} and name_like(token)


def _is_person(kb: KnowledgeBase, surname: str) -> bool:
    entry = kb.lookup(surname)
    return entry is not None and entry.type is EntityType.PERSON


def administration_spans(doc: Doc, kb: KnowledgeBase, text: str | None = None) -> list[Span]:
    """``"the Biden administration"`` -> Person ``Biden`` + GovernmentBody ``administration``.

    The government span keeps the whole phrase in ``span._.surface`` and the canonical
    ``"Biden administration"``; the person is resolved like any other mention.
    """
    spans: list[Span] = []
    label = EntityType.GOVERNMENT_BODY.value
    text = doc.text if text is None else text  # ``doc.text`` joins all tokens: pass it in
    for match in _ADMINISTRATION.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        who = match.group("who")
        if span is None or len(span) < 2 or who in _NOT_A_NAME:
            continue
        surname = who.split("-")[0]
        known = kb.lookup(surname)
        person_like = (
            span[0].ent_type_ == "PERSON"
            or _is_person(kb, surname)
            or (
                match.group("word")[0] == "a" and known is None
            )  # "the Biden-Harris administration"
        )
        if match.group("word")[0] == "A" and not person_like:
            continue  # "Cyberspace Administration": a named agency, not a government in office
        gov = Span(doc, span.end - 1, span.end, label=label, kb_id=f"{surname} administration")
        gov._.surface = span.text
        spans.append(gov)
        if person_like:
            entry = kb.lookup(surname)
            person = EntityType.PERSON.value
            kb_id = entry.name if entry is not None else ""
            person_span = Span(doc, span.start, span.start + 1, label=person, kb_id=kb_id)
            mark_person(person_span)
            spans.append(person_span)
    for match in _ADMINISTRATION_OF.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        who = match.group("who")
        if span is None or not (span[-1].ent_type_ == "PERSON" or _is_person(kb, who)):
            continue
        gov = Span(doc, span.start, span.start + 1, label=label, kb_id=f"{who} administration")
        gov._.surface = span.text
        spans.append(gov)
    return spans


def policy_spans(doc: Doc, kb: KnowledgeBase, text: str | None = None) -> list[Span]:
    """Capitalised names ending in Act, Law, Rule, List, Plan... are policies.

    Unknown policies get no canonical here, so the resolver joins "Diffusion Rule" to
    "AI Diffusion Rule" like any other short form.
    """
    spans: list[Span] = []
    label = EntityType.POLICY.value
    for match in _POLICY_NAME.finditer(doc.text if text is None else text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if span is None:
            continue
        start = span.start
        for token in span[:-1]:
            if token.text == "-" and token.i + 1 < span.end and doc[token.i + 1].is_lower:
                start = token.i + 2  # "Biden-era AI Diffusion Rule" -> the rule's name
        while start < span.end - 1 and doc[start].lower_ in _POLICY_LEADING:
            start += 1
        if span.end - start < 2:
            continue
        span = doc[start : span.end]
        entry = kb.lookup(span.text)
        canonical = entry.name if entry is not None else ""
        spans.append(Span(doc, span.start, span.end, label=label, kb_id=canonical))
    return spans


def body_spans(doc: Doc, kb: KnowledgeBase, text: str | None = None) -> list[Span]:
    """``"Department of Commerce"``, ``"Cyberspace Administration of China"``: a capitalised
    body word with "of/for/on" and a capitalised name is a government body."""
    spans: list[Span] = []
    label = EntityType.GOVERNMENT_BODY.value
    for match in _BODY_NAME.finditer(doc.text if text is None else text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if span is None:
            continue
        start = span.start
        while (
            start < span.end
            and doc[start].lower_ not in _BODY_WORDS
            and (doc[start].is_sent_start or doc[start].lower_ == "the" or doc[start].is_punct)
        ):
            start += 1  # "The", a capitalised sentence opener: not part of the name
        if span.end - start < 3:
            continue
        span = doc[start : span.end]
        entry = kb.lookup(span.text)
        kb_id = entry.name if entry is not None else ""
        spans.append(Span(doc, span.start, span.end, label=label, kb_id=kb_id))
    return spans


def benchmark_spans(doc: Doc, kb: KnowledgeBase, taken: set[int]) -> list[Span]:
    """``"the BrowseComp benchmark"``, ``"the MATH-500 test"``: name + benchmark word."""
    found: list[Span] = []
    label = EntityType.BENCHMARK.value
    for token in doc:
        if token.lower_ not in _BENCHMARK_HEADS or token.i == 0:
            continue
        if token.lower_ == "test" and token.tag_ == "VB":
            continue  # "the taskforce will test models": a verb, not a benchmark
        end = token.i
        if doc[end - 1].is_lower and doc[end - 1].is_alpha and end >= 2:
            end -= 1  # "Seal-0 research benchmark"
        start = end
        while start > 0 and start - 1 not in taken and _name_part(doc[start - 1]):
            start -= 1
        while start < end and doc[start].text == "-":
            start += 1
        if start == end or not any(c.isupper() for c in doc[start:end].text):
            continue
        entry = kb.lookup(doc[start:end].text)
        kb_id = entry.name if entry is not None else ""
        found.append(Span(doc, start, end, label=label, kb_id=kb_id))
    return found


_NATIONAL_BODIES = frozenset({"cabinet", "parliament", "legislature", "senate"})


def national_body_spans(doc: Doc, kb: KnowledgeBase, spans: list[Span]) -> list[Span]:
    """``"India's cabinet"``, ``"the Dutch parliament"``: a country (name or demonym), an
    optional possessive and a body noun name that country's body (``"Indian cabinet"``)."""
    found: list[Span] = []
    taken = {i for s in spans for i in range(s.start, s.end)}
    for span in spans:
        if span.label_ != EntityType.COUNTRY.value:
            continue
        at = span.end + (1 if span.end < len(doc) and doc[span.end].text in POSSESSIVE else 0)
        if at >= len(doc) or at in taken or doc[at].lower_ not in _NATIONAL_BODIES:
            continue
        entry = kb.entry(span.kb_id_)
        if entry is None:
            continue
        nation = entry.demonyms[0] if entry.demonyms else entry.name
        body = Span(doc, at, at + 1, label=EntityType.GOVERNMENT_BODY.value,
                    kb_id=f"{nation} {doc[at].lower_}")  # fmt: skip
        body._.surface = doc[span.start : at + 1].text
        found.append(body)
    return found


def secretary_spans(doc: Doc, kb: KnowledgeBase, taken: set[int]) -> list[Span]:
    """``"Commerce Secretary Lutnick"`` names the department the secretary heads."""
    found: list[Span] = []
    for token in doc:
        if token.lower_ != "secretary" or token.i == 0:
            continue
        prev = doc[token.i - 1]
        if prev.i in taken or not prev.is_title:
            continue
        entry = kb.lookup(f"{prev.text} Department") or kb.lookup(f"Department of {prev.text}")
        if entry is not None and entry.type is EntityType.GOVERNMENT_BODY:
            found.append(Span(doc, prev.i, prev.i + 1, label=entry.type.value, kb_id=entry.name))
    return found


__all__ = [
    "POSSESSIVE",
    "administration_spans",
    "benchmark_spans",
    "body_spans",
    "name_like",
    "national_body_spans",
    "policy_spans",
    "secretary_spans",
]
