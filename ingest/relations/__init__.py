"""Relation extraction: the ``frontierkg_relation_extractor`` spaCy component.

Importing this package registers the factory. Lexicons are data in
``lexicons.json``; the rules live in small modules (nominal phrases, verb and noun
triggers, named lists, benchmark results).
"""

from ingest.doc_extensions import ensure_extensions
from ingest.relations.component import (
    EXTRACTOR_VERSION,
    FACTORY_NAME,
    RelationExtractor,
    make_relation_extractor,
)
from ingest.relations.lexicon import Lexicons, load_lexicons

__all__ = [
    "EXTRACTOR_VERSION",
    "FACTORY_NAME",
    "Lexicons",
    "RelationExtractor",
    "ensure_extensions",
    "load_lexicons",
    "make_relation_extractor",
]
