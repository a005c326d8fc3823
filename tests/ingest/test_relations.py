"""Relation extractor on hand-written sentences, entities set by hand (no entity stage).

Each test parses its text with the real spaCy model, tags the named entities itself
and checks the triples the ``frontierkg_relation_extractor`` component puts on
``doc._.relations``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language

from schema import Predicate
from tests.ingest.relation_helpers import Entity, Triple, relation_nlp, tagged, triples

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield relation_nlp()


ORION = ("Orion Robotics", "Organization")
KESTREL = ("Kestrel Foundry", "Organization")
QUILL = ("Quill AI", "Organization")
FALCON = ("Falcon-9B", "AIModel")
VEGA = ("Vega-3", "Chip")


# --- one positive case per predicate --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        (
            "Orion Robotics released Falcon-9B to developers on Monday.",
            [ORION, FALCON],
            ("Orion Robotics", "RELEASES", "Falcon-9B"),
        ),
        (
            "Engineers say Orion Robotics designed Vega-3 in under two years.",
            [ORION, VEGA],
            ("Orion Robotics", "DEVELOPS", "Vega-3"),
        ),
        (
            "The Vega-3 accelerator is manufactured by Kestrel Foundry in Ohio.",
            [VEGA, KESTREL],
            ("Kestrel Foundry", "MANUFACTURES", "Vega-3"),
        ),
        (
            "Last week the Trade Ministry banned Quill AI from public tenders.",
            [("Trade Ministry", "GovernmentBody"), QUILL],
            ("Trade Ministry", "RESTRICTS", "Quill AI"),
        ),
        (
            "The European Commission adopted the Digital Fairness Act in March.",
            [("European Commission", "GovernmentBody"), ("Digital Fairness Act", "Policy")],
            ("European Commission", "ENACTS", "Digital Fairness Act"),
        ),
        (
            "Harbor Ventures invested in Quill AI during its seed round.",
            [("Harbor Ventures", "Organization"), QUILL],
            ("Harbor Ventures", "INVESTS_IN", "Quill AI"),
        ),
        (
            "Orion Robotics acquired Kestrel Foundry for an undisclosed sum.",
            [ORION, KESTREL],
            ("Orion Robotics", "ACQUIRES", "Kestrel Foundry"),
        ),
        (
            "Quill AI has partnered with Orion Robotics on warehouse automation.",
            [QUILL, ORION],
            ("Orion Robotics", "PARTNERS_WITH", "Quill AI"),
        ),
        (
            "Kestrel Foundry supplies Orion Robotics with wafers.",
            [KESTREL, ORION],
            ("Kestrel Foundry", "SUPPLIES", "Orion Robotics"),
        ),
        (
            "Falcon-9B runs on Vega-3 accelerators in the company's data centres.",
            [FALCON, VEGA],
            ("Falcon-9B", "USES", "Vega-3"),
        ),
        (
            "Paris-based Quill AI opened a second office.",
            [("Paris", "Country", "France"), QUILL],
            ("Quill AI", "BASED_IN", "France"),
        ),
        (
            "Kestrel Foundry, a subsidiary of Orion Robotics, hired 200 engineers.",
            [KESTREL, ORION],
            ("Kestrel Foundry", "PART_OF", "Orion Robotics"),
        ),
        (
            "Orion Robotics CEO Maria Lopez expects strong demand.",
            [ORION, ("Maria Lopez", "Person")],
            ("Maria Lopez", "LEADS", "Orion Robotics"),
        ),
        (
            "Quill AI was founded in 2021 by Maria Lopez.",
            [QUILL, ("Maria Lopez", "Person")],
            ("Maria Lopez", "FOUNDED", "Quill AI"),
        ),
        (
            "On coding tasks Falcon-9B outperformed Atlas-2 by a wide margin.",
            [FALCON, ("Atlas-2", "AIModel")],
            ("Atlas-2", "COMPETES_WITH", "Falcon-9B"),
        ),
        (
            "Falcon-9B scored 81 percent on MMLU, the lab said.",
            [FALCON, ("MMLU", "Benchmark")],
            ("Falcon-9B", "EVALUATED_ON", "MMLU"),
        ),
    ],
    ids=lambda value: value[1] if isinstance(value, tuple) and len(value) == 3 else None,
)
def test_each_predicate_is_extracted(
    nlp: Language, text: str, entities: list[Entity], expected: Triple
) -> None:
    assert expected in triples(nlp, text, entities)


# --- voice, coordination, apposition, compounds ---------------------------------------
def test_passive_voice_gives_the_agent_as_subject(nlp: Language) -> None:
    found = triples(
        nlp,
        "Nimbus Systems was added to the Entity List by the Commerce Department.",
        [
            ("Nimbus Systems", "Organization"),
            ("Entity List", "Policy"),
            ("Commerce Department", "GovernmentBody"),
        ],
    )
    assert ("Commerce Department", "RESTRICTS", "Nimbus Systems") in found
    assert ("Entity List", "RESTRICTS", "Nimbus Systems") in found  # list additions


def test_coordination_gives_one_triple_per_conjunct_on_both_sides(nlp: Language) -> None:
    found = triples(
        nlp,
        "Harbor Ventures and Lumen Capital invested in Quill AI and Orion Robotics.",
        [("Harbor Ventures", "Organization"), ("Lumen Capital", "Organization"), QUILL, ORION],
    )
    investments = {t for t in found if t[1] == "INVESTS_IN"}
    assert investments == {
        ("Harbor Ventures", "INVESTS_IN", "Quill AI"),
        ("Harbor Ventures", "INVESTS_IN", "Orion Robotics"),
        ("Lumen Capital", "INVESTS_IN", "Quill AI"),
        ("Lumen Capital", "INVESTS_IN", "Orion Robotics"),
    }


def test_demonym_and_possessive_give_nationality(nlp: Language) -> None:
    found = triples(
        nlp,
        "French start-up Quill AI signed a deal with Japan's Kestrel Foundry.",
        [("French", "Country", "France"), QUILL, ("Japan", "Country"), KESTREL],
    )
    assert ("Quill AI", "BASED_IN", "France") in found
    assert ("Kestrel Foundry", "BASED_IN", "Japan") in found


def test_government_body_nationality_is_part_of_not_based_in(nlp: Language) -> None:
    found = triples(
        nlp,
        "Japan's Ministry of Trade summoned Orion Robotics on Friday.",
        [("Japan", "Country"), ("Ministry of Trade", "GovernmentBody"), ORION],
    )
    assert ("Ministry of Trade", "PART_OF", "Japan") in found
    assert ("Ministry of Trade", "BASED_IN", "Japan") not in found


def test_compounds_give_investor_owner_and_leader(nlp: Language) -> None:
    found = triples(
        nlp,
        "Harbor-backed Quill AI uses Orion's Vega-3 chips, President Ana Silva of Freedonia said.",
        [
            ("Harbor", "Organization"),
            QUILL,
            ("Orion", "Organization"),
            VEGA,
            ("Ana Silva", "Person"),
            ("Freedonia", "Country"),
        ],
    )
    assert ("Harbor", "INVESTS_IN", "Quill AI") in found
    assert ("Orion", "DEVELOPS", "Vega-3") in found
    assert ("Ana Silva", "LEADS", "Freedonia") in found


def test_light_coreference_resolves_the_company_and_its(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics opened a lab in Ohio. The company later unveiled its Vega-3 processor.",
        [ORION, VEGA],
    )
    assert ("Orion Robotics", "RELEASES", "Vega-3") in found
    assert ("Orion Robotics", "DEVELOPS", "Vega-3") in found


def test_symmetric_predicate_is_emitted_once(nlp: Language) -> None:
    doc = tagged(
        nlp,
        "Quill AI partnered with Orion Robotics, and Orion Robotics partnered with Quill AI.",
        [QUILL, ORION],
    )
    partnerships = [r for r in doc._.relations if r.predicate is Predicate.PARTNERS_WITH]
    assert len(partnerships) == 1


# --- what must not give a triple -------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Orion Robotics did not acquire Kestrel Foundry.",
        "Orion Robotics denied that it acquired Kestrel Foundry.",
        "Orion Robotics could acquire Kestrel Foundry next year.",
        "If regulators agree, Orion Robotics will acquire Kestrel Foundry.",
        "Orion Robotics is considering whether to acquire Kestrel Foundry.",
    ],
    ids=["negated", "denied", "modal", "conditional", "considered"],
)
def test_negated_denied_and_hypothetical_statements_give_nothing(nlp: Language, text: str) -> None:
    found = triples(nlp, text, [ORION, KESTREL])
    assert not any(t[1] == "ACQUIRES" for t in found)


def test_domain_and_range_are_enforced(nlp: Language) -> None:
    # RELEASES needs an Organization subject: a country does not release a model.
    found = triples(
        nlp,
        "Freedonia released Falcon-9B last year.",
        [("Freedonia", "Country"), FALCON],
    )
    assert found == set()


def test_evidence_offsets_are_the_sentence(nlp: Language) -> None:
    text = "The weather was mild. Orion Robotics acquired Kestrel Foundry on Tuesday."
    doc = tagged(nlp, text, [ORION, KESTREL])
    (relation,) = [r for r in doc._.relations if r.predicate is Predicate.ACQUIRES]
    assert text[relation.sentence_start : relation.sentence_end] == (
        "Orion Robotics acquired Kestrel Foundry on Tuesday."
    )
    assert 0 < relation.confidence <= 1


def test_comparison_lists_pair_every_model_on_each_side(nlp: Language) -> None:
    found = triples(
        nlp,
        "Testers pitted Falcon-9B and Falcon-20B against Atlas-2 and Atlas-3 on coding tasks.",
        [FALCON, ("Falcon-20B", "AIModel"), ("Atlas-2", "AIModel"), ("Atlas-3", "AIModel")],
    )
    rivalries = {frozenset((s, o)) for s, p, o in found if p == "COMPETES_WITH"}
    assert rivalries == {
        frozenset(pair)
        for pair in [
            ("Falcon-9B", "Atlas-2"),
            ("Falcon-9B", "Atlas-3"),
            ("Falcon-20B", "Atlas-2"),
            ("Falcon-20B", "Atlas-3"),
        ]
    }


def test_list_owner_restricts_what_is_later_added_to_its_list(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry published its Entity List in May. "
        "Quill AI was added to the list on Friday.",
        [("Trade Ministry", "GovernmentBody"), ("Entity List", "Policy"), QUILL],
    )
    assert ("Entity List", "RESTRICTS", "Quill AI") in found
    assert ("Trade Ministry", "RESTRICTS", "Quill AI") in found


def test_a_headline_joined_to_the_next_line_gives_no_cross_line_triple(nlp: Language) -> None:
    doc = tagged(
        nlp,
        "Orion Robotics shares climb\nKestrel Foundry was acquired by Quill AI on Monday.",
        [ORION, KESTREL, QUILL],
    )
    found = {(r.subject, r.predicate.value, r.object) for r in doc._.relations}
    assert ("Quill AI", "ACQUIRES", "Kestrel Foundry") in found
    assert not any("Orion Robotics" in (s, o) for s, _, o in found)
    for relation in doc._.relations:
        assert "\n" not in doc.text[relation.sentence_start : relation.sentence_end]


def test_nationality_picks_the_antecedent_of_a_definite_description(nlp: Language) -> None:
    found = triples(
        nlp,
        "Dutch chip maker Kestrel Foundry reported results. Orion Robotics said demand was "
        "strong. Analysts expect growth. Orion Robotics hired staff. Markets rose. "
        "The Dutch company is led by CEO Maria Lopez.",
        [("Dutch", "Country", "Netherlands"), KESTREL, ORION, ("Maria Lopez", "Person")],
    )
    assert ("Maria Lopez", "LEADS", "Kestrel Foundry") in found
    assert ("Maria Lopez", "LEADS", "Orion Robotics") not in found


def test_training_and_spin_out_phrasings(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics trained Falcon-9B on Vega-3 chips. "
        "Quill AI was spun out of Orion Robotics in 2021.",
        [ORION, FALCON, VEGA, QUILL],
    )
    assert ("Orion Robotics", "DEVELOPS", "Falcon-9B") in found
    assert ("Falcon-9B", "USES", "Vega-3") in found
    assert ("Orion Robotics", "USES", "Falcon-9B") not in found
    assert ("Orion Robotics", "FOUNDED", "Quill AI") in found


def test_ownership_model_origin_and_long_titles(nlp: Language) -> None:
    found = triples(
        nlp,
        "Maria Lopez, chief executive officer of Orion Robotics, said Kestrel Foundry is "
        "owned by Orion Robotics. Falcon-9B from Quill AI topped the charts.",
        [("Maria Lopez", "Person"), ORION, KESTREL, FALCON, QUILL],
    )
    assert ("Maria Lopez", "LEADS", "Orion Robotics") in found
    assert ("Kestrel Foundry", "PART_OF", "Orion Robotics") in found
    assert ("Quill AI", "DEVELOPS", "Falcon-9B") in found


def test_a_comma_alone_does_not_make_a_list(nlp: Language) -> None:
    # "Chinese chipmaker X, Y said": Y is the speaker, not a second Chinese chipmaker
    found = triples(
        nlp,
        "The order went to Chinese chipmaker Quill AI, Kestrel Foundry said on Monday.",
        [("Chinese", "Country", "China"), QUILL, KESTREL],
    )
    assert ("Quill AI", "BASED_IN", "China") in found
    assert ("Kestrel Foundry", "BASED_IN", "China") not in found


def test_plural_anaphora_takes_every_coordinated_antecedent(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI and Kestrel Foundry reported results on Monday. "
        "The two companies are developing Vega-3 together.",
        [QUILL, KESTREL, VEGA],
    )
    assert ("Quill AI", "DEVELOPS", "Vega-3") in found
    assert ("Kestrel Foundry", "DEVELOPS", "Vega-3") in found


def test_purpose_clause_and_adjectival_participle_give_uses(nlp: Language) -> None:
    found = triples(
        nlp,
        "Researchers adapted Falcon-9B to develop Atlas-2. "
        "Nova-1, a small model fine-tuned from Falcon-9B, was released later.",
        [FALCON, ("Atlas-2", "AIModel"), ("Nova-1", "AIModel")],
    )
    assert ("Atlas-2", "USES", "Falcon-9B") in found
    assert ("Nova-1", "USES", "Falcon-9B") in found


def test_removal_from_a_list_and_non_list_policies_restrict_nothing(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI was removed from the Entity List in May. "
        "Orion Robotics is included in the Digital Fairness Act.",
        [QUILL, ("Entity List", "Policy"), ORION, ("Digital Fairness Act", "Policy")],
    )
    assert not any(p == "RESTRICTS" for _, p, _ in found)


def test_buyer_of_a_makers_chips_is_supplied_by_the_maker(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI ordered 5,000 of Orion Robotics's newest Vega-3 chips last month.",
        [QUILL, ORION, VEGA],
    )
    assert ("Orion Robotics", "SUPPLIES", "Quill AI") in found
    assert ("Quill AI", "USES", "Vega-3") in found


def test_scores_in_the_next_sentence_continue_the_benchmark(nlp: Language) -> None:
    found = triples(
        nlp,
        "Falcon-9B scored 81 percent on MMLU. Atlas-2 trailed at 74 percent. "
        "Analysts praised Atlas-2 for its price.",
        [FALCON, ("Atlas-2", "AIModel"), ("MMLU", "Benchmark")],
    )
    assert ("Falcon-9B", "EVALUATED_ON", "MMLU") in found
    assert ("Atlas-2", "EVALUATED_ON", "MMLU") in found


def test_hyphenated_country_pair_and_buyers_by_nationality(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Freedonia-Sylvania chip war escalated. "
        "Orion Robotics said Sylvanian customers bought its Vega-3 chips.",
        [
            ("Freedonia", "Country"),
            ("Sylvania", "Country"),
            ("Sylvanian", "Country", "Sylvania"),
            ORION,
            VEGA,
        ],
    )
    assert ("Freedonia", "COMPETES_WITH", "Sylvania") in found
    assert ("Orion Robotics", "SUPPLIES", "Sylvania") in found


def test_funding_round_led_by_an_investor_and_raising_from_one(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI raised $200 million in a round led by Harbor Ventures. "
        "Orion Robotics raised $50 million from Lumen Capital.",
        [QUILL, ("Harbor Ventures", "Organization"), ORION, ("Lumen Capital", "Organization")],
    )
    assert ("Harbor Ventures", "INVESTS_IN", "Quill AI") in found
    assert ("Lumen Capital", "INVESTS_IN", "Orion Robotics") in found


def test_a_licence_to_sell_is_not_a_sale(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics must obtain a licence to sell Vega-3 chips to Quill AI.",
        [ORION, VEGA, QUILL],
    )
    assert ("Orion Robotics", "SUPPLIES", "Quill AI") not in found
    assert ("Orion Robotics", "RELEASES", "Vega-3") not in found
