"""Every core query on a graph ingested from the real dev articles through the real pipeline.

Reads ``../shared/eval/dev`` (skipped when absent); slow: loads the spaCy pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.ingestor import default_ingestor
from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore
from ingest.readers import read_paths
from ingest.service import IngestService

from .api_helpers import gql, make_client

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dev_client(settings: Settings) -> Iterator[TestClient]:
    if not DEV.is_dir() or not any(DEV.glob("*.json")):
        pytest.skip(f"dev articles not found at {DEV}")
    store = EmbeddedStore(settings, graph_name="api_dev")
    service = default_ingestor(store, settings)
    assert isinstance(service, IngestService)
    results = list(service.ingest(read_paths([str(DEV)], settings=settings)))
    assert sum(r.ok for r in results) == len(list(DEV.glob("*.json")))
    with make_client(settings, store) as client:
        yield client
    store.close()


def data(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    body = gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def entity_id(client: TestClient, text: str, type_: str) -> str:
    hits = data(
        client,
        "query($t: String!, $ty: [EntityType!]) { search(text: $t, types: $ty) "
        "{ entity { id name } } }",
        {"t": text, "ty": [type_]},
    )["search"]
    assert hits, f"{text} not found"
    return str(hits[0]["entity"]["id"])


def test_stats_and_search(dev_client: TestClient) -> None:
    stats = data(dev_client, "{ stats { articles entities relations byPredicate { count } } }")[
        "stats"
    ]
    assert stats["articles"] == 30 and stats["entities"] > 50 and stats["relations"] > 50
    assert sum(p["count"] for p in stats["byPredicate"]) == stats["relations"]
    hits = data(dev_client, '{ search(text: "nvidia") { entity { name type } } }')["search"]
    assert hits[0]["entity"] == {"name": "Nvidia", "type": "ORGANIZATION"}


def test_entity_relations_with_evidence_from_the_articles(dev_client: TestClient) -> None:
    nvidia = entity_id(dev_client, "Nvidia", "ORGANIZATION")
    query = """query($id: ID!) { entity(id: $id) { name mentionCount firstSeen
        relations(first: 50) { totalCount edges { node { predicate subject { name }
          object { name } evidence(first: 2) { totalCount edges { node { sentence
          article { id title published } } } } } } } } }"""
    entity = data(dev_client, query, {"id": nvidia})["entity"]
    assert entity["mentionCount"] >= 5 and entity["firstSeen"]
    triples = {
        (e["node"]["subject"]["name"], e["node"]["predicate"], e["node"]["object"]["name"])
        for e in entity["relations"]["edges"]
    }
    assert ("Nvidia", "BASED_IN", "United States") in triples
    for edge in entity["relations"]["edges"]:
        evidence = edge["node"]["evidence"]
        assert evidence["totalCount"] >= 1
        assert (
            "Nvidia" in evidence["edges"][0]["node"]["sentence"]
            or evidence["edges"][0]["node"]["article"]["id"]
        )


def test_ranking_by_restrictions_and_filters(dev_client: TestClient) -> None:
    query = """{ entities(orderBy: [{field: RELATION_COUNT, predicate: RESTRICTS,
        relationDirection: IN, direction: DESC}], first: 5) { edges { node { name
        relations(predicate: RESTRICTS, direction: IN) { totalCount } } } } }"""
    counts = [
        e["node"]["relations"]["totalCount"] for e in data(dev_client, query)["entities"]["edges"]
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    where = {
        "relationCounts": [{"predicate": "BASED_IN", "direction": "OUT", "atLeast": 1}],
        "typeIn": ["ORGANIZATION"],
    }
    query = """query($w: EntityFilter) { entities(where: $w, first: 100) { totalCount
        edges { node { relations(predicate: BASED_IN, direction: OUT) { totalCount } } } } }"""
    connection = data(dev_client, query, {"w": where})["entities"]
    assert connection["totalCount"] >= 5
    assert all(e["node"]["relations"]["totalCount"] >= 1 for e in connection["edges"])
    relations = data(
        dev_client,
        """{ relations(where: {predicateIn: [RESTRICTS], objectTypeIn: [CHIP]},
            orderBy: [{field: EVIDENCE_COUNT, direction: DESC}]) { totalCount
            edges { node { object { type } evidenceCount } } } }""",
    )["relations"]
    assert relations["totalCount"] >= 1
    assert {e["node"]["object"]["type"] for e in relations["edges"]} == {"CHIP"}


def test_paths_timeline_articles_and_exposure(dev_client: TestClient) -> None:
    deepseek = entity_id(dev_client, "DeepSeek", "ORGANIZATION")
    nvidia = entity_id(dev_client, "Nvidia", "ORGANIZATION")
    paths = data(
        dev_client,
        """query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxLength: 3) { length
            relations { predicate subject { name } object { name } } } }""",
        {"a": deepseek, "b": nvidia},
    )["paths"]
    assert paths and all(1 <= p["length"] <= 3 for p in paths)
    timeline = data(
        dev_client,
        """query($id: ID) { timeline(entityId: $id, first: 100) { totalCount
            edges { node { firstSeen evidence(first: 1) { edges { node { sentence } } } } } } }""",
        {"id": nvidia},
    )["timeline"]
    dates = [e["node"]["firstSeen"] for e in timeline["edges"] if e["node"]["firstSeen"]]
    assert timeline["totalCount"] >= 3 and dates == sorted(dates)
    articles = data(
        dev_client,
        """query($e: ID) { articles(mentionsEntityId: $e, first: 100) { totalCount
            edges { node { id title entities { name } relations { predicate } } } } }""",
        {"e": nvidia},
    )["articles"]
    assert articles["totalCount"] >= 3
    for edge in articles["edges"]:
        assert "Nvidia" in {e["name"] for e in edge["node"]["entities"]}
    one = articles["edges"][0]["node"]["id"]
    article = data(dev_client, "query($id: ID!) { article(id: $id) { id } }", {"id": one})
    assert article["article"]["id"] == one
    exposure = data(
        dev_client,
        """query($id: ID!) { exposure(entityId: $id) { exposed items { kind
            dependency { name } restrictedBy { name } path { predicate } } } }""",
        {"id": deepseek},
    )["exposure"]
    found = {
        (i["kind"], i["dependency"]["name"], i["restrictedBy"]["name"]) for i in exposure["items"]
    }
    assert exposure["exposed"] and ("BASED_IN", "China", "United States") in found
    for item in exposure["items"]:
        assert item["path"][-1]["predicate"] == "RESTRICTS"
        assert item["kind"] == "DIRECT" or len(item["path"]) == 2
