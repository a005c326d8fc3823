"""Every Cypher statement the stores send, as small builders returning ``Statement``.

One query set serves both stores; what differs between Neo4j and FalkorDB
(schema DDL, full-text search, shortest paths) lives in ``graph.dialect``.
Values are always parameters. Labels and relationship types enter the text only
through ``graph.identifiers`` (ontology whitelist, backtick-quoted).

Write statements are *segments*: each reads one parameter ``$rows`` (a list of
maps) and ends without ``RETURN``. Neo4j runs the segments of one write in one
transaction; FalkorDB, which has no multi-statement transactions, runs them
composed into one query (``compose``), which it executes atomically. A
*guarded* segment fails the write unless every row matched what it refers to
(``_guard``): batches are planned without reading the store first
(``graph.batch_writer``), so the write checks their references itself.

Rows returned by reads hold only plain values and maps (``properties(n)``), never
driver node objects, so both drivers hand back the same Python values. List
statements built elsewhere (``graph.filters``) follow the same shapes
(``graph.projections``): an ``entity`` map and a flat ``relation`` map.

Example:
    >>> from graph.queries import upsert_relations
    >>> from schema import Predicate
    >>> "MERGE (s)-[r:`RELEASES`]->(o)" in upsert_relations(Predicate.RELEASES).cypher
    True
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from graph.dialect import (
    MAX_PATH_LENGTH,
    fulltext_query,
    schema_statements,
    search_statement,
    shortest_paths_statement,
)
from graph.identifiers import label, rel_type
from graph.projections import entity_map, relation_map
from graph.statements import Dialect, Statement
from schema import EntityType, Predicate, ontology

ENTITY = label("Entity")
ARTICLE = label("Article")
EVIDENCE = label("Evidence")
MENTIONS = rel_type("MENTIONS")
FROM_ARTICLE = rel_type("FROM_ARTICLE")


_EX_DATE = "2025-01-16"
_EX_ENTITY = "organization:zhipu-ai"
_EX_ENTITY_2 = "country:united-states"
_EX_ARTICLE = "zhipu-entity-list-techcentral"
_EX_KEY = f"{_EX_ENTITY_2}|RESTRICTS|{_EX_ENTITY}"
_ALL_PREDICATES = [p.value for p in Predicate]


def entity_columns(var: str = "n") -> str:
    """``RETURN`` fragment for an entity row from node variable ``var``."""
    return f"{entity_map(var)} AS entity"


def relation_columns(rel: str = "r") -> str:
    """``RETURN`` fragment for an edge row from relationship variable ``rel``."""
    return f"{relation_map(rel)} AS relation"


# ---------------------------------------------------------------- write segments

_ENTITY_STATS_TAIL = f"""OPTIONAL MATCH (mentioning:{ARTICLE})-[:{MENTIONS}]->(e)
WITH e, count(DISTINCT mentioning) AS mentions,
     min(mentioning.seen_on) AS first_seen, max(mentioning.seen_on) AS last_seen
SET e.mention_count = mentions, e.first_seen = first_seen, e.last_seen = last_seen"""

# Variables in scope: r (the edge) and edge_key. Confidences are collected in
# evidence-id order so the floating-point noisy-or does not depend on write order.
_EDGE_PROPS = f"""OPTIONAL MATCH (v:{EVIDENCE} {{edge_key: edge_key}})
WITH r, v ORDER BY v.id
WITH r, collect(v.confidence) AS confidences,
     min(v.published) AS first_seen, max(v.published) AS last_seen
WITH r, confidences, first_seen, last_seen, size(confidences) AS evidence_count
SET r.evidence_count = evidence_count,
    r.confidence = 1.0 - reduce(p = 1.0, c IN confidences | p * (1.0 - c)),
    r.first_seen = first_seen, r.last_seen = last_seen"""

# Variables in scope: subject_id, predicate, object_id, edge_key (one row per edge).
# The delete is a FOREACH, not ``WITH ... WHERE evidence_count = 0``: FalkorDB 4.16
# moves such a filter above the preceding SET, which then never runs.
_EDGE_STATS_TAIL = f"""MATCH (s:{ENTITY} {{id: subject_id}})-[r]->(o:{ENTITY} {{id: object_id}})
WHERE type(r) = predicate
WITH r, edge_key
{_EDGE_PROPS}
FOREACH (gone IN CASE WHEN evidence_count = 0 THEN [r] ELSE [] END | DELETE gone)"""


def upsert_articles() -> Statement:
    """Merge articles by id and set every property (``seen_on``: published or ingest date)."""
    cypher = f"""UNWIND $rows AS row
