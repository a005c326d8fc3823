"""How each node label and relationship type looks in Neo4j's tools: the one style table.

Both the Bloom perspective (``graph.bloom``) and the Neo4j Browser stylesheet
(``graph.grass``) read this table, so the two tools show the same colours and
captions. Colours come from Bloom's default palette, one per entity type.

Bloom icons are ids from Bloom's built-in icon library (the format Bloom writes
in an exported perspective). Those used here are the ones Neo4j's own example
perspectives (github.com/neo4j-graph-examples, ``bloom/*.bloom-perspective*``)
give to comparable categories, noted beside each; change them in Bloom's
category editor if another glyph fits better, then re-export.

Example:
    >>> from schema import EntityType
    >>> ENTITY_STYLES[EntityType.COUNTRY].color
    '#8DCC93'
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.identifiers import ARTICLE_LABEL, EVIDENCE_LABEL
from schema import EntityType, Predicate

NO_ICON = "no-icon"
DEFAULT_RELATIONSHIP_COLOR = "#A5ABB6"

# Bloom's default category palette (as exported perspectives list it).
BLOOM_PALETTE: tuple[str, ...] = (
    "#FFE081",
    "#C990C0",
    "#F79767",
    "#57C7E3",
    "#F16667",
    "#D9C8AE",
    "#8DCC93",
    "#ECB5C9",
    "#4C8EDA",
    "#FFC454",
    "#DA7194",
    "#569480",
    "#848484",
    "#D9D9D9",
)


@dataclass(frozen=True)
class NodeStyle:
    """Colour, Bloom icon, relative size and caption property of one node label."""

    color: str
    icon: str
    caption: str = "name"
    size: float = 1.0


ENTITY_STYLES: dict[EntityType, NodeStyle] = {
    # FinancialInstitute in the fraud-detection example.
    EntityType.ORGANIZATION: NodeStyle("#4C8EDA", "36ADC22A-4278-4483-8CF4-5CC5F66CA25D"),
    # State in the fraud-data example.
    EntityType.GOVERNMENT_BODY: NodeStyle("#F16667", "663916B3-FEB8-4534-9340-FB2ED1AF28AC"),
    # State in the fraud-detection example.
    EntityType.COUNTRY: NodeStyle("#8DCC93", "0E360AEA-F63E-4F63-803B-B137881B0CD8", size=1.5),
    # Account Holder in the fraud-detection example.
    EntityType.PERSON: NodeStyle("#FFE081", "F91CCD45-2C41-40B8-ADF6-5CBED4BD6C6E"),
    # IP in the fraud-data example.
    EntityType.AI_MODEL: NodeStyle("#C990C0", "15EF77A8-3607-4632-861B-13ADEF8C2A67"),
    # Card Accounts in the fraud-detection example.
    EntityType.CHIP: NodeStyle("#F79767", "ACC41CDE-15AE-456B-9923-68134BD290A0"),
    # SSN in the fraud-detection example.
    EntityType.POLICY: NodeStyle("#DA7194", "5F002C4A-54ED-4017-B74D-536217435554"),
    # Purchase in the fraud-detection example.
    EntityType.BENCHMARK: NodeStyle("#57C7E3", "C56BE970-84C3-4BE8-8DB6-A0E074B574E6"),
}

# Structural labels: articles are captioned by title, evidence by its sentence.
STRUCTURAL_STYLES: dict[str, NodeStyle] = {
    ARTICLE_LABEL: NodeStyle("#D9C8AE", NO_ICON, caption="title", size=0.75),
    EVIDENCE_LABEL: NodeStyle("#D9D9D9", NO_ICON, caption="sentence", size=0.5),
}

# Relationship colours that carry meaning; every other type is drawn in the default grey.
RELATIONSHIP_COLORS: dict[str, str] = {
    Predicate.RESTRICTS.value: "#F16667",
    Predicate.INVESTS_IN.value: "#569480",
    Predicate.ACQUIRES.value: "#569480",
    Predicate.PARTNERS_WITH.value: "#4C8EDA",
    Predicate.COMPETES_WITH.value: "#FFC454",
}


def relationship_color(relationship_type: str) -> str:
    """The colour of ``relationship_type`` (default grey unless the table names it)."""
    return RELATIONSHIP_COLORS.get(relationship_type, DEFAULT_RELATIONSHIP_COLOR)


def label_styles() -> dict[str, NodeStyle]:
    """Style per node label: every entity type, then the structural labels."""
    styles = {entity_type.value: style for entity_type, style in ENTITY_STYLES.items()}
    styles.update(STRUCTURAL_STYLES)
    return styles


__all__ = [
    "BLOOM_PALETTE",
    "DEFAULT_RELATIONSHIP_COLOR",
    "ENTITY_STYLES",
    "NO_ICON",
    "RELATIONSHIP_COLORS",
    "STRUCTURAL_STYLES",
    "NodeStyle",
    "label_styles",
    "relationship_color",
]
