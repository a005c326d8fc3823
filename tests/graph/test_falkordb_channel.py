"""The embedded store's channel (``EmbeddedStore._channel``): commands now, replies later.

A stream of batch writes sends a write and the next batch's validation read on
one connection, and builds the next write before reading either reply. These pin
what that relies on: the read sees the write, each reply is its own command's
whichever is asked for first, errors come out as with ``_read`` and ``_write``,
and the connection goes back to the pool clean, also with replies nobody asked
for.
"""

from __future__ import annotations

import pytest

from frontierkg.errors import GraphStoreError
from graph import queries
from graph.falkordb_store import EmbeddedStore
from graph.statements import Statement
from graph.write_plan import StoredState, WritePlan, plan_batch

from .graph_store_samples import sample_batch

COUNT = Statement("count_entities", "MATCH (n:Entity) RETURN count(n) AS total")


def _state_read(store: EmbeddedStore) -> Statement:
    """The validation read of the sample batch, as a batch write sends it."""
    ids = {"entity_ids": [e.id for e in sample_batch().entities], "article_ids": ["a1", "a2"]}
    return queries.stored_state().bound(**ids)


def _in_use(store: EmbeddedStore) -> int:
    """Connections taken from the store's pool and not given back."""
    return len(store._db.connection.connection_pool._in_use_connections)


def _sample_plan() -> WritePlan:
    return plan_batch(sample_batch(), StoredState({}, frozenset(), frozenset()), replace=False)


def test_a_read_sent_after_a_write_sees_it_whichever_reply_is_asked_for_first(
    embedded_store: EmbeddedStore,
) -> None:
    entities = [{"total": len(sample_batch().entities)}]
    with embedded_store._channel() as channel:
        written = channel.write_soon(_sample_plan())
        counted = channel.read_soon(COUNT)
        assert _in_use(embedded_store) == 1  # one connection, commands pipelined
        assert counted() == entities  # asked first: the write's reply is read and kept
        written()
    assert _in_use(embedded_store) == 0
    with embedded_store._channel() as channel:
        written = channel.write_soon(_sample_plan())
        counted = channel.read_soon(COUNT)
        with pytest.raises(GraphStoreError, match="write rejected by FalkorDB"):
            written()  # the same evidence created twice is refused
        assert counted() == entities
    assert _in_use(embedded_store) == 0


def test_a_read_sent_early_gives_the_rows_of_a_plain_read(embedded_store: EmbeddedStore) -> None:
    embedded_store.upsert(sample_batch())
    statement = _state_read(embedded_store)
    expected = embedded_store._read(statement)
    assert {row["part"] for row in expected} == {"entities", "articles"}
    with embedded_store._channel() as channel:
        pending = channel.read_soon(statement)
        assert _in_use(embedded_store) == 1  # the request is out, its reply not read yet
        assert embedded_store._read(statement) == expected  # the store stays usable meanwhile
        assert pending() == expected
    assert _in_use(embedded_store) == 0


def test_errors_come_out_as_with_plain_reads_and_writes(embedded_store: EmbeddedStore) -> None:
    wrong = Statement("wrong", "MATCH (n RETURN n")
    with embedded_store._channel() as channel:
        bad_read = channel.read_soon(wrong)
        with pytest.raises(GraphStoreError, match="query wrong failed"):
            bad_read()
        channel.write_soon(_sample_plan())()
        again = channel.write_soon(_sample_plan())
        with pytest.raises(GraphStoreError, match="write rejected by FalkorDB, nothing written"):
            again()  # the same evidence created twice: the unique constraint refuses it
        assert channel.read_soon(COUNT)() == [{"total": len(sample_batch().entities)}]
    assert _in_use(embedded_store) == 0
    embedded_store.drop_graph()
    with embedded_store._channel() as channel:
        assert channel.read_soon(COUNT)() == embedded_store._read(COUNT) == []  # no graph


def test_replies_nobody_asked_for_do_not_reach_the_next_user_of_the_connection(
    embedded_store: EmbeddedStore,
) -> None:
    embedded_store.upsert(sample_batch())
    with embedded_store._channel() as channel:
        channel.read_soon(_state_read(embedded_store))  # never asked for
        channel.read_soon(Statement("wrong", "MATCH (n RETURN n"))
        channel.write_soon(_sample_plan())  # refused: its evidence is stored
    assert _in_use(embedded_store) == 0
    with embedded_store._channel() as channel:
        assert channel.read_soon(COUNT)() == [{"total": len(sample_batch().entities)}]
    assert embedded_store._read(COUNT) == [{"total": len(sample_batch().entities)}]


def test_a_read_whose_connection_dies_is_sent_again(embedded_store: EmbeddedStore) -> None:
    embedded_store.upsert(sample_batch())
    statement = _state_read(embedded_store)
    expected = embedded_store._read(statement)
    with embedded_store._channel() as channel:
        pending = channel.read_soon(statement)
        (connection,) = embedded_store._db.connection.connection_pool._in_use_connections
        connection.disconnect()  # the reply is lost with the socket
        assert pending() == expected
    assert _in_use(embedded_store) == 0
