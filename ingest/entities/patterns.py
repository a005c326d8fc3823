"""Pattern sets of the entity ruler, registered in spaCy's registry under versioned names.

- ``frontierkg.entity_patterns.v1``: phrase patterns from the knowledge base (names,
  aliases, country demonyms and capitals), each ``{"label", "pattern", "id", "exact"}``.
- ``frontierkg.version_patterns.v1``: regular expressions for model versions and chip
  part numbers (``GLM-5.2``, ``Qwen2.5-72B``, ``Claude Opus 4.1``, ``Ascend 910C``, ``MI308``),
  each ``{"label", "regex"}``.

A behaviour change is a new ``.v2`` function, so a pipeline config pins what it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.util import registry

from ingest.entities.knowledge import KnowledgeBase, knowledge_base
from schema import EntityType

PatternDict = dict[str, Any]

# Families whose names followed by a version number name an AI model.
MODEL_FAMILIES: tuple[str, ...] = (
    "ChatGLM", "GLM", "Qwen", "QwQ", "DeepSeek", "Kimi", "Gemini", "Gemma", "Llama", "Grok",
    "Mistral", "Mixtral", "Magistral", "Phi", "Ernie", "ERNIE", "Hunyuan", "Doubao",
    "Nemotron", "Pangu", "PanGu", "InternLM", "MiniMax", "Sora", "Veo", "Imagen", "Seedream",
    "Baichuan", "Jamba", "Hailuo", "Codestral", "Devstral",
)  # fmt: skip
MODEL_VARIANTS: tuple[str, ...] = (
    "Pro", "Flash", "Flash-Lite", "Lite", "Mini", "mini", "Nano", "nano", "Turbo", "turbo",
    "Max", "Plus", "Ultra", "Thinking", "Instruct", "Chat", "Coder", "Preview", "Deep Think",
    "Deepthink", "Omni", "VL", "Reasoner", "Exp", "Base", "Air", "Vision", "Math", "Scout",
    "Maverick", "Behemoth", "Opus", "Sonnet", "Haiku",
)  # fmt: skip

_VERSION = r"(?:[A-Z]{1,2}\d{1,2}(?:\.\d+)*[a-z]?|\d{1,2}(?:\.\d+)*[a-z]?|\d{1,3}[BM])"
_SIZE = r"(?:[-\s]\d{1,4}(?:\.\d+)?[BbMm]\b)"
_DATE_SUFFIX = r"(?:-\d{4}\b)"


def _variants() -> str:
    ordered = sorted(MODEL_VARIANTS, key=len, reverse=True)
    return "(?:[-\\s](?:" + "|".join(v.replace(" ", r"\s") for v in ordered) + r")\b)"


def _model_regexes() -> list[str]:
    families = "|".join(sorted(MODEL_FAMILIES, key=len, reverse=True))
    tail = f"{_DATE_SUFFIX}?{_SIZE}?{_variants()}*{_SIZE}?"
    return [
        rf"\b(?:{families})(?:\s(?:Large|Medium|Small|Ultra|Pro|Flash|Nano|Mini))?[-\s]?"
        rf"{_VERSION}\b{tail}",
        r"\bGPT-\d(?:\.\d+)?o?\b(?:[-\s](?:mini|nano|pro|turbo|Turbo|Pro|Mini|Nano)\b)?",
        r"\bgpt-oss(?:-\d+b)?\b",
        r"(?<![\w.-])o[1-9](?:-(?:mini|pro|preview))?\b(?![\w-])",
        r"\bClaude(?:\s(?:Opus|Sonnet|Haiku|Instant))?\s\d(?:\.\d)?\b(?:\s(?:Opus|Sonnet|Haiku)\b)?",
        r"\b(?:Opus|Sonnet|Haiku)\s\d(?:\.\d)?\b",
    ]


def _chip_regexes() -> list[str]:
    return [
        r"\b(?:H\d{2,3}|[AB]\d{3}|GB\d{3}|GH\d{3}|L\d{2})(?:[A-Z]{1,2})?\b"
        r"(?:\s(?:SXM\d?|PCIe|NVL\d+)\b)?",
        r"\bMI\d{3}[A-Z]?\b",
        r"\bAscend\s?\d{3}[A-Z]?\b",
        r"\bKirin\s?\d{3,4}[A-Za-z]?\b",
        r"\bGaudi\s?\d\b",
        r"\bTPU\s?v\d+[a-z]?\b",
        r"\bTrainium\s?\d\b",
        r"\bSnapdragon\s\d{3,4}\b",
    ]


def _exact(form: str, entry_case_sensitive: bool) -> bool:
    """Short forms and acronyms match case-sensitively (``US`` is not ``us``)."""
    letters = [c for c in form if c.isalpha()]
    if entry_case_sensitive or len(form) <= 2:
        return True
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def knowledge_patterns(kb: KnowledgeBase) -> list[PatternDict]:
    """Phrase patterns for every entry's name and aliases, plus demonyms and capitals."""
    patterns: list[PatternDict] = []
    for entry in kb:
        label = entry.type.value
        for form in entry.surface_forms:
            patterns.append(
                {
                    "label": label,
                    "pattern": form,
                    "id": entry.name,
                    "exact": _exact(form, entry.case_sensitive),
                }
            )
        if entry.type is EntityType.COUNTRY:
            for form in (*entry.demonyms, *entry.capitals):
                patterns.append({"label": label, "pattern": form, "id": entry.name, "exact": False})
    return patterns


def entity_patterns(knowledge_dir: str | None = None) -> list[PatternDict]:
    """Knowledge-base phrase patterns; ``knowledge_dir`` None means the bundled KB."""
    directory = Path(knowledge_dir) if knowledge_dir else None
    return knowledge_patterns(knowledge_base(directory))


def version_patterns() -> list[PatternDict]:
    """Model-version and chip part-number regular expressions."""
    model = EntityType.AI_MODEL.value
    chip = EntityType.CHIP.value
    return [{"label": model, "regex": r} for r in _model_regexes()] + [
        {"label": chip, "regex": r} for r in _chip_regexes()
    ]


registry.misc.register("frontierkg.entity_patterns.v1", func=entity_patterns)
registry.misc.register("frontierkg.version_patterns.v1", func=version_patterns)

__all__ = [
    "MODEL_FAMILIES",
    "MODEL_VARIANTS",
    "PatternDict",
    "entity_patterns",
    "knowledge_patterns",
    "version_patterns",
]