MERGE (a:{ARTICLE} {{id: row.id}})
SET a.url = row.url, a.title = row.title, a.published = row.published,
    a.source = row.source, a.content_hash = row.content_hash,
    a.ingested_at = row.ingested_at, a.seen_on = row.seen_on"""
    example = {
        "id": _EX_ARTICLE,
        "url": "https://example.org/zhipu",
        "title": "US blacklists Zhipu",
        "published": _EX_DATE,
        "source": "example.org",
        "content_hash": "0" * 40,
        "ingested_at": "2025-01-17T08:00:00+00:00",
        "seen_on": _EX_DATE,
    }
    return Statement("upsert_articles", cypher, {"rows": [example]})


def refresh_article_evidence() -> Statement:
    """After an article's date changed: re-date its evidence and recompute those edges."""
    cypher = f"""UNWIND $rows AS row
MATCH (a:{ARTICLE} {{id: row.id}})<-[:{FROM_ARTICLE}]-(v:{EVIDENCE})
WHERE v.published <> a.seen_on
SET v.published = a.seen_on
WITH DISTINCT v.subject_id AS subject_id, v.predicate AS predicate,
     v.object_id AS object_id, v.edge_key AS edge_key
{_EDGE_STATS_TAIL}"""
    return Statement("refresh_article_evidence", cypher, {"rows": [{"id": _EX_ARTICLE}]})


def refresh_article_mentions() -> Statement:
    """After an article was (re-)written: recompute the stats of the entities it mentions."""
    cypher = f"""UNWIND $rows AS row
MATCH (:{ARTICLE} {{id: row.id}})-[:{MENTIONS}]->(e:{ENTITY})
WITH DISTINCT e
{_ENTITY_STATS_TAIL}"""
    return Statement("refresh_article_mentions", cypher, {"rows": [{"id": _EX_ARTICLE}]})


def upsert_entities(entity_type: EntityType) -> Statement:
    """Merge entities of one type by id; aliases unioned; name chosen order-independently.

    The kept name is the longer one (ties: the smaller string), so two writes in
    either order give the same node; every other name seen becomes an alias.
    Aliases are a set (stored in first-seen order, read back sorted), and
    ``alias_text`` joins name and aliases because FalkorDB's full-text index does
    not index list values.

    Both labels are in the MERGE pattern: adding a label with ``SET n:Label`` costs
    time proportional to the graph size on FalkorDB 4.16. An id stored under
    another type is refused before the write (``graph.write_plan``), and the
    unique constraint on ``Entity.id`` backs that up.
    """
    cypher = f"""UNWIND $rows AS row
MERGE (n:{ENTITY}:{label(entity_type)} {{id: row.id}})
ON CREATE SET n.mention_count = 0
SET n.type = row.type
WITH n, row, CASE
  WHEN n.name IS NULL OR size(row.name) > size(n.name)
       OR (size(row.name) = size(n.name) AND row.name < n.name) THEN row.name
  ELSE n.name END AS name,
  coalesce(n.aliases, []) + row.aliases + [row.name]
    + CASE WHEN n.name IS NULL THEN [] ELSE [n.name] END AS seen
WITH n, name,
  reduce(kept = [], a IN seen | CASE WHEN a = name OR a IN kept THEN kept ELSE kept + [a] END)
  AS aliases
SET n.name = name, n.aliases = aliases,
    n.alias_text = reduce(text = name, a IN aliases | text + ' | ' + a)"""
    example: dict[str, Any] = {
        "id": _EX_ENTITY,
        "type": entity_type.value,
        "name": "Zhipu AI",
        "aliases": ["Zhipu"],
    }
    return Statement(f"upsert_entities_{entity_type.value}", cypher, {"rows": [example]})


def set_entity_names() -> Statement:
    """Set name, aliases and ``alias_text`` exactly (merge_entities, add_alias)."""
    cypher = f"""UNWIND $rows AS row
MATCH (n:{ENTITY} {{id: row.id}})
SET n.name = row.name, n.aliases = row.aliases, n.alias_text = row.alias_text"""
    example = {"id": _EX_ENTITY, "name": "Zhipu AI", "aliases": ["Zhipu"], "alias_text": "x"}
    return Statement("set_entity_names", cypher, {"rows": [example]})


