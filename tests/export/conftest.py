"""Fixtures for the export tests (the store double lives in ``export_fakes``)."""

from __future__ import annotations

import pytest

from .export_fakes import MemoryStore, sample_batch


@pytest.fixture
def sample_store() -> MemoryStore:
    store = MemoryStore()
    store.upsert(sample_batch())
    store.upserts.clear()
    return store


@pytest.fixture
def empty_store() -> MemoryStore:
    return MemoryStore()
