"""Parameters sent to FalkorDB as a ``CYPHER`` header come back unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from graph.falkordb_params import cypher_literal, params_header
from graph.falkordb_store import EmbeddedStore

TRICKY_TEXT = [
    'He said "no": twice',
    "back\\slash and \\u0041 literally",
    "line\nbreak, tab\t, cr\r, bell\x07, nul-ish \x01, form\x0c",
    "ünïcödé 中文 😀",
    "ends with a backslash \\",
    '{"id":1}, [1,2]',
    "",
]


@pytest.mark.parametrize(
    "value",
    [
        *TRICKY_TEXT,
        [["a", 1, 0.1, True, None, -3, 1e-07, 123456789012]],
        [{"id": "x", "end": 5, "start": 0, "props": {"sentence": t}} for t in TRICKY_TEXT],
        {"odd-key": 1, "x": [1, 2]},
        [],
    ],
)
def test_values_round_trip_through_the_header(embedded_store: EmbeddedStore, value: Any) -> None:
    query = params_header({"p": value}) + "RETURN $p AS p"
    assert embedded_store._graph.query(query).result_set[0][0] == value


def test_plain_rows_are_encoded_as_compact_literals() -> None:
    assert cypher_literal([["a", 1, None, True]]) == '[["a",1,null,true]]'
    assert cypher_literal([{"id": "a", "end": 2}]) == '[{`id`:"a",`end`:2}]'
    assert params_header({}) == ""
