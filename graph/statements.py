"""Named Cypher statements: the unit the adapters send and the linter checks.

Every statement an adapter can send is a ``Statement`` with a stable name, its
Cypher text and example parameters (the linter needs each ``$param`` declared).
``graph.queries`` builds them; ``all_statements(dialect)`` enumerates every one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Dialect = Literal["neo4j", "falkordb"]


@dataclass(frozen=True)
class Statement:
    """A Cypher statement with a stable name and example parameter values.

    ``guarded``: a write segment whose every ``$rows`` row must be written (each
    matches the nodes it refers to); the write fails whole otherwise
    (``graph.queries.compose``, ``graph.queries.standalone``).
    """

    name: str
    cypher: str
    parameters: dict[str, Any] = field(default_factory=dict)
    guarded: bool = False

    def bound(self, **parameters: Any) -> Statement:
        """The same statement with the values it is sent with (instead of the examples)."""
        return Statement(self.name, self.cypher, parameters, self.guarded)

    def as_json(self) -> dict[str, Any]:
        """The shape ``frontierkg cypher`` prints: name, cypher and parameter names."""
        return {"name": self.name, "cypher": self.cypher, "parameters": sorted(self.parameters)}


__all__ = ["Dialect", "Statement"]
