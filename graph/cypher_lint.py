"""Lint Cypher statements with Neo4j's own linter, run by node from ``tools/cypher-lint``.

The linter (npm ``@neo4j-cypher/language-support``, pinned in
``tools/cypher-lint/package-lock.json``) is the one Neo4j's editors use. It
reports syntax errors, undefined variables and parameters, unknown functions and
procedures (against Neo4j's built-in registry, so a FalkorDB-only call fails),
and, given a schema, unknown labels, relationship types and property keys and
relationship patterns the schema does not allow.

The schema it checks against is built here from the ontology (entity types,
predicates with their domain and range) plus the structural model every store
shares: ``Entity``/``Article``/``Evidence`` nodes, ``MENTIONS`` and
``FROM_ARTICLE`` relationships, and the property keys of the stored records.

Example:
    >>> from graph.statements import Statement
    >>> diagnostics = lint_statements(  # doctest: +SKIP
    ...     [Statement("by_id", "MATCH (e:Entity {id: $id}) RETURN e.nam", {"id": "x"})]
    ... )
    >>> print(diagnostics[0])  # doctest: +SKIP
    by_id:1:37: warning: nam is not present in the database. ...
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from frontierkg.errors import FrontierKGError
from graph.identifiers import (
    ARTICLE_LABEL,
    ENTITY_LABEL,
    EVIDENCE_LABEL,
    FROM_ARTICLE,
    MENTIONS,
    STRUCTURAL_LABELS,
    STRUCTURAL_REL_TYPES,
)
from graph.models import (
    ArticleRecord,
    EntityRecord,
    EvidenceRecord,
    Mention,
    RelationRecord,
)
from graph.statements import Statement
from schema import EntityType, Ontology, Predicate, ontology

LINT_DIR = Path(__file__).resolve().parents[1] / "tools" / "cypher-lint"
LINTER_PACKAGE = "@neo4j-cypher/language-support"

# The ends of an edge are its nodes; the edge itself stores only the derived values.
_EDGE_ENDS = frozenset({"subject_id", "predicate", "object_id"})

Severity = Literal["error", "warning", "info", "hint"]


class CypherLintError(FrontierKGError):
    """The linter could not run (node or its npm modules missing, bad input, crash)."""


@dataclass(frozen=True)
class LintDiagnostic:
    """One finding of the linter about one statement (line and column are 1-based)."""

    statement: str
    severity: Severity
    message: str
    line: int
    column: int
    start: int
    end: int

    @property
    def blocking(self) -> bool:
        """Errors and warnings fail CI; information and hints do not."""
        return self.severity in ("error", "warning")

    def __str__(self) -> str:
        return f"{self.statement}:{self.line}:{self.column}: {self.severity}: {self.message}"


def _fields(record: type[BaseModel], skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {n: f.annotation for n, f in record.model_fields.items() if n not in skip}


def node_properties() -> dict[str, dict[str, Any]]:
    """Property name -> Python type per node label, as the stores write nodes.

    Besides the record fields: ``alias_text`` (name and aliases in one string,
    for the full-text index, which cannot read list values on FalkorDB), an
    article's ``seen_on`` (published or ingest date), and an evidence node's
    ``id``, ``edge_key``, edge ends and ``published``.
    """
    entity = {**_fields(EntityRecord), "alias_text": str}
    article = {**_fields(ArticleRecord), "seen_on": str}
    evidence = {
        "id": str,
        "edge_key": str,
        "subject_id": str,
        "predicate": str,
        "object_id": str,
        **_fields(EvidenceRecord),
        "published": str,
    }
    properties = {ENTITY_LABEL: entity}
    properties.update({t.value: entity for t in EntityType})
    properties[ARTICLE_LABEL] = article
    properties[EVIDENCE_LABEL] = evidence
    return properties


def relationship_properties() -> dict[str, dict[str, Any]]:
    """Property name -> Python type per relationship type, as the stores write edges."""
    edge = _fields(RelationRecord, skip=_EDGE_ENDS)
    properties: dict[str, dict[str, Any]] = {p.value: edge for p in Predicate}
    properties[MENTIONS] = _fields(Mention, skip=frozenset({"article_id", "entity_id"}))
    properties[FROM_ARTICLE] = {}
    return properties


def property_keys() -> list[str]:
    """Every property key the stores write, on nodes and relationships."""
    keys: set[str] = set()
    for per_type in (node_properties(), relationship_properties()):
        for properties in per_type.values():
            keys.update(properties)
    return sorted(keys)


def graph_schema(onto: Ontology | None = None) -> list[dict[str, str]]:
    """Allowed ``(from)-[relType]->(to)`` label triples, for the linter's path checks.

    Every entity node carries ``Entity`` and its type label, so each predicate also
    allows ``Entity`` at both ends; the type-level triples come from the predicate's
    domain and range, so ``(:Policy)-[:RELEASES]->()`` is reported.
    """
    onto = onto or ontology()
    triples: set[tuple[str, str, str]] = set()
    for predicate in Predicate:
        spec = onto.spec(predicate)
        triples.add((ENTITY_LABEL, predicate.value, ENTITY_LABEL))
        for subject in spec.domain:
            for obj in spec.range:
                if onto.allows(predicate, subject, obj):
                    triples.add((subject.value, predicate.value, obj.value))
    triples.add((ARTICLE_LABEL, MENTIONS, ENTITY_LABEL))
    triples.update((ARTICLE_LABEL, MENTIONS, t.value) for t in EntityType)
    triples.add((EVIDENCE_LABEL, FROM_ARTICLE, ARTICLE_LABEL))
    return [{"from": f, "relType": r, "to": t} for f, r, t in sorted(triples)]


def db_schema(onto: Ontology | None = None) -> dict[str, Any]:
    """The linter's ``DbSchema``: labels, relationship types, property keys, graph schema.

    Parameters are not part of it: each statement's own example parameters are
    added per statement, so one statement's ``$param`` never excuses another's.
    """
    onto = onto or ontology()
    return {
        "labels": [*sorted(STRUCTURAL_LABELS), *(t.value for t in EntityType)],
        "relationshipTypes": [*(p.value for p in Predicate), *sorted(STRUCTURAL_REL_TYPES)],
        "propertyKeys": property_keys(),
        "graphSchema": graph_schema(onto),
        "defaultLanguage": "CYPHER 5",
    }


def _jsonable(value: object) -> object:
    """Example parameter values as JSON (the linter only needs their presence and shape)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"parameter value {value!r} of type {type(value).__name__} is not JSON")


