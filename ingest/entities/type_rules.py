"""``frontierkg_entity_typer``: map spaCy NER labels to ontology types, drop the rest.

Knowledge-base and pattern spans already carry ontology labels and are kept. A statistical
span is trimmed ("the", possessive "'s", punctuation), looked up in the knowledge base
(also without legal suffixes: "Nvidia Corp." is Nvidia), and otherwise typed by rule:

- ``ORG`` naming a ministry, department, agency, commission, administration, bureau,
  legislature, court or military -> ``GovernmentBody``; universities and other ORGs ->
  ``Organization``; news agencies credited as the source are dropped;
- ``PERSON`` -> ``Person``; ``LAW`` -> ``Policy``; ``GPE`` -> ``Country`` only when the
  knowledge base knows it as a country or capital (cities and regions are not entities);
- dates, money, numbers, ``NORP`` without a known demonym and everything else are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ingest.doc_extensions import ensure_extensions, mark_described, mark_person
from ingest.entities.knowledge import KnowledgeBase, KnowledgeEntry, knowledge_base
from ingest.entities.names import core_name, strip_legal_suffix, tidy
from ingest.entities.product_rules import described_as, described_product_type, product_type
from schema import EntityType

ONTOLOGY_LABELS = frozenset(t.value for t in EntityType)
GOVERNMENT_WORDS = re.compile(
    r"\b(?:Ministry|Ministries|Department|Dept|Agency|Commission|Administration|Bureau|"
    r"Congress|Senate|Parliament|Council|Committee|Cabinet|Court|Army|Navy|Air Force|"
    r"Military|Government|Authority|Regulator|Legislature|Assembly|Pentagon|White House|"
    r"State Council|Politburo|Police|Directorate|Secretariat|Treasury|Office of|"
    r"House of Representatives|House of Commons|House of Lords|Communist Party|"
    r"National Institutes? of|Ministry|Armed Forces|Liberation Army|Coast Guard|"
    r"Task ?Force|Taskforce|Diet|Office$|Joint Undertaking)\b",
    re.IGNORECASE,
)
ACADEMIC_WORDS = re.compile(
    r"\b(?:University|College|Institute of Technology|School|Academy)\b", re.IGNORECASE
)
NEWS_AGENCIES = frozenset(
    {"reuters", "bloomberg", "bloomberg news", "bloomberg lp", "associated press", "ap",
     "afp", "agence france-presse", "xinhua", "xinhua news agency", "kyodo", "kyodo news",
     "yonhap", "tass", "cnbc", "cnn", "bbc", "fox business", "fox news", "financial times",
     "ft", "wall street journal", "the wall street journal", "wsj", "new york times", "nyt",
     "nikkei", "nikkei asia", "south china morning post", "scmp", "the post", "post",
     "the information", "techcrunch", "the verge", "axios", "caixin", "global times",
     "politico", "semafor", "the guardian", "guardian", "ani", "pti", "yahoo finance",
     "venturebeat", "wired", "seeking alpha", "marketwatch", "forbes", "business insider",
     "the economist", "digitimes"}
)  # fmt: skip
GENERIC_TERMS = frozenset(
    {"ai", "gpu", "gpus", "cpu", "cpus", "llm", "llms", "api", "ipo", "ceo", "cto", "cfo",
     "r&d", "ev", "evs", "5g", "4g", "tech", "app", "apps", "chatbot", "genai", "agi", "ml",
     "saas", "cloud", "inc", "inc.", "ltd", "ltd.", "llc", "corp", "corp.", "co", "co.",
     "plc", "group", "holdings", "company", "ip", "it", "hr", "pr", "q1", "q2", "q3",
     "q4", "fy", "gpt"}
)  # fmt: skip
_DROP_LEADING = frozenset({"the", "a", "an"})
POLICY_WORDS = re.compile(
    r"\b(?:Act|Law|Rule|Rules|Regulation|Regulations|List|Plan|Order|Directive|Mission|"
    r"Initiative|Program|Programme|Strategy|Framework|Code of Practice|Measures|Agreement|"
    r"Accord|Treaty|Pact|Bill|Guidelines|Provisions|Declaration|Charter)$"
)
PERSON_TITLES = frozenset(
    {"president", "representative", "rep", "rep.", "senator", "sen", "sen.", "chairman",
     "chairwoman", "chair", "spokesperson", "spokesman", "spokeswoman", "ceo", "cto", "cfo",
     "founder", "co-founder", "minister", "secretary", "director", "analyst", "mr", "mr.",
     "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "professor", "prof.", "governor", "premier",
     "chancellor", "ambassador", "commissioner", "lawmaker", "executive", "sheikh",
     "prince", "admiral", "judge", "investor", "researcher", "scientist",
     "economist", "officer", "head", "leader", "by"}
)  # fmt: skip
_HONORIFICS = frozenset(
    {"president", "senator", "sen.", "rep.", "representative", "minister", "premier",
     "chancellor", "governor", "secretary", "chairman", "chairwoman", "mr", "mr.", "ms", "ms.",
     "mrs", "mrs.", "dr", "dr.", "prince", "sheikh", "king", "queen", "ambassador",
     "commissioner", "judge"}
)  # fmt: skip
_OWNER_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
_CHIP_HEADS = frozenset(
    {
        "chip",
        "chips",
        "processor",
        "processors",
        "gpu",
        "gpus",
        "superchip",
        "superchips",
        "accelerator",
        "accelerators",
    }
)


def trim(span: Span) -> Span | None:
    """Span without leading determiners, trailing possessives and edge punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].text in _DROP_LEADING
        or doc[start].is_punct
        or doc[start].like_num
        or (any(c.isdigit() for c in doc[start].text) and doc[start].text[-1].islower())
        or doc[start].is_currency
    ):
        start += 1  # "the", "$500bn Stargate", "18,000-unit"
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].lower_ in {"'s", "\u2019s", "'"}
        or (
            end - start > 1
            and doc[end - 1].is_alpha
            and doc[end - 1].is_lower
            and bool(doc[end - 2].whitespace_)
        )
    ):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def lookup_forms(kb: KnowledgeBase, text: str) -> KnowledgeEntry | None:
    """Knowledge-base entry for ``text``, also tried without legal suffixes."""
    for form in (text, tidy(text), strip_legal_suffix(tidy(text)), core_name(tidy(text))):
        entry = kb.lookup(form)
        if entry is not None:
            return entry
    return None


