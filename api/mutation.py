"""The ``Mutation`` root: writes, each allowed only with an API key.

Keys come from ``FRONTIERKG_API_KEYS``; with none configured every mutation is refused
(``FORBIDDEN``), a missing or wrong key is ``UNAUTHENTICATED``.
"""

from __future__ import annotations

import asyncio
from datetime import date
from functools import partial

import strawberry

from api.context import Info, check_id
from api.errors import bad_input, not_found
from api.loaders import run_store
from api.types.article import Article, article_from_record
from api.types.entity import Entity, entity_from_record
from api.types.fields import mutation
from ingest.readers import read_article_dict
from ingest.service import IngestStatus

MAX_ALIAS_CHARS = 200
ORIGIN = "GraphQL ingestArticle"


@strawberry.input(description="An article to ingest; only `text` is required.")
class ArticleInput:
    text: str
    id: str | None = strawberry.field(
        default=None, description="Stable id; derived from the URL or text when omitted."
    )
    url: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None


IngestStatusEnum = strawberry.enum(IngestStatus, name="IngestStatus")


@strawberry.type(description="What `ingestArticle` did and found.")
class IngestArticlePayload:
    status: IngestStatus = strawberry.field(
        description="INGESTED, or UNCHANGED when the same content was already stored."
    )
    entity_count: int
    relation_count: int
    evidence_count: int
    article: Article = strawberry.field(
        description="The stored article; its `entities` and `relations` are what was found."
    )


@strawberry.type
class Mutation:
    @mutation(
        description=(
            "Run the ingest pipeline on one article (re-ingesting replaces its previous "
            "extraction); returns the article with the entities and relations found."
        )
    )
    async def ingest_article(self, info: Info, input: ArticleInput) -> IngestArticlePayload:
        context = info.context
        context.require_api_key()
        data = {
            "id": input.id,
            "url": input.url,
            "title": input.title,
            "published": input.published.isoformat() if input.published else None,
            "source": input.source,
            "text": input.text,
        }
        article = read_article_dict(
            {k: v for k, v in data.items() if v is not None}, ORIGIN, settings=context.settings
        )
        result = await run_store(partial(context.ingestor.ingest, article))
        if result.status is IngestStatus.FAILED:
            raise bad_input(f"article {article.id!r} could not be ingested: {result.reason}")
        records = await context.reader.call(context.store.get_articles, [article.id])
        if records[0] is None:
            raise bad_input(f"article {article.id!r} was read but nothing was stored from it")
        return IngestArticlePayload(
            status=result.status,
            entity_count=result.entities,
            relation_count=result.relations,
            evidence_count=result.evidence,
            article=article_from_record(records[0]),
        )

    @mutation(
        description="Merge `mergeId` into `keepId` (same type): edges, evidence, aliases move."
    )
    async def merge_entities(
        self, info: Info, keep_id: strawberry.ID, merge_id: strawberry.ID
    ) -> Entity:
        info.context.require_api_key()
        keep, merge = check_id(str(keep_id), "keepId"), check_id(str(merge_id), "mergeId")
        if keep == merge:
            raise bad_input("keepId and mergeId are the same entity: pass two different ids")
        kept, merged = await asyncio.gather(
            info.context.entity_record(keep, "keepId"),
            info.context.entity_record(merge, "mergeId"),
        )
        if kept.type != merged.type:
            raise bad_input(
                f"cannot merge a {merged.type.value} into a {kept.type.value}: "
                "only entities of the same type can be merged"
            )
        record = await run_store(partial(info.context.store.merge_entities, keep, merge))
        return entity_from_record(record)

    @mutation(description="Add an alias (another surface form) to an entity.")
    async def add_alias(self, info: Info, entity_id: strawberry.ID, alias: str) -> Entity:
        info.context.require_api_key()
        entity = await info.context.entity_record(str(entity_id), "entityId")
        cleaned = " ".join(alias.split())
        if not cleaned or len(cleaned) > MAX_ALIAS_CHARS:
            raise bad_input(f"alias must be 1 to {MAX_ALIAS_CHARS} characters of text")
        record = await run_store(partial(info.context.store.add_alias, entity.id, cleaned))
        return entity_from_record(record)

    @mutation(description="Delete an article with its evidence and mentions; returns true.")
    async def delete_article(self, info: Info, id: strawberry.ID) -> bool:
        info.context.require_api_key()
        article_id = check_id(str(id))
        if not await run_store(partial(info.context.store.delete_article, article_id)):
            raise not_found(f"no article with id {article_id[:64]!r}: list ids with `articles`")
        return True


__all__ = ["ArticleInput", "IngestArticlePayload", "Mutation"]
