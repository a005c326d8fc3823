"""A store's async reader answers exactly what its blocking reads answer, on every adapter.

The embedded store runs its ``read_steps`` reads over asyncio connections, with no
worker thread; any other call goes through a thread. Both must be invisible to callers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from frontierkg.errors import GraphStoreError
from graph.cypher_store import CypherStore
from graph.falkordb_store import EmbeddedStore
from graph.models import (
    ArticleQuery,
    Direction,
    EdgeKey,
    EntityQuery,
    NeighbourQuery,
    RelationQuery,
)
from graph.read_steps import AsyncReader

from .graph_store_samples import GLM, H20, NVIDIA, US, ZHIPU, P, sample_batch


def _read_calls(store: CypherStore) -> list[tuple[Callable[..., Any], tuple[Any, ...]]]:
    """Every read the API's DataLoaders make, with arguments that reach stored data."""
    page_past_the_end = NeighbourQuery(
        first=2, after=store.neighbours([GLM.id], NeighbourQuery(first=2))[0].end_cursor
    )
    return [
        (store.get_entities, ([ZHIPU.id, "organization:nobody", US.id],)),
        (store.get_articles, (["a1", "missing", "a2"],)),
        (store.neighbours, ([ZHIPU.id, US.id], NeighbourQuery(direction=Direction.OUT))),
        (store.relation_details, ([ZHIPU.id, US.id], NeighbourQuery(first=3), 2)),
        (store.relation_details, ([ZHIPU.id], NeighbourQuery(predicate=P.RESTRICTS), None)),
        # an entity whose page is empty past its end: a second round trip for its total
        (store.relation_details, ([GLM.id], page_past_the_end, 1)),
        (
            store.evidence,
            ([EdgeKey(US.id, P.RESTRICTS, H20.id), EdgeKey(NVIDIA.id, P.USES, H20.id)],),
        ),
        (store.article_entities, (["a1", "a2", "missing"],)),
        (store.article_relations, (["a1", "a2"],)),
        (store.search, ("zhipu",)),
        (store.counts, ()),
        (store.list_entities, (EntityQuery(first=3),)),
        (store.list_relations, (RelationQuery(first=2),)),
        (store.list_articles, (ArticleQuery(first=1),)),
        (store.shortest_paths, (US.id, GLM.id, 3)),
        (store.article_content_hashes, (["a1", "a2"],)),  # no steps: through a worker thread
    ]


async def _through_reader(
    store: CypherStore, calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]
) -> list[Any]:
    async with store.async_reader() as reader:
        return [await reader.call(read, *args) for read, args in calls]


def test_the_async_reader_answers_what_the_blocking_reads_answer(store: CypherStore) -> None:
    store.upsert(sample_batch())
    calls = _read_calls(store)
    blocking = [read(*args) for read, args in calls]
    assert all(blocking)  # every call reaches stored data (paths, hashes, lists: non-empty)
    assert any(page.items == () and page.total_count > 0 for page in blocking[5])
    assert asyncio.run(_through_reader(store, calls)) == blocking


def test_embedded_reads_with_steps_need_no_worker_thread(
    embedded_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded_store.upsert(sample_batch())
    expected = embedded_store.relation_details([ZHIPU.id], NeighbourQuery(first=3), 2)
    threads: list[str] = []

    async def no_thread(call: Callable[[], Any], *args: Any, **kwargs: Any) -> Any:
        threads.append(getattr(call, "__name__", repr(call)))
        return call()

    monkeypatch.setattr("anyio.to_thread.run_sync", no_thread)

    async def read() -> Any:
        async with embedded_store.async_reader() as reader:
            details = await reader.call(
                embedded_store.relation_details, [ZHIPU.id], NeighbourQuery(first=3), 2
            )
            await reader.call(embedded_store.article_content_hashes, ["a1"])
            return details

    assert asyncio.run(read()) == expected
    assert len(threads) == 1  # content hashes (no steps) went through a thread, the page did not


def test_a_reader_of_a_closed_store_fails_clearly(embedded_settings: Any) -> None:
    store = EmbeddedStore(embedded_settings, graph_name="closed_reader")

    async def read_after_close() -> None:
        reader: AsyncReader
        async with store.async_reader() as reader:
            store.close()
            await reader.call(store.get_entities, [ZHIPU.id])

    with pytest.raises(GraphStoreError, match="closed"):
        asyncio.run(read_after_close())
