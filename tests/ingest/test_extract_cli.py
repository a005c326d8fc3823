"""``frontierkg extract`` / ``frontierkg eval`` and the ``Extractor`` they run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import frontierkg.cli.extract_commands  # noqa: F401  (registers the commands)
from frontierkg.cli.app import app
from ingest.extraction import Extractor, extraction_record
from ingest.models import ArticleInput

pytestmark = pytest.mark.slow

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev"
TEXT_A = (
    "The US Commerce Department added Zhipu AI to the Entity List on Wednesday. "
    "Nvidia chief executive Jensen Huang said the company would keep selling its H20 chips "
    "to Chinese customers. Huang spoke in Taipei."
)
TEXT_B = (
    "Beijing-based DeepSeek released DeepSeek-R1, a reasoning model that rivals OpenAI's o1. "
    "Analysts said R1 was trained on Nvidia H800 chips."
)


def _article_file(directory: Path, article_id: str, text: str, **gold: object) -> Path:
    path = directory / f"{article_id}.json"
    record = {"id": article_id, "title": "", "text": text, **gold}
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def test_extract_prints_one_json_line_per_article(tmp_path: Path) -> None:
    _article_file(tmp_path, "a", TEXT_A)
    _article_file(tmp_path, "b", TEXT_B)
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line["id"] for line in lines] == ["a", "b"]
    first = lines[0]
    assert set(first) == {"id", "entities", "relations"}
    names = {(e["name"], e["type"]) for e in first["entities"]}
    assert ("Zhipu AI", "Organization") in names
    assert ("Jensen Huang", "Person") in names
    assert ("China", "Country") in names
    assert all(set(e) == {"name", "type", "aliases"} for e in first["entities"])
    for relation in first["relations"]:
        assert set(relation) == {"subject", "predicate", "object", "confidence", "evidence"}
        assert relation["evidence"] in TEXT_A


def test_extract_reports_bad_input_and_goes_on(tmp_path: Path) -> None:
    _article_file(tmp_path, "good", TEXT_B)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.json" in result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines() if line.startswith("{")]
    assert ids == ["good"]


def test_eval_scores_gold_files_and_explains(tmp_path: Path) -> None:
    _article_file(
        tmp_path, "a", TEXT_A,
        entities=[
            {"name": "Zhipu AI", "type": "Organization", "aliases": ["Zhipu"]},
            {"name": "Jensen Huang", "type": "Person", "aliases": ["Huang"]},
            {"name": "Made Up Corp", "type": "Organization", "aliases": []},
        ],
        relations=[],
    )  # fmt: skip
    runner = CliRunner()
    as_json = runner.invoke(app, ["eval", str(tmp_path), "--json"])
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.stdout)
    assert report["entities"]["tp"] == 2 and report["entities"]["fn"] == 1
    assert report["per_article"][0]["missed_entities"] == ["Made Up Corp (Organization)"]
    explained = runner.invoke(app, ["eval", str(tmp_path), "--explain"])
    assert explained.exit_code == 0
    assert "Made Up Corp" in explained.stdout and "entities" in explained.stdout


def test_parallel_extraction_equals_serial() -> None:
    articles = [ArticleInput(id=str(i), text=text) for i, text in enumerate([TEXT_A, TEXT_B] * 3)]
    extractor = Extractor()
    serial = [extraction_record(e) for e in extractor.extract(articles, batch_size=2)]
    parallel = [
        extraction_record(e) for e in extractor.extract(articles, n_process=2, batch_size=2)
    ]
    assert parallel == serial


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/eval/dev not available")
def test_dev_set_entity_quality() -> None:
    result = CliRunner().invoke(app, ["eval", str(DEV), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"] == 30
    assert report["entities"]["f1"] >= 0.85, report["entities"]
