"""The strawberry schema with its safety extensions, built from settings.

Always on: ``QueryDepthLimiter``, ``MaxAliasesLimiter``, ``MaxTokensLimiter``, the cost
limit (``api.cost``) and the error policy (``api.errors``); introspection is disabled
unless ``Settings.introspection_enabled`` (off in production). The printed schema does
not depend on settings (``schema/schema.graphql``, see ``api.sdl``).

Example:
    >>> from frontierkg.settings import load_settings
    >>> "type Query" in str(build_schema(load_settings(environment="production")))
    True
"""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import DocumentNode, GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types import ExecutionContext

from api.cost import KnownCosts, QueryCostLimiter
from api.direct_resolvers import install_direct_resolvers
from api.document_cache import ParseCache, QueryTextCache, ValidationCache, ValidationResults
from api.enum_output import install_enum_output
from api.errors import ErrorPolicy
from api.execution import PlannedExecutor
from api.mutation import Mutation
from api.query import MAX_PATH_LENGTH, MAX_PATHS, Query
from api.types.entity import ENTITY_CLASSES
from frontierkg.settings import Settings
from schema import EntityType, Predicate


class _Schema(strawberry.Schema):
    """Leaves error logging to ``api.errors.ErrorPolicy``, which logs only unexpected ones.

    Strawberry's default logs every error (bad user input included) with a traceback.
    """

    def process_errors(
        self,
        errors: list[GraphQLError],  # noqa: ARG002
        execution_context: ExecutionContext | None = None,  # noqa: ARG002
    ) -> None:
        return None


#: Most items of the lists that have no ``first`` (for the cost estimate).
LIST_SIZES = {
    "Query.paths": MAX_PATHS,
    "Path.relations": MAX_PATH_LENGTH,
    "ExposureItem.path": 2,
    "Stats.byType": len(EntityType),
    "Stats.byPredicate": len(Predicate),
}


def build_schema(settings: Settings, *, direct_resolvers: bool = True) -> strawberry.Schema:
    """The GraphQL schema with the limits ``settings`` ask for.

    ``direct_resolvers=False`` keeps strawberry's resolver wrappers (``api.direct_resolvers``;
    the tests compare the two).
    """
    documents: QueryTextCache[DocumentNode] = QueryTextCache()
    validation_results = ValidationResults()
    known_costs: QueryTextCache[KnownCosts] = QueryTextCache()
    extensions: list[Callable[[], SchemaExtension]] = [
        ErrorPolicy,
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParseCache(documents),  # the token limit above is its parse option
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: QueryCostLimiter(
            max_cost=settings.max_query_cost,
            default_page_size=settings.default_page_size,
            max_page_size=settings.max_page_size,
            list_sizes=LIST_SIZES,
            known_costs=known_costs,
        ),
        lambda: ValidationCache(validation_results),  # after the cost limit: see its module
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    schema = _Schema(
        query=Query,
        mutation=Mutation,
        types=list(ENTITY_CLASSES.values()),
        extensions=extensions,
        execution_context_class=PlannedExecutor,
    )
    install_enum_output(schema)
    if direct_resolvers:
        install_direct_resolvers(schema)
    return schema


def print_sdl() -> str:
    """The schema in SDL, as committed in ``schema/schema.graphql``."""
    from frontierkg.settings import load_settings

    return str(build_schema(load_settings(environment="development"))).rstrip("\n") + "\n"


__all__ = ["build_schema", "print_sdl"]
