"""Migration and RDF export against real stores.

The source is an embedded FalkorDB store; the migration target is a second embedded
data dir, and also Neo4j when the settings carry ``NEO4J_URI`` (marker ``neo4j``; the
database is cleared before and after, so point it at a disposable one).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib import namespace as ns
from typer.testing import CliRunner

import frontierkg.cli.export_commands
import frontierkg.cli.import_commands  # noqa: F401  (registers `import`)
from frontierkg.cli.app import app
from frontierkg.errors import ConfigurationError
from frontierkg.settings import Settings, get_settings, load_settings
from graph.factory import open_store
from graph.json_dump import export_json, import_json
from graph.models import RelationQuery
from graph.rdf_export import RdfFormat, article_iri, entity_iri, export_rdf
from graph.store import GraphStore
from schema import EntityType, ontology
from schema.vocabulary import FKG

from .export_fakes import sample_batch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("source")


@pytest.fixture(scope="module")
def source(source_dir: Path) -> Iterator[GraphStore]:
    """One seeded store for the module: the tests only read it."""
    store = open_store(load_settings(data_dir=source_dir))
    try:
        store.upsert(sample_batch())
        yield store
    finally:
        store.close()


def _neo4j_settings() -> Settings | None:
    try:
        settings = load_settings(store="neo4j")
    except ConfigurationError:  # no NEO4J_URI: only the embedded target
        return None
    return settings


def _clear_neo4j(settings: Settings) -> None:
    """Empty the (disposable) Neo4j database, as the graph contract suite does."""
    from neo4j import GraphDatabase

    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    assert settings.neo4j_uri is not None
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)


_TARGETS = [pytest.param("embedded", id="to-embedded")]
if _neo4j_settings() is not None:
    _TARGETS.append(pytest.param("neo4j", marks=pytest.mark.neo4j, id="to-neo4j"))


@pytest.fixture(params=_TARGETS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty second store: another embedded data dir, or Neo4j when configured."""
    if request.param == "embedded":
        settings = load_settings(data_dir=tmp_path / "target")
    else:
        neo4j = _neo4j_settings()
        assert neo4j is not None
        settings = neo4j
        _clear_neo4j(settings)
    store = open_store(settings)
    try:
        yield store
    finally:
        store.close()
        if request.param == "neo4j":
            _clear_neo4j(settings)


def _dump(store: GraphStore, batch_size: int = 1000) -> str:
    out = io.StringIO()
    export_json(store, out, batch_size=batch_size)
    return out.getvalue()


def test_migration_to_a_second_store_loses_nothing(
    source: GraphStore, target: GraphStore, tmp_path: Path
) -> None:
    first = _dump(source, batch_size=2)
    path = tmp_path / "dump.jsonl"
    path.write_text(first, encoding="utf-8")

    report = import_json(target, path, batch_size=3)
    assert not report.skipped
    second = _dump(target, batch_size=5)
    assert sorted(second.splitlines()) == sorted(first.splitlines())
    assert target.counts() == source.counts()

    import_json(target, path, batch_size=4)  # idempotent
    assert sorted(_dump(target).splitlines()) == sorted(first.splitlines())
    assert target.counts() == source.counts()


def test_dump_relation_lines_carry_the_stored_edge_statistics(source: GraphStore) -> None:
    lines = [json.loads(line) for line in _dump(source).splitlines()]
    relations = {
        (r["subject_id"], r["predicate"], r["object_id"]): r
        for r in lines
        if r["kind"] == "relation"
    }
    stored = source.list_relations(RelationQuery(first=100)).items
    assert len(relations) == len(stored) == 6
    evidence = Counter(
        (e["subject_id"], e["predicate"], e["object_id"]) for e in lines if e["kind"] == "evidence"
    )
    for record in stored:
        line = relations[(record.subject_id, record.predicate.value, record.object_id)]
        assert line["evidence_count"] == record.evidence_count == evidence[record.edge]
        assert line["confidence"] == pytest.approx(record.confidence)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", list(RdfFormat), ids=lambda f: f.value)
def test_rdf_round_trip_from_the_embedded_store(fmt: RdfFormat, source: GraphStore) -> None:
    out = io.StringIO()
    export_rdf(source, out, fmt, batch_size=2)
    parsed = Graph().parse(data=out.getvalue(), format=fmt.value)
    counts = source.counts()
    schema = ontology()
    typed = {t: len(set(parsed.subjects(ns.RDF.type, schema.class_iri(t)))) for t in EntityType}
    assert {t: n for t, n in typed.items() if n} == counts.by_type
    assert len(set(parsed.subjects(ns.RDF.type, FKG.Relation))) == counts.relations
    assert len(set(parsed.subjects(ns.RDF.type, FKG.Evidence))) == counts.evidence
    assert len(set(parsed.subjects(ns.RDF.type, FKG.Article))) == counts.articles

    bis, h20 = entity_iri("governmentbody:bis"), entity_iri("chip:h20")
    assert (bis, FKG.RESTRICTS, h20) in parsed
    (evidence,) = [
        ev
        for ev in parsed.subjects(ns.RDF.subject, bis)
        if (ev, ns.RDF.type, FKG.Evidence) in parsed
    ]
    assert parsed.value(evidence, FKG.sentence) == Literal(
        "BIS restricted sales of Nvidia's H20 to China."
    )
    assert parsed.value(evidence, ns.PROV.wasDerivedFrom) == article_iri("art-2")
    assert (bis, ns.SKOS.altLabel, Literal("BIS")) in parsed


def test_cli_moves_a_graph_between_data_dirs(
    source: GraphStore, source_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a user types: export from one data dir, point the settings elsewhere, import."""
    dump = tmp_path / "dump.jsonl"
    runner = CliRunner()
    monkeypatch.setenv("FRONTIERKG_DATA_DIR", str(source_dir))
    get_settings.cache_clear()
    try:
        exported = runner.invoke(app, ["export", "json", "-o", str(dump)])
        assert exported.exit_code == 0, exported.output
        monkeypatch.setenv("FRONTIERKG_DATA_DIR", str(tmp_path / "moved"))
        get_settings.cache_clear()
        imported = runner.invoke(app, ["import", "json", str(dump)])
        assert imported.exit_code == 0, imported.output
        again = runner.invoke(app, ["export", "json", "-o", str(tmp_path / "again.jsonl")])
        assert again.exit_code == 0, again.output
    finally:
        get_settings.cache_clear()
    first = dump.read_text(encoding="utf-8").splitlines()
    assert sorted((tmp_path / "again.jsonl").read_text(encoding="utf-8").splitlines()) == sorted(
        first
    )
