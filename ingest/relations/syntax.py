"""Dependency helpers shared by the rules: voice, actors, patients, cue detection.

All of them read the parse already on the ``Doc``; nothing is re-parsed.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from ingest.relations.lexicon import Lexicons

_RELATIVE_PRONOUNS = {"which", "that", "who", "whom", "whose"}
_MAX_CLIMB = 6


def is_passive(verb: Token) -> bool:
    """Passive clause, or a past participle modifying a noun ("chips made by Nvidia")."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return True
    participle = verb.tag_ == "VBN" or (verb.pos_ == "ADJ" and verb.dep_ in {"amod", "acl"})
    if not participle or any(c.dep_ == "nsubj" for c in verb.children):
        return False
    has_agent = any(c.dep_ == "agent" for c in verb.children)
    return has_agent or verb.dep_ in {"acl", "amod", "relcl"}


def _subjects(verb: Token, deps: set[str]) -> list[Token]:
    found = []
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            found.append(_antecedent(verb))
        else:
            found.append(child)
    return found


_SINGULAR_FINITE = frozenset({"is", "was", "has", "does"})


def _antecedent(relcl: Token) -> Token:
    """The noun a relative clause describes. The parser may hang it on the plural
    complement of an "of" phrase; a singular verb says it describes the noun that owns
    the phrase ("the designer of chips that was seen as ...": the designer)."""
    noun = relcl.head
    finite = [relcl, *(c for c in relcl.children if c.dep_ in {"aux", "auxpass"})]
    singular = any(t.tag_ == "VBZ" or t.lower_ in _SINGULAR_FINITE for t in finite)
    of_phrase = noun.dep_ == "pobj" and noun.head.lower_ == "of"
    if singular and of_phrase and noun.tag_ == "NNS" and noun.head.head.tag_ in {"NN", "NNP"}:
        return noun.head.head
    return noun


def clause_subject(token: Token) -> list[Token]:
    """The grammatical subject that governs ``token``, climbing through non-finite clauses.

    "X has partnered with Y to develop Z": the subject of *develop* is X. A relative
    clause's subject is the noun it modifies; "its efforts to prevent" gives *its*.
    """
    current = token
    for _ in range(_MAX_CLIMB):
        if current.pos_ in {"VERB", "AUX"}:
            own = _subjects(current, {"nsubj", "nsubjpass", "csubj"})
            if own:
                return own
            if current.dep_ in {"relcl", "acl"} and current.head is not current:
                if current.dep_ == "relcl" or current.tag_ == "VBG":
                    return [current.head]
        if current.pos_ in {"NOUN", "PROPN"} and current is not token:
            possessors = [c for c in current.children if c.dep_ == "poss"]
            if possessors:
                return possessors
        if current.head is current:
            return []
        current = current.head
    return []


def actor_tokens(verb: Token) -> list[Token]:
    """Who does what ``verb`` says: the active subject or the passive agent."""
    if is_passive(verb):
        agents = [
            pobj
            for agent in verb.children
            if agent.dep_ == "agent"
            for pobj in agent.children
            if pobj.dep_ == "pobj"
        ]
        if agents:
            return agents
        if verb.dep_ in {"acl", "amod"}:
            return [c for c in verb.head.children if c.dep_ == "poss"]
        return []
    return clause_subject(verb)


def patient_tokens(verb: Token) -> list[Token]:
    """What ``verb`` acts on: the direct object, or the passive subject."""
    if is_passive(verb):
        found = _subjects(verb, {"nsubjpass"})
        if not found:
            found = [c for c in verb.children if c.dep_ == "attr"]
        if not found and verb.dep_ in {"acl", "amod", "relcl"}:
            found = [verb.head]
        if not found and verb.dep_ in {"advcl", "conj", "ccomp"}:
            found = clause_subject(verb.head)  # "Backed by X, Moonshot released ..."
        return found
    found = []
    for child in verb.children:
        if child.dep_ in {"dobj", "dative"}:
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                found.append(verb.head)
            else:
                found.append(child)
                found += _split_names(verb, child)
    return found


def _split_names(verb: Token, descriptor: Token) -> list[Token]:
    """Names the parse split off a descriptor object: in "added tool makers A, B and C to
    the list" the parser may make "makers" the object and hang "A, B and C" on the verb
    as a noun-phrase adverbial; the names are what the verb acts on."""
    if descriptor.pos_ != "NOUN":
        return []
    return [
        c
        for c in verb.children
        if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.left_edge.i == descriptor.i + 1
    ]


