"""The one place that registers the ``Doc``/``Span`` extension attributes of the pipeline.

- ``span._.canonical`` (``str | None``): canonical name of an entity span within its
  article, set by the entity resolver.
- ``doc._.relations`` (``list[RelationMention]``): relations found in the article, set by
  the relation extractor. Reading it on a fresh ``Doc`` gives a new empty list owned by
  that ``Doc`` (never a list shared between documents).
- ``span._.surface`` (``str | None``): the whole mention when the ruler split it, e.g.
  ``"U.S. Congress"`` for the span ``"Congress"`` after the Country span ``"U.S."``.
- ``doc._.entity_aliases`` (``dict[str, tuple[str, ...]]``): knowledge-base aliases of each
  canonical name found in the article, set by the entity resolver.

Registration is idempotent: every component calls ``ensure_extensions()`` when built.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

_RELATIONS_KEY = ("frontierkg", "relations")
_ALIASES_KEY = ("frontierkg", "entity_aliases")


def _user_data(doc: Doc) -> dict[Any, Any]:
    data: dict[Any, Any] = doc.user_data
    return data


def _get_relations(doc: Doc) -> Any:
    return _user_data(doc).setdefault(_RELATIONS_KEY, [])


def _set_relations(doc: Doc, value: Any) -> None:
    _user_data(doc)[_RELATIONS_KEY] = [] if value is None else list(value)


def _get_aliases(doc: Doc) -> Any:
    return _user_data(doc).setdefault(_ALIASES_KEY, {})


def _set_aliases(doc: Doc, value: Any) -> None:
    _user_data(doc)[_ALIASES_KEY] = {} if value is None else dict(value)


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

__all__ = ["ensure_extensions"]
