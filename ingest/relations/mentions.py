"""Entity mentions as the relation extractor sees them.

Built once per ``Doc`` from ``doc.ents`` (typed by the entity stages) plus light
additions: country names and demonyms the entity stages left untagged, when that
country is an entity of the article; coreferences ("the company", "it", "its")
resolved to ranked compatible antecedents (clause subjects and sentence topics first,
"the Dutch company" to an antecedent known to be Dutch); and plural anaphora ("the two
companies", "they") resolved to the latest coordinated list. Datelines
("WASHINGTON, March 26 —") are not mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ingest.relations.lexicon import Lexicons
from schema import EntityType

_POSSESSIVE = {"'s", "’s", "'", "’"}
_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "pcomp"}
_NOMINAL_POS = {"NOUN", "PROPN", "ADJ", "NUM"}
_COREF_WINDOW_SENTS = 3
_LIST_SEPARATORS = {",", "and", "or", "&"}
_CONJUNCTIONS = {"and", "or", "&"}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4}
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_TEMPORAL = {"last", "next", "this", "earlier", "later", "early", "late", "yesterday", "today"}
_MAX_ALTERNATIVES = 4


def normalize(text: str) -> str:
    """Case-fold and drop punctuation and spaces (the scoring rule for names)."""
    return re.sub(r"[\W_]+", "", text.casefold())


@dataclass(frozen=True)
class Mention:
    """One typed entity mention: tokens ``[start, end)`` of the doc."""

    start: int
    end: int
    type: EntityType
    canonical: str
    coref: bool = False
    synthetic: bool = False
    alternatives: tuple[Mention, ...] = ()
    """For a coreference: further antecedents, best first, tried when the first one
    does not fit the predicate's domain or range."""


