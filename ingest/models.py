"""Typed stage contract of the ingest pipeline.

readers -> ``ArticleInput`` -> spaCy pipeline -> ``Extraction`` -> resolution -> ``GraphBatch``.
Every stage takes and returns these validated models, so stages test in isolation.

Inside the spaCy pipeline the contract is on the ``Doc``:
- ``doc.ents`` carry ontology labels (``EntityType`` values) after the entity stages;
- ``span._.canonical`` (str) is the canonical name of an entity span within the article;
- ``doc._.relations`` (list of ``RelationMention``) is set by the relation extractor.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from schema import EntityType, Predicate


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ArticleInput(_Model):
    """One article as read from a file, feed or API call."""

    id: str
    url: str | None = None
    title: str = ""
    published: date | None = None
    source: str | None = None
    text: str
    origin: str = Field(default="", description="file path or URL it was read from")


class RelationMention(_Model):
    """One relation found in one sentence; ends are canonical names of that article."""

    subject: str
    subject_type: EntityType
    predicate: Predicate
    object: str
    object_type: EntityType
    confidence: float = Field(ge=0.0, le=1.0)
    sentence_start: int = Field(ge=0, description="char offset of the sentence in the text")
    sentence_end: int = Field(ge=0)


class ExtractedEntity(_Model):
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    mention_count: int = Field(default=1, ge=1)


class ExtractedRelation(_Model):
    subject: str
    predicate: Predicate
    object: str
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Extraction(_Model):
    """What the pipeline found in one article (the ``frontierkg extract`` line, plus offsets)."""

    article: ArticleInput
    entities: tuple[ExtractedEntity, ...]
    relations: tuple[ExtractedRelation, ...]
    extractor_version: str


__all__ = [
    "ArticleInput",
    "ExtractedEntity",
    "ExtractedRelation",
    "Extraction",
    "RelationMention",
]
