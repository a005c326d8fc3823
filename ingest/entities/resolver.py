"""``frontierkg_entity_resolver``: one canonical name per real-world entity of an article.

Mentions are grouped into clusters, in this order of evidence:
1. the knowledge base (span ``kb_id_`` set by the ruler/typer) or a pattern's canonical form;
2. parentheticals, ``"Zhipu AI (Z.ai)"`` and ``"Bureau of Industry and Security (BIS)"``:
   the bracketed form is an alias of the name before it;
3. acronyms equal to the initials of a clustered name;
4. people: a surname-only (or first-name-only) mention joins the full name;
5. organisations: equal names once legal suffixes are removed ("Tencent Holdings Ltd" and
   "Tencent Holdings"), and short forms that are a word prefix of a longer name
   ("Crusoe" -> "Crusoe Energy Systems");
6. bare model versions ("R1" after "DeepSeek-R1") join the model.

The canonical name is the knowledge-base name when known, else the fullest form without
legal suffixes. Each span gets ``span._.canonical``; the cluster's type is the KB type or the
majority label of its mentions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ingest.doc_extensions import described_types, ensure_extensions, person_evidence
from ingest.entities.knowledge import KnowledgeBase, knowledge_base
from ingest.entities.names import (
    core_name,
    initials,
    looks_like_acronym,
    match_key,
    strip_legal_suffix,
    tidy,
)
from ingest.entities.patterns import MODEL_FAMILIES
from ingest.entities.type_rules import lookup_forms
from schema import EntityType

_TYPE_PRIORITY = {
    EntityType.GOVERNMENT_BODY.value: 6,
    EntityType.ORGANIZATION.value: 5,
    EntityType.AI_MODEL.value: 4,
    EntityType.CHIP.value: 4,
    EntityType.POLICY.value: 3,
    EntityType.BENCHMARK.value: 3,
    EntityType.COUNTRY.value: 2,
    EntityType.PERSON.value: 1,
}
_TITLES = frozenset(
    {"president", "prime", "minister", "secretary", "ceo", "chairman", "chair", "mr", "mr.",
     "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "sheikh", "crown", "prince", "king", "premier",
     "senator", "sen.", "rep.", "representative", "governor", "chief", "executive", "founder",
     "co-founder", "general", "gen.", "vice", "deputy", "former"}
)  # fmt: skip
_ORGANISATIONS = frozenset({EntityType.ORGANIZATION.value, EntityType.GOVERNMENT_BODY.value})
_BARE_VERSION = re.compile(r"^[A-Z]\d{1,2}(?:\.\d+)?(?:-\d{4})?$")
_BARE_VERSION_IN_TEXT = re.compile(r"(?<![\w.\-])[A-Z]\d{1,2}(?:\.\d+)?(?:-\d{4})?(?![\w\-]|\.\d)")
_VERSION_SUFFIX = re.compile(r"^[A-Za-z][A-Za-z.]*[- ](?P<v>[A-Z]\d+(?:\.\d+)*(?:-\d{4})?)$")


@dataclass
class _Cluster:
    label_votes: Counter[str] = field(default_factory=Counter)
    forms: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    fixed_name: str | None = None
    fixed_type: str | None = None
    described_type: str | None = None
    extra_aliases: list[str] = field(default_factory=list)
    org_cue: bool = False
    person_forms: list[str] = field(default_factory=list)
    form_labels: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.fixed_type:
            return self.fixed_type
        if self.described_type:
            return self.described_type  # "X, a language model": the text says what X is
        person = EntityType.PERSON.value
        if self.label_votes.get(person):
            if self.org_cue:
                return EntityType.ORGANIZATION.value
            fullest = max(self.form_labels, key=lambda fl: (len(fl[0].split()), len(fl[0])))
            if fullest[1] == person and _ORG_NAME_WORDS.search(fullest[0]):
                return EntityType.ORGANIZATION.value  # "Moonshot AI" tagged PERSON
            if fullest[1] == person and len(fullest[0].split()) > 1:
                return person
        if set(self.label_votes) == _ORGANISATIONS and self.form_labels:
            fullest = max(self.form_labels, key=lambda fl: (len(fl[0].split()), len(fl[0])))
            return fullest[1]
        return max(self.label_votes, key=lambda k: (self.label_votes[k], _TYPE_PRIORITY[k]))

    @property
    def name(self) -> str:
        if self.fixed_name:
            return self.fixed_name
        cleaned = [strip_legal_suffix(f) for f in self.forms] or ["?"]
        return max(cleaned, key=lambda f: (len(f.split()), len(f), -cleaned.index(f)))


_ORG_NAME_WORDS = re.compile(
    r"\b(?:AI|Inc|Ltd|Corp|Co|LLC|Group|Holdings?|Technologies|Technology|Tech|Labs?|"
    r"Capital|Ventures|Partners|Networks?|Systems|Semiconductors?|Electronics|Energy|"
    r"Microelectronics|Motors|Bank|Fund|Investment|Platforms?|Software|Solutions|Services|"
    r"Robotics|Intelligence|Computing|Cloud|Data|Digital|Industries|International|Global|"
    r"Memory|Devices|Foundry|Manufacturing|University|Institute|Academy|Association)\b"
)
_ORG_NOUNS = frozenset(
    {"company", "firm", "startup", "start-up", "maker", "giant", "rival", "contractor", "lab",
     "laboratory", "developer", "provider", "fund", "investor", "conglomerate", "manufacturer",
     "chipmaker", "platform", "unit", "subsidiary", "backer", "competitor", "operator",
     "group", "supplier", "vendor", "outfit", "player", "unicorn", "peer", "peers",
     "corporation", "business", "foundry", "venture", "brand"}
)  # fmt: skip


def _org_cue(span: Span) -> bool:
    """Context that marks a mislabelled "person" as an organisation.

    "the start-up Manus", "defence contractor Lockheed Martin", or a coordination with an
    organisation ("Amazon, Microsoft, Lockheed Martin and Oracle").
    """
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in _ORG_NOUNS:
        return True
    if span.end < len(doc) and doc[span.end].lower_ in {"inc", "inc.", "corp", "ltd", "llc"}:
        return True
    root = span.root
    appositions = [t for t in root.children if t.dep_ == "appos"]
    if root.dep_ == "appos":
        appositions.append(root.head)
    if any(t.lemma_.lower() in _ORG_NOUNS for t in appositions):
        return True  # "High Flyer, an AI-driven hedge fund"
    related = [root.head] if root.dep_ == "conj" else []
    related += [t for t in root.children if t.dep_ == "conj"]
    if root.dep_ == "conj":
        related += [t for t in root.head.children if t.dep_ == "conj" and t is not root]
    org = EntityType.ORGANIZATION.value
    return any(t.ent_type_ == org for t in related)


_LEGAL_WORDS = frozenset({"co", "corp", "inc", "ltd", "llc", "plc", "group", "holdings"})


def _name_like(token: Token) -> bool:
    return token.is_title or token.is_upper or any(c.isdigit() for c in token.text)


def _strip_titles(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in {t.rstrip(".") for t in _TITLES}:
        words.pop(0)
    return " ".join(words)


def _shared_surname(text: str, clusters: list[_Cluster]) -> bool:
    """A one-word name that ends the full names of two or more different people."""
    if " " in text:
        return False
    person = EntityType.PERSON.value
    owners = {
        c.name
        for c in clusters
        if person in {c.label, *c.label_votes}
        and len(c.name.split()) > 1
        and c.name.split()[-1] == text
    }
    return len(owners) > 1


class EntityResolver:
    """Clusters an article's entity mentions and names each cluster canonically.

    Example:
        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> resolver = nlp.add_pipe("frontierkg_entity_resolver")
        >>> doc = nlp.make_doc("Jensen Huang spoke. Huang smiled.")
        >>> doc.ents = [Span(doc, 0, 2, label="Person"), Span(doc, 4, 5, label="Person")]
        >>> [e._.canonical for e in resolver(doc).ents]
        ['Jensen Huang', 'Jensen Huang']
    """

    def __init__(self, name: str, kb: KnowledgeBase) -> None:
        ensure_extensions()
        self.name = name
        self.kb = kb
        self._families = frozenset(MODEL_FAMILIES)

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = []
        spans, paren_aliases = self._split_parentheticals(doc)
        clusters = self._cluster(spans, paren_aliases)
        self._add_bare_versions(doc, clusters)
        self._persons_without_full_name(doc, clusters)
        self._add_listed_organisations(doc, clusters)
        self._assign(doc, clusters)
        return doc

    # -- mentions ---------------------------------------------------------------------
    def _split_parentheticals(self, doc: Doc) -> tuple[list[Span], dict[int, str]]:
        """Cut NER spans at "(": ``"CXMT Inc (CXMT"`` -> ``"CXMT Inc"``; note bracketed aliases.

        Returns the spans and, per span start, the text in brackets right after the span.
        """
        spans: list[Span] = []
        for ent in doc.ents:
            cut = next((t.i for t in ent if t.text == "("), None)
            if cut is not None and cut > ent.start and not ent.kb_id_:
                ent = Span(doc, ent.start, cut, label=ent.label_, kb_id=ent.kb_id_)
            spans.append(ent)
        aliases: dict[int, str] = {}
        for span in spans:
            if span.end + 2 < len(doc) and doc[span.end].text == "(":
                close = next(
                    (t.i for t in doc[span.end + 1 : min(len(doc), span.end + 8)] if t.text == ")"),
                    None,
                )
                if close is not None and close > span.end + 1:
                    inner = doc[span.end + 1 : close].text.strip()
                    if inner and inner[0].isupper() and not inner.isdigit():
                        aliases[span.start] = inner
        return spans, aliases

    # -- clustering -------------------------------------------------------------------
    def _cluster(self, spans: list[Span], paren_aliases: dict[int, str]) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        by_key: dict[str, _Cluster] = {}  # match_key(form or alias) -> cluster
        pending: list[Span] = []

        def index(cluster: _Cluster, form: str) -> None:
            by_key.setdefault(match_key(form), cluster)

        # 1. knowledge base and pattern canonicals
        for span in spans:
            if not span.kb_id_:
                known = lookup_forms(self.kb, span.text)
                if known is None or known.type.value != span.label_:
                    pending.append(span)
                    continue
                span = Span(span.doc, span.start, span.end, label=span.label_, kb_id=known.name)
            entry = self.kb.entry(span.kb_id_)
            key = match_key(span.kb_id_)
            cluster = by_key.get(key)
            if cluster is None or (entry is not None and cluster.fixed_name != entry.name):
                cluster = _Cluster(fixed_name=span.kb_id_)
                if entry is not None:
                    cluster.fixed_type = entry.type.value
                clusters.append(cluster)
                index(cluster, span.kb_id_)
                for alias in entry.aliases if entry is not None else ():
                    index(cluster, alias)
            self._add(cluster, span)
            index(cluster, tidy(span.text))

        # 2.-5. statistical mentions, fullest first so short forms find their long form
        pending.sort(key=lambda s: (-len(tidy(s.text).split()), s.start))
        for span in pending:
            text = tidy(span.text)
            if span.label_ == EntityType.PERSON.value:
                text = _strip_titles(text)
                if _shared_surname(text, clusters):
                    continue  # "Huang" with Jensen and Frank Huang: unknown which, unlinked
            cluster = self._find(text, span.label_, by_key, clusters)
            if cluster is None:
                cluster = _Cluster()
                clusters.append(cluster)
            self._add(cluster, span, text)
            index(cluster, text)
            index(cluster, strip_legal_suffix(text))
            if span.label_ in {EntityType.ORGANIZATION.value, EntityType.GOVERNMENT_BODY.value}:
                index(cluster, core_name(text))
        # parenthetical aliases: "(BIS)" names the cluster of the span before it
        for cluster in list(clusters):
            for start, _ in list(cluster.spans):
                bracketed = paren_aliases.get(start)
                if cluster not in clusters or bracketed is None:
                    continue
                if not (looks_like_acronym(bracketed) or len(bracketed.split()) <= 3):
                    continue
                other = by_key.get(match_key(bracketed))
                if other is not None and other is not cluster:
                    if other.fixed_name and cluster.fixed_name:
                        continue
                    self._merge(other, cluster, clusters)
                elif other is None:
                    cluster.extra_aliases.append(bracketed)
                    index(cluster, bracketed)
        return clusters

    def _add(self, cluster: _Cluster, span: Span, text: str | None = None) -> None:
        cluster.spans.append((span.start, span.end))
        cluster.forms.append(text if text is not None else tidy(span.text))
        cluster.label_votes[span.label_] += 1
        cluster.form_labels.append((cluster.forms[-1], span.label_))
        if described_types(span.doc).get(span.start) == span.label_:
            cluster.described_type = span.label_
        if span.label_ == EntityType.PERSON.value:
            cluster.person_forms.append(cluster.forms[-1])
            cluster.org_cue = cluster.org_cue or _org_cue(span)

    def _merge(self, source: _Cluster, target: _Cluster, clusters: list[_Cluster]) -> None:
        if source.fixed_name and not target.fixed_name:
            source, target = target, source
        target.spans.extend(source.spans)
        target.forms.extend(source.forms)
        target.label_votes.update(source.label_votes)
        target.person_forms.extend(source.person_forms)
        target.form_labels.extend(source.form_labels)
        target.org_cue = target.org_cue or source.org_cue
        target.described_type = target.described_type or source.described_type
        target.extra_aliases.extend(source.extra_aliases)
        if source in clusters:
            clusters.remove(source)

    def _find(
        self, text: str, label: str, by_key: dict[str, _Cluster], clusters: list[_Cluster]
    ) -> _Cluster | None:
        for form in (text, strip_legal_suffix(text), core_name(text)):
            cluster = by_key.get(match_key(form))
            if cluster is not None:
                return cluster
        words = text.split()
        if len(words) == 1 and looks_like_acronym(text):
            for cluster in clusters:
                name = cluster.name
                if len(name.split()) > 1 and initials(strip_legal_suffix(name)) == text.upper():
                    return cluster
        if label == EntityType.PERSON.value or len(words) == 1:
            people = [
                c
                for c in clusters
                if len(c.name.split()) > len(words)
                and (c.label == EntityType.PERSON.value or label == EntityType.PERSON.value)
                and (c.name.split()[-len(words) :] == words or c.name.split()[0] == text)
                and EntityType.PERSON.value in {c.label, *c.label_votes}
            ]
            if len(people) == 1:
                return people[0]
        if label in _ORGANISATIONS or (label == EntityType.PERSON.value and len(words) == 1):
            targets = (
                {EntityType.ORGANIZATION.value}
                if label == EntityType.PERSON.value
                else _ORGANISATIONS  # "Okonkwo" never joins "Okonkwo administration"
            )
            longer = [
                c
                for c in clusters
                if c.label in targets
                and len(c.name.split()) > len(words)
                and c.name.split()[: len(words)] == words
            ]
            if len(longer) == 1:
                return longer[0]
            if len(words) == 1 and label in _ORGANISATIONS:
                heads = [
                    c
                    for c in clusters
                    if c.label == EntityType.GOVERNMENT_BODY.value
                    and len(c.name.split()) > 1
                    and (
                        c.name.split()[-1] == text
                        or re.search(rf"\b(?:Department|Ministry) of {re.escape(text)}\b", c.name)
                        or re.search(rf"\b{re.escape(text)} (?:Department|Ministry)\b", c.name)
                    )
                ]
                if len(heads) == 1:
                    return heads[0]
        if len(words) > 1 and label != EntityType.PERSON.value:
            suffixed = [
                c
                for c in clusters
                if c.label == label
                and len(c.name.split()) > len(words)
                and c.name.split()[-len(words) :] == words
            ]
            if len(suffixed) == 1:
                return suffixed[0]
        return None

    # -- bare versions ----------------------------------------------------------------
    def _add_bare_versions(self, doc: Doc, clusters: list[_Cluster]) -> None:
        """Bare versions name models: ``"R1"`` after ``"DeepSeek-R1"``, and ``"R1-0528"`` or
        ``"V3.1"`` in a sentence that names the family (``"DeepSeek's models R1-0528, V3.1"``).
        """
        taken = {i for c in clusters for s, e in c.spans for i in range(s, e)}
        by_key = {match_key(c.name): c for c in clusters}
        text = doc.text  # built by joining tokens: once, not per model
        for cluster in list(clusters):
            if cluster.label != EntityType.AI_MODEL.value:
                continue
            found = _VERSION_SUFFIX.match(cluster.name)
            if found is None:
                continue
            version = found.group("v")
            pattern = re.compile(rf"(?<![\w.\-]){re.escape(version)}(?![\w\-]|\.\d)")
            for match in pattern.finditer(text):
                span = doc.char_span(match.start(), match.end())
                if span is None or any(i in taken for i in range(span.start, span.end)):
                    continue
                cluster.spans.append((span.start, span.end))
                cluster.forms.append(span.text)
                taken.update(range(span.start, span.end))
        segmented = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        for sent in doc.sents if segmented else [doc[:]]:
            family = next((t.text for t in sent if t.text in self._families), None)
            if family is None:
                continue
            for match in _BARE_VERSION_IN_TEXT.finditer(sent.text):
                start = sent.start_char + match.start()
                span = doc.char_span(start, start + len(match.group()))
                if span is None or any(i in taken for i in range(span.start, span.end)):
                    continue
                name = f"{family}-{match.group()}"
                model = by_key.get(match_key(name))
                if model is None:
                    model = _Cluster(fixed_name=name, fixed_type=EntityType.AI_MODEL.value)
                    clusters.append(model)
                    by_key[match_key(name)] = model
                model.spans.append((span.start, span.end))
                model.forms.append(span.text)
                model.label_votes[EntityType.AI_MODEL.value] += 1
                taken.update(range(span.start, span.end))

    def _persons_without_full_name(self, doc: Doc, clusters: list[_Cluster]) -> None:
        """A lone one-word "person" never introduced by full name is mostly a company
        the statistical model mislabelled ("Qualcomm", "Manus"): type it Organization,
        unless a title or "X administration" proved it a person."""
        proved = person_evidence(doc)
        for cluster in clusters:
            if cluster.fixed_type:
                continue
            if any(start in proved for start, _ in cluster.spans):
                cluster.fixed_type = EntityType.PERSON.value
                continue
            if cluster.label != EntityType.PERSON.value:
                continue
            if all(len(f.split()) == 1 for f in cluster.forms):
                cluster.label_votes = Counter({EntityType.ORGANIZATION.value: 1})

    def _add_listed_organisations(self, doc: Doc, clusters: list[_Cluster]) -> None:
        """Proper nouns listed with organisations ("Yotta, E2E Networks, and NextGen") are ones.

        A run of proper-noun tokens outside any entity, coordinated (``conj``) with the head
        token of an Organization mention, becomes an Organization mention.
        """
        org = EntityType.ORGANIZATION.value
        taken = {i for c in clusters for s, e in c.spans for i in range(s, e)}
        by_key = {match_key(f): c for c in clusters for f in (c.name, *c.forms)}
        heads = [doc[s:e].root for c in clusters if c.label == org for s, e in c.spans]
        for root in heads:
            related = [t for t in root.children if t.dep_ == "conj"]
            if root.dep_ == "conj":
                related.append(root.head)
                related.extend(t for t in root.head.children if t.dep_ == "conj")
            for token in related:
                if token.i in taken or token.pos_ != "PROPN" or not _name_like(token):
                    continue
                start = token.i
                while (
                    start > 0
                    and start - 1 not in taken
                    and doc[start - 1].pos_ in {"PROPN", "NUM"}
                    and _name_like(doc[start - 1])
                ):
                    start -= 1
                end = token.i + 1
                if start - 1 in taken or end in taken or doc[start].lower_ in _LEGAL_WORDS:
                    continue  # "Tokyo Electron", "Ernie Bot": the rest of another name
                text = doc[start:end].text
                cluster = self._find(text, org, by_key, clusters)
                if cluster is None:
                    cluster = _Cluster()
                    clusters.append(cluster)
                    by_key[match_key(text)] = cluster
                cluster.spans.append((start, token.i + 1))
                cluster.forms.append(text)
                cluster.form_labels.append((text, org))
                cluster.label_votes[org] += 1
                taken.update(range(start, token.i + 1))

    # -- output -----------------------------------------------------------------------
    def _assign(self, doc: Doc, clusters: list[_Cluster]) -> None:
        spans: list[Span] = []
        aliases: dict[str, tuple[str, ...]] = {}
        for cluster in clusters:
            name, label = cluster.name, cluster.label
            entry = self.kb.entry(name)
            known = (*(entry.aliases if entry else ()), *cluster.extra_aliases)
            if known:
                aliases[name] = tuple(dict.fromkeys(known))
            for start, end in cluster.spans:
                spans.append(Span(doc, start, end, label=label, kb_id=name))
        doc.ents = filter_spans(spans)
        for ent in doc.ents:
            ent._.canonical = ent.kb_id_
        doc._.entity_aliases = aliases


@Language.factory(
    "frontierkg_entity_resolver",
    assigns=["doc.ents", "span._.canonical", "doc._.entity_aliases"],
    requires=["doc.ents"],
    default_config={"knowledge_dir": None},
)
def make_entity_resolver(nlp: Language, name: str, knowledge_dir: str | None) -> EntityResolver:
    """Factory registered as ``frontierkg_entity_resolver``."""
    del nlp
    return EntityResolver(name, knowledge_base(Path(knowledge_dir) if knowledge_dir else None))


__all__ = ["EntityResolver", "make_entity_resolver"]