def upsert_mentions() -> Statement:
    """One ``MENTIONS`` edge per (article, entity); its count is set, not added.

    Guarded: a row whose article or entity is not stored fails the write.
    """
    cypher = f"""UNWIND $rows AS row
MATCH (a:{ARTICLE} {{id: row.article_id}})
MATCH (e:{ENTITY} {{id: row.entity_id}})
MERGE (a)-[m:{MENTIONS}]->(e)
SET m.count = row.count"""
    example = {"article_id": _EX_ARTICLE, "entity_id": _EX_ENTITY, "count": 2}
    return Statement("upsert_mentions", cypher, {"rows": [example]}, guarded=True)


def add_mentions() -> Statement:
    """Add counts onto existing ``MENTIONS`` edges (moving mentions in merge_entities)."""
    cypher = f"""UNWIND $rows AS row
MATCH (a:{ARTICLE} {{id: row.article_id}})
MATCH (e:{ENTITY} {{id: row.entity_id}})
MERGE (a)-[m:{MENTIONS}]->(e)
ON CREATE SET m.count = 0
SET m.count = m.count + row.count"""
    example = {"article_id": _EX_ARTICLE, "entity_id": _EX_ENTITY, "count": 1}
    return Statement("add_mentions", cypher, {"rows": [example]})


@cache
def _ends_allowed(predicate: Predicate) -> str:
    """``WHERE`` condition: ``s`` and ``o`` have types the ontology allows for ``predicate``.

    Grouped by subject type; labels from the ontology whitelist (``graph.identifiers``).
    """
    objects: dict[EntityType, list[EntityType]] = {}
    for subject, obj in sorted(ontology().allowed_ends(predicate)):
        objects.setdefault(subject, []).append(obj)
    return " OR ".join(
        f"(s:{label(subject)} AND ({' OR '.join(f'o:{label(o)}' for o in ends)}))"
        for subject, ends in objects.items()
    )


def upsert_relations(predicate: Predicate) -> Statement:
    """Merge one edge per (subject, predicate, object) and recompute it from its evidence.

    Runs after the evidence segments, so the edge's evidence is complete. Rows
    are lists ``[subject_id, object_id]`` (cheaper to encode than maps, see
    ``create_evidence``); the edge key is built here from them. Guarded: a row
    whose ends are not stored, or whose types the ontology does not allow for
    the predicate, fails the write (the ends' types need no read before it).
    """
    cypher = f"""UNWIND $rows AS row
MATCH (s:{ENTITY} {{id: row[0]}})
MATCH (o:{ENTITY} {{id: row[1]}})
WHERE {_ends_allowed(predicate)}
MERGE (s)-[r:{rel_type(predicate)}]->(o)
WITH r, row[0] + '|' + type(r) + '|' + row[1] AS edge_key
{_EDGE_PROPS}"""
    example = [_EX_ENTITY_2, _EX_ENTITY]
    return Statement(
        f"upsert_relations_{predicate.value}", cypher, {"rows": [example]}, guarded=True
    )


_EVIDENCE_EXAMPLE: dict[str, Any] = {
    "id": "0" * 40,
    "article_id": _EX_ARTICLE,
    "props": {
        "edge_key": _EX_KEY,
        "subject_id": _EX_ENTITY_2,
        "predicate": "RESTRICTS",
        "object_id": _EX_ENTITY,
        "article_id": _EX_ARTICLE,
        "sentence": "Washington has added Zhipu to the Entity List.",
        "start": 0,
        "end": 47,
        "confidence": 0.8,
        "extractor_version": "rules-1",
    },
}


def upsert_evidence() -> Statement:
    """Merge evidence that may already be stored by its deterministic id; link its article.

    ``row.props`` holds the stored properties (see ``graph.write_plan``); the
    evidence's date is its article's ``seen_on``. When a version is stored, the
    one of greater rank is kept (higher confidence, then sentence, then
    extractor version: ``graph.write_plan.evidence_rank``), so batch order does
    not matter. A batch's first plan presumes its evidence absent and writes it
    with the cheaper ``create_evidence``; this one follows a refused write.
    Guarded: evidence of an article that is not stored fails the write.
    """
    cypher = f"""UNWIND $rows AS row
MATCH (a:{ARTICLE} {{id: row.article_id}})
MERGE (v:{EVIDENCE} {{id: row.id}})
WITH a, v, row, v.confidence IS NULL OR CASE
  WHEN row.props.confidence <> v.confidence THEN row.props.confidence > v.confidence
  WHEN row.props.sentence <> v.sentence THEN row.props.sentence > v.sentence
  ELSE row.props.extractor_version > v.extractor_version END AS wins
SET v += CASE WHEN wins THEN row.props ELSE {{}} END, v.published = a.seen_on
MERGE (v)-[:{FROM_ARTICLE}]->(a)"""
    return Statement("upsert_evidence", cypher, {"rows": [_EVIDENCE_EXAMPLE]}, guarded=True)


