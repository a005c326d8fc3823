"""Stage ``ArticleInput -> Extraction``: run the spaCy pipeline and read the ``Doc`` contract.

``Extractor.extract`` streams articles through ``nlp.pipe(as_tuples=True)``; with
``n_process > 1`` it runs one pipeline per worker process and returns the (picklable)
``Extraction`` models, so extension values never cross a process boundary.

Example:
    >>> extractor = Extractor()  # doctest: +SKIP
    >>> article = ArticleInput(id="a1", text="Nvidia sells the H20 to China.")  # doctest: +SKIP
    >>> [e.name for e in next(extractor.extract([article])).entities]  # doctest: +SKIP
    ['Nvidia', 'H20', 'China']
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

import frontierkg
from frontierkg.settings import Settings, get_settings
from ingest.entities.names import match_key, tidy
from ingest.models import (
    ArticleInput,
    ExtractedEntity,
    ExtractedRelation,
    Extraction,
    RelationMention,
)
from ingest.pipeline import build_nlp, get_nlp
from schema import EntityType

DEFAULT_BATCH_SIZE = 16


def _raw_form(text: str) -> str:
    """The mention as written, only possessive and spacing removed ("The Register")."""
    text = " ".join(text.split())
    for ending in ("'s", "\u2019s"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def _entities(doc: Doc) -> tuple[ExtractedEntity, ...]:
    names: dict[str, EntityType] = {}
    forms: dict[str, dict[str, None]] = {}
    counts: dict[str, int] = {}
    for ent in doc.ents:
        name = ent._.canonical or ent.text
        if name not in names:
            names[name] = EntityType(ent.label_)
            forms[name] = {}
            counts[name] = 0
        counts[name] += 1
        surface = ent._.surface or ent.text
        forms[name][tidy(surface)] = None
        forms[name][_raw_form(surface)] = None
    known: dict[str, tuple[str, ...]] = doc._.entity_aliases
    result = []
    for name, entity_type in names.items():
        seen = {match_key(name)}
        aliases = []
        for alias in (*forms[name], *known.get(name, ())):
            key = match_key(alias)
            if alias and key not in seen:
                seen.add(key)
                aliases.append(alias)
        result.append(
            ExtractedEntity(
                name=name, type=entity_type, aliases=tuple(aliases), mention_count=counts[name]
            )
        )
    return tuple(result)


def _relations(doc: Doc) -> tuple[ExtractedRelation, ...]:
    best: dict[tuple[str, str, str], ExtractedRelation] = {}
    mentions: list[RelationMention] = list(doc._.relations or [])
    for mention in mentions:
        key = (mention.subject, mention.predicate.value, mention.object)
        previous = best.get(key)
        if previous is not None and previous.confidence >= mention.confidence:
            continue
        best[key] = ExtractedRelation(
            subject=mention.subject,
            predicate=mention.predicate,
            object=mention.object,
            confidence=mention.confidence,
            evidence=doc.text[mention.sentence_start : mention.sentence_end].strip(),
            start=mention.sentence_start,
            end=mention.sentence_end,
        )
    return tuple(best.values())


def doc_to_extraction(doc: Doc, article: ArticleInput, version: str) -> Extraction:
    """Read the ``Doc`` contract (ents, ``_.canonical``, ``_.relations``) into a model."""
    return Extraction(
        article=article,
        entities=_entities(doc),
        relations=_relations(doc),
        extractor_version=version,
    )


def extraction_record(extraction: Extraction) -> dict[str, Any]:
    """The ``frontierkg extract --format jsonl`` line (the shape evaluation reads)."""
    return {
        "id": extraction.article.id,
        "entities": [
            {"name": e.name, "type": e.type.value, "aliases": list(e.aliases)}
            for e in extraction.entities
        ],
        "relations": [
            {
                "subject": r.subject,
                "predicate": r.predicate.value,
                "object": r.object,
                "confidence": r.confidence,
                "evidence": r.evidence,
            }
            for r in extraction.relations
        ],
    }


class Extractor:
    """Runs the configured pipeline over articles and yields one ``Extraction`` each.

    Example:
        >>> extractor = Extractor()  # doctest: +SKIP
        >>> results = list(extractor.extract(articles, n_process=2))  # doctest: +SKIP
    """

    def __init__(self, nlp: Language | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.nlp = nlp if nlp is not None else get_nlp()
        self.nlp.max_length = max(self.nlp.max_length, self.settings.max_article_chars + 1)
        meta = self.nlp.meta
        self.version = (
            f"frontierkg-{frontierkg.__version__}/"
            f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '0')}/"
            + ",".join(n for n in self.nlp.pipe_names if n.startswith("frontierkg_"))
        )

    def extract_one(self, article: ArticleInput) -> Extraction:
        """Extraction of a single article."""
        return next(self.extract([article]))

    def extract(
        self,
        articles: Iterable[ArticleInput],
        n_process: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> Iterator[Extraction]:
        """Extractions in input order; ``n_process > 1`` uses that many worker processes."""
        if n_process > 1:
            yield from self._extract_parallel(articles, n_process, batch_size)
            return
        pairs = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield doc_to_extraction(doc, article, self.version)

    def _extract_parallel(
        self, articles: Iterable[ArticleInput], n_process: int, batch_size: int
    ) -> Iterator[Extraction]:
        context = multiprocessing.get_context("fork" if "fork" in _start_methods() else "spawn")
        iterator = iter(articles)
        with ProcessPoolExecutor(
            max_workers=n_process, mp_context=context, initializer=_init_worker
        ) as pool:
            pending = []
            while True:
                chunk = list(islice(iterator, batch_size))
                if chunk:
                    pending.append(pool.submit(_extract_chunk, chunk, batch_size))
                if pending and (not chunk or len(pending) >= 2 * n_process):
                    yield from pending.pop(0).result()
                if not chunk and not pending:
                    break


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


_WORKER: Extractor | None = None


def _init_worker() -> None:
    global _WORKER
    _WORKER = Extractor(build_nlp())


def _extract_chunk(chunk: list[ArticleInput], batch_size: int) -> list[Extraction]:
    if _WORKER is None:  # pragma: no cover - the initializer always runs first
        _init_worker()
    assert _WORKER is not None
    return list(_WORKER.extract(chunk, batch_size=batch_size))


__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Extractor",
    "doc_to_extraction",
    "extraction_record",
]
