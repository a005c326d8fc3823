"""``Neo4jStore``: the production store on Neo4j 5 through the official driver.

One driver per store; every call names the database; reads go through
``execute_read`` and writes through ``execute_write`` with transaction functions
that consume their results inside (so the driver may retry them: every write is
idempotent). A write plan runs all its segments, ``UNWIND``-batched by
``settings.batch_size``, in ONE transaction: all or nothing. Constraints and
indexes are created idempotently (``IF NOT EXISTS``) at start.

Example:
    >>> from frontierkg.settings import load_settings
    >>> store = Neo4jStore(load_settings(neo4j_uri="neo4j://localhost:7687"))  # doctest: +SKIP
    >>> store.ping(); store.close()  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, unit_of_work
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from frontierkg.errors import ConfigurationError, GraphStoreError, StoreUnavailableError
from frontierkg.settings import Settings, get_settings
from graph import queries
from graph.cypher_store import CypherStore
from graph.dialect import schema_statements
from graph.statements import Dialect, Statement
from graph.write_plan import Segment, WritePlan

Row = dict[str, Any]
_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})


def _read_rows(tx: ManagedTransaction, cypher: str, parameters: dict[str, Any]) -> list[Row]:
    result = tx.run(cypher, parameters)
    return [record.data() for record in result]


def _write_segments(tx: ManagedTransaction, segments: list[Segment], batch_size: int) -> None:
    for segment in segments:
        rows = segment.rows
        cypher = queries.standalone(segment.statement).cypher
        for start in range(0, len(rows), batch_size):
            tx.run(cypher, {"rows": rows[start : start + batch_size]}).consume()


class Neo4jStore(CypherStore):
    """``GraphStore`` on a Neo4j 5 database (``settings.neo4j_*``)."""

    dialect: Dialect = "neo4j"

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings or get_settings()
        uri = self._settings.neo4j_uri
        if not uri:
            raise ConfigurationError(
                "the Neo4j store needs NEO4J_URI (e.g. neo4j://localhost:7687)"
            )
        scheme = uri.split("://", 1)[0].lower()
        if scheme not in _SCHEMES:
            raise ConfigurationError(
                f"NEO4J_URI {uri!r} has scheme {scheme!r}; use one of {', '.join(sorted(_SCHEMES))}"
            )
        self._database = self._settings.neo4j_database
        self._timeout = self._settings.neo4j_transaction_timeout_s
        timeout = self._settings.neo4j_connection_timeout_s
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=(self._settings.neo4j_user, self._settings.neo4j_password.get_secret_value()),
                connection_timeout=timeout,
                connection_acquisition_timeout=timeout,
                max_connection_pool_size=self._settings.neo4j_max_pool_size,
                max_transaction_retry_time=self._settings.neo4j_max_retry_time_s,
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as error:
            raise ConfigurationError(f"NEO4J_URI {uri!r} is not usable: {error}") from None
        try:
            self.verify_connectivity()
            self._ensure_schema()
        except BaseException:
            self._driver.close()
            raise
        self._closed = False

    def _unavailable(self, error: Exception) -> StoreUnavailableError:
        uri = self._settings.neo4j_uri
        if isinstance(error, AuthError):
            return StoreUnavailableError(
                f"Neo4j at {uri} refused the credentials of user "
                f"{self._settings.neo4j_user!r}; check NEO4J_USER and NEO4J_PASSWORD"
            )
        return StoreUnavailableError(
            f"Neo4j at {uri} (database {self._database!r}) is not reachable: {error}; "
            "check that the server runs and NEO4J_URI is right"
        )

    def _call(self, work: Any, *args: Any, write: bool) -> Any:
        try:
            with self._driver.session(database=self._database) as session:
                if write:
                    return session.execute_write(work, *args)
                return session.execute_read(work, *args)
        except (AuthError, ServiceUnavailable, SessionExpired) as error:
            raise self._unavailable(error) from None
        except Neo4jError as error:
            raise GraphStoreError(f"Neo4j refused the operation: {error.message}") from None
        except DriverError as error:
            raise self._unavailable(error) from None

    def verify_connectivity(self) -> None:
        try:
            self._driver.verify_connectivity()
        except (AuthError, ServiceUnavailable, SessionExpired, DriverError) as error:
            raise self._unavailable(error) from None

    def _ensure_schema(self) -> None:
        """Constraints, indexes and the full-text index, each ``IF NOT EXISTS``."""

        def run(tx: ManagedTransaction, cypher: str, parameters: dict[str, Any]) -> None:
            tx.run(cypher, parameters).consume()

        for statement in schema_statements("neo4j"):
            if statement.name == "schema_await":
                self._call(_read_rows, statement.cypher, statement.parameters, write=False)
            else:
                self._call(run, statement.cypher, statement.parameters, write=True)

    # ---------------------------------------------------------------- lifecycle
    def close(self) -> None:
        if not getattr(self, "_closed", True):
            self._closed = True
            self._driver.close()

    def describe(self) -> dict[str, str]:
        try:
            info = self._driver.get_server_info()
        except (AuthError, ServiceUnavailable, SessionExpired, DriverError) as error:
            raise self._unavailable(error) from None
        return {
            "backend": "neo4j",
            "location": f"{self._settings.neo4j_uri} (database {self._database})",
            "version": f"{info.agent} (protocol {'.'.join(map(str, info.protocol_version))})",
        }

    # ---------------------------------------------------------------- primitives
    def _read(self, statement: Statement) -> list[Row]:
        work = unit_of_work(timeout=self._timeout)(_read_rows)
        rows: list[Row] = self._call(work, statement.cypher, statement.parameters, write=False)
        return rows

    def _write(self, plan: WritePlan) -> None:
        segments = [s for s in plan.segments if s.rows]
        if segments:
            work = unit_of_work(timeout=self._timeout)(_write_segments)
            self._call(work, segments, self._settings.batch_size, write=True)


__all__ = ["Neo4jStore"]
