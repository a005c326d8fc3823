"""The ontology: entity and relation types every layer takes its vocabulary from."""

from schema.vocabulary import (
    ENTITY_TYPES,
    PREDICATES,
    EntityType,
    Ontology,
    Predicate,
    PredicateSpec,
    load_ontology,
    ontology,
)

__all__ = [
    "ENTITY_TYPES",
    "PREDICATES",
    "EntityType",
    "Ontology",
    "Predicate",
    "PredicateSpec",
    "load_ontology",
    "ontology",
]
