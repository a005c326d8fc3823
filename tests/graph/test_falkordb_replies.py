"""Reads decode FalkorDB's compact replies as the ``falkordb`` client's own parser does."""

from __future__ import annotations

from typing import Any

import pytest

from frontierkg.errors import GraphStoreError
from graph.falkordb_params import params_header
from graph.falkordb_replies import UnsupportedValueError
from graph.falkordb_store import EmbeddedStore
from graph.statements import Statement


@pytest.fixture
def graph_store(embedded_store: EmbeddedStore) -> EmbeddedStore:
    embedded_store._graph.query("CREATE (:Thing {id: 't1'})")
    return embedded_store


VALUES: list[Any] = [
    'text with ünïcödé and "quotes"',
    "",
    0,
    -123456789012,
    0.25,
    1e-07,
    True,
    False,
    None,
    [],
    ["a", 1, None, [True, 2.5]],
    {"id": "x", "nested": {"list": [1, {"deep": None}]}, "empty": {}},
]


@pytest.mark.parametrize("value", VALUES)
def test_values_decode_like_the_client_parser(graph_store: EmbeddedStore, value: Any) -> None:
    rows = graph_store._read(Statement("echo", "RETURN $p AS p, 1 AS one", {"p": value}))
    client = graph_store._graph.query(params_header({"p": value}) + "RETURN $p AS p")
    assert rows == [{"p": value, "one": 1}]
    assert rows[0]["p"] == client.result_set[0][0]


def test_rows_keep_their_order_and_columns(graph_store: EmbeddedStore) -> None:
    rows = graph_store._read(
        Statement("range", "UNWIND range(3, 1, -1) AS i RETURN i, toString(i) AS s", {})
    )
    assert rows == [{"i": 3, "s": "3"}, {"i": 2, "s": "2"}, {"i": 1, "s": "1"}]
    assert graph_store._read(Statement("none", "MATCH (n:Nothing) RETURN n.id AS id", {})) == []


def test_a_node_value_is_refused_naming_the_statement(graph_store: EmbeddedStore) -> None:
    with pytest.raises(UnsupportedValueError, match="query raw_node returned a node value"):
        graph_store._read(Statement("raw_node", "MATCH (n:Thing) RETURN n", {}))


def test_a_run_time_error_names_the_statement(graph_store: EmbeddedStore) -> None:
    with pytest.raises(GraphStoreError, match="query bad_math failed"):
        graph_store._read(Statement("bad_math", "UNWIND [1, 0] AS d RETURN 10 / d AS x", {}))
