"""Nationality: "Chinese start-up Zhipu", "Beijing-based Zhipu", "Japan's SoftBank",
"US companies OpenAI and Oracle", "Sophgo, a Chinese chip designer" -> BASED_IN;
a government body's country ("China's Ministry of Commerce", "US Department of
Commerce") -> PART_OF, as the guidelines ask.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ingest.relations.mentions import Mention, in_hyphenated_word
from ingest.relations.phrases import (
    INTRODUCERS,
    PhraseRules,
    appositive_before,
    descriptor_end,
    sentence_of,
    skip_possessive,
)
from schema import EntityType, Predicate

_LIST_INTRODUCERS = {
    "by",
    "notably",
    "especially",
    "chiefly",
    "mainly",
    "among",
    "them",
    "later",
    "since",
    "subsequently",
    "identified",
    "revealed",
}  # "led by A and B", "a Chinese customer later identified as A"


class NationalityRules(PhraseRules):
    """Country modifiers and country-bearing names."""

    def run(self) -> None:
        self.nationality()
        self.country_names()

    def _emit_nationality(
        self, targets: list[Mention], country: Mention, sent: Span, descriptor: list[str]
    ) -> None:
        for target in targets:
            words = set(descriptor) | set(self.index.text(target).lower().split())
            political = bool(words & self.lex.political_titles)
            predicate = self._nationality_predicate(target)
            if predicate is None or (target.type is EntityType.PERSON and political):
                continue  # "Saudi Crown Prince X" leads, is not "based in"
            if self._based(country):
                predicate = Predicate.BASED_IN  # "the Luxembourg-based body": seat, not state
            self.sink.add(target, predicate, country, self.conf.nationality, sent)

    def _based(self, country: Mention) -> bool:
        doc, i = self.doc, country.end
        return i + 1 < len(doc) and doc[i].text == "-" and doc[i + 1].lower_ == "based"

    def _and_other_before(self, start: int, sent_start: int) -> Mention | None:
        """``X`` in "X and other American firms", "X, like many other Chinese firms"."""
        doc, i = self.doc, start - 1
        if i < sent_start or doc[i].lower_ not in {"other", "fellow"}:
            return None
        i -= 1
        if i >= sent_start and doc[i].lower_ in {"many", "several", "some", "its"}:
            i -= 1
        if i < sent_start or doc[i].lower_ not in {"and", "or", "like", "among"}:
            return None
        i -= 1
        if i >= sent_start and doc[i].text == ",":
            i -= 1
        mention = self.index.at(i) if i >= sent_start else None
        return None if mention is None or mention.coref else mention

    def _modifiers_start(self, country: Mention) -> int:
        """Where the modifiers before a demonym begin: "X, the loss-making / only / little-known
        Chilean designer" -> the token after "the"."""
        doc, i = self.doc, country.start
        sent_start = doc[country.start].sent.start
        while (
            i - 1 >= sent_start
            and country.start - i < 4
            and (doc[i - 1].pos_ in {"ADJ", "ADV"} or in_hyphenated_word(doc, i - 1))
            and self.index.at(i - 1) is None
        ):
            i -= 1
        return i

    def nationality(self) -> None:
        doc, index = self.doc, self.index
        for country in index.mentions:
            if country.type is not EntityType.COUNTRY or index.modifier_kind(country) is None:
                continue
            sent = sentence_of(doc, country.start)
            before = index.at(country.start - 1) if country.start > sent.start else None
            if before is not None and before.type is EntityType.ORGANIZATION:
                continue  # "Nvidia China general manager X": a unit's name, not X's nationality
            start = skip_possessive(doc, country.end)
            end = descriptor_end(index, start, sent.end)
            descriptor = [t.lower_ for t in doc[start:end] if t.pos_ in {"NOUN", "PROPN"}]
            targets = self._list_after(end, sent)
            owner = index.starting_at(end) if end < sent.end else None
            head_word = doc[start:end].text.split()[-1].lower() if end > start else ""
            if (
                head_word in self.lex.org_head_nouns
                and owner is not None
                and owner.type is EntityType.ORGANIZATION
                and index.modifier_kind(owner) == "possessive"
            ):
                targets = [owner]  # "Chinese start-up DeepSeek's R1 model"
            if end > start and doc[end - 1].tag_ == "NN" and doc[end - 1].pos_ == "NOUN":
                # "Abu Dhabi investment firm X, Y and Z": a singular noun describes X only
                targets = targets[:1]
            heads = {head_word, *descriptor[-1:]}  # "start-up" is one word on the surface
            if not targets and heads & self.lex.org_head_nouns:
                holder = appositive_before(index, self._modifiers_start(country), sent.start)
                j = end
                while j < sent.end and (
                    doc[j].lower_ in INTRODUCERS
                    or doc[j].lower_ in _LIST_INTRODUCERS
                    or (doc[j].lower_ == "led" and j + 1 < sent.end and doc[j + 1].lower_ == "by")
                ):
                    j += 1  # "Chinese model makers, led by A, B and C"
                if j > end and not (holder is not None and doc[end - 1].tag_ == "NN"):
                    # "X, the Chilean designer led by Y": a singular apposition is X, not Y
                    targets = self._list_after(j, sent)
                if not targets:
                    holder = holder or self._and_other_before(country.start, sent.start)
                    targets = [holder] if holder is not None else []
            if targets and targets[0].type is EntityType.COUNTRY:
                continue
            self._emit_nationality(targets, country, sent, descriptor)

    def country_names(self) -> None:
        """Countries in names: "US Department of Commerce", "China's Ministry" -> PART_OF (BASED_IN
        for an organisation named with a possessive country)."""
        index = self.index
        for mention in index.mentions:
            text = index.text(mention)
            if mention.type is not EntityType.GOVERNMENT_BODY and not (
                mention.type is EntityType.ORGANIZATION and re.search(r"['’]s\b", text)
            ):
                continue
            country = self._country_in_name(mention)
            if country is None:
                continue
            sent = sentence_of(self.doc, mention.start)
            # "The U.S. Congress, Pentagon, NASA": the country covers the list
            for body in index.coordinated(mention.start, sent.end):
                predicate = self._nationality_predicate(body)
                if predicate is not None:
                    self.sink.add(body, predicate, country, self.conf.name_internal, sent)

    def _country_in_name(self, mention: Mention) -> Mention | None:
        """The country a body's name carries: "US Department of Commerce", "China's
        Ministry of Commerce", "Cyberspace Administration of China"."""
        tokens = [t.text for t in self.doc[mention.start : mention.end]]
        candidates = []
        for width in range(min(4, len(tokens) - 1), 0, -1):
            candidates.append(" ".join(tokens[:width]))
        if "of" in tokens:
            candidates.append(" ".join(tokens[len(tokens) - tokens[::-1].index("of") :]))
        for candidate in candidates:
            canonical = self.index.country(candidate)
            if canonical is not None and canonical != mention.canonical:
                return Mention(
                    mention.start, mention.end, EntityType.COUNTRY, canonical, synthetic=True
                )
        return None


__all__ = ["NationalityRules"]
