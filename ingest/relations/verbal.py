"""Verb and event-noun triggers: one ``DependencyMatcher`` pass over the doc.

Each lexicon frame becomes a pattern whose anchor is a verb (or event noun) with a
trigger lemma; the arguments are then read from the anchor's dependents, active or
passive ("Meta acquired Manus" / "Manus was acquired by Meta"), with one triple per
conjunct on both sides.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from ingest.relations.candidates import CandidateSink
from ingest.relations.comparisons import pair_with_makers
from ingest.relations.lexicon import Lexicons, NounFrame, VerbFrame
from ingest.relations.mentions import Mention, MentionIndex
from ingest.relations.phrases import mentions_after
from ingest.relations.syntax import (
    actor_tokens,
    clause_subject,
    is_locally_suppressed,
    is_passive,
    is_suppressed,
    patient_tokens,
    prep_objects,
)
from schema import Predicate, ontology

_CIRCUMSTANCE_PREPS = {"despite", "under", "amid", "facing"}


class TriggerMatcher:
    """Matches every verb frame and noun frame of the lexicons in one pass."""

    def __init__(self, nlp: Language, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self.matcher = DependencyMatcher(nlp.vocab)
        self.verb_frames: dict[str, VerbFrame] = {}
        self.noun_frames: dict[str, NounFrame] = {}
        participles = lexicons.adjectival_participles
        for number, verb_frame in enumerate(lexicons.verbs):
            key = f"verb{number}_{verb_frame.predicate.value}"
            self.verb_frames[key] = verb_frame
            patterns = [_anchor(verb_frame.lemmas, ["VERB"])]
            # participles the tagger calls adjectives: "a model fine-tuned from V3"
            forms = {form for form, lemma in participles.items() if lemma in verb_frame.lemmas}
            if forms:
                patterns.append(_anchor(frozenset(forms), ["ADJ"], attr="LOWER"))
            self.matcher.add(key, patterns)
        for number, noun_frame in enumerate(lexicons.nouns):
            key = f"noun{number}_{noun_frame.predicate.value}"
            self.noun_frames[key] = noun_frame
            self.matcher.add(key, [_anchor(noun_frame.lemmas, ["NOUN"])])

    def run(self, doc: Doc, index: MentionIndex, sink: CandidateSink) -> None:
        strings = doc.vocab.strings
        for match_id, token_ids in self.matcher(doc):
            key = strings[match_id]
            trigger = doc[token_ids[0]]
            if key in self.verb_frames:
                frame = self.verb_frames[key]
                hedged = frame.predicate not in self.lexicons.aim_predicates
                if _prefix_fits(frame, trigger) and not is_suppressed(
                    trigger, self.lexicons, hedged=hedged
                ):
                    _apply_verb(frame, trigger, index, sink)
            elif _qualified(self.noun_frames[key], trigger) and not is_locally_suppressed(
                trigger, self.lexicons
            ):
                _apply_noun(self.noun_frames[key], trigger, index, sink)


def _anchor(words: frozenset[str], pos: list[str], attr: str = "LEMMA") -> list[dict[str, object]]:
    return [
        {
            "RIGHT_ID": "trigger",
            "RIGHT_ATTRS": {attr: {"IN": sorted(words)}, "POS": {"IN": pos}},
        }
    ]


#: Nouns of trade whose destination a restricting verb cuts off ("banned exports to X").
_TRADE_NOUNS = frozenset({"export", "sale", "shipment", "supply", "delivery"})


def _trade_destinations(verb: Token, patients: list[Token], index: MentionIndex) -> list[Mention]:
    trade = [p for p in patients if p.lemma_.lower() in _TRADE_NOUNS]
    if not trade:
        return []
    holders = [verb, *trade]
    return _mentions(index, [t for h in holders for t in prep_objects(h, {"to"}, deep=False)])


#: Supply verbs whose money object is funding, not the price of goods.
_FUNDING_VERBS = frozenset({"provide", "give", "grant", "allocate"})


def _monetary(verb: Token, lexicons: Lexicons) -> bool:
    """The verb's direct object is an amount of money or funding ("$1 billion", "funding")."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        words = {t.lower_ for t in obj.subtree} | {t.lemma_.lower() for t in obj.subtree}
        if words & lexicons.money_words or any(t.text in {"$", "€", "£", "¥"} for t in obj.subtree):
            return True
    return False


