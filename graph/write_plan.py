"""Turn a write request into an ordered list of Cypher segments with their rows.

This is the store-independent half of every write: validation against the
ontology (and the stored graph, when it was read: ``plan_batch``), de-duplication
inside the batch (so the order of items never matters), and the rows for each
``graph.queries`` segment. The adapters only execute a plan: Neo4j runs its
segments in one transaction, FalkorDB composes them into one query (see
``graph.queries.compose``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frontierkg.errors import InvalidBatchError
from graph import queries
from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityRecord,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    Mention,
    RelationUpsert,
    WriteSummary,
)
from graph.records import article_row
from graph.statements import Statement
from schema import EntityType, Predicate, ontology

Row = dict[str, Any]


@dataclass(frozen=True)
class Segment:
    """One statement of a write and the rows it unwinds (``$rows``).

    A row is a map, or a list in the column order the statement documents
    (``queries.create_evidence``).
    """

    statement: Statement
    rows: list[Any]


@dataclass(frozen=True)
class WritePlan:
    segments: tuple[Segment, ...]
    summary: WriteSummary = field(default_factory=WriteSummary)


@dataclass(frozen=True)
class StoredState:
    """What the store already holds of the ids a batch refers to.

    ``evidence_ids``: the batch's evidence ids to write with ``MERGE`` (known or
    suspected stored), or ``None`` to merge all of it; the rest is written with
    ``CREATE``. A batch is first planned with no stored state (all created: see
    ``graph.batch_writer``), and with ``None`` when that write was refused.
    """

    entity_types: Mapping[str, EntityType]
    article_ids: frozenset[str]
    evidence_ids: frozenset[str] | None = None


def preferred_name(a: str, b: str) -> str:
    """The name two spellings of one entity settle on: the longer, ties the smaller.

    Order independent; ``graph.queries.upsert_entities`` applies the same rule.
    """
    if len(a) != len(b):
        return a if len(a) > len(b) else b
    return min(a, b)


def alias_text(name: str, aliases: Iterable[str]) -> str:
    """Name and aliases joined for full-text search (FalkorDB skips list values)."""
    return " | ".join([name, *aliases])


def referenced_ids(batch: GraphBatch) -> tuple[set[str], set[str]]:
    """Entity ids and article ids a batch refers to (to look up before writing)."""
    entity_ids = {e.id for e in batch.entities}
    entity_ids.update(m.entity_id for m in batch.mentions)
    article_ids = {a.id for a in batch.articles}
    article_ids.update(m.article_id for m in batch.mentions)
    for relation in batch.relations:
        entity_ids.update((relation.subject_id, relation.object_id))
        article_ids.update(e.article_id for e in relation.evidence)
    return entity_ids, article_ids


def _dedupe_articles(articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    by_id: dict[str, ArticleRecord] = {}
    for article in articles:
        known = by_id.get(article.id)
        if known is None or article.model_dump_json() > known.model_dump_json():
            by_id[article.id] = article
    return [by_id[k] for k in sorted(by_id)]


def _dedupe_entities(entities: Sequence[EntityUpsert], problems: list[str]) -> list[EntityUpsert]:
    by_id: dict[str, EntityUpsert] = {}
    for entity in entities:
        if not entity.name.strip():
            problems.append(f"entity {entity.id!r}: empty name")
            continue
        known = by_id.get(entity.id)
        if known is None:
            by_id[entity.id] = entity
            continue
        if known.type != entity.type:
            problems.append(
                f"entity {entity.id!r}: given as both {known.type.value} and {entity.type.value}"
            )
            continue
        name = preferred_name(known.name, entity.name)
        aliases = set(known.aliases) | set(entity.aliases) | {known.name, entity.name}
        aliases.discard(name)
        by_id[entity.id] = EntityUpsert(
            id=entity.id, type=entity.type, name=name, aliases=tuple(sorted(aliases))
        )
    return [by_id[k] for k in sorted(by_id)]


def _dedupe_mentions(mentions: Sequence[Mention]) -> list[Mention]:
    by_key: dict[tuple[str, str], Mention] = {}
    for mention in mentions:
        key = (mention.article_id, mention.entity_id)
        known = by_key.get(key)
        if known is None or mention.count > known.count:
            by_key[key] = mention
    return [by_key[k] for k in sorted(by_key)]


Edges = Mapping[EdgeKey, Mapping[str, EvidenceRecord]]


def evidence_rank(evidence: EvidenceRecord) -> tuple[float, str, str]:
    """Which of two versions of one evidence (same id) is kept: the greater rank.

    Higher confidence, then the greater sentence, then extractor version; the
    same rule as ``graph.queries.upsert_evidence`` applies against the stored
    version, so the kept version does not depend on item or batch order.
    """
    return (evidence.confidence, evidence.sentence, evidence.extractor_version)


def merge_relations(
    relations: Sequence[RelationUpsert],
) -> dict[EdgeKey, dict[str, EvidenceRecord]]:
    """Evidence per canonical edge, keyed (and de-duplicated) by evidence id.

    The store computes it once per write: its keys are the evidence ids it looks
    up before planning, and ``plan_batch(edges=...)`` reuses it.
    """
    edges: dict[EdgeKey, dict[str, EvidenceRecord]] = defaultdict(dict)
    for relation in relations:
        edge = relation.edge
        by_id = edges[edge]
        for evidence in relation.evidence:
            evidence_id = evidence.evidence_id(edge)
            known = by_id.get(evidence_id)
            if known is None or evidence_rank(evidence) > evidence_rank(known):
                by_id[evidence_id] = evidence
    return edges


def _relation_ok(
    relation: RelationUpsert,
    types: Mapping[str, EntityType],
    articles: set[str],
    *,
    complete: bool,
) -> bool:
    """Fast check that ``relation`` has no problem ``_check_relation`` would report."""
    subject_id, object_id = relation.subject_id, relation.object_id
    if subject_id == object_id:
        return False
    ends = (types.get(subject_id), types.get(object_id))
    if None in ends:  # an end outside ``types``: a problem only when they hold all stored
        if complete:
            return False
    elif ends not in ontology().allowed_ends(relation.predicate):
        return False
    for evidence in relation.evidence:
        if evidence.end < evidence.start or (complete and evidence.article_id not in articles):
            return False
    return True


def _check_relation(
    relation: RelationUpsert,
    types: Mapping[str, EntityType],
    articles: set[str],
    *,
    complete: bool = True,
) -> list[str]:
    """The problems of one relation; ``complete``: ``types``/``articles`` hold all stored.

    When they hold only the batch's own (``complete`` false), an id they lack may
    be stored: the write checks those (guarded segments, ``graph.queries``).
    """
    where = f"relation {relation.subject_id} -{relation.predicate.value}-> {relation.object_id}"
    problems = []
    if relation.subject_id == relation.object_id:
        problems.append(f"{where}: subject and object are the same entity")
    missing = [i for i in (relation.subject_id, relation.object_id) if i not in types]
    if missing:
        if complete:
            problems.append(f"{where}: unknown entity {', '.join(missing)} (add it to the batch)")
    elif not problems:
        s_type, o_type = types[relation.subject_id], types[relation.object_id]
        if (s_type, o_type) not in ontology().allowed_ends(relation.predicate):
            problems.append(
                f"{where}: the ontology does not allow {relation.predicate.value} "
                f"from {s_type.value} to {o_type.value}"
            )
    for evidence in relation.evidence:
        if complete and evidence.article_id not in articles:
            problems.append(
                f"{where}: evidence cites unknown article {evidence.article_id!r} "
                "(add the article to the batch)"
            )
        if evidence.end < evidence.start:
            problems.append(f"{where}: evidence end {evidence.end} < start {evidence.start}")
    return problems


def _evidence_map(values: list[Any], edge_key: str) -> Row:
    """An ``upsert_evidence`` row from a ``create_evidence`` row."""
    props = dict(zip(queries.EVIDENCE_COLUMNS[1:], values[1:], strict=True))
    props["edge_key"] = edge_key
    return {"id": values[0], "article_id": values[1], "props": props}


def _entity_rows(entities: Sequence[EntityUpsert]) -> dict[EntityType, list[Row]]:
    rows: dict[EntityType, list[Row]] = {t: [] for t in EntityType}
    for entity in entities:
        rows[entity.type].append(
            {
                "id": entity.id,
                "type": entity.type.value,
                "name": entity.name,
                "aliases": sorted(set(entity.aliases) - {entity.name}),
            }
        )
    return rows


def _edge_segments(edges: Edges, stored: frozenset[str] | None) -> list[Segment]:
    """The evidence segments, then one merge-and-recompute segment per predicate.

    Evidence whose id is not in ``stored`` is created, the rest merged; with
    ``stored=None`` (not looked up) everything is merged. Evidence values are in
    ``queries.EVIDENCE_COLUMNS`` order.
    """
    by_predicate: dict[Predicate, list[list[str]]] = {p: [] for p in Predicate}
    merged: list[Row] = []
    created: list[list[Any]] = []
    for edge in sorted(edges):
        subject_id, predicate, object_id = edge
        by_predicate[predicate].append([subject_id, object_id])
        by_id = edges[edge]
        for evidence_id in sorted(by_id):
            evidence = by_id[evidence_id]
            values = [
                evidence_id,
                evidence.article_id,
                subject_id,
                predicate.value,
                object_id,
                evidence.sentence,
                evidence.start,
                evidence.end,
                evidence.confidence,
                evidence.extractor_version,
            ]
            if stored is None or evidence_id in stored:
                merged.append(_evidence_map(values, edge.key))
            else:
                created.append(values)
    return [
        Segment(queries.upsert_evidence(), merged),
        Segment(queries.create_evidence(), created),
        *(Segment(queries.upsert_relations(p), by_predicate[p]) for p in Predicate),
    ]


@dataclass(frozen=True)
class PreparedRelations:
    """A batch's relations grouped by edge and their write segments, all evidence created.

    What of a plan does not depend on the stored state (``prepare_relations``),
    so a store can build it while its validation read runs.
    """

    edges: Edges
    segments: tuple[Segment, ...]


def prepare_relations(relations: Sequence[RelationUpsert]) -> PreparedRelations:
    edges = merge_relations(relations)
    return PreparedRelations(edges, tuple(_edge_segments(edges, frozenset())))


def plan_batch(
    batch: GraphBatch,
    stored: StoredState | None,
    *,
    replace: bool,
    prepared: PreparedRelations | None = None,
) -> WritePlan:
    """Validate and plan an ``upsert`` (or ``replace_articles`` when ``replace``).

    ``stored`` is what the store holds of the ids the batch refers to, or None
    when it was not read: then the batch is checked on its own, and what it
    refers to outside itself is checked by the write (guarded segments: a stored
    entity of another type, a missing entity or article, an edge whose stored
    ends the ontology does not allow each fail it whole), all evidence created.
    ``prepared`` is ``prepare_relations(batch.relations)`` when the caller has it
    (its segments are used when ``stored.evidence_ids`` is empty).

    Raises ``InvalidBatchError`` listing every bad item; then nothing is written.
    The segment list is the same for every batch (empty rows where nothing to do),
    so FalkorDB can cache the composed query's plan.
    """
    problems: list[str] = []
    articles = _dedupe_articles(batch.articles)
    entities = _dedupe_entities(batch.entities, problems)
    mentions = _dedupe_mentions(batch.mentions)

    complete = stored is not None
    if stored is None:
        stored = StoredState({}, frozenset(), frozenset())
    types = dict(stored.entity_types)
    for entity in entities:
        stored_type = stored.entity_types.get(entity.id)
        if stored_type is not None and stored_type != entity.type:
            problems.append(
                f"entity {entity.id!r}: stored as {stored_type.value}, given as {entity.type.value}"
            )
        types[entity.id] = entity.type
    known_articles = set(stored.article_ids) | {a.id for a in articles}
    for mention in mentions if complete else ():
        if mention.article_id not in known_articles:
            problems.append(
                f"mention of {mention.entity_id!r}: unknown article {mention.article_id!r}"
            )
        if mention.entity_id not in types:
            problems.append(
                f"mention in {mention.article_id!r}: unknown entity {mention.entity_id!r}"
            )
    for relation in batch.relations:
        if not _relation_ok(relation, types, known_articles, complete=complete):
            problems.extend(_check_relation(relation, types, known_articles, complete=complete))
    if problems:
        raise InvalidBatchError(problems)

    if prepared is None:
        edges: Edges = merge_relations(batch.relations)
        edge_segments = _edge_segments(edges, stored.evidence_ids)
    else:
        edges = prepared.edges
        if stored.evidence_ids is not None and not stored.evidence_ids:
            edge_segments = list(prepared.segments)
        else:
            edge_segments = _edge_segments(edges, stored.evidence_ids)
    entity_rows = _entity_rows(entities)
    touched_entities = sorted({e.id for e in entities} | {m.entity_id for m in mentions})
    segments: list[Segment] = []
    if replace:
        article_ids = [{"id": a.id} for a in articles]
        segments += [
            Segment(queries.drop_article_evidence(), article_ids),
            Segment(queries.drop_article_mentions(), article_ids),
        ]
    segments += [
        Segment(queries.upsert_articles(), [article_row(a) for a in articles]),
        Segment(queries.refresh_article_evidence(), [{"id": a.id} for a in articles]),
        Segment(queries.refresh_article_mentions(), [{"id": a.id} for a in articles]),
        *(Segment(queries.upsert_entities(t), entity_rows[t]) for t in EntityType),
        Segment(
            queries.upsert_mentions(),
            [
                {"article_id": m.article_id, "entity_id": m.entity_id, "count": m.count}
                for m in mentions
            ],
        ),
        *edge_segments,
        Segment(queries.recompute_entities(), [{"id": i} for i in touched_entities]),
    ]
    summary = WriteSummary(
        articles=len(articles),
        entities=len(entities),
        mentions=len(mentions),
        relations=len(edges),
        evidence=sum(len(v) for v in edges.values()),
    )
    return WritePlan(tuple(segments), summary)


def plan_delete_articles(article_ids: Sequence[str]) -> WritePlan:
    rows = [{"id": i} for i in article_ids]
    return WritePlan(
        (
            Segment(queries.drop_article_evidence(), rows),
            Segment(queries.drop_article_mentions(), rows),
            Segment(queries.delete_articles(), rows),
        )
    )


def plan_set_names(entity_id: str, name: str, aliases: Iterable[str]) -> WritePlan:
    ordered = sorted(set(aliases) - {name})
    row = {
        "id": entity_id,
        "name": name,
        "aliases": ordered,
        "alias_text": alias_text(name, ordered),
    }
    return WritePlan((Segment(queries.set_entity_names(), [row]),))


def plan_merge(
    keep: EntityRecord,
    merge: EntityRecord,
    evidence: Sequence[tuple[EdgeKey, EvidenceRecord]],
    mentions: Sequence[tuple[str, int]],
) -> WritePlan:
    """Move ``merge``'s edges (re-keyed evidence), mentions and names onto ``keep``.

    Edges between the two become self-loops and are dropped with their evidence.
    """
    old_ids = sorted({ev.evidence_id(edge) for edge, ev in evidence})
    moved: dict[EdgeKey, dict[str, EvidenceRecord]] = defaultdict(dict)
    for edge, ev in evidence:
        subject = keep.id if edge.subject_id == merge.id else edge.subject_id
        obj = keep.id if edge.object_id == merge.id else edge.object_id
        if subject == obj:
            continue
        new_edge = EdgeKey(subject, edge.predicate, obj).canonical()
        moved[new_edge][ev.evidence_id(new_edge)] = ev
    names = plan_set_names(keep.id, keep.name, {*keep.aliases, *merge.aliases, merge.name})
    segments = [
        Segment(queries.delete_evidence(), [{"id": i} for i in old_ids]),
        Segment(
            queries.add_mentions(),
            [{"article_id": a, "entity_id": keep.id, "count": c} for a, c in sorted(mentions)],
        ),
        Segment(queries.delete_entities(), [{"id": merge.id}]),
        *names.segments,
        *_edge_segments(moved, None),  # re-keyed evidence may meet stored evidence
        Segment(queries.recompute_entities(), [{"id": keep.id}]),
    ]
    return WritePlan(tuple(segments))


__all__ = [
    "Segment",
    "StoredState",
    "WritePlan",
    "Edges",
    "PreparedRelations",
    "alias_text",
    "evidence_rank",
    "merge_relations",
    "plan_batch",
    "plan_delete_articles",
    "plan_merge",
    "plan_set_names",
    "preferred_name",
    "prepare_relations",
    "referenced_ids",
]