def prep_objects(token: Token, preps: Iterable[str], *, deep: bool = True) -> list[Token]:
    """Objects of ``token``'s prepositions named in ``preps`` (also on its direct object)."""
    wanted = set(preps)
    if not wanted:
        return []
    heads = [token]
    if deep:
        objects = [c for c in token.children if c.dep_ in {"dobj", "prt"}]
        heads += objects + [a for o in objects for a in o.children if a.dep_ == "appos"]
        # complex prepositions: "spun out of X" (the object hangs on "of", under "out")
        heads += [
            c
            for c in token.children
            if c.dep_ == "prep" and not any(g.dep_ in {"pobj", "pcomp"} for g in c.children)
        ]
    found = []
    for head in heads:
        for prep in head.children:
            if prep.dep_ not in {"prep", "agent", "dative"} or prep.lower_ not in wanted:
                continue
            found += [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    return found


def accompanying(head: Token) -> list[Token]:
    """Objects of "together with" / "along with" / "alongside" after ``head``: "placed X on
    the list together with rival Y" adds Y to what the verb acts on; "X, along with Y, are
    among ..." adds Y to the noun X. The parse may hang "with" under "along" or the other
    way round."""
    found = []
    for prep in head.children:
        if prep.dep_ != "prep" or prep.i < head.i:
            continue
        if prep.lower_ == "along":
            found += [
                g for w in prep.children if w.lower_ == "with" for g in w.children
                if g.dep_ == "pobj"
            ]  # fmt: skip
            continue
        together = prep.lower_ == "with" and any(
            c.lower_ in {"together", "along"} for c in prep.children
        )
        if together or prep.lower_ == "alongside":
            found += [c for c in prep.children if c.dep_ == "pobj"]
    return found


def is_locally_suppressed(trigger: Token, lexicons: Lexicons) -> bool:
    """A noun trigger marked hypothetical or negated in its own phrase ("potential curb",
    "no partnership") or ended by its verb ("ended its relationship with", "rescinded the
    restrictions"); otherwise the clause around it does not matter (its existence is
    presupposed)."""
    head = trigger.head
    if trigger.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in lexicons.ending_lemmas:
        return True
    if trigger.dep_ == "dobj" and head.lemma_.lower() in lexicons.hypothetical_lemmas:
        return True  # "weighing curbs on X", "considering a deal with Y": not yet real
    for child in trigger.children:
        if child.dep_ == "amod" and child.lower_ in lexicons.hypothetical_modifiers:
            return True
        if child.dep_ == "det" and child.lower_ == "no":
            return True
    return False


def is_suppressed(trigger: Token, lexicons: Lexicons, *, hedged: bool = True) -> bool:
    """Negated, denied or hypothetical statement around ``trigger`` (GUIDELINES: dropped).

    ``hedged=False``: a modal, "whether" or an aim ("trying to catch up with X", "could
    rival X") does not suppress; negation, denial and conditions still do.
    """
    if hedged and is_locally_suppressed(trigger, lexicons):
        return True
    clause = trigger
    steps = 0
    while clause.pos_ not in {"VERB", "AUX"} and clause.head is not clause and steps < _MAX_CLIMB:
        clause = clause.head
        steps += 1
    if _negated_or_modal(clause, lexicons, hedged=hedged):
        return True
    head = clause.head
    if hedged and clause.dep_ in {"acl", "relcl"} and head.lower_ in lexicons.hypothetical_heads:
        if not head.ent_type_:  # "a plan to ...", not the named "AI Plan, which ..."
            return True
    current = clause
    for _ in range(_MAX_CLIMB):
        if current.head is current:
            break
        complement = current.dep_ == "acl" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in current.children
        )  # "denied reports that it had partnered": the report's content is denied
        complement = complement or (
            current.dep_ in {"acl", "relcl"}
            and current.head.lemma_.lower() in lexicons.report_nouns
            and not any(c.lower_ in {"which", "who"} for c in current.children)
        )  # "denied reports it was in talks": no "that", same reading
        if current.dep_ in {"conj", "relcl", "acl", "appos", "advcl", "parataxis"}:
            if not complement:
                break
        current = current.head
        lemma = current.lemma_.lower()
        if lemma in lexicons.denial_lemmas or (hedged and lemma in lexicons.hypothetical_lemmas):
            return True
        if current.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ == "no" for c in current.children
        ):
            return True
        if current.pos_ in {"VERB", "AUX"} and _negated_or_modal(current, lexicons, hedged=hedged):
            return True
    return False


def _negated_or_modal(verb: Token, lexicons: Lexicons, *, hedged: bool = True) -> bool:
    if verb.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return hedged  # headline future: "US to target ChangXin Memory"
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ == "never"):
            return True
        if not hedged and child.dep_ in {"aux", "mark"} and child.lower_ not in {"if", "unless"}:
            continue
        if child.dep_ == "aux" and child.lower_ in lexicons.hypothetical_markers:
            if not (child.lower_ == "would" and _reported_future(verb, lexicons)):
                return True
        if child.dep_ == "mark" and child.lower_ in lexicons.hypothetical_markers:
            return True
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in child.children
        ):
            return True  # "If regulators agree, X will acquire Y"
    return False


def _reported_future(verb: Token, lexicons: Lexicons) -> bool:
    """'would' as the future of a past report: "said the chip would be made by X".

    The verb is the content clause of a verb of saying in the past tense; a condition
    ("if ...") or a hypothetical verb still suppresses it through the other checks.
    """
    head = verb.head
    return (
        verb.dep_ == "ccomp"
        and head.tag_ == "VBD"
        and head.lemma_.lower() in lexicons.reporting_verbs
    )


__all__ = [
    "accompanying",
    "actor_tokens",
    "clause_subject",
    "is_passive",
    "is_locally_suppressed",
    "is_suppressed",
    "patient_tokens",
    "prep_objects",
]
