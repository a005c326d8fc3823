"""The FalkorDB facts the embedded store's all-or-nothing writes rely on.

If an upgrade changes them, these fail first: one ``GRAPH.QUERY`` is rolled back
whole when it fails, while ``MULTI``/``EXEC`` keeps the queries that succeeded —
which is why every write is one composed query (``graph.queries.compose``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore


@pytest.fixture
def scratch(embedded_settings: Settings) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(embedded_settings, graph_name=f"atom_{uuid.uuid4().hex[:12]}")
    yield store
    store.drop_graph()
    store.close()


def _names(store: EmbeddedStore) -> list[str]:
    rows = store._graph.query("MATCH (n:Probe) RETURN n.name ORDER BY n.name").result_set
    return [row[0] for row in rows]


def test_a_failing_query_is_rolled_back_whole(scratch: EmbeddedStore) -> None:
    with pytest.raises(redis.ResponseError, match="[Dd]ivision by zero"):
        scratch._graph.query(
            "UNWIND [1, 0] AS d CREATE (:Probe {name: 'p' + toString(d), x: 1 / d})"
        )
    assert _names(scratch) == []


def test_multi_exec_keeps_the_queries_that_succeeded(scratch: EmbeddedStore) -> None:
    name = scratch._graph.name
    pipe = scratch._db.connection.pipeline(transaction=True)
    pipe.execute_command("GRAPH.QUERY", name, "CREATE (:Probe {name: 'before'})")
    pipe.execute_command("GRAPH.QUERY", name, "UNWIND [1, 0] AS d CREATE (:Probe {x: 1 / d})")
    pipe.execute_command("GRAPH.QUERY", name, "CREATE (:Probe {name: 'after'})")
    results = pipe.execute(raise_on_error=False)
    assert isinstance(results[1], redis.ResponseError)
    assert _names(scratch) == ["after", "before"]  # no rollback across the transaction
