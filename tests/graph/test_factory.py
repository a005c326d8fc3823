"""``open_store`` picks the adapter the settings name."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontierkg.errors import StoreUnavailableError
from frontierkg.settings import load_settings
from graph.factory import open_store
from graph.falkordb_store import EmbeddedStore
from graph.store import GraphStore


def test_embedded_is_the_default(tmp_path: Path) -> None:
    store = open_store(load_settings(data_dir=tmp_path / "data"))
    try:
        assert isinstance(store, EmbeddedStore) and isinstance(store, GraphStore)
        assert str(tmp_path / "data") in store.describe()["location"]
    finally:
        store.close()


def test_neo4j_is_chosen_by_settings() -> None:
    settings = load_settings(
        store="neo4j", neo4j_uri="bolt://127.0.0.1:9", neo4j_connection_timeout_s=2
    )
    with pytest.raises(StoreUnavailableError, match="bolt://127.0.0.1:9"):
        open_store(settings)
