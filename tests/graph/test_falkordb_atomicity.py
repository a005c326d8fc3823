"""The FalkorDB facts the embedded store's all-or-nothing writes rely on.

If an upgrade changes them, these fail first: one ``GRAPH.QUERY`` is rolled back
whole when it fails, while ``MULTI``/``EXEC`` keeps the queries that succeeded —
which is why every write is one composed query (``graph.queries.compose``).
"""

from __future__ import annotations

import pytest
import redis

from graph.falkordb_store import EmbeddedStore


def _names(store: EmbeddedStore) -> list[str]:
    rows = store._graph.query("MATCH (n:Probe) RETURN n.name ORDER BY n.name").result_set
    return [row[0] for row in rows]


def test_a_failing_query_is_rolled_back_whole(embedded_store: EmbeddedStore) -> None:
    with pytest.raises(redis.ResponseError, match="[Dd]ivision by zero"):
        embedded_store._graph.query(
            "UNWIND [1, 0] AS d CREATE (:Probe {name: 'p' + toString(d), x: 1 / d})"
        )
    assert _names(embedded_store) == []


def test_multi_exec_keeps_the_queries_that_succeeded(embedded_store: EmbeddedStore) -> None:
    name = embedded_store._graph.name
    pipe = embedded_store._db.connection.pipeline(transaction=True)
    pipe.execute_command("GRAPH.QUERY", name, "CREATE (:Probe {name: 'before'})")
    pipe.execute_command("GRAPH.QUERY", name, "UNWIND [1, 0] AS d CREATE (:Probe {x: 1 / d})")
    pipe.execute_command("GRAPH.QUERY", name, "CREATE (:Probe {name: 'after'})")
    results = pipe.execute(raise_on_error=False)
    assert isinstance(results[1], redis.ResponseError)
    assert _names(embedded_store) == ["after", "before"]  # no rollback across the transaction
