"""Typed wrappers of ``strawberry.field``/``strawberry.mutation`` used as decorators.

With arguments (``description=``), strawberry's decorators are typed as returning
``Any``, which ``mypy --strict`` reports as untyped decorators; these keep the
resolver's own signature visible to mypy and change nothing at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

F = TypeVar("F", bound=Callable[..., Any])


def field(
    description: str | None = None, *, name: str | None = None, graphql_type: Any = None
) -> Callable[[F], F]:
    """``@strawberry.field(description=..., name=..., graphql_type=...)`` with a typed signature.

    ``graphql_type`` gives the GraphQL type of a resolver whose Python return type differs,
    e.g. one returning either a value or an awaitable of it.
    """
    return cast(
        Callable[[F], F],
        strawberry.field(description=description, name=name, graphql_type=graphql_type),
    )


def mutation(description: str | None = None) -> Callable[[F], F]:
    """``@strawberry.mutation(description=...)`` with a typed signature."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))


__all__ = ["field", "mutation"]
