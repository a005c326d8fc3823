"""The README's query cookbook runs as written (against the seeded graph)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from .api_helpers import gql

README = Path(__file__).resolve().parents[2] / "README.md"


def cookbook_queries() -> list[str]:
    text = README.read_text("utf-8")
    section = text.split("### Query cookbook", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```graphql\n(.*?)```", section, flags=re.S)


def non_empty_lists(value: Any) -> int:
    if isinstance(value, list):
        return (1 if value else 0) + sum(non_empty_lists(v) for v in value)
    if isinstance(value, dict):
        return sum(non_empty_lists(v) for v in value.values())
    return 0


def test_every_cookbook_query_answers_with_data(client: TestClient) -> None:
    queries = cookbook_queries()
    assert len(queries) == 10
    for query in queries:
        body = gql(client, query)
        assert "errors" not in body, (query, body["errors"])
        assert non_empty_lists(body["data"]) >= 1, (query, body["data"])
