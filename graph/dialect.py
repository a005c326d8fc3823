"""Everything that differs between Neo4j 5 and FalkorDB Cypher, in one module.

- Schema: Neo4j declares constraints and indexes with ``CREATE ... IF NOT EXISTS``;
  FalkorDB creates exact-match indexes with ``CREATE INDEX`` (an error when they
  exist, so the adapter checks ``db.indexes()`` first) and uniqueness with the
  ``GRAPH.CONSTRAINT CREATE`` command, which needs the index to exist.
- Full-text: Neo4j ``db.index.fulltext.queryNodes`` with Lucene syntax; FalkorDB
  ``db.idx.fulltext.queryNodes`` with RediSearch syntax. User text is reduced to
  lower-case alphanumeric tokens, so neither syntax needs escaping.
- Shortest paths: Neo4j ``allShortestPaths`` (the length bound must be a literal,
  hence one statement per length); FalkorDB ``algo.SPpaths`` (``shortestPath``
  there is directed only).

Example:
    >>> fulltext_query("falkordb", "Zhipu AI")
    '(zhipu*|%zhipu%) ai*'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.identifiers import ARTICLE_LABEL, ENTITY_LABEL, EVIDENCE_LABEL, label, rel_type
from graph.projections import relation_map
from graph.statements import Dialect, Statement
from schema import Predicate

#: Longest path ``shortest_paths`` accepts.
MAX_PATH_LENGTH = 6
#: Name of the Neo4j full-text index (FalkorDB names full-text indexes by label).
FULLTEXT_INDEX = "entity_text"
#: Properties the full-text index covers (``alias_text`` holds name + aliases).
FULLTEXT_PROPERTIES = ("name", "alias_text")


@dataclass(frozen=True)
class ExactIndex:
    """An exact-match (range) index; ``unique`` also makes a uniqueness constraint."""

    label: str
    key: str
    unique: bool = False

    @property
    def name(self) -> str:
        return f"{self.label.lower()}_{self.key}"


#: Exact-match indexes of the graph model; the unique ones carry constraints.
#: ``Evidence.edge_key`` serves evidence per edge and the in-write recompute of
#: edge aggregates. There is deliberately no ``Evidence.article_id`` index: the
#: reads by article traverse ``FROM_ARTICLE`` from the indexed ``Article.id``,
#: and maintaining that index cost about a third of an evidence write.
EXACT_INDEXES: tuple[ExactIndex, ...] = (
    ExactIndex(ENTITY_LABEL, "id", unique=True),
    ExactIndex(ARTICLE_LABEL, "id", unique=True),
    ExactIndex(EVIDENCE_LABEL, "id", unique=True),
    ExactIndex(EVIDENCE_LABEL, "edge_key"),
    ExactIndex(ARTICLE_LABEL, "seen_on"),
)


def _neo4j_schema() -> list[Statement]:
    statements: list[Statement] = []
    for index in EXACT_INDEXES:
        node = f"(n:{label(index.label)})"
        if index.unique:
            cypher = (
                f"CREATE CONSTRAINT {index.name}_unique IF NOT EXISTS "
                f"FOR {node} REQUIRE n.{index.key} IS UNIQUE"
            )
            statements.append(Statement(f"schema_{index.name}_unique", cypher))
        else:
            cypher = f"CREATE INDEX {index.name} IF NOT EXISTS FOR {node} ON (n.{index.key})"
            statements.append(Statement(f"schema_{index.name}", cypher))
    props = ", ".join(f"n.{p}" for p in FULLTEXT_PROPERTIES)
    cypher = (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
        f"FOR (n:{label(ENTITY_LABEL)}) ON EACH [{props}]"
    )
    statements.append(Statement("schema_fulltext", cypher))
    statements.append(Statement("schema_await", "CALL db.awaitIndexes($seconds)", {"seconds": 60}))
    return statements


def falkordb_index_statement(index: ExactIndex) -> Statement:
    cypher = f"CREATE INDEX FOR (n:{label(index.label)}) ON (n.{index.key})"
    return Statement(f"schema_{index.name}", cypher)


def falkordb_fulltext_statement() -> Statement:
    props = ", ".join(f"'{p}'" for p in FULLTEXT_PROPERTIES)
    cypher = (
        f"CALL db.idx.fulltext.createNodeIndex({{label: '{ENTITY_LABEL}', stopwords: []}}, {props})"
    )
    return Statement("schema_fulltext", cypher)


def falkordb_list_indexes() -> Statement:
    cypher = "CALL db.indexes() YIELD label, properties, types RETURN label, properties, types"
    return Statement("schema_list_indexes", cypher)


def falkordb_list_constraints() -> Statement:
    cypher = "CALL db.constraints() YIELD label, properties RETURN label, properties"
    return Statement("schema_list_constraints", cypher)


def schema_statements(dialect: Dialect) -> list[Statement]:
    """Schema statements of ``dialect`` (FalkorDB's constraints are commands, not Cypher)."""
    if dialect == "neo4j":
        return _neo4j_schema()
    return [
        falkordb_list_indexes(),
        falkordb_list_constraints(),
        *(falkordb_index_statement(i) for i in EXACT_INDEXES),
        falkordb_fulltext_statement(),
    ]


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def search_tokens(text: str) -> list[str]:
    """Lower-case alphanumeric tokens of ``text`` (at most 8), in order, deduplicated."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text.casefold()):
        if token not in tokens:
            tokens.append(token)
    return tokens[:8]


def _term(dialect: Dialect, token: str) -> str:
    """One token matched by prefix, or within one edit when it is long enough."""
    if dialect == "neo4j":
        return f"({token}* OR {token}~1)" if len(token) >= 4 else f"{token}*"
    prefix = f"{token}*" if len(token) >= 2 else token
    return f"({prefix}|%{token}%)" if len(token) >= 4 else prefix


def fulltext_query(dialect: Dialect, text: str, *, match_all: bool = True) -> str:
    """Full-text query over the tokens of ``text``: all of them (default) or any.

    Each token matches by prefix, or by one edit when it has 4+ characters.
    Returns ``""`` when ``text`` has no searchable token.
    """
    terms = [_term(dialect, token) for token in search_tokens(text)]
    if dialect == "neo4j":
        return " ".join(f"+{t}" for t in terms) if match_all else " OR ".join(terms)
    return " ".join(terms) if match_all else " | ".join(terms)


def search_statement(dialect: Dialect, query: str) -> Statement:
    """Full-text candidates (entity rows with the engine's score), optionally by type."""
    if dialect == "neo4j":
        call = f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query) YIELD node, score"
    else:
        call = f"CALL db.idx.fulltext.queryNodes('{ENTITY_LABEL}', $query) YIELD node, score"
    cypher = f"""{call}
WITH node, score WHERE $types IS NULL OR node.type IN $types
WITH node, score ORDER BY score DESC LIMIT $limit
RETURN properties(node) AS entity, score"""
    return Statement("search", cypher, {"query": query, "types": None, "limit": 100})


def shortest_paths_statement(dialect: Dialect, max_length: int) -> Statement:
    """Shortest undirected paths between two entities over ``$predicates`` edges."""
    if not 1 <= max_length <= MAX_PATH_LENGTH:
        raise ValueError(f"max_length must be within 1..{MAX_PATH_LENGTH}, got {max_length}")
    ends = (
        f"MATCH (a:{label(ENTITY_LABEL)} {{id: $from_id}})\n"
        f"MATCH (b:{label(ENTITY_LABEL)} {{id: $to_id}})"
    )
    project = f"RETURN [rel IN relationships(path) | {relation_map('rel')}] AS edges"
    if dialect == "neo4j":
        types = "|".join(rel_type(p) for p in Predicate)
        cypher = f"""{ends}
MATCH path = allShortestPaths((a)-[:{types}*1..{max_length}]-(b))
WHERE all(rel IN relationships(path) WHERE type(rel) IN $predicates)
WITH path LIMIT $limit
{project}"""
        params: dict[str, object] = {}
    else:
        cypher = f"""{ends}
CALL algo.SPpaths({{sourceNode: a, targetNode: b, relTypes: $predicates,
                    relDirection: 'both', maxLen: $max_length, pathCount: 0}}) YIELD path
WITH path LIMIT $limit
{project}"""
        params = {"max_length": max_length}
    params.update(
        {
            "from_id": "organization:zhipu-ai",
            "to_id": "country:united-states",
            "predicates": [p.value for p in Predicate],
            "limit": 10,
        }
    )
    return Statement(f"shortest_paths_{max_length}", cypher, params)


__all__ = [
    "EXACT_INDEXES",
    "FULLTEXT_INDEX",
    "FULLTEXT_PROPERTIES",
    "MAX_PATH_LENGTH",
    "ExactIndex",
    "falkordb_fulltext_statement",
    "falkordb_index_statement",
    "falkordb_list_constraints",
    "falkordb_list_indexes",
    "fulltext_query",
    "schema_statements",
    "search_statement",
    "search_tokens",
    "shortest_paths_statement",
]
