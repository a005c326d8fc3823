"""``Article``: an ingested news article with what was extracted from it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Info
from api.types.fields import field
from graph.models import ArticleRecord

if TYPE_CHECKING:
    from api.types.entity import Entity
    from api.types.relation import Relation

EntityRef = Annotated["Entity", strawberry.lazy("api.types.entity")]
RelationRef = Annotated["Relation", strawberry.lazy("api.types.relation")]


@strawberry.type(description="An ingested article (its text is not stored; evidence is).")
class Article:
    id: strawberry.ID
    url: str | None
    title: str
    published: date | None
    source: str | None
    ingested_at: datetime

    @field(description="Entities the article mentions.")
    async def entities(self, info: Info) -> list[EntityRef]:
        from api.types.entity import entity_from_record

        loaders = info.context.loaders
        ids = await loaders.article_entities.load(str(self.id))
        records = await loaders.entity.load_many(ids)
        return [entity_from_record(r) for r in records if r is not None]

    @field(description="Relations the article has evidence for.")
    async def relations(self, info: Info) -> list[RelationRef]:
        from api.types.relation import relation_from_record

        records = await info.context.loaders.article_relations.load(str(self.id))
        return [relation_from_record(r) for r in records]


def article_from_record(record: ArticleRecord) -> Article:
    return Article(
        id=strawberry.ID(record.id),
        url=record.url,
        title=record.title,
        published=record.published,
        source=record.source,
        ingested_at=record.ingested_at,
    )


__all__ = ["Article", "article_from_record"]
