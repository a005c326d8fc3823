"""Relation wordings that real news uses beyond the dev set's phrasing.

Each group is one general construction (not one article's sentence): list additions
and licence requirements (RESTRICTS), demonyms over lists and "respectively", investor,
partner, customer and rival noun phrases, title attachment, hedges and denied reports, and
benchmark results split by clause. Entities are tagged by hand, names are invented.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language

from tests.ingest.relation_helpers import Entity, Triple, relation_nlp, triples

pytestmark = pytest.mark.slow

QUILL: Entity = ("Quill AI", "Organization")
ORION: Entity = ("Orion Robotics", "Organization")
KESTREL: Entity = ("Kestrel Foundry", "Organization")
HARBOR: Entity = ("Harbor Ventures", "Organization")
LUMEN: Entity = ("Lumen Capital", "Organization")
MINISTRY: Entity = ("Trade Ministry", "GovernmentBody")
ENTITY_LIST: Entity = ("Entity List", "Policy")
LOPEZ: Entity = ("Maria Lopez", "Person")
SILVA: Entity = ("Ana Silva", "Person")
VEGA: Entity = ("Vega-3", "Chip")
FALCON: Entity = ("Falcon-9B", "AIModel")
ATLAS2: Entity = ("Atlas-2", "AIModel")
ATLAS3: Entity = ("Atlas-3", "AIModel")
NOVA: Entity = ("Nova-1", "AIModel")
MMLU: Entity = ("MMLU", "Benchmark")
GPQA: Entity = ("GPQA", "Benchmark")
SWE: Entity = ("SWE-bench", "Benchmark")


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield relation_nlp()


def by_predicate(found: set[Triple], predicate: str) -> set[Triple]:
    return {t for t in found if t[1] == predicate}


# --- RESTRICTS: lists named earlier, list contents, licence requirements ---------------
def test_the_list_far_from_its_name_is_still_that_list(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry expanded the Entity List on Monday. Officials called the step "
        "overdue. Shares fell. Analysts were surprised. Investors stayed calm. "
        "The ministry added Quill AI, Orion Robotics and Kestrel Foundry to the list.",
        [MINISTRY, ENTITY_LIST, QUILL, ORION, KESTREL],
    )
    for company in ("Quill AI", "Orion Robotics", "Kestrel Foundry"):
        assert ("Entity List", "RESTRICTS", company) in found


@pytest.mark.parametrize(
    "second",
    [
        "The list now includes Quill AI and Orion Robotics.",
        "Companies on the list include Quill AI and Orion Robotics.",
        "The companies that were added to the list included Quill AI and Orion Robotics.",
    ],
    ids=["list-includes", "companies-on-the-list", "companies-added"],
)
def test_what_the_list_includes_is_restricted_by_it(nlp: Language, second: str) -> None:
    found = triples(
        nlp,
        f"The Trade Ministry updated the Entity List on Monday. {second}",
        [MINISTRY, ENTITY_LIST, QUILL, ORION],
    )
    assert ("Entity List", "RESTRICTS", "Quill AI") in found
    assert ("Entity List", "RESTRICTS", "Orion Robotics") in found


def test_a_licence_requirement_restricts_the_company_that_needs_the_licence(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "The Trade Ministry will require Kestrel Foundry to apply for export licences "
        "for its Vega-3 tools.",
        [MINISTRY, KESTREL, VEGA],
    )
    assert ("Trade Ministry", "RESTRICTS", "Kestrel Foundry") in found
    assert ("Trade Ministry", "RESTRICTS", "Vega-3") in found


def test_being_subject_to_a_countrys_licensing_rules_is_a_restriction(nlp: Language) -> None:
    found = triples(
        nlp,
        "Shipments of the Vega-3 are subject to Freedonian licensing requirements.",
        [VEGA, ("Freedonian", "Country", "Freedonia")],
    )
    assert ("Freedonia", "RESTRICTS", "Vega-3") in found


def test_holding_a_licence_is_not_a_restriction_by_the_holder(nlp: Language) -> None:
    found = triples(
        nlp,
        "Kestrel Foundry obtained a licence to ship Vega-3 chips to Orion Robotics.",
        [KESTREL, VEGA, ORION],
    )
    assert by_predicate(found, "RESTRICTS") == set()


# --- hedges and denials ---------------------------------------------------------------
def test_weighing_curbs_is_not_a_restriction(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry was said to be weighing curbs on Kestrel Foundry.",
        [MINISTRY, KESTREL],
    )
    assert by_predicate(found, "RESTRICTS") == set()


def test_imposed_curbs_are_still_a_restriction(nlp: Language) -> None:
    found = triples(
        nlp, "The Trade Ministry imposed curbs on Kestrel Foundry.", [MINISTRY, KESTREL]
    )
    assert ("Trade Ministry", "RESTRICTS", "Kestrel Foundry") in found


def test_a_denied_report_of_talks_gives_no_acquisition(nlp: Language) -> None:
    found = triples(
        nlp,
        "A Quill AI spokesperson denied a report that Orion Robotics had held talks "
        "about acquiring the company.",
        [QUILL, ORION],
    )
    assert by_predicate(found, "ACQUIRES") == set()


# --- nationality over lists -------------------------------------------------------------
def test_a_demonym_covers_a_list_introduced_by_led_by(nlp: Language) -> None:
    found = triples(
        nlp,
        "Chinese robot makers, led by Quill AI, Orion Robotics and Kestrel Foundry, cut prices.",
        [("Chinese", "Country", "China"), QUILL, ORION, KESTREL],
    )
    assert by_predicate(found, "BASED_IN") == {
        ("Quill AI", "BASED_IN", "China"),
        ("Orion Robotics", "BASED_IN", "China"),
        ("Kestrel Foundry", "BASED_IN", "China"),
    }


def test_respectively_pairs_the_lists_in_order(nlp: Language) -> None:
    found = triples(
        nlp,
        "Japan and Freedonia, home to Quill AI and Kestrel Foundry respectively, joined the talks.",
        [("Japan", "Country"), ("Freedonia", "Country"), QUILL, KESTREL],
    )
    assert by_predicate(found, "BASED_IN") == {
        ("Quill AI", "BASED_IN", "Japan"),
        ("Kestrel Foundry", "BASED_IN", "Freedonia"),
    }


# --- investors, partners, rivals -------------------------------------------------------
def test_whose_backers_include_gives_each_investor(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI, whose backers include Harbor Ventures and Lumen Capital, opened an office.",
        [QUILL, HARBOR, LUMEN],
    )
    assert ("Harbor Ventures", "INVESTS_IN", "Quill AI") in found
    assert ("Lumen Capital", "INVESTS_IN", "Quill AI") in found


def test_counts_among_its_investors(nlp: Language) -> None:
    found = triples(nlp, "Quill AI counts Harbor Ventures among its investors.", [QUILL, HARBOR])
    assert ("Harbor Ventures", "INVESTS_IN", "Quill AI") in found


def test_a_joint_venture_partners_its_owners(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI and Orion Robotics formed a joint venture to build chips in Ohio.",
        [QUILL, ORION],
    )
    assert ("Orion Robotics", "PARTNERS_WITH", "Quill AI") in found


def test_venture_capital_is_not_a_partnership(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI and Orion Robotics both raised venture capital last year.",
        [QUILL, ORION],
    )
    assert by_predicate(found, "PARTNERS_WITH") == set()


def test_a_price_war_among_companies_pairs_them_all(nlp: Language) -> None:
    found = triples(
        nlp,
        "A price war among Quill AI, Orion Robotics and Kestrel Foundry has cut margins.",
        [QUILL, ORION, KESTREL],
    )
    pairs = {frozenset((s, o)) for s, p, o in found if p == "COMPETES_WITH"}
    assert pairs == {
        frozenset(("Quill AI", "Orion Robotics")),
        frozenset(("Quill AI", "Kestrel Foundry")),
        frozenset(("Orion Robotics", "Kestrel Foundry")),
    }


def test_rival_before_a_name_competes_with_the_clause_subject(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics was fined on Monday together with rival Kestrel Foundry.",
        [ORION, KESTREL],
    )
    pairs = {frozenset((s, o)) for s, p, o in found if p == "COMPETES_WITH"}
    assert pairs == {frozenset(("Orion Robotics", "Kestrel Foundry"))}


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Foundry serves customers including Quill AI and Orion Robotics.",
        "Kestrel Foundry makes chips for customers such as Quill AI and Orion Robotics.",
        "Kestrel Foundry has signed up customers like Quill AI and Orion Robotics.",
    ],
)
def test_bare_customers_named_in_a_clause_are_the_subjects(nlp: Language, text: str) -> None:
    found = triples(nlp, text, [KESTREL, QUILL, ORION])
    assert by_predicate(found, "SUPPLIES") == {
        ("Kestrel Foundry", "SUPPLIES", "Quill AI"),
        ("Kestrel Foundry", "SUPPLIES", "Orion Robotics"),
    }


def test_customers_inside_another_subject_are_not_the_speakers(nlp: Language) -> None:
    found = triples(
        nlp,
        "Kestrel Foundry said demand from customers such as Quill AI was strong.",
        [KESTREL, QUILL],
    )
    assert by_predicate(found, "SUPPLIES") == set()


# --- titles -----------------------------------------------------------------------------
def test_a_demonym_before_prime_minister_names_the_country(nlp: Language) -> None:
    found = triples(
        nlp,
        "British Prime Minister Ana Silva visited Freedonia on Tuesday.",
        [("British", "Country", "United Kingdom"), SILVA, ("Freedonia", "Country")],
    )
    assert by_predicate(found, "LEADS") == {("Ana Silva", "LEADS", "United Kingdom")}


def test_a_company_president_does_not_lead_a_country(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics president Maria Lopez opened a plant in Freedonia.",
        [ORION, LOPEZ, ("Freedonia", "Country")],
    )
    assert by_predicate(found, "LEADS") == {("Maria Lopez", "LEADS", "Orion Robotics")}


def test_whose_chairman_leads_the_described_company(nlp: Language) -> None:
    found = triples(
        nlp,
        "The deal went to Quill AI, whose chairman Maria Lopez has run it since 2019.",
        [QUILL, LOPEZ],
    )
    assert ("Maria Lopez", "LEADS", "Quill AI") in found


def test_coordinated_titles_after_a_company_name_lead_it(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics vice chair and president Ana Silva opened a plant in Ohio.",
        [ORION, SILVA],
    )
    assert by_predicate(found, "LEADS") == {("Ana Silva", "LEADS", "Orion Robotics")}


def test_a_co_founder_and_chief_executive_after_a_company_name(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI co-founder and chief executive Maria Lopez said the chips were late.",
        [QUILL, LOPEZ],
    )
    assert ("Maria Lopez", "FOUNDED", "Quill AI") in found
    assert ("Maria Lopez", "LEADS", "Quill AI") in found


def test_a_founder_and_chairman_after_a_company_name(nlp: Language) -> None:
    found = triples(
        nlp,
        "Kestrel Foundry founder and chairman Ana Silva met investors on Monday.",
        [KESTREL, SILVA],
    )
    assert ("Ana Silva", "FOUNDED", "Kestrel Foundry") in found


def test_a_company_listed_before_the_titles_is_not_led(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI and Orion Robotics chairman and president Ana Silva spoke.",
        [QUILL, ORION, SILVA],
    )
    assert ("Ana Silva", "LEADS", "Quill AI") not in found


# --- benchmarks -------------------------------------------------------------------------
def test_benchmark_results_pair_models_with_the_benchmarks_of_their_clause(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "Falcon-9B beat Atlas-2 and Atlas-3 on MMLU and GPQA, and scored close to Nova-1 "
        "on SWE-bench.",
        [FALCON, ATLAS2, ATLAS3, NOVA, MMLU, GPQA, SWE],
    )
    assert by_predicate(found, "EVALUATED_ON") == {
        ("Falcon-9B", "EVALUATED_ON", "MMLU"),
        ("Falcon-9B", "EVALUATED_ON", "GPQA"),
        ("Falcon-9B", "EVALUATED_ON", "SWE-bench"),
        ("Atlas-2", "EVALUATED_ON", "MMLU"),
        ("Atlas-2", "EVALUATED_ON", "GPQA"),
        ("Atlas-3", "EVALUATED_ON", "MMLU"),
        ("Atlas-3", "EVALUATED_ON", "GPQA"),
        ("Nova-1", "EVALUATED_ON", "SWE-bench"),
    }


def test_a_contrasting_clause_keeps_its_own_benchmark(nlp: Language) -> None:
    found = triples(
        nlp,
        "Falcon-9B led on MMLU and GPQA, while Atlas-2 and Atlas-3 scored higher on SWE-bench.",
        [FALCON, ATLAS2, ATLAS3, MMLU, GPQA, SWE],
    )
    assert by_predicate(found, "EVALUATED_ON") == {
        ("Falcon-9B", "EVALUATED_ON", "MMLU"),
        ("Falcon-9B", "EVALUATED_ON", "GPQA"),
        ("Atlas-2", "EVALUATED_ON", "SWE-bench"),
        ("Atlas-3", "EVALUATED_ON", "SWE-bench"),
    }


def test_one_benchmark_still_pairs_with_every_model(nlp: Language) -> None:
    found = triples(
        nlp, "Falcon-9B and Atlas-2 both scored above 80 percent on MMLU.", [FALCON, ATLAS2, MMLU]
    )
    assert by_predicate(found, "EVALUATED_ON") == {
        ("Falcon-9B", "EVALUATED_ON", "MMLU"),
        ("Atlas-2", "EVALUATED_ON", "MMLU"),
    }


def test_a_licence_from_a_body_restricts_what_needs_it(nlp: Language) -> None:
    found = triples(
        nlp,
        "Exports of the Vega-3 now require a licence from the Trade Ministry.",
        [VEGA, MINISTRY],
    )
    assert ("Trade Ministry", "RESTRICTS", "Vega-3") in found


def test_a_joint_venture_between_two_firms_partners_them_not_the_venture(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "Kestrel Foundry is a joint venture between Quill AI and Orion Robotics.",
        [KESTREL, QUILL, ORION],
    )
    assert by_predicate(found, "PARTNERS_WITH") == {("Orion Robotics", "PARTNERS_WITH", "Quill AI")}


# --- more investor and partner wordings, reports and talks -----------------------------
def test_a_funding_round_belongs_to_the_company_that_raised_it(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI's latest funding round, led by Harbor Ventures, valued it at $5 billion.",
        [QUILL, HARBOR],
    )
    assert by_predicate(found, "INVESTS_IN") == {("Harbor Ventures", "INVESTS_IN", "Quill AI")}


def test_raising_money_in_a_round_does_not_make_the_raiser_an_investor(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics bought a stake last year. Quill AI raised $300 million in its latest "
        "funding round.",
        [ORION, QUILL],
    )
    assert ("Quill AI", "INVESTS_IN", "Orion Robotics") not in found


def test_every_shareholder_in_an_apposition_is_an_investor(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI's main shareholders, Harbor Ventures and Lumen Capital, backed the plan.",
        [QUILL, HARBOR, LUMEN],
    )
    assert ("Harbor Ventures", "INVESTS_IN", "Quill AI") in found
    assert ("Lumen Capital", "INVESTS_IN", "Quill AI") in found


def test_developing_a_product_with_companies_partners_with_them(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI is developing the Vega-3 with Orion Robotics and Kestrel Foundry.",
        [QUILL, VEGA, ORION, KESTREL],
    )
    assert ("Orion Robotics", "PARTNERS_WITH", "Quill AI") in found
    assert ("Kestrel Foundry", "PARTNERS_WITH", "Quill AI") in found
    assert ("Quill AI", "DEVELOPS", "Vega-3") in found


def test_building_with_chips_is_not_a_partnership(nlp: Language) -> None:
    found = triples(nlp, "Quill AI built Falcon-9B with Vega-3 chips.", [QUILL, FALCON, VEGA])
    assert by_predicate(found, "PARTNERS_WITH") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Orion Robotics denied reports it was in talks to buy Kestrel Foundry.",
        "Orion Robotics is in talks to buy Kestrel Foundry.",
    ],
    ids=["denied-report-without-that", "talks"],
)
def test_talks_and_denied_reports_give_no_acquisition(nlp: Language, text: str) -> None:
    assert by_predicate(triples(nlp, text, [ORION, KESTREL]), "ACQUIRES") == set()


def test_the_company_after_a_subject_pronoun_is_that_pronouns_antecedent(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "Quill AI was founded in 2022 with state support. It is led by president Maria "
        "Lopez, a former executive at Orion Robotics. The company is developing its Vega-3 "
        "chip with Kestrel Foundry.",
        [QUILL, ORION, KESTREL, LOPEZ, VEGA],
    )
    assert ("Quill AI", "DEVELOPS", "Vega-3") in found
    assert ("Kestrel Foundry", "PARTNERS_WITH", "Quill AI") in found
    assert ("Orion Robotics", "DEVELOPS", "Vega-3") not in found


def test_pitching_one_model_against_another_is_a_comparison(nlp: Language) -> None:
    found = triples(nlp, "Analysts are pitching Falcon-9B against Atlas-2.", [FALCON, ATLAS2])
    assert ("Atlas-2", "COMPETES_WITH", "Falcon-9B") in found


def test_a_singular_descriptor_covers_only_the_first_name(nlp: Language) -> None:
    found = triples(
        nlp,
        "Freedonian investment firm Harbor Ventures, Quill AI and Orion Robotics will build "
        "the campus.",
        [("Freedonian", "Country", "Freedonia"), HARBOR, QUILL, ORION],
    )
    assert by_predicate(found, "BASED_IN") == {("Harbor Ventures", "BASED_IN", "Freedonia")}


def test_a_plural_descriptor_covers_the_whole_list(nlp: Language) -> None:
    found = triples(
        nlp,
        "Freedonian investment firms Harbor Ventures and Lumen Capital backed the campus.",
        [("Freedonian", "Country", "Freedonia"), HARBOR, LUMEN],
    )
    assert by_predicate(found, "BASED_IN") == {
        ("Harbor Ventures", "BASED_IN", "Freedonia"),
        ("Lumen Capital", "BASED_IN", "Freedonia"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Quill AI is led by president Maria Lopez, who moved to Freedonia in 2020.",
        "Maria Lopez, Quill AI's vice chair and president, met officials in Freedonia.",
    ],
    ids=["lowercase-president", "company-title"],
)
def test_a_company_officer_called_president_leads_no_country(nlp: Language, text: str) -> None:
    found = triples(nlp, text, [QUILL, LOPEZ, ("Freedonia", "Country")])
    assert ("Maria Lopez", "LEADS", "Freedonia") not in found


def test_president_before_a_name_leads_the_country(nlp: Language) -> None:
    found = triples(
        nlp,
        "The plant in Freedonia was opened by President Ana Silva on Monday.",
        [SILVA, ("Freedonia", "Country")],
    )
    assert ("Ana Silva", "LEADS", "Freedonia") in found


# --- founders, owners -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Quill AI was set up by Orion Robotics and Harbor Ventures in 2019.",
        "Orion Robotics and Harbor Ventures set up Quill AI in 2019.",
    ],
    ids=["passive", "active"],
)
def test_setting_up_a_company_founds_it(nlp: Language, text: str) -> None:
    found = triples(nlp, text, [QUILL, ORION, HARBOR])
    assert ("Orion Robotics", "FOUNDED", "Quill AI") in found
    assert ("Harbor Ventures", "FOUNDED", "Quill AI") in found


def test_setting_a_price_founds_nothing(nlp: Language) -> None:
    found = triples(nlp, "Orion Robotics set prices for Quill AI.", [ORION, QUILL])
    assert by_predicate(found, "FOUNDED") == set()


def test_a_company_set_up_by_another_firms_former_staff_is_not_founded_by_it(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "Kestrel Foundry, a chipmaker set up by former Orion Robotics engineers, is due to list.",
        [KESTREL, ORION],
    )
    assert by_predicate(found, "FOUNDED") == set()


def test_the_owner_of_a_company_is_its_parent(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics, the owner of robot maker Kestrel Foundry, reported results.",
        [ORION, KESTREL],
    )
    assert ("Kestrel Foundry", "PART_OF", "Orion Robotics") in found


def test_coordinated_titles_share_the_person_and_the_company(nlp: Language) -> None:
    found = triples(
        nlp,
        "Maria Lopez, Quill AI's co-founder and chief executive, said demand was strong.",
        [LOPEZ, QUILL],
    )
    assert ("Maria Lopez", "LEADS", "Quill AI") in found
    assert ("Maria Lopez", "FOUNDED", "Quill AI") in found


def test_a_partnership_belongs_to_the_nearest_of_several_agents(nlp: Language) -> None:
    found = triples(
        nlp,
        "The lab was set up by Quill AI and by Orion Robotics in partnership with Kestrel Foundry.",
        [QUILL, ORION, KESTREL],
    )
    assert by_predicate(found, "PARTNERS_WITH") == {
        ("Kestrel Foundry", "PARTNERS_WITH", "Orion Robotics")
    }


def test_state_subsidies_to_a_company_fund_it(nlp: Language) -> None:
    found = triples(
        nlp,
        "Freedonia will provide subsidies to Quill AI for its new plant.",
        [("Freedonia", "Country"), QUILL],
    )
    assert ("Freedonia", "INVESTS_IN", "Quill AI") in found


# --- more nationality shapes -------------------------------------------------------------
FREEDONIAN: Entity = ("Freedonian", "Country", "Freedonia")


def test_a_demonym_before_a_possessive_company_gives_its_nationality(nlp: Language) -> None:
    found = triples(
        nlp,
        "Freedonian start-up Quill AI's Falcon-9B model surprised investors.",
        [FREEDONIAN, QUILL, FALCON],
    )
    assert ("Quill AI", "BASED_IN", "Freedonia") in found
    assert ("Quill AI", "DEVELOPS", "Falcon-9B") in found


def test_a_country_inside_a_unit_name_is_not_the_persons_nationality(nlp: Language) -> None:
    found = triples(
        nlp,
        "Former Orion Robotics Freedonia general manager Maria Lopez founded Quill AI.",
        [ORION, ("Freedonia", "Country"), LOPEZ, QUILL],
    )
    assert ("Maria Lopez", "BASED_IN", "Freedonia") not in found
    assert ("Maria Lopez", "FOUNDED", "Quill AI") in found


def test_a_capital_before_think_tank_gives_the_country(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics, a Capitol City think tank, published the study.",
        [ORION, ("Capitol City", "Country", "Freedonia")],
    )
    assert ("Orion Robotics", "BASED_IN", "Freedonia") in found


# --- more RESTRICTS shapes -------------------------------------------------------------
def test_an_addition_continued_in_the_next_sentence(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry added Quill AI to the Entity List. Also added was Orion Robotics.",
        [MINISTRY, ENTITY_LIST, QUILL, ORION],
    )
    assert ("Entity List", "RESTRICTS", "Orion Robotics") in found
    assert ("Trade Ministry", "RESTRICTS", "Orion Robotics") in found


def test_a_removal_in_the_next_sentence_is_no_addition(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry added Quill AI to the Entity List. Orion Robotics was removed "
        "from the list.",
        [MINISTRY, ENTITY_LIST, QUILL, ORION],
    )
    assert not any(o == "Orion Robotics" for _, p, o in found if p == "RESTRICTS")


def test_added_together_with_another_company(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry placed Quill AI on the Entity List together with rival "
        "Kestrel Foundry.",
        [MINISTRY, ENTITY_LIST, QUILL, KESTREL],
    )
    assert ("Entity List", "RESTRICTS", "Kestrel Foundry") in found
    assert ("Trade Ministry", "RESTRICTS", "Kestrel Foundry") in found


@pytest.mark.parametrize(
    "text",
    [
        "The Trade Ministry unveiled new export controls aimed at Quill AI and Orion Robotics.",
        "The Trade Ministry imposed sanctions targeting Quill AI and Orion Robotics.",
    ],
    ids=["aimed-at", "targeting"],
)
def test_measures_aimed_at_companies_restrict_them(nlp: Language, text: str) -> None:
    found = triples(nlp, text, [MINISTRY, QUILL, ORION])
    assert by_predicate(found, "RESTRICTS") == {
        ("Trade Ministry", "RESTRICTS", "Quill AI"),
        ("Trade Ministry", "RESTRICTS", "Orion Robotics"),
    }


def test_sanctions_being_weighed_restrict_nothing_yet(nlp: Language) -> None:
    found = triples(
        nlp, "The Trade Ministry is weighing sanctions targeting Quill AI.", [MINISTRY, QUILL]
    )
    assert by_predicate(found, "RESTRICTS") == set()


def test_the_start_up_written_with_a_hyphen_refers_back(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI opened an office in May. The start-up, which is backed by Harbor Ventures, "
        "plans to hire.",
        [QUILL, HARBOR],
    )
    assert ("Harbor Ventures", "INVESTS_IN", "Quill AI") in found


def test_a_licence_named_for_a_state_makes_that_state_the_restrictor(nlp: Language) -> None:
    found = triples(
        nlp,
        "The rule will require Kestrel Foundry to apply for Freedonian export licences "
        "before shipping its tools.",
        [KESTREL, FREEDONIAN],
    )
    assert ("Freedonia", "RESTRICTS", "Kestrel Foundry") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The new Freedonian controls cover the Vega-3 and Atlas-2.",
            {("Freedonia", "RESTRICTS", "Vega-3"), ("Freedonia", "RESTRICTS", "Atlas-2")},
        ),
        (
            "The Trade Ministry's curbs apply to Quill AI and Kestrel Foundry.",
            {
                ("Trade Ministry", "RESTRICTS", "Quill AI"),
                ("Trade Ministry", "RESTRICTS", "Kestrel Foundry"),
            },
        ),
    ],
    ids=["cover", "apply-to"],
)
def test_what_controls_cover_is_restricted(nlp: Language, text: str, expected: set[Triple]) -> None:
    found = triples(nlp, text, [FREEDONIAN, VEGA, ATLAS2, MINISTRY, QUILL, KESTREL])
    assert by_predicate(found, "RESTRICTS") == expected


def test_a_bare_chief_executive_leads_the_company_in_focus(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI said on Monday that profits rose. Chief executive Maria Lopez expects "
        "more growth.",
        [QUILL, LOPEZ],
    )
    assert ("Maria Lopez", "LEADS", "Quill AI") in found


def test_the_company_in_focus_does_not_override_a_stated_leader_relation(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "Orion Robotics bought a stake in Quill AI. Kestrel Foundry is led by chief executive "
        "Maria Lopez.",
        [ORION, QUILL, KESTREL, LOPEZ],
    )
    assert by_predicate(found, "LEADS") == {("Maria Lopez", "LEADS", "Kestrel Foundry")}


def test_a_body_inside_another_is_part_of_the_innermost_named_one(nlp: Language) -> None:
    found = triples(
        nlp,
        "Officials set up a new Safety Office inside the Trade Ministry's Standards Agency.",
        [
            ("Safety Office", "GovernmentBody"),
            MINISTRY,
            ("Standards Agency", "GovernmentBody"),
        ],
    )
    assert ("Safety Office", "PART_OF", "Standards Agency") in found
    assert ("Safety Office", "PART_OF", "Trade Ministry") not in found


def test_a_president_does_not_lead_a_country_named_only_as_an_owner(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI opened a plant in Freedonia. The deal came as President Ana Silva sought "
        "an answer to Sylvania's Vega-3 chip.",
        [QUILL, ("Freedonia", "Country"), SILVA, ("Sylvania", "Country"), VEGA],
    )
    assert ("Ana Silva", "LEADS", "Sylvania") not in found


# --- performance likeness ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Falcon-9B performs on par with Atlas-2 on coding tasks.",
        "Falcon-9B scored close to Atlas-2 on reasoning tests.",
        "Falcon-9B is comparable to Atlas-2 in reasoning.",
        "Falcon-9B narrowed the gap with Atlas-2.",
    ],
    ids=["on-par", "scored-close", "comparable", "gap"],
)
def test_performance_likeness_is_a_rivalry(nlp: Language, text: str) -> None:
    found = triples(nlp, text, [FALCON, ATLAS2])
    assert ("Atlas-2", "COMPETES_WITH", "Falcon-9B") in found


@pytest.mark.parametrize(
    "text",
    [
        "Quill AI built a plant close to Orion Robotics.",
        "Quill AI is close to Orion Robotics, sources said.",
    ],
    ids=["place", "relationship"],
)
def test_closeness_that_is_not_a_result_is_no_rivalry(nlp: Language, text: str) -> None:
    assert by_predicate(triples(nlp, text, [QUILL, ORION]), "COMPETES_WITH") == set()


# --- money ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Harbor Ventures poured $1 billion into Quill AI last year.",
        "Harbor Ventures committed $500 million to Quill AI.",
        "Quill AI received $200 million from Harbor Ventures.",
    ],
    ids=["poured-into", "committed-to", "received-from"],
)
def test_money_moving_to_a_company_is_an_investment(nlp: Language, text: str) -> None:
    found = triples(nlp, text, [HARBOR, QUILL])
    assert ("Harbor Ventures", "INVESTS_IN", "Quill AI") in found
    assert ("Harbor Ventures", "SUPPLIES", "Quill AI") not in found


def test_goods_received_from_a_company_are_still_supplies(nlp: Language) -> None:
    found = triples(
        nlp, "Quill AI received Vega-3 chips from Harbor Ventures.", [HARBOR, QUILL, VEGA]
    )
    assert ("Harbor Ventures", "SUPPLIES", "Quill AI") in found
    assert ("Harbor Ventures", "INVESTS_IN", "Quill AI") not in found


def test_committing_to_a_plan_is_no_investment(nlp: Language) -> None:
    found = triples(nlp, "Harbor Ventures committed to Quill AI's plan.", [HARBOR, QUILL])
    assert by_predicate(found, "INVESTS_IN") == set()


# --- rules that a use would violate ------------------------------------------------------
def test_a_warning_that_using_a_chip_violates_controls_is_the_agencys_restriction(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "The Trade Ministry warned that using Quill AI's Vega-3 chips anywhere could violate "
        "Freedonian export controls.",
        [MINISTRY, QUILL, VEGA, FREEDONIAN],
    )
    assert by_predicate(found, "RESTRICTS") == {("Trade Ministry", "RESTRICTS", "Vega-3")}


def test_without_an_agency_the_rules_owner_restricts(nlp: Language) -> None:
    found = triples(
        nlp,
        "Buying Vega-3 chips violates Freedonian export controls, lawyers said.",
        [VEGA, FREEDONIAN],
    )
    assert ("Freedonia", "RESTRICTS", "Vega-3") in found


def test_not_violating_controls_restricts_nothing(nlp: Language) -> None:
    found = triples(
        nlp, "Buying Vega-3 chips does not violate Freedonian export controls.", [VEGA, FREEDONIAN]
    )
    assert by_predicate(found, "RESTRICTS") == set()


def test_a_policy_named_plan_is_not_a_hypothetical_plan(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI applied for grants under the AI Plan, which the Trade Ministry launched in May.",
        [QUILL, MINISTRY, ("AI Plan", "Policy")],
    )
    assert ("Trade Ministry", "ENACTS", "AI Plan") in found


def test_an_unnamed_plan_stays_hypothetical(nlp: Language) -> None:
    found = triples(nlp, "Quill AI announced a plan to acquire Orion Robotics.", [QUILL, ORION])
    assert by_predicate(found, "ACQUIRES") == set()


def test_a_new_version_of_its_model_is_developed_and_the_base_is_not_released(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "Quill AI released Nova-1, a new version of its Falcon family, on Monday.",
        [QUILL, NOVA, ("Falcon", "AIModel")],
    )
    assert ("Quill AI", "RELEASES", "Nova-1") in found
    assert ("Quill AI", "DEVELOPS", "Nova-1") in found
    assert ("Quill AI", "DEVELOPS", "Falcon") in found
    assert ("Quill AI", "RELEASES", "Falcon") not in found


def test_a_body_based_in_a_country_is_based_there_not_part_of_it(nlp: Language) -> None:
    found = triples(
        nlp,
        "Site selection will be handled by the Chip Office, the Freedonia-based body that "
        "runs the bloc's supercomputers.",
        [("Chip Office", "GovernmentBody"), ("Freedonia", "Country")],
    )
    assert ("Chip Office", "BASED_IN", "Freedonia") in found
    assert ("Chip Office", "PART_OF", "Freedonia") not in found


@pytest.mark.parametrize(
    ("text", "companies"),
    [
        (
            "The chips went to a Chinese customer later identified as Kestrel Foundry.",
            ["Kestrel Foundry"],
        ),
        (
            "Chinese buyers such as Quill AI and Orion Robotics placed orders.",
            ["Quill AI", "Orion Robotics"],
        ),
        ("Quill AI, like other Chinese firms, bought the chips.", ["Quill AI"]),
    ],
    ids=["identified-as", "buyers-such-as", "like-other"],
)
def test_more_ways_a_demonym_reaches_a_company(
    nlp: Language, text: str, companies: list[str]
) -> None:
    found = triples(nlp, text, [("Chinese", "Country", "China"), QUILL, ORION, KESTREL])
    assert by_predicate(found, "BASED_IN") == {(c, "BASED_IN", "China") for c in companies}


# --- reported future: "said X would ..." --------------------------------------------
def test_would_in_a_past_report_is_the_reports_future(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics said in January that its Vega-3 chip would be fabricated by "
        "Kestrel Foundry.",
        [ORION, VEGA, KESTREL],
    )
    assert ("Kestrel Foundry", "MANUFACTURES", "Vega-3") in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Kestrel Foundry would fabricate the Vega-3 chip if regulators agreed.",
        "Kestrel Foundry said it would fabricate the Vega-3 chip if regulators agreed.",
        "Analysts said Kestrel Foundry could fabricate the Vega-3 chip.",
    ],
)
def test_would_under_a_condition_or_could_stays_hypothetical(nlp: Language, sentence: str) -> None:
    found = triples(nlp, sentence, [KESTREL, VEGA])
    assert not by_predicate(found, "MANUFACTURES")


# --- SUPPLIES: what a shipment carries is not its shipper ------------------------------
def test_shipments_of_a_product_belong_to_the_verbs_subject(nlp: Language) -> None:
    found = triples(
        nlp,
        "Kestrel Foundry has begun shipments of the Vega-3 to Orion Robotics.",
        [KESTREL, VEGA, ORION],
    )
    assert ("Kestrel Foundry", "SUPPLIES", "Orion Robotics") in found


def test_shipments_by_a_company_still_name_the_shipper(nlp: Language) -> None:
    found = triples(
        nlp, "Shipments by Kestrel Foundry to Orion Robotics doubled.", [KESTREL, ORION]
    )
    assert ("Kestrel Foundry", "SUPPLIES", "Orion Robotics") in found


# --- COMPETES_WITH: rivals set against the clause subject ------------------------------
def test_rivals_in_a_while_clause_are_the_main_subjects(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI signed one chapter of the code, while rivals including Orion Robotics "
        "and Kestrel Foundry signed all of it.",
        [QUILL, ORION, KESTREL],
    )
    assert ("Orion Robotics", "COMPETES_WITH", "Quill AI") in found or (
        "Quill AI",
        "COMPETES_WITH",
        "Orion Robotics",
    ) in found
    assert any(t[1] == "COMPETES_WITH" and "Kestrel Foundry" in (t[0], t[2]) for t in found)


def test_other_plural_nouns_in_a_while_clause_are_not_rivals(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI signed one chapter of the code, while investors including Harbor Ventures "
        "and Lumen Capital objected.",
        [QUILL, HARBOR, LUMEN],
    )
    assert not by_predicate(found, "COMPETES_WITH")


# --- USES: training an unnamed model on chips ------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Quill AI trained its model on Vega-3 chips.",
        "Quill AI is training a far larger system on 4,096 Vega-3 chips.",
    ],
)
def test_a_company_training_an_unnamed_model_on_chips_uses_them(
    nlp: Language, sentence: str
) -> None:
    assert ("Quill AI", "USES", "Vega-3") in triples(nlp, sentence, [QUILL, VEGA])


def test_a_named_model_trained_on_chips_is_the_user(nlp: Language) -> None:
    found = triples(nlp, "Quill AI trained Falcon-9B on Vega-3 chips.", [QUILL, FALCON, VEGA])
    assert ("Falcon-9B", "USES", "Vega-3") in found
    assert ("Quill AI", "USES", "Vega-3") not in found


def test_a_model_built_on_another_in_a_relative_clause_is_not_the_builders_use(
    nlp: Language,
) -> None:
    found = triples(
        nlp,
        "Quill AI released Nova-1, a model it built on top of Orion Robotics' Atlas-2.",
        [QUILL, NOVA, ORION, ATLAS2],
    )
    assert ("Quill AI", "USES", "Atlas-2") not in found


# --- INVESTS_IN: money provided is funding, goods sold for money are a supply ----------
def test_money_provided_to_a_company_is_an_investment(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry said it would provide a further 280 billion yen to Quill AI.",
        [MINISTRY, QUILL],
    )
    assert ("Trade Ministry", "INVESTS_IN", "Quill AI") in found
    assert not by_predicate(found, "SUPPLIES")


def test_goods_sold_for_money_are_still_a_supply(nlp: Language) -> None:
    found = triples(
        nlp, "Kestrel Foundry sold $5 billion of Vega-3 chips to Quill AI.", [KESTREL, VEGA, QUILL]
    )
    assert ("Kestrel Foundry", "SUPPLIES", "Quill AI") in found
    assert not by_predicate(found, "INVESTS_IN")


def test_a_funding_agreement_is_an_investment_as_well_as_a_partnership(nlp: Language) -> None:
    found = triples(
        nlp, "The Trade Ministry signed a funding agreement with Quill AI.", [MINISTRY, QUILL]
    )
    assert ("Trade Ministry", "INVESTS_IN", "Quill AI") in found


def test_a_plain_agreement_is_no_investment(nlp: Language) -> None:
    found = triples(
        nlp, "Kestrel Foundry signed a supply agreement with Quill AI.", [KESTREL, QUILL]
    )
    assert not by_predicate(found, "INVESTS_IN")


# --- RESTRICTS: curbs counted by a container noun ---------------------------------------
@pytest.mark.parametrize("container", ["package", "set", "wave"])
def test_curbs_in_a_package_belong_to_who_unveiled_it(nlp: Language, container: str) -> None:
    found = triples(
        nlp,
        f"The Trade Ministry on Monday unveiled its third {container} of export restrictions "
        "aimed at Quill AI.",
        [MINISTRY, QUILL],
    )
    assert ("Trade Ministry", "RESTRICTS", "Quill AI") in found


@pytest.mark.parametrize(
    "sentence",
    [
        "The Trade Ministry responded by banning exports of gallium to Quill AI.",
        "The Trade Ministry halted sales of Vega-3 chips to Quill AI.",
    ],
)
def test_the_destination_of_stopped_trade_is_restricted(nlp: Language, sentence: str) -> None:
    assert ("Trade Ministry", "RESTRICTS", "Quill AI") in triples(
        nlp, sentence, [MINISTRY, VEGA, QUILL]
    )


def test_trade_to_a_destination_that_is_not_stopped_restricts_nothing(nlp: Language) -> None:
    found = triples(
        nlp,
        "The Trade Ministry expanded exports of Vega-3 chips to Quill AI.",
        [MINISTRY, VEGA, QUILL],
    )
    assert not by_predicate(found, "RESTRICTS")


# --- MANUFACTURES: "maker of" a chip makes it; of a model, develops it -----------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Kestrel Foundry, the only European maker of Vega-3 memory, raised prices.",
        "Kestrel Foundry is the largest producer of Vega-3 chips in the region.",
        "Analysts expect Kestrel Foundry, a manufacturer of Vega-3 processors, to expand.",
    ],
    ids=["maker", "producer", "manufacturer"],
)
def test_the_maker_of_a_chip_manufactures_it(nlp: Language, sentence: str) -> None:
    found = triples(nlp, sentence, [KESTREL, VEGA])
    assert ("Kestrel Foundry", "MANUFACTURES", "Vega-3") in found
    assert ("Kestrel Foundry", "DEVELOPS", "Vega-3") not in found


def test_the_maker_of_a_model_develops_it(nlp: Language) -> None:
    found = triples(
        nlp, "Quill AI, the maker of the Falcon-9B chatbot, hired engineers.", [QUILL, FALCON]
    )
    assert ("Quill AI", "DEVELOPS", "Falcon-9B") in found
    assert not by_predicate(found, "MANUFACTURES")


# --- PARTNERS_WITH: "with" hung on the complement of a multi-word agreement noun --------
@pytest.mark.parametrize(
    "sentence",
    [
        "The Trade Ministry signed a memorandum of understanding with Quill AI on chip design.",
        "The Trade Ministry has a memorandum of understanding with Quill AI.",
        "A memorandum of cooperation with Quill AI was signed by the Trade Ministry.",
    ],
    ids=["mou-signed", "mou-held", "passive"],
)
def test_an_agreement_named_with_an_of_phrase_partners_with_the_other_party(
    nlp: Language, sentence: str
) -> None:
    assert ("Quill AI", "PARTNERS_WITH", "Trade Ministry") in triples(
        nlp, sentence, [MINISTRY, QUILL]
    )


# --- COMPETES_WITH: an aim or a modal still states a rivalry ---------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Orion Robotics is trying to catch up with Quill AI in memory chips.",
        "Investors doubt whether Orion Robotics can catch up with Quill AI.",
        "Orion Robotics wants to compete with Quill AI in Europe.",
        "Orion Robotics could overtake Quill AI next year, analysts said.",
    ],
    ids=["trying", "whether-can", "wants", "could"],
)
def test_an_attempt_to_rival_states_a_rivalry(nlp: Language, sentence: str) -> None:
    assert ("Orion Robotics", "COMPETES_WITH", "Quill AI") in triples(nlp, sentence, [ORION, QUILL])


@pytest.mark.parametrize(
    "sentence",
    [
        "Orion Robotics does not compete with Quill AI.",
        "Orion Robotics denied that it competes with Quill AI.",
        "If Orion Robotics catches up with Quill AI, prices will fall.",
    ],
    ids=["negated", "denied", "condition"],
)
def test_a_denied_or_conditional_rivalry_is_still_dropped(nlp: Language, sentence: str) -> None:
    assert not by_predicate(triples(nlp, sentence, [ORION, QUILL]), "COMPETES_WITH")


# --- relative clauses: a singular verb describes the owner of an "of" phrase ------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Harbor Ventures bought Orion Robotics, the loss-making designer of chips that was "
        "once seen as a challenger to Quill AI.",
        "Kestrel Foundry hired Orion Robotics, a designer of sensors that is seen as a rival to "
        "Quill AI.",
    ],
    ids=["was-seen-as", "is-seen-as"],
)
def test_a_singular_relative_clause_describes_the_apposition_not_its_complement(
    nlp: Language, sentence: str
) -> None:
    found = triples(nlp, sentence, [HARBOR, KESTREL, ORION, QUILL])
    assert ("Orion Robotics", "COMPETES_WITH", "Quill AI") in found


def test_a_plural_relative_clause_still_describes_the_complement(nlp: Language) -> None:
    found = triples(
        nlp,
        "Harbor Ventures backed Orion Robotics, a maker of drones that are seen as rivals to "
        "Quill AI.",
        [HARBOR, ORION, QUILL],
    )
    assert not by_predicate(found, "COMPETES_WITH")


# --- RESTRICTS: long list additions with a descriptor before the names -------------------
BUREAU: Entity = ("Export Bureau", "GovernmentBody")
OFFICE: Entity = ("Office of Export Enforcement and Licensing", "GovernmentBody")
KESTREL_TECH: Entity = ("Kestrel Foundry Technologies", "Organization")


def test_names_split_from_their_descriptor_are_still_added(nlp: Language) -> None:
    # the parser hangs "Quill AI, Orion Robotics and ..." on the verb, "makers" is the object
    found = triples(
        nlp,
        "The Trade Ministry's Export Bureau added robot makers Quill AI, Orion Robotics and "
        "Kestrel Foundry to the list, the last of which officials have linked to the army.",
        [MINISTRY, BUREAU, QUILL, ORION, KESTREL],
    )
    for company in ("Quill AI", "Orion Robotics", "Kestrel Foundry"):
        assert ("Export Bureau", "RESTRICTS", company) in found


@pytest.mark.parametrize(
    ("sentence", "adder", "listed"),
    [
        (
            "The Trade Ministry added robot makers Quill AI, Orion Robotics and Kestrel "
            "Foundry to the Entity List, the last of which officials have linked to the army.",
            MINISTRY,
            [QUILL, ORION, KESTREL, ENTITY_LIST],
        ),
        (
            "The Trade Ministry's Office of Export Enforcement and Licensing added chip "
            "designers Quill AI, Orion Robotics and Kestrel Foundry Technologies to the "
            "list, the last of which officials have linked to the army.",
            OFFICE,
            [MINISTRY, QUILL, ORION, KESTREL_TECH],
        ),
    ],
)
def test_an_addition_read_as_a_participle_still_has_its_adder(
    nlp: Language, sentence: str, adder: Entity, listed: list[Entity]
) -> None:
    # a long subject makes the parser read "added" as an adjective of the object noun
    found = triples(nlp, sentence, [adder, *listed])
    companies = [e[0] for e in listed if e[1] == "Organization"]
    for company in companies:
        assert (adder[0], "RESTRICTS", company) in found


def test_the_subject_of_among_the_companies_added_is_listed_whole(nlp: Language) -> None:
    found = triples(
        nlp,
        "Robot makers Quill AI, Orion Robotics and Kestrel Foundry are among the other "
        "companies added to the Entity List.",
        [ENTITY_LIST, QUILL, ORION, KESTREL],
    )
    for company in ("Quill AI", "Orion Robotics", "Kestrel Foundry"):
        assert ("Entity List", "RESTRICTS", company) in found


def test_among_those_added_are_x_along_with_y(nlp: Language) -> None:
    found = triples(
        nlp,
        "Among the robot makers added to the Entity List are Quill AI, a unit of Orion "
        "Robotics, along with Kestrel Foundry, a Lisbon company.",
        [ENTITY_LIST, QUILL, ORION, KESTREL],
    )
    assert ("Entity List", "RESTRICTS", "Quill AI") in found
    assert ("Entity List", "RESTRICTS", "Kestrel Foundry") in found
    assert ("Entity List", "RESTRICTS", "Orion Robotics") not in found
    assert ("Kestrel Foundry", "PART_OF", "Orion Robotics") not in found


# --- BASED_IN: a demonym inside a described apposition ----------------------------------
CHILEAN: Entity = ("Chilean", "Country", "Chile")


@pytest.mark.parametrize(
    "sentence",
    [
        "Orion Robotics has bought Quill AI, the loss-making Chilean designer of robot arms, "
        "the two companies said.",
        "Quill AI, the only Chilean maker of robot arms, is also supplying Orion Robotics.",
        "Orion Robotics last year acquired Quill AI, a Chilean AI robotics start-up that had "
        "struggled to compete.",
        "Also added was Quill AI, the Chilean owner of robot maker Orion Robotics.",
    ],
)
def test_a_demonym_after_other_modifiers_in_an_apposition(nlp: Language, sentence: str) -> None:
    found = triples(nlp, sentence, [QUILL, ORION, CHILEAN])
    assert ("Quill AI", "BASED_IN", "Chile") in found
    assert ("Orion Robotics", "BASED_IN", "Chile") not in found


def test_a_singular_apposition_led_by_someone_is_the_named_company(nlp: Language) -> None:
    found = triples(
        nlp,
        "Orion Robotics is also making prototype arms for Quill AI, the Chilean robot "
        "designer led by Maria Lopez.",
        [QUILL, ORION, LOPEZ, CHILEAN],
    )
    assert ("Quill AI", "BASED_IN", "Chile") in found
    assert ("Maria Lopez", "BASED_IN", "Chile") not in found


# --- COMPETES_WITH: put on par with, level with, ahead of ---------------------------------
def test_results_that_put_a_model_on_par_with_others(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI released Falcon-9B on Monday. The company said those results put the model "
        "roughly on par with Atlas-2 and Orion Robotics' Atlas-3.",
        [QUILL, ORION, FALCON, ATLAS2, ATLAS3],
    )
    symmetric = found | {(o, p, s) for s, p, o in found}
    for rival in ("Atlas-2", "Atlas-3"):
        assert ("Falcon-9B", "COMPETES_WITH", rival) in symmetric


def test_a_score_ahead_of_one_model_and_level_with_another(nlp: Language) -> None:
    found = triples(
        nlp,
        "Falcon-9B scored 0.89 on MMLU, ahead of Orion Robotics' Atlas-3 and roughly level "
        "with Atlas-2, according to the company.",
        [ORION, FALCON, ATLAS2, ATLAS3, MMLU],
    )
    symmetric = found | {(o, p, s) for s, p, o in found}
    assert ("Falcon-9B", "COMPETES_WITH", "Atlas-3") in symmetric
    assert ("Falcon-9B", "COMPETES_WITH", "Atlas-2") in symmetric


def test_released_ahead_of_a_model_is_no_rivalry(nlp: Language) -> None:
    found = triples(nlp, "Falcon-9B was released ahead of Atlas-2.", [FALCON, ATLAS2])
    assert not by_predicate(found, "COMPETES_WITH")


# --- USES: a chip counted by an approximate amount ---------------------------------------
@pytest.mark.parametrize("chip", ["Ascend 610", "Ascend 310P"])
def test_a_chip_after_an_approximate_count_is_still_used(nlp: Language, chip: str) -> None:
    # "about 12,000" ends the parsed phrase; the verb-like name "Ascend" is hung elsewhere
    found = triples(
        nlp,
        "Quill AI released Falcon-9B in May. The model was trained on a cluster of about "
        f"12,000 {chip} accelerators supplied by Orion Robotics.",
        [QUILL, ORION, FALCON, (f"{chip} accelerators", "Chip", chip)],
    )
    assert ("Falcon-9B", "USES", chip) in found


def test_a_year_before_a_name_counts_nothing(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI released Falcon-9B in 2024 Vega-3 chips were scarce.",
        [QUILL, FALCON, VEGA],
    )
    assert ("Quill AI", "RELEASES", "Falcon-9B") in found
    assert not by_predicate(found, "USES")


# --- coreference: a fronted participle's names are not its understood subject ----------
def test_the_company_after_a_fronted_participle_is_not_a_name_inside_it(nlp: Language) -> None:
    found = triples(
        nlp,
        "Quill AI opened an office in Lisbon on Monday. Founded in 2021 by Maria Lopez and "
        "Ana Silva, two engineers who had worked on chips at Orion Robotics, the company "
        "now employs 200 people.",
        [QUILL, LOPEZ, SILVA, ORION],
    )
    assert ("Maria Lopez", "FOUNDED", "Quill AI") in found
    assert ("Ana Silva", "FOUNDED", "Quill AI") in found
    assert ("Maria Lopez", "FOUNDED", "Orion Robotics") not in found
    assert ("Ana Silva", "FOUNDED", "Orion Robotics") not in found


def test_a_backer_named_in_a_fronted_participle_is_not_the_company(nlp: Language) -> None:
    found = triples(
        nlp,
        "Kestrel Foundry listed its shares in Seoul on Friday. Backed since 2020 by Harbor "
        "Ventures, a fund that also holds stakes in Orion Robotics, the company plans a "
        "second plant.",
        [KESTREL, HARBOR, ORION],
    )
    assert ("Harbor Ventures", "INVESTS_IN", "Kestrel Foundry") in found
