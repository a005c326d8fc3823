"""Relational nouns and titles: "CEO Jensen Huang", "X, a subsidiary of Y", "Y's rival X",
"TSMC, a major supplier for Nvidia", "President Biden" (leads the country), and the
leader of a named administration ("Biden administration").
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from ingest.relations.lexicon import RelationalNoun
from ingest.relations.mentions import Mention, in_hyphenated_word
from ingest.relations.phrases import PhraseRules, appositive_before, sentence_of
from ingest.relations.syntax import clause_subject
from schema import EntityType, Predicate

_TITLE_GLUE = {"of", "for", "and", "the", "&"}
_TITLE_CHAIN_GLUE = {"and", "&", ",", "'s", "’s"}
_ADMINISTRATION = re.compile(r"^(?:the\s+)?([A-Z][\w'’.]+)(?:[-–][\w'’.]+)?\s+[Aa]dministration$")
_ADMINISTRATION_OF = re.compile(
    r"administration of (?:(?:President|Prime Minister)\s+)?(.+)$", re.I
)


class RelationalNounRules(PhraseRules):
    """Holders and counterparts of relational nouns; titles; administrations."""

    def run(self) -> None:
        self.relational_nouns()
        self.administrations()

    def relational_nouns(self) -> None:
        for token in self.doc:
            noun = self._relational_noun(token)
            if noun is None or self._demoted(token):
                continue
            # "rival Kestrel" is often tagged as an adjective
            adjective_rival = (
                token.pos_ == "ADJ"
                and noun.predicate is Predicate.COMPETES_WITH
                and self.index.starting_at(token.i + 1) is not None
            )
            if token.pos_ not in {"NOUN", "PROPN"} and not adjective_rival:
                continue
            inside = self.index.by_token.get(token.i)
            if inside is not None:
                # "President Biden" tagged as one Person mention: the title is inside it
                if inside.type is EntityType.PERSON and inside.start == token.i:
                    self._leads([inside], token, [], implicit=True)
                continue
            holders = self._holders(token)
            counterparts, described = self._counterparts(token)
            first = token.head
            if token.dep_ == "conj" and self._relational_noun(first) is not None:
                # "Quill AI's co-founder and chief executive": the titles share both ends
                holders = holders or self._holders(first)
                if not counterparts:
                    counterparts, described = self._counterparts(first)
            if noun.predicate in {Predicate.LEADS, Predicate.FOUNDED}:
                chain = self._coordinated_titles(token)
                if chain is not None:
                    holders, counterparts, described = [chain[0]], [chain[1]], True
            if noun.holder == "object" and noun.predicate is Predicate.SUPPLIES:
                if holders and not counterparts:
                    counterparts = self._supplier_of_clause(token, holders)
            if noun.predicate is Predicate.COMPETES_WITH and not counterparts and holders:
                counterparts = self._rival_of_subject(token, holders)
            if noun.predicate is Predicate.LEADS:
                self._leads(holders, token, counterparts, implicit=not described)
            elif noun.holder == "subject":
                self._relate(holders, noun, counterparts, token)
            else:
                self._relate(counterparts, noun, holders, token)

    def _coordinated_titles(self, token: Token) -> tuple[Mention, Mention] | None:
        """ "Quill co-founder and chief executive X", "Orion vice chair and president X":
        coordinated titles between a company and a person's name give the person and the
        company, whatever the parse made of the chain (the small model often reads the
        first title as an apposition of the company and the name as a conjunct)."""
        doc, index = self.doc, self.index
        sent = token.sent

        def in_chain(i: int) -> bool:
            word = doc[i]
            lower = word.lower_
            return index.at(i) is None and (
                lower in _TITLE_CHAIN_GLUE
                or lower in self.lex.title_words
                or lower in self.lex.non_leading_title_modifiers
                or self._relational_noun(word) is not None
                or in_hyphenated_word(doc, i)
            )

        after = token.i + 1
        while after < sent.end and after - token.i <= 8 and in_chain(after):
            after += 1
        before = token.i - 1
        while before >= sent.start and token.i - before <= 8 and in_chain(before):
            before -= 1
        words = {doc[i].lower_ for i in range(before + 1, after)}
        if not words & {"and", "&"} or after >= sent.end or before < sent.start:
            return None
        # the name and the company touch the chain at a title, not at a comma or "and"
        if doc[after - 1].lower_ in _TITLE_CHAIN_GLUE or doc[before + 1].lower_ in {
            "and",
            "&",
            ",",
        }:
            return None
        person, body = index.starting_at(after), index.at(before)
        if person is None or person.type is not EntityType.PERSON or person.coref:
            return None
        if body is None or body.end != before + 1:
            return None
        if body.type not in {EntityType.ORGANIZATION, EntityType.GOVERNMENT_BODY}:
            return None
        return person, body

    def _relate(
        self, subjects: list[Mention], noun: RelationalNoun, objects: list[Mention], token: Token
    ) -> None:
        """One triple per pair; a pair the noun's predicate does not allow takes its
        ``otherwise`` predicate ("maker of the X chip" / "maker of the X chatbot")."""
        confidence, sentence = self.conf.relational_noun, token.sent
        if noun.otherwise is None:
            self.sink.add_all(subjects, noun.predicate, objects, confidence, sentence)
            return
        for subject in subjects:
            for obj in objects:
                if not self.sink.add(subject, noun.predicate, obj, confidence, sentence):
                    self.sink.add(subject, noun.otherwise, obj, confidence, sentence)

    def _relational_noun(self, token: Token) -> RelationalNoun | None:
        noun = self.relational.get(token.lemma_.lower()) or self.relational.get(token.lower_)
        if noun is None and token.lower_ in {"executive", "officer"} and token.i > 0:
            # "chief executive (officer)": the head of the title, not "chief" alone
            if self.doc[token.i - 1].lower_ in {"chief", "executive"}:
                noun = self.relational.get("ceo")
        return noun

    def _leads(
        self, holders: list[Mention], title: Token, counterparts: list[Mention], *, implicit: bool
    ) -> None:
        """Titles: "CEO X" leads the named body; "President X" leads the country.

        ``implicit``: a head-of-state title with no body may lead the article's country
        (not when the title names a portfolio in words: "President of Global Affairs").
        """
        people = [h for h in holders if h.type is EntityType.PERSON]
        titles = self.lex.head_of_state_titles
        two_words = f"{self.doc[title.i - 1].lower_} {title.lower_}" if title.i > 0 else ""
        head_of_state = title.lower_ in titles or title.lemma_.lower() in titles
        head_of_state = head_of_state or two_words in titles  # "Prime Minister"
        if head_of_state:
            counterparts = [*counterparts, *self._country_before_title(title)]
        bodies = [c for c in counterparts if c.type is not EntityType.COUNTRY]
        if bodies or not head_of_state:
            counterparts = bodies
        for person in people:
            led = counterparts
            if not led:
                owner = self.index.owner_of(person)  # "CEOs including Nvidia's Jensen Huang"
                led = [owner] if owner is not None and owner.type is not EntityType.COUNTRY else []
            if not led and head_of_state and implicit and self._state_title(title, person):
                led = self._implicit_led(title)
            if not led and implicit and title.lower_ in self.lex.corporate_titles:
                confidence = self.conf.title * self.conf.coref_factor
                for body in self._company_in_focus(title, person):
                    self.sink.add_fallback(person, Predicate.LEADS, body, confidence, title.sent)
            for body in led:
                self.sink.add(person, Predicate.LEADS, body, self.conf.title, title.sent)

    def _company_in_focus(self, title: Token, person: Mention) -> list[Mention]:
        """ "..., chief executive Maria Lopez said": a bare company title right before the
        name leads the company the passage is about, found as "the company" would be."""
        if person.start != title.i + 1 or any(
            c.dep_ in {"poss", "det"} and c.lower_ not in {"the"} for c in title.children
        ):
            return []
        resolved = self.index.resolve(title, (EntityType.ORGANIZATION,))
        return [resolved] if resolved is not None else []

    def _state_title(self, title: Token, person: Mention) -> bool:
        """The "President X" form of a head of state: a capitalised title right before the
        name (or inside it). "president Koike", "X, Microsoft's vice chair and president"
        are company officers, whose country is not theirs to lead."""
        if not title.text[:1].isupper():
            return False
        if person.start <= title.i < person.end:
            return True
        between = self.doc[title.i + 1 : person.start]
        # a first name the entity span left out may sit between: "President Doanld Trump"
        return person.start > title.i and len(between) <= 2 and all(t.is_title for t in between)

    def _rival_of_subject(self, token: Token, holders: list[Mention]) -> list[Mention]:
        """ "X was fined together with rival Y": a bare "rival" is the clause subject's;
        so are "rivals" contrasted with it ("X signed, while rivals such as Y did not")."""
        if _owned(token):
            return []
        contrast = self._contrasted_clause(token)
        if token.dep_ not in {"compound", "amod"} and contrast is None:
            return []
        verb = contrast if contrast is not None else token.head
        for _ in range(6):
            if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
                break
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return []
        return self._subject_mentions(verb, {h.type for h in holders}, holders)

    def _supplier_of_clause(self, token: Token, customers: list[Mention]) -> list[Mention]:
        """ "X serves customers such as A and B", "X makes chips for customers including A":
        bare customers named in a clause are those of the clause subject, the supplier."""
        if _owned(token):
            return []
        verb = token
        for _ in range(4):
            if verb.dep_ not in {"dobj", "pobj", "prep", "dative"} or verb.head is verb:
                return []
            verb = verb.head
            if verb.pos_ in {"VERB", "AUX"}:
                break
        if verb.pos_ not in {"VERB", "AUX"}:
            return []
        return self._subject_mentions(verb, {EntityType.ORGANIZATION}, customers)

    def _subject_mentions(
        self, verb: Token, kinds: set[EntityType], excluded: list[Mention]
    ) -> list[Mention]:
        """Mentions of ``kinds`` in the clause subject of ``verb``, other than ``excluded``."""
        return [
            m
            for t in clause_subject(verb)
            for m in self.index.argument_mentions(t)
            if m.type in kinds and m not in excluded
        ]

    @staticmethod
    def _contrasted_clause(token: Token) -> Token | None:
        """The main verb a bare plural "rivals" is set against, if any."""
        if token.tag_ != "NNS":
            return None
        if token.dep_ == "nsubj" and token.head.dep_ == "advcl":
            marks = {c.lower_ for c in token.head.children if c.dep_ == "mark"}
            return token.head.head if marks & {"while", "whereas"} else None
        return None

    def _country_before_title(self, title: Token) -> list[Mention]:
        """ "British Prime Minister X", "France's President X": the country the title names."""
        i = title.i - 1
        while i >= title.sent.start and (
            self.doc[i].lower_ in {"prime", "'s", "’s"} or self.doc[i].pos_ == "ADJ"
        ):
            mention = self.index.at(i)
            if mention is not None:
                break
            i -= 1
        mention = self.index.at(i) if i >= title.sent.start else None
        if mention is None or mention.type is not EntityType.COUNTRY:
            return []
        return [mention]

    def _demoted(self, token: Token) -> bool:
        """A demoted title: "vice chairman", "former minister", "president-elect"."""
        doc = self.doc
        before = {doc[j].lower_ for j in range(max(token.sent.start, token.i - 2), token.i)}
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if before & self.lex.non_leading_title_modifiers or after in {"-elect", "elect"}:
            return True
        return token.lower_.endswith("-elect")

    def _holders(self, token: Token) -> list[Mention]:
        index, doc = self.index, self.doc
        holders: list[Mention] = []
        nxt = index.starting_at(token.i + 1) if token.i + 1 < len(doc) else None
        if nxt is not None and not nxt.coref:
            holders += index.coordinated(nxt.start, token.sent.end)
        elif token.dep_ == "compound" and index.at(token.head.i) is not None:
            holders.append(index.at(token.head.i))  # type: ignore[arg-type]
        if token.dep_ == "appos":
            described = token.head
            if token.tag_ == "NNS" or any(t.lower_ == "respectively" for t in token.sent):
                # "Japan and the Netherlands, home to ...": the whole coordination
                while described.dep_ == "conj" and described.head is not described:
                    described = described.head
            holders += index.argument_mentions(described)
        for child in token.children:
            if child.dep_ == "appos" and index.at(child.i) is not None:
                # "its main shareholders, A and B": every conjunct of the apposition
                holders += index.argument_mentions(child)
        if not holders:
            holders += self._person_after_title(token)
        before = appositive_before(index, self._phrase_start(token), token.sent.start)
        if before is not None and not holders:
            holders.append(before)
            described = self.doc[before.end - 1]
            if described.dep_ == "conj" and any(t.lower_ == "respectively" for t in token.sent):
                while described.dep_ == "conj" and described.head is not described:
                    described = described.head  # "Japan and Freedonia, home to A and B ..."
                holders = index.argument_mentions(described) or holders
        if not holders and token.dep_ == "pobj" and token.head.lower_ == "as":
            governor = token.head.head  # "Trump's stint as US president", "announced as a backer"
            if governor.pos_ in {"NOUN", "PROPN"}:
                possessors = (index.at(c.i) for c in governor.children if c.dep_ == "poss")
                holders += [m for m in possessors if m is not None]
            else:
                holders += [m for s in clause_subject(governor) for m in index.argument_mentions(s)]
        if not holders and token.dep_ == "pobj" and token.head.lower_ == "among":
            # "counts X among its investors" (the object), "X is among its backers" (subject)
            verb = token.head.head
            if verb.pos_ in {"VERB", "AUX"}:
                if verb.lemma_.lower() in {"be", "remain"}:
                    arguments = clause_subject(verb)
                else:
                    arguments = [c for c in verb.children if c.dep_ == "dobj"]
                holders += [m for a in arguments for m in index.argument_mentions(a)]
        head = token.head
        if token.dep_ == "attr" and head.lemma_ in {"be", "become", "remain"}:
            holders += [m for s in clause_subject(head) for m in index.argument_mentions(s)]
        listed = (
            c for p in token.children if p.lower_ in {"including", "like", "as"} for c in p.children
        )
        holders += [m for c in listed if c.dep_ == "pobj" for m in index.argument_mentions(c)]
        if token.dep_ == "nsubj" and head.lemma_ in {"include", "be", "comprise", "feature"}:
            holders += [
                m
                for c in head.children
                if c.dep_ in {"dobj", "attr"}
                for m in index.argument_mentions(c)
            ]
        unique: list[Mention] = []
        for holder in holders:
            if holder not in unique:
                unique.append(holder)
        return unique

    def _person_after_title(self, token: Token) -> list[Mention]:
        """The person after a long title ("Under Secretary of Commerce for ... Jeffery Kessler")."""
        doc, i = self.doc, token.i + 1
        end = min(token.sent.end, token.i + 10)
        while i < end:
            mention = self.index.starting_at(i)
            if mention is not None and mention.type is EntityType.PERSON and not mention.coref:
                return [mention]
            word = doc[i].lower_
            if not (doc[i].is_title or word in self.lex.title_words or word in _TITLE_GLUE):
                return []
            i += 1
        return []

    def _phrase_start(self, token: Token) -> int:
        """Index of the first token of the noun phrase ending at ``token``."""
        start = token.i
        for child in token.children:
            if child.i < start and child.dep_ in {
                "det",
                "amod",
                "compound",
                "nmod",
                "poss",
                "nummod",
                "advmod",
            }:
                start = min(start, child.left_edge.i)
        return start

    def _counterparts(self, token: Token) -> tuple[list[Mention], bool]:
        """The other end named with a relational noun, and whether a complement describes
        it only in words ("of global affairs", "for Industry and Security")."""
        index, doc = self.index, self.doc
        found: list[Mention] = []
        modifiers = [c for c in token.children if c.dep_ in {"poss", "compound", "nmod"}]
        if token.dep_ in {"compound", "amod"}:  # "its arch-rival Alibaba": possessor on the head
            modifiers += [c for c in token.head.children if c.dep_ == "poss"]
        for child in modifiers:
            mention = index.at(child.i) if child.i < token.i else None
            if mention is not None and mention not in found:
                found.append(mention)
        # the mention right before the title ("Nvidia CEO", "TSMC's CEO")
        j = token.i - 1
        while j >= token.sent.start and (
            doc[j].text in {"'s", "’s"}
            or doc[j].pos_ == "ADJ"
            or (in_hyphenated_word(doc, j) and index.at(j) is None)  # "Quill's co-founder"
        ):
            j -= 1
        if j >= token.sent.start:
            mention = index.at(j)
            if (
                mention is not None
                and mention not in found
                and index.modifier_kind(mention) != "nationality"
            ):
                found.append(mention)
            elif mention is not None and mention.type is not EntityType.COUNTRY:
                found.append(mention)
        described = False
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in self.lex.relational_preps:
                continue
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            described = described or not objects  # the parse lost "for Industry and Security"
            for pobj in objects:
                complements = index.argument_mentions(pobj) or self._surface_after(prep)
                described = described or not complements
                found += [m for m in complements if m not in found]
        if described:
            # "Secretary of Commerce for Industry and Security" names the body in words;
            # "president of global affairs" names no body: not a leader of the possessor
            return self._title_by_words(token), True
        return found or self._title_by_words(token), False

    def _title_by_words(self, token: Token) -> list[Mention]:
        """The body whose name shares most words with the title phrase.

        "Commerce Secretary X", "Under Secretary of Commerce for Industry and Security X".
        """
        if token.lemma_.lower() not in self.lex.leading_titles:
            return []
        doc = self.doc
        words = {
            t.lower_
            for t in doc[max(token.sent.start, token.i - 3) : min(token.sent.end, token.i + 8)]
            if t.is_title and not t.is_stop and t.i != token.i and self.index.at(t.i) is None
        }
        if not words:
            return []
        best: tuple[int, Mention] | None = None
        for mention in self.index.mentions:
            if mention.type not in {EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION}:
                continue
            overlap = len(words & set(re.findall(r"\w+", mention.canonical.lower())))
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, mention)
        return [best[1]] if best is not None else []

    def _implicit_led(self, token: Token) -> list[Mention]:
        """Head-of-state title with no named body: the country of the sentence or article."""
        countries = [
            m
            for m in self.index.in_range(token.sent.start, token.sent.end)
            if m.type is EntityType.COUNTRY
            # "President X sought to rival America's Stargate": a possessor country
            # owns another thing in the clause, it is not the one X leads
            and self.index.modifier_kind(m) != "possessive"
        ]
        if countries:
            return [min(countries, key=lambda m: abs(m.start - token.i))]
        counts = Counter(m.canonical for m in self.index.mentions if m.type is EntityType.COUNTRY)
        if not counts:
            return []
        top = counts.most_common(1)[0][0]
        return [next(m for m in self.index.mentions if m.canonical == top)]

    def administrations(self) -> None:
        people = [m for m in self.index.mentions if m.type is EntityType.PERSON]
        if not people:
            return
        for mention in self.index.mentions:
            if mention.type is not EntityType.GOVERNMENT_BODY:
                continue
            for form in (mention.canonical, self.index.text(mention)):
                match = _ADMINISTRATION.match(form) or _ADMINISTRATION_OF.search(form)
                if match is None:
                    continue
                name = match.group(1).split()[-1].lower()
                leader = next((p for p in people if p.canonical.split()[-1].lower() == name), None)
                if leader is not None:
                    sent = sentence_of(self.doc, mention.start)
                    self.sink.add(leader, Predicate.LEADS, mention, self.conf.title, sent)
                    break


def _owned(noun: Token) -> bool:
    """The noun has a possessor or determiner ("its rivals", "the customers"): not bare."""
    return any(c.dep_ in {"poss", "det"} for c in noun.children)


__all__ = ["RelationalNounRules"]
