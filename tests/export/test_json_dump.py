"""Store migration through the JSON Lines dump: nothing lost, idempotent, bad lines named."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest

from frontierkg.errors import GraphStoreError, IngestInputError, StoreUnavailableError
from graph.json_dump import DumpImportError, export_json, import_json
from graph.models import GraphBatch, WriteSummary

from .export_fakes import MemoryStore


def _dump(store: MemoryStore, batch_size: int = 1000) -> str:
    out = io.StringIO()
    export_json(store, out, batch_size=batch_size)  # type: ignore[arg-type]
    return out.getvalue()


def _write(tmp_path: Path, text: str, name: str = "dump.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _records_in(batch: GraphBatch) -> int:
    evidence = sum(len(r.evidence) for r in batch.relations)
    return len(batch.articles) + len(batch.entities) + len(batch.mentions) + evidence


def _sorted_lines(text: str) -> list[str]:
    return sorted(text.splitlines())


def _replace_line(text: str, predicate: str, new: str) -> tuple[str, int]:
    """Replace the first line containing ``predicate``; return text and its 1-based number."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if predicate in line:
            lines[index] = new
            return "\n".join(lines) + "\n", index + 1
    raise AssertionError(f"no line contains {predicate!r}")


def test_dump_has_every_record_kind_tagged_with_header_and_end(sample_store: MemoryStore) -> None:
    lines = [json.loads(line) for line in _dump(sample_store).splitlines()]
    assert lines[0] == {"kind": "header", "format": "frontierkg-dump", "version": 1}
    kinds = [line["kind"] for line in lines]
    counts = {k: kinds.count(k) for k in ("article", "entity", "mention", "relation", "evidence")}
    assert counts == {"article": 3, "entity": 7, "mention": 8, "relation": 6, "evidence": 7}
    assert lines[-1] == {"kind": "end", "counts": counts}
    zhipu = next(line for line in lines if line.get("id") == "organization:zhipu-ai")
    assert zhipu["aliases"] == sorted(["Zhipu", "智谱", "Z.ai"])
    evidence = next(line for line in lines if line["kind"] == "evidence")
    assert {"subject_id", "predicate", "object_id", "sentence", "start", "end"} <= set(evidence)


