"""Test doubles for the ingest tests: an in-memory store and a scripted extractor.

``FakeStore`` implements the ``GraphStore`` methods ingest uses (``get_entities``,
``search``, ``replace_articles``, ``article_content_hashes``) with the documented
semantics: aliases unioned, a replaced article's old mentions and evidence dropped,
edges left without evidence removed, each write all or nothing. ``fail_when`` injects a
store failure for chosen batches. The integration tests run the same code against the
embedded FalkorDB store.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from frontierkg.errors import GraphStoreError
from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityQuery,
    EntityRecord,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    GraphCounts,
    Mention,
    Page,
    SearchHit,
    WriteSummary,
)
from ingest.models import (
    ArticleInput,
    ExtractedEntity,
    ExtractedRelation,
    Extraction,
)
from schema import EntityType, Predicate

_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass
class FakeStore:
    """Dict-backed store; ``writes`` lists the batches written successfully."""

    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    entities: dict[str, EntityUpsert] = field(default_factory=dict)
    mentions: dict[tuple[str, str], Mention] = field(default_factory=dict)
    evidence: dict[str, tuple[EdgeKey, EvidenceRecord]] = field(default_factory=dict)
    writes: list[GraphBatch] = field(default_factory=list)
    searches: list[tuple[str, tuple[EntityType, ...] | None]] = field(default_factory=list)
    fail_when: Callable[[GraphBatch], bool] = lambda _batch: False

    # ------------------------------------------------------------ writes
    def replace_articles(self, batch: GraphBatch) -> WriteSummary:
        if self.fail_when(batch):
            raise GraphStoreError("injected store failure")
        ids = {a.id for a in batch.articles}
        self.mentions = {k: m for k, m in self.mentions.items() if k[0] not in ids}
        self.evidence = {k: v for k, v in self.evidence.items() if v[1].article_id not in ids}
        return self.upsert(batch)

    def upsert(self, batch: GraphBatch) -> WriteSummary:
        for article in batch.articles:
            self.articles[article.id] = article
        for entity in batch.entities:
            old = self.entities.get(entity.id)
            if old is not None and old.type is not entity.type:
                raise AssertionError(f"type changed for {entity.id}")
            aliases = set(entity.aliases) | (set(old.aliases) if old else set())
            name = old.name if old else entity.name
            aliases.discard(name)
            self.entities[entity.id] = EntityUpsert(
                id=entity.id, type=entity.type, name=name, aliases=tuple(sorted(aliases))
            )
        for mention in batch.mentions:
            assert mention.article_id in self.articles, mention
            assert mention.entity_id in self.entities, mention
            self.mentions[(mention.article_id, mention.entity_id)] = mention
        evidence = 0
        for relation in batch.relations:
            assert relation.subject_id in self.entities and relation.object_id in self.entities
            for item in relation.evidence:
                self.evidence[item.evidence_id(relation.edge)] = (relation.edge, item)
                evidence += 1
        self.writes.append(batch)
        return WriteSummary(
            articles=len(batch.articles),
            entities=len(batch.entities),
            mentions=len(batch.mentions),
            relations=len(batch.relations),
            evidence=evidence,
        )

    # ------------------------------------------------------------ reads
    def _record(self, entity: EntityUpsert) -> EntityRecord:
        count = sum(m.count for m in self.mentions.values() if m.entity_id == entity.id)
        return EntityRecord(
            id=entity.id,
            type=entity.type,
            name=entity.name,
            aliases=entity.aliases,
            mention_count=count,
        )

    def get_entities(self, ids: Sequence[str]) -> list[EntityRecord | None]:
        return [self._record(self.entities[i]) if i in self.entities else None for i in ids]

    def search(
        self, text: str, types: Sequence[EntityType] | None = None, limit: int = 20
    ) -> list[SearchHit]:
        self.searches.append((text, tuple(types) if types is not None else None))
        tokens = _TOKEN.findall(text.casefold())
        hits = []
        for entity in self.entities.values():
            if types is not None and entity.type not in types:
                continue
            words = {
                w for s in (entity.name, *entity.aliases) for w in _TOKEN.findall(s.casefold())
            }
            score = sum(1 for t in tokens if any(w.startswith(t) for w in words))
            if score:
                hits.append(SearchHit(entity=self._record(entity), score=float(score)))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def counts(self) -> GraphCounts:
        edges = {edge for edge, _ in self.evidence.values()}
        return GraphCounts(
            articles=len(self.articles),
            entities=len(self.entities),
            relations=len(edges),
            evidence=len(self.evidence),
            by_type=dict(Counter(e.type for e in self.entities.values())),
            by_predicate=dict(Counter(e.predicate for e in edges)),
        )

    def list_entities(self, query: EntityQuery) -> Page[EntityRecord]:
        matching = [
            self._record(e)
            for e in sorted(self.entities.values(), key=lambda e: e.name)
            if query.type is None or e.type is query.type
        ]
        return Page(
            items=tuple(matching[: query.first]),
            total_count=len(matching),
            has_next_page=len(matching) > query.first,
        )

    def article_content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        return {i: self.articles[i].content_hash for i in ids if i in self.articles}

    # ------------------------------------------------------------ helpers for assertions
    def edges(self) -> set[tuple[str, str, str]]:
        return {(e.subject_id, e.predicate.value, e.object_id) for e, _ in self.evidence.values()}

    def article_entity_ids(self, article_id: str) -> set[str]:
        return {entity for (article, entity) in self.mentions if article == article_id}

    def evidence_of(self, article_id: str) -> list[EvidenceRecord]:
        return [item for _, item in self.evidence.values() if item.article_id == article_id]


def article(article_id: str, text: str, **fields: object) -> ArticleInput:
    fields.setdefault("origin", f"{article_id}.txt")
    return ArticleInput(id=article_id, text=text, **fields)  # type: ignore[arg-type]


def entity(name: str, entity_type: EntityType, *aliases: str, count: int = 1) -> ExtractedEntity:
    return ExtractedEntity(name=name, type=entity_type, aliases=aliases, mention_count=count)


def relation(
    subject: str,
    predicate: Predicate,
    obj: str,
    text: str,
    sentence: str,
    confidence: float = 0.8,
) -> ExtractedRelation:
    start = text.index(sentence)
    return ExtractedRelation(
        subject=subject,
        predicate=predicate,
        object=obj,
        confidence=confidence,
        evidence=sentence,
        start=start,
        end=start + len(sentence),
    )


ExtractFn = Callable[[ArticleInput], Extraction]


class ScriptedExtractor:
    """Extractor double: ``extract`` maps each article through ``script``.

    ``script`` raising for an article simulates an extraction failure (the stream stops,
    as a failing ``nlp.pipe`` would); ``calls`` records the article ids each ``extract``
    call consumed.
    """

    version = "test-extractor/1"

    def __init__(self, script: ExtractFn) -> None:
        self._script = script
        self.calls: list[list[str]] = []

    def extract(self, articles: Iterable[ArticleInput], n_process: int = 1) -> Iterator[Extraction]:
        seen: list[str] = []
        self.calls.append(seen)
        for item in articles:  # lazily, like nlp.pipe
            seen.append(item.id)
            yield self._script(item)

    @property
    def extracted(self) -> list[str]:
        """Ids of every article extracted so far, in order."""
        return [article_id for call in self.calls for article_id in call]


# A tiny gazetteer "extractor": surface form -> (canonical name, type). Canonical names are
# per article, as the real pipeline gives them; aliases are the other forms seen.
GAZETTEER: dict[str, tuple[str, EntityType]] = {
    "Zhipu AI": ("Zhipu AI", EntityType.ORGANIZATION),
    "Z.ai": ("Z.ai", EntityType.ORGANIZATION),
    "Zhipu": ("Zhipu", EntityType.ORGANIZATION),
    "GLM-4.5": ("GLM-4.5", EntityType.AI_MODEL),
    "Alibaba": ("Alibaba", EntityType.ORGANIZATION),
    "Qwen3": ("Qwen3", EntityType.AI_MODEL),
    "Nvidia": ("Nvidia", EntityType.ORGANIZATION),
    "H20": ("H20", EntityType.CHIP),
    "China": ("China", EntityType.COUNTRY),
}


def gazetteer_extraction(item: ArticleInput) -> Extraction:
    """Entities by gazetteer lookup; ``X released Y`` sentences give ``RELEASES``."""
    found: dict[str, tuple[EntityType, list[str]]] = {}
    for surface in sorted(GAZETTEER, key=len, reverse=True):
        if re.search(rf"(?<![\w.]){re.escape(surface)}(?![\w])", item.text):
            if any(surface in longer for longer in found):
                continue
            name, entity_type = GAZETTEER[surface]
            found[name] = (entity_type, [])
    # "X, formerly Y," names one organisation: Y becomes an alias of X.
    for new_name, old_name in re.findall(r"(\S+), formerly (\S+),", item.text):
        if new_name in found and old_name in found:
            found[new_name][1].append(old_name)
            del found[old_name]
    entities = tuple(entity(name, t, *aliases) for name, (t, aliases) in found.items())
    relations = []
    offset = 0
    for sentence in re.split(r"(?<=\.)\s+", item.text):
        start = item.text.index(sentence, offset)
        offset = start + len(sentence)
        match = re.search(r"(\S+(?: AI)?) released (\S+?)\.?$", sentence)
        if match and match.group(1) in found and match.group(2) in found:
            relations.append(
                ExtractedRelation(
                    subject=match.group(1),
                    predicate=Predicate.RELEASES,
                    object=match.group(2),
                    confidence=0.9,
                    evidence=sentence,
                    start=start,
                    end=offset,
                )
            )
    return Extraction(
        article=item,
        entities=entities,
        relations=tuple(relations),
        extractor_version=ScriptedExtractor.version,
    )
