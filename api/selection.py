"""What a relation connection's nodes select, so one store read can bring it all.

``Entity.relations`` asks for ``relation_details`` (edges with both ends and their
evidence in one round trip) instead of ``neighbours`` when its nodes select
``subject``/``object`` or ``evidence``; the DataLoaders prime what it brings (see
``api.loaders``). Any selection this cannot read ahead (e.g. two ``evidence`` fields with
different ``first``) still resolves through the DataLoaders, at most one batch more.

Example:
    >>> RelationNeeds(ends=False, evidence_first=None).any
    False
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from api.context import Info
from api.errors import ApiError


class RelationNeeds(NamedTuple):
    """``ends``: a node selects ``subject`` or ``object``; ``evidence_first``: the
    page size of its ``evidence`` (None when not selected or not valid)."""

    ends: bool
    evidence_first: int | None

    @property
    def any(self) -> bool:
        return self.ends or self.evidence_first is not None


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """Fields of a selection set, fragments flattened."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def relation_needs(info: Info) -> RelationNeeds:
    """What the nodes of the relation connection being resolved select."""
    ends = False
    firsts: list[object] = []
    for connection in info.selected_fields:
        for edges in _fields(connection.selections):
            if edges.name != "edges":
                continue
            for node in _fields(edges.selections):
                if node.name != "node":
                    continue
                for leaf in _fields(node.selections):
                    if leaf.name in ("subject", "object"):
                        ends = True
                    elif leaf.name == "evidence":
                        firsts.append(leaf.arguments.get("first"))
    evidence_first: int | None = None
    values = {_int_or_none(first) for first in firsts}
    if len(values) == 1:
        try:
            evidence_first = info.context.page_size(values.pop())
        except ApiError:  # out of range: the evidence resolver reports it
            evidence_first = None
    return RelationNeeds(ends, evidence_first)


def _int_or_none(value: object) -> int | None:
    """An argument's value: literals come as their text, variables as Python values."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


__all__ = ["RelationNeeds", "relation_needs"]
