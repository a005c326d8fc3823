"""Licence requirements (GUIDELINES: "licence requirements aimed at the object").

- "The ministry will require X to apply for export licences for its Y tools": the
  requirer ``RESTRICTS`` X and Y;
- "Exports of Y now require a licence from the ministry": the licensing body
  ``RESTRICTS`` Y;
- "Shipments of Y are subject to US licensing requirements": US ``RESTRICTS`` Y;
- "Using Y anywhere could violate US export controls": US ``RESTRICTS`` Y.

Holding or obtaining a licence ("X obtained a licence to ship Y") states no
restriction by anyone named, so it gives nothing.
"""

from __future__ import annotations

from spacy.tokens import Token

from ingest.relations.candidates import CandidateSink
from ingest.relations.mentions import Mention, MentionIndex
from ingest.relations.syntax import actor_tokens, clause_subject, is_passive, is_suppressed
from schema import EntityType, Predicate

_ACTOR_TYPES = {EntityType.COUNTRY, EntityType.GOVERNMENT_BODY, EntityType.POLICY}
_VIOLATING = {"violate", "breach", "contravene"}
_RULE_WORDS = {"control", "rule", "regulation", "restriction", "sanction", "law", "ban"}


class LicenceRules:
    """Requirements to hold a licence, read around each licence noun of the doc."""

    def __init__(self, index: MentionIndex, sink: CandidateSink) -> None:
        self.index = index
        self.lex = index.lexicons
        self.sink = sink
        self.confidence = index.lexicons.confidence.noun_trigger

    def run(self) -> None:
        for token in self.index.doc:
            if token.lemma_.lower() in self.lex.licence_nouns and token.pos_ == "NOUN":
                self._licence(token)
            elif token.lower_ == "subject" and token.pos_ == "ADJ":
                self._subject_to(token)
            elif token.lemma_.lower() in _VIOLATING and token.pos_ == "VERB":
                self._violation(token, [c for c in token.children if c.dep_ == "dobj"])

    def _violation(self, trigger: Token, rules: list[Token]) -> None:
        """ "Using X could violate US export controls": the rules' owner (or the agency
        giving the warning) restricts X. A warning that something breaks a rule states the rule's
        reach, so a modal does not cancel it; a negation does."""
        if any(c.dep_ == "neg" for c in trigger.children) or not rules:
            return
        rule = rules[0]
        words = {t.lemma_.lower() for t in rule.subtree}
        if not words & _RULE_WORDS:
            return
        actors = self._warning_body(trigger) or [
            m
            for t in rule.subtree
            if (m := self.index.at(t.i)) is not None and m.type in _ACTOR_TYPES
        ]
        heads: list[Token] = []
        for subject in (c for c in trigger.children if c.dep_ in {"nsubj", "csubj"}):
            if subject.tag_ == "VBG":  # "using X", "buying X"
                heads += [c for c in subject.children if c.dep_ == "dobj"]
            else:
                heads.append(subject)
        targets = [m for t in heads for m in self._restricted(t)]
        self.sink.add_all(actors, Predicate.RESTRICTS, targets, self.confidence, trigger.sent)

    def _licence(self, noun: Token) -> None:
        """A licence noun governed (directly or via "apply for") by a requiring verb."""
        verb = _governing_verb(noun)
        if verb is None or is_suppressed(verb, self.lex):
            return
        requirer = verb
        if requirer.lemma_.lower() not in self.lex.licence_requiring_verbs:
            above = requirer.head  # "require X to apply for licences"
            if (
                requirer.dep_ != "xcomp"
                or above.lemma_.lower() not in self.lex.licence_requiring_verbs
            ):
                return
            requirer = above
        products = self._of_objects(noun, {"for"})
        if requirer is verb:
            # "Exports of Y require a licence (from Z)"
            targets = [m for t in clause_subject(verb) for m in self._restricted(t)]
            actors = self._mentions(_prep_objects(noun, {"from", "by"}))
        else:
            patients = [c for c in requirer.children if c.dep_ == "dobj"]
            if is_passive(requirer):
                patients = [c for c in requirer.children if c.dep_ == "nsubjpass"]
            targets = [m for t in patients for m in self._restricted(t)]
            actors = self._mentions(actor_tokens(requirer))
        actors = [m for m in actors if m.type in _ACTOR_TYPES]
        # "apply for Dutch export licences": the licensing state is named on the licence
        actors += [
            m
            for t in noun.subtree
            if t.i < noun.i
            if (m := self.index.at(t.i)) is not None and m.type in _ACTOR_TYPES and m not in actors
        ]
        self.sink.add_all(
            actors, Predicate.RESTRICTS, targets + products, self.confidence, noun.sent
        )

    def _subject_to(self, adjective: Token) -> None:
        """ "Y is subject to US licensing requirements": the modifier restricts Y."""
        rules = _prep_objects(adjective, {"to"})
        if not rules or is_suppressed(adjective, self.lex):
            return
        rule = rules[0]
        words = {t.lemma_.lower() for t in rule.subtree}
        if not words & (self.lex.licence_nouns | {"control", "restriction", "sanction"}):
            return
        actors = [
            m
            for t in rule.subtree
            if t.i < rule.i
            if (m := self.index.at(t.i)) is not None and m.type in _ACTOR_TYPES
        ]
        targets = [m for t in clause_subject(adjective) for m in self._restricted(t)]
        self.sink.add_all(actors, Predicate.RESTRICTS, targets, self.confidence, adjective.sent)

    def _warning_body(self, trigger: Token) -> list[Mention]:
        """The agency that says so ("the Commerce Department warned that ... violates US
        controls"): GUIDELINES attribute the act to the agency, not to the state."""
        current = trigger
        for _ in range(4):
            if current.head is current:
                break
            current = current.head
            if current.pos_ in {"VERB", "AUX"}:
                bodies = [
                    m
                    for t in clause_subject(current)
                    for m in self.index.argument_mentions(t)
                    if m.type is EntityType.GOVERNMENT_BODY
                ]
                if bodies:
                    return bodies
        return []

    def _mentions(self, tokens: list[Token]) -> list[Mention]:
        return [m for t in tokens for m in self.index.argument_mentions(t)]

    def _restricted(self, token: Token) -> list[Mention]:
        """The phrase's own mentions, else what it is made "of" ("Exports of Y")."""
        return self.index.argument_mentions(token) or self._of_objects(token, {"of"})

    def _of_objects(self, token: Token, preps: set[str]) -> list[Mention]:
        found: list[Mention] = []
        for pobj in _prep_objects(token, preps):
            found += self.index.argument_mentions(pobj, lift_modifiers=True) or self._of_objects(
                pobj, {"of"}
            )
        return found


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [
        c
        for p in token.children
        if p.dep_ == "prep" and p.lower_ in preps
        for c in p.children
        if c.dep_ == "pobj"
    ]


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose object the licence is ("require a licence", "apply for licences")."""
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ in {"VERB", "AUX"}:
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        return head.head
    return None


__all__ = ["LicenceRules"]
