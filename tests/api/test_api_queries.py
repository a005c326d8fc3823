"""Every core query against the seeded embedded store, checked for what an analyst sees."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .api_helpers import codes, gql
from .api_seed import RELATIONS, eid


def test_stats_count_everything_by_type_and_predicate(client: TestClient) -> None:
    body = gql(
        client,
        "{ stats { articles entities relations byType { type count } "
        "byPredicate { predicate count } } }",
    )
    stats = body["data"]["stats"]
    assert (stats["articles"], stats["entities"], stats["relations"]) == (3, 10, 12)
    by_type = {row["type"]: row["count"] for row in stats["byType"]}
    assert by_type["ORGANIZATION"] == 4 and by_type["BENCHMARK"] == 0
    by_predicate = {row["predicate"]: row["count"] for row in stats["byPredicate"]}
    assert by_predicate["RESTRICTS"] == 5 and len(by_predicate) == 16


def test_search_finds_aliases_and_filters_by_type(client: TestClient) -> None:
    query = "query($t: String!, $types: [EntityType!]) { search(text: $t, types: $types) " \
        "{ score entity { id name type aliases } } }"  # fmt: skip
    hits = gql(client, query, {"t": "Zhipu"})["data"]["search"]
    assert hits[0]["entity"]["id"] == eid("Zhipu AI")
    assert "Zhipu" in hits[0]["entity"]["aliases"]
    assert hits[0]["score"] > 0
    none = gql(client, query, {"t": "Zhipu", "types": ["CHIP"]})["data"]["search"]
    assert all(h["entity"]["type"] == "CHIP" for h in none)


ENTITY_QUERY = """
query($id: ID!, $p: Predicate, $d: Direction, $first: Int, $after: String) {
  entity(id: $id) {
    id name type aliases firstSeen lastSeen mentionCount
    ... on Organization { name }
    relations(predicate: $p, direction: $d, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id predicate confidence firstSeen lastSeen evidenceCount
        subject { id name type } object { id name type }
        evidence(first: 5) { totalCount edges { node {
          sentence start end confidence article { id url title published source } } } }
      } }
    }
  }
}
"""


def test_entity_with_relations_and_evidence(client: TestClient) -> None:
    body = gql(client, ENTITY_QUERY, {"id": eid("Zhipu AI")})
    entity = body["data"]["entity"]
    assert entity["name"] == "Zhipu AI" and entity["type"] == "ORGANIZATION"
    assert (entity["firstSeen"], entity["lastSeen"]) == ("2025-01-16", "2025-04-15")
    expected = {r for r in RELATIONS if "Zhipu AI" in (r[0], r[2])}
    relations = entity["relations"]
    assert relations["totalCount"] == len(expected)
    for edge in relations["edges"]:
        node = edge["node"]
        assert eid("Zhipu AI") in (node["subject"]["id"], node["object"]["id"])
        evidence = node["evidence"]
        assert evidence["totalCount"] == node["evidenceCount"] >= 1
        first = evidence["edges"][0]["node"]
        assert first["sentence"] and first["article"]["id"].startswith("a-")
    sentences = {e["node"]["evidence"]["edges"][0]["node"]["sentence"] for e in relations["edges"]}
    assert "Zhipu trains on Nvidia's H20." in sentences


def test_relations_filter_by_predicate_and_direction_and_page(client: TestClient) -> None:
    variables = {"id": eid("Zhipu AI"), "p": "RESTRICTS", "d": "IN", "first": 2}
    page1 = gql(client, ENTITY_QUERY, variables)["data"]["entity"]["relations"]
    assert page1["totalCount"] == 3 and page1["pageInfo"]["hasNextPage"] is True
    assert all(e["node"]["predicate"] == "RESTRICTS" for e in page1["edges"])
    variables["after"] = page1["pageInfo"]["endCursor"]
    page2 = gql(client, ENTITY_QUERY, variables)["data"]["entity"]["relations"]
    assert len(page2["edges"]) == 1 and page2["pageInfo"]["hasNextPage"] is False
    restrictors = {e["node"]["subject"]["name"] for e in page1["edges"] + page2["edges"]}
    assert restrictors == {"United States", "US Department of Commerce", "Entity List"}


ENTITIES_QUERY = """
query($type: EntityType, $where: EntityFilter, $order: [EntityOrder!], $first: Int,
      $after: String) {
  entities(type: $type, where: $where, orderBy: $order, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id name type } }
  }
}
"""


def names(body: dict[str, object]) -> list[str]:
    connection = body["data"]["entities"]  # type: ignore[index]
    return [e["node"]["name"] for e in connection["edges"]]  # type: ignore[index]


def test_entities_ranked_by_how_many_restrictions_point_at_them(client: TestClient) -> None:
    order = [
        {"field": "RELATION_COUNT", "predicate": "RESTRICTS", "relationDirection": "IN",
         "direction": "DESC"},
        {"field": "NAME"},
    ]  # fmt: skip
    body = gql(client, ENTITIES_QUERY, {"order": order, "first": 3})
    assert names(body) == ["Zhipu AI", "H20", "Huawei"]
    body = gql(client, ENTITIES_QUERY, {"type": "ORGANIZATION", "order": order})
    assert names(body) == ["Zhipu AI", "Huawei", "DeepSeek", "Nvidia"]


def test_entity_filters_combine_and_or_not(client: TestClient) -> None:
    where = {
        "OR": [
            {"name": {"startsWith": "nv"}},
            {"alias": {"eq": "Beijing"}},
            {"relationCounts": [{"predicate": "RESTRICTS", "direction": "IN", "atLeast": 2}]},
        ],
        "NOT": {"typeIn": ["CHIP"]},
    }
    body = gql(client, ENTITIES_QUERY, {"where": where, "order": [{"field": "NAME"}]})
    assert names(body) == ["China", "Nvidia", "Zhipu AI"]
    dated = {"firstSeen": {"since": "2025-01-01", "until": "2025-02-01"}, "typeIn": ["COUNTRY",
             "ORGANIZATION", "GOVERNMENT_BODY", "POLICY"]}  # fmt: skip
    body = gql(client, ENTITIES_QUERY, {"where": dated, "order": [{"field": "NAME"}]})
    assert names(body) == ["Entity List", "US Department of Commerce", "Zhipu AI"]
    body = gql(client, ENTITIES_QUERY, {"where": {"alias": {"contains": "z.A"}}})
    assert names(body) == ["Zhipu AI"]
    body = gql(client, ENTITIES_QUERY, {"where": {"name": {"in": ["H20", "Huawei", "x"]}}})
    assert sorted(names(body)) == ["H20", "Huawei"]


def test_entities_pages_walk_the_whole_list_once(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    for _ in range(10):
        body = gql(client, ENTITIES_QUERY, {"first": 4, "after": after})
        connection = body["data"]["entities"]
        assert connection["totalCount"] == 10
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [e["node"]["id"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 10


RELATIONS_QUERY = """
query($where: RelationFilter, $order: [RelationOrder!]) {
  relations(where: $where, orderBy: $order) {
    totalCount edges { node { predicate confidence subject { name } object { name } } }
  }
}
"""


def test_relations_filter_by_either_end_type_and_confidence(client: TestClient) -> None:
    where = {"predicateIn": ["RESTRICTS"], "subjectTypeIn": ["COUNTRY"], "minConfidence": 0.6}
    order = [{"field": "CONFIDENCE", "direction": "DESC"}]
    body = gql(client, RELATIONS_QUERY, {"where": where, "order": order})
    rows = [
        (e["node"]["object"]["name"], e["node"]["confidence"])
        for e in body["data"]["relations"]["edges"]
    ]
    assert rows == [("H20", 0.95), ("Huawei", 0.9)]
    where = {"eitherIdIn": [eid("H20")], "NOT": {"predicateIn": ["RESTRICTS"]}}
    body = gql(client, RELATIONS_QUERY, {"where": where})
    subjects = {e["node"]["subject"]["name"] for e in body["data"]["relations"]["edges"]}
    assert subjects == {"Zhipu AI", "DeepSeek", "Nvidia"}


def test_paths_between_two_entities(client: TestClient) -> None:
    query = """query($a: ID!, $b: ID!, $n: Int!) { paths(from: $a, to: $b, maxLength: $n) {
        length relations { predicate subject { name } object { name } } } }"""
    body = gql(client, query, {"a": eid("DeepSeek"), "b": eid("Nvidia"), "n": 3})
    paths = body["data"]["paths"]
    assert paths and paths[0]["length"] == 2
    steps = [(r["subject"]["name"], r["predicate"], r["object"]["name"]) for r in
             paths[0]["relations"]]  # fmt: skip
    assert steps == [("DeepSeek", "USES", "H20"), ("Nvidia", "DEVELOPS", "H20")]
    body = gql(client, query, {"a": eid("DeepSeek"), "b": eid("Nvidia"), "n": 1})
    assert body["data"]["paths"] == []


def test_timeline_orders_by_first_report(client: TestClient) -> None:
    query = """query($id: ID, $since: Date) { timeline(entityId: $id, since: $since) {
        totalCount edges { node { predicate firstSeen subject { name } object { name }
        evidence(first: 1) { edges { node { article { title } } } } } } } }"""
    body = gql(client, query, {"id": eid("United States")})
    edges = body["data"]["timeline"]["edges"]
    dates = [e["node"]["firstSeen"] for e in edges]
    assert dates == sorted(dates) and dates[0] == "2024-05-01"
    assert edges[0]["node"]["evidence"]["edges"][0]["node"]["article"]["title"] == (
        "US restricts Huawei"
    )
    body = gql(client, query, {"id": eid("United States"), "since": "2025-01-01"})
    assert "2024-05-01" not in [e["node"]["firstSeen"] for e in body["data"]["timeline"]["edges"]]


def test_article_lists_its_entities_and_relations(client: TestClient) -> None:
    query = """query($id: ID!) { article(id: $id) { id title published source
        entities { name } relations { predicate subject { name } object { name } } } }"""
    article = gql(client, query, {"id": "a-2024-ban"})["data"]["article"]
    assert article["published"] == "2024-05-01"
    assert {e["name"] for e in article["entities"]} == {"United States", "Huawei", "China"}
    assert len(article["relations"]) == 2
    listing = gql(
        client,
        """query($e: ID) { articles(mentionsEntityId: $e) { totalCount
            edges { node { id } } } }""",
        {"e": eid("H20")},
    )["data"]["articles"]
    assert [e["node"]["id"] for e in listing["edges"]] == ["a-2025-h20"]


def test_exposure_follows_dependencies_to_restrictions(client: TestClient) -> None:
    query = """query($id: ID!) { exposure(entityId: $id) { exposed entity { name }
        items { kind score dependency { name } restrictedBy { name }
                restriction { predicate }
                path { predicate subject { name } object { name }
                       evidence { totalCount edges { node { sentence } } } } } } }"""
    exposure = gql(client, query, {"id": eid("DeepSeek")})["data"]["exposure"]
    assert exposure["exposed"] is True
    [item] = exposure["items"]
    assert (item["kind"], item["dependency"]["name"], item["restrictedBy"]["name"]) == (
        "USES", "H20", "United States",
    )  # fmt: skip
    assert [r["predicate"] for r in item["path"]] == ["USES", "RESTRICTS"]
    assert item["path"][1]["evidence"]["edges"][0]["node"]["sentence"] == (
        "Washington halted H20 exports."
    )
    assert abs(item["score"] - 0.6 * 0.95) < 1e-9
    zhipu = gql(client, query, {"id": eid("Zhipu AI")})["data"]["exposure"]["items"]
    kinds = {(i["kind"], i["restrictedBy"]["name"]) for i in zhipu}
    assert kinds == {
        ("DIRECT", "US Department of Commerce"),
        ("DIRECT", "Entity List"),
        ("DIRECT", "United States"),
        ("USES", "United States"),
    }
    nvidia = gql(client, query, {"id": eid("Nvidia")})["data"]["exposure"]
    assert nvidia == {"exposed": False, "entity": {"name": "Nvidia"}, "items": []}


def test_unknown_entity_is_not_found(client: TestClient) -> None:
    body = gql(client, ENTITY_QUERY, {"id": "organization:does-not-exist"})
    assert body["data"]["entity"] is None
    assert codes(body) == ["NOT_FOUND"]
    assert "does-not-exist" in body["errors"][0]["message"]
