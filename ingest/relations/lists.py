"""Named lists (GUIDELINES): X added to / on / included in a list is restricted by it.

"The Commerce Department added Zhipu to the Entity List" gives the adder
``RESTRICTS`` Zhipu and ``Entity List RESTRICTS`` Zhipu; "Huawei has been on the
Entity List" gives the list only. The list's owner ("the Department of Commerce's
Entities List", "its Entity List") restricts what is *added* to it.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ingest.relations.candidates import CandidateSink
from ingest.relations.mentions import Mention, MentionIndex
from ingest.relations.syntax import (
    accompanying,
    actor_tokens,
    clause_subject,
    is_passive,
    is_suppressed,
    patient_tokens,
)
from schema import EntityType, Predicate

_LIST_PREPS = {"to", "on", "in", "onto"}  # not "from": removals do not restrict
_CONTENT_VERBS = {"include", "comprise", "cover", "name", "contain", "feature"}


def is_named_list(index: MentionIndex, mention: Mention) -> bool:
    """A policy that is a list by name ("Entity List", "export control list")."""
    text = f"{mention.canonical} {index.text(mention)}".lower()
    return bool(set(re.findall(r"\w+", text)) & index.lexicons.list_nouns)


class ListRules:
    """List membership and additions over one doc."""

    def __init__(self, index: MentionIndex, sink: CandidateSink) -> None:
        self.index = index
        self.doc = index.doc
        self.lex = index.lexicons
        self.sink = sink
        self.owners = self._owners()
        self._last_addition: tuple[int, Mention | None, list[Mention]] | None = None

    def _list_policy(self, token: Token) -> Mention | None:
        mention = self.index.at(token.i)
        if mention is not None and mention.type is EntityType.POLICY:
            return mention
        return None

    def _is_list_head(self, token: Token) -> bool:
        """ "the list", "its blacklist", or the last token of a named list ("Entity List")."""
        if token.lemma_.lower() in self.lex.list_nouns:
            return True
        mention = self._list_policy(token)
        return (
            mention is not None
            and token.i == mention.end - 1
            and is_named_list(self.index, mention)
        )

    def _owners(self) -> dict[str, Mention]:
        """List canonical -> the body whose list it is ("Commerce's Entity List")."""
        owners: dict[str, Mention] = {}
        for token in self.doc:
            policy = self._list_policy(token)
            if policy is None or token.i != policy.end - 1:
                continue
            for child in token.children:
                owner = self.index.at(child.i)
                if (
                    child.dep_ == "poss"
                    and owner is not None
                    and owner.type
                    in {
                        EntityType.GOVERNMENT_BODY,
                        EntityType.COUNTRY,
                    }
                ):
                    owners.setdefault(policy.canonical, owner)
        return owners

    def run(self) -> None:
        for token in self.doc:
            if token.dep_ == "nsubj" and self._is_list_head(token):
                self._contents(token)
                continue
            if token.dep_ != "pobj" or not self._is_list_head(token):
                continue
            prep = token.head
            if prep.lower_ not in _LIST_PREPS:
                continue
            self._apply(token, prep.head)
        self._continued_additions()

    def _apply(self, list_head: Token, governor: Token) -> None:
        lex, index = self.lex, self.index
        governor = self._list_verb_above(governor)
        if is_suppressed(governor, lex):
            return
        policy = self._list_policy(list_head)
        lemma = governor.lemma_.lower()
        targets: list[Mention] = []
        actors: list[Mention] = []
        addition = False
        if governor.pos_ in {"VERB", "AUX"} and lemma in lex.list_verbs:
            addition = lemma in lex.list_addition_verbs
            if is_passive(governor) or lemma in {"be", "remain", "stay"}:
                targets = self._targets(patient_tokens(governor) or clause_subject(governor))
            else:
                patients = patient_tokens(governor)
                if not patients and governor.dep_ == "acl":
                    patients = [governor.head]  # "the firms added to the list" (tagged VBD)
                targets = self._targets(patients)
                if lemma == "join":
                    targets += self._targets(clause_subject(governor))
            if addition:
                actors = [m for t in actor_tokens(governor) for m in index.argument_mentions(t)]
        elif governor.pos_ in {"NOUN", "PROPN"}:
            possessors = [c for c in governor.children if c.dep_ == "poss"]
            if possessors:
                targets = self._targets(possessors)
            elif governor.dep_ == "nsubj" and governor.head.lemma_ in {"include", "be", "comprise"}:
                verb = governor.head
                targets = self._targets([c for c in verb.children if c.dep_ in {"dobj", "attr"}])
            else:
                subjects = self._misread_subjects(governor)
                if subjects:
                    addition = True
                    targets = self._targets([governor])
                    actors = [m for t in subjects for m in index.argument_mentions(t)]
        if governor.pos_ in {"VERB", "AUX"} and targets:
            # "placed X on the list together with rival Y"
            targets += [m for m in self._targets(accompanying(governor)) if m not in targets]
        if not targets:
            return
        sent = governor.sent
        conf = lex.confidence
        if policy is not None:
            self.sink.add_all([policy], Predicate.RESTRICTS, targets, conf.list_membership, sent)
            owner = self._owner_of(list_head, policy)
            if addition and owner is not None:
                actors.append(owner)
        self.sink.add_all(actors, Predicate.RESTRICTS, targets, conf.verb, sent)
        if addition:
            self._last_addition = (sent.end, policy, actors)

    def _misread_subjects(self, noun: Token) -> list[Token]:
        """ "The Bureau of X added tool makers A, B and C to the list": with a long subject
        the parser may read the verb as a participle ("added" as an adjective of "makers")
        and make the object noun the sentence root. The nominals before the verb are then
        its subject."""
        if noun.dep_ != "ROOT":
            return []
        verbs = [
            c
            for c in noun.children
            if c.dep_ == "amod"
            and c.i < noun.i
            and c.tag_ in {"VBN", "VBD"}
            and c.lemma_.lower() in self.lex.list_addition_verbs
        ]
        if not verbs:
            return []
        return [c for c in noun.children if c.dep_ in {"nmod", "nsubj"} and c.i < verbs[0].i]

    def _continued_additions(self) -> None:
        """ "... added X to the Entity List. Also added was Y": a passive addition with no
        list in the next sentence continues the previous addition."""
        for token in self.doc:
            if self._last_addition is None:
                return
            if token.pos_ != "VERB" or token.lemma_.lower() not in self.lex.list_addition_verbs:
                continue
            end, policy, actors = self._last_addition
            sent = token.sent
            if sent.start != end or not is_passive(token) or is_suppressed(token, self.lex):
                continue
            if any(c.dep_ == "prep" and c.lower_ in _LIST_PREPS | {"from"} for c in token.children):
                continue  # its own list (handled above) or a removal
            heads = [c for c in token.children if c.dep_ in {"nsubjpass", "attr"}]
            heads += [g for c in token.children if c.dep_ == "auxpass" for g in c.children]
            targets = self._targets([h for h in heads if h.dep_ in {"nsubjpass", "attr"}])
            conf = self.lex.confidence
            if policy is not None:
                self.sink.add_all(
                    [policy], Predicate.RESTRICTS, targets, conf.list_membership, sent
                )
            self.sink.add_all(actors, Predicate.RESTRICTS, targets, conf.verb * 0.9, sent)

    def _contents(self, list_head: Token) -> None:
        """ "The list includes X and Y": the list restricts what it holds."""
        verb = list_head.head
        policy = self._list_policy(list_head)
        if policy is None or verb.lemma_.lower() not in _CONTENT_VERBS:
            return
        if is_suppressed(verb, self.lex):
            return
        targets = self._targets([c for c in verb.children if c.dep_ in {"dobj", "attr"}])
        conf = self.lex.confidence.list_membership
        self.sink.add_all([policy], Predicate.RESTRICTS, targets, conf, verb.sent)

    def _list_verb_above(self, governor: Token) -> Token:
        """ "added Sophgo and 13 other entities to the List": the parser may hang "to the
        List" on the object; the addition verb above the object is the real governor."""
        current = governor
        for _ in range(3):
            if current.pos_ in {"VERB", "AUX"} or current.dep_ not in {"dobj", "conj", "appos"}:
                break
            current = current.head
        is_list_verb = current.pos_ in {"VERB", "AUX"}
        if is_list_verb and current.lemma_.lower() in self.lex.list_addition_verbs:
            return current
        return governor

    def _owner_of(self, list_head: Token, policy: Mention) -> Mention | None:
        for child in list_head.children:
            owner = self.index.at(child.i)
            if child.dep_ == "poss" and owner is not None:
                return owner
        return self.owners.get(policy.canonical)

    def _targets(self, tokens: list[Token]) -> list[Mention]:
        """Mentions in the argument phrases; "X were among the firms added" gives X."""
        found: list[Mention] = []
        for token in tokens:
            # "X are among the other companies added": X, not what "the other companies"
            # would resolve to on its own
            among = _among_subject(token)
            among += [g for s in among for g in accompanying(s)]
            mentions = [m for s in among for m in self.index.argument_mentions(s)]
            if not mentions:
                mentions = self.index.argument_mentions(token)
            verb = token.head
            if not mentions and token.dep_ == "nsubj" and verb.lemma_.lower() in _CONTENT_VERBS:
                # "The firms added to the list included X and Y"
                listed = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
                mentions += [m for c in listed for m in self.index.argument_mentions(c)]
            found += [m for m in mentions if m not in found]
        return found


def _among_subject(token: Token) -> list[Token]:
    """Climb to the clause subject: "Six units of X were among dozens of entities added"."""
    current = token
    while (
        current.dep_ == "pobj" and current.head.lower_ == "of" and current.head.head is not current
    ):
        current = current.head.head
    if current.dep_ == "pobj" and current.head.lower_ == "among":
        return clause_subject(current.head.head)
    return []


__all__ = ["ListRules", "is_named_list"]
