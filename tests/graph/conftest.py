"""Store fixtures: the contract suite runs on every adapter.

The embedded FalkorDB server starts once per test session (one data dir under
pytest's tmp dir); each test gets its own graph name on it and drops the graph
afterwards. Neo4j joins when the settings carry ``NEO4J_URI`` (marker ``neo4j``,
deselect with ``-m "not neo4j"``); its tests clear the database first, so point
it at a disposable database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontierkg.errors import ConfigurationError
from frontierkg.settings import Settings, load_settings
from graph.cypher_store import CypherStore
from graph.falkordb_store import EmbeddedStore


@pytest.fixture(scope="session")
def embedded_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of the session's embedded server; one store keeps it running."""
    data_dir: Path = tmp_path_factory.mktemp("falkordb")
    settings = load_settings(store="embedded", data_dir=data_dir, graph_name="session")
    keeper = EmbeddedStore(settings)
    yield settings
    keeper.drop_graph()
    keeper.close()


def _neo4j_settings() -> Settings | None:
    settings = load_settings()
    return settings if settings.neo4j_uri else None


def _clear_neo4j(settings: Settings) -> None:
    from neo4j import GraphDatabase

    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    assert settings.neo4j_uri is not None
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)


def _backends() -> list[object]:
    """Embedded always; Neo4j only when the settings name a server (no skip noise)."""
    backends: list[object] = [pytest.param("embedded", id="embedded")]
    try:
        configured = _neo4j_settings() is not None
    except ConfigurationError:
        configured = False
    if configured:
        backends.append(pytest.param("neo4j", marks=pytest.mark.neo4j, id="neo4j"))
    return backends


@pytest.fixture
def embedded_store(embedded_settings: Settings) -> Iterator[EmbeddedStore]:
    """An empty embedded store on a graph of its own, dropped afterwards."""
    store = EmbeddedStore(embedded_settings, graph_name=f"test_{uuid.uuid4().hex[:12]}")
    yield store
    store.drop_graph()
    store.close()


@pytest.fixture(params=_backends())
def store(request: pytest.FixtureRequest) -> Iterator[CypherStore]:
    """An empty store of each backend, isolated from every other test."""
    if request.param == "embedded":
        yield request.getfixturevalue("embedded_store")
        return
    neo4j_settings = _neo4j_settings()
    assert neo4j_settings is not None
    from graph.neo4j_store import Neo4jStore

    _clear_neo4j(neo4j_settings)
    neo4j_store = Neo4jStore(neo4j_settings)
    yield neo4j_store
    neo4j_store.close()
    _clear_neo4j(neo4j_settings)
