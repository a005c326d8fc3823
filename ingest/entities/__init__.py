"""Entity stages of the spaCy pipeline: knowledge base, ruler, typer and resolver.

Importing this package registers the factories ``frontierkg_entity_ruler``,
``frontierkg_entity_typer`` and ``frontierkg_entity_resolver`` and the registry functions
``frontierkg.entity_patterns.v1`` and ``frontierkg.version_patterns.v1``.
"""

from ingest.entities.knowledge import (
    KnowledgeBase,
    KnowledgeEntry,
    knowledge_base,
    load_knowledge_base,
)
from ingest.entities.patterns import entity_patterns, version_patterns
from ingest.entities.resolver import EntityResolver
from ingest.entities.ruler import GENERIC_CHIP_NAME, KnowledgeEntityRuler
from ingest.entities.type_rules import EntityTyper

__all__ = [
    "GENERIC_CHIP_NAME",
    "EntityResolver",
    "EntityTyper",
    "KnowledgeBase",
    "KnowledgeEntityRuler",
    "KnowledgeEntry",
    "entity_patterns",
    "knowledge_base",
    "load_knowledge_base",
    "version_patterns",
]
