"""``frontierkg_entity_ruler``: rule-based entity spans merged over the statistical NER.

Runs after spaCy's ``ner``. It finds, in one pass each:
- knowledge-base names and aliases (``PhraseMatcher``: exact for acronyms and short forms,
  on ``NORM`` otherwise, so ``NVIDIA``/``Nvidia`` and curly/straight apostrophes both match);
- model versions and chip part numbers (regular expressions from ``version_patterns``);
- the phrase rules of ``phrase_rules`` (administrations, policy names, benchmarks,
  "Commerce Secretary") and ``chip_rules`` (the generic ``AI chips`` entity).

Rule spans are then split where a mention also names a leading entity (``[U.S.][Congress]``,
``[NVIDIA][H20]``, ``[Saudi Arabia]'s [PIF]``).

Rule spans win over overlapping NER spans; the span's ``kb_id_`` holds the canonical name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ingest.doc_extensions import ensure_extensions
from ingest.entities.ambiguity import reinterpret
from ingest.entities.chip_rules import GENERIC_CHIP_NAME, with_generic_chips
from ingest.entities.knowledge import KnowledgeBase, knowledge_base
from ingest.entities.names import core_name, strip_legal_suffix
from ingest.entities.phrase_rules import (
    POSSESSIVE,
    administration_spans,
    benchmark_spans,
    body_spans,
    national_body_spans,
    policy_spans,
    secretary_spans,
)
from ingest.entities.product_rules import named_product_spans
from ingest.entities.type_rules import PERSON_TITLES
from schema import EntityType

_SEP = "\x1f"
_COUNTRY = EntityType.COUNTRY.value
_GOVERNMENT = EntityType.GOVERNMENT_BODY.value
_HYPHEN_OK = frozenset({"based", "backed", "led", "owned", "run", "funded", "controlled", "linked"})
_CURRENCY_NEXT = frozenset({"$", "dollar", "dollars", "cents", "treasuries", "treasury"})
_SPLIT_PREFIX_TYPES = {
    EntityType.ORGANIZATION,
    EntityType.COUNTRY,
    EntityType.GOVERNMENT_BODY,
    EntityType.PERSON,
}
_CLAUDE_TIER = re.compile(r"^(?:Opus|Sonnet|Haiku)\s")
_GENERIC_WORDS = frozenset(
    {"ai", "tech", "technology", "government", "officials", "military", "army", "market",
     "markets", "industry", "economy", "firms", "companies", "startups", "state", "media"}
)  # fmt: skip
_NOT_NAME_PARTS = frozenset(
    {"ipo", "ceo", "cfo", "cto", "coo", "shares", "stock", "app", "chatbot", "chips", "gpu",
     "gpus", "api", "sdk", "model", "models", "chief", "president", "founder", "spokesperson"}
)  # fmt: skip


def _in_hyphen_compound(doc: Doc, end: int) -> bool:
    """The match ends in ``X-word`` (no spaces), with ``word`` not "based"/"backed"..."""
    if end + 1 >= len(doc) or doc[end].text != "-" or doc[end - 1].whitespace_:
        return False
    return doc[end + 1].is_lower and doc[end + 1].lower_ not in _HYPHEN_OK


def _owner_before(ent: Span, covered: set[int]) -> Span | None:
    """``"[X]'s Grok chatbot"``: the owner before a possessive, when a rule took the rest."""
    for token in ent:
        if token.i in covered:
            return None
        if token.text in POSSESSIVE and token.i > ent.start:
            label = "ORG" if ent.label_ == "PERSON" and token.i - ent.start == 1 else ent.label_
            return Span(ent.doc, ent.start, token.i, label=label)
    return None


_ORG_LEAD_NOUNS = frozenset({"subsidiary", "affiliate", "start-up", "startup", "spin-off"})


def _after_org_nouns(doc: Doc, taken: set[int]) -> list[Span]:
    """``"G42's subsidiary Inception"``: capitalised names the NER missed right after a
    noun that makes them organisations (statistical ``ORG`` spans, typed later)."""
    found: list[Span] = []
    for token in doc[:-1]:
        if token.lower_ not in _ORG_LEAD_NOUNS:
            continue
        end = token.i + 1
        while (
            end < len(doc)
            and end not in taken
            and doc[end].pos_ == "PROPN"
            and (doc[end].is_title or doc[end].is_upper)
        ):
            end += 1
        if end > token.i + 1 and end not in taken:
            found.append(Span(doc, token.i + 1, end, label="ORG"))
    return found


def _covered(spans: list[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


@dataclass(frozen=True)
class _RegexRule:
    label: str
    regex: re.Pattern[str]


class KnowledgeEntityRuler:
    """Adds knowledge-base, version-pattern and generic-chip entities to ``doc.ents``.

    Example:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> ruler = nlp.add_pipe("frontierkg_entity_ruler")
        >>> [(e.text, e.label_) for e in nlp("Zhipu released GLM-4.5 on H20 chips.").ents]
        [('Zhipu', 'Organization'), ('GLM-4.5', 'AIModel'), ('H20 chips', 'Chip')]
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        patterns: Iterable[dict[str, Any]],
        version_patterns: Iterable[dict[str, Any]],
        kb: KnowledgeBase,
        generic_chips: bool = True,
        words: frozenset[str] = frozenset(),
    ) -> None:
        ensure_extensions()
        self.name = name
        self.kb = kb
        self._words = words
        self.generic_chips = generic_chips
        self._keys: dict[int, tuple[str, str, bool]] = {}  # match id -> label, canonical, upper
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.norm_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self._add_phrase_patterns(nlp, list(patterns))
        self.regex_rules = [
            _RegexRule(label=str(p["label"]), regex=re.compile(str(p["regex"])))
            for p in version_patterns
        ]

    def _add_phrase_patterns(self, nlp: Language, patterns: list[dict[str, Any]]) -> None:
        exact: dict[str, list[str]] = {}
        fuzzy: dict[str, list[str]] = {}
        for pattern in patterns:
            label = EntityType.parse(str(pattern["label"])).value
            text = str(pattern["pattern"])
            canonical = str(pattern.get("id") or text)
            needs_upper = any(c.isupper() for c in text)
            key = _SEP.join((label, canonical, "1" if needs_upper else "0"))
            target = exact if pattern.get("exact") else fuzzy
            target.setdefault(key, []).append(text)
        for matcher, groups in ((self.exact_matcher, exact), (self.norm_matcher, fuzzy)):
            for key, texts in groups.items():
                matcher.add(key, [nlp.make_doc(text) for text in texts])
                label, canonical, upper_flag = key.split(_SEP)
                self._keys[nlp.vocab.strings.add(key)] = (label, canonical, upper_flag == "1")

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built by joining tokens: once per doc
        spans = self._phrase_spans(doc)
        spans.extend(self._regex_spans(doc, text))
        spans.extend(administration_spans(doc, self.kb, text))
        spans.extend(policy_spans(doc, self.kb, text))
        spans.extend(body_spans(doc, self.kb, text))
        spans.extend(secretary_spans(doc, self.kb, _covered(spans)))
        spans.extend(benchmark_spans(doc, self.kb, _covered(spans)))
        named = _covered(spans)
        spans.extend(s for s in named_product_spans(doc) if s.start not in named)
        rule_spans = [part for span in filter_spans(spans) for part in self._split(doc, span)]
        if self.generic_chips:
            rule_spans = with_generic_chips(doc, rule_spans, self.kb)
        rule_spans, people, cleared = reinterpret(doc, rule_spans, self.kb, self._words)
        rule_spans += national_body_spans(doc, self.kb, rule_spans)
        rule_spans = self._extend_products(doc, rule_spans)
        rule_spans = [*self._prefer_longer_organisations(doc, rule_spans), *people]
        covered = _covered(rule_spans)
        kept = []
        for ent in doc.ents:
            if cleared.intersection(range(ent.start, ent.end)):
                continue
            if not covered.intersection(range(ent.start, ent.end)):
                kept.append(ent)
            elif (owner := _owner_before(ent, covered)) is not None:
                kept.append(owner)
        doc.ents = sorted(
            [*rule_spans, *kept, *_after_org_nouns(doc, {*covered, *_covered(kept)})],
            key=lambda s: s.start,
        )
        return doc

    def _extend_products(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """``"Grace Blackwell"``: a known chip or model whose statistical span starts with
        more capitalised name tokens is a longer product name (its own entity)."""
        products = {EntityType.CHIP.value, EntityType.AI_MODEL.value}
        by_end = {s.end: s for s in spans if s.label_ in products}
        taken = _covered(spans)
        result = {s.start: s for s in spans}
        for ent in doc.ents:
            rule = by_end.get(ent.end)
            if rule is None or ent.start >= rule.start or ent.label_ in {"GPE", "NORP", "LOC"}:
                continue
            lead = doc[ent.start : rule.start]
            if any(t.i in taken or not (t.is_title and t.pos_ == "PROPN") for t in lead):
                continue
            if self.kb.lookup(lead.text) is not None or lead[0].lower_ in PERSON_TITLES:
                continue
            text = doc[ent.start : rule.end].text
            entry = self.kb.lookup(text)
            kb_id = entry.name if entry is not None else text
            del result[rule.start]
            result[ent.start] = Span(doc, ent.start, rule.end, label=rule.label_, kb_id=kb_id)
        return sorted(result.values(), key=lambda s: s.start)

    def _prefer_longer_organisations(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """``"Google DeepMind"``, ``"TSMC Arizona"``: a statistical ORG that extends a known
        organisation with more proper nouns names a different one (a unit or subsidiary);
        legal suffixes ("Nvidia Corp", "Huawei Technologies") do not."""
        org = EntityType.ORGANIZATION.value
        by_start = {s.start: s for s in spans}
        result = {s.start: s for s in spans}
        for ent in doc.ents:
            rule = by_start.get(ent.start)
            if ent.label_ != "ORG" or rule is None or rule.end >= ent.end:
                continue
            if rule.label_ not in {org, _COUNTRY}:
                continue  # "Saudi Aramco", "Tokyo Electron": a place name opens the org name
            if any(s.start < ent.end and s.end > rule.end for s in spans if s is not rule):
                continue
            rest = doc[rule.end : ent.end]
            if not all(t.pos_ == "PROPN" and (t.is_title or t.is_upper) for t in rest):
                continue
            if any(t.lower_ in _NOT_NAME_PARTS for t in rest):
                continue  # "MiniMax IPO", "Nvidia CEO"
            if rule.label_ == _COUNTRY and all(t.lower_ in _GENERIC_WORDS for t in rest):
                continue  # "Chinese AI", "US Tech"
            name = strip_legal_suffix(ent.text)
            if core_name(name) == rule.text or self.kb.lookup(name) is not None:
                continue
            if self.kb.lookup(rest.text) is not None:
                continue
            result[rule.start] = Span(doc, ent.start, ent.end, label=org)
        return list(result.values())

    def _phrase_spans(self, doc: Doc) -> list[Span]:
        spans: list[Span] = []
        for matcher in (self.exact_matcher, self.norm_matcher):
            for match_id, start, end in matcher(doc):
                label, canonical, needs_upper = self._keys[match_id]
                span = doc[start:end]
                if needs_upper and not any(c.isupper() for c in span.text):
                    continue
                if label == _COUNTRY and end < len(doc) and doc[end].lower_ in _CURRENCY_NEXT:
                    continue  # "US$300", "HK$2": a currency, not the state
                if label == _GOVERNMENT and _in_hyphen_compound(doc, end):
                    continue  # "China's military-civil fusion": an adjective, not the army
                spans.append(Span(doc, start, end, label=label, kb_id=canonical))
        return spans

    def _regex_spans(self, doc: Doc, text: str) -> list[Span]:
        spans: list[Span] = []
        for rule in self.regex_rules:
            for match in rule.regex.finditer(text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
                if span is None or len(span) == 0:
                    continue
                surface = " ".join(span.text.split())
                entry = self.kb.lookup(surface)
                if entry is not None:
                    label, canonical = entry.type.value, entry.name
                else:
                    label, canonical = rule.label, surface
                    if label == EntityType.AI_MODEL.value and _CLAUDE_TIER.match(surface):
                        canonical = f"Claude {surface}"
                spans.append(Span(doc, span.start, span.end, label=label, kb_id=canonical))
        return spans

    def _split(self, doc: Doc, span: Span) -> list[Span]:
        """Separate a leading entity the mention names as well.

        - a nationality before a government body: ``[U.S.][Congress]``,
          ``[Chinese][Ministry of Commerce]``;
        - a vendor before its product: ``[NVIDIA][H20]``, ``[Huawei][Ascend]``;
        - a possessive: ``[Saudi Arabia]'s [Public Investment Fund]``, ``[NIST]'s [CAISI]``.
        The second part keeps the knowledge-base canonical of the whole mention and the
        whole text in ``span._.surface``.
        """
        if len(span) < 2:
            return [span]
        label = span.label_
        for size in range(min(4, len(span) - 1), 0, -1):
            prefix = doc[span.start : span.start + size]
            rest_start = span.start + size
            possessive = doc[rest_start].text in POSSESSIVE
            if possessive:
                rest_start += 1
            if rest_start >= span.end or not any(c.isupper() for c in prefix.text):
                continue
            entry = self.kb.lookup(prefix.text)
            if entry is None or entry.name == span.kb_id_:
                continue
            wanted = (
                (possessive and entry.type in _SPLIT_PREFIX_TYPES)
                or (label == EntityType.GOVERNMENT_BODY.value and entry.type is EntityType.COUNTRY)
                or (
                    label == EntityType.GOVERNMENT_BODY.value
                    and entry.type is EntityType.PERSON
                    and span[-1].lower_ == "administration"
                )
                or (
                    label in {EntityType.CHIP.value, EntityType.AI_MODEL.value}
                    and entry.type is EntityType.ORGANIZATION
                    and not span.kb_id_.lower().startswith(prefix.text.lower())
                )
            )
            if not wanted:
                continue
            first = Span(
                doc, span.start, span.start + size, label=entry.type.value, kb_id=entry.name
            )
            rest = Span(doc, rest_start, span.end, label=label, kb_id=span.kb_id_)
            rest._.surface = span._.surface or span.text
            return [first, *self._split(doc, rest)]
        return [span]


@Language.factory(
    "frontierkg_entity_ruler",
    assigns=["doc.ents"],
    default_config={
        "patterns": {"@misc": "frontierkg.entity_patterns.v1", "knowledge_dir": None},
        "version_patterns": {"@misc": "frontierkg.version_patterns.v1"},
        "knowledge_dir": None,
        "generic_chips": True,
    },
)
def make_entity_ruler(
    nlp: Language,
    name: str,
    patterns: list[dict[str, Any]],
    version_patterns: list[dict[str, Any]],
    knowledge_dir: str | None,
    generic_chips: bool,
) -> KnowledgeEntityRuler:
    """Factory registered as ``frontierkg_entity_ruler``."""
    from pathlib import Path

    from ingest.entities.type_rules import dictionary

    kb = knowledge_base(Path(knowledge_dir) if knowledge_dir else None)
    return KnowledgeEntityRuler(
        nlp, name, patterns, version_patterns, kb, generic_chips, dictionary(nlp)
    )


__all__ = ["GENERIC_CHIP_NAME", "KnowledgeEntityRuler", "make_entity_ruler"]
