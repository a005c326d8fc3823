"""The generic ``AI chips`` entity and chip names followed by a generic chip word.

GUIDELINES: generic references to advanced or AI chips ("advanced chips", "AI accelerators",
"advanced AI chips", "AI processors") are the single ``Chip`` entity ``AI chips``; a named
chip followed by a chip word ("Blackwell AI chips", "H20 chips") is that chip.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ingest.entities.knowledge import KnowledgeBase
from ingest.entities.type_rules import GENERIC_TERMS
from schema import EntityType

GENERIC_CHIP_NAME = "AI chips"
CHIP_HEADS = frozenset(
    {"chip", "chips", "accelerator", "accelerators", "processor", "processors", "gpu", "gpus",
     "superchip", "superchips", "semiconductors", "semiconductor"}
)  # fmt: skip
_SINGULAR_HEADS = frozenset({"chip", "accelerator", "processor", "gpu", "superchip"})
_GENERIC_HEADS = frozenset(
    {"chip", "chips", "accelerator", "accelerators", "processor", "processors", "gpu", "gpus"}
)
_MODIFIERS = frozenset(
    {"advanced", "ai", "artificial", "intelligence", "high", "performance", "end", "powered",
     "-", "cutting", "edge", "leading", "most", "powerful", "computing", "semiconductor", "(",
     ")", "sophisticated", "top", "frontier", "graphics", "processing"}
)  # fmt: skip
_STRONG_MODIFIERS = frozenset(
    {"advanced", "ai", "intelligence", "performance", "end", "powered", "powerful",
     "sophisticated", "frontier"}
)  # fmt: skip


def modifies_noun(head: Token) -> bool:
    """``"chip samples"``, ``"AI chip sales"``: the chip word modifies the next noun."""
    doc = head.doc
    nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
    if head.dep_ == "compound" or (nxt is not None and nxt.pos_ in {"NOUN", "PROPN"}):
        return True
    # a singular head before a word tagged verb/adjective is usually a compound too
    return (
        head.lower_ in _SINGULAR_HEADS
        and nxt is not None
        and nxt.is_alpha
        and nxt.pos_ in {"NOUN", "VERB", "ADJ"}
    )


def product_name_before(doc: Doc, start: int, taken: set[int], kb: KnowledgeBase) -> Span | None:
    """Unknown proper name right before a generic chip phrase ("Blackwell AI chips")."""
    named = start
    while (
        named > 0
        and doc[named - 1].pos_ == "PROPN"
        and named - 1 not in taken
        and (doc[named - 1].is_title or any(c.isdigit() for c in doc[named - 1].text))
    ):
        named -= 1
    if named == start or kb.lookup(doc[named:start].text) is not None:
        return None
    return doc[named:start]


_OWNER_DETERMINERS = frozenset({"the", "its", "their"})
_PRODUCT_MODIFIERS = frozenset({"inference", "training", "flagship"})


def _code_name_before(doc: Doc, head: Token, taken: set[int], kb: KnowledgeBase) -> Span | None:
    """``"the ATOM inference chip"``: an unknown all-capitals name between "the"/"its" and a
    singular chip word (one product modifier allowed between)."""
    if head.lower_ not in _SINGULAR_HEADS:
        return None
    at = head.i - 1
    if at > 0 and doc[at].lower_ in _PRODUCT_MODIFIERS:
        at -= 1
    if at < 1 or at in taken or doc[at - 1].lower_ not in _OWNER_DETERMINERS:
        return None
    token = doc[at]
    if not (token.is_upper and token.is_alpha and len(token) >= 3) or kb.lookup(token.text):
        return None
    if token.lower_ in GENERIC_TERMS:
        return None  # "the CEO chip"
    return doc[at : at + 1]


def with_generic_chips(doc: Doc, spans: list[Span], kb: KnowledgeBase) -> list[Span]:
    """``spans`` with named chips extended over a trailing chip word and ``AI chips`` added.

    Knowledge-base matches of ``AI chips`` that only modify a noun ("advanced chip
    samples") are dropped; one preceded by an unknown product name becomes that chip.
    """
    chip = EntityType.CHIP.value
    by_end = {s.end: s for s in spans}
    taken = {i for s in spans for i in range(s.start, s.end)}
    replaced: dict[int, Span] = {}
    generic: list[Span] = []
    for head in doc:
        if head.lower_ not in CHIP_HEADS or head.i in taken or modifies_noun(head):
            continue
        start = head.i
        while start > 0 and doc[start - 1].lower_ in _MODIFIERS and start - 1 not in taken:
            start -= 1
        while start < head.i and doc[start].text in {"-", "(", ")"}:
            start += 1
        before = by_end.get(start)
        if before is not None and before.label_ == chip:
            replaced[before.start] = Span(
                doc, before.start, head.i + 1, label=chip, kb_id=before.kb_id_
            )
            continue
        if head.lower_ not in _GENERIC_HEADS:
            continue
        named = product_name_before(doc, start, taken, kb) or _code_name_before(
            doc, head, taken, kb
        )
        if named is not None:
            generic.append(Span(doc, named.start, head.i + 1, label=chip, kb_id=named.text))
            continue
        if not {t.lower_ for t in doc[start : head.i]} & _STRONG_MODIFIERS:
            continue
        generic.append(Span(doc, start, head.i + 1, label=chip, kb_id=GENERIC_CHIP_NAME))
    merged = [
        replaced.get(s.start, s)
        for s in spans
        if s.kb_id_ != GENERIC_CHIP_NAME or not modifies_noun(s[-1])
    ]
    for index, span in enumerate(merged):
        if span.kb_id_ == GENERIC_CHIP_NAME:
            named = product_name_before(doc, span.start, taken, kb)
            if named is not None:
                merged[index] = Span(doc, named.start, span.end, label=chip, kb_id=named.text)
    return filter_spans([*merged, *generic])


__all__ = ["CHIP_HEADS", "GENERIC_CHIP_NAME", "modifies_noun", "product_name_before",
           "with_generic_chips"]  # fmt: skip
