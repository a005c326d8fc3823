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
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from functools import partial
from typing import Any

import redis
import redis.asyncio
from falkordb import FalkorDB

from frontierkg.errors import GraphStoreError, StoreUnavailableError
from frontierkg.settings import Settings, get_settings
from graph import queries
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
        self._encoded = threading.local()  # rows pre-encoded by ``_prepare``, per thread
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

    def _read_soon(self, statement: Statement) -> Callable[[], list[dict[str, Any]]]:
        """Send the read now on a connection of its own; the returned function reads the reply.

        The server runs the read while this thread works on (``_write_batch`` builds
        and encodes the write meanwhile). A read thread did the same, but it needs
        the GIL after sending and again when the reply arrives, and a busy thread
        hands the GIL over only every switch interval (5 ms): at 100k entities the
        reply was read 4-5 ms after the write's rows were ready, every batch.

        Should the connection fail, the read is sent again the ordinary way
        (``_read``), as the client's own retry would.
        """
        self.server  # noqa: B018 - raises when closed
        pool = self._db.connection.connection_pool
        connection = self._send_read(pool, statement)
        if connection is None:
            return lambda: self._read(statement)

        def rows() -> list[dict[str, Any]]:
            try:
                return self._rows(statement, connection.read_response)
            except StoreUnavailableError:
                connection.disconnect()
                return self._read(statement)
            finally:
                pool.release(connection)

        return rows

    def _send_read(self, pool: Any, statement: Statement) -> Any:
        """A connection from redis-py's ``pool`` with the read sent on it; None on failure."""
        try:
            connection = pool.get_connection()
        except (redis.RedisError, OSError):
            return None
        try:
            connection.send_command(*self._read_command(statement))
        except (redis.RedisError, OSError):
            connection.disconnect()
            pool.release(connection)
            return None
        return connection

    def _prepare(self, segments: Sequence[Segment]) -> None:
        """Encode the bulk rows of this thread's next write now (see ``_write_batch``).

        The rows are kept with their literal, so ``id(rows)`` stays theirs until
        ``_write`` takes them.
        """
        self._encoded.rows = [(s.rows, cypher_literal(s.rows)) for s in segments if s.rows]

    def _write(self, plan: WritePlan) -> None:
        self.server  # noqa: B018 - raises when closed
        encoded: list[tuple[list[Any], str]] = getattr(self._encoded, "rows", [])
        self._encoded.rows = []
        statement = queries.compose([(s.statement, s.rows) for s in plan.segments])
        header = params_header(statement.parameters, {id(rows): text for rows, text in encoded})
        try:
            self._graph.query(header + statement.cypher)
        except redis.ResponseError as error:
            raise GraphStoreError(f"write rejected by FalkorDB, nothing written: {error}") from None
        except (redis.RedisError, OSError) as error:
            raise self._unavailable(error) from None


__all__ = ["EmbeddedStore"]