@dataclass
class MentionIndex:
    """All mentions of one doc with token lookup and helpers used by every rule."""

    doc: Doc
    lexicons: Lexicons
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    coref_by_token: dict[int, Mention] = field(default_factory=dict)
    country_by_variant: dict[str, str] = field(default_factory=dict)
    _chain: list[Mention] = field(default_factory=list)
    group_by_token: dict[int, list[Mention]] = field(default_factory=dict)
    _relational_lemmas: frozenset[str] = frozenset()
    line_of: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _nationalities: dict[str, set[str]] = field(default_factory=dict)
    _sentence_topics: dict[tuple[int, tuple[EntityType, ...], int], Mention | None] = field(
        default_factory=dict
    )
    _modifier_kinds: dict[Mention, str | None] = field(default_factory=dict)

    # --- construction -------------------------------------------------------------
    @classmethod
    def build(cls, doc: Doc, lexicons: Lexicons) -> MentionIndex:
        index = cls(doc=doc, lexicons=lexicons)
        index._relational_lemmas = frozenset(
            lemma for noun in lexicons.relational_nouns for lemma in noun.lemmas
        )
        index.line_of = _line_numbers(doc)
        for ent in doc.ents:
            mention = _from_span(ent)
            if mention is not None and not _is_dateline(ent):
                index._add(mention)
        index._index_countries()
        index._add_untagged_countries()
        index.mentions.sort(key=lambda m: m.start)
        index._sentence_starts = [sent.start for sent in doc.sents]
        index._index_nationalities()
        index._resolve_coreferences()
        return index

    def _add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention

    def _index_countries(self) -> None:
        """Map every lexicon variant of each country in the doc to its canonical name."""
        groups = {
            canonical: {normalize(v) for v in (canonical, *variants)}
            for canonical, variants in self.lexicons.countries.items()
        }
        for mention in self.mentions:
            if mention.type is not EntityType.COUNTRY:
                continue
            forms = {normalize(mention.canonical), normalize(self.text(mention))}
            self.country_by_variant.update(dict.fromkeys(forms, mention.canonical))
            for variants in groups.values():
                if forms & variants:
                    for variant in variants:
                        self.country_by_variant.setdefault(variant, mention.canonical)

    def _add_untagged_countries(self) -> None:
        """Tag country names/demonyms the entity stages missed, if that country is in the doc."""
        if not self.country_by_variant:
            return
        by_first: dict[str, list[list[str]]] = {}
        for variants in self.lexicons.countries.values():
            for variant in variants:
                words = variant.split()
                if variant[:1].isupper() and self.country(variant) is not None:
                    by_first.setdefault(words[0], []).append(words)
        doc, i = self.doc, 0
        while i < len(doc):
            candidates = by_first.get(doc[i].text, []) if i not in self.by_token else []
            width = max(
                (
                    len(words)
                    for words in candidates
                    if [t.text for t in doc[i : i + len(words)]] == words
                    and not any(j in self.by_token for j in range(i, i + len(words)))
                ),
                default=0,
            )
            if width:
                canonical = self.country(doc[i : i + width].text)
                if canonical is not None:
                    self._add(Mention(i, i + width, EntityType.COUNTRY, canonical, synthetic=True))
            i += max(width, 1)

    def _resolve_coreferences(self) -> None:
        """Pronouns and definite NPs ("the company") -> ranked compatible antecedents."""
        for token in self.doc:
            if token.i in self.by_token:
                continue
            group = self._plural_antecedents(token)
            if group:
                self.group_by_token[token.i] = [
                    Mention(token.i, token.i + 1, m.type, m.canonical, coref=True) for m in group
                ]
                continue
            described = self._relative_possessor(token)
            if described is not None:
                self.coref_by_token[token.i] = described
                continue
            allowed = self._coref_types(token)
            if not allowed:
                continue
            ranked = self._antecedents(token, allowed)
            if ranked:
                best, rest = ranked[0], tuple(ranked[1:])
                resolved = Mention(
                    token.i, token.i + 1, best.type, best.canonical, coref=True, alternatives=rest
                )
                self.coref_by_token[token.i] = resolved
                if token.pos_ == "NOUN" or token.dep_ in {"nsubj", "nsubjpass"}:
                    # "the company" and a subject "It" can be antecedents themselves
                    self._chain.append(resolved)

    def resolve(self, token: Token, allowed: tuple[EntityType, ...]) -> Mention | None:
        """The best antecedent of ``token`` among ``allowed`` types, as for "the company"."""
        ranked = self._antecedents(token, allowed)
        return ranked[0] if ranked else None

    def _relative_possessor(self, token: Token) -> Mention | None:
        """ "Quill AI, whose backers include ...": *whose* is the noun the clause describes."""
        if token.tag_ != "WP$":
            return None
        clause = token
        for _ in range(4):
            if clause.dep_ == "relcl" or clause.head is clause:
                break
            clause = clause.head
        if clause.dep_ != "relcl":
            return None
        described = self.by_token.get(clause.head.i)
        if described is None:
            return None
        return Mention(token.i, token.i + 1, described.type, described.canonical, coref=True)

    def _plural_antecedents(self, token: Token) -> list[Mention]:
        """ "they", "the two companies", "both firms" -> the latest list of two or more
        coordinated compatible mentions (of the stated size, if a number is given)."""
        lex = self.lexicons
        size: int | None = None
        if token.pos_ == "PRON" and token.lower_ in lex.plural_pronouns:
            allowed = lex.plural_pronouns[token.lower_]
        elif token.tag_ == "NNS" and token.lemma_.lower() in lex.coref_nouns:
            children = list(token.children)
            numbers = [c for c in children if c.dep_ == "nummod" and c.lower_ in _NUMBERS]
            size = _NUMBERS[numbers[0].lower_] if numbers else None
            determined = any(
                c.dep_ in {"det", "predet"} and c.lower_ in {"the", "these", "those", "both"}
                for c in children
            )
            if not (determined or size) or token.i + 1 in self.by_token:
                return []
            allowed = lex.coref_nouns[token.lemma_.lower()]
        else:
            return []
        sents = self._sentence_starts
        sent_start = token.sent.start
        position = sents.index(sent_start) if sent_start in sents else 0
        window_start = sents[max(0, position - 2)]
        for mention in reversed(self.mentions):
            if mention.end > token.i or mention.start < window_start:
                continue
            if mention.type not in allowed or self.modifier_kind(mention) is not None:
                continue
            group = self.coordinated(mention.start, self.doc[mention.start].sent.end)
            group = [m for m in group if m.end <= token.i]
            if len(group) >= 2 and (size is None or len(group) == size):
                return group
        return []

    def _coref_types(self, token: Token) -> tuple[EntityType, ...]:
        lex = self.lexicons
        lower = token.lower_
        if token.pos_ == "PRON" and lower in lex.pronouns:
            return lex.pronouns[lower]
        if token.pos_ != "NOUN" or token.tag_ not in {"NN", "NNP"}:
            return ()
        noun = _hyphenated_noun(token) or token.lemma_.lower()  # "start-up" is three tokens
        if noun not in lex.coref_nouns:
            return ()
        if not any(c.dep_ == "det" and c.lower_ in lex.coref_determiners for c in token.children):
            return ()
        following = token.i + 1
        if following < len(self.doc) and following in self.by_token:
            return ()  # "the start-up Zhipu": the entity itself follows
        if any(c.dep_ in {"compound", "appos"} and c.i in self.by_token for c in token.children):
            return ()
        if token.dep_ == "appos" and token.head.i in self.by_token:
            return ()  # "Anthropic, the maker of Claude": a description, not a reference
        return lex.coref_nouns[noun]

    def _antecedents(self, token: Token, allowed: tuple[EntityType, ...]) -> list[Mention]:
        """Compatible earlier mentions, best first: subjects of this sentence, other
        mentions of this sentence, then subjects and others of the previous sentences."""
        sent = token.sent
        sents = self._sentence_starts
        position = sents.index(sent.start) if sent.start in sents else 0
        window_start = sents[max(0, position - _COREF_WINDOW_SENTS)]
        tiers: list[list[Mention]] = [[], [], [], []]
        pool = [*self.mentions, *self._chain] if self._chain else self.mentions
        if self._chain:
            pool.sort(key=lambda m: m.start)
        fronted = _fronted_participles(token)
        for mention in reversed(pool):
            if mention.end > token.i or mention.start < window_start:
                continue
            if mention.type not in allowed or self.modifier_kind(mention) == "nationality":
                continue
            if any(lo <= mention.start < hi for lo, hi in fronted):
                continue  # "Founded by ex-Quill staff, the company ...": not Quill
            same_sentence = mention.start >= sent.start
            subject = self._is_subject(mention) or self._opens_sentence(mention, allowed)
            tier = (0 if subject else 1) if same_sentence else (2 if subject else 3)
            tiers[tier].append(mention)
        ranked: list[Mention] = []
        seen: set[str] = set()
        for mention in (m for tier in tiers for m in tier):
            if mention.canonical not in seen:
                seen.add(mention.canonical)
                ranked.append(mention)
        if token.lemma_.lower() in self.lexicons.list_nouns:
            # "the list" is the latest named list, however far back ("Entity List")
            lists = [
                m
                for m in reversed(self.mentions)
                if m.end <= token.i and m.type in allowed and self._is_list_name(m)
            ]
            if lists:
                ranked = [lists[0], *(m for m in ranked if m.canonical != lists[0].canonical)]
        country = self._nationality_of_phrase(token)
        if country is not None:
            # "The Dutch company": the latest antecedent known to be Dutch, however far back
            matching = [
                m
                for m in reversed(pool)
                if m.end <= token.i
                and m.type in allowed
                and country in self._nationalities.get(m.canonical, ())
            ]
            if matching:
                ranked = [matching[0], *(m for m in ranked if m.canonical != matching[0].canonical)]
        return ranked[:_MAX_ALTERNATIVES]

    def _is_list_name(self, mention: Mention) -> bool:
        words = re.findall(r"\w+", f"{mention.canonical} {self.text(mention)}".lower())
        return mention.type is EntityType.POLICY and bool(set(words) & self.lexicons.list_nouns)

    def _nationality_of_phrase(self, token: Token) -> str | None:
        for child in token.children:
            mention = self.by_token.get(child.i)
            if mention is not None and mention.type is EntityType.COUNTRY:
                return mention.canonical
        return None

    def _index_nationalities(self) -> None:
        """Canonical name -> countries written right before its mentions ("Dutch ... ASML")."""
        for country in self.mentions:
            if country.type is not EntityType.COUNTRY or self.modifier_kind(country) is None:
                continue
            sent_end = self.doc[country.start].sent.end
            for i in range(country.end, min(sent_end, country.end + 7)):
                target = self.by_token.get(i)
                if target is not None and target.type is not EntityType.COUNTRY:
                    self._nationalities.setdefault(target.canonical, set()).add(country.canonical)
                    break

    def _opens_sentence(self, mention: Mention, allowed: tuple[EntityType, ...]) -> bool:
        """The first mention of a compatible type in its sentence: the sentence's topic."""
        sent_start = self.doc[mention.start].sent.start
        key = (sent_start, allowed, len(self._chain))
        if key not in self._sentence_topics:
            # a resolved subject pronoun ("It is led by ...") comes first when it opens
            pool = sorted([*self.mentions, *self._chain], key=lambda m: m.start)
            self._sentence_topics[key] = next(
                (m for m in pool if m.start >= sent_start and m.type in allowed), None
            )
        return self._sentence_topics[key] is mention

    def _is_subject(self, mention: Mention) -> bool:
        """The mention is (part of) a clause subject."""
        for token in self.doc[mention.start : mention.end]:
            current = token
            for _ in range(3):
                if current.dep_ in {"nsubj", "nsubjpass"}:
                    return True
                if (
                    current.dep_ not in {"compound", "conj", "appos", "flat"}
                    or current.head is current
                ):
                    break
                current = current.head
        return False

    # --- queries -------------------------------------------------------------------
    def text(self, mention: Mention) -> str:
        return self.doc[mention.start : mention.end].text

    def at(self, i: int) -> Mention | None:
        """The mention covering token ``i`` (entity first, then a resolved coreference)."""
        return self.by_token.get(i) or self.coref_by_token.get(i)

    def starting_at(self, i: int) -> Mention | None:
        mention = self.at(i)
        return mention if mention is not None and mention.start == i else None

    def in_range(self, start: int, end: int) -> Iterator[Mention]:
        """Each mention (or resolved coreference) covering a token in ``[start, end)``."""
        seen: set[Mention] = set()
        for i in range(start, end):
            mention = self.at(i)
            if mention is not None and mention not in seen:
                seen.add(mention)
                yield mention

    def country(self, text: str) -> str | None:
        """Canonical name of the doc's country written ``text`` (name, demonym, capital)."""
        return self.country_by_variant.get(normalize(text))

    def modifier_kind(self, mention: Mention) -> str | None:
        """How a mention modifies a following noun, if it does.

        ``possessive``: "Nvidia's H20"; ``compound``: directly followed by another mention
        ("Nvidia H20", "US Commerce"); ``nationality``: a country before a noun
        ("US companies", "Chinese firms"). ``None``: the mention heads its phrase.
        """
        if mention not in self._modifier_kinds:
            self._modifier_kinds[mention] = self._modifier_kind(mention)
        return self._modifier_kinds[mention]

    def _modifier_kind(self, mention: Mention) -> str | None:
        doc = self.doc
        if mention.coref and doc[mention.start].tag_ in {"PRP$", "WP$"}:
            return "possessive"  # "its", "his", "whose"
        nxt = mention.end
        if nxt >= len(doc) or doc[nxt].sent.start != doc[mention.start].sent.start:
            return None
        if doc[nxt].text in _POSSESSIVE and (doc[nxt].tag_ == "POS" or doc[nxt].dep_ == "case"):
            return "possessive"
        if doc[nxt].text == "-" and not doc[mention.end - 1].whitespace_:
            # "Beijing-based Zhipu", "Tencent-backed Zhipu"
            return "nationality" if mention.type is EntityType.COUNTRY else "compound"
        if nxt in self.by_token and doc[mention.end - 1].whitespace_:
            return "compound"
        if mention.type is EntityType.COUNTRY and (
            doc[nxt].pos_ in _NOMINAL_POS or in_hyphenated_word(doc, nxt)
        ):
            if doc[nxt].lower_ not in _TEMPORAL:
                return "nationality"  # not "by the European Union last year"
        return None

    def coordinated(
        self, start: int, sent_end: int, *, through_possessors: bool = False
    ) -> list[Mention]:
        """The mention starting at ``start`` and those coordinated after it.

        "Nettrix Information Industry Co, Suma Technology Co, and Suma-USI Electronics";
        parenthesised aliases ("(SMIC)") are skipped. Read from the surface, so a parse
        that splits the list still gives every conjunct.
        """
        doc = self.doc
        first = self.starting_at(start) if start < sent_end else None
        if first is None:
            return []
        items = [first]
        i = first.end
        conjunction = False  # "X, Y and Z" is a list; "X, the Commerce Department said" not
        while i < sent_end:
            if doc[i].text == "(":
                close = next(
                    (k for k in range(i, min(sent_end, i + 8)) if doc[k].text == ")"), None
                )
                if close is None:
                    break
                i = close + 1
                continue
            j, saw_separator = i, False
            while j < sent_end and (doc[j].lower_ in _LIST_SEPARATORS or doc[j].lower_ == "the"):
                saw_separator = saw_separator or doc[j].lower_ in _LIST_SEPARATORS
                conjunction = conjunction or doc[j].lower_ in _CONJUNCTIONS
                j += 1
            if saw_separator and not conjunction:
                # a comma-only step must be followed later by "and"/"or" to be a list
                conjunction = self._conjunction_follows(j, sent_end)
            nxt = self.starting_at(j) if saw_separator and j < sent_end else None
            if (
                through_possessors
                and nxt is not None
                and nxt.type is not EntityType.COUNTRY  # "Germany's X" starts a new nationality
                and self.modifier_kind(nxt) == "possessive"
            ):
                after = nxt.end + 1  # "U.S. giants OpenAI, Meta and Alphabet's Google"
                nxt = self.starting_at(after) if after < sent_end else None
            if nxt is None or (nxt.type is not first.type):
                break
            if self.modifier_kind(nxt) is not None or "\n" in doc[i:j].text_with_ws:
                break
            items.append(nxt)
            i = nxt.end
        return items if conjunction else items[:1]

    def _conjunction_follows(self, start: int, sent_end: int) -> bool:
        """An "and"/"or" joins list items somewhere after ``start`` before the clause ends."""
        for token in self.doc[start:sent_end]:
            if token.lower_ in _CONJUNCTIONS:
                return True
            if token.pos_ in {"VERB", "AUX"} or token.text in {";", ".", ":"}:
                return False
        return False

    def argument_mentions(self, token: Token, *, lift_modifiers: bool = False) -> list[Mention]:
        """Mentions that fill an argument headed by ``token``, one per conjunct.

        Walks the token's phrase (not its clauses): conjuncts, appositions, compounds,
        "of"/"including"/"such as" complements, naming participles ("a model called R1")
        and a gerund's object ("from using X"); drops mentions that only modify another
        word, unless ``lift_modifiers`` and nothing else fills the phrase ("restrict
        China's access" -> China). Surface coordination completes what the parse split.
        """
        lex = self.lexicons
        seen: set[int] = set()
        heads: list[Mention] = []
        modifiers: list[Mention] = []
        stack = [token]
        if token.dep_ == "appos":
            stack.append(token.head)
        while stack:
            current = stack.pop()
            if current.i in seen:
                continue
            seen.add(current.i)
            own = current is token
            for member in self.group_by_token.get(current.i, []):
                if (own or current.tag_ != "PRP$") and member not in heads:
                    heads.append(member)  # "the two companies" -> each company
            mention = self.at(current.i) or self._before_suffix(current)
            if mention is not None:
                # the argument's own head token counts even when it is a possessor
                # ("its efforts to prevent" -> its; "its chips sold to China" -> its)
                bucket = heads if own or self.modifier_kind(mention) is None else modifiers
                if mention not in bucket:
                    bucket.append(mention)
            stack.extend(self._phrase_children(current, lex, all_preps=lift_modifiers))
            counted = self._counted_after(current)
            if counted is not None and counted not in heads:
                heads.append(counted)
        found = heads or (modifiers if lift_modifiers else [])
        sent_end = token.sent.end
        for mention in list(found):
            if not mention.coref:
                found += [m for m in self.coordinated(mention.start, sent_end) if m not in found]
        found.sort(key=lambda m: m.start)
        return found

    def _counted_after(self, token: Token) -> Mention | None:
        """The chip a count the parse cut off stands for: in "a cluster of about 12,000
        Ascend 910C processors" the parser may end the phrase at "12,000" and hang the
        name elsewhere; a chip named right after a count is what is counted."""
        if token.pos_ != "NUM" or token.i + 1 >= len(self.doc):
            return None
        if re.fullmatch(r"(19|20)\d\d", token.text):
            return None  # a year: "in 2024 Nvidia ..."
        mention = self.by_token.get(token.i + 1)
        if mention is None or mention.start != token.i + 1 or mention.type is not EntityType.CHIP:
            return None
        return mention

    def _before_suffix(self, token: Token) -> Mention | None:
        """A company-form suffix stands for the name before it ("Prosperity7 Ventures, LLC")."""
        if token.text.rstrip(".").lower() not in self.lexicons.corporate_suffixes:
            return None
        i = token.i - 1
        if i >= 0 and self.doc[i].text == ",":
            i -= 1
        return self.by_token.get(i) if i >= 0 else None

    def _phrase_children(self, current: Token, lex: Lexicons, *, all_preps: bool) -> list[Token]:
        children: list[Token] = []
        gerund = current.pos_ == "VERB" and current.tag_ == "VBG" and current.dep_ == "pcomp"
        members = current.lemma_.lower() in lex.member_nouns and current.i not in self.by_token
        version = current.lemma_.lower() in lex.version_nouns and current.i not in self.by_token
        for child in current.children:
            if version and child.dep_ == "prep":
                continue  # "X, a new version of its Y": Y is the base product, not an argument
            if members and child.dep_ in {"compound", "nmod", "amod"}:
                continue  # "former AMD engineers" are people, not AMD
            if child.dep_ == "appos" and child.lemma_.lower() in self._relational_lemmas:
                continue  # "Liang, the co-founder of High Flyer": a description, not a conjunct
            if gerund and child.dep_ == "dobj":
                children.append(child)
                continue
            if child.dep_ in _CLAUSE_DEPS:
                if child.dep_ == "acl" and child.lemma_.lower() in lex.naming_verbs:
                    children += [c for c in child.children if c.dep_ in {"oprd", "attr", "dobj"}]
                continue
            together = child.lower_ == "with" and any(
                c.lower_ in {"together", "along"} for c in child.children
            )  # "Alibaba together with Tencent"
            if child.dep_ == "prep" and child.lower_ not in lex.expansion_preps and not together:
                if not (all_preps or (gerund and child.lower_ == "to")):
                    continue
            if child.dep_ in {"nsubj", "nsubjpass", "dobj", "agent", "mark"}:
                continue
            children.append(child)
        return children

    def hyphen_partner(self, mention: Mention) -> Mention | None:
        """The country joined to this one by a hyphen: "US-China" (either side)."""
        doc = self.doc
        if mention.type is not EntityType.COUNTRY:
            return None
        before, after = mention.start - 1, mention.end
        if before >= 1 and doc[before].text in {"-", "–"} and not doc[before - 1].whitespace_:
            partner = self.at(before - 1)
            if partner is not None and partner.type is EntityType.COUNTRY:
                return partner
        if after + 1 < len(doc) and doc[after].text in {"-", "–"} and not doc[after].whitespace_:
            partner = self.at(after + 1)
            if partner is not None and partner.type is EntityType.COUNTRY:
                return partner
        return None

    def owner_of(self, mention: Mention) -> Mention | None:
        """The possessor or compound modifier before a mention ("OpenAI's GPT-5",
        "Nvidia's latest high-performance chips")."""
        doc = self.doc
        before = mention.start - 1
        while before >= 0 and doc[before].pos_ in {"ADJ", "ADV"} and before > mention.start - 4:
            before -= 1
        if before >= 0 and doc[before].text in _POSSESSIVE:
            before -= 1
        owner = self.at(before) if before >= 0 else None
        if (
            owner is None
            or owner == mention
            or self.modifier_kind(owner) not in {"possessive", "compound"}
        ):
            return None
        return owner


