"""Typed, closed Python vocabulary of the ontology in ``ontology.ttl``.

``EntityType`` and ``Predicate`` are the static vocabulary (mypy sees them);
``load_ontology`` reads the Turtle file with rdflib and refuses to start when
the file and the enums disagree, so the Turtle file stays the source of truth
and a typo is an error at import time, not a silent empty result.

Example:
    >>> from schema import ontology, Predicate, EntityType
    >>> ontology().allows(Predicate.RELEASES, EntityType.ORGANIZATION, EntityType.AI_MODEL)
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from frontierkg.errors import OntologyError

FKG = Namespace("https://frontierkg.dev/ontology#")
ONTOLOGY_FILE = "ontology.ttl"


class EntityType(StrEnum):
    """The eight entity types; the value is the node label and the class local name."""

    ORGANIZATION = "Organization"
    GOVERNMENT_BODY = "GovernmentBody"
    COUNTRY = "Country"
    PERSON = "Person"
    AI_MODEL = "AIModel"
    CHIP = "Chip"
    POLICY = "Policy"
    BENCHMARK = "Benchmark"

    @classmethod
    def parse(cls, value: str) -> EntityType:
        """Return the type named ``value`` or raise ``OntologyError`` listing the valid ones."""
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(t.value for t in cls)
            raise OntologyError(f"unknown entity type {value!r}; allowed: {allowed}") from None


class Predicate(StrEnum):
    """The sixteen relation types; the value is the relationship type in the graph."""

    RELEASES = "RELEASES"
    DEVELOPS = "DEVELOPS"
    MANUFACTURES = "MANUFACTURES"
    RESTRICTS = "RESTRICTS"
    ENACTS = "ENACTS"
    INVESTS_IN = "INVESTS_IN"
    ACQUIRES = "ACQUIRES"
    PARTNERS_WITH = "PARTNERS_WITH"
    SUPPLIES = "SUPPLIES"
    USES = "USES"
    BASED_IN = "BASED_IN"
    PART_OF = "PART_OF"
    LEADS = "LEADS"
    FOUNDED = "FOUNDED"
    COMPETES_WITH = "COMPETES_WITH"
    EVALUATED_ON = "EVALUATED_ON"

    @classmethod
    def parse(cls, value: str) -> Predicate:
        """Return the predicate named ``value`` or raise ``OntologyError`` listing valid ones."""
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(p.value for p in cls)
            raise OntologyError(f"unknown predicate {value!r}; allowed: {allowed}") from None


ENTITY_TYPES: tuple[EntityType, ...] = tuple(EntityType)
PREDICATES: tuple[Predicate, ...] = tuple(Predicate)


@dataclass(frozen=True)
class PredicateSpec:
    """Domain, range and flags of one predicate, as the Turtle file declares them."""

    predicate: Predicate
    label: str
    comment: str
    domain: frozenset[EntityType]
    range: frozenset[EntityType]
    symmetric: bool
    same_type_ends: bool


@dataclass(frozen=True)
class Ontology:
    """The loaded ontology: entity type descriptions and predicate specs."""

    iri: str
    entity_comments: dict[EntityType, str]
    predicates: dict[Predicate, PredicateSpec]
    _ends: dict[Predicate, frozenset[tuple[EntityType, EntityType]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def spec(self, predicate: Predicate) -> PredicateSpec:
        return self.predicates[predicate]

    def allows(self, predicate: Predicate, subject: EntityType, obj: EntityType) -> bool:
        """True when ``subject -predicate-> obj`` respects the predicate's domain and range."""
        spec = self.predicates[predicate]
        if spec.same_type_ends and subject != obj:
            return False
        return subject in spec.domain and obj in spec.range

    def allowed_ends(self, predicate: Predicate) -> frozenset[tuple[EntityType, EntityType]]:
        """The (subject type, object type) pairs an edge of ``predicate`` may join.

        Both orders for a symmetric predicate (its stored edges have one canonical
        orientation, whichever end that puts first).
        """
        known = self._ends.get(predicate)
        if known is None:
            symmetric = self.predicates[predicate].symmetric
            known = self._ends[predicate] = frozenset(
                (s, o)
                for s in EntityType
                for o in EntityType
                if self.allows(predicate, s, o) or (symmetric and self.allows(predicate, o, s))
            )
        return known

    def class_iri(self, entity_type: EntityType) -> URIRef:
        return FKG[entity_type.value]

    def predicate_iri(self, predicate: Predicate) -> URIRef:
        return FKG[predicate.value]


