"""``EmbeddedStore``: the default store, FalkorDB in a server this package starts.

The server (``graph.embedded_server``) lives in ``settings.data_dir`` and is shared
by every process using that dir; each store talks to one named graph in it over
the native protocol with the ``falkordb`` client (never the experimental Bolt port).

Atomicity: FalkorDB has no multi-statement transactions. ``MULTI``/``EXEC`` runs
queued ``GRAPH.QUERY`` commands back to back but does not roll back the others
when one fails, while a single ``GRAPH.QUERY`` that fails is rolled back as a
whole. So every write (``upsert``, ``replace_articles``, ``merge_entities``, ...)
is sent as ONE query composed of its segments (``graph.queries.compose``): all
or nothing. Callers bound a write's size through their batch size.

Example:
    >>> from frontierkg.settings import load_settings
    >>> store = EmbeddedStore(load_settings(data_dir="/tmp/fkg-doc"))  # doctest: +SKIP
    >>> store.counts().entities  # doctest: +SKIP
    0
    >>> store.close()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any

import redis
import redis.asyncio
from falkordb import FalkorDB

from frontierkg.errors import GraphStoreError, StoreUnavailableError
from frontierkg.settings import Settings, get_settings
from graph import queries
from graph.batch_writer import WriteChannel
from graph.cypher_store import CypherStore
from graph.dialect import (
    EXACT_INDEXES,
    falkordb_fulltext_statement,
    falkordb_index_statement,
)
from graph.embedded_server import EmbeddedServer, acquire_server, release_server
from graph.falkordb_params import cypher_literal, params_header
from graph.falkordb_replies import decode_rows
from graph.read_steps import AsyncReader, StepsReader
from graph.statements import Dialect, Statement
from graph.write_plan import Segment, WritePlan


class EmbeddedStore(CypherStore):
    """``GraphStore`` on an embedded FalkorDB graph named ``graph_name``."""

    dialect: Dialect = "falkordb"

    def __init__(self, settings: Settings | None = None, *, graph_name: str | None = None) -> None:
        self._settings = settings or get_settings()
        self._graph_name = graph_name or self._settings.graph_name
        self._timeout_ms = int(self._settings.neo4j_transaction_timeout_s * 1000)
        self._server: EmbeddedServer | None = acquire_server(
            self._settings.data_dir,
            self._settings.embedded_start_timeout_s,
            self._settings.embedded_port,
        )
        try:
            self._db: FalkorDB = self._server.client()
            self._graph = self._db.select_graph(self._graph_name)
            self._ensure_schema()
        except BaseException:
            self.close()
            raise

    @property
    def server(self) -> EmbeddedServer:
        if self._server is None:
            raise GraphStoreError("the embedded store is closed; open a new one with open_store()")
        return self._server

    # ---------------------------------------------------------------- lifecycle
    def _ensure_schema(self) -> None:
        """Exact-match indexes, uniqueness constraints and the full-text index (idempotent)."""
        for index in EXACT_INDEXES:
            self._ddl(falkordb_index_statement(index).cypher)
        self._ddl(falkordb_fulltext_statement().cypher)
        existing = self._unique_constraints()
        for index in EXACT_INDEXES:
            if not index.unique or (index.label, index.key) in existing:
                continue
            try:
                self._db.connection.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", self._graph_name, "UNIQUE", "NODE",
                    index.label, "PROPERTIES", 1, index.key,
                )  # fmt: skip
            except redis.ResponseError as error:
                if "already exists" not in str(error):
                    raise GraphStoreError(
                        f"cannot create constraint on {index.name}: {error}"
                    ) from None
            except redis.RedisError as error:
                raise self._unavailable(error) from None

    def _unique_constraints(self) -> set[tuple[str, str]]:
        """(label, property) of the graph's single-property unique node constraints.

        Only missing constraints are created: re-sending ``GRAPH.CONSTRAINT CREATE``
        at every open relied on matching the "Constraint already exists" error text.
        (The ``== CRITICAL ==`` replay errors in ``falkordb.log`` come from FalkorDB
        logging each create twice; ``graph.embedded_server.compact`` clears them.)
        """
        try:
            result = self._graph.ro_query(
                "CALL db.constraints() YIELD type, label, properties, entitytype "
                "RETURN type, label, properties, entitytype"
            )
        except redis.ResponseError as error:
            if "empty key" in str(error):
                return set()
            raise GraphStoreError(f"cannot list constraints: {error}") from None
        except redis.RedisError as error:
            raise self._unavailable(error) from None
        return {
            (str(label), str(properties[0]))
            for kind, label, properties, entity in result.result_set
            if kind == "UNIQUE" and entity == "NODE" and len(properties) == 1
        }

    def _ddl(self, cypher: str) -> None:
        try:
            self._graph.query(cypher)
        except redis.ResponseError as error:
            if "already indexed" not in str(error):
                raise GraphStoreError(f"cannot create index ({cypher}): {error}") from None
        except redis.RedisError as error:
            raise self._unavailable(error) from None

    def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        try:
            self._db.connection.close()
        except (AttributeError, redis.RedisError):
            pass
        release_server(server)

    def drop_graph(self) -> None:
        """Delete this store's graph (all its data) from the server; used by tests."""
        try:
            self._graph.delete()
        except redis.ResponseError:
            pass

    def describe(self) -> dict[str, str]:
        server = self.server
        info: dict[str, Any] = self._db.connection.info("server")
        return {
            "backend": "embedded (FalkorDB)",
            "location": f"{server.data_dir} ({server.location})",
            "graph": self._graph_name,
            "version": f"redis {info.get('redis_version', '?')}",
            "server_pid": str(server.pid),
        }

    def _unavailable(self, error: Exception) -> StoreUnavailableError:
        where = self._server.location if self._server else str(self._settings.data_dir)
        return StoreUnavailableError(
            f"embedded FalkorDB at {where} is not reachable ({error}); "
            "reopen the store to restart it, or check the data dir's falkordb.log"
        )

    # ---------------------------------------------------------------- primitives
    def _read_command(self, statement: Statement) -> tuple[str | int, ...]:
        query = params_header(statement.parameters) + statement.cypher
        return ("GRAPH.RO_QUERY", self._graph_name, query, "--compact", "timeout", self._timeout_ms)

    @contextlib.contextmanager
    def _errors_mapped(self, statement: Statement) -> Iterator[None]:
        """FalkorDB's and the socket's errors as the store's.

        "empty key" (the graph does not exist yet) ends the block quietly: no rows.
        """
        try:
            yield
        except redis.ResponseError as error:
            if "empty key" not in str(error):
                raise GraphStoreError(f"query {statement.name} failed: {error}") from None
        except (redis.RedisError, OSError) as error:
            raise self._unavailable(error) from None

    def _rows(self, statement: Statement, reply: Callable[[], Any]) -> list[dict[str, Any]]:
        """Rows of the reply ``reply()`` returns, with FalkorDB's and the socket's errors mapped."""
        with self._errors_mapped(statement):
            return decode_rows(reply(), statement.name)
        return []

    async def _read_async(
        self, client: redis.asyncio.Redis, statement: Statement
    ) -> list[dict[str, Any]]:
        """``_read`` over an asyncio client (``async_reader``)."""
        self.server  # noqa: B018 - raises when closed
        command = self._read_command(statement)
        with self._errors_mapped(statement):
            reply = await client.execute_command(*command)  # type: ignore[no-untyped-call]
            return decode_rows(reply, statement.name)
        return []

    @contextlib.asynccontextmanager
    async def async_reader(self) -> AsyncIterator[AsyncReader]:
        """Reads with their own asyncio connections: no worker thread per read.

        One reader per event loop (an asyncio connection belongs to its loop); the API
        opens one for its lifespan. Reads without steps still go through a thread.
        """
        client = self.server.async_client()
        try:
            yield StepsReader(self, partial(self._read_async, client))
        finally:
            await client.aclose()

    def _read(self, statement: Statement) -> list[dict[str, Any]]:
        self.server  # noqa: B018 - raises when closed
        command = self._read_command(statement)
        return self._rows(statement, lambda: self._db.connection.execute_command(*command))

    def _write_command(self, plan: WritePlan, encoded: Mapping[int, str]) -> tuple[str, ...]:
        """The one ``GRAPH.QUERY`` of ``plan`` (``encoded``: rows' literals made earlier)."""
        statement = queries.compose([(s.statement, s.rows) for s in plan.segments])
        query = params_header(statement.parameters, encoded) + statement.cypher
        return ("GRAPH.QUERY", self._graph_name, query, "--compact")

    def _write_reply(self, reply: Callable[[], Any]) -> None:
        """Wait for a write's ``reply``; FalkorDB's and the socket's errors as the store's."""
        try:
            decode_rows(reply(), "write")
        except redis.ResponseError as error:
            raise GraphStoreError(f"write rejected by FalkorDB, nothing written: {error}") from None
        except (redis.RedisError, OSError) as error:
            raise self._unavailable(error) from None

    def _write(self, plan: WritePlan) -> None:
        with self._channel() as channel:
            channel.write_soon(plan)()

    @contextlib.contextmanager
    def _channel(self) -> Iterator[WriteChannel]:
        """A ``ConnectionChannel`` on a connection of its own, given back to the pool after."""
        self.server  # noqa: B018 - raises when closed
        pool = self._db.connection.connection_pool
        try:
            connection = pool.get_connection()
        except (redis.RedisError, OSError) as error:
            raise self._unavailable(error) from None
        channel = ConnectionChannel(self, connection)
        try:
            yield channel
        finally:
            if not channel.drain():
                connection.disconnect()
            pool.release(connection)