#: Column order of a ``create_evidence`` row (``graph.write_plan`` builds them). The
#: stored ``edge_key`` is not a column: the statement joins it from the three ends.
EVIDENCE_COLUMNS = (
    "id",
    "article_id",
    "subject_id",
    "predicate",
    "object_id",
    "sentence",
    "start",
    "end",
    "confidence",
    "extractor_version",
)


def create_evidence() -> Statement:
    """Create evidence assumed absent, with its ``FROM_ARTICLE`` link.

    ``CREATE`` with the properties in the pattern costs about half the server
    time of ``MERGE`` + ``SET`` on FalkorDB 4.16 (README "Store benchmark").
    Should any of it be stored already, the unique constraint on ``Evidence.id``
    fails the whole write and the store replans it with ``upsert_evidence``
    (``graph.cypher_store``), so the shortcut never duplicates a node.

    Rows are lists in ``EVIDENCE_COLUMNS`` order, not maps: this is the bulk of
    a relation write's parameters, and lists of scalars are ~4x cheaper to
    encode (``graph.falkordb_params``) and 30% smaller to send and log; the
    ``edge_key`` (``subject|predicate|object``) is joined here rather than sent.
    Guarded: evidence of an article that is not stored fails the write.
    """
    col = {name: f"row[{i}]" for i, name in enumerate(EVIDENCE_COLUMNS)}
    properties = ", ".join(f"{name}: {value}" for name, value in col.items())
    edge_key = f"{col['subject_id']} + '|' + {col['predicate']} + '|' + {col['object_id']}"
    cypher = f"""UNWIND $rows AS row
MATCH (a:{ARTICLE} {{id: {col["article_id"]}}})
CREATE (:{EVIDENCE} {{{properties}, edge_key: {edge_key}, published: a.seen_on}})
  -[:{FROM_ARTICLE}]->(a)"""
    props = _EVIDENCE_EXAMPLE["props"]
    example = [_EVIDENCE_EXAMPLE["id"], *(props[name] for name in EVIDENCE_COLUMNS[1:])]
    return Statement("create_evidence", cypher, {"rows": [example]}, guarded=True)


def delete_evidence() -> Statement:
    """Delete evidence nodes by id (merge_entities re-keys them)."""
    cypher = f"""UNWIND $rows AS row
MATCH (v:{EVIDENCE} {{id: row.id}})
DETACH DELETE v"""
    return Statement("delete_evidence", cypher, {"rows": [{"id": "0" * 40}]})


def recompute_entities() -> Statement:
    """Recompute ``mention_count``/``first_seen``/``last_seen`` from mentioning articles."""
    cypher = f"""UNWIND $rows AS row
MATCH (e:{ENTITY} {{id: row.id}})
{_ENTITY_STATS_TAIL}"""
    return Statement("recompute_entities", cypher, {"rows": [{"id": _EX_ENTITY}]})


def drop_article_evidence() -> Statement:
    """Delete the evidence of articles, then recompute (or drop) the edges it supported.

    Evidence is found through its ``FROM_ARTICLE`` link: no index on
    ``Evidence.article_id`` to maintain on every write.
    """
    cypher = f"""UNWIND $rows AS row
MATCH (:{ARTICLE} {{id: row.id}})<-[:{FROM_ARTICLE}]-(v:{EVIDENCE})
WITH v, v.subject_id AS subject_id, v.predicate AS predicate,
     v.object_id AS object_id, v.edge_key AS edge_key
DETACH DELETE v
WITH DISTINCT subject_id, predicate, object_id, edge_key
{_EDGE_STATS_TAIL}"""
    return Statement("drop_article_evidence", cypher, {"rows": [{"id": _EX_ARTICLE}]})


def drop_article_mentions() -> Statement:
    """Delete the mentions of articles, then recompute the mentioned entities' stats."""
    cypher = f"""UNWIND $rows AS row
MATCH (:{ARTICLE} {{id: row.id}})-[m:{MENTIONS}]->(e:{ENTITY})
DELETE m
WITH DISTINCT e
{_ENTITY_STATS_TAIL}"""
    return Statement("drop_article_mentions", cypher, {"rows": [{"id": _EX_ARTICLE}]})


