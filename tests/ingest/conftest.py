"""Shared fixtures of the ingest tests.

``bundled_nlp`` is the one spaCy pipeline built from the bundled config, loaded once per
test session (tests that need their own knowledge base build their own pipeline).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from frontierkg.settings import Settings, load_settings
from graph.store import GraphStore


@pytest.fixture(scope="session")
def bundled_nlp() -> Language:
    from ingest.pipeline import get_nlp

    return get_nlp()


@pytest.fixture
def embedded_settings(tmp_path: Path) -> Settings:
    """Settings for a fresh embedded store in this test's own data dir."""
    return load_settings(store="embedded", data_dir=tmp_path / "graph")


@pytest.fixture
def embedded_store(embedded_settings: Settings) -> Iterator[GraphStore]:
    """A fresh embedded FalkorDB store, closed (and its server stopped) after the test."""
    from graph.factory import open_store

    store = open_store(embedded_settings)
    try:
        yield store
    finally:
        store.close()
