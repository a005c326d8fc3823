"""Fixtures of the API tests: an embedded store seeded through its own ``upsert``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontierkg.settings import Settings, load_settings
from graph.falkordb_store import EmbeddedStore

from .api_helpers import API_KEY, make_client
from .api_seed import seed_batch


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fkg-api")


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return load_settings(data_dir=data_dir, api_keys=[API_KEY], environment="development")


@pytest.fixture(scope="session")
def seeded_store(settings: Settings) -> Iterator[EmbeddedStore]:
    """Read-only tests share this graph; never write to it."""
    store = EmbeddedStore(settings, graph_name="api_seed")
    store.upsert(seed_batch())
    yield store
    store.close()


@pytest.fixture
def fresh_store(settings: Settings) -> Iterator[EmbeddedStore]:
    """A graph of its own, seeded, for tests that write."""
    store = EmbeddedStore(settings, graph_name=f"api_{uuid.uuid4().hex[:12]}")
    store.upsert(seed_batch())
    yield store
    store.close()


@pytest.fixture
def client(settings: Settings, seeded_store: EmbeddedStore) -> Iterator[TestClient]:
    with make_client(settings, seeded_store) as test_client:
        yield test_client