def delete_articles() -> Statement:
    cypher = f"""UNWIND $rows AS row
MATCH (a:{ARTICLE} {{id: row.id}})
DETACH DELETE a"""
    return Statement("delete_articles", cypher, {"rows": [{"id": _EX_ARTICLE}]})


def delete_entities() -> Statement:
    cypher = f"""UNWIND $rows AS row
MATCH (n:{ENTITY} {{id: row.id}})
DETACH DELETE n"""
    return Statement("delete_entities", cypher, {"rows": [{"id": _EX_ENTITY}]})


_PARAM_ROWS = re.compile(r"\$rows\b")


def _guard(done: str, rows: str) -> str:
    """``WITH`` that fails the write unless ``done`` equals the number of rows sent.

    An integer division by zero when they differ (``toInteger``: a float one would
    give infinity, not an error): both databases then fail the statement and
    roll the write back. (FalkorDB 4.16 raised the error from a
    ``CASE`` branch that was not taken, so it is arithmetic instead.)
    """
    return f"WITH {done} / toInteger(1 - abs(sign({done} - size(${rows})))) AS {done}"


def compose(segments: list[tuple[Statement, list[dict[str, Any]]]]) -> Statement:
    """Chain write segments into one statement, each reading its own ``$rows_<i>``.

    ``WITH count(*)`` after each segment collapses its rows to exactly one, so the
    next segment runs once even when the previous one matched nothing; after a
    guarded segment, that count must be its number of rows (``_guard``).
    """
    parts: list[str] = []
    parameters: dict[str, Any] = {}
    for index, (statement, rows) in enumerate(segments):
        name = f"rows_{index}"
        parts.append(_PARAM_ROWS.sub(f"${name}", statement.cypher))
        parts.append(f"WITH count(*) AS done_{index}")
        if statement.guarded:
            parts.append(_guard(f"done_{index}", name))
        parameters[name] = rows
    parts.append("RETURN 1 AS done")
    names = "+".join(statement.name for statement, _ in segments)
    return Statement(f"composed[{names}]", "\n".join(parts), parameters)


def standalone(statement: Statement) -> Statement:
    """A write segment as Neo4j runs it on its own: a guarded one checks its row count."""
    if not statement.guarded:
        return statement
    cypher = f"{statement.cypher}\nWITH count(*) AS done\n{_guard('done', 'rows')}\nRETURN done"
    return Statement(statement.name, cypher, statement.parameters, guarded=True)


# ---------------------------------------------------------------- reads


def ping() -> Statement:
    return Statement("ping", "RETURN 1 AS ok")


def get_entities() -> Statement:
    cypher = f"""UNWIND $ids AS id
MATCH (n:{ENTITY} {{id: id}})
RETURN {entity_columns("n")}"""
    return Statement("get_entities", cypher, {"ids": [_EX_ENTITY]})


def stored_state() -> Statement:
    """What is stored of the ids a write refers to, in one read (validation before a write).

    One row per entity type found among ``$entity_ids`` (``part`` = ``entities``,
    ``type`` its type) and one row of the ``$article_ids`` found (``articles``):
    lists of ids, far cheaper to parse than a row per id, in one round trip.
    """
    cypher = f"""UNWIND $entity_ids AS id
MATCH (n:{ENTITY} {{id: id}})
RETURN 'entities' AS part, n.type AS type, collect(n.id) AS ids
UNION ALL
UNWIND $article_ids AS id
MATCH (a:{ARTICLE} {{id: id}})
RETURN 'articles' AS part, NULL AS type, collect(a.id) AS ids"""
    params = {"entity_ids": [_EX_ENTITY], "article_ids": [_EX_ARTICLE]}
    return Statement("stored_state", cypher, params)


def existing_articles() -> Statement:
    cypher = f"""UNWIND $ids AS id
MATCH (a:{ARTICLE} {{id: id}})
RETURN a.id AS id, a.content_hash AS content_hash"""
    return Statement("existing_articles", cypher, {"ids": [_EX_ARTICLE]})


def get_articles() -> Statement:
    cypher = f"""UNWIND $ids AS id
MATCH (a:{ARTICLE} {{id: id}})
RETURN properties(a) AS article"""
    return Statement("get_articles", cypher, {"ids": [_EX_ARTICLE]})


