"""The ``Query`` root: every read the API offers.

Ids and search text reach the store only as parameters (``graph.filters`` and the
store's own statements); page sizes are checked against ``FRONTIERKG_MAX_PAGE_SIZE``.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import strawberry

from api.context import Info, check_id
from api.errors import bad_input, not_found
from api.exposure import find_exposure
from api.types.article import Article, article_from_record
from api.types.connection import Connection, connection_from_page
from api.types.entity import Entity, entity_from_record
from api.types.exposure import Exposure, exposure_item
from api.types.fields import field
from api.types.filters import EntityFilter, EntityOrder, RelationFilter, RelationOrder
from api.types.path import Path, path_from_record
from api.types.relation import Relation, relation_from_record
from api.types.search import SearchHit
from api.types.stats import Stats, stats_from_counts
from graph.models import (
    ArticleQuery,
    EntityQuery,
    RelationQuery,
    RelationSort,
    RelationSortField,
)
from graph.models import (
    RelationFilter as RelationFilterModel,
)
from schema import EntityType, Predicate

MAX_SEARCH_CHARS = 200
MAX_PATH_LENGTH = 4
DEFAULT_PATH_LENGTH = 3
MAX_PATHS = 10


async def _entity_or_404(info: Info, entity_id: str, what: str = "id") -> Entity:
    return entity_from_record(await info.context.entity_record(entity_id, what))


@strawberry.type
class Query:
    @field(description="Counts over the whole graph.")
    async def stats(self, info: Info) -> Stats:
        return stats_from_counts(await info.context.reader.call(info.context.store.counts))

    @field(description="Full-text and prefix search over names and aliases.")
    async def search(
        self,
        info: Info,
        text: str,
        types: list[EntityType] | None = None,
        first: int | None = None,
    ) -> list[SearchHit]:
        stripped = text.strip()
        if not stripped or len(stripped) > MAX_SEARCH_CHARS:
            raise bad_input(
                f"search text must be 1 to {MAX_SEARCH_CHARS} characters, got {len(stripped)}"
            )
        limit = info.context.page_size(first)
        hits = await info.context.reader.call(
            info.context.store.search, stripped, types or None, limit
        )
        return [SearchHit(score=h.score, entity=entity_from_record(h.entity)) for h in hits]

    @field(description="One entity by id (NOT_FOUND when unknown).")
    async def entity(self, info: Info, id: strawberry.ID) -> Entity | None:
        return await _entity_or_404(info, str(id))

    @field(description="Entities, filtered and sorted (incl. by relation counts).")
    async def entities(
        self,
        info: Info,
        type: EntityType | None = None,
        where: EntityFilter | None = None,
        order_by: list[EntityOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Entity]:
        query = EntityQuery(
            type=type,
            where=where.to_model() if where is not None else None,
            order_by=tuple(o.to_model() for o in order_by or ()),
            first=info.context.page_size(first),
            after=after,
        )
        page = await info.context.reader.call(info.context.store.list_entities, query)
        return connection_from_page(page, after, entity_from_record)

    @field(description="Relations, filtered and sorted.")
    async def relations(
        self,
        info: Info,
        where: RelationFilter | None = None,
        order_by: list[RelationOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Relation]:
        query = RelationQuery(
            where=where.to_model() if where is not None else None,
            order_by=tuple(o.to_model() for o in order_by or ()),
            first=info.context.page_size(first),
            after=after,
        )
        return await _relation_connection(info, query)

    @field(description="Shortest paths (undirected) between two entities.")
    async def paths(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_length: int = DEFAULT_PATH_LENGTH,
        predicates: list[Predicate] | None = None,
    ) -> list[Path]:
        if not 1 <= max_length <= MAX_PATH_LENGTH:
            raise bad_input(f"maxLength={max_length} is out of range: use 1 to {MAX_PATH_LENGTH}")
        start, end = await asyncio.gather(
            _entity_or_404(info, str(from_), "from"), _entity_or_404(info, str(to), "to")
        )
        if start.id == end.id:
            return []
        records = await info.context.reader.call(
            info.context.store.shortest_paths,
            str(start.id),
            str(end.id),
            max_length,
            predicates or None,
            MAX_PATHS,
        )
        return [path_from_record(r) for r in records]

    @field(description="Relations in the order they were first reported (oldest first).")
    async def timeline(
        self,
        info: Info,
        entity_id: strawberry.ID | None = None,
        predicate: Predicate | None = None,
        since: date | None = None,
        until: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Relation]:
        if entity_id is not None:
            await _entity_or_404(info, str(entity_id), "entityId")
        where = RelationFilterModel(
            either_id_in=(str(entity_id),) if entity_id is not None else None,
            predicate_in=(predicate,) if predicate is not None else None,
            first_seen_gte=since,
            first_seen_lte=until,
        )
        query = RelationQuery(
            where=where,
            order_by=(RelationSort(field=RelationSortField.FIRST_SEEN),),
            first=info.context.page_size(first),
            after=after,
        )
        return await _relation_connection(info, query)

    @field(description="One article by id (NOT_FOUND when unknown).")
    async def article(self, info: Info, id: strawberry.ID) -> Article | None:
        record = await info.context.loaders.article.load(check_id(str(id)))
        if record is None:
            raise not_found(f"no article with id {str(id)[:64]!r}: list ids with `articles`")
        return article_from_record(record)

    @field(description="Articles, newest first.")
    async def articles(
        self,
        info: Info,
        source: str | None = None,
        since: date | None = None,
        until: date | None = None,
        mentions_entity_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Article]:
        query = ArticleQuery(
            source=source,
            since=since,
            until=until,
            mentions_entity_id=(
                check_id(str(mentions_entity_id)) if mentions_entity_id is not None else None
            ),
            first=info.context.page_size(first),
            after=after,
        )
        page = await info.context.reader.call(info.context.store.list_articles, query)
        return connection_from_page(page, after, article_from_record)

    @field(
        description=(
            "Chokepoint analysis: restrictions on the entity and on what it depends on "
            "(chips or models it uses, its country, its parent, its suppliers), with paths."
        )
    )
    async def exposure(self, info: Info, entity_id: strawberry.ID) -> Exposure:
        entity = await _entity_or_404(info, str(entity_id), "entityId")
        findings = await info.context.reader.call(find_exposure, info.context.store, str(entity.id))
        return Exposure(entity=entity, items=[exposure_item(f) for f in findings])


async def _relation_connection(info: Info, query: RelationQuery) -> Connection[Relation]:
    page = await info.context.reader.call(info.context.store.list_relations, query)
    return connection_from_page(page, query.after, relation_from_record)


__all__ = ["Query"]
