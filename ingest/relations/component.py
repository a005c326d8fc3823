"""The ``frontierkg_relation_extractor`` spaCy component.

Runs after the entity stages (``doc.ents`` typed with ontology labels,
``span._.canonical`` set) and fills ``doc._.relations`` with ``RelationMention``s for
all sixteen predicates, each checked against the ontology's domain and range.

Example:
    >>> import spacy
    >>> import ingest.relations  # registers the factory
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("frontierkg_relation_extractor")
    >>> nlp.pipe_names
    ['frontierkg_relation_extractor']
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from frontierkg.errors import ConfigurationError
from ingest.doc_extensions import ensure_extensions
from ingest.relations.candidates import CandidateSink
from ingest.relations.comparisons import comparisons, likeness
from ingest.relations.compounds import CompoundRules
from ingest.relations.cooccurrence import benchmark_results
from ingest.relations.lexicon import Lexicons, load_lexicons
from ingest.relations.licences import LicenceRules
from ingest.relations.lists import ListRules
from ingest.relations.mentions import MentionIndex
from ingest.relations.nationality import NationalityRules
from ingest.relations.relational import RelationalNounRules
from ingest.relations.verbal import TriggerMatcher

FACTORY_NAME = "frontierkg_relation_extractor"
EXTRACTOR_VERSION = "relations.v1"


class RelationExtractor:
    """Pattern-based relation extraction over one parsed, entity-tagged ``Doc``."""

    def __init__(self, nlp: Language, name: str, lexicons: Lexicons) -> None:
        ensure_extensions()
        self.name = name
        self.lexicons = lexicons
        self.triggers = TriggerMatcher(nlp, lexicons)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP") or not doc.ents:
            doc._.relations = []  # nothing to relate without a parse and entities
            return doc
        index = MentionIndex.build(doc, self.lexicons)
        sink = CandidateSink(self.lexicons, line_of=index.line_of)
        for rules in (NationalityRules, CompoundRules, RelationalNounRules):
            rules(index, sink).run()
        self.triggers.run(doc, index, sink)
        ListRules(index, sink).run()
        LicenceRules(index, sink).run()
        comparisons(index, sink)
        likeness(index, sink)
        benchmark_results(index, sink)
        doc._.relations = sink.relations()
        return doc


@Language.factory(
    FACTORY_NAME,
    assigns=["doc._.relations"],
    requires=["doc.ents", "token.dep", "token.lemma", "token.pos"],
    default_config={"lexicon_path": None, "version": EXTRACTOR_VERSION},
)
def make_relation_extractor(
    nlp: Language, name: str, lexicon_path: str | None, version: str
) -> RelationExtractor:
    """Build the component; ``lexicon_path`` swaps in another lexicon file."""
    if version != EXTRACTOR_VERSION:
        raise ConfigurationError(
            f"{FACTORY_NAME}: config version {version!r} is not supported; "
            f"use {EXTRACTOR_VERSION!r}"
        )
    lexicons = load_lexicons(Path(lexicon_path) if lexicon_path else None)
    return RelationExtractor(nlp, name, lexicons)


__all__ = ["EXTRACTOR_VERSION", "FACTORY_NAME", "RelationExtractor", "make_relation_extractor"]
