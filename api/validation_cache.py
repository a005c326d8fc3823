"""Cache GraphQL validation results per query text.

Validating a document (all of GraphQL's rules plus the depth, alias and introspection
rules) is the largest fixed cost of a request in graphql-core, and clients send the
same few query texts with different variables. The rules are fixed for a schema and
do not depend on variables, so a result is reused for the same text. (strawberry's
``ValidationCache`` keys on the rule classes, which its limiters create per request,
so it never hits here.) Checks that depend on variables, like the cost limit, run
before this and are not cached.

Example:
    >>> cache = ValidationResults(maxsize=2)
    >>> ValidationCache(cache).results is cache
    True
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension


class ValidationResults:
    """A bounded, least-recently-used map from query text to its validation errors."""

    def __init__(self, maxsize: int = 512) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, tuple[GraphQLError, ...]] = OrderedDict()

    def get(self, query: str) -> tuple[GraphQLError, ...] | None:
        errors = self._items.get(query)
        if errors is not None:
            self._items.move_to_end(query)
        return errors

    def put(self, query: str, errors: tuple[GraphQLError, ...]) -> None:
        self._items[query] = errors
        self._items.move_to_end(query)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)


class ValidationCache(SchemaExtension):
    """Reuse the validation result of a query text seen before (per schema)."""

    def __init__(self, results: ValidationResults) -> None:
        self.results = results

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is None or context.pre_execution_errors is not None:
            yield  # no text to key on, or an earlier check already refused the operation
            return
        cached = self.results.get(query)
        if cached is not None:
            context.pre_execution_errors = list(cached)  # [] marks it valid: validation skips
            yield
            return
        yield
        if context.pre_execution_errors is not None:
            self.results.put(query, tuple(context.pre_execution_errors))


__all__ = ["ValidationCache", "ValidationResults"]