def _fronted_participles(token: Token) -> list[tuple[int, int]]:
    """Token ranges of participial clauses fronted before the subject ``token`` of the
    same verb ("Founded in 2019 by A, who left B, the company ..."). Their understood
    subject is ``token`` itself, so a name inside them is another participant, never
    what ``token`` refers to."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    verb = token.head
    # up to the subject itself: the parse may hang the participle's appositions and
    # relative clauses on the main verb
    return [
        (c.left_edge.i, token.left_edge.i)
        for c in verb.children
        if c.dep_ == "advcl"
        and c.i < token.i
        and c.tag_ in {"VBN", "VBG"}
        and not any(d.dep_ in {"nsubj", "nsubjpass", "mark"} for d in c.children)
    ]


def _line_numbers(doc: Doc) -> list[int]:
    """Line number of every token: a sentence never runs across a line break in news text,
    even where the parser joined a headline or bullet to the next paragraph."""
    numbers, line = [], 0
    for token in doc:
        numbers.append(line)
        if "\n" in token.text_with_ws:
            line += 1
    return numbers


def _is_dateline(span: Span) -> bool:
    """A place in capitals opening a line ("WASHINGTON, March 26 —"), not an actor."""
    doc = span.doc
    at_line_start = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    if not (at_line_start and span.text.isupper() and len(span.text) > 3):
        return False
    after = [t.text for t in doc[span.end : span.end + 2]]
    if after[:1] and after[0] in {"(", "—", "–", ":"}:
        return True  # "AMSTERDAM :", "BEIJING (Reuters)"
    return after[:1] == [","] and len(after) == 2 and after[1][:3].lower() in _MONTHS


def _hyphenated_noun(token: Token) -> str | None:
    """ "start-up" when ``token`` is the "up" of "start-up" (the tokenizer splits it)."""
    doc, i = token.doc, token.i
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return None
    return f"{doc[i - 2].lower_}-{token.lower_}"


def in_hyphenated_word(doc: Doc, i: int) -> bool:
    """Token ``i`` is part of a hyphenated word ("start-up", "AI-driven")."""
    before = i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
    after = i + 1 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_
    return before or after or (doc[i].text == "-" and not doc[i].whitespace_ and i > 0)


def _from_span(span: Span) -> Mention | None:
    try:
        entity_type = EntityType(span.label_)
    except ValueError:
        return None
    canonical = span._.canonical if span.has_extension("canonical") else None
    return Mention(span.start, span.end, entity_type, str(canonical or span.text))


__all__ = ["Mention", "MentionIndex", "in_hyphenated_word", "normalize"]