def _statement_line(statement: Statement) -> str:
    try:
        return json.dumps(
            {
                "name": statement.name,
                "cypher": statement.cypher,
                "parameters": statement.parameters,
            },
            default=_jsonable,
        )
    except TypeError as error:
        raise CypherLintError(
            f"statement {statement.name!r}: {error}; give example parameters as JSON-like values"
        ) from None


def linter_problem(lint_dir: Path = LINT_DIR) -> str | None:
    """Why the linter cannot run here (with the fix), or None when it can."""
    if shutil.which("node") is None:
        return "node is not on PATH; install Node.js 20 or newer to run the Cypher linter"
    if not (lint_dir / "node_modules" / LINTER_PACKAGE / "package.json").is_file():
        return (
            f"{lint_dir / 'node_modules'} lacks {LINTER_PACKAGE}; run `make install` "
            f"(or `cd {lint_dir} && npm ci`) to install the Cypher linter"
        )
    return None


def lint_statements(
    statements: Sequence[Statement],
    *,
    lint_dir: Path = LINT_DIR,
    timeout_s: float = 300.0,
) -> list[LintDiagnostic]:
    """Lint ``statements`` in one node process; return every diagnostic, in statement order.

    Raises ``CypherLintError`` when the linter cannot run or a statement's name
    is duplicated (diagnostics would be ambiguous).
    """
    names = [s.name for s in statements]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CypherLintError(f"statement names must be unique; repeated: {', '.join(duplicates)}")
    problem = linter_problem(lint_dir)
    if problem is not None:
        raise CypherLintError(problem)
    node = shutil.which("node") or "node"
    payload = "".join(_statement_line(s) + "\n" for s in statements)
    with tempfile.TemporaryDirectory(prefix="frontierkg-lint-") as tmp:
        schema_file = Path(tmp) / "db-schema.json"
        schema_file.write_text(json.dumps(db_schema()), "utf-8")
        try:
            completed = subprocess.run(  # fixed argv, no shell
                [node, str(lint_dir / "lint.mjs"), "--schema", str(schema_file)],
                input=payload,
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise CypherLintError(
                f"the Cypher linter did not finish {len(statements)} statements in {timeout_s} s"
            ) from None
    if completed.returncode not in (0, 1):
        raise CypherLintError(
            f"the Cypher linter failed (exit {completed.returncode}): {completed.stderr.strip()}"
        )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise CypherLintError(
            f"the Cypher linter printed no JSON report: {completed.stdout[:200]!r}"
        ) from None
    return [
        LintDiagnostic(
            statement=d["name"],
            severity=d["severity"],
            message=d["message"],
            line=d["line"],
            column=d["column"],
            start=d["start"],
            end=d["end"],
        )
        for d in report["diagnostics"]
    ]


__all__ = [
    "LINT_DIR",
    "CypherLintError",
    "LintDiagnostic",
    "db_schema",
    "graph_schema",
    "lint_statements",
    "linter_problem",
    "node_properties",
    "property_keys",
    "relationship_properties",
]
