"""Cross-article entity resolution: one ``Extraction`` in, one ``GraphBatch`` out.

Each extracted entity is matched against the entities already known (in the graph, or
written earlier in this run), in this order, and always within its own type only:

1. **exact**: the id ``entity_id(type, name)`` exists;
2. **alias**: one of its surface forms (name or alias) equals, after folding case,
   accents, punctuation and (for organisations) legal suffixes such as "Inc", "Group" or
   "AI", the name or an alias of a known entity;
3. **fuzzy**: a surface form scores at least ``settings.fuzzy_match_threshold`` with
   rapidfuzz's ``ratio`` against a known surface form *and* both agree exactly from
   their first digit on ("GPT-4" never becomes "GPT-5", "910B" never "910C");
4. otherwise it is a **new** entity with its canonical id.

Candidates from the graph come from ``store.search(surface, types=[type])`` (cached per
run, and skipped for a type the graph did not hold before the run), so an entity is never
merged across types. Every merge is logged at INFO, e.g.
``resolved 'Z.ai' -> organization:zhipu-ai (alias)``. The first-seen entity keeps its id
and name; the merged surface forms become its aliases, except a form that is another
entity's canonical name: it stays with that entity.

Resolution is deterministic, so a replay (or another batch size) gives the same graph:
the store is searched before a match is decided, not only when the run's registry has
no answer (what earlier articles happened to load must not decide); a name match beats
an alias match; equally good candidates are chosen by id, never by the order learnt.

The resolver keeps what it learnt for the whole run, so articles of one batch resolve
against each other even before they are written. Every batch carries an upsert for each
entity it mentions, so a batch never points at a node that a failed write left out.

Example:
    >>> resolver = EntityResolver(store, settings)  # doctest: +SKIP
    >>> resolved = resolver.resolve(extraction)  # doctest: +SKIP
    >>> store.replace_articles(resolved.batch)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from rapidfuzz import fuzz, process

from frontierkg.errors import GraphStoreError, StoreUnavailableError
from frontierkg.settings import Settings, get_settings
from graph.models import (
    ArticleRecord,
    EdgeKey,
    EntityQuery,
    EntityRecord,
    EntityUpsert,
    EvidenceRecord,
    GraphBatch,
    Mention,
    RelationUpsert,
    entity_id,
)
from graph.store import GraphStore
from ingest.fingerprint import content_hash as compute_content_hash
from ingest.models import ExtractedEntity, ExtractedRelation, Extraction
from schema import EntityType, ontology

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[a-z0-9]+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_VERSION_TAIL = re.compile(r"\d.*")
_MIN_FUZZY_KEY = 5
_MIN_FUZZY_WORD = 5
_MAX_SEARCHED_SURFACES = 3
_SEARCH_LIMIT = 10
_FUZZY_CANDIDATES = 5

# Trailing words that do not tell two organisations apart ("Huawei Technologies Co Ltd").
_ORG_SUFFIXES = frozenset(
    """
    ai inc incorporated corp corporation co company ltd limited llc plc lp holdings holding
    group technologies technology tech platforms sa ag nv bv se gmbh kk
    """.split()
)


def match_tokens(entity_type: EntityType, surface: str) -> tuple[str, ...]:
    """Folded words of a surface string (organisations without their legal suffixes)."""
    folded = unicodedata.normalize("NFKD", surface).encode("ascii", "ignore").decode("ascii")
    tokens = _TOKEN.findall(folded.casefold().replace("&", " and "))
    if not tokens:  # a name without Latin letters: keep its own characters
        own = _NON_WORD.sub("", surface.casefold())
        return (own,) if own else ()
    if entity_type is EntityType.ORGANIZATION:
        if tokens[0] == "the" and len(tokens) > 1:
            tokens = tokens[1:]
        while len(tokens) > 1 and tokens[-1] in _ORG_SUFFIXES:
            tokens.pop()
    return tuple(tokens)


def match_key(entity_type: EntityType, surface: str) -> str:
    """Folded form of a surface string used for alias and fuzzy matching.

    Example:
        >>> match_key(EntityType.ORGANIZATION, "Zhipu AI")
        'zhipu'
        >>> match_key(EntityType.AI_MODEL, "GLM-4.5")
        'glm45'
    """
    return "".join(match_tokens(entity_type, surface))


def _version_tail(key: str) -> str:
    """Everything from the first digit on: "ascend910b" -> "910b" (must match exactly)."""
    match = _VERSION_TAIL.search(key)
    return match.group(0) if match else ""


def _short_words(tokens: tuple[str, ...]) -> list[str]:
    """Short words, where one letter is a different thing ("EUV" vs "DUV")."""
    return sorted(t for t in tokens if len(t) < _MIN_FUZZY_WORD)


class MatchKind(StrEnum):
    """How an extracted entity was matched to its graph entity."""

    EXACT = "exact"
    ALIAS = "alias"
    FUZZY = "fuzzy"
    NEW = "new"


@dataclass(frozen=True)
class Resolution:
    """The graph entity one extracted entity was resolved to."""

    surface: str
    entity_type: EntityType
    entity_id: str
    kind: MatchKind
    score: float = 100.0


@dataclass(frozen=True)
class ResolvedArticle:
    """The write for one article plus what resolution decided, for reports and the API."""

    batch: GraphBatch
    resolutions: tuple[Resolution, ...]
    dropped_relations: tuple[str, ...] = ()


@dataclass
class _Known:
    id: str
    type: EntityType
    name: str
    aliases: set[str] = field(default_factory=set)


class EntityResolver:
    """Resolves extractions against the graph and against each other for one run.

    Not thread-safe: one resolver per ingest run.
    """

    def __init__(self, store: GraphStore, settings: Settings | None = None) -> None:
        self._store = store
        self._threshold = (settings or get_settings()).fuzzy_match_threshold
        self._known: dict[str, _Known] = {}
        # Per type, folded key -> ids of the entities having it: as a canonical name, and as
        # any surface form. Sets, not first-come values: the answer to a lookup must not
        # depend on the order in which entities were learnt (see ``_pick``).
        self._by_name: dict[EntityType, dict[str, set[str]]] = defaultdict(dict)
        self._by_surface: dict[EntityType, dict[str, set[str]]] = defaultdict(dict)
        # Short words of every spelling seen per key ("Deep Seek" and "DeepSeek" share one).
        self._short: dict[tuple[EntityType, str], set[tuple[str, ...]]] = defaultdict(set)
        self._absent: set[str] = set()
        self._searched: set[tuple[EntityType, str]] = set()
        self._type_in_store: dict[EntityType, bool] = {}

    # ------------------------------------------------------------ registry
    def _index(self, entity_type: EntityType, surface: str, ident: str, *, name: bool) -> None:
        tokens = match_tokens(entity_type, surface)
        key = "".join(tokens)
        if not key:
            return
        self._short[(entity_type, key)].add(tuple(_short_words(tokens)))
        self._by_surface[entity_type].setdefault(key, set()).add(ident)
        if name:
            self._by_name[entity_type].setdefault(key, set()).add(ident)

    def _owned_by_other(self, entity_type: EntityType, surface: str, ident: str) -> bool:
        """Whether ``surface`` is the canonical name of another entity of this type.

        Such a form belongs to that entity: giving it to ``ident`` as well would make two
        nodes answer to one name, and which one a later mention resolves to would depend
        on the order they were learnt ("Z.ai, formerly Zhipu" when "Zhipu" is a node).
        """
        owners = self._by_name.get(entity_type, {}).get(match_key(entity_type, surface), set())
        return bool(owners) and ident not in owners

    def _learn(
        self,
        ident: str,
        entity_type: EntityType,
        name: str,
        surfaces: Iterable[str],
        *,
        claim: bool = False,
    ) -> _Known:
        """Register an entity and surface forms of it.

        ``claim`` marks forms an extraction *proposes* as aliases: those that are another
        entity's canonical name are refused (stored records are taken as they are).
        """
        known = self._known.get(ident)
        if known is None:
            known = _Known(ident, entity_type, name)
            self._known[ident] = known
            self._absent.discard(ident)
            self._index(entity_type, name, ident, name=True)
        for surface in surfaces:
            if surface == known.name or surface in known.aliases:
                continue
            if claim and self._owned_by_other(entity_type, surface, ident):
                logger.debug("%r stays with its own entity, not an alias of %s", surface, ident)
                continue
            known.aliases.add(surface)
            self._index(entity_type, surface, ident, name=False)
        return known

    def _learn_record(self, record: EntityRecord) -> None:
        self._learn(record.id, record.type, record.name, record.aliases)

    def _surfaces_of(self, ident: str, surfaces: Iterable[str]) -> list[str]:
        """Those of ``surfaces`` that are the entity's name or accepted aliases."""
        known = self._known[ident]
        return [s for s in surfaces if s == known.name or s in known.aliases]

    def _prefetch(self, ids: Iterable[str]) -> None:
        """Load the entities with these ids from the store in one round trip."""
        wanted = sorted({i for i in ids if i not in self._known and i not in self._absent})
        if not wanted:
            return
        for ident, record in zip(wanted, self._store.get_entities(wanted), strict=True):
            if record is None:
                self._absent.add(ident)
            else:
                self._learn_record(record)

    def _store_has_type(self, entity_type: EntityType) -> bool:
        """Whether the store held any entity of this type when first asked (then cached).

        Asked before this resolver's first search for the type, so every entity of that
        type written later in the run came from this resolver and is in its registry:
        when the answer is no, searching the store can find nothing new and is skipped
        (on a fresh graph that saves one round trip per new surface form).
        """
        if entity_type not in self._type_in_store:
            try:
                page = self._store.list_entities(EntityQuery(type=entity_type, first=1))
            except StoreUnavailableError:
                raise
            except GraphStoreError:
                self._type_in_store[entity_type] = True  # unknown: keep searching
            else:
                self._type_in_store[entity_type] = bool(page.items)
        return self._type_in_store[entity_type]

    def _search_store(self, entity_type: EntityType, surfaces: Sequence[str]) -> None:
        """Learn graph entities of ``entity_type`` whose names resemble ``surfaces``."""
        if not self._store_has_type(entity_type):
            return
        for surface in surfaces[:_MAX_SEARCHED_SURFACES]:
            cache_key = (entity_type, match_key(entity_type, surface))
            if not cache_key[1] or cache_key in self._searched:
                continue
            self._searched.add(cache_key)
            try:
                hits = self._store.search(surface, types=[entity_type], limit=_SEARCH_LIMIT)
            except StoreUnavailableError:
                raise
            except GraphStoreError as error:
                logger.warning("search for %r failed (%s); resolving without it", surface, error)
                continue
            for hit in hits:
                if hit.entity.type is entity_type:  # never trust a store to filter types
                    self._learn_record(hit.entity)

    # ------------------------------------------------------------ matching
    @staticmethod
    def _pick(ids: Iterable[str]) -> str | None:
        """One of several equally good candidates, the same one whatever the learn order."""
        return min(ids, default=None)

    def _alias_hit(
        self, entity_type: EntityType, name_key: str, alias_keys: Sequence[str]
    ) -> str | None:
        """A known entity sharing a surface form, anchored on a name on one side.

        In order of strength: the new name equals a known *name*, then any known surface
        form; then a new alias equals a known name. Two entities that merely share an
        alias (both called "the administration" in their articles) are not merged.
        A name match beats an alias match, so "Zhipu AI" goes to the node named "Zhipu"
        even when another node also lists "Zhipu" among its aliases.
        """
        names = self._by_name.get(entity_type, {})
        surfaces = self._by_surface.get(entity_type, {})
        for ids in (names.get(name_key), surfaces.get(name_key)):
            if ids:
                return self._pick(ids)
        return self._pick(i for key in alias_keys for i in names.get(key, ()))

    def _fuzzy_in(
        self, entity_type: EntityType, tokens: tuple[str, ...], index: dict[str, set[str]]
    ) -> tuple[str, float] | None:
        key = "".join(tokens)
        if len(key) < _MIN_FUZZY_KEY or not index:
            return None
        tail = _version_tail(key)
        short = tuple(_short_words(tokens))
        # Sorted choices and (score, key) order: equal scores never depend on learn order.
        matches = process.extract(
            key, sorted(index), scorer=fuzz.ratio, score_cutoff=self._threshold, limit=None
        )
        matches.sort(key=lambda m: (-m[1], m[0]))
        for candidate, score, _ in matches[:_FUZZY_CANDIDATES]:
            if _version_tail(candidate) != tail:
                continue
            if short not in self._short.get((entity_type, candidate), set()):
                continue
            ident = self._pick(index[candidate])
            if ident is not None:
                return ident, float(score)
        return None

    def _fuzzy_hit(
        self, entity_type: EntityType, name: str, aliases: Sequence[str]
    ) -> tuple[str, float] | None:
        """Best fuzzy match, anchored on a name like ``_alias_hit``."""
        candidates: list[tuple[str, float]] = []
        surfaces = self._by_surface.get(entity_type, {})
        found = self._fuzzy_in(entity_type, match_tokens(entity_type, name), surfaces)
        if found:
            candidates.append(found)
        names = self._by_name.get(entity_type, {})
        for alias in aliases:
            found = self._fuzzy_in(entity_type, match_tokens(entity_type, alias), names)
            if found:
                candidates.append(found)
        return max(candidates, key=lambda c: (c[1], c[0])) if candidates else None

    def resolve_entity(self, entity: ExtractedEntity) -> Resolution:
        """Find (or create) the graph entity for ``entity``; see the module docstring."""
        canonical = entity_id(entity.type, entity.name)
        self._store_has_type(entity.type)  # fixed before this run writes any of the type
        surfaces = list(dict.fromkeys((entity.name, *entity.aliases)))
        # Entities *named* like an alias are loaded too: they keep that form (``_learn``).
        self._prefetch(entity_id(entity.type, s) for s in surfaces)
        name_key = match_key(entity.type, entity.name)
        alias_keys = [k for s in surfaces[1:] if (k := match_key(entity.type, s)) and k != name_key]
        if canonical in self._known:
            resolution = Resolution(entity.name, entity.type, canonical, MatchKind.EXACT)
        else:
            # The store is searched *before* deciding (each form once per run), not only
            # when the registry has no answer: otherwise the outcome would depend on which
            # graph entities earlier articles happened to load, and a replay could differ.
            self._search_store(entity.type, surfaces)
            if canonical in self._known:
                resolution = Resolution(entity.name, entity.type, canonical, MatchKind.EXACT)
            elif hit := self._alias_hit(entity.type, name_key, alias_keys):
                resolution = Resolution(entity.name, entity.type, hit, MatchKind.ALIAS)
            elif fuzzy := self._fuzzy_hit(entity.type, entity.name, surfaces[1:]):
                resolution = Resolution(
                    entity.name, entity.type, fuzzy[0], MatchKind.FUZZY, fuzzy[1]
                )
            else:
                resolution = Resolution(entity.name, entity.type, canonical, MatchKind.NEW)
        self._learn(resolution.entity_id, entity.type, entity.name, surfaces, claim=True)
        if resolution.kind is MatchKind.ALIAS:
            logger.info("resolved %r -> %s (alias)", entity.name, resolution.entity_id)
        elif resolution.kind is MatchKind.FUZZY:
            logger.info(
                "resolved %r -> %s (fuzzy %.0f)",
                entity.name,
                resolution.entity_id,
                resolution.score,
            )
        return resolution

    # ------------------------------------------------------------ articles
    def resolve(
        self,
        extraction: Extraction,
        *,
        content_hash: str | None = None,
        ingested_at: datetime | None = None,
    ) -> ResolvedArticle:
        """The complete ``GraphBatch`` for one article (for ``store.replace_articles``)."""
        article = extraction.article
        self._prefetch(
            entity_id(e.type, s) for e in extraction.entities for s in (e.name, *e.aliases)
        )

        resolutions: list[Resolution] = []
        upserts: dict[str, tuple[EntityType, set[str]]] = {}
        mention_counts: dict[str, int] = defaultdict(int)
        by_surface: dict[str, list[tuple[EntityType, str]]] = defaultdict(list)
        for entity in extraction.entities:
            resolution = self.resolve_entity(entity)
            resolutions.append(resolution)
            ident = resolution.entity_id
            _, surfaces = upserts.setdefault(ident, (entity.type, set()))
            surfaces.update(self._surfaces_of(ident, (entity.name, *entity.aliases)))
            mention_counts[ident] += entity.mention_count
            for surface in (entity.name, *entity.aliases):
                by_surface[surface.casefold()].append((entity.type, ident))

        entities = tuple(
            EntityUpsert(
                id=ident,
                type=entity_type,
                name=self._known[ident].name,
                aliases=tuple(sorted(s for s in surfaces if s != self._known[ident].name)),
            )
            for ident, (entity_type, surfaces) in upserts.items()
        )
        mentions = tuple(
            Mention(article_id=article.id, entity_id=ident, count=count)
            for ident, count in mention_counts.items()
        )
        relations, dropped = _relations(extraction, by_surface)
        record = ArticleRecord(
            id=article.id,
            url=article.url,
            title=article.title,
            published=article.published,
            source=article.source,
            content_hash=content_hash or compute_content_hash(article),
            ingested_at=ingested_at or datetime.now(UTC),
        )
        batch = GraphBatch(
            articles=(record,), entities=entities, mentions=mentions, relations=relations
        )
        return ResolvedArticle(batch, tuple(resolutions), tuple(dropped))


