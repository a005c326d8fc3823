"""Bad input gets its error code, no internals leak, and the server and store stay intact."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontierkg.errors import StoreUnavailableError
from frontierkg.settings import Settings, load_settings
from graph.falkordb_store import EmbeddedStore

from .api_helpers import codes, gql, make_client
from .api_seed import eid, seed_batch

LEAKS = ("Traceback", "MATCH", 'File "', ".py", "redis", "falkordb", "RETURN")


def assert_clean(body: dict[str, Any], echoed: str = "") -> None:
    """No stack trace, Cypher or file path in any message (but the client's own input)."""
    for error in body.get("errors", []):
        message = error["message"].replace(echoed[:64], "") if echoed else error["message"]
        for leak in LEAKS:
            assert leak not in message, error
        assert set(error.get("extensions", {})) <= {"code"}


def assert_store_intact(client: TestClient) -> None:
    stats = gql(client, "{ stats { entities relations articles } }")["data"]["stats"]
    assert stats == {"entities": 10, "relations": 12, "articles": 3}


def only_code(body: dict[str, Any], code: str, echoed: str = "") -> None:
    assert_clean(body, echoed)
    assert codes(body) and set(codes(body)) == {code}, body


def test_depth_bomb_is_too_complex(client: TestClient) -> None:
    nested = "subject { relations { edges { node { " * 6 + "id" + " } } } }" * 6
    inner = f"relations {{ edges {{ node {{ {nested} }} }} }}"
    query = f'{{ entity(id: "{eid("Zhipu AI")}") {{ {inner} }} }}'
    only_code(gql(client, query), "QUERY_TOO_COMPLEX")


def test_alias_bomb_is_too_complex(client: TestClient) -> None:
    query = "{ " + " ".join(f"a{i}: stats {{ articles }}" for i in range(50)) + " }"
    only_code(gql(client, query), "QUERY_TOO_COMPLEX")


def test_ten_thousand_tokens_are_too_complex(client: TestClient) -> None:
    query = "{ stats { " + "articles " * 10_000 + "} }"
    only_code(gql(client, query), "QUERY_TOO_COMPLEX")


def test_page_sizes_multiply_into_the_cost_limit(client: TestClient) -> None:
    query = """{ entities(first: 100) { edges { node { relations(first: 100) { edges { node {
        evidence(first: 100) { edges { node { sentence } } } } } } } } } }"""
    body = gql(client, query)
    only_code(body, "QUERY_TOO_COMPLEX")
    assert "query cost" in body["errors"][0]["message"]


@pytest.mark.parametrize("first", [100_000, -1, 101])
def test_huge_or_negative_first_is_bad_input(client: TestClient, first: int) -> None:
    body = gql(client, "query($f: Int) { entities(first: $f) { totalCount } }", {"f": first})
    only_code(body, "BAD_USER_INPUT")
    assert "first=" in body["errors"][0]["message"]


@pytest.mark.parametrize("first", [100_000, -1])
def test_huge_or_negative_nested_first_is_bad_input(client: TestClient, first: int) -> None:
    """Also where the relation page is read ahead with its ends (``api.selection``)."""
    query = """query($id: ID!, $f: Int) { entity(id: $id) { relations { edges { node {
      subject { name } evidence(first: $f) { totalCount } } } } } }"""
    body = gql(client, query, {"id": eid("Zhipu AI"), "f": first})
    only_code(body, "BAD_USER_INPUT")
    assert "first=" in body["errors"][0]["message"]


def test_malformed_query_is_bad_input(client: TestClient) -> None:
    only_code(gql(client, "{ stats { articles "), "BAD_USER_INPUT")
    only_code(gql(client, "{ nope }"), "BAD_USER_INPUT")


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b""])
def test_a_body_that_is_not_json_is_refused_with_400(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "JSON" in response.text
    assert client.get("/healthz").status_code == 200


def test_unknown_enum_is_bad_input(client: TestClient) -> None:
    only_code(gql(client, "{ entities(type: SPACESHIP) { totalCount } }"), "BAD_USER_INPUT")
    body = gql(client, "query($t: EntityType) { entities(type: $t) { totalCount } }",
               {"t": "Spaceship"})  # fmt: skip
    only_code(body, "BAD_USER_INPUT")


def test_bad_cursor_is_bad_input(client: TestClient) -> None:
    body = gql(client, '{ entities(after: "bm90LWEtY3Vyc29y") { totalCount } }')
    only_code(body, "BAD_USER_INPUT")
    assert "cursor" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "hostile",
    [
        "x') DETACH DELETE n //",
        '" OR 1=1 --',
        "`Entity`) MATCH (n) DETACH DELETE n RETURN (",
        "${p0} \\' \\\" }",
    ],
)
def test_cypher_metacharacters_are_only_data(client: TestClient, hostile: str) -> None:
    body = gql(client, "query($t: String!) { search(text: $t) { score } }", {"t": hostile})
    assert_clean(body, hostile)
    assert "errors" not in body or codes(body) == ["BAD_USER_INPUT"]
    body = gql(client, "query($id: ID!) { entity(id: $id) { id } }", {"id": hostile})
    only_code(body, "NOT_FOUND", hostile)
    where = {"name": {"contains": hostile}, "alias": {"eq": hostile}, "idIn": [hostile]}
    body = gql(client, "query($w: EntityFilter) { entities(where: $w) { totalCount } }",
               {"w": where})  # fmt: skip
    assert body["data"]["entities"]["totalCount"] == 0
    assert_store_intact(client)


