"""The GraphQL schema matches the ontology and the committed SDL; production locks it down."""

from __future__ import annotations

from fastapi.testclient import TestClient
from graphql import GraphQLEnumType, GraphQLInterfaceType, GraphQLObjectType

from api.schema import build_schema, print_sdl
from api.sdl import SDL_PATH
from frontierkg.settings import Settings, load_settings
from graph.falkordb_store import EmbeddedStore
from schema import load_ontology
from schema.vocabulary import FKG

from .api_helpers import codes, gql, make_client

CORE_QUERY_FIELDS = {
    "stats", "search", "entity", "entities", "relations", "paths", "timeline",
    "article", "articles", "exposure",
}  # fmt: skip


def graphql_schema() -> object:
    return build_schema(load_settings(environment="development"))._schema


def test_committed_sdl_is_printed_from_the_code() -> None:
    assert SDL_PATH.read_text("utf-8") == print_sdl(), (
        "schema/schema.graphql is stale: run `python -m api.sdl` and commit it"
    )


def test_entity_types_and_enums_match_the_ontology_file() -> None:
    """Reads ontology.ttl with rdflib, so a change there without the API fails here."""
    ontology = load_ontology()
    schema = graphql_schema()
    entity = schema.type_map["Entity"]  # type: ignore[attr-defined]
    assert isinstance(entity, GraphQLInterfaceType)
    implementations = {
        name for name, t in schema.type_map.items()  # type: ignore[attr-defined]
        if isinstance(t, GraphQLObjectType) and entity in t.interfaces
    }  # fmt: skip
    classes = {
        str(iri)[len(str(FKG)) :] for iri in map(ontology.class_iri, ontology.entity_comments)
    }
    assert implementations == classes
    entity_enum = schema.type_map["EntityType"]  # type: ignore[attr-defined]
    predicate_enum = schema.type_map["Predicate"]  # type: ignore[attr-defined]
    assert isinstance(entity_enum, GraphQLEnumType) and isinstance(predicate_enum, GraphQLEnumType)
    assert {v.value for v in entity_enum.values.values()} == classes
    assert set(predicate_enum.values) == {p.value for p in ontology.predicates}
    for name in classes:
        description = schema.type_map[name].description  # type: ignore[attr-defined]
        assert description, f"{name} lacks its ontology comment"


def test_core_queries_and_mutations_exist() -> None:
    schema = graphql_schema()
    assert CORE_QUERY_FIELDS <= set(schema.query_type.fields)  # type: ignore[attr-defined]
    mutations = set(schema.mutation_type.fields)  # type: ignore[attr-defined]
    assert mutations == {"ingestArticle", "mergeEntities", "addAlias", "deleteArticle"}


INTROSPECTION = "{ __schema { queryType { name } } }"


def test_production_disables_introspection_and_graphiql(
    data_dir: object, seeded_store: EmbeddedStore
) -> None:
    production = load_settings(data_dir=data_dir, environment="production")
    with make_client(production, seeded_store) as client:
        body = gql(client, INTROSPECTION)
        assert set(codes(body)) == {"BAD_USER_INPUT"} and body.get("data") is None
        assert "introspection" in body["errors"][0]["message"].lower()
        assert client.get("/graphql", headers={"Accept": "text/html"}).status_code != 200
        assert gql(client, "{ stats { articles } }")["data"]["stats"]["articles"] == 3


def test_development_serves_graphiql_and_introspection(
    settings: Settings, client: TestClient
) -> None:
    assert settings.environment == "development"
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert gql(client, INTROSPECTION)["data"]["__schema"]["queryType"]["name"] == "Query"


def test_cors_origins_come_from_settings(data_dir: object, seeded_store: EmbeddedStore) -> None:
    allowed = load_settings(data_dir=data_dir, cors_origins=["https://analyst.example"])
    with make_client(allowed, seeded_store) as client:
        preflight = {
            "Origin": "https://analyst.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        ok = client.options("/graphql", headers=preflight)
        assert ok.headers.get("access-control-allow-origin") == "https://analyst.example"
        other = client.options("/graphql", headers={**preflight, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