def _qualified(frame: NounFrame, noun: Token) -> bool:
    """The noun has one of the frame's required modifiers, if any: "joint venture", not
    "venture capital"; "funding agreement" for an investment."""
    required = frame.required_modifiers
    return not required or any(c.lower_ in required for c in noun.children)


def _prefix_fits(frame: VerbFrame, verb: Token) -> bool:
    """A frame with ``hyphen_prefix`` matches only "<prefix>-<verb>" ("open-sourced"), one
    with ``particle`` only "<verb> <particle>" ("set up")."""
    if frame.particle is not None and not any(
        c.dep_ == "prt" and c.lower_ == frame.particle for c in verb.children
    ):
        return False  # "set up" a company, not "set" a price
    if frame.hyphen_prefix is None:
        return True
    doc, i = verb.doc, verb.i
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == frame.hyphen_prefix


def _mentions(index: MentionIndex, tokens: list[Token], *, lift: bool = False) -> list[Mention]:
    found: list[Mention] = []
    for token in tokens:
        for mention in index.argument_mentions(token, lift_modifiers=lift):
            if mention not in found:
                found.append(mention)
    return found


def _apply_verb(frame: VerbFrame, verb: Token, index: MentionIndex, sink: CandidateSink) -> None:
    confidence = index.lexicons.confidence.verb
    lift = frame.predicate in index.lexicons.lift_object_modifiers
    lift_patients = frame.predicate in index.lexicons.lift_patient_modifiers
    patient_heads = patient_tokens(verb)
    patients = [] if frame.prep_only else _mentions(index, patient_heads, lift=lift_patients)
    if not patients and not frame.prep_only and not is_passive(verb):
        # "launched its new flagship model GLM-4.5": the parse lost the object phrase
        patients = mentions_after(index, verb.i + 1, verb.sent)
    prep_args = _mentions(index, prep_objects(verb, frame.object_preps), lift=lift)
    if frame.patient_is_subject:
        subjects = _mentions(index, patient_heads)  # "X is based in Y", "trained X on Y"
        if (
            not subjects
            and frame.predicate is Predicate.USES
            and not is_passive(verb)
            and verb.dep_ != "relcl"  # "Y, a model it built on X": the model, not "it"
        ):
            # "Sarvam AI trained its model on H100 chips": an unnamed product, so the
            # company that trains it uses the chips
            subjects = _mentions(index, actor_tokens(verb))
        objects = prep_args
    elif frame.subject_from_object:
        subjects = _mentions(index, patient_heads)
        objects = prep_args
    else:
        subjects = _mentions(index, actor_tokens(verb))
        if not subjects and is_passive(verb):
            # the parse lost the agent's noun phrase: "made by China's leading chipmaker, SMIC"
            agents = [c for c in verb.children if c.dep_ == "agent"]
            subjects = mentions_after(index, agents[0].i + 1, verb.sent) if agents else []
        objects = patients + [m for m in prep_args if m not in patients]
        if frame.predicate is Predicate.RESTRICTS:
            # "banning exports of gallium to the United States": the destination of the
            # trade the verb stops is restricted, wherever the parser hangs "to"
            objects += [
                m for m in _trade_destinations(verb, patient_heads, index) if m not in objects
            ]
    if frame.maker_supplies:
        makers = [o for m in objects if (o := index.owner_of(m)) is not None]
        # "Chinese customers bought its H20 chips": the buyers may be a nationality
        buyers = subjects or _mentions(index, actor_tokens(verb), lift=True)
        subjects, objects = makers, buyers
    if frame.inverse:
        subjects, objects = objects, subjects
    predicate = frame.predicate
    if frame.money_object and not _monetary(verb, index.lexicons):
        return  # "poured $1bn into X", not "poured scorn on X"
    if predicate is Predicate.SUPPLIES and _monetary(verb, index.lexicons):
        # "received $200m from X", "provided $500m to X": money, not goods; but "sold $5bn
        # of chips to X" is still a sale
        if frame.inverse or verb.lemma_.lower() in _FUNDING_VERBS:
            predicate = Predicate.INVESTS_IN
    _emit(index, sink, subjects, predicate, objects, confidence, verb.sent)
    if frame.predicate is Predicate.USES and not frame.inverse:
        # "adapted Llama 2 to develop ChatBIT": the product of the purpose uses the object
        purposes = [
            c
            for c in verb.children
            if c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in index.lexicons.purpose_verbs
        ]
        products = _mentions(index, [o for p in purposes for o in patient_tokens(p)])
        sink.add_all(products, Predicate.USES, objects, confidence, verb.sent)


