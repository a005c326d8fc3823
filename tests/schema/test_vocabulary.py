"""The Python vocabulary and the Turtle ontology must agree; unknown names fail loudly."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph

from frontierkg.errors import OntologyError
from schema import EntityType, Predicate, load_ontology, ontology
from schema.vocabulary import FKG

TTL = Path(__file__).resolve().parents[2] / "schema" / "ontology.ttl"


def _turtle() -> Graph:
    graph = Graph()
    graph.parse(TTL, format="turtle")
    return graph


def test_every_entity_type_is_an_owl_class_with_label_and_comment() -> None:
    graph = _turtle()
    for entity_type in EntityType:
        iri = FKG[entity_type.value]
        assert (iri, RDF.type, OWL.Class) in graph
        assert (iri, RDFS.subClassOf, FKG.Entity) in graph
        assert str(graph.value(iri, RDFS.label)) == entity_type.value
        assert graph.value(iri, RDFS.comment)


def test_every_predicate_is_an_object_property_with_domain_and_range() -> None:
    graph = _turtle()
    for predicate in Predicate:
        iri = FKG[predicate.value]
        assert (iri, RDF.type, OWL.ObjectProperty) in graph
        assert graph.value(iri, RDFS.domain) is not None
        assert graph.value(iri, RDFS.range) is not None


def test_counts_match_guidelines() -> None:
    assert len(EntityType) == 8
    assert len(Predicate) == 16


def test_symmetric_predicates_are_exactly_the_guideline_ones() -> None:
    symmetric = {p for p, spec in ontology().predicates.items() if spec.symmetric}
    assert symmetric == {Predicate.PARTNERS_WITH, Predicate.COMPETES_WITH}


@pytest.mark.parametrize(
    ("predicate", "subject", "obj", "allowed"),
    [
        (Predicate.RELEASES, EntityType.ORGANIZATION, EntityType.AI_MODEL, True),
        (Predicate.RELEASES, EntityType.PERSON, EntityType.AI_MODEL, False),
        (Predicate.RESTRICTS, EntityType.POLICY, EntityType.ORGANIZATION, True),
        (Predicate.RESTRICTS, EntityType.ORGANIZATION, EntityType.CHIP, False),
        (Predicate.BASED_IN, EntityType.GOVERNMENT_BODY, EntityType.COUNTRY, True),
        (Predicate.COMPETES_WITH, EntityType.AI_MODEL, EntityType.AI_MODEL, True),
        (Predicate.COMPETES_WITH, EntityType.AI_MODEL, EntityType.ORGANIZATION, False),
        (Predicate.EVALUATED_ON, EntityType.AI_MODEL, EntityType.BENCHMARK, True),
    ],
)
def test_domain_and_range_are_enforced(
    predicate: Predicate, subject: EntityType, obj: EntityType, allowed: bool
) -> None:
    assert ontology().allows(predicate, subject, obj) is allowed


def test_allowed_ends_take_both_orders_only_for_symmetric_predicates() -> None:
    spec = ontology()
    T = EntityType
    partners = spec.allowed_ends(Predicate.PARTNERS_WITH)
    assert (T.ORGANIZATION, T.COUNTRY) in partners and (T.COUNTRY, T.ORGANIZATION) in partners
    competes = spec.allowed_ends(Predicate.COMPETES_WITH)
    assert competes == {
        (T.AI_MODEL, T.AI_MODEL),
        (T.ORGANIZATION, T.ORGANIZATION),
        (T.COUNTRY, T.COUNTRY),
    }
    restricts = spec.allowed_ends(Predicate.RESTRICTS)
    assert (T.POLICY, T.ORGANIZATION) in restricts and (T.ORGANIZATION, T.POLICY) not in restricts


def test_unknown_names_fail_loudly() -> None:
    with pytest.raises(OntologyError, match="unknown entity type 'Company'"):
        EntityType.parse("Company")
    with pytest.raises(OntologyError, match="unknown predicate 'OWNS'"):
        Predicate.parse("OWNS")


def test_turtle_with_an_extra_class_is_refused(tmp_path: Path) -> None:
    drifted = tmp_path / "ontology.ttl"
    drifted.write_text(
        TTL.read_text("utf-8")
        + '\nfkg:Weapon a owl:Class ; rdfs:subClassOf fkg:Entity ; rdfs:label "Weapon" .\n',
        "utf-8",
    )
    with pytest.raises(OntologyError, match="Weapon"):
        load_ontology(drifted)


def test_turtle_missing_a_predicate_is_refused(tmp_path: Path) -> None:
    text = TTL.read_text("utf-8")
    start = text.index("fkg:ACQUIRES a owl:ObjectProperty")
    end = text.index("fkg:PARTNERS_WITH a owl:ObjectProperty")
    drifted = tmp_path / "ontology.ttl"
    drifted.write_text(text[:start] + text[end:], "utf-8")
    with pytest.raises(OntologyError, match="ACQUIRES"):
        load_ontology(drifted)
