"""Benchmark results: a model and a benchmark named in one sentence.

News states benchmark results in many shapes ("scored 44.9% on", "topped", "led the
X benchmark", "in the X test"); a sentence naming both a model and a benchmark
almost always reports the model's result on it, so ``EVALUATED_ON`` is taken from
co-occurrence, at the lowest confidence, unless the sentence is negated.
"""

from __future__ import annotations

from ingest.relations.candidates import CandidateSink
from ingest.relations.mentions import Mention, MentionIndex
from ingest.relations.syntax import is_suppressed
from schema import EntityType, Predicate

_SCORE_WORDS = {"percent", "percentage", "points", "score", "scored", "accuracy"}


def benchmark_results(index: MentionIndex, sink: CandidateSink) -> None:
    """Emit ``model EVALUATED_ON benchmark`` for each pair sharing a sentence.

    A sentence that reports scores ("lagged at 26.5 percent") for models but names no
    benchmark continues the previous sentence's benchmark, at a lower confidence.
    """
    confidence = index.lexicons.confidence.cooccurrence
    previous: list[Mention] = []
    for sent in index.doc.sents:
        mentions = list(index.in_range(sent.start, sent.end))
        models = [m for m in mentions if m.type is EntityType.AI_MODEL and not m.coref]
        benchmarks = [m for m in mentions if m.type is EntityType.BENCHMARK]
        scored = any(t.text == "%" or t.lower_ in _SCORE_WORDS for t in sent)
        if models and not is_suppressed(sent.root, index.lexicons):
            if benchmarks:
                for model, benchmark in _result_pairs(index, models, benchmarks):
                    sink.add(model, Predicate.EVALUATED_ON, benchmark, confidence, sent)
            elif scored and previous:
                sink.add_all(models, Predicate.EVALUATED_ON, previous, confidence * 0.8, sent)
        previous = benchmarks if benchmarks else (previous if scored else [])


def _result_pairs(
    index: MentionIndex, models: list[Mention], benchmarks: list[Mention]
) -> list[tuple[Mention, Mention]]:
    """Every model with every benchmark, unless the sentence names several of both: then
    the pairs stay inside clauses read from the surface ("X beat A on B and C, and scored
    close to D on E": A is on B and C, D on E, and X, the subject both clauses share, on
    all three). The parse of such sentences is too unreliable to go by."""
    pairs = [(m, b) for m in models for b in benchmarks]
    if len(models) < 2 or len(benchmarks) < 2:
        return pairs
    doc = index.doc
    first, last = models[0].start, max(m.end for m in (*models, *benchmarks))
    start = min(first, min(b.start for b in benchmarks))
    segments: list[tuple[int, int]] = []
    seg_start = start
    for i in range(start, last):
        token = doc[i]
        nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if token.text == ";" or (token.text == "," and nxt in _CLAUSE_JOINERS):
            segments.append((seg_start, i))
            seg_start = i + 1
        elif token.lower_ in {"while", "whereas"} and i > seg_start:
            segments.append((seg_start, i))
            seg_start = i
    segments.append((seg_start, last))
    kept: list[tuple[Mention, Mention]] = []
    leading: list[Mention] = []
    for seg_start, seg_end in segments:
        inside = [m for m in models if seg_start <= m.start < seg_end]
        verb = next((t.i for t in doc[seg_start:seg_end] if t.pos_ in {"VERB", "AUX"}), seg_end)
        own_leading = [m for m in inside if m.start < verb]
        if own_leading or doc[seg_start].lower_ in {"while", "whereas"}:
            leading = own_leading  # a new subject; else "..., and scored" shares the last one
        scope = [b for b in benchmarks if seg_start <= b.start < seg_end]
        for model in [*inside, *(m for m in leading if m not in inside)]:
            kept += [(model, b) for b in scope if (model, b) not in kept]
    return kept or pairs


_CLAUSE_JOINERS = {"and", "but", "while", "whereas"}


__all__ = ["benchmark_results"]