def _emit(
    index: MentionIndex,
    sink: CandidateSink,
    subjects: list[Mention],
    predicate: Predicate,
    objects: list[Mention],
    confidence: float,
    sentence: Span,
    *,
    lift: bool = True,
) -> None:
    if predicate is Predicate.COMPETES_WITH and lift:
        pair_with_makers(index, sink, subjects, objects, confidence, sentence)
    else:
        sink.add_all(subjects, predicate, objects, confidence, sentence)


def _noun_actors(
    frame: NounFrame, noun: Token, index: MentionIndex
) -> tuple[list[Mention], list[Mention], bool]:
    """(subject-side, object-side) mentions taken from the noun's modifiers and governor,
    and whether the subject side is an object placed "in" the relation by the verb."""
    placed: list[Mention] = []
    subjects: list[Mention] = []
    objects: list[Mention] = []
    for child in noun.children:
        found = [index.at(c.i) for c in (child, *child.conjuncts)]  # "the US and USSR race"
        mentions = [m for m in found if m is not None]
        mentions += [p for m in mentions if (p := index.hyphen_partner(m)) is not None]
        if not mentions:
            continue
        if child.dep_ == "poss":
            (subjects if frame.possessor_role == "subject" else objects).extend(mentions)
        elif child.dep_ in {"compound", "amod", "nmod"}:
            (subjects if frame.modifier_role == "subject" else objects).extend(mentions)
    if not subjects and noun.dep_ == "conj" and frame.possessor_role == "subject":
        # "Huawei's advancements ... and collaboration with SMIC"
        subjects += [m for c in noun.head.children if c.dep_ == "poss" if (m := index.at(c.i))]
    # "shipments of HBM4 to Nvidia": an "of" phrase naming what moves, not who acts,
    # leaves the actor to the governing verb ("SK Hynix began shipments of ...")
    domain = ontology().spec(frame.predicate).domain
    actors = _mentions(index, prep_objects(noun, frame.actor_preps, deep=False))
    subjects += [m for m in actors if m.type in domain]
    for participle in (c for c in noun.children if c.dep_ == "acl" and is_passive(c)):
        subjects += _mentions(index, actor_tokens(participle))  # "restrictions imposed by X"
    # "unveiled a package of restrictions": the container noun stands in the clause
    in_clause = _through_container(noun)
    governor = in_clause.head
    recipients = index.lexicons.recipient_governors.get(frame.predicate, frozenset())
    # "X faced restrictions", "X raised $1bn in a round led by Y": the clause subject
    # receives the relation instead of performing it
    receiver = governor if in_clause.dep_ != "pobj" else governor.head
    received = receiver.pos_ == "VERB" and receiver.lemma_.lower() in recipients
    if received:
        objects += _mentions(index, clause_subject(receiver))
    elif in_clause.dep_ == "attr" and governor.lemma_ == "be":
        pass  # "X is a joint venture between A and B": X is the venture, not a party
    elif in_clause.dep_ in {"dobj", "attr", "nsubjpass", "conj"} and governor is not in_clause:
        if not subjects and governor.pos_ in {"VERB", "AUX"}:
            subjects += _mentions(index, actor_tokens(governor))
    if in_clause.dep_ == "pobj" and governor.lower_ in _CIRCUMSTANCE_PREPS:
        objects += _mentions(index, clause_subject(governor.head))
    elif (
        not subjects and not received and in_clause.dep_ == "pobj" and governor.head.pos_ == "VERB"
    ):
        verb = governor.head
        placing = {"in", "into"} | ({"on"} if noun.lemma_.lower() in _LEVEL_NOUNS else set())
        placed = _mentions(index, patient_tokens(verb)) if governor.lower_ in placing else []
        # "places Google in competition with", "put the model on par with", else
        # "contributed to a round"
        subjects += placed or _mentions(
            index, _nearest_agent(verb, in_clause) or actor_tokens(verb)
        )
    return subjects, objects, bool(placed)