def entity_edge_evidence() -> Statement:
    """All evidence of the edges at one entity (merge_entities re-keys it)."""
    cypher = f"""MATCH (n:{ENTITY} {{id: $id}})-[r]-(:{ENTITY})
WITH DISTINCT r
WITH startNode(r).id + '|' + type(r) + '|' + endNode(r).id AS edge_key
MATCH (v:{EVIDENCE} {{edge_key: edge_key}})
RETURN properties(v) AS evidence"""
    return Statement("entity_edge_evidence", cypher, {"id": _EX_ENTITY})


def entity_mentions() -> Statement:
    cypher = f"""MATCH (a:{ARTICLE})-[m:{MENTIONS}]->(:{ENTITY} {{id: $id}})
RETURN a.id AS article_id, m.count AS count"""
    return Statement("entity_mentions", cypher, {"id": _EX_ENTITY})


_NEIGHBOUR_PATTERNS = {
    "OUT": f"(e:{ENTITY} {{id: id}})-[r]->(x:{ENTITY})",
    "IN": f"(e:{ENTITY} {{id: id}})<-[r]-(x:{ENTITY})",
    "BOTH": f"(e:{ENTITY} {{id: id}})-[r]-(x:{ENTITY})",
}


def _neighbour_edges(direction: str) -> str:
    """Filtered edges ``r`` at each ``id``, in page order (``neighbours``, ``relation_details``).

    Both statements page the same rows, so they share this selection and its order.
    """
    return f"""UNWIND $ids AS id
MATCH {_NEIGHBOUR_PATTERNS[direction]}
WHERE type(r) IN $predicates AND r.confidence >= $min_confidence
  AND ($since IS NULL OR r.last_seen >= $since)
  AND ($until IS NULL OR r.first_seen <= $until)
WITH id, r ORDER BY r.last_seen DESC, r.confidence DESC,
     startNode(r).id, type(r), endNode(r).id"""


def _neighbour_parameters() -> dict[str, Any]:
    """Example parameters of ``_neighbour_edges`` plus the page window."""
    return {
        "ids": [_EX_ENTITY],
        "predicates": _ALL_PREDICATES,
        "min_confidence": 0.0,
        "since": None,
        "until": None,
        "skip": 0,
        "limit": 21,
    }


def neighbours(direction: str) -> Statement:
    """Edges at each entity (direction OUT, IN or BOTH), filtered, sliced, with totals."""
    cypher = f"""{_neighbour_edges(direction)}
WITH id, collect({relation_map("r")}) AS edges
RETURN id, size(edges) AS total, edges[$skip..$skip + $limit] AS items"""
    params = _neighbour_parameters()
    return Statement(f"neighbours_{direction}", cypher, params)


def evidence_views() -> Statement:
    """Evidence and article of each edge key, newest article first, with totals."""
    cypher = f"""UNWIND $keys AS key
MATCH (v:{EVIDENCE} {{edge_key: key}})-[:{FROM_ARTICLE}]->(a:{ARTICLE})
WITH key, v, a ORDER BY a.seen_on DESC, v.id
WITH key, collect({{evidence: properties(v), article: properties(a)}}) AS views
RETURN key, size(views) AS total, views[0..$first] AS items"""
    return Statement("evidence_views", cypher, {"keys": [_EX_KEY], "first": 20})


def relation_details(direction: str, with_evidence: bool) -> Statement:
    """A page of edges at each entity with both end entities and, optionally, evidence.

    What ``neighbours`` + ``get_entities`` (the ends) + ``evidence_views`` return, in
    one round trip: one row per edge of the page (``i`` is its position), with the
    entity's total; ``$evidence_first`` evidence items per edge, newest article first.
    """
    head = f"""{_neighbour_edges(direction)}
WITH id, collect(r) AS edges
WITH id, size(edges) AS total, edges[$skip..$skip + $limit] AS page
UNWIND range(0, size(page) - 1) AS i
WITH id, total, i, page[i] AS r
WITH id, total, i, r, startNode(r) AS s, endNode(r) AS o"""
    columns = (
        f"id, total, i, {relation_map('r')} AS relation, {entity_map('s')} AS subject, "
        f"{entity_map('o')} AS object"
    )
    params = _neighbour_parameters()
    if not with_evidence:
        cypher = f"{head}\nRETURN {columns}"
        return Statement(f"relation_details_{direction}", cypher, params)
    cypher = f"""{head}
OPTIONAL MATCH (v:{EVIDENCE} {{edge_key: s.id + '|' + type(r) + '|' + o.id}})
  -[:{FROM_ARTICLE}]->(a:{ARTICLE})
WITH id, total, i, r, s, o, v, a ORDER BY a.seen_on DESC, v.id
WITH id, total, i, r, s, o,
     collect(CASE WHEN v IS NULL THEN NULL
             ELSE {{evidence: properties(v), article: properties(a)}} END) AS views
RETURN {columns}, size(views) AS evidence_total, views[0..$evidence_first] AS evidence"""
    params["evidence_first"] = 5
    return Statement(f"relation_details_{direction}_evidence", cypher, params)


