"""The embedded store's read sent early (``EmbeddedStore._read_soon``) reads like ``_read``.

``_write_batch`` sends its validation read, builds the write meanwhile, and only
then reads the reply from the connection the read went out on. These pin that
the reply, the errors and the connection pool come out as with ``_read``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from frontierkg.errors import GraphStoreError
from frontierkg.settings import Settings
from graph import queries
from graph.falkordb_store import EmbeddedStore
from graph.statements import Statement

from .graph_store_samples import sample_batch


@pytest.fixture
def scratch(embedded_settings: Settings) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(embedded_settings, graph_name=f"reads_{uuid.uuid4().hex[:12]}")
    yield store
    store.drop_graph()
    store.close()


def _state_read(store: EmbeddedStore) -> Statement:
    """The validation read of the sample batch, as ``_write_batch`` sends it."""
    rows = store._read(Statement("ids", "MATCH (n:Entity) RETURN n.id AS id"))
    statement = queries.stored_state()
    ids = {"entity_ids": [row["id"] for row in rows], "article_ids": ["nowhere"]}
    return statement.bound(**ids)


def _in_use(store: EmbeddedStore) -> int:
    """Connections taken from the store's pool and not given back."""
    return len(store._db.connection.connection_pool._in_use_connections)


def test_a_read_sent_early_gives_the_rows_of_a_plain_read(scratch: EmbeddedStore) -> None:
    scratch.upsert(sample_batch())
    statement = _state_read(scratch)
    expected = scratch._read(statement)
    pending = scratch._read_soon(statement)
    assert _in_use(scratch) == 1  # the request is out, its reply not read yet
    assert scratch._read(statement) == expected  # the store stays usable meanwhile
    assert pending() == expected
    assert _in_use(scratch) == 0


def test_a_read_sent_early_maps_errors_like_a_plain_read(scratch: EmbeddedStore) -> None:
    count = Statement("count_entities", "MATCH (n:Entity) RETURN count(n) AS total")
    wrong = Statement("wrong", "MATCH (n RETURN n")
    with pytest.raises(GraphStoreError, match="query wrong failed"):
        scratch._read_soon(wrong)()
    assert _in_use(scratch) == 0
    assert scratch._read_soon(count)() == [{"total": 0}]  # the connection is still good
    scratch.drop_graph()
    assert scratch._read_soon(count)() == scratch._read(count) == []  # no graph: no rows


def test_a_read_whose_connection_dies_is_sent_again(scratch: EmbeddedStore) -> None:
    scratch.upsert(sample_batch())
    statement = _state_read(scratch)
    expected = scratch._read(statement)
    pending = scratch._read_soon(statement)
    (connection,) = scratch._db.connection.connection_pool._in_use_connections
    connection.disconnect()  # the reply is lost with the socket
    assert pending() == expected
    assert _in_use(scratch) == 0
