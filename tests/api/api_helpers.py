"""Helpers of the API tests: app client, GraphQL POST, error codes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from api.ingestor import IngestorFactory, default_ingestor
from frontierkg.settings import Settings

API_KEY = "test-key-1234"


def make_client(
    settings: Settings, store: Any, ingestor_factory: IngestorFactory = default_ingestor
) -> TestClient:
    return TestClient(create_app(settings, store=store, ingestor_factory=ingestor_factory))


def gql(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST a GraphQL request and return the JSON body (any HTTP status)."""
    response = client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {}
    )
    assert response.status_code < 500, response.text
    body: dict[str, Any] = response.json()
    return body


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