def _article_selection(with_entity: bool) -> tuple[str, dict[str, Any], str]:
    """``MATCH ... WHERE ...`` shared by ``article_page`` and ``article_count``.

    Returns the Cypher head, its filter parameters and the statement-name suffix.
    """
    match = (
        f"MATCH (a:{ARTICLE})-[:{MENTIONS}]->(:{ENTITY} {{id: $entity_id}})"
        if with_entity
        else f"MATCH (a:{ARTICLE})"
    )
    head = f"""{match}
WHERE ($source IS NULL OR a.source = $source)
  AND ($since IS NULL OR a.seen_on >= $since)
  AND ($until IS NULL OR a.seen_on <= $until)"""
    params: dict[str, Any] = {"source": None, "since": None, "until": None}
    if with_entity:
        params["entity_id"] = _EX_ENTITY
    suffix = "mentioning" if with_entity else "all"
    return head, params, suffix


def article_page(with_entity: bool) -> Statement:
    """A page of articles, newest first; optionally only those mentioning an entity."""
    head, params, suffix = _article_selection(with_entity)
    cypher = f"""{head}
RETURN properties(a) AS article
ORDER BY a.seen_on DESC, a.id
SKIP $skip LIMIT $limit"""
    params.update(skip=0, limit=21)
    return Statement(f"article_page_{suffix}", cypher, params)


def article_count(with_entity: bool) -> Statement:
    head, params, suffix = _article_selection(with_entity)
    return Statement(f"article_count_{suffix}", f"{head}\nRETURN count(a) AS total", params)


def article_entities() -> Statement:
    cypher = f"""UNWIND $ids AS id
MATCH (:{ARTICLE} {{id: id}})-[:{MENTIONS}]->(e:{ENTITY})
RETURN id, e.id AS entity_id"""
    return Statement("article_entities", cypher, {"ids": [_EX_ARTICLE]})


def article_relations() -> Statement:
    cypher = f"""UNWIND $ids AS id
MATCH (:{ARTICLE} {{id: id}})<-[:{FROM_ARTICLE}]-(v:{EVIDENCE})
WITH DISTINCT id, v.subject_id AS sid, v.predicate AS predicate, v.object_id AS oid
MATCH (:{ENTITY} {{id: sid}})-[r]->(:{ENTITY} {{id: oid}})
WHERE type(r) = predicate
RETURN id, {relation_columns("r")}"""
    return Statement("article_relations", cypher, {"ids": [_EX_ARTICLE]})


def count_entities_by_type() -> Statement:
    cypher = f"MATCH (n:{ENTITY}) RETURN n.type AS type, count(n) AS total"
    return Statement("count_entities_by_type", cypher)


def count_relations_by_predicate() -> Statement:
    cypher = f"""MATCH (:{ENTITY})-[r]->(:{ENTITY})
WHERE type(r) IN $predicates
RETURN type(r) AS predicate, count(r) AS total"""
    return Statement("count_relations_by_predicate", cypher, {"predicates": _ALL_PREDICATES})


def count_articles() -> Statement:
    return Statement("count_articles", f"MATCH (a:{ARTICLE}) RETURN count(a) AS total")


def count_evidence() -> Statement:
    return Statement("count_evidence", f"MATCH (v:{EVIDENCE}) RETURN count(v) AS total")


def iter_entities() -> Statement:
    cypher = f"""MATCH (n:{ENTITY})
RETURN {entity_columns("n")}
ORDER BY n.id SKIP $skip LIMIT $limit"""
    return Statement("iter_entities", cypher, {"skip": 0, "limit": 1000})


def iter_relations() -> Statement:
    cypher = f"""MATCH (s:{ENTITY})-[r]->(o:{ENTITY})
WHERE type(r) IN $predicates
WITH s, r, o ORDER BY s.id, type(r), o.id SKIP $skip LIMIT $limit
RETURN {relation_columns("r")}"""
    return Statement(
        "iter_relations", cypher, {"predicates": _ALL_PREDICATES, "skip": 0, "limit": 1000}
    )


