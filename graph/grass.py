"""Neo4j Browser stylesheet (GraSS) from the same style table as the Bloom perspective.

Neo4j Browser styles nodes by label and relationships by type with a small CSS
dialect (``:style`` shows the current one; dragging a ``.grass`` file onto the
Browser, or ``:style`` with the file's text, loads it). ``docker/neo4j-browser.grass``
is this module's output; a test regenerates it and compares.

Example:
    >>> print(grass_stylesheet().splitlines()[0])
    node {
"""

from __future__ import annotations

from graph.cypher_lint import relationship_properties
from graph.styles import DEFAULT_RELATIONSHIP_COLOR, label_styles, relationship_color

_BASE_DIAMETER_PX = 50


def _channel(color: str, index: int) -> int:
    return int(color[1 + 2 * index : 3 + 2 * index], 16)


def _darker(color: str, factor: float = 0.8) -> str:
    """The border colour Browser would pick: the fill, a little darker."""
    return "#" + "".join(f"{int(_channel(color, i) * factor):02X}" for i in range(3))


def _text_color(color: str) -> str:
    """Black on light fills, white on dark ones (relative luminance, ITU-R BT.709)."""
    red, green, blue = (_channel(color, i) / 255 for i in range(3))
    return "#2A2C34" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.6 else "#FFFFFF"


def _block(selector: str, rules: dict[str, str]) -> str:
    body = "".join(f"  {key}: {value};\n" for key, value in rules.items())
    return f"{selector} {{\n{body}}}\n"


def grass_stylesheet() -> str:
    """The GraSS text: defaults, one block per label, one per relationship type."""
    blocks = [
        _block(
            "node",
            {
                "diameter": f"{_BASE_DIAMETER_PX}px",
                "color": "#A5ABB6",
                "border-color": "#9AA1AC",
                "border-width": "2px",
                "text-color-internal": "#FFFFFF",
                "font-size": "10px",
            },
        ),
        _block(
            "relationship",
            {
                "color": DEFAULT_RELATIONSHIP_COLOR,
                "shaft-width": "1px",
                "font-size": "8px",
                "padding": "3px",
                "text-color-external": "#000000",
                "text-color-internal": "#FFFFFF",
                "caption": "'<type>'",
            },
        ),
    ]
    for label, style in label_styles().items():
        blocks.append(
            _block(
                f"node.{label}",
                {
                    "color": style.color,
                    "border-color": _darker(style.color),
                    "text-color-internal": _text_color(style.color),
                    "diameter": f"{round(_BASE_DIAMETER_PX * style.size)}px",
                    "caption": f"'{{{style.caption}}}'",
                },
            )
        )
    for rel_type in relationship_properties():
        blocks.append(
            _block(
                f"relationship.{rel_type}",
                {"color": relationship_color(rel_type), "caption": "'<type>'"},
            )
        )
    return "\n".join(blocks)


__all__ = ["grass_stylesheet"]
