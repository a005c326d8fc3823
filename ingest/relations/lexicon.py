"""The relation extractor's lexicons: trigger words, titles, country names, cue words.

They live in ``lexicons.json`` beside this module (data, not code), are validated
with pydantic on load, and are cached per path. A broken file raises
``ConfigurationError`` naming the file and the field.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from frontierkg.errors import ConfigurationError
from schema import EntityType, Predicate

LEXICON_FILE = "lexicons.json"

ArgumentRole = Literal["subject", "object"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Confidence(_Frozen):
    """Confidence given to a triple by the pattern family that found it."""

    title: float = Field(ge=0, le=1)
    nationality: float = Field(ge=0, le=1)
    name_internal: float = Field(ge=0, le=1)
    relational_noun: float = Field(ge=0, le=1)
    possessive: float = Field(ge=0, le=1)
    verb: float = Field(ge=0, le=1)
    noun_trigger: float = Field(ge=0, le=1)
    list_membership: float = Field(ge=0, le=1)
    cooccurrence: float = Field(ge=0, le=1)
    coref_factor: float = Field(ge=0, le=1, description="multiplier when an end is a coreference")


class VerbFrame(_Frozen):
    """Verbs that state ``predicate``; the grammatical subject is the relation's subject.

    ``inverse``: the grammatical subject is the relation's object ("X is powered by Y").
    ``patient_is_subject``: the patient (passive subject or direct object) is the relation's
    subject ("X is based in Y", "trained X on Y").
    ``subject_from_object``: the direct object is the relation's subject ("pitted X against Y").
    ``object_preps``: prepositions whose objects are relation objects besides the direct object.
    ``prep_only``: only prepositional objects count (no direct object).
    ``maker_supplies``: the makers of the objects supply the subject ("Oracle ordered
    Nvidia's chips" -> Nvidia SUPPLIES Oracle).
    ``hyphen_prefix``: the verb only counts as the second half of a hyphenated word
    ("open-sourced" is ``source`` with prefix ``open``).
    ``particle``: the verb only counts with this particle ("set up" a company).
    ``money_object``: the verb only counts when its object is money ("poured $1bn into").
    """

    predicate: Predicate
    lemmas: frozenset[str]
    object_preps: frozenset[str] = frozenset()
    prep_only: bool = False
    inverse: bool = False
    patient_is_subject: bool = False
    subject_from_object: bool = False
    hyphen_prefix: str | None = None
    particle: str | None = None
    money_object: bool = False
    maker_supplies: bool = False


class NounFrame(_Frozen):
    """Event nouns that state ``predicate`` ("partnership with", "restrictions on").

    The actor is the possessor, a nominal modifier, an ``actor_preps`` object or the
    subject of the governing verb; the objects are ``object_preps`` objects.
    ``possessor_role`` says which end a possessor fills ("the firm's inclusion on").
    """

    predicate: Predicate
    lemmas: frozenset[str]
    object_preps: frozenset[str] = frozenset()
    actor_preps: frozenset[str] = frozenset({"by", "from"})
    possessor_role: ArgumentRole = "subject"
    modifier_role: ArgumentRole = "subject"
    required_modifiers: frozenset[str] = Field(
        default=frozenset(),
        description="when set, the frame triggers only with one of these modifiers "
        "('joint venture', not 'venture capital'; a 'funding agreement' is an investment, "
        "a plain 'agreement' is not)",
    )


class RelationalNoun(_Frozen):
    """Nouns naming one end by its relation to the other ("a subsidiary of", "CEO of").

    The *holder* is the entity the noun describes (by apposition, compound or copula);
    the *counterpart* is its possessor or prepositional complement. ``holder`` says
    which end of ``predicate`` the holder is.
    """

    predicate: Predicate
    holder: ArgumentRole
    lemmas: frozenset[str]
    otherwise: Predicate | None = Field(
        default=None,
        description="predicate for a pair that ``predicate`` does not allow ('maker of a "
        "chip' MANUFACTURES it, 'maker of a chatbot' DEVELOPS it)",
    )


class Lexicons(_Frozen):
    """Everything the relation extractor knows about words, validated."""

    version: int
    confidence: Confidence
    verbs: tuple[VerbFrame, ...]
    nouns: tuple[NounFrame, ...]
    relational_nouns: tuple[RelationalNoun, ...]
    hyphen_participles: tuple[RelationalNoun, ...]
    lift_object_modifiers: frozenset[Predicate]
    lift_patient_modifiers: frozenset[Predicate]
    comparison_verbs: frozenset[str]
    purpose_verbs: frozenset[str]
    relational_preps: frozenset[str]
    expansion_preps: frozenset[str]
    naming_verbs: frozenset[str]
    adjectival_participles: dict[str, str]
    head_of_state_titles: frozenset[str]
    leading_titles: frozenset[str]
    corporate_titles: frozenset[str] = Field(
        default=frozenset(),
        description="title heads that lead a company ('chief executive X' with no company "
        "named leads the company the passage is about)",
    )
    title_words: frozenset[str]
    non_leading_title_modifiers: frozenset[str]
    org_head_nouns: frozenset[str]
    corporate_suffixes: frozenset[str]
    political_titles: frozenset[str]
    product_head_nouns: frozenset[str]
    coref_nouns: dict[str, tuple[EntityType, ...]]
    coref_determiners: frozenset[str]
    pronouns: dict[str, tuple[EntityType, ...]]
    plural_pronouns: dict[str, tuple[EntityType, ...]]
    member_nouns: frozenset[str] = Field(
        default=frozenset(),
        description="people nouns whose company modifier is not an argument ('AMD engineers')",
    )
    report_nouns: frozenset[str] = Field(
        default=frozenset(), description="nouns whose clause is reported content (denied reports)"
    )
    denial_lemmas: frozenset[str]
    ending_lemmas: frozenset[str]
    recipient_governors: dict[Predicate, frozenset[str]]
    hypothetical_markers: frozenset[str]
    reporting_verbs: frozenset[str] = Field(
        default=frozenset(),
        description="verbs of saying: under one in the past tense, 'would' is the future of "
        "the report ('said the chip would be made by X'), not a hypothesis",
    )
    hypothetical_lemmas: frozenset[str]
    aim_predicates: frozenset[Predicate] = Field(
        default=frozenset(),
        description="predicates an aim or a modal states too: trying to catch up with, "
        "hoping to rival or whether it can match X is rivalry (negation still suppresses)",
    )
    hypothetical_modifiers: frozenset[str]
    hypothetical_heads: frozenset[str]
    version_nouns: frozenset[str] = Field(
        default=frozenset(),
        description="'X, a new version of its Y': Y is X's base, not a co-argument; the "
        "possessor develops X",
    )
    money_words: frozenset[str] = Field(
        default=frozenset(), description="words that make a direct object an amount of money"
    )
    licence_nouns: frozenset[str]
    licence_requiring_verbs: frozenset[str]
    list_nouns: frozenset[str]
    list_verbs: frozenset[str]
    list_addition_verbs: frozenset[str]
    countries: dict[str, tuple[str, ...]]


def _read(path: Path | None) -> tuple[str, str]:
    if path is None:
        text = resources.files("ingest.relations").joinpath(LEXICON_FILE).read_text("utf-8")
        return text, LEXICON_FILE
    try:
        return path.read_text("utf-8"), str(path)
    except OSError as error:
        raise ConfigurationError(
            f"relation lexicon {path}: cannot be read ({error.strerror}); "
            "pass an existing JSON file or omit the path to use the bundled lexicons"
        ) from None


@cache
def load_lexicons(path: Path | None = None) -> Lexicons:
    """Read and validate the lexicons (bundled file when ``path`` is None), once per path."""
    text, source = _read(path)
    try:
        return Lexicons.model_validate(json.loads(text))
    except json.JSONDecodeError as error:
        raise ConfigurationError(
            f"relation lexicon {source}: invalid JSON at line {error.lineno}: {error.msg}; "
            "fix the file"
        ) from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(
            f"relation lexicon {source}: field {where}: {first['msg']}; fix the file "
            "(predicates and entity types must be ontology names)"
        ) from None


__all__ = [
    "LEXICON_FILE",
    "Confidence",
    "Lexicons",
    "NounFrame",
    "RelationalNoun",
    "VerbFrame",
    "load_lexicons",
]
