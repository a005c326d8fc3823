"""What a relation connection's nodes select, so one store read can bring it all.

``Entity.relations`` asks for ``relation_details`` (edges with both ends and their
evidence in one round trip) instead of ``neighbours`` when its nodes select
``subject``/``object`` or ``evidence``; the DataLoaders prime what it brings (see
``api.loaders``). Any selection this cannot read ahead (e.g. two ``evidence`` fields with
different ``first``) still resolves through the DataLoaders, at most one batch more.

The walk of the selection is made once per field of a parsed document: the shape it
finds (whether the ends are selected, the ``first`` argument of each ``evidence``)
depends only on the document, whose parse is cached (``api.document_cache``); only the
values of ``first`` (a variable's may change per request) and the page-size check are
taken per request. Walking it per request through strawberry's ``selected_fields`` was
~2% of an entity page's CPU.

Example:
    >>> RelationNeeds(ends=False, evidence_first=None).any
    False
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
    ValueNode,
)
from strawberry.types.nodes import convert_value

from api.context import Info
from api.document_cache import NodeCache
from api.errors import ApiError


class RelationNeeds(NamedTuple):
    """``ends``: a node selects ``subject`` or ``object``; ``evidence_first``: the
    page size of its ``evidence`` (None when not selected or not valid)."""

    ends: bool
    evidence_first: int | None

    @property
    def any(self) -> bool:
        return self.ends or self.evidence_first is not None


class _Shape(NamedTuple):
    """What a connection selection selects, as far as the document alone tells."""

    ends: bool
    #: The ``first`` argument of each ``evidence`` field selected (None: not given).
    firsts: tuple[ValueNode | None, ...]


def relation_needs(info: Info) -> RelationNeeds:
    """What the nodes of the relation connection being resolved select."""
    raw = info._raw_info
    shape = _shape(raw.field_nodes, raw.fragments)
    firsts = {
        _int_or_none(None if node is None else convert_value(raw, node)) for node in shape.firsts
    }
    evidence_first: int | None = None
    if len(firsts) == 1:
        try:
            evidence_first = info.context.page_size(firsts.pop())
        except ApiError:  # out of range: the evidence resolver reports it
            evidence_first = None
    return RelationNeeds(shape.ends, evidence_first)


#: Shapes by a field's nodes. The nodes live as long as their parsed document is cached
#: (``api.document_cache``); an entry goes with the first of its nodes that goes.
_SHAPES: NodeCache[_Shape] = NodeCache()


def _shape(
    field_nodes: Sequence[FieldNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> _Shape:
    """The shape of the selection of ``field_nodes``, walked once per document.

    The nodes identify the document, so also its fragments (looked up by name in it).
    """
    shape = _SHAPES.get(field_nodes)
    if shape is None:
        shape = _walk(field_nodes, fragments)
        _SHAPES.put(field_nodes, shape)
    return shape


def _walk(
    field_nodes: Iterable[FieldNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> _Shape:
    """connection { edges { node { subject | object | evidence(first:) } } }, any fragments."""
    ends = False
    firsts: list[ValueNode | None] = []
    for edges in _fields(_children(field_nodes), fragments):
        if edges.name.value != "edges":
            continue
        for node in _fields(_children([edges]), fragments):
            if node.name.value != "node":
                continue
            for leaf in _fields(_children([node]), fragments):
                name = leaf.name.value
                if name in ("subject", "object"):
                    ends = True
                elif name == "evidence":
                    arguments = {a.name.value: a.value for a in leaf.arguments or ()}
                    firsts.append(arguments.get("first"))
    return _Shape(ends, tuple(firsts))


def _children(fields: Iterable[FieldNode]) -> Iterator[SelectionNode]:
    for field in fields:
        if field.selection_set is not None:
            yield from field.selection_set.selections


def _fields(
    selections: Iterable[SelectionNode], fragments: Mapping[str, FragmentDefinitionNode]
) -> Iterator[FieldNode]:
    """Fields of a selection set, fragments flattened."""
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set.selections, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            yield from _fields(fragment.selection_set.selections, fragments)


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