def test_invalid_ids_are_bad_input(client: TestClient) -> None:
    for bad in ("", "x" * 600, "line\nbreak"):
        body = gql(client, "query($id: ID!) { entity(id: $id) { id } }", {"id": bad})
        only_code(body, "BAD_USER_INPUT")


def test_unknown_ids_are_not_found(client: TestClient) -> None:
    for query in (
        '{ article(id: "no-such-article") { id } }',
        '{ exposure(entityId: "chip:nope") { exposed } }',
        f'{{ paths(from: "{eid("Nvidia")}", to: "chip:nope") {{ length }} }}',
    ):
        only_code(gql(client, query), "NOT_FOUND")


def test_out_of_range_arguments_are_bad_input(client: TestClient) -> None:
    for query in (
        f'{{ paths(from: "{eid("Nvidia")}", to: "{eid("H20")}", maxLength: 9) {{ length }} }}',
        '{ search(text: "   ") { score } }',
        "{ entities(where: {relationCounts: [{predicate: USES, atLeast: -1}]}) { totalCount } }",
        f'{{ entity(id: "{eid("H20")}") {{ relations(minConfidence: 2) {{ totalCount }} }} }}',
    ):
        only_code(gql(client, query), "BAD_USER_INPUT")


def test_deeply_nested_filters_are_bad_input(client: TestClient) -> None:
    where: dict[str, Any] = {"name": {"eq": "x"}}
    for _ in range(20):
        where = {"NOT": where}
    body = gql(client, "query($w: EntityFilter) { entities(where: $w) { totalCount } }",
               {"w": where})  # fmt: skip
    only_code(body, "BAD_USER_INPUT")


class ExplodingStore:
    """Delegates to a real store but fails the calls named in ``failures``."""

    def __init__(self, store: EmbeddedStore, failures: dict[str, BaseException]) -> None:
        self._store = store
        self._failures = failures

    def __getattr__(self, name: str) -> Any:
        if name in self._failures:

            def fail(*args: Any, **kwargs: Any) -> Any:
                raise self._failures[name]

            return fail
        return getattr(self._store, name)


def test_unexpected_errors_are_masked_as_internal(
    settings: Settings, seeded_store: EmbeddedStore, caplog: pytest.LogCaptureFixture
) -> None:
    secret = RuntimeError("MATCH (n:Entity) RETURN n -- at /work/main/graph/cypher_store.py")
    store = ExplodingStore(seeded_store, {"counts": secret})
    with make_client(settings, store) as client:
        body = gql(client, "{ stats { articles } }")
    only_code(body, "INTERNAL")
    assert any("cypher_store.py" in (r.exc_text or "") + r.getMessage() for r in caplog.records)


def test_store_outage_is_store_unavailable_and_not_ready(
    settings: Settings, seeded_store: EmbeddedStore
) -> None:
    down = StoreUnavailableError("cannot reach redis at /tmp/x.sock: Connection refused")
    store = ExplodingStore(seeded_store, {"counts": down, "ping": down})
    with make_client(settings, store) as client:
        body = gql(client, "{ stats { articles } }")
        only_code(body, "STORE_UNAVAILABLE")
        assert "/tmp" not in body["errors"][0]["message"]
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").json() == {"status": "ok"}


def test_a_killed_embedded_server_is_store_unavailable_for_reads_on_the_event_loop(
    tmp_path: Path,
) -> None:
    """Reads over the asyncio connections map a dead server as the blocking reads do."""
    own = load_settings(data_dir=tmp_path / "data", environment="production")
    store = EmbeddedStore(own, graph_name="outage")
    store.upsert(seed_batch())
    query = '{ entity(id: "%s") { name relations(first: 2) { totalCount } } }'
    try:
        with make_client(own, store) as client:
            assert gql(client, query % eid("Zhipu AI"))["data"]["entity"]["name"] == "Zhipu AI"
            os.kill(store.server.pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while store.server.alive() and time.monotonic() < deadline:
                time.sleep(0.05)
            body = gql(client, query % eid("Zhipu AI"))
            only_code(body, "STORE_UNAVAILABLE")
            assert str(tmp_path) not in body["errors"][0]["message"]
    finally:
        store.close()


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


def test_server_keeps_answering_after_abuse(client: TestClient) -> None:
    gql(client, "{ " + "a: stats { articles } " * 200 + "}")
    gql(client, "{ stats { " + "{" * 3000)
    assert_store_intact(client)


def test_cached_validation_still_applies_limits_per_request(client: TestClient) -> None:
    """The same text is validated and counted once, but page sizes still meet the cost limit."""
    query = """query($f: Int, $g: Int, $h: Int) { entities(first: $f) { edges { node {
        relations(first: $g) { edges { node { evidence(first: $h) { totalCount } } } } } } } }"""
    small = {"f": 2, "g": 2, "h": 2}
    for _ in range(2):
        body = gql(client, query, small)
        assert "errors" not in body and len(body["data"]["entities"]["edges"]) == 2
    big = {"f": 100, "g": 100, "h": 100}
    only_code(gql(client, query, big), "QUERY_TOO_COMPLEX")
    assert "errors" not in gql(client, query, small)
    only_code(gql(client, query, big | {"id": "another"}), "QUERY_TOO_COMPLEX")  # counted once
    for _ in range(2):
        only_code(gql(client, "{ entities { nope } }"), "BAD_USER_INPUT")