def test_export_import_export_is_byte_identical_after_sorting(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    first = _dump(sample_store)
    report = import_json(empty_store, _write(tmp_path, first), batch_size=4)  # type: ignore[arg-type]
    assert not report.skipped
    assert dict(report.records) == {
        "article": 3,
        "entity": 7,
        "mention": 8,
        "relation": 6,
        "evidence": 7,
    }
    second = _dump(empty_store)
    assert _sorted_lines(second) == _sorted_lines(first)
    assert empty_store.counts() == sample_store.counts()


def test_importing_twice_changes_nothing(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    path = _write(tmp_path, _dump(sample_store))
    import_json(empty_store, path)  # type: ignore[arg-type]
    once = _dump(empty_store)
    import_json(empty_store, path)  # type: ignore[arg-type]
    assert _dump(empty_store) == once


def test_import_writes_in_batches_of_batch_size(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    path = _write(tmp_path, _dump(sample_store))
    report = import_json(empty_store, path, batch_size=3)  # type: ignore[arg-type]
    sizes = [_records_in(b) for b in empty_store.upserts]
    assert max(sizes) <= 3
    assert sum(sizes) == 3 + 7 + 8 + 7
    assert report.batches == len(empty_store.upserts)
    # Nodes are all written before any mention or evidence that points at them.
    first_edge_batch = next(i for i, b in enumerate(empty_store.upserts) if b.mentions)
    assert all(not b.articles and not b.entities for b in empty_store.upserts[first_edge_batch:])


def test_line_order_of_the_dump_does_not_matter(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    lines = _dump(sample_store).splitlines()
    body = lines[1:-1]
    random.Random(7).shuffle(body)
    path = _write(tmp_path, "\n".join([lines[0], *body, lines[-1]]) + "\n")
    import_json(empty_store, path, batch_size=2)  # type: ignore[arg-type]
    assert _sorted_lines(_dump(empty_store)) == sorted(lines)


# ---------------------------------------------------------------- bad input

BAD_CASES = {
    "invalid_json": ('"kind":"mention"', '{"kind": "mention", "article_id": '),
    "unknown_entity_type": (
        '"id":"chip:h20"',
        '{"kind":"entity","id":"chip:h20","type":"Gadget","name":"H20"}',
    ),
    "unknown_predicate": (
        '"predicate":"MANUFACTURES","object_id":"chip:h20","article_id"',
        '{"kind":"evidence","subject_id":"organization:nvidia","predicate":"MAKES",'
        '"object_id":"chip:h20","article_id":"art-2","sentence":"s","start":0,"end":1,'
        '"confidence":0.5,"extractor_version":"v"}',
    ),
    "relation_endpoint_missing": (
        '"kind":"relation","subject_id":"governmentbody:bis"',
        '{"kind":"relation","subject_id":"governmentbody:nobody","predicate":"RESTRICTS",'
        '"object_id":"chip:h20","confidence":0.8,"evidence_count":1}',
    ),
    "evidence_endpoint_missing": (
        '"kind":"evidence","subject_id":"governmentbody:bis"',
        '{"kind":"evidence","subject_id":"governmentbody:bis","predicate":"RESTRICTS",'
        '"object_id":"chip:h99","article_id":"art-2","sentence":"s","start":0,"end":1,'
        '"confidence":0.5,"extractor_version":"v"}',
    ),
    "evidence_article_missing": (
        '"kind":"evidence","subject_id":"governmentbody:bis"',
        '{"kind":"evidence","subject_id":"governmentbody:bis","predicate":"RESTRICTS",'
        '"object_id":"chip:h20","article_id":"art-404","sentence":"s","start":0,"end":1,'
        '"confidence":0.5,"extractor_version":"v"}',
    ),
    "outside_predicate_range": (
        '"kind":"evidence","subject_id":"governmentbody:bis"',
        '{"kind":"evidence","subject_id":"governmentbody:bis","predicate":"RELEASES",'
        '"object_id":"chip:h20","article_id":"art-2","sentence":"s","start":0,"end":1,'
        '"confidence":0.5,"extractor_version":"v"}',
    ),
    "zero_mention_count": (
        '"kind":"mention","article_id":"art-2"',
        '{"kind":"mention","article_id":"art-2","entity_id":"chip:h20","count":0}',
    ),
}
EXPECTED_WORDS = {
    "invalid_json": "invalid JSON",
    "unknown_entity_type": "Gadget",
    "unknown_predicate": "unknown predicate 'MAKES'",
    "relation_endpoint_missing": "governmentbody:nobody",
    "evidence_endpoint_missing": "chip:h99",
    "evidence_article_missing": "art-404",
    "outside_predicate_range": "does not allow GovernmentBody -RELEASES-> Chip",
    "zero_mention_count": "count",
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_line_is_named_and_nothing_is_imported(
    case: str, sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    needle, replacement = BAD_CASES[case]
    text, line = _replace_line(_dump(sample_store), needle, replacement)
    path = _write(tmp_path, text)
    with pytest.raises(DumpImportError) as caught:
        import_json(empty_store, path)  # type: ignore[arg-type]
    message = str(caught.value)
    assert f"{path}:{line}:" in message
    assert EXPECTED_WORDS[case] in message
    assert "--skip-bad" in message
    assert empty_store.upserts == []


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_skip_bad_imports_the_rest_and_reports_the_line(
    case: str, sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    needle, replacement = BAD_CASES[case]
    text, line = _replace_line(_dump(sample_store), needle, replacement)
    path = _write(tmp_path, text)
    report = import_json(empty_store, path, skip_bad=True)  # type: ignore[arg-type]
    lines = [bad.line for bad in report.skipped]
    assert line in lines
    assert any(EXPECTED_WORDS[case] in text for text in report.describe_skipped())
    # Every line not skipped arrived, and nothing else.
    skipped = set(lines)
    kept: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if number not in skipped:
            kind = json.loads(raw)["kind"]
            kept[kind] = kept.get(kind, 0) + 1
    assert len(empty_store.articles) == kept["article"] == 3
    assert len(empty_store.entities) == kept["entity"]
    assert len(empty_store.mentions) == kept["mention"]
    assert len(empty_store.evidence) == kept["evidence"] == report.records["evidence"]


def test_truncated_file_is_reported_and_nothing_is_imported(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    text = _dump(sample_store)
    cut = text[: text.rindex('"kind":"evidence"') + 40]  # mid-line, like a killed copy
    path = _write(tmp_path, cut)
    last = cut.count("\n") + 1
    with pytest.raises(DumpImportError) as caught:
        import_json(empty_store, path)  # type: ignore[arg-type]
    message = str(caught.value)
    assert f"{path}:{last}: invalid JSON" in message
    assert "truncated" in message
    assert empty_store.upserts == []

    report = import_json(empty_store, path, skip_bad=True)  # type: ignore[arg-type]
    assert [bad.line for bad in report.skipped] == [last, last + 1]  # cut line, missing end
    assert len(empty_store.evidence) == 6


def test_truncated_at_a_line_boundary_is_detected_by_the_missing_end_line(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    lines = _dump(sample_store).splitlines()
    path = _write(tmp_path, "\n".join(lines[:-3]) + "\n")
    with pytest.raises(DumpImportError, match="without the end line: the dump is truncated"):
        import_json(empty_store, path)  # type: ignore[arg-type]


def test_removed_line_is_detected_by_the_end_counts(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    lines = _dump(sample_store).splitlines()
    del lines[5]
    path = _write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(DumpImportError, match="end line counts"):
        import_json(empty_store, path)  # type: ignore[arg-type]


def test_relation_without_evidence_line_is_refused(
    sample_store: MemoryStore, empty_store: MemoryStore, tmp_path: Path
) -> None:
    text = _dump(sample_store)
    kept = [
        line
        for line in text.splitlines()
        if not ('"kind":"evidence"' in line and '"predicate":"MANUFACTURES"' in line)
    ]
    end = json.loads(kept[-1])
    end["counts"]["evidence"] -= 1
    kept[-1] = json.dumps(end)
    path = _write(tmp_path, "\n".join(kept) + "\n")
    with pytest.raises(DumpImportError, match="MANUFACTURES-> chip:h20 has no evidence line"):
        import_json(empty_store, path)  # type: ignore[arg-type]


def test_endpoint_already_in_the_target_store_is_accepted(
    sample_store: MemoryStore, tmp_path: Path
) -> None:
    """A partial dump may point at entities the target store already holds."""
    text = _dump(sample_store)
    kept = [line for line in text.splitlines() if '"id":"chip:h20"' not in line]
    end = json.loads(kept[-1])
    end["counts"]["entity"] -= 1
    kept[-1] = json.dumps(end)
    target = MemoryStore()
    target.upsert(GraphBatch(entities=(sample_store.entities["chip:h20"],)))
    import_json(target, _write(tmp_path, "\n".join(kept) + "\n"))  # type: ignore[arg-type]
    assert target.counts().relations == 6


def test_not_a_dump_is_refused_with_the_fix(empty_store: MemoryStore, tmp_path: Path) -> None:
    path = _write(tmp_path, '{"id": "x"}\n')
    with pytest.raises(IngestInputError, match=r"dump.jsonl:1: not a frontierkg dump"):
        import_json(empty_store, path)  # type: ignore[arg-type]
    with pytest.raises(IngestInputError, match="no such file"):
        import_json(empty_store, tmp_path / "missing.jsonl")  # type: ignore[arg-type]


class _FlakyStore(MemoryStore):
    """Refuses its ``fail_at``-th write once, like a store that lost its connection."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.fail_at = fail_at
        self.calls = 0
        self.failed: GraphBatch | None = None

    def upsert(self, batch: GraphBatch) -> WriteSummary:
        self.calls += 1
        if self.calls == self.fail_at:
            self.failed = batch
            raise StoreUnavailableError("connection reset")
        return super().upsert(batch)


def test_store_failure_names_the_batch_and_a_rerun_completes_the_import(
    sample_store: MemoryStore, tmp_path: Path
) -> None:
    path = _write(tmp_path, _dump(sample_store))
    target = _FlakyStore(fail_at=2)  # a node batch, the next one taken already
    with pytest.raises(GraphStoreError, match=r"dump.jsonl:\d+-\d+: the store refused") as caught:
        import_json(target, path, batch_size=4)  # type: ignore[arg-type]
    assert "Importing again is safe" in str(caught.value)
    assert len(target.upserts) == 1  # the failed batch wrote nothing, earlier ones stay
    # the lines named are the failed batch's (the stream had taken the next one already)
    named = re.search(r"dump.jsonl:(\d+)-(\d+)", str(caught.value))
    assert named is not None and target.failed is not None
    first, last = int(named[1]), int(named[2])
    lines = [json.loads(line) for line in path.read_text().splitlines()[first - 1 : last]]
    assert lines[0]["kind"] == lines[-1]["kind"]  # whole records of one phase
    assert _records_in(target.failed) <= last - first + 1
    batch_ids = {e.id for e in target.failed.entities} | {a.id for a in target.failed.articles}
    assert {line["id"] for line in (lines[0], lines[-1]) if "id" in line} <= batch_ids

    import_json(target, path, batch_size=4)  # type: ignore[arg-type]
    assert _sorted_lines(_dump(target)) == _sorted_lines(_dump(sample_store))


def test_empty_graph_round_trips(empty_store: MemoryStore, tmp_path: Path) -> None:
    text = _dump(empty_store)
    assert len(text.splitlines()) == 2  # header and end
    report = import_json(MemoryStore(), _write(tmp_path, text))  # type: ignore[arg-type]
    assert sum(report.records.values()) == 0 and not report.skipped
