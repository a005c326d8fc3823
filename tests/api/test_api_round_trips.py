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
        if not callable(attribute) or name == "async_reader":  # opened with the app
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
    # the relation page, both ends and the evidence come in one read (relation_details)
    assert five == Counter(list_entities=1, relation_details=1)


MIXED = """
query($first: Int!) {
  entities(where: {name: {startsWith: "Lab "}}, orderBy: [{field: NAME}], first: $first) {
    edges { node {
      relations(first: 5) { edges { node {
        one: evidence(first: 1) { totalCount }
        three: evidence(first: 3) { edges { node { sentence } } }
      } } }
    } }
  }
}
"""


def test_selections_read_ahead_or_not_cost_the_same_for_any_page(
    settings: Settings, bulk_store: EmbeddedStore
) -> None:
    """Two evidence pages of different sizes are not read ahead: a batch per size, still flat."""
    counts = []
    for first in (5, 50):
        counting = CountingStore(bulk_store)
        with make_client(settings, counting) as client:
            body = gql(client, MIXED, {"first": first})
        assert "errors" not in body, body
        nodes = [
            r["node"]
            for e in body["data"]["entities"]["edges"]
            for r in e["node"]["relations"]["edges"]
        ]
        assert nodes and all(n["one"]["totalCount"] == 1 for n in nodes)
        assert all(len(n["three"]["edges"]) == 1 for n in nodes)
        counts.append(counting.calls)
    assert counts[0] == counts[1] == Counter(list_entities=1, neighbours=1, evidence=2)


def test_relation_details_match_the_separate_reads(bulk_store: EmbeddedStore) -> None:
    from graph.models import NeighbourQuery

    ids = [hit.entity.id for hit in bulk_store.search("Lab", None, 5)]
    query = NeighbourQuery(first=5)
    details = bulk_store.relation_details(ids, query, evidence_first=2)
    pages = bulk_store.neighbours(ids, query)
    assert [p.total_count for p in details] == [p.total_count for p in pages]
    for detail_page, page in zip(details, pages, strict=True):
        assert [d.relation for d in detail_page.items] == list(page.items)
        edges = [r.edge for r in page.items]
        evidence = bulk_store.evidence(edges, first=2)
        assert [(d.evidence_total, list(d.evidence)) for d in detail_page.items] == evidence
        ends = bulk_store.get_entities([e for r in page.items for e in (r.subject_id, r.object_id)])
        assert [x for d in detail_page.items for x in (d.subject, d.object)] == ends


def test_relation_details_past_the_last_edge_keeps_the_total(bulk_store: EmbeddedStore) -> None:
    from graph.cursors import encode_offset
    from graph.models import NeighbourQuery

    [lab] = [hit.entity.id for hit in bulk_store.search("Lab 001", None, 1)]
    [page] = bulk_store.relation_details([lab], NeighbourQuery(first=5, after=encode_offset(10)))
    assert page.items == ()
    assert page.total_count == 2
    assert not page.has_next_page


FRAGMENTS = """
query($first: Int!, $evidence: Int) {
  entities(where: {name: {startsWith: "Lab "}}, orderBy: [{field: NAME}], first: $first) {
    edges { node { relations(first: 5) { ...Page } } }
  }
}
fragment Page on RelationConnection { edges { node { ... on Relation { ...Ends } } } }
fragment Ends on Relation {
  subject { name } object { name }
  evidence(first: $evidence) { totalCount edges { node { sentence } } }
}
"""


def test_selections_in_fragments_are_read_ahead(
    settings: Settings, bulk_store: EmbeddedStore
) -> None:
    for first in (5, 50):
        counting = CountingStore(bulk_store)
        with make_client(settings, counting) as client:
            body = gql(client, FRAGMENTS, {"first": first, "evidence": 2})
        assert "errors" not in body, body
        nodes = [
            r["node"]
            for e in body["data"]["entities"]["edges"]
            for r in e["node"]["relations"]["edges"]
        ]
        assert len(nodes) == 2 * first
        assert all(n["evidence"]["totalCount"] == 1 and n["subject"]["name"] for n in nodes)
        assert counting.calls == Counter(list_entities=1, relation_details=1)