def iter_evidence() -> Statement:
    cypher = f"""MATCH (v:{EVIDENCE})
RETURN properties(v) AS evidence
ORDER BY v.id SKIP $skip LIMIT $limit"""
    return Statement("iter_evidence", cypher, {"skip": 0, "limit": 1000})


def iter_articles() -> Statement:
    cypher = f"""MATCH (a:{ARTICLE})
RETURN properties(a) AS article
ORDER BY a.id SKIP $skip LIMIT $limit"""
    return Statement("iter_articles", cypher, {"skip": 0, "limit": 1000})


def iter_mentions() -> Statement:
    cypher = f"""MATCH (a:{ARTICLE})-[m:{MENTIONS}]->(e:{ENTITY})
RETURN a.id AS article_id, e.id AS entity_id, m.count AS count
ORDER BY article_id, entity_id SKIP $skip LIMIT $limit"""
    return Statement("iter_mentions", cypher, {"skip": 0, "limit": 1000})


# ---------------------------------------------------------------- enumeration


def write_segments() -> list[Statement]:
    """Every write segment, labels/types expanded, in the order a batch uses them."""
    return [
        drop_article_evidence(),
        drop_article_mentions(),
        upsert_articles(),
        refresh_article_evidence(),
        refresh_article_mentions(),
        *(upsert_entities(t) for t in EntityType),
        upsert_mentions(),
        upsert_evidence(),
        create_evidence(),
        *(upsert_relations(p) for p in Predicate),
        recompute_entities(),
    ]


def read_statements() -> list[Statement]:
    return [
        ping(),
        get_entities(),
        stored_state(),
        existing_articles(),
        get_articles(),
        entity_edge_evidence(),
        entity_mentions(),
        *(neighbours(d) for d in ("OUT", "IN", "BOTH")),
        *(relation_details(d, e) for d in ("OUT", "IN", "BOTH") for e in (False, True)),
        evidence_views(),
        article_page(False),
        article_page(True),
        article_count(False),
        article_count(True),
        article_entities(),
        article_relations(),
        count_entities_by_type(),
        count_relations_by_predicate(),
        count_articles(),
        count_evidence(),
        iter_entities(),
        iter_relations(),
        iter_evidence(),
        iter_articles(),
        iter_mentions(),
    ]


def all_statements(dialect: Dialect) -> list[Statement]:
    """Every statement the adapter of ``dialect`` can send, with example parameters.

    Includes the dialect's schema DDL, search and one shortest-path statement per
    allowed path length, and the list statements of ``graph.filters``.
    """
    statements = [
        *schema_statements(dialect),
        *(write_segments() if dialect == "falkordb" else map(standalone, write_segments())),
        set_entity_names(),
        add_mentions(),
        delete_evidence(),
        delete_articles(),
        delete_entities(),
        *read_statements(),
        search_statement(dialect, fulltext_query(dialect, "zhipu ai")),
        *(shortest_paths_statement(dialect, n) for n in range(1, MAX_PATH_LENGTH + 1)),
        *_filter_statements(),
    ]
    if dialect == "falkordb":
        statements.append(compose([(s, []) for s in write_segments()]))
    return statements


def _filter_statements() -> list[Statement]:
    """Example list statements from ``graph.filters`` (when that module is present)."""
    try:
        from graph import filters
    except ImportError:
        return []
    return list(filters.example_statements()) if hasattr(filters, "example_statements") else []


__all__ = [
    "EVIDENCE_COLUMNS",
    "add_mentions",
    "all_statements",
    "article_count",
    "article_entities",
    "article_page",
    "article_relations",
    "compose",
    "standalone",
    "count_articles",
    "count_entities_by_type",
    "count_evidence",
    "count_relations_by_predicate",
    "create_evidence",
    "delete_articles",
    "delete_entities",
    "delete_evidence",
    "drop_article_evidence",
    "drop_article_mentions",
    "entity_columns",
    "entity_edge_evidence",
    "entity_mentions",
    "evidence_views",
    "existing_articles",
    "get_articles",
    "get_entities",
    "iter_articles",
    "iter_entities",
    "iter_evidence",
    "iter_mentions",
    "iter_relations",
    "neighbours",
    "ping",
    "read_statements",
    "relation_details",
    "recompute_entities",
    "refresh_article_evidence",
    "refresh_article_mentions",
    "relation_columns",
    "set_entity_names",
    "stored_state",
    "upsert_articles",
    "upsert_entities",
    "upsert_evidence",
    "upsert_mentions",
    "upsert_relations",
    "write_segments",
]
