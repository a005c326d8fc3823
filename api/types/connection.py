"""Relay-style connections: ``totalCount``, ``pageInfo`` and ``edges { cursor node }``.

Cursors are the store's opaque offset cursors (``graph.cursors``); each edge's cursor
points just after it, so passing it as ``after`` continues from the next item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from graph.cursors import decode_offset, encode_offset
from graph.models import Page

NodeT = TypeVar("NodeT")
ItemT = TypeVar("ItemT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    total_count: int
    page_info: PageInfo
    edges: list[Edge[NodeT]]


def build_connection(
    items: Sequence[ItemT],
    *,
    offset: int,
    total_count: int,
    has_next_page: bool,
    convert: Callable[[ItemT], NodeT],
) -> Connection[NodeT]:
    """A connection over one page that starts ``offset`` items into the list."""
    edges = [
        Edge(cursor=encode_offset(offset + i + 1), node=convert(item))
        for i, item in enumerate(items)
    ]
    return Connection(
        total_count=total_count,
        page_info=PageInfo(
            has_next_page=has_next_page,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        edges=edges,
    )


def connection_from_page(
    page: Page[ItemT], after: str | None, convert: Callable[[ItemT], NodeT]
) -> Connection[NodeT]:
    """The connection of a store ``Page`` read with cursor ``after``."""
    return build_connection(
        page.items,
        offset=decode_offset(after),
        total_count=page.total_count,
        has_next_page=page.has_next_page,
        convert=convert,
    )


__all__ = ["Connection", "Edge", "PageInfo", "build_connection", "connection_from_page"]
