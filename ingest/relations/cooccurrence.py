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
                sink.add_all(models, Predicate.EVALUATED_ON, benchmarks, confidence, sent)
            elif scored and previous:
                sink.add_all(models, Predicate.EVALUATED_ON, previous, confidence * 0.8, sent)
        previous = benchmarks if benchmarks else (previous if scored else [])


__all__ = ["benchmark_results"]
