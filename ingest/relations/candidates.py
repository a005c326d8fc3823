"""Collects candidate triples from every rule, checks them against the ontology, dedups.

Rules call ``CandidateSink.add`` freely; the sink is where domain/range
(``schema.ontology().allows``), self-relations, symmetric predicates (emitted once,
ends in name order) and per-sentence duplicates are settled.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span

from ingest.models import RelationMention
from ingest.relations.lexicon import Lexicons
from ingest.relations.mentions import Mention
from schema import Predicate, ontology


@dataclass
class CandidateSink:
    """Accepted triples keyed by (subject, predicate, object, sentence start)."""

    lexicons: Lexicons
    line_of: list[int] = field(default_factory=list)
    found: dict[tuple[str, Predicate, str, int], RelationMention] = field(default_factory=dict)
    fallbacks: list[tuple[Mention, Predicate, Mention, float, Span]] = field(default_factory=list)

    def add(
        self,
        subject: Mention,
        predicate: Predicate,
        obj: Mention,
        confidence: float,
        sentence: Span,
    ) -> bool:
        """Record ``subject -predicate-> obj`` if the ontology allows it; True when kept.

        Two ends inside ``sentence`` must sit on one line of the text (the parser may
        join a headline or bullet to the next paragraph); the evidence is the sentence
        cut to that line. An end outside the sentence is document context (a list's
        owner, the leader of a named administration) and is exempt.
        """
        inside = [m for m in (subject, obj) if sentence.start <= m.start < sentence.end]
        lines = self.line_of
        if len(inside) == 2 and lines and lines[subject.start] != lines[obj.start]:
            return False
        onto = ontology()
        fitting = next(
            (
                (s, o)
                for s in _readings(subject)
                for o in _readings(obj)
                if s.canonical != o.canonical and onto.allows(predicate, s.type, o.type)
            ),
            None,
        )
        if fitting is None:
            return False
        subject, obj = fitting
        if onto.spec(predicate).symmetric and obj.canonical < subject.canonical:
            subject, obj = obj, subject
        if subject.coref or obj.coref:
            confidence *= self.lexicons.confidence.coref_factor
        start, end = self._evidence(sentence, inside[0] if inside else None)
        key = (subject.canonical, predicate, obj.canonical, start)
        previous = self.found.get(key)
        if previous is not None and previous.confidence >= confidence:
            return True
        self.found[key] = RelationMention(
            subject=subject.canonical,
            subject_type=subject.type,
            predicate=predicate,
            object=obj.canonical,
            object_type=obj.type,
            confidence=round(confidence, 3),
            sentence_start=start,
            sentence_end=end,
        )
        return True

    def _evidence(self, sentence: Span, anchor: Mention | None) -> tuple[int, int]:
        """Character offsets of ``sentence`` restricted to the line holding ``anchor``."""
        lines = self.line_of
        tokens = [t for t in sentence if t.text.strip()]
        if lines and anchor is not None:
            tokens = [t for t in tokens if lines[t.i] == lines[anchor.start]] or tokens
        if not tokens:
            return sentence.start_char, sentence.end_char
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def add_all(
        self,
        subjects: list[Mention],
        predicate: Predicate,
        objects: list[Mention],
        confidence: float,
        sentence: Span,
    ) -> None:
        """One triple per conjunct on both sides; with "respectively", pairs in order
        ("Japan and the Netherlands, home to A and B respectively")."""
        if (
            len(subjects) == len(objects) > 1
            and any(t.lower_ == "respectively" for t in sentence)
            and len({m.canonical for m in subjects}) == len(subjects)
        ):
            for subject, obj in zip(subjects, objects, strict=True):
                self.add(subject, predicate, obj, confidence, sentence)
            return
        for subject in subjects:
            for obj in objects:
                self.add(subject, predicate, obj, confidence, sentence)

    def add_fallback(
        self,
        subject: Mention,
        predicate: Predicate,
        obj: Mention,
        confidence: float,
        sentence: Span,
    ) -> None:
        """A guess kept only if no rule relates ``subject`` by ``predicate`` in this
        sentence ("chief executive X" leads the company in focus, unless the sentence
        says whom X leads)."""
        self.fallbacks.append((subject, predicate, obj, confidence, sentence))

    def relations(self) -> list[RelationMention]:
        for subject, predicate, obj, confidence, sentence in self.fallbacks:
            start = sentence.start_char
            taken = any(
                r.subject == subject.canonical
                and r.predicate is predicate
                and start <= r.sentence_start < sentence.end_char
                for r in self.found.values()
            )
            if not taken:
                self.add(subject, predicate, obj, confidence, sentence)
        self.fallbacks.clear()
        return sorted(
            self.found.values(),
            key=lambda r: (r.sentence_start, r.predicate.value, r.subject, r.object),
        )


def _readings(mention: Mention) -> tuple[Mention, ...]:
    """The mention itself, then (for a coreference) its other antecedents."""
    if not mention.coref:
        return (mention,)
    alternatives = tuple(replace(a, coref=True) for a in mention.alternatives)
    return (mention, *alternatives)


__all__ = ["CandidateSink"]
