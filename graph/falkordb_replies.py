"""Rows of a FalkorDB ``--compact`` reply, decoded for the values our reads return.

Every read returns plain values, lists and maps, never nodes, edges or paths
(``graph.projections``), so a row needs none of the ``falkordb`` client's schema lookups.
Its general parser costs about 1 ms of CPU per relation page with evidence (a Python call
per value); this decoder does the same work in about a tenth of that, which matters on
the API's hot path. A type our reads never return is refused with an error naming the
statement rather than guessed at.

Compact format: ``[header, rows, statistics]`` (``[statistics]`` when nothing is
returned); a header entry is ``[column type, name]``; a cell is ``[value type, value]``,
maps alternate keys and cells, arrays hold cells. A run-time error arrives as the
reply's first or last element.

Example:
    >>> decode_value([10, ["n", [3, 2], "tags", [6, [[2, "a"], [1, None]]]]])
    {'n': 2, 'tags': ['a', None]}
"""

from __future__ import annotations

from typing import Any

from redis.exceptions import ResponseError

from frontierkg.errors import GraphStoreError

_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10
_TYPE_NAMES = {7: "edge", 8: "node", 9: "path", 11: "point", 12: "vector", 13: "datetime"}


class UnsupportedValueError(GraphStoreError):
    """A reply holds a value of a type reads must not return (see ``graph.projections``)."""


def decode_value(cell: list[Any]) -> Any:
    """The Python value of one compact cell."""
    kind, value = cell
    if kind == _STRING or kind == _INTEGER:
        return value
    if kind == _MAP:
        items = iter(value)
        return {key: decode_value(item) for key, item in zip(items, items, strict=True)}
    if kind == _ARRAY:
        return [decode_value(item) for item in value]
    if kind == _NULL:
        return None
    if kind == _DOUBLE:
        return float(value)
    if kind == _BOOLEAN:
        return value == "true" or value == b"true"
    raise UnsupportedValueError(f"a {_TYPE_NAMES.get(kind, f'type-{kind}')} value")


def decode_rows(reply: list[Any], statement_name: str) -> list[dict[str, Any]]:
    """Rows of ``reply`` as column -> value maps; FalkorDB's errors are raised."""
    for part in (reply[0], reply[-1]):
        if isinstance(part, ResponseError):
            raise part
    if len(reply) < 3:
        return []
    header, rows = reply[0], reply[1]
    columns = [name for _, name in header]
    try:
        return [dict(zip(columns, map(decode_value, row), strict=True)) for row in rows]
    except UnsupportedValueError as error:
        raise UnsupportedValueError(
            f"query {statement_name} returned {error}; reads must return plain values and "
            "maps (graph.projections)"
        ) from None


__all__ = ["UnsupportedValueError", "decode_rows", "decode_value"]
