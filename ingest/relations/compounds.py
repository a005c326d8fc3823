"""Relations inside compounds and possessives, without a verb.

- possessives and compounds: "Nvidia's H20", "its Kimi K2 model" -> DEVELOPS;
  "Alphabet's Google", "Commerce's Bureau of Industry and Security" -> PART_OF;
  "the EU's AI Act" -> ENACTS;
- product names: "NVIDIA H100", "OpenAI o1" -> DEVELOPS;
- hyphenated participles: "Tencent-backed Zhipu" -> INVESTS_IN, "X-owned Y" -> PART_OF;
- located units: "the Center for AI Standards (CAISI) at NIST" -> PART_OF.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ingest.relations.lists import is_named_list
from ingest.relations.mentions import Mention, normalize
from ingest.relations.phrases import (
    APPOSITION_MARKS,
    PhraseRules,
    descriptor_end,
    sentence_of,
    skip_possessive,
)
from schema import EntityType, Predicate

_LOCATING_PREPS = {"at", "inside", "within"}  # "the Center for X at NIST", "a unit within Y"


class CompoundRules(PhraseRules):
    """Possessives, product names, hyphenated participles and located units."""

    def run(self) -> None:
        self.possessives()
        self.maker_names()
        self.hyphenated()
        self.located_units()
        self.model_sources()
        self.versions()

    def _owner_mentions(self) -> list[Mention]:
        owners = [
            m
            for m in self.index.mentions
            if self.index.modifier_kind(m) in {"possessive", "compound"}
        ]
        owners += [
            m
            for i, m in self.index.coref_by_token.items()
            if self.doc[i].tag_ in {"PRP$", "WP$"}
            or self.doc[i].lower_ in {"its", "his", "her", "their"}
        ]
        return owners

    def possessives(self) -> None:
        doc, index = self.doc, self.index
        for owner in self._owner_mentions():
            if owner.type is EntityType.COUNTRY and not owner.coref:
                if index.modifier_kind(owner) == "nationality":
                    continue
            if owner.end < len(doc) and doc[owner.end].text == "-":
                continue  # "Alibaba-backed MiniMax": the hyphen rule decides
            sent = sentence_of(doc, owner.start)
            start = skip_possessive(doc, owner.end)
            end = descriptor_end(index, start, sent.end)
            words = [t.lemma_.lower() for t in doc[start:end]]
            if any(w in self.relational for w in words):
                continue  # "Moonshot's peer Baichuan": the relational-noun rule decides
            targets = index.coordinated(end, sent.end)
            if not targets and words and words[-1] in self.lex.product_head_nouns:
                j = end
                while j < sent.end and doc[j].text in APPOSITION_MARKS:
                    j += 1
                if j > end:
                    targets = index.coordinated(j, sent.end)
            if targets and self._modifies_product(targets[0], sent):
                continue  # "Saudi Arabia's first Nvidia Omniverse platform"
            for target in targets:
                self._possessed(owner, target, sent)

    def _possessed(self, owner: Mention, target: Mention, sent: Span) -> None:
        conf = self.conf.possessive
        if target.type in {EntityType.AI_MODEL, EntityType.CHIP}:
            self.sink.add(owner, Predicate.DEVELOPS, target, conf, sent)
        elif target.type in {EntityType.ORGANIZATION, EntityType.GOVERNMENT_BODY}:
            if owner.type in {EntityType.ORGANIZATION, EntityType.GOVERNMENT_BODY}:
                self.sink.add(target, Predicate.PART_OF, owner, conf, sent)
            elif owner.type is EntityType.COUNTRY:
                predicate = self._nationality_predicate(target)
                if predicate is not None:
                    self.sink.add(target, predicate, owner, self.conf.nationality, sent)
        elif target.type is EntityType.POLICY and not is_named_list(self.index, target):
            self.sink.add(owner, Predicate.ENACTS, target, conf, sent)

    def maker_names(self) -> None:
        """A product named after its maker ("NVIDIA H100", "OpenAI o1") -> DEVELOPS."""
        index = self.index
        makers = self._maker_names()
        for mention in index.mentions:
            if mention.type not in {EntityType.AI_MODEL, EntityType.CHIP}:
                continue
            norm = normalize(index.text(mention))
            sent = sentence_of(self.doc, mention.start)
            for maker_norm, maker in makers.items():
                if norm.startswith(maker_norm) and len(norm) > len(maker_norm):
                    self.sink.add(maker, Predicate.DEVELOPS, mention, self.conf.name_internal, sent)

    def _maker_names(self) -> dict[str, Mention]:
        makers: dict[str, Mention] = {}
        for mention in self.index.mentions:
            if mention.type is EntityType.ORGANIZATION and not mention.synthetic:
                for form in (self.index.text(mention), mention.canonical):
                    if len(normalize(form)) >= 3:
                        makers.setdefault(normalize(form), mention)
        return makers

    def hyphenated(self) -> None:
        """Hyphenated participles: "<X>-backed <Y>" (X invests in Y), "<X>-owned <Y>" (Y part of X),
        "<X>-designed <chip>" (X develops it), "<X>-made <chip>" (X manufactures it)."""
        doc, index = self.doc, self.index
        participles = {
            lemma: frame for frame in self.lex.hyphen_participles for lemma in frame.lemmas
        }
        for mention in index.mentions:
            hyphen, word = mention.end, mention.end + 1
            if word >= len(doc) or doc[hyphen].text != "-" or doc[mention.end - 1].whitespace_:
                continue
            frame = participles.get(doc[word].lower_)
            if frame is None:
                continue
            sent = doc[mention.start].sent
            targets = index.coordinated(descriptor_end(index, word + 1, sent.end), sent.end)
            if frame.holder == "subject":
                self.sink.add_all(
                    targets, frame.predicate, [mention], self.conf.relational_noun, sent
                )
            else:
                self.sink.add_all(
                    [mention], frame.predicate, targets, self.conf.relational_noun, sent
                )

    def located_units(self) -> None:
        """A named body "at", "inside" or "within" another named body is a unit of it."""
        doc, index = self.doc, self.index
        bodies = {EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION}
        for unit in index.mentions:
            if unit.type not in bodies or unit.coref:
                continue
            i = unit.end
            if i < len(doc) and doc[i].text == "(":
                while i < len(doc) and doc[i].text != ")":
                    i += 1
                i += 1
            if i >= len(doc) or doc[i].lower_ not in _LOCATING_PREPS:
                continue
            j = i + 1
            while j < len(doc) and doc[j].pos_ == "DET":
                j += 1
            parent = index.starting_at(j) if j < len(doc) else None
            if parent is not None and index.modifier_kind(parent) == "possessive":
                # "inside the Commerce Department's NIST": the unit is in NIST
                after = descriptor_end(index, skip_possessive(doc, parent.end), len(doc))
                parent = index.starting_at(after) if after < len(doc) else None
            if parent is not None and parent.type is unit.type and not parent.coref:
                sent = doc[unit.start].sent
                self.sink.add(unit, Predicate.PART_OF, parent, self.conf.relational_noun, sent)

    def versions(self) -> None:
        """ "Nova-1, a new version of its Falcon model": the owner of the base product
        develops the new version too."""
        doc, index = self.doc, self.index
        for product in index.mentions:
            if product.type not in {EntityType.AI_MODEL, EntityType.CHIP}:
                continue
            for noun in self._apposed_version(product):
                bases = [
                    pobj
                    for prep in noun.children
                    if prep.dep_ == "prep" and prep.lower_ == "of"
                    for pobj in prep.children
                    if pobj.dep_ == "pobj"
                ]
                owners = [
                    owner
                    for base in bases
                    for c in base.children
                    if c.dep_ == "poss" and (owner := index.at(c.i)) is not None
                ]
                sent = sentence_of(doc, product.start)
                for owner in owners:
                    self.sink.add(owner, Predicate.DEVELOPS, product, self.conf.possessive, sent)

    def _apposed_version(self, product: Mention) -> list[Token]:
        """The "version" noun apposed to a product: ", a new version of ..." (read from the
        surface, as the parser often makes it a second object)."""
        doc, i = self.doc, product.end
        if i >= len(doc) or doc[i].text != ",":
            return []
        j = i + 1
        while j < min(len(doc), i + 5) and doc[j].pos_ in {"DET", "ADJ", "ADV"}:
            j += 1
        if j < len(doc) and doc[j].lemma_.lower() in self.lex.version_nouns:
            return [doc[j]]
        return []

    def model_sources(self) -> None:
        """ "Gemini 2.5 from Google", "a model by OpenAI" -> the organisation DEVELOPS it.

        Models only: "GPUs from Yotta" names a seller, not the chip's developer.
        """
        doc, index = self.doc, self.index
        for model in index.mentions:
            if model.type is not EntityType.AI_MODEL or model.end + 1 >= len(doc):
                continue
            if doc[model.end].lower_ not in {"from", "by"}:
                continue
            j = model.end + 1
            while j < len(doc) and doc[j].pos_ == "DET":
                j += 1
            maker = index.starting_at(j) if j < len(doc) else None
            if maker is not None and index.modifier_kind(maker) is None:
                sent = sentence_of(doc, model.start)
                self.sink.add(maker, Predicate.DEVELOPS, model, self.conf.possessive, sent)


__all__ = ["CompoundRules"]
