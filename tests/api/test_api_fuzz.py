"""Schemathesis (GraphQL mode) fuzzes every query and mutation: never a 5xx, always a code.

Mutations are sent without an API key, so the seeded graph is never written.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from api.app import create_app
from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore

CODES = {
    "BAD_USER_INPUT", "NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN", "QUERY_TOO_COMPLEX",
    "STORE_UNAVAILABLE",
}  # fmt: skip


EXAMPLES_PER_FIELD = 20  # x 14 root fields: 280 generated operations


def test_fuzzed_operations_never_fail_the_server(
    settings: Settings, seeded_store: EmbeddedStore
) -> None:
    app = create_app(settings, store=seeded_store)
    schema = schemathesis.graphql.from_asgi("/graphql", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14
    seen: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_FIELD,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            response = case.call()
            seen.append(response.status_code)
            assert response.status_code < 500, response.text
            for error in response.json().get("errors") or []:
                code = (error.get("extensions") or {}).get("code")
                assert code in CODES, (case.body, error)
                assert "Traceback" not in error["message"]

        check()
    assert len(seen) >= 200