def _class_members(graph: Graph, node: Node, source: str) -> frozenset[EntityType]:
    """Entity types named by a class node: a single class or an ``owl:unionOf`` list."""
    union = graph.value(node, OWL.unionOf)
    members: list[Node] = list(Collection(graph, union)) if union is not None else [node]
    types = set()
    for member in members:
        if not isinstance(member, URIRef) or not str(member).startswith(str(FKG)):
            raise OntologyError(f"{source}: class {member} is not an fkg: entity type")
        types.add(EntityType.parse(str(member)[len(str(FKG)) :]))
    return frozenset(types)


def _local_names(graph: Graph, rdf_type: URIRef) -> set[str]:
    return {
        str(s)[len(str(FKG)) :]
        for s in graph.subjects(RDF.type, rdf_type)
        if isinstance(s, URIRef) and str(s).startswith(str(FKG))
    }


def load_ontology(path: Path | None = None) -> Ontology:
    """Parse the Turtle ontology and check it against ``EntityType`` and ``Predicate``.

    Raises ``OntologyError`` naming the file and the first disagreement.
    """
    if path is None:
        text = resources.files("schema").joinpath(ONTOLOGY_FILE).read_text("utf-8")
        source = ONTOLOGY_FILE
    else:
        text = path.read_text("utf-8")
        source = str(path)
    graph = Graph()
    graph.parse(data=text, format="turtle")

    classes = _local_names(graph, OWL.Class) - {"Entity"}
    if classes != {t.value for t in EntityType}:
        raise OntologyError(
            f"{source}: entity classes {sorted(classes)} differ from EntityType "
            f"{sorted(t.value for t in EntityType)}"
        )
    properties = _local_names(graph, OWL.ObjectProperty)
    if properties != {p.value for p in Predicate}:
        raise OntologyError(
            f"{source}: object properties {sorted(properties)} differ from Predicate "
            f"{sorted(p.value for p in Predicate)}"
        )

    entity_comments = {t: str(graph.value(FKG[t.value], RDFS.comment) or "") for t in EntityType}
    specs: dict[Predicate, PredicateSpec] = {}
    for predicate in Predicate:
        iri = FKG[predicate.value]
        domain, range_ = graph.value(iri, RDFS.domain), graph.value(iri, RDFS.range)
        if domain is None or range_ is None:
            raise OntologyError(f"{source}: {predicate.value} lacks rdfs:domain or rdfs:range")
        specs[predicate] = PredicateSpec(
            predicate=predicate,
            label=str(graph.value(iri, RDFS.label) or predicate.value),
            comment=str(graph.value(iri, RDFS.comment) or ""),
            domain=_class_members(graph, domain, source),
            range=_class_members(graph, range_, source),
            symmetric=(iri, RDF.type, OWL.SymmetricProperty) in graph,
            same_type_ends=(iri, FKG.sameTypeEnds, Literal(True)) in graph,
        )
    return Ontology(
        iri="https://frontierkg.dev/ontology",
        entity_comments=entity_comments,
        predicates=specs,
    )


@cache
def ontology() -> Ontology:
    """The bundled ontology, loaded once per process."""
    return load_ontology()


__all__ = [
    "ENTITY_TYPES",
    "FKG",
    "PREDICATES",
    "EntityType",
    "Ontology",
    "Predicate",
    "PredicateSpec",
    "load_ontology",
    "ontology",
]