def ontology_type(label: str, text: str) -> EntityType | None:
    """Ontology type for a statistical NER span the knowledge base does not know."""
    lowered = text.lower()
    if lowered in GENERIC_TERMS or lowered in NEWS_AGENCIES:
        return None
    if POLICY_WORDS.search(text) and label in {"ORG", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT"}:
        return EntityType.POLICY if len(text.split()) > 1 else None
    if label == "LAW":
        return None  # "the Mate 60": LAW without a policy word is a misfire
    if label == "ORG":
        if len(text) <= 2 and text.isupper():
            return None
        if ACADEMIC_WORDS.search(text):
            return EntityType.ORGANIZATION
        if GOVERNMENT_WORDS.search(text):
            return EntityType.GOVERNMENT_BODY
        return EntityType.ORGANIZATION
    if label == "PERSON":
        if GOVERNMENT_WORDS.search(text) and len(text.split()) > 2:
            return EntityType.GOVERNMENT_BODY
        if any(c.isdigit() for c in text):
            return None  # "TWINSCAN NXT:1970i": a product code, never a person's name
        return EntityType.PERSON if any(c.isalpha() for c in text) else None
    return None


class EntityTyper:
    """Relabels ``doc.ents`` with ontology types; see the module docstring for the rules.

    Example:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> typer = nlp.add_pipe("frontierkg_entity_typer")
        >>> doc = nlp.make_doc("the Ministry of Commerce said")
        >>> doc.ents = [Span(doc, 0, 4, label="ORG")]
        >>> [(e.text, e.label_) for e in typer(doc).ents]
        [('Ministry of Commerce', 'GovernmentBody')]
    """

    def __init__(self, name: str, kb: KnowledgeBase, words: frozenset[str] = frozenset()) -> None:
        ensure_extensions()
        self.name = name
        self.kb = kb
        self._words = words

    def __call__(self, doc: Doc) -> Doc:
        typed: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in ONTOLOGY_LABELS:
                typed.append(ent)
                continue
            for part in split_possessive(ent, self._words):
                span = self._typed(part)
                if span is not None:
                    typed.append(span)
        text = doc.text  # built by joining tokens: once per doc
        terms = _defined_terms(doc)
        doc.ents = [
            s
            for s in filter_spans(typed)
            if not _boilerplate(s, text) and (s.kb_id_ or s.text not in terms)
        ]
        return doc

    def _typed(self, ent: Span) -> Span | None:
        if "\n" in ent.text or ent.label_ not in _NER_LABELS:
            return None
        span = trim(ent)
        if span is None:
            return None
        doc = ent.doc
        text = span.text
        if text.lower() in NEWS_AGENCIES or tidy(text).lower() in NEWS_AGENCIES:
            return None
        entry = lookup_forms(self.kb, text)
        if entry is not None and (
            entry.type is not EntityType.COUNTRY or ent.label_ in {"GPE", "NORP", "LOC", "ORG"}
        ):
            return Span(doc, span.start, span.end, label=entry.type.value, kb_id=entry.name)
        before = doc[span.start - 1] if span.start > 0 else None
        if _heading_label(span):
            return None  # "Benchmark Battles: A New Leader?": a section heading
        if ent.label_ != "LAW" and (kind := product_type(span)) is not None:
            typed = Span(doc, span.start, span.end, label=kind.value)  # "the RNGD accelerator"
            if described_product_type(span) is kind:
                mark_described(typed, kind.value)  # "X, a language model": decides the entity
            return typed
        if ent.label_ in _BODY_LABELS and _described_body(span):
            body = Span(doc, span.start, span.end, label=EntityType.GOVERNMENT_BODY.value)
            mark_described(body, body.label_)  # "Ofrex, the telecoms regulator"
            return body
        if before is not None and before.lower_ in _OWNER_PRONOUNS:
            return None  # "its AI Factory": a part or product of an entity named elsewhere
        if _event_or_place(span):
            return None  # "the AI Action Summit", "Veldhoven-based": not an actor
        if _after_title_of(span):
            return None  # "President of Global Affairs": part of a job title
        if len(span) == 1 and _sentence_initial(span) and self._dictionary_word(span[0]):
            return None  # "Breaches could ...": a capitalised common word
        titled = _strip_leading_titles(span)
        if titled is not None:
            person = Span(doc, titled.start, titled.end, label=EntityType.PERSON.value)
            mark_person(person)
            return person
        if (
            ent.label_ in {"PERSON", "ORG", "GPE", "NORP"}
            and before is not None
            and all(t.is_title for t in span)
            and (
                (len(span) > 1 and before.lower_ in PERSON_TITLES - {"by", "head", "leader"})
                or before.lower_ in _HONORIFICS
            )
        ):
            person = Span(doc, span.start, span.end, label=EntityType.PERSON.value)
            mark_person(person)  # "President Okonkwo", "Representative John Moolenaar"
            return person
        if ent.label_ in {"PERSON", "ORG"} and _founded_by(span):
            return Span(doc, span.start, span.end, label=EntityType.PERSON.value)
        after = doc[span.end] if span.end < len(doc) else None
        if (
            after is not None
            and after.lower_ in _CHIP_HEADS
            and ent.label_ in {"PERSON", "PRODUCT", "FAC", "WORK_OF_ART"}
            and not ORG_NAME_HINT.search(text)
        ):
            return Span(doc, span.start, span.end, label=EntityType.CHIP.value)
        if span.start > 0 and doc[span.start - 1].ent_type_ == EntityType.CHIP.value:
            return None  # "GB300 [Grace Blackwell AI]": the rest of a product name
        if tidy(text) in BARE_MODEL_NAMES:
            return Span(doc, span.start, span.end, label=EntityType.AI_MODEL.value)
        if ent.label_ == "ORG" and _portfolio(span):
            # "Home Affairs Minister X": the ministry the minister heads
            return Span(doc, span.start, span.end, label=EntityType.GOVERNMENT_BODY.value,
                        kb_id=f"Ministry of {tidy(text)}")  # fmt: skip
        if ent.label_ == "ORG":
            span = _extend_body_name(_extend_left(_with_body_head(span)))
        elif ent.label_ == "PERSON":
            span = _extend_left(span, camel_only=True)  # "[EuroHPC] Joint Undertaking"
        entity_type = ontology_type(ent.label_, tidy(span.text))
        if entity_type is None and ent.label_ in {"GPE", "LOC", "FAC"} and _org_apposition(span):
            entity_type = EntityType.ORGANIZATION  # "Bruegel, the Brussels think tank"
        if entity_type is None and _short_owner(span):
            entity_type = EntityType.ORGANIZATION  # "X's Grok": a short name that owns things
        if entity_type is None:
            return None
        return Span(doc, span.start, span.end, label=entity_type.value)

    def _dictionary_word(self, token: Token) -> bool:
        return token.lower_ in self._words or token.lemma_.lower() in self._words


_NER_LABELS = frozenset(
    {"ORG", "PERSON", "GPE", "LAW", "NORP", "PRODUCT", "FAC", "LOC", "WORK_OF_ART", "EVENT"}
)


BARE_MODEL_NAMES = frozenset(
    {"ChatGPT", "Claude", "Llama", "Grok", "Gemini", "Gemma", "Qwen", "Kimi", "Ernie Bot",
     "Hunyuan", "Doubao", "Copilot", "Sora", "Veo", "Midjourney", "Perplexity", "Codex"}
)  # fmt: skip
_BODY_HEADS = frozenset(
    {"committee", "subcommittee", "commission", "council", "ministry", "administration",
     "agency", "bureau", "department", "office", "authority", "institute"}
)  # fmt: skip
ORG_NAME_HINT = re.compile(
    r"\b(?:Inc|Ltd|Corp|Co|LLC|Group|Holdings?|Technologies|Technology|Labs?|Capital|"
    r"Ventures|Networks?|Systems|Electronics|Semiconductors?)\b"
)


_PORTFOLIO_WORDS = frozenset(
    {"affairs", "security", "development", "planning", "technology", "industry", "trade",
     "finance", "defence", "defense", "health", "education", "energy", "science",
     "innovation", "economy", "communications", "information", "transformation"}
)  # fmt: skip


_APPOSITION_ORG_NOUNS = frozenset(
    {"company", "firm", "start-up", "startup", "tank", "group", "unit", "subsidiary",
     "chipmaker", "maker", "lab", "laboratory", "developer", "provider", "fund", "investor",
     "conglomerate", "manufacturer", "foundry", "supplier", "university", "institute"}
)  # fmt: skip


def _org_apposition(span: Span) -> bool:
    """``"Bruegel, the Brussels think tank"``: an organisation noun in apposition."""
    if any(
        t.dep_ == "appos" and t.i > span.end and t.lower_ in _APPOSITION_ORG_NOUNS
        for t in span.root.children
    ):
        return True
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return False
    if doc[span.end + 1].lower_ not in {"the", "a", "an"}:
        return False
    for token in doc[span.end + 2 : min(len(doc), span.end + 7)]:
        if token.is_punct:
            return False
        if token.lower_ in _APPOSITION_ORG_NOUNS and token.pos_ == "NOUN":
            return True
    return False


_BODY_LABELS = frozenset({"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "FAC", "WORK_OF_ART"})
_BODY_CLASS_NOUNS = frozenset(
    {"regulator", "ministry", "agency", "department", "bureau", "legislature", "parliament"}
)  # fmt: skip
_COMMERCIAL_MODIFIERS = frozenset(
    {"news", "press", "ratings", "rating", "credit", "advertising", "ad", "talent", "travel",
     "recruitment", "marketing", "creative", "design", "employment", "modelling", "modeling",
     "photo", "sales", "research", "store", "private"}
)  # fmt: skip


def _described_body(span: Span) -> bool:
    """``"Ofrex, the country's telecoms regulator"``, ``"Kavla is a federal agency"``: the
    text calls the name a regulator, ministry, agency ... (not a news or ratings agency)."""
    noun = described_as(span)
    if noun is None or noun.lower_ not in _BODY_CLASS_NOUNS:
        return False
    doc = span.doc
    at = noun.i - 1
    while at > span.end and doc[at].lower_ not in {",", "a", "an", "the", "is"}:
        if doc[at].lower_ in _COMMERCIAL_MODIFIERS:
            return False
        at -= 1
    return not (noun.i + 1 < len(doc) and doc[noun.i + 1].pos_ in {"NOUN", "PROPN"})


def _portfolio(span: Span) -> bool:
    """``"[Home Affairs] Minister"``, ``"Minister of [Economy and Trade]"``: the portfolio
    of a minister names the ministry."""
    doc = span.doc
    after = span.end < len(doc) and doc[span.end].text == "Minister"
    before = span.start >= 2 and doc[span.start - 1].text == "of"
    before = before and doc[span.start - 2].text == "Minister"
    if before and span.end < len(doc) and doc[span.end].lower_ in _PORTFOLIO_WORDS:
        return False  # "Minister of [Digital] Affairs X": the NER cut the portfolio
    return (
        (after or before)
        and all(t.is_title or t.lower_ in {"and", "of", "&", ","} for t in span)
        and not GOVERNMENT_WORDS.search(span.text)
        and not ORG_NAME_HINT.search(span.text)
    )


_EVENT_HEADS = frozenset(
    {"summit", "conference", "expo", "exhibition", "festival", "hackathon", "olympiad", "fair"}
)


_THING_NOUNS = frozenset(
    {"machine", "supercomputer", "computer", "cluster", "campus", "fab", "plant", "factory",
     "facility", "project", "app", "service"}
)  # fmt: skip


def _event_or_place(span: Span) -> bool:
    """An event name (``"AI Action Summit"``), an unknown place before ``-based``, or the
    name of a machine, site or service (``"its flagship machine, JUPITER"``)."""
    doc = span.doc
    if span[-1].lower_ in _EVENT_HEADS:
        return True
    at = span.start - 1
    if at > 0 and doc[at].text == ",":
        at -= 1
    if at >= 0 and doc[at].lower_ in _THING_NOUNS and doc[at].pos_ == "NOUN":
        return True
    return (
        span.end + 1 < len(doc)
        and doc[span.end].text == "-"
        and doc[span.end + 1].lower_ in {"based", "headquartered"}
    )


def _founded_by(span: Span) -> bool:
    """``"co-founded by Pratyush Kumar"``: a two- or three-word name after "founded by"."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "by" or not 2 <= len(span) <= 3:
        return False
    verb = doc[span.start - 2]
    return verb.lemma_.lower() in {"found", "co-found", "cofound", "start", "establish"} and all(
        t.is_title for t in span
    )


def _with_body_head(span: Span) -> Span:
    """``"the Commerce [department]"``: a lowercase body word after the name is its head."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in _BODY_HEADS and doc[span.end].is_lower:
        return Span(doc, span.start, span.end + 1, label=span.label_)
    return span


def _camel(token: Token) -> bool:
    """``EuroHPC``, ``OpenAI``: a capital inside a word marks a name whatever its tag."""
    text = token.text
    return (
        text[:1].isupper() and any(c.isupper() for c in text[1:]) and any(c.islower() for c in text)
    )


def _extend_left(span: Span, camel_only: bool = False) -> Span:
    """``"Prosperity7 [Ventures]"``, ``"EuroHPC [Joint Undertaking]"``: take in proper-noun
    (or camel-case) tokens the NER left out; only camel-case ones when ``camel_only``."""
    doc = span.doc
    start = span.start
    while start > 0:
        token = doc[start - 1]
        if token.ent_type_ or token.lower_ in PERSON_TITLES:
            break
        if not _camel(token) and (camel_only or token.pos_ != "PROPN"):
            break
        if not (
            token.is_title
            or token.is_upper
            or _camel(token)
            or any(c.isdigit() for c in token.text)
        ):
            break
        start -= 1
    return span if start == span.start else Span(doc, start, span.end, label=span.label_)


_CALENDAR_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"}
)  # fmt: skip


def _extend_body_name(span: Span) -> Span:
    """``"House Select Committee"`` + ``"on China"`` -> the committee's full name."""
    doc = span.doc
    if span[-1].lower_ not in _BODY_HEADS or span.end + 1 >= len(doc):
        return span
    if doc[span.end].lower_ not in {"on", "for", "of"} or not doc[span.end + 1].is_title:
        return span
    if doc[span.end + 1].lower_ in _CALENDAR_WORDS:
        return span  # "the Commission on Tuesday": a date, not the rest of the name
    end = span.end + 1
    while end < len(doc) and (doc[end].is_title or doc[end].lower_ in {"and", "the"}):
        end += 1
    while doc[end - 1].lower_ in {"and", "the"}:
        end -= 1
    return Span(doc, span.start, end, label=span.label_)


_CREDIT_LINE = re.compile(r"\b(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Cc]ompiled)\s+by\b")
_BYLINE = re.compile(r"^\W*By\s+[A-Z]")
_DATELINE_END = frozenset({",", "(", "/", "-", "\u2013", "\u2014", ":"})


def _line_of(span: Span, text: str) -> tuple[int, str]:
    """Character offset of the span's line and the text of that line (``text``: doc text)."""
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    return line_start, text[line_start : len(text) if line_end < 0 else line_end]


def _boilerplate(span: Span, text: str) -> bool:
    """Names in bylines/credit lines ("Reporting by X; Editing by Y") and datelines
    ("WASHINGTON/SINGAPORE (Reuters) -") are about the story's production, not its content."""
    line_start, line = _line_of(span, text)
    if span.label_ == EntityType.PERSON.value and (
        _CREDIT_LINE.search(line) or (_BYLINE.match(line) and len(line.split()) <= 10)
    ):
        return True
    if span.label_ != EntityType.COUNTRY.value or not span.text.isupper() or len(span.text) < 4:
        return False
    before = text[line_start : span.start_char]
    after = span.doc[span.end].text if span.end < len(span.doc) else ""
    return len(before.split()) <= 3 and after in _DATELINE_END


def _defined_terms(doc: Doc) -> set[str]:
    """Acronyms the text defines from common words: "high-bandwidth memory (HBM)",
    "large language models (LLMs)". They name technologies or concepts, not organisations."""
    terms: set[str] = set()
    for token in doc[1:-2]:
        if token.text != "(" or doc[token.i + 2].text != ")":
            continue
        acronym, before = doc[token.i + 1], doc[token.i - 1]
        if acronym.is_upper and before.is_alpha and before.is_lower:
            terms.add(acronym.text)
    return terms


def _short_owner(span: Span) -> bool:
    """A one- or two-capital name followed by a possessive ("X's Grok chatbot")."""
    doc = span.doc
    text = span.text
    return (
        len(text) <= 2
        and text.isupper()
        and text.lower() not in GENERIC_TERMS
        and span.end < len(doc)
        and doc[span.end].text in {"'s", "\u2019s"}
    )


def _heading_label(span: Span) -> bool:
    """The span opens a line and a colon follows it ("Key Takeaways:", "Benchmark Battles:")."""
    doc = span.doc
    at_line_start = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    return at_line_start and span.end < len(doc) and doc[span.end].text == ":"


def _sentence_initial(span: Span) -> bool:
    doc = span.doc
    if span.start == 0:
        return True
    if doc.has_annotation("DEP") or doc.has_annotation("SENT_START"):
        return span.start == span.sent.start
    return doc[span.start - 1].text in {".", "!", "?", "\n"}


def _after_title_of(span: Span) -> bool:
    """``"President of [Global Affairs]"``: the span ends a job title."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ != "of":
        return False
    return doc[span.start - 2].lower_ in {"president", "head", "director", "chief", "vp", "officer"}


def _strip_leading_titles(span: Span) -> Span | None:
    """``"Spokesperson He Yadong"`` -> the person ``He Yadong``; None without a title."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in PERSON_TITLES - {"by"}:
        start += 1
    if start == span.start or not all(
        t.is_title or not t.is_alpha for t in span.doc[start : span.end]
    ):
        return None
    return span.doc[start : span.end]


_NAME_OPENERS = frozenset(
    {"people", "children", "women", "men", "workers", "farmers", "nations", "citizens",
     "humanity", "world", "god", "president"}
)  # fmt: skip


def split_possessive(ent: Span, words: frozenset[str] = frozenset()) -> list[Span]:
    """``"Elon Musk's xAI"`` -> ``"Elon Musk"`` and ``"xAI"``; ``"Alibaba and Tencent"`` ->
    both (NER spans only). ``"People's Liberation Army"`` stays: a common word before the
    possessive is part of the name."""
    if (
        len(ent) == 3
        and ent[1].lower_ == "and"
        and ent[0].pos_ == ent[2].pos_ == "PROPN"
        and not {ent[0].lower_, ent[2].lower_} & words
    ):
        return [Span(ent.doc, ent.start, ent.start + 1, label=ent.label_),
                Span(ent.doc, ent.end - 1, ent.end, label=ent.label_)]  # fmt: skip
    for token in ent[1:-1]:
        if ent.doc[token.i - 1].lower_ in _NAME_OPENERS:
            continue  # "People's Liberation Army", "Humanity's Last Exam"
        if token.text in {"'s", "\u2019s"}:
            after_label = "ORG" if ent.label_ == "PERSON" else ent.label_
            first = Span(ent.doc, ent.start, token.i, label=ent.label_)
            second = Span(ent.doc, token.i + 1, ent.end, label=after_label)
            return [first, *split_possessive(second, words)]
    return [ent]


@Language.factory(
    "frontierkg_entity_typer",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"knowledge_dir": None},
)
def make_entity_typer(nlp: Language, name: str, knowledge_dir: str | None) -> EntityTyper:
    """Factory registered as ``frontierkg_entity_typer``."""
    return EntityTyper(
        name, knowledge_base(Path(knowledge_dir) if knowledge_dir else None), dictionary(nlp)
    )


def dictionary(nlp: Language) -> frozenset[str]:
    """Common English words known to the model's lemmatizer tables (empty without them)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    table = lookups.get_table("lemma_index")
    return frozenset(word for key in table for word in table[key])


__all__ = [
    "GOVERNMENT_WORDS",
    "NEWS_AGENCIES",
    "EntityTyper",
    "lookup_forms",
    "make_entity_typer",
    "ontology_type",
    "trim",
]
