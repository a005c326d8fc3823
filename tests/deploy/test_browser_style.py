"""docker/neo4j-browser.grass is generated, and shows what the Bloom perspective shows."""

from __future__ import annotations

import re
from pathlib import Path

from graph.bloom import perspective
from graph.grass import grass_stylesheet

GRASS = Path(__file__).resolve().parents[2] / "docker" / "neo4j-browser.grass"
BLOCK = re.compile(r"^(node|relationship)\.(\w+) \{\n(.*?)^\}", re.M | re.S)


def _blocks(text: str) -> dict[tuple[str, str], dict[str, str]]:
    blocks = {}
    for kind, name, body in BLOCK.findall(text):
        rules = dict(re.findall(r"^\s*([\w-]+): (.*);$", body, re.M))
        blocks[(kind, name)] = rules
    return blocks


def test_committed_stylesheet_is_the_generated_one() -> None:
    assert GRASS.read_text("utf-8") == grass_stylesheet(), (
        "docker/neo4j-browser.grass is stale: run "
        "`frontierkg export grass -o docker/neo4j-browser.grass`"
    )


def test_browser_and_bloom_agree_on_colours_and_captions() -> None:
    blocks = _blocks(GRASS.read_text("utf-8"))
    bloom = perspective(created_at_ms=0)

    categories = [c for c in bloom["categories"] if c["labels"]]
    assert categories
    for category in categories:
        rules = blocks[("node", category["labels"][0])]
        assert rules["color"] == category["color"], category["name"]
        caption = category["captionKeys"][0]
        assert rules["caption"] == f"'{{{caption}}}'", category["name"]
    for rel in bloom["relationshipTypes"]:
        assert blocks[("relationship", rel["name"])]["color"] == rel["color"], rel["name"]


def test_text_stays_readable_on_light_fills() -> None:
    for (kind, name), rules in _blocks(grass_stylesheet()).items():
        if kind == "node" and rules["color"] in {"#FFE081", "#D9D9D9"}:
            assert rules["text-color-internal"] != "#FFFFFF", name
