"""The one place that registers the ``Doc``/``Span`` extension attributes of the pipeline.

- ``span._.canonical`` (``str | None``): canonical name of an entity span within its
  article, set by the entity resolver.
- ``doc._.relations`` (``list[RelationMention]``): relations found in the article, set by
  the relation extractor. Stored in ``doc.user_data`` as plain JSON-able dicts so docs
  survive msgpack (``nlp.pipe(n_process>1)``, ``Doc.to_bytes``); each read rebuilds the
  models into a new list, so assign the whole list to change it.
- ``span._.surface`` (``str | None``): the whole mention when the ruler split it, e.g.
  ``"U.S. Congress"`` for the span ``"Congress"`` after the Country span ``"U.S."``.
- ``doc._.entity_aliases`` (``dict[str, tuple[str, ...]]``): knowledge-base aliases of each
  canonical name found in the article, set by the entity resolver.

Registration is idempotent: every component calls ``ensure_extensions()`` when built.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from ingest.models import RelationMention

_RELATIONS_KEY = ("frontierkg", "relations")
_ALIASES_KEY = ("frontierkg", "entity_aliases")


def _user_data(doc: Doc) -> dict[Any, Any]:
    data: dict[Any, Any] = doc.user_data
    return data


def _get_relations(doc: Doc) -> Any:
    # stored as plain dicts (see ``_set_relations``); rebuilt into models on every read
    stored = _user_data(doc).setdefault(_RELATIONS_KEY, [])
    return [
        RelationMention.model_validate(item) if isinstance(item, dict) else item for item in stored
    ]


def _set_relations(doc: Doc, value: Any) -> None:
    """Store JSON-able dicts, not models: ``doc.user_data`` is msgpack-serialised when
    ``nlp.pipe(n_process>1)`` sends docs between processes (spaCy E871 otherwise)."""
    _user_data(doc)[_RELATIONS_KEY] = [
        item.model_dump(mode="json") if isinstance(item, RelationMention) else item
        for item in (value or [])
    ]


def _get_aliases(doc: Doc) -> Any:
    return _user_data(doc).setdefault(_ALIASES_KEY, {})


def _set_aliases(doc: Doc, value: Any) -> None:
    _user_data(doc)[_ALIASES_KEY] = {} if value is None else dict(value)


_PERSON_EVIDENCE_KEY = ("frontierkg", "person_evidence")


def mark_person(span: Any) -> None:
    """Record that context proves ``span`` names a person ("President Trump", "the Trump
    administration"), so later stages keep it a Person even as a lone surname."""
    # a list, not a set: ``user_data`` must stay msgpack-serialisable (``Doc.to_bytes``)
    _user_data(span.doc).setdefault(_PERSON_EVIDENCE_KEY, []).append(span.start)


def person_evidence(doc: Doc) -> set[int]:
    """Token offsets where a mention was proved to name a person (see ``mark_person``)."""
    return set(_user_data(doc).get(_PERSON_EVIDENCE_KEY, ()))


_DESCRIBED_KEY = ("frontierkg", "described_types")


def mark_described(span: Any, entity_type: str) -> None:
    """Record that the text itself says what ``span`` is ("X, a language model", "X is a
    chatbot"), so the resolver gives the whole entity that type over other mentions' guesses."""
    _user_data(span.doc).setdefault(_DESCRIBED_KEY, []).append([span.start, entity_type])


def described_types(doc: Doc) -> dict[int, str]:
    """Token offset -> type of the mentions the text describes (see ``mark_described``)."""
    return dict(_user_data(doc).get(_DESCRIBED_KEY, ()))


def ensure_extensions() -> None:
    """Register the pipeline's extension attributes unless already registered."""
    if not Span.has_extension("canonical"):
        Span.set_extension("canonical", default=None)
    if not Span.has_extension("surface"):
        Span.set_extension("surface", default=None)
    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", getter=_get_relations, setter=_set_relations)
    if not Doc.has_extension("entity_aliases"):
        Doc.set_extension("entity_aliases", getter=_get_aliases, setter=_set_aliases)


ensure_extensions()

__all__ = [
    "described_types",
    "ensure_extensions",
    "mark_described",
    "mark_person",
    "person_evidence",
]
