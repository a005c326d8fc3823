"""How well would the entity stages do on news the knowledge base has not seen?

Scores the extractor on the gold set three times: with the bundled knowledge base, with
every entry removed that names a gold entity occurring in only one article ("long tail",
what unseen news brings), and with the countries file only. The reduced knowledge bases
are written to a temporary directory; nothing in the repository changes. Prints figures;
asserts nothing.

    .venv/bin/python bench/entity_kb_ablation.py                  # ../shared/eval/dev
    .venv/bin/python bench/entity_kb_ablation.py path/to/gold_dir
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from frontierkg.settings import load_settings
from ingest.entities.knowledge import bundled_knowledge_dir
from ingest.entities.names import match_key
from ingest.evaluation import ArticleRecord, Counts, evaluate, load_gold
from ingest.extraction import Extractor, extraction_record
from ingest.pipeline import build_nlp


def _gold_frequency(gold_dir: Path) -> Counter[str]:
    """In how many articles each (normalised) gold name or alias occurs."""
    frequency: Counter[str] = Counter()
    for article in load_gold(gold_dir):
        frequency.update({match_key(n) for e in article.entities for n in (e.name, *e.aliases)})
    return frequency


def _write_long_tail_removed(source: Path, target: Path, frequency: Counter[str]) -> int:
    dropped = 0
    for path in sorted(source.glob("*.jsonl")):
        kept = []
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            forms = [record["name"], *record.get("aliases", [])]
            if record["type"] != "Country" and 0 < max(frequency[match_key(f)] for f in forms) <= 1:
                dropped += 1
                continue
            kept.append(line)
        (target / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return dropped


def _score(gold_dir: Path, knowledge_dir: Path | None) -> Counts:
    settings = load_settings(knowledge_dir=knowledge_dir)
    extractor = Extractor(build_nlp(settings), settings)
    gold = load_gold(gold_dir)
    predicted = {
        e.article.id: ArticleRecord.model_validate(extraction_record(e))
        for e in extractor.extract(g.article_input() for g in gold)
    }
    return evaluate(gold, predicted).entities


def main(argv: list[str]) -> None:
    gold_dir = Path(argv[0]) if argv else Path("../shared/eval/dev")
    source = bundled_knowledge_dir()
    with tempfile.TemporaryDirectory() as tmp:
        long_tail = Path(tmp) / "long_tail_removed"
        countries = Path(tmp) / "countries_only"
        long_tail.mkdir()
        countries.mkdir()
        dropped = _write_long_tail_removed(source, long_tail, _gold_frequency(gold_dir))
        (countries / "countries.jsonl").write_text(
            (source / "countries.jsonl").read_text("utf-8"), encoding="utf-8"
        )
        for label, directory in (
            ("bundled knowledge base", None),
            (f"long-tail entries removed ({dropped})", long_tail),
            ("countries only", countries),
        ):
            c = _score(gold_dir, directory)
            print(f"{label:40s} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