#: Event nouns a verb puts its object "on" ("put the model on par with X").
_LEVEL_NOUNS = frozenset({"par", "parity"})

#: Nouns that only count or group what their "of" phrase names ("a package of curbs").
_CONTAINERS = frozenset({"package", "set", "series", "wave", "raft", "slew", "batch"})


def _through_container(noun: Token) -> Token:
    """The container an event noun is counted by, if any ("a new set of export curbs")."""
    while noun.dep_ == "pobj" and noun.head.lower_ == "of":
        container = noun.head.head
        if container.lemma_.lower() not in _CONTAINERS or container is noun.head:
            break
        noun = container
    return noun


def _of_complements(noun: Token) -> list[Token]:
    """Plain nouns that complete an event noun's name ("memorandum of understanding")."""
    return [c for c in prep_objects(noun, {"of"}, deep=False) if c.pos_ == "NOUN"]


_AIMING = {"aim", "target", "direct"}
_COVERING = {"cover", "apply", "hit", "affect", "target", "include"}


def _aimed_at(noun: Token) -> list[Token]:
    """ "controls aimed at X", "sanctions targeting X": the participle names the target."""
    found: list[Token] = []
    for participle in noun.children:
        if participle.dep_ != "acl" or participle.lemma_.lower() not in _AIMING:
            continue
        found += [c for c in participle.children if c.dep_ == "dobj"]
        found += prep_objects(participle, {"at", "against"}, deep=False)
    return found


def _nearest_agent(verb: Token, noun: Token) -> list[Token]:
    """ "set up by A and by B in partnership with C": with several "by" phrases, the event
    noun belongs to the last one before it (B), not to every agent."""
    bys = [t for t in verb.subtree if t.lower_ == "by" and t.dep_ in {"agent", "prep", "conj"}]
    bys = [t for t in bys if t.i < noun.i]
    if len(bys) < 2:
        return []
    return [c for c in bys[-1].children if c.dep_ == "pobj"]


def _apply_noun(frame: NounFrame, noun: Token, index: MentionIndex, sink: CandidateSink) -> None:
    confidence = index.lexicons.confidence.noun_trigger
    subjects, objects, placed = _noun_actors(frame, noun, index)
    object_tokens = prep_objects(noun, frame.object_preps, deep=False)
    if not object_tokens:
        # "a memorandum of understanding with X": the preposition hangs on the complement
        object_tokens = [
            t
            for c in _of_complements(noun)
            for t in prep_objects(c, frame.object_preps, deep=False)
        ]
    if not object_tokens and noun.dep_ == "dobj":
        # "signed a deal with AMD": the parser often hangs the preposition on the verb
        object_tokens = prep_objects(noun.head, frame.object_preps, deep=False)
    if frame.predicate is Predicate.RESTRICTS:
        object_tokens += _aimed_at(noun)
        if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in _COVERING:
            # "the new controls cover X and Y", "the curbs apply to X"
            object_tokens += [c for c in noun.head.children if c.dep_ == "dobj"]
            object_tokens += prep_objects(noun.head, {"to"}, deep=False)
    lift = frame.predicate in index.lexicons.lift_object_modifiers
    objects += [m for m in _mentions(index, object_tokens, lift=lift) if m not in objects]
    if not subjects:
        # "the debut of OpenAI's GPT-5.1": the object's possessor is the actor
        subjects = [
            index.at(c.i)  # type: ignore[misc]
            for token in object_tokens
            for c in token.children
            if c.dep_ == "poss" and index.at(c.i) is not None
        ]
    sentence = noun.sent
    symmetric = ontology().spec(frame.predicate).symmetric
    between = any(t.head.lower_ in {"between", "among"} for t in object_tokens)
    if symmetric and not subjects and between and len(objects) > 1:
        subjects = objects  # "the agreement between OpenAI and Microsoft"
    if symmetric and not objects and len(subjects) > 1:
        objects = subjects  # "China and Saudi Arabia signed an agreement"
    # makers stand in for products only when the participant is the placed object
    # ("places Google in competition with OpenAI's GPT-5.1"), not a reporting subject
    _emit(index, sink, subjects, frame.predicate, objects, confidence, sentence, lift=placed)


__all__ = ["TriggerMatcher"]
