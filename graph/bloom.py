"""Neo4j Bloom perspective generated from the ontology.

A perspective is the JSON file Bloom exports and imports (Perspective drawer ->
Import). Its shape follows the files Bloom itself exports, e.g. Neo4j's example
perspectives in github.com/neo4j-graph-examples (``bloom/*.bloom-perspective*``):
``categories`` (one per label: ``color``, ``icon``, ``size``, ``labels``,
``properties`` with ``exclude``/``isCaption``/``dataType``), ``relationshipTypes``,
``palette``, ``templates`` (search phrases: ``text``, parameterised ``cypher``,
``params`` with Bloom's label-key suggestions) and bookkeeping keys
(``hiddenCategories``, ``hideUncategorisedData``, ``version`` ...), plus the keys
newer Bloom versions add (``labels``, ``captionKeys``, ``metadata.pathSegments``).

Categories: one per entity type (caption ``name``, ``aliases`` shown), plus
``Article`` and ``Evidence``; colours and icons come from ``graph.styles``.
Entity nodes also carry the ``Entity`` label, which has no category of its
own, so each entity lands in the category of its type.

Search phrases are parameterised Cypher (never built from input) and are linted
with Neo4j's linter like every other statement (``search_phrase_statements``).

Example:
    >>> p = perspective(created_at_ms=0)
    >>> [c["name"] for c in p["categories"]][1:4]
    ['Organization', 'GovernmentBody', 'Country']
    >>> p["templates"][0]["text"]
    'Who restricts $entity'
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from typing import Any, get_args

from graph.cypher_lint import graph_schema, node_properties, relationship_properties
from graph.identifiers import ARTICLE_LABEL, ENTITY_LABEL, EVIDENCE_LABEL, FROM_ARTICLE, MENTIONS
from graph.statements import Statement
from graph.styles import BLOOM_PALETTE, NodeStyle, label_styles, relationship_color
from schema import EntityType, Predicate, ontology

PERSPECTIVE_NAME = "frontierkg"
# The format version written in the file; Bloom migrates older versions on import.
BLOOM_PERSPECTIVE_VERSION = "2.3.0"
_PERSPECTIVE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://frontierkg.dev/bloom")

# Properties stored for machines, hidden in Bloom: ``alias_text`` repeats name and aliases
# for the full-text index, ``edge_key`` repeats the evidence's edge ends, ``content_hash``
# detects changed articles.
_HIDDEN_PROPERTIES = frozenset({"alias_text", "edge_key", "content_hash"})


@dataclass(frozen=True)
class PhraseParameter:
    """A ``$name`` of a search phrase and where Bloom takes its suggestions from.

    Either label-key suggestions (values of ``suggestion_property`` on nodes of
    ``suggestion_label``, a label with a category) or, when ``suggestion_cypher``
    is set, the values that query returns (for ``Entity``, which has no category).
    """

    name: str
    example: str
    suggestion_label: str | None = None
    suggestion_property: str | None = None
    suggestion_cypher: str | None = None


@dataclass(frozen=True)
class SearchPhrase:
    """A Bloom search phrase: the text users type and the Cypher it runs."""

    text: str
    description: str
    cypher: str
    parameters: tuple[PhraseParameter, ...]

    @property
    def statement_name(self) -> str:
        """Stable name for linting, e.g. ``bloom.who_restricts_entity``."""
        return "bloom." + re.sub(r"[^a-z0-9]+", "_", self.text.lower()).strip("_")

    def statements(self) -> list[Statement]:
        """The phrase's query and its parameters' suggestion queries."""
        statements = [
            Statement(
                self.statement_name, self.cypher, {p.name: p.example for p in self.parameters}
            )
        ]
        statements.extend(
            Statement(f"{self.statement_name}.{p.name}.suggestions", p.suggestion_cypher)
            for p in self.parameters
            if p.suggestion_cypher is not None
        )
        return statements


def _entity_named(variable: str, parameter: str, label: EntityType | None = None) -> str:
    """``MATCH`` of the entity a user picked by its name or one of its aliases."""
    labels = f"{ENTITY_LABEL}:{label.value}" if label else ENTITY_LABEL
    return (
        f"MATCH ({variable}:{labels})\n"
        f"WHERE {variable}.name = ${parameter} OR ${parameter} IN {variable}.aliases"
    )


def _param(name: str, label: EntityType | str, example: str, prop: str = "name") -> PhraseParameter:
    """A parameter suggested from the ``prop`` values of a categorised label."""
    return PhraseParameter(name, example, str(label), prop)


# Bloom suggests label-key values only for labels in the perspective; ``Entity`` has no
# category (each entity shows in its type's), so entity names come from a query.
_ENTITY_NAMES = f"MATCH (e:{ENTITY_LABEL}) RETURN e.name AS name ORDER BY name LIMIT 5000"


def _any_entity(name: str, example: str) -> PhraseParameter:
    return PhraseParameter(name, example, suggestion_cypher=_ENTITY_NAMES)


_ONTOLOGY_TYPES = "|".join(p.value for p in Predicate)

SEARCH_PHRASES: tuple[SearchPhrase, ...] = (
    SearchPhrase(
        "Who restricts $entity",
        "Governments, agencies and policies restricting an entity",
        _entity_named("target", "entity")
        + f"\nMATCH (actor:{ENTITY_LABEL})-[rel:{Predicate.RESTRICTS.value}]->(target)"
        "\nRETURN actor, rel, target",
        (_any_entity("entity", "Zhipu AI"),),
    ),
    SearchPhrase(
        "Models released by $lab",
        "AI models an organisation released",
        _entity_named("lab", "lab", EntityType.ORGANIZATION)
        + f"\nMATCH (lab)-[rel:{Predicate.RELEASES.value}]->(model:{EntityType.AI_MODEL.value})"
        "\nRETURN lab, rel, model",
        (_param("lab", EntityType.ORGANIZATION, "Zhipu AI"),),
    ),
    SearchPhrase(
        "Chips used by $lab",
        "Chips an organisation uses, directly or through its models",
        _entity_named("lab", "lab", EntityType.ORGANIZATION)
        + f"\nOPTIONAL MATCH direct = (lab)-[:{Predicate.USES.value}]->"
        f"(:{EntityType.CHIP.value})"
        f"\nOPTIONAL MATCH viaModel = (lab)-[:{Predicate.DEVELOPS.value}|"
        f"{Predicate.RELEASES.value}]->(:{EntityType.AI_MODEL.value})"
        f"-[:{Predicate.USES.value}]->(:{EntityType.CHIP.value})"
        "\nRETURN lab, direct, viaModel",
        (_param("lab", EntityType.ORGANIZATION, "DeepSeek"),),
    ),
    SearchPhrase(
        "Path from $a to $b",
        "Shortest chain of relations between two entities (up to 4 steps)",
        _entity_named("a", "a") + "\n" + _entity_named("b", "b") + "\nWITH a, b WHERE a <> b"
        f"\nMATCH path = shortestPath((a)-[:{_ONTOLOGY_TYPES}*..4]-(b))"
        "\nRETURN path",
        (
            _any_entity("a", "Nvidia"),
            _any_entity("b", "Zhipu AI"),
        ),
    ),
    SearchPhrase(
        "What is on $list",
        "Everything a named list or policy restricts",
        _entity_named("list", "list", EntityType.POLICY)
        + f"\nMATCH (list)-[rel:{Predicate.RESTRICTS.value}]->(target:{ENTITY_LABEL})"
        "\nRETURN list, rel, target",
        (_param("list", EntityType.POLICY, "Entity List"),),
    ),
    SearchPhrase(
        "Investors in $org",
        "Who funds, backs or holds a stake in an organisation",
        _entity_named("org", "org", EntityType.ORGANIZATION)
        + f"\nMATCH (investor:{ENTITY_LABEL})-[rel:{Predicate.INVESTS_IN.value}]->(org)"
        "\nRETURN investor, rel, org",
        (_param("org", EntityType.ORGANIZATION, "Zhipu AI"),),
    ),
    SearchPhrase(
        "Everything from $article",
        "An article, the entities it mentions and the relations it is evidence for",
        f"MATCH (article:{ARTICLE_LABEL} {{title: $article}})"
        f"\nOPTIONAL MATCH (article)-[mention:{MENTIONS}]->(entity:{ENTITY_LABEL})"
        f"\nOPTIONAL MATCH (evidence:{EVIDENCE_LABEL})-[:{FROM_ARTICLE}]->(article)"
        f"\nOPTIONAL MATCH (subject:{ENTITY_LABEL} {{id: evidence.subject_id}})"
        f"-[rel]->(object:{ENTITY_LABEL} {{id: evidence.object_id}})"
        "\nWHERE type(rel) = evidence.predicate"
        "\nRETURN article, mention, entity, subject, rel, object",
        (_param("article", ARTICLE_LABEL, "US blacklists Tencent-backed AI start-up", "title"),),
    ),
)


def search_phrase_statements() -> list[Statement]:
    """The search phrases and their suggestion queries as ``Statement`` s, for the linter."""
    return [statement for phrase in SEARCH_PHRASES for statement in phrase.statements()]


_BLOOM_DATA_TYPES: dict[object, str] = {bool: "boolean", int: "bigint", float: "number"}


def _bloom_types(properties: dict[str, Any]) -> dict[str, str]:
    """Bloom data type per property; strings, enums, ISO dates and lists show as text."""
    types: dict[str, str] = {}
    for name, annotation in properties.items():
        members = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
        types[name] = _BLOOM_DATA_TYPES.get(members[0], "string")
    return types


def _category(
    index: int, label: str, style: NodeStyle, properties: dict[str, str], created_at_ms: int
) -> dict[str, Any]:
    return {
        "id": index,
        "name": label,
        "color": style.color,
        "size": style.size,
        "icon": style.icon,
        "labels": [label],
        "properties": [
            {
                "name": name,
                "exclude": name in _HIDDEN_PROPERTIES,
                "isCaption": name == style.caption,
                "dataType": data_type,
            }
            for name, data_type in properties.items()
        ],
        "caption": [""],
        "captionKeys": [style.caption],
        "textSize": 1,
        "textAlign": "top",
        "styleRules": [],
        "createdAt": created_at_ms,
        "lastEditedAt": created_at_ms,
    }


def _template(index: int, phrase: SearchPhrase, created_at_ms: int) -> dict[str, Any]:
    return {
        # Bloom exports keep the phrase in ``text`` and its description in ``name``.
        "name": phrase.description,
        "id": f"tmpl:{created_at_ms + index}",
        "createdAt": created_at_ms,
        "text": phrase.text,
        "cypher": phrase.cypher,
        "params": [
            {
                "name": f"${p.name}",
                "dataType": "String",
                "suggestionLabel": p.suggestion_label,
                "suggestionProp": p.suggestion_property,
                "cypher": p.suggestion_cypher,
            }
            for p in phrase.parameters
        ],
        "hasCypherErrors": False,
    }


def perspective(name: str = PERSPECTIVE_NAME, created_at_ms: int | None = None) -> dict[str, Any]:
    """The Bloom perspective as a JSON-ready dict (same ``id`` on every export).

    The stable ``id`` lets a re-imported perspective replace the earlier import
    instead of adding a copy; ``created_at_ms`` defaults to now.
    """
    created = int(time.time() * 1000) if created_at_ms is None else created_at_ms
    label_properties = {
        label: _bloom_types(props)
        for label, props in node_properties().items()
        if label != ENTITY_LABEL
    }
    styles = label_styles()
    other = {
        "id": 0,
        "name": "Other",
        "color": "#6B6B6B",
        "size": 1,
        "icon": "no-icon",
        "labels": [],
        "properties": [],
        "caption": [""],
    }
    categories = [other] + [
        _category(i, label, style, label_properties[label], created)
        for i, (label, style) in enumerate(styles.items(), start=1)
    ]
    relationship_types_properties = {
        rel_type: _bloom_types(props) for rel_type, props in relationship_properties().items()
    }
    relationship_types = [
        {
            "id": rel_type,
            "name": rel_type,
            "color": relationship_color(rel_type),
            "size": 1,
            "properties": [
                {"propertyKey": key, "type": rel_type, "dataType": data_type}
                for key, data_type in props.items()
            ],
        }
        for rel_type, props in relationship_types_properties.items()
    ]
    return {
        "name": name,
        "id": str(uuid.uuid5(_PERSPECTIVE_NAMESPACE, f"{ontology().iri}#{name}")),
        "categories": categories,
        "labels": {
            label: [
                {"propertyKey": key, "type": label, "dataType": data_type}
                for key, data_type in props.items()
            ]
            for label, props in label_properties.items()
        },
        "relationshipTypes": relationship_types,
        "palette": {"colors": list(BLOOM_PALETTE), "currentIndex": len(categories)},
        "createdAt": created,
        "lastEditedAt": created,
        "templates": [_template(i, phrase, created) for i, phrase in enumerate(SEARCH_PHRASES)],
        "sceneActions": [],
        "hiddenRelationshipTypes": [],
        "hiddenCategories": [],
        "hideUncategorisedData": False,
        "parentPerspectiveId": None,
        "metadata": {
            "pathSegments": [
                {"source": t["from"], "relationshipType": t["relType"], "target": t["to"]}
                for t in graph_schema()
                if t["from"] != ENTITY_LABEL
            ],
            "indexes": [],
        },
        "version": BLOOM_PERSPECTIVE_VERSION,
    }


__all__ = [
    "BLOOM_PERSPECTIVE_VERSION",
    "PERSPECTIVE_NAME",
    "SEARCH_PHRASES",
    "PhraseParameter",
    "SearchPhrase",
    "perspective",
    "search_phrase_statements",
]