def _pick_ends(
    relation: ExtractedRelation, by_surface: dict[str, list[tuple[EntityType, str]]]
) -> tuple[str, str] | None:
    """Resolved (subject id, object id) whose types the predicate allows, if any."""
    spec = ontology()
    for subject_type, subject_id in by_surface.get(relation.subject.casefold(), []):
        for object_type, object_id in by_surface.get(relation.object.casefold(), []):
            if spec.allows(relation.predicate, subject_type, object_type):
                return subject_id, object_id
    return None


def _relations(
    extraction: Extraction, by_surface: dict[str, list[tuple[EntityType, str]]]
) -> tuple[tuple[RelationUpsert, ...], list[str]]:
    """Edges with their evidence, grouped per canonical edge, plus reasons for drops."""
    evidence_by_edge: dict[EdgeKey, dict[tuple[int, int], EvidenceRecord]] = {}
    dropped: list[str] = []
    article_id = extraction.article.id
    for relation in extraction.relations:
        label = f"{relation.subject} {relation.predicate.value} {relation.object}"
        ends = _pick_ends(relation, by_surface)
        if ends is None:
            dropped.append(f"{label}: an end is not an extracted entity of a type it allows")
            continue
        if ends[0] == ends[1]:
            dropped.append(f"{label}: both ends resolve to {ends[0]}")
            continue
        edge = EdgeKey(ends[0], relation.predicate, ends[1]).canonical()
        evidence = EvidenceRecord(
            article_id=article_id,
            sentence=relation.evidence,
            start=relation.start,
            end=relation.end,
            confidence=relation.confidence,
            extractor_version=extraction.extractor_version,
        )
        slot = evidence_by_edge.setdefault(edge, {})
        previous = slot.get((relation.start, relation.end))
        if previous is None or previous.confidence < evidence.confidence:
            slot[(relation.start, relation.end)] = evidence
    for reason in dropped:
        logger.debug("%s: relation dropped: %s", article_id, reason)
    upserts = tuple(
        RelationUpsert(
            subject_id=edge.subject_id,
            predicate=edge.predicate,
            object_id=edge.object_id,
            evidence=tuple(evidence[k] for k in sorted(evidence)),
        )
        for edge, evidence in evidence_by_edge.items()
    )
    return upserts, dropped


__all__ = ["EntityResolver", "MatchKind", "Resolution", "ResolvedArticle", "match_key"]
