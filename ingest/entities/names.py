"""Pure string helpers for entity names: normalisation keys, legal suffixes, acronyms."""

from __future__ import annotations

import re
import unicodedata

_PUNCT_SPACE = re.compile(r"[\W_]+", re.UNICODE)
_LEGAL_SUFFIXES = frozenset(
    {
        "inc", "inc.", "incorporated", "ltd", "ltd.", "limited", "co", "co.", "corp", "corp.",
        "corporation", "company", "llc", "plc", "ag", "sa", "s.a.", "gmbh", "nv", "n.v.",
        "bv", "b.v.", "pte", "pvt", "lp",
    }
)  # fmt: skip
_CORE_SUFFIXES = _LEGAL_SUFFIXES | frozenset(
    {"holdings", "holding", "group", "technologies", "technology", "platforms"}
)
_ACRONYM_STOPWORDS = frozenset({"of", "and", "the", "for", "on", "in", "&", "de", "-"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def match_key(text: str) -> str:
    """Case-folded text without punctuation and spaces (the scoring's notion of equality)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCT_SPACE.sub("", folded)


def tidy(text: str) -> str:
    """Collapse whitespace, unify apostrophes, drop a leading "the" and a possessive."""
    text = " ".join(text.translate(_APOSTROPHES).split())
    if text.lower().startswith("the ") and len(text) > 4:
        text = text[4:]
    for ending in ("'s", "'"):
        if text.endswith(ending) and len(text) > len(ending) + 1:
            text = text[: -len(ending)]
    return text.strip(" ,.;:-\"'()[]")


def _strip_suffixes(name: str, suffixes: frozenset[str]) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].strip(",").lower() in suffixes:
        words.pop()
    return " ".join(words).rstrip(",")


def strip_legal_suffix(name: str) -> str:
    """``"Tokyo Electron Ltd"`` -> ``"Tokyo Electron"`` (legal forms only, repeated)."""
    return _strip_suffixes(name, _LEGAL_SUFFIXES)


def core_name(name: str) -> str:
    """Name without legal forms and group words: ``"Alibaba Group Holding Ltd"`` -> Alibaba."""
    return _strip_suffixes(name, _CORE_SUFFIXES)


def initials(name: str) -> str:
    """Initials of the significant words: ``"Bureau of Industry and Security"`` -> BIS."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _ACRONYM_STOPWORDS]
    return "".join(w[0] for w in words).upper()


def looks_like_acronym(text: str) -> bool:
    """Two to seven letters/digits, mostly capitals (``BIS``, ``CXMT``, ``DoC``)."""
    letters = [c for c in text if c.isalnum()]
    if not 2 <= len(letters) <= 7 or " " in text:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return text[0].isupper() and upper >= max(2, len(letters) - 1)


__all__ = [
    "core_name",
    "initials",
    "looks_like_acronym",
    "match_key",
    "strip_legal_suffix",
    "tidy",
]
