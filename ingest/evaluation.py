"""Score extractions against gold annotations, exactly as ``GUIDELINES.md`` "Scoring" says.

- An extracted entity matches a gold entity when the types are equal and the extracted
  name or any alias equals, after case-folding and removing punctuation and spaces, the
  gold name or one of the gold aliases.
- An extracted relation matches a gold relation when the predicates are equal and both
  ends match the gold ends as above (either direction for symmetric predicates).
- Counts are per article (each gold item matched at most once, by maximum bipartite
  matching), then micro-averaged over the set; relations are also scored per predicate.

Example:
    >>> gold = ArticleRecord(id="a", entities=[EntityRecord(name="Zhipu AI", type="Organization",
    ...     aliases=["Zhipu"])], relations=[])
    >>> pred = ArticleRecord(id="a", entities=[EntityRecord(name="Zhipu", type="Organization")],
    ...     relations=[])
    >>> score_article(gold, pred).entities.f1
    1.0
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frontierkg.errors import IngestInputError
from ingest.entities.names import match_key
from ingest.models import ArticleInput
from schema import Predicate, ontology


class EntityRecord(BaseModel):
    """An entity as written in gold files and ``frontierkg extract`` lines."""

    model_config = ConfigDict(extra="ignore")
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for k in (match_key(n) for n in (self.name, *self.aliases)) if k)

    def label(self) -> str:
        return f"{self.name} ({self.type})"


class RelationRecord(BaseModel):
    """A relation as written in gold files and ``frontierkg extract`` lines."""

    model_config = ConfigDict(extra="ignore")
    subject: str
    predicate: str
    object: str
    confidence: float = 1.0
    evidence: str = ""

    def label(self) -> str:
        return f"{self.subject} -{self.predicate}-> {self.object}"


class ArticleRecord(BaseModel):
    """One article's entities and relations (gold file or extraction line)."""

    model_config = ConfigDict(extra="ignore")
    id: str
    entities: list[EntityRecord] = Field(default_factory=list)
    relations: list[RelationRecord] = Field(default_factory=list)


class GoldArticle(ArticleRecord):
    """A gold file: the record plus the article it annotates."""

    url: str | None = None
    title: str = ""
    published: str | None = None
    source: str | None = None
    text: str

    def article_input(self, origin: str = "") -> ArticleInput:
        """The article to run the extractor on."""
        return ArticleInput(
            id=self.id, url=self.url, title=self.title, source=self.source, text=self.text,
            origin=origin,
        )  # fmt: skip


class Counts(BaseModel):
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)

    def summary(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }  # fmt: skip


class ArticleScore(BaseModel):
    """Scores of one article with the misses and false positives listed."""

    id: str
    entities: Counts
    relations: Counts
    per_predicate: dict[str, Counts]
    missed_entities: list[str]
    false_entities: list[str]
    missed_relations: list[str]
    false_relations: list[str]


class EvaluationReport(BaseModel):
    """Micro-averaged scores over a set of articles."""

    articles: list[ArticleScore]
    entities: Counts
    relations: Counts
    per_predicate: dict[str, Counts]

    def summary(self) -> dict[str, Any]:
        """Machine-readable form (``frontierkg eval --json``)."""
        return {
            "articles": len(self.articles),
            "entities": self.entities.summary(),
            "relations": self.relations.summary(),
            "per_predicate": {p: c.summary() for p, c in sorted(self.per_predicate.items())},
            "per_article": [
                {
                    "id": a.id,
                    "entities": a.entities.summary(),
                    "relations": a.relations.summary(),
                    "missed_entities": a.missed_entities,
                    "false_entities": a.false_entities,
                    "missed_relations": a.missed_relations,
                    "false_relations": a.false_relations,
                }
                for a in self.articles
            ],
        }


def max_matching(n_left: int, n_right: int, edges: Callable[[int, int], bool]) -> list[int]:
    """Maximum bipartite matching (augmenting paths); ``result[right] = left`` or -1."""
    adjacency = [[r for r in range(n_right) if edges(left, r)] for left in range(n_left)]
    owner = [-1] * n_right

    def augment(left: int, seen: list[bool]) -> bool:
        for right in adjacency[left]:
            if seen[right]:
                continue
            seen[right] = True
            if owner[right] == -1 or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(n_left):
        augment(left, [False] * n_right)
    return owner


def _entity_matches(predicted: EntityRecord, gold: EntityRecord) -> bool:
    return predicted.type == gold.type and bool(predicted.keys & gold.keys)


def _is_symmetric(predicate: str) -> bool:
    try:
        return ontology().spec(Predicate(predicate)).symmetric
    except ValueError:
        return False


class _End:
    """A relation end resolved to its entity's type and name keys."""

    def __init__(self, name: str, entities: Mapping[str, EntityRecord]) -> None:
        entity = entities.get(name)
        self.type = entity.type if entity else None
        self.keys = entity.keys if entity else frozenset({match_key(name)})

    def matches(self, other: _End) -> bool:
        types_ok = self.type is None or other.type is None or self.type == other.type
        return types_ok and bool(self.keys & other.keys)


