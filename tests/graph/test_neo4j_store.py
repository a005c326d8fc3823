"""Neo4jStore without a server: connection errors, and how it drives the official driver."""

from __future__ import annotations

import socket
from typing import Any
from unittest.mock import MagicMock

import neo4j
import pytest

from frontierkg.errors import ConfigurationError, StoreUnavailableError
from frontierkg.settings import load_settings
from graph import neo4j_store
from graph.neo4j_store import Neo4jStore
from graph.write_plan import StoredState, plan_batch

from .graph_store_samples import sample_batch


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_unreachable_server_is_store_unavailable(scheme: str) -> None:
    settings = load_settings(
        neo4j_uri=f"{scheme}://127.0.0.1:{_closed_port()}", neo4j_connection_timeout_s=2
    )
    with pytest.raises(StoreUnavailableError, match="not reachable"):
        Neo4jStore(settings)


def test_unsupported_uri_scheme_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="scheme 'http'"):
        Neo4jStore(load_settings(neo4j_uri="http://localhost:7474"))


class _FakeTx:
    def __init__(self) -> None:
        self.runs: list[tuple[str, dict[str, Any]]] = []

    def run(self, cypher: str, parameters: dict[str, Any]) -> MagicMock:
        self.runs.append((cypher, parameters))
        result = MagicMock()
        result.__iter__.return_value = iter([])
        return result


@pytest.fixture
def fake_driver(monkeypatch: pytest.MonkeyPatch) -> tuple[MagicMock, list[_FakeTx], list[str]]:
    driver = MagicMock(spec=neo4j.Driver)
    transactions: list[_FakeTx] = []
    databases: list[str] = []

    def session(**config: Any) -> MagicMock:
        databases.append(config["database"])
        sess = MagicMock()
        sess.__enter__.return_value = sess

        def execute(work: Any, *args: Any) -> Any:
            tx = _FakeTx()
            transactions.append(tx)
            return work(tx, *args)

        sess.execute_write.side_effect = execute
        sess.execute_read.side_effect = execute
        return sess

    driver.session.side_effect = session
    monkeypatch.setattr(neo4j_store.GraphDatabase, "driver", lambda *a, **k: driver)
    return driver, transactions, databases


def test_schema_then_writes_in_one_transaction_batched_by_setting(fake_driver: Any) -> None:
    driver, transactions, databases = fake_driver
    store = Neo4jStore(
        load_settings(neo4j_uri="neo4j://db:7687", neo4j_database="kg", batch_size=4)
    )
    driver.verify_connectivity.assert_called_once()
    schema_text = "\n".join(c for tx in transactions for c, _ in tx.runs)
    assert "CREATE CONSTRAINT entity_id_unique IF NOT EXISTS" in schema_text
    assert "CREATE FULLTEXT INDEX entity_text IF NOT EXISTS" in schema_text
    transactions.clear()
    plan = plan_batch(sample_batch(), StoredState({}, frozenset()), replace=False)
    store._write(plan)
    assert len(transactions) == 1  # the whole plan: one transaction
    runs = transactions[0].runs
    assert all(len(params["rows"]) <= 4 for _, params in runs)
    evidence_rows = sum(len(p["rows"]) for c, p in runs if "MERGE (v:`Evidence`" in c)
    assert evidence_rows == 10
    assert set(databases) == {"kg"}  # database named on every session
    store.close()
    driver.close.assert_called_once()
