"""Product names the knowledge base does not know, typed by the noun the text uses for them.

The statistical NER calls most product names ``ORG`` or ``PERSON``. The words around a name
say what it is:
- head noun after it: ``"the RNGD accelerator"``, ``"its Nova model"``;
- head noun before it: ``"the chatbot Le Chat"``, ``"a processor called Borealis"``;
- apposition: ``"Trainium, an AI chip"``, ``"Magistral, a reasoning model"``, ``"its chip,
  the L1000"``, also where the parser hangs the noun phrase elsewhere (``"Kestrel-7, a
  70-billion-parameter language model that ..."``), and predication (``"X is a chatbot"``);
- examples of a class: ``"chips such as Sohu and Wormhole"``, ``"the Nova family of models"``.
Chip words give ``Chip``, model words ``AIModel``; a benchmark noun in apposition or
predication gives ``Benchmark`` (``"Vellum, a benchmark of legal tasks"``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from schema import EntityType

_CHIP_WORDS = frozenset(
    {"chip", "chips", "accelerator", "accelerators", "processor", "processors", "gpu", "gpus",
     "superchip", "superchips", "cpu", "cpus", "npu", "npus"}
)  # fmt: skip
_MODEL_WORDS = frozenset(
    {"model", "models", "llm", "llms", "chatbot", "chatbots", "assistant", "assistants"}
)  # fmt: skip
_SINGULAR = frozenset({"chip", "accelerator", "processor", "gpu", "superchip", "cpu", "npu",
                       "model", "llm", "chatbot", "assistant"})  # fmt: skip
_BENCHMARK_WORDS = frozenset({"benchmark", "leaderboard"})
_ARTICLES = frozenset({"a", "an", "the"})
_POSSESSIVES = frozenset({"'s", "\u2019s"})
_DETERMINERS = frozenset({"the", "its", "their", "new", "latest", "'s", "\u2019s"})
_FAMILY = frozenset({"family", "series", "line", "range"})
_NAMING = frozenset({"called", "named", "dubbed", "branded"})
_EXAMPLES = frozenset({"as", "like", "including"})
_COMPANY_HINTS = frozenset(
    {"inc", "corp", "ltd", "group", "holdings", "technologies", "labs", "lab", "ai", "capital",
     "ventures", "systems", "electronics", "semiconductor", "semiconductors"}
)  # fmt: skip


def _kind(token: Token) -> EntityType | None:
    word = token.lower_
    if word.startswith("assistant") and token.i + 1 < len(token.doc):
        nxt = token.doc[token.i + 1]
        if nxt.lower_ in {"to", "at"} or (nxt.is_alpha and nxt.is_lower):
            return None  # "an assistant to the minister", "assistant professor": a person
    if word in _CHIP_WORDS:
        return EntityType.CHIP
    if word in _MODEL_WORDS:
        return EntityType.AI_MODEL
    return None


def _after(span: Span) -> EntityType | None:
    """``"the RNGD accelerator"``, ``"its ATOM inference chip"``, ``"the Nova family of
    models"``: a singular head noun (at most one lowercase modifier between) after a name
    that a determiner or owner opens."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is None or before.lower_ not in _DETERMINERS:
        return None
    at = span.end
    if at + 2 < len(doc) and doc[at].lower_ in _FAMILY and doc[at + 1].lower_ == "of":
        return _kind(doc[at + 2])
    if at < len(doc) and doc[at].is_lower and doc[at].is_alpha and _kind(doc[at]) is None:
        at += 1  # "inference", "reasoning"
    if at >= len(doc) or doc[at].lower_ not in _SINGULAR:
        return None
    nxt = doc[at + 1] if at + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ in {"NOUN", "PROPN"}:
        return None  # "the X chip unit": the chip word modifies another noun
    return _kind(doc[at])


def _before(span: Span) -> EntityType | None:
    """``"the chatbot Le Chat"``, ``"a processor called REBEL"``."""
    doc = span.doc
    at = span.start - 1
    if at >= 0 and doc[at].lower_ in _NAMING:
        at -= 1
    if at < 1 or doc[at].lower_ not in _SINGULAR:
        return None
    modifier = doc[at - 1]
    if at >= 2 and modifier.is_lower and modifier.pos_ == "NOUN" and _kind(modifier) is None:
        modifier = doc[at - 2]  # "its consumer assistant X", "the firm's coding model X"
    if modifier.lower_ not in _DETERMINERS | {"a", "an"} and modifier.pos_ != "ADJ":
        return None
    return _kind(doc[at])