def _dedupe(relations: Iterable[RelationRecord], symmetric: bool = False) -> list[RelationRecord]:
    seen: set[tuple[str, str, str]] = set()
    result = []
    for relation in relations:
        key = (relation.subject, relation.predicate, relation.object)
        if symmetric and _is_symmetric(relation.predicate):
            key = (min(key[0], key[2]), key[1], max(key[0], key[2]))
        if key not in seen:
            seen.add(key)
            result.append(relation)
    return result


def score_article(gold: ArticleRecord, predicted: ArticleRecord) -> ArticleScore:
    """Entity and relation counts of one article, with misses and false positives."""
    g_ents, p_ents = gold.entities, predicted.entities
    owner = max_matching(
        len(p_ents), len(g_ents), lambda p, g: _entity_matches(p_ents[p], g_ents[g])
    )
    matched_pred = {left for left in owner if left >= 0}
    entities = Counts(tp=len(matched_pred), fp=len(p_ents) - len(matched_pred),
                      fn=len(g_ents) - len(matched_pred))  # fmt: skip

    g_index = {e.name: e for e in g_ents}
    p_index = {e.name: e for e in p_ents}
    g_rels = _dedupe(gold.relations, symmetric=True)
    p_rels = _dedupe(predicted.relations, symmetric=True)
    g_ends = [(_End(r.subject, g_index), _End(r.object, g_index)) for r in g_rels]
    p_ends = [(_End(r.subject, p_index), _End(r.object, p_index)) for r in p_rels]

    def relation_matches(p: int, g: int) -> bool:
        if p_rels[p].predicate != g_rels[g].predicate:
            return False
        (ps, po), (gs, go) = p_ends[p], g_ends[g]
        if ps.matches(gs) and po.matches(go):
            return True
        return _is_symmetric(g_rels[g].predicate) and ps.matches(go) and po.matches(gs)

    rel_owner = max_matching(len(p_rels), len(g_rels), relation_matches)
    matched_rel = {left for left in rel_owner if left >= 0}
    per_predicate: dict[str, Counts] = {}
    for g, left in enumerate(rel_owner):
        bucket = per_predicate.setdefault(g_rels[g].predicate, Counts())
        if left >= 0:
            bucket.tp += 1
        else:
            bucket.fn += 1
    for p, relation in enumerate(p_rels):
        if p not in matched_rel:
            per_predicate.setdefault(relation.predicate, Counts()).fp += 1
    return ArticleScore(
        id=gold.id,
        entities=entities,
        relations=Counts(
            tp=len(matched_rel),
            fp=len(p_rels) - len(matched_rel),
            fn=len(g_rels) - len(matched_rel),
        ),  # fmt: skip
        per_predicate=per_predicate,
        missed_entities=[g_ents[g].label() for g, left in enumerate(owner) if left < 0],
        false_entities=[p_ents[p].label() for p in range(len(p_ents)) if p not in matched_pred],
        missed_relations=[g_rels[g].label() for g, left in enumerate(rel_owner) if left < 0],
        false_relations=[p_rels[p].label() for p in range(len(p_rels)) if p not in matched_rel],
    )


def evaluate(
    gold: Sequence[ArticleRecord], predicted: Mapping[str, ArticleRecord]
) -> EvaluationReport:
    """Micro-averaged scores; an article without a prediction counts as all misses."""
    scores = [score_article(g, predicted.get(g.id) or ArticleRecord(id=g.id)) for g in gold]
    per_predicate: dict[str, Counts] = {}
    for score in scores:
        for predicate, counts in score.per_predicate.items():
            per_predicate[predicate] = per_predicate.get(predicate, Counts()) + counts
    return EvaluationReport(
        articles=scores,
        entities=sum((s.entities for s in scores), Counts()),
        relations=sum((s.relations for s in scores), Counts()),
        per_predicate=per_predicate,
    )


def load_gold(directory: Path) -> list[GoldArticle]:
    """Every ``*.json`` gold file of ``directory``, sorted by file name."""
    if not directory.is_dir():
        raise IngestInputError(
            str(directory),
            "not a directory; pass the folder of gold *.json files (../shared/eval/dev)",
        )
    articles = []
    for path in sorted(directory.glob("*.json")):
        try:
            articles.append(GoldArticle.model_validate(json.loads(path.read_text("utf-8"))))
        except (json.JSONDecodeError, ValidationError) as error:
            raise IngestInputError(
                str(path), f"not a gold article ({error}); see shared/eval/GUIDELINES.md"
            ) from None
    if not articles:
        raise IngestInputError(str(directory), "contains no *.json gold files")
    return articles


__all__ = [
    "ArticleRecord",
    "ArticleScore",
    "Counts",
    "EntityRecord",
    "EvaluationReport",
    "GoldArticle",
    "RelationRecord",
    "evaluate",
    "load_gold",
    "max_matching",
    "score_article",
]
