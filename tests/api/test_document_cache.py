"""Parsed documents and validation results are reused per query text; refusals are not."""

from __future__ import annotations

import asyncio

from graphql import DocumentNode

from api.document_cache import ParseCache, QueryTextCache
from api.schema import build_schema
from frontierkg.settings import Settings


def _caches(schema: object) -> QueryTextCache[DocumentNode]:
    """The document cache the schema's ``ParseCache`` factory closes over."""
    for factory in schema.extensions:  # type: ignore[attr-defined]
        extension = factory()
        if isinstance(extension, ParseCache):
            return extension.documents
    raise AssertionError("the schema has no ParseCache")


def test_a_query_text_is_parsed_once(settings: Settings) -> None:
    schema = build_schema(settings)
    documents = _caches(schema)
    query = "{ __typename }"
    first = asyncio.run(schema.execute(query))
    cached = documents.get(query)
    second = asyncio.run(schema.execute(query))
    assert first.data == second.data == {"__typename": "Query"}
    assert cached is not None and documents.get(query) is cached


def test_a_refused_text_keeps_its_code_and_is_not_cached(settings: Settings) -> None:
    schema = build_schema(settings)
    documents = _caches(schema)
    query = "{ stats { " + "articles " * (settings.max_tokens + 10) + "} }"
    for _ in range(2):
        result = asyncio.run(schema.execute(query))
        assert result.errors
        assert [e.extensions for e in result.errors] == [{"code": "QUERY_TOO_COMPLEX"}]
    assert documents.get(query) is None
