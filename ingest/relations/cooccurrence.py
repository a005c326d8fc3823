"""Benchmark results: a model and a benchmark named in one sentence.

News states benchmark results in many shapes ("scored 44.9% on", "topped", "led the
X benchmark", "in the X test"); a sentence naming both a model and a benchmark
almost always reports the model's result on it, so ``EVALUATED_ON`` is taken from
co-occurrence, at the lowest confidence, unless the sentence is negated.
"""

from __future__ import annotations

from ingest.relations.candidates import CandidateSink
from ingest.relations.mentions import MentionIndex
from ingest.relations.syntax import is_suppressed
from schema import EntityType, Predicate


def benchmark_results(index: MentionIndex, sink: CandidateSink) -> None:
    """Emit ``model EVALUATED_ON benchmark`` for each pair sharing a sentence."""
    confidence = index.lexicons.confidence.cooccurrence
    for sent in index.doc.sents:
        mentions = list(index.in_range(sent.start, sent.end))
        models = [m for m in mentions if m.type is EntityType.AI_MODEL]
        benchmarks = [m for m in mentions if m.type is EntityType.BENCHMARK]
        if not models or not benchmarks or is_suppressed(sent.root, index.lexicons):
            continue
        sink.add_all(models, Predicate.EVALUATED_ON, benchmarks, confidence, sent)


__all__ = ["benchmark_results"]
