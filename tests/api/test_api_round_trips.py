"""DataLoaders keep store round trips constant: a page of 5 or 50 entities costs the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore

from .api_helpers import gql, make_client
from .api_seed import bulk_batch


class CountingStore:
    """Proxy counting each store call (each is one round trip to the store)."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture(scope="module")
def bulk_store(settings: Settings) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(settings, graph_name="api_bulk")
    store.upsert(bulk_batch(60))
    yield store
    store.close()


QUERY = """
query($first: Int!) {
  entities(where: {name: {startsWith: "Lab "}}, orderBy: [{field: NAME}], first: $first) {
    totalCount
    edges { node { id name
      relations(first: 5) { totalCount edges { node { predicate
        subject { name } object { name type }
        evidence(first: 3) { totalCount edges { node { sentence article { title } } } }
      } } }
    } }
  }
}
"""


def round_trips(settings: Settings, bulk_store: EmbeddedStore, first: int) -> Counter[str]:
    counting = CountingStore(bulk_store)
    with make_client(settings, counting) as client:
        body = gql(client, QUERY, {"first": first})
    assert "errors" not in body, body
    edges = body["data"]["entities"]["edges"]
    assert len(edges) == first
    for edge in edges:
        relations = edge["node"]["relations"]["edges"]
        assert {r["node"]["predicate"] for r in relations} == {"USES", "BASED_IN"}
        assert all(r["node"]["evidence"]["totalCount"] == 1 for r in relations)
    return counting.calls


def test_round_trips_do_not_grow_with_the_page(
    settings: Settings, bulk_store: EmbeddedStore
) -> None:
    five = round_trips(settings, bulk_store, 5)
    fifty = round_trips(settings, bulk_store, 50)
    assert five == fifty
    assert five == Counter(list_entities=1, neighbours=1, get_entities=1, evidence=1)