def _noun_phrase_head(doc: Doc, start: int) -> Token | None:
    """Head noun of the noun phrase opening at ``start`` (just after its article): the last
    noun of its modifiers, read over hyphens, numbers and possessives (``"480-billion-parameter
    language model"``, ``"the country's telecoms regulator"``), then through ``"family of"``."""
    head: Token | None = None
    at = start
    while at < len(doc) and at < start + 10:
        token = doc[at]
        if token.text in _POSSESSIVES:
            head = None  # "the start-up's flagship model": the owner is not the head
        elif token.text == "-" or token.pos_ in {"ADJ", "NUM", "ADV"}:
            pass
        elif token.pos_ in {"NOUN", "PROPN"} or (token.is_lower and doc[at - 1].text == "-"):
            head = token  # "start-up": "up" closes a hyphenated noun
        else:
            break
        at += 1
    if head is not None and head.lower_ in _FAMILY and at + 1 < len(doc) and doc[at].lower_ == "of":
        return doc[at + 1] if doc[at + 1].lower_ in _MODEL_WORDS | _CHIP_WORDS else None
    return head


def described_as(span: Span) -> Token | None:
    """The class noun the text gives a name: in apposition after a comma (``"X, a reasoning
    model, ..."``, whatever the parser attached it to) or predicated (``"X is a chatbot"``)."""
    doc = span.doc
    at = span.end
    if at + 2 < len(doc) and doc[at].text == "," and doc[at + 1].lower_ in _ARTICLES:
        return _noun_phrase_head(doc, at + 2)
    root = span.root
    verb = root.head
    if root.dep_ == "nsubj" and verb.lemma_ == "be" and verb.i == span.end:
        attrs = [c for c in verb.children if c.dep_ == "attr" and c.i > verb.i]
        if attrs and doc[verb.i + 1].lower_ in {"a", "an"}:
            return _noun_phrase_head(doc, verb.i + 2)
    return None


def _described(span: Span) -> EntityType | None:
    """``"Kestrel-7, a 70-billion-parameter language model"``, ``"Quasar is a chatbot"``."""
    noun = described_as(span)
    if noun is None:
        return None
    if noun.lower_ in _BENCHMARK_WORDS:
        return EntityType.BENCHMARK
    if noun.lower_ in _SINGULAR or noun.head.lower_ == "of":
        return _kind(noun)
    return None


def _apposition(span: Span) -> EntityType | None:
    """``"Trainium, an AI chip, ..."``, ``"Nova, a family of models"``: the noun in
    apposition to the name; or the name in apposition to the noun: ``"its next chip, the
    L1000"``."""
    root = span.root
    if root.dep_ == "appos" and root.head.i < span.start and root.head.lower_ in _SINGULAR:
        return _kind(root.head)
    for child in root.children:
        if child.dep_ == "appos" and child.i > span.end:
            if child.lower_ in _FAMILY:
                objects = [t for p in child.children if p.lower_ == "of" for t in p.children]
                child = objects[0] if objects else child
            kind = _kind(child)
            if kind is not None and (child.lower_ in _SINGULAR or child.head.lower_ == "of"):
                return kind
    return None


def _example_of(span: Span) -> EntityType | None:
    """``"chips such as Sohu and Wormhole"``: a name given as an example of a class."""
    token = span.root
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in _EXAMPLES or prep.head is prep:
        return None
    kind = _kind(prep.head)
    return kind if prep.head.lower_ not in _SINGULAR else None


def _owner_elsewhere(span: Span) -> bool:
    """The name owns something somewhere in the article (``"X's ..."``)."""
    doc = span.doc
    size = len(span)
    words = [t.text for t in span]
    for start in range(len(doc) - size):
        if doc[start + size].text in {"'s", "\u2019s"}:
            if [t.text for t in doc[start : start + size]] == words:
                return True
    return False


def described_product_type(span: Span) -> EntityType | None:
    """The type the text states for ``span`` by apposition or predication (stronger than
    a noun beside the name: the resolver lets it decide the entity's type)."""
    return _apposition(span) or _described(span)


def product_type(span: Span) -> EntityType | None:
    """``Chip`` or ``AIModel`` when the words around ``span`` name it one, else None."""
    if any(t.lower_ in _COMPANY_HINTS or (t.is_lower and t.is_alpha) for t in span):
        return None  # "Chain of Thought": a concept; product names are all capitalised
    if _owner_elsewhere(span):
        return None  # "the OpenAI model" after "OpenAI's efforts": the maker, not the model
    for rule in (_after, _before, _apposition, _described, _example_of):
        kind = rule(span)
        if kind is not None:
            return kind
    return None


def named_product_spans(doc: Doc) -> list[Span]:
    """``"a processor called ZENITH"``, ``"a model dubbed Nova Pro"``: the name given to a
    chip or model, whether or not the statistical NER saw it."""
    found: list[Span] = []
    for token in doc[1:-1]:
        if token.lower_ not in _NAMING or doc[token.i - 1].lower_ not in _SINGULAR:
            continue
        end = token.i + 1
        while (
            end < len(doc)
            and doc[end].pos_ in {"PROPN", "NUM"}
            and (doc[end].text[0].isupper() or doc[end].text[0].isdigit())
        ):
            end += 1
        kind = _kind(doc[token.i - 1])
        if end > token.i + 1 and kind is not None:
            name = doc[token.i + 1 : end]
            found.append(Span(doc, name.start, name.end, label=kind.value, kb_id=name.text))
    return found


__all__ = ["described_as", "described_product_type", "named_product_spans", "product_type"]
