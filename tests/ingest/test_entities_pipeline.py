"""Entity stages end to end on the real spaCy model with a small, test-owned knowledge base."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from ingest.pipeline import build_nlp, pipeline_config

pytestmark = pytest.mark.slow

KB = {
    "countries.jsonl": [
        {"name": "United States", "type": "Country", "aliases": ["US", "U.S.", "USA"],
         "demonyms": ["American"], "capitals": ["Washington"]},
        {"name": "China", "type": "Country", "aliases": ["PRC"], "demonyms": ["Chinese"],
         "capitals": ["Beijing"]},
        {"name": "Netherlands", "type": "Country", "aliases": ["the Netherlands"],
         "demonyms": ["Dutch"], "capitals": ["Amsterdam"]},
    ],
    "organizations.jsonl": [
        {"name": "Nvidia", "type": "Organization", "aliases": ["NVIDIA", "Nvidia Corp"]},
        {"name": "Zhipu AI", "type": "Organization", "aliases": ["Zhipu"]},
    ],
    "government_bodies.jsonl": [
        {"name": "US Congress", "type": "GovernmentBody", "aliases": ["U.S. Congress"],
         "country": "United States"},
        {"name": "US Department of Commerce", "type": "GovernmentBody",
         "aliases": ["Commerce Department", "US Commerce Department"], "country": "United States"},
    ],
    "chips.jsonl": [{"name": "H20", "type": "Chip", "aliases": ["NVIDIA H20"]}],
    "people.jsonl": [{"name": "Joe Biden", "type": "Person", "aliases": ["Biden"]}],
    "policies.jsonl": [{"name": "Entity List", "type": "Policy", "aliases": []}],
}  # fmt: skip


@pytest.fixture(scope="module")
def nlp(tmp_path_factory: pytest.TempPathFactory) -> Language:
    directory = tmp_path_factory.mktemp("kb")
    for name, records in KB.items():
        lines = "\n".join(json.dumps(r) for r in records)
        (directory / name).write_text(lines + "\n", encoding="utf-8")
    return build_nlp(knowledge_dir=directory, with_optional=False)


def ents(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e._.canonical) for e in nlp(text).ents]


def canon(nlp: Language, text: str) -> dict[str, str]:
    return {canonical: label for _, label, canonical in ents(nlp, text)}


def test_pipeline_is_declared_in_the_config(nlp: Language) -> None:
    declared = list(pipeline_config()["pipeline"]["components"])
    ours = [n for n in nlp.pipe_names if n.startswith("frontierkg_")]
    assert ours == [n for n in declared if n in ours]
    assert ours[:3] == [
        "frontierkg_entity_ruler", "frontierkg_entity_typer", "frontierkg_entity_resolver"
    ]  # fmt: skip


def test_metonyms_demonyms_and_the_us_resolve_to_countries(nlp: Language) -> None:
    found = ents(
        nlp,
        "Washington wants the Dutch to stop. Beijing said Chinese firms and the U.S. disagree.",
    )
    assert ("Washington", "Country", "United States") in found
    assert ("Dutch", "Country", "Netherlands") in found
    assert ("Beijing", "Country", "China") in found
    assert ("Chinese", "Country", "China") in found
    assert ("U.S.", "Country", "United States") in found


def test_currency_prefix_is_not_a_country(nlp: Language) -> None:
    assert "United States" not in canon(nlp, "The start-up raised US$300 million last year.")


def test_possessive_and_vendor_prefix_are_separated(nlp: Language) -> None:
    found = ents(nlp, "Nvidia's H20 is popular. Buyers ordered 8 NVIDIA H20 chips.")
    assert ("Nvidia", "Organization", "Nvidia") in found
    assert ("NVIDIA", "Organization", "Nvidia") in found
    assert [c for _, label, c in found if label == "Chip"] == ["H20", "H20"]


def test_nationality_before_a_government_body_is_its_own_entity(nlp: Language) -> None:
    found = ents(nlp, "The U.S. Congress asked questions.")
    assert ("U.S.", "Country", "United States") in found
    assert ("Congress", "GovernmentBody", "US Congress") in found
    span = next(e for e in nlp("The U.S. Congress asked questions.").ents if e.text == "Congress")
    assert span._.surface == "U.S. Congress"


def test_parenthetical_acronym_joins_the_full_name(nlp: Language) -> None:
    text = (
        "The Bureau of Industry and Security (BIS) issued new guidance on Monday. "
        "BIS officials said the rules take effect next month."
    )
    found = ents(nlp, text)
    assert {c for t, _, c in found if t == "BIS"} == {"Bureau of Industry and Security"}
    assert canon(nlp, text)["Bureau of Industry and Security"] == "GovernmentBody"


def test_surname_mentions_join_the_full_name(nlp: Language) -> None:
    text = "Chief executive Jensen Huang spoke in Taipei. Huang said demand was strong."
    assert [c for t, label, c in ents(nlp, text) if label == "Person"] == ["Jensen Huang"] * 2


def test_model_versions_and_chips_are_found(nlp: Language) -> None:
    text = (
        "Zhipu released GLM-4.5 while Alibaba shipped Qwen2.5-72B. Anthropic launched "
        "Claude Opus 4.1 and Meta trained Llama 3.1 405B on H100 GPUs, while Huawei sells "
        "the Ascend 910C and AMD the MI308."
    )
    found = canon(nlp, text)
    for model in ("GLM-4.5", "Qwen2.5-72B", "Claude Opus 4.1"):
        assert found.get(model) == "AIModel", (model, found)
    assert any(name.startswith("Llama 3.1") and t == "AIModel" for name, t in found.items())
    for chip in ("H100", "Ascend 910C", "MI308"):
        assert found.get(chip) == "Chip", (chip, found)


def test_bare_version_after_full_model_name(nlp: Language) -> None:
    text = "DeepSeek released DeepSeek-R1 in January. Analysts said R1 was cheap to train."
    assert [c for t, _, c in ents(nlp, text) if t in {"DeepSeek-R1", "R1"}] == ["DeepSeek-R1"] * 2


def test_generic_ai_chip_phrases_are_one_entity(nlp: Language) -> None:
    found = ents(nlp, "Washington restricts advanced AI chips and high-performance processors.")
    chips = [(t, c) for t, label, c in found if label == "Chip"]
    assert chips == [("advanced AI chips", "AI chips"), ("high-performance processors", "AI chips")]


def test_chip_as_a_modifier_is_not_an_entity(nlp: Language) -> None:
    found = canon(nlp, "Nvidia received the most advanced chip samples from its suppliers.")
    assert "AI chips" not in found


def test_government_words_type_unknown_bodies(nlp: Language) -> None:
    found = canon(nlp, "Officials at the Ministry of Industry and Information Technology met.")
    assert found.get("Ministry of Industry and Information Technology") == "GovernmentBody"


def test_news_agencies_credited_as_source_are_dropped(nlp: Language) -> None:
    found = canon(nlp, "Zhipu denied the claims, Reuters reported on Tuesday, citing Bloomberg.")
    assert "Reuters" not in found and "Bloomberg" not in found
    assert found.get("Zhipu AI") == "Organization"


def test_dates_and_money_are_not_entities(nlp: Language) -> None:
    found = ents(nlp, "On March 3, 2025 Nvidia paid $5 billion, or 12 percent more.")
    assert {label for _, label, _ in found} == {"Organization"}


def test_named_administration_gives_government_and_person(nlp: Language) -> None:
    found = ents(nlp, "The Biden administration added Zhipu to the Entity List.")
    assert ("administration", "GovernmentBody", "Biden administration") in found
    assert ("Biden", "Person", "Joe Biden") in found
    assert ("Entity List", "Policy", "Entity List") in found


def test_law_without_policy_word_is_dropped_and_with_it_kept(nlp: Language) -> None:
    found = canon(nlp, "Congress passed the CHIPS and Science Act to fund factories.")
    assert found.get("CHIPS and Science Act") == "Policy"


def test_every_span_has_a_canonical_name(nlp: Language) -> None:
    doc = nlp("Nvidia CEO Jensen Huang met Chinese officials in Beijing about the H20.")
    assert doc.ents and all(e._.canonical for e in doc.ents)
    assert doc._.relations == []


def test_benchmark_named_before_benchmark_word(nlp: Language) -> None:
    found = canon(
        nlp, "The model led the BrowseComp benchmark and beat rivals in the MATH-500 test."
    )
    assert found.get("BrowseComp") == "Benchmark"
    assert found.get("MATH-500") == "Benchmark"


def test_unknown_policy_names_and_their_short_forms(nlp: Language) -> None:
    text = (
        "Officials rescinded the AI Diffusion Rule on Tuesday. Critics of the Diffusion Rule "
        "said the Data Security Law was a model."
    )
    found = ents(nlp, text)
    policies = {c for _, label, c in found if label == "Policy"}
    assert policies == {"AI Diffusion Rule", "Data Security Law"}


def test_organisations_listed_with_known_ones(nlp: Language) -> None:
    text = "Cloud providers such as Nvidia, Quantix Networks, and Zhipu reported progress."
    assert canon(nlp, text).get("Quantix Networks") == "Organization"


def test_longer_statistical_name_extending_a_known_org_is_its_own_org(nlp: Language) -> None:
    found = canon(nlp, "Researchers from Zhipu Arizona Corporation and Nvidia joined the project.")
    assert found.get("Zhipu Arizona") == "Organization"  # legal suffix dropped from the name
    assert "Zhipu AI" not in found


def test_relations_default_is_a_fresh_list_per_doc(nlp: Language) -> None:
    first, second = nlp.make_doc("a"), nlp.make_doc("b")
    first._.relations.append("x")
    assert second._.relations == []


def test_bylines_credits_and_datelines_are_not_content(nlp: Language) -> None:
    text = (
        "By Karen Freifeld and Fanny Potkin\n\n"
        "WASHINGTON (Reuters) - The Commerce Department added Zhipu to the Entity List.\n\n"
        "(Reporting by David Shepardson; Editing by Chris Reese)"
    )
    found = ents(nlp, text)
    assert not [t for t, label, _ in found if label == "Person"]
    assert ("WASHINGTON", "Country", "United States") not in found
    assert ("Zhipu", "Organization", "Zhipu AI") in found


def test_sentence_starting_with_by_keeps_its_people(nlp: Language) -> None:
    found = canon(nlp, "By contrast, Nvidia CEO Jensen Huang said demand was strong.")
    assert found.get("Jensen Huang") == "Person"


def test_section_heading_label_is_not_an_entity(nlp: Language) -> None:
    found = canon(nlp, "Benchmark Battles: A New Leader?\nZhipu released a model.")
    assert set(found) == {"Zhipu AI"}


def test_acronym_defined_from_common_words_is_not_an_organisation(nlp: Language) -> None:
    text = "Makers of high-bandwidth memory (HBM) raised prices. HBM demand doubled this year."
    assert "HBM" not in canon(nlp, text)


def test_org_name_opening_with_a_place_is_the_org(nlp: Language) -> None:
    found = canon(nlp, "Orders from Beijing Zhongke Semiconductor rose, the firm said.")
    assert found.get("Beijing Zhongke Semiconductor") == "Organization"
    assert "China" not in found


def test_titled_lone_surname_stays_a_person(nlp: Language) -> None:
    found = canon(nlp, "President Okonkwo met Zhipu executives. Okonkwo praised the deal.")
    assert found.get("Okonkwo") == "Person"


def test_unknown_administration_names_its_leader(nlp: Language) -> None:
    found = ents(nlp, "The Okonkwo administration banned the chips.")
    assert ("administration", "GovernmentBody", "Okonkwo administration") in found
    assert ("Okonkwo", "Person", "Okonkwo") in found


def test_named_bodies_by_pattern_and_lowercase_head(nlp: Language) -> None:
    text = (
        "Washington acted. The Department of Industry, Trade and Energy of Ruritania "
        "welcomed it, and the Cyberspace Administration of China objected."
    )
    found = canon(nlp, text)
    assert found.get("Department of Industry, Trade and Energy") == "GovernmentBody"
    assert found.get("Cyberspace Administration of China") == "GovernmentBody"
    assert found.get("United States") == "Country"
