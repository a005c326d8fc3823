"""The one place where labels and relationship types enter Cypher text.

Cypher cannot take labels or relationship types as parameters, so they are
written into the query text. They come only from the ontology (``EntityType``,
``Predicate``) plus the structural names below, are validated against that
whitelist, and are backtick-quoted. Anything else raises ``OntologyError``.

Example:
    >>> from graph.identifiers import label, rel_type
    >>> label("Organization")
    '`Organization`'
    >>> rel_type("RELEASES")
    '`RELEASES`'
"""

from __future__ import annotations

import re

from frontierkg.errors import OntologyError
from schema import EntityType, Predicate

ENTITY_LABEL = "Entity"
ARTICLE_LABEL = "Article"
EVIDENCE_LABEL = "Evidence"
MENTIONS = "MENTIONS"
FROM_ARTICLE = "FROM_ARTICLE"

STRUCTURAL_LABELS = frozenset({ENTITY_LABEL, ARTICLE_LABEL, EVIDENCE_LABEL})
STRUCTURAL_REL_TYPES = frozenset({MENTIONS, FROM_ARTICLE})

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _quote(name: str, allowed: frozenset[str], kind: str) -> str:
    if name not in allowed or not _IDENTIFIER.match(name):
        raise OntologyError(
            f"{kind} {name!r} is not in the ontology; allowed: {', '.join(sorted(allowed))}"
        )
    return f"`{name}`"


def allowed_labels() -> frozenset[str]:
    """Entity types of the ontology plus the structural node labels."""
    return frozenset(t.value for t in EntityType) | STRUCTURAL_LABELS


def allowed_rel_types() -> frozenset[str]:
    """Predicates of the ontology plus the structural relationship types."""
    return frozenset(p.value for p in Predicate) | STRUCTURAL_REL_TYPES


def label(name: str | EntityType) -> str:
    """Backtick-quoted node label, validated against the ontology whitelist."""
    return _quote(str(name), allowed_labels(), "node label")


def rel_type(name: str | Predicate) -> str:
    """Backtick-quoted relationship type, validated against the ontology whitelist."""
    return _quote(str(name), allowed_rel_types(), "relationship type")


__all__ = [
    "ARTICLE_LABEL",
    "ENTITY_LABEL",
    "EVIDENCE_LABEL",
    "FROM_ARTICLE",
    "MENTIONS",
    "STRUCTURAL_LABELS",
    "STRUCTURAL_REL_TYPES",
    "allowed_labels",
    "allowed_rel_types",
    "label",
    "rel_type",
]
