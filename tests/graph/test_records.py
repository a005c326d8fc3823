"""Records read from a store are the records pydantic's validation would build.

``graph.records`` builds them without validation (the store holds validated data); each
read here is compared with a fully validated copy of itself: equal, same hash, repr,
fields set and value types, and frozen.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from graph.cypher_store import CypherStore
from graph.models import EntityRecord, NeighbourQuery

from .graph_store_samples import H20, US, ZHIPU, sample_batch


def _same_types(ours: Any, theirs: Any) -> None:
    assert type(ours) is type(theirs), (ours, theirs)
    if isinstance(ours, BaseModel):
        assert list(ours.__dict__) == list(theirs.__dict__)
        for name in ours.__dict__:
            _same_types(ours.__dict__[name], theirs.__dict__[name])
    elif isinstance(ours, tuple):
        assert len(ours) == len(theirs)
        for mine, other in zip(ours, theirs, strict=True):
            _same_types(mine, other)


def assert_as_validated(record: BaseModel) -> None:
    again = type(record).model_validate(record.model_dump())
    assert record == again and again == record
    assert hash(record) == hash(again)
    assert repr(record) == repr(again)
    assert record.model_fields_set == again.model_fields_set
    _same_types(record, again)


def test_records_read_are_as_validated(store: CypherStore) -> None:
    store.upsert(sample_batch())
    records: list[BaseModel] = []
    for batch in store.iter_entities(batch_size=4):
        records += batch
    for relations in store.iter_relations(batch_size=4):
        records += relations
    for evidence in store.iter_evidence(batch_size=4):
        records += [record for _, record in evidence]
    for articles in store.iter_articles(batch_size=4):
        records += articles
    for page in store.relation_details([ZHIPU.id, US.id], NeighbourQuery(), evidence_first=2):
        records += page.items
        for detail in page.items:
            records += [detail.relation, detail.subject, detail.object, *detail.evidence]
    for _, views in store.evidence(
        [e.edge for e in store.neighbours([H20.id], NeighbourQuery())[0].items]
    ):
        records += views
    records += [r for r in store.get_entities([H20.id, ZHIPU.id]) if r is not None]
    records += [r for r in store.get_articles(["a1", "a2"]) if r is not None]
    kinds = {type(r).__name__ for r in records}
    assert kinds == {
        "ArticleRecord",
        "EntityRecord",
        "EvidenceRecord",
        "EvidenceView",
        "RelationDetail",
        "RelationRecord",
    }
    for record in records:
        assert_as_validated(record)


def test_records_read_stay_frozen(store: CypherStore) -> None:
    store.upsert(sample_batch())
    [record] = store.get_entities([ZHIPU.id])
    assert isinstance(record, EntityRecord)
    with pytest.raises(ValidationError):
        record.name = "changed"  # type: ignore[misc]
    assert {record: 1}[store.get_entities([ZHIPU.id])[0]] == 1  # type: ignore[index]
