"""A GraphQL request is freed when it ends, without waiting for the garbage collector.

What a request reads (records, pages, its context and DataLoaders) is freed by reference
counting once the response is out; a reference cycle anywhere in it (e.g. a loader
holding a method of its owner, graphql-core's executor referring to itself) would keep
all of it for the collector, whose pauses then land on other requests' latency.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from api.context import Context
from api.loaders import Loaders
from api.schema import build_schema
from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore
from graph.models import EntityRecord, RelationDetail

from .api_seed import eid

QUERY = """query($id: ID!) { entity(id: $id) { name relations(first: 5) { totalCount
  edges { node { predicate subject { name } object { name }
  evidence(first: 2) { edges { node { sentence article { title } } } } } } } } }"""

WATCHED = (Context, Loaders, EntityRecord, RelationDetail)


@pytest.fixture
def collector_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_request_leaves_no_cyclic_garbage(
    settings: Settings, seeded_store: EmbeddedStore, collector_off: None
) -> None:
    schema = build_schema(settings)

    async def run() -> None:
        context = Context(store=seeded_store, settings=settings, api_key=None)
        result = await schema.execute(QUERY, {"id": eid("Zhipu AI")}, context_value=context)
        assert result.errors is None and result.data is not None
        assert result.data["entity"]["relations"]["totalCount"] > 0

    asyncio.run(run())  # warm-up: first-use caches are not garbage
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        asyncio.run(run())
        gc.collect()
        leftovers = [type(o).__name__ for o in gc.garbage if isinstance(o, WATCHED)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert leftovers == []
