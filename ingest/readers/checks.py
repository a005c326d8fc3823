"""Checks every article text passes before it enters the pipeline: size and language.

Decisions (documented in the README's ingest section):

- **Size**: an article longer than ``settings.max_article_chars`` is *refused* with an
  error, not cut. A cut article would be extracted silently incomplete, and a text that
  long is almost always a concatenated dump or a wrong file, which the user should see.
- **Language**: the extractor is English-only, so a text that is clearly not English is
  *skipped with a warning* (``NotEnglishError`` is a subclass of ``IngestInputError`` so
  single-article callers such as the API report it as an error). The test is cheap:
  the share of letters that are ASCII, then the share of words that are common English
  function words. Short texts (under 60 letters or 20 words) are not judged.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from frontierkg.errors import IngestInputError

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_WORDS_FOR_LANGUAGE = 20
_MIN_LETTERS_FOR_SCRIPT = 60
_MIN_ASCII_LETTER_SHARE = 0.80
_MIN_STOPWORD_SHARE = 0.10

# Function words frequent in any English news text and rare in other Latin-script languages.
_ENGLISH_STOPWORDS = frozenset(
    """
    the of and to in is that for on with as was by at from it its be are has have had
    which this an or but not were will would said says their they he she his her who
    after also been than more over about into new other more could can one two first
    """.split()
)


class NotEnglishError(IngestInputError):
    """The text does not look like English; the extractor only handles English."""


class ArticleTooLongError(IngestInputError):
    """The text is longer than ``FRONTIERKG_MAX_ARTICLE_CHARS``."""


def check_length(source: str, text: str, max_chars: int) -> None:
    """Refuse a text longer than ``max_chars`` (see the module docstring for why)."""
    if len(text) > max_chars:
        raise ArticleTooLongError(
            source,
            f"article text has {len(text):,} characters, more than the limit of "
            f"{max_chars:,} (FRONTIERKG_MAX_ARTICLE_CHARS); split the article or raise "
            "the limit",
        )


class EnglishScore(NamedTuple):
    """Cheap language evidence: letter and word counts and the two shares tested."""

    letters: int
    words: int
    ascii_letter_share: float
    stopword_share: float


def english_score(text: str) -> EnglishScore:
    """How English ``text`` looks (scripts without spaces count as few long words)."""
    words = _WORD.findall(text)
    letters = sum(len(w) for w in words)
    if not words:
        return EnglishScore(0, 0, 0.0, 0.0)
    ascii_letters = sum(1 for w in words for ch in w if ch.isascii())
    stopwords = sum(1 for w in words if w.lower() in _ENGLISH_STOPWORDS)
    return EnglishScore(letters, len(words), ascii_letters / letters, stopwords / len(words))


def check_english(source: str, text: str) -> None:
    """Raise ``NotEnglishError`` when ``text`` is clearly not English."""
    score = english_score(text)
    ascii_share, stop_share = score.ascii_letter_share, score.stopword_share
    if score.letters >= _MIN_LETTERS_FOR_SCRIPT and ascii_share < _MIN_ASCII_LETTER_SHARE:
        raise NotEnglishError(
            source,
            f"text does not look like English (only {ascii_share:.0%} of its letters are "
            "Latin ASCII); the extractor handles English only, so the article is skipped",
        )
    if score.words >= _MIN_WORDS_FOR_LANGUAGE and stop_share < _MIN_STOPWORD_SHARE:
        raise NotEnglishError(
            source,
            f"text does not look like English (only {stop_share:.0%} of its words are common "
            "English words); the extractor handles English only, so the article is skipped",
        )


def check_text(source: str, text: str, max_chars: int) -> None:
    """Empty, size and language checks, in that order."""
    if not text.strip():
        raise IngestInputError(source, "article text is empty; nothing to extract")
    check_length(source, text, max_chars)
    check_english(source, text)


__all__ = [
    "ArticleTooLongError",
    "EnglishScore",
    "NotEnglishError",
    "check_english",
    "check_length",
    "check_text",
    "english_score",
]
