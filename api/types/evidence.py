"""``Evidence``: one sentence of one article that states a relation."""

from __future__ import annotations

import strawberry

from api.types.article import Article, article_from_record
from graph.models import EvidenceView


@strawberry.type(description="A sentence supporting a relation, with its article.")
class Evidence:
    sentence: str
    start: int = strawberry.field(description="Character offset of the sentence in the text.")
    end: int
    confidence: float
    extractor_version: str
    article: Article


def evidence_from_view(view: EvidenceView) -> Evidence:
    item = view.evidence
    return Evidence(
        sentence=item.sentence,
        start=item.start,
        end=item.end,
        confidence=item.confidence,
        extractor_version=item.extractor_version,
        article=article_from_record(view.article),
    )


__all__ = ["Evidence", "evidence_from_view"]