class ConnectionChannel:
    """A ``WriteChannel`` on one connection, whose commands the server runs in turn.

    Commands are sent at once (pipelined); replies are read in the order sent,
    each when its function is called (earlier ones are read and kept until asked
    for). So a read sent after a write sees it, and waits for no other client.
    Rows given to ``prepare`` are encoded then, and the literal reused when a
    write sends them.
    """

    def __init__(self, store: EmbeddedStore, connection: Any) -> None:
        self._store = store
        self._connection = connection
        self._sent = 0
        self._next_reply = 0
        self._received: dict[int, Any] = {}  # replies read, not yet asked for
        self._broken: Exception | None = None
        self._encoded: dict[int, tuple[list[Any], str]] = {}  # id(rows) -> (rows, literal)

    def _send(self, command: tuple[str | int, ...]) -> Callable[[], Any]:
        if self._broken is not None:  # a reconnected socket would misalign the replies
            raise self._broken
        try:
            self._connection.send_command(*command)
        except (redis.RedisError, OSError) as error:
            self._broken = error
            raise
        index = self._sent
        self._sent += 1
        return lambda: self._reply(index)

    def _reply(self, index: int) -> Any:
        while self._next_reply <= index:
            self._received[self._next_reply] = self._read_reply()
            self._next_reply += 1
        reply = self._received.pop(index)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def _read_reply(self) -> Any:
        """The next reply off the socket; an error reply is returned, a broken socket raised."""
        if self._broken is not None:
            raise self._broken
        try:
            return self._connection.read_response()
        except redis.ResponseError as error:
            return error
        except (redis.RedisError, OSError) as error:
            self._broken = error  # the replies after this one are lost with the socket
            raise

    def drain(self) -> bool:
        """Read the replies nobody asked for; False if the connection is no longer usable."""
        try:
            while self._next_reply < self._sent:
                self._read_reply()
                self._next_reply += 1
        except (redis.RedisError, OSError):
            return False
        self._received.clear()
        return True

    def read_soon(self, statement: Statement) -> Callable[[], list[dict[str, Any]]]:
        """Send a read; should its connection fail, it is sent again the ordinary way."""
        store = self._store
        try:
            reply = self._send(store._read_command(statement))
        except (redis.RedisError, OSError):
            return lambda: store._read(statement)

        def rows() -> list[dict[str, Any]]:
            try:
                return store._rows(statement, reply)
            except StoreUnavailableError:
                return store._read(statement)

        return rows

    def prepare(self, segments: Sequence[Segment]) -> None:
        for segment in segments:
            if segment.rows:
                self._encoded[id(segment.rows)] = (segment.rows, cypher_literal(segment.rows))

    def write_soon(self, plan: WritePlan) -> Callable[[], None]:
        encoded = {}
        for segment in plan.segments:
            known = self._encoded.pop(id(segment.rows), None)
            if known is not None:
                encoded[id(segment.rows)] = known[1]
        try:
            reply = self._send(self._store._write_command(plan, encoded))
        except (redis.RedisError, OSError) as error:
            failure = self._store._unavailable(error)

            def fail() -> None:
                raise failure

            return fail
        return lambda: self._store._write_reply(reply)


__all__ = ["EmbeddedStore"]
