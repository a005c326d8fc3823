"""``api.selection``: what a relation page reads ahead follows each request's selection.

The shape of a selection is cached per field of a parsed (and cached) document; these
tests fail if a cached shape answers for another selection or another variable value.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import FieldNode, OperationDefinitionNode, parse

from api import selection
from frontierkg.settings import Settings
from graph.falkordb_store import EmbeddedStore

from .api_helpers import gql, make_client
from .api_seed import eid


class RecordingStore:
    """Proxy recording the name and ``evidence_first`` of each relation read."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self.reads: list[tuple[str, int | None]] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if name == "neighbours":

            def neighbours(*args: Any) -> Any:
                self.reads.append((name, None))
                return attribute(*args)

            return neighbours
        if name == "relation_details":

            def details(ids: Any, query: Any, evidence_first: int | None = None) -> Any:
                self.reads.append((name, evidence_first))
                return attribute(ids, query, evidence_first)

            return details
        return attribute


@pytest.fixture
def recording(seeded_store: EmbeddedStore) -> RecordingStore:
    return RecordingStore(seeded_store)


ENTITY = 'query%s { entity(id: "%s") { relations(first: 5) { edges { node { %s } } } } }'
H20 = eid("H20")


def _read(client: Any, store: RecordingStore, query: str, ev: int | None = None) -> Any:
    store.reads.clear()
    body = gql(client, query, {"ev": ev} if "$ev" in query else None)
    assert "errors" not in body, body
    [read] = store.reads
    return read


def test_documents_differing_only_in_the_selection_read_what_each_selects(
    settings: Settings, recording: RecordingStore
) -> None:
    with make_client(settings, recording) as client:
        # each twice: the second answer comes from the cached shape
        for _ in range(2):
            assert _read(client, recording, ENTITY % ("", H20, "predicate")) == ("neighbours", None)
            ends = ENTITY % ("", H20, "predicate subject { name }")
            assert _read(client, recording, ends) == ("relation_details", None)
            evidence = ENTITY % ("", H20, "evidence(first: 2) { totalCount }")
            assert _read(client, recording, evidence) == ("relation_details", 2)
            fragment = (
                ENTITY % ("", H20, "...E") + " fragment E on Relation { evidence { totalCount } }"
            )
            assert _read(client, recording, fragment) == (
                "relation_details",
                settings.default_page_size,
            )


def test_a_variable_page_size_is_read_per_request(
    settings: Settings, recording: RecordingStore
) -> None:
    query = ENTITY % ("($ev: Int)", H20, "evidence(first: $ev) { edges { node { sentence } } }")
    with make_client(settings, recording) as client:
        assert _read(client, recording, query, 1) == ("relation_details", 1)
        assert _read(client, recording, query, 3) == ("relation_details", 3)
        assert _read(client, recording, query, None) == (
            "relation_details",
            settings.default_page_size,
        )
        # out of range: nothing read ahead (the evidence resolver reports the error)
        recording.reads.clear()
        body = gql(client, query, {"ev": settings.max_page_size + 1})
        assert body["errors"]
        assert recording.reads[0] == ("neighbours", None)


def _relations_fields(document: Any) -> Iterator[FieldNode]:
    [operation] = document.definitions
    assert isinstance(operation, OperationDefinitionNode)
    [entity] = operation.selection_set.selections
    yield from entity.selection_set.selections


def test_a_cached_shape_goes_with_its_document() -> None:
    document = parse("{ entity { relations { edges { node { subject { id } } } } } }")
    nodes = list(_relations_fields(document))
    shape = selection._shape(nodes, {})
    assert shape.ends and shape.firsts == ()
    assert selection._shape(nodes, {}) is shape
    key = tuple(map(id, nodes))
    assert key in selection._SHAPES
    del document, nodes, shape
    gc.collect()
    assert key not in selection._SHAPES
