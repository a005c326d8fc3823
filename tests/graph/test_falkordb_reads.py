"""The embedded store's read sent early (``EmbeddedStore._read_soon``) reads like ``_read``.

``_write_batch`` sends its validation read, builds the write meanwhile, and only
then reads the reply from the connection the read went out on. These pin that
the reply, the errors and the connection pool come out as with ``_read``.
"""

from __future__ import annotations

import pytest

from frontierkg.errors import GraphStoreError
from graph import queries
from graph.falkordb_store import EmbeddedStore
from graph.statements import Statement

from .graph_store_samples import sample_batch


def _state_read(store: EmbeddedStore) -> Statement:
    """The validation read of the sample batch, as ``_write_batch`` sends it."""
    rows = store._read(Statement("ids", "MATCH (n:Entity) RETURN n.id AS id"))
    statement = queries.stored_state()
    ids = {"entity_ids": [row["id"] for row in rows], "article_ids": ["nowhere"]}
    return statement.bound(**ids)


def _in_use(store: EmbeddedStore) -> int:
    """Connections taken from the store's pool and not given back."""
    return len(store._db.connection.connection_pool._in_use_connections)


def test_a_read_sent_early_gives_the_rows_of_a_plain_read(embedded_store: EmbeddedStore) -> None:
    embedded_store.upsert(sample_batch())
    statement = _state_read(embedded_store)
    expected = embedded_store._read(statement)
    pending = embedded_store._read_soon(statement)
    assert _in_use(embedded_store) == 1  # the request is out, its reply not read yet
    assert embedded_store._read(statement) == expected  # the store stays usable meanwhile
    assert pending() == expected
    assert _in_use(embedded_store) == 0


def test_a_read_sent_early_maps_errors_like_a_plain_read(embedded_store: EmbeddedStore) -> None:
    count = Statement("count_entities", "MATCH (n:Entity) RETURN count(n) AS total")
    wrong = Statement("wrong", "MATCH (n RETURN n")
    with pytest.raises(GraphStoreError, match="query wrong failed"):
        embedded_store._read_soon(wrong)()
    assert _in_use(embedded_store) == 0
    assert embedded_store._read_soon(count)() == [{"total": 0}]  # the connection is still good
    embedded_store.drop_graph()
    assert (
        embedded_store._read_soon(count)() == embedded_store._read(count) == []
    )  # no graph: no rows


def test_a_read_whose_connection_dies_is_sent_again(embedded_store: EmbeddedStore) -> None:
    embedded_store.upsert(sample_batch())
    statement = _state_read(embedded_store)
    expected = embedded_store._read(statement)
    pending = embedded_store._read_soon(statement)
    (connection,) = embedded_store._db.connection.connection_pool._in_use_connections
    connection.disconnect()  # the reply is lost with the socket
    assert pending() == expected
    assert _in_use(embedded_store) == 0
