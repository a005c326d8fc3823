"""Mutations: refused without a valid API key, and each changes the graph as described."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from frontierkg.settings import Settings, load_settings
from graph.falkordb_store import EmbeddedStore

from .api_helpers import API_KEY, codes, gql, make_client
from .api_seed import eid

KEY = {"X-API-Key": API_KEY}
ADD_ALIAS = """mutation($id: ID!, $alias: String!) { addAlias(entityId: $id, alias: $alias) {
    id aliases } }"""


@pytest.fixture
def writer(settings: Settings, fresh_store: EmbeddedStore) -> Iterator[TestClient]:
    with make_client(settings, fresh_store) as client:
        yield client


def aliases_of(client: TestClient, entity: str) -> list[str]:
    body = gql(client, "query($id: ID!) { entity(id: $id) { aliases } }", {"id": entity})
    return list(body["data"]["entity"]["aliases"])


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "UNAUTHENTICATED"),
        ({"X-API-Key": "wrong"}, "UNAUTHENTICATED"),
        ({"Authorization": "Bearer wrong"}, "UNAUTHENTICATED"),
        ({"Authorization": f"Basic {API_KEY}"}, "UNAUTHENTICATED"),
    ],
)
def test_missing_or_wrong_key_is_refused_and_nothing_changes(
    writer: TestClient, headers: dict[str, str], code: str
) -> None:
    body = gql(writer, ADD_ALIAS, {"id": eid("Nvidia"), "alias": "Team Green"}, headers)
    assert codes(body) == [code]
    assert body["data"] is None
    assert "Team Green" not in aliases_of(writer, eid("Nvidia"))


def test_mutations_are_forbidden_when_no_key_is_configured(
    data_dir: object, fresh_store: EmbeddedStore
) -> None:
    no_keys = load_settings(data_dir=data_dir, api_keys=[])
    with make_client(no_keys, fresh_store) as client:
        body = gql(client, 'mutation { deleteArticle(id: "a-2024-ban") }', headers=KEY)
        assert codes(body) == ["FORBIDDEN"]
        assert "FRONTIERKG_API_KEYS" in body["errors"][0]["message"]
        article = gql(client, '{ article(id: "a-2024-ban") { id } }')["data"]["article"]
        assert article == {"id": "a-2024-ban"}


def test_add_alias_with_either_header_form(writer: TestClient) -> None:
    body = gql(writer, ADD_ALIAS, {"id": eid("Nvidia"), "alias": "  Team   Green "}, KEY)
    assert "Team Green" in body["data"]["addAlias"]["aliases"]
    bearer = {"Authorization": f"Bearer {API_KEY}"}
    gql(writer, ADD_ALIAS, {"id": eid("Nvidia"), "alias": "Jensen's company"}, bearer)
    hits = gql(writer, '{ search(text: "Team Green") { entity { id } } }')["data"]["search"]
    assert hits[0]["entity"]["id"] == eid("Nvidia")
    assert "Jensen's company" in aliases_of(writer, eid("Nvidia"))
    body = gql(writer, ADD_ALIAS, {"id": "chip:none", "alias": "x"}, KEY)
    assert codes(body) == ["NOT_FOUND"]
    body = gql(writer, ADD_ALIAS, {"id": eid("Nvidia"), "alias": "   "}, KEY)
    assert codes(body) == ["BAD_USER_INPUT"]


def test_merge_entities_moves_edges_and_names(writer: TestClient) -> None:
    merge = """mutation($k: ID!, $m: ID!) { mergeEntities(keepId: $k, mergeId: $m) {
        id name aliases relations(predicate: USES) { totalCount } } }"""
    body = gql(writer, merge, {"k": eid("Zhipu AI"), "m": eid("DeepSeek")}, KEY)
    kept = body["data"]["mergeEntities"]
    assert kept["name"] == "Zhipu AI" and "DeepSeek" in kept["aliases"]
    assert kept["relations"]["totalCount"] == 1  # both USES H20 edges become one
    gone = gql(writer, "query($id: ID!) { entity(id: $id) { id } }", {"id": eid("DeepSeek")})
    assert codes(gone) == ["NOT_FOUND"]
    body = gql(writer, merge, {"k": eid("Nvidia"), "m": eid("H20")}, KEY)
    assert codes(body) == ["BAD_USER_INPUT"]
    body = gql(writer, merge, {"k": eid("Nvidia"), "m": "organization:nobody"}, KEY)
    assert codes(body) == ["NOT_FOUND"]


def test_delete_article_removes_its_evidence(writer: TestClient) -> None:
    delete = "mutation($id: ID!) { deleteArticle(id: $id) }"
    assert gql(writer, delete, {"id": "a-2024-ban"}, KEY)["data"] == {"deleteArticle": True}
    stats = gql(writer, "{ stats { articles relations } }")["data"]["stats"]
    assert stats == {"articles": 2, "relations": 10}
    assert codes(gql(writer, delete, {"id": "a-2024-ban"}, KEY)) == ["NOT_FOUND"]


INGEST = """mutation($input: ArticleInput!) { ingestArticle(input: $input) {
    status entityCount relationCount evidenceCount
    article { id title published entities { name type }
              relations { predicate subject { name } object { name }
                          evidence { edges { node { sentence } } } } } } }"""

ARTICLE = {
    "id": "api-ingest-1",
    "title": "Washington blacklists Zhipu",
    "published": "2025-01-16",
    "source": "example.com",
    "text": "Washington has added Chinese start-up Zhipu AI to the Entity List. "
    "Zhipu uses Nvidia H20 chips to train its models.",
}


@pytest.mark.slow
def test_ingest_article_runs_the_real_pipeline(writer: TestClient) -> None:
    assert codes(gql(writer, INGEST, {"input": ARTICLE})) == ["UNAUTHENTICATED"]
    body = gql(writer, INGEST, {"input": ARTICLE}, KEY)
    assert "errors" not in body, body
    payload = body["data"]["ingestArticle"]
    assert payload["status"] == "INGESTED" and payload["relationCount"] >= 2
    article = payload["article"]
    assert article["id"] == "api-ingest-1" and article["published"] == "2025-01-16"
    assert {"Zhipu AI", "Entity List"} <= {e["name"] for e in article["entities"]}
    triples = {(r["subject"]["name"], r["predicate"], r["object"]["name"])
               for r in article["relations"]}  # fmt: skip
    assert ("Entity List", "RESTRICTS", "Zhipu AI") in triples
    again = gql(writer, INGEST, {"input": ARTICLE}, KEY)["data"]["ingestArticle"]
    assert again["status"] == "UNCHANGED"
    body = gql(writer, INGEST, {"input": {**ARTICLE, "text": "   "}}, KEY)
    assert codes(body) == ["BAD_USER_INPUT"]
