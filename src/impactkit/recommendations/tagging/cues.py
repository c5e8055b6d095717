"""Finding cues in a text: compiled patterns, crude stems, and how probabilities combine.

Kept deliberately simple (regular expressions and a suffix stripper, no NLP library) so that
the zero-shot and keyword modes need nothing beyond the core install and tag thousands of
recommendations a second.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable

STOP_WORDS = frozenset({
    "a", "an", "and", "or", "of", "the", "to", "in", "on", "for", "by", "with", "from", "into",
    "as", "at", "is", "are", "be", "its", "their", "all", "any", "other", "own", "what", "how",
    "who", "which", "when", "where", "not", "no", "under", "against",
})
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "es", "s", "ed")


def compile_cue(pattern: str) -> re.Pattern[str]:
    """A cue pattern matched case-insensitively and on word boundaries only ("boys" must not
    fire inside "boycott")."""
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


def stem(word: str) -> str:
    """A crude stem, enough to match "trafficking" with "traffickers" in a title."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    """Stems of the words of a text that carry meaning (stop words left out)."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS}


def content_bigrams(text: str) -> set[tuple[str, str]]:
    """Pairs of consecutive content stems: a provision text shares a phrase, not a word."""
    stems = [stem(w) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS]
    return set(itertools.pairwise(stems))


def noisy_or(probabilities: Iterable[float]) -> float:
    """The chance that at least one of independent pieces of evidence is right: two weak cues
    together say more than either, and no number of cues passes 1."""
    miss = 1.0
    for p in probabilities:
        miss *= 1.0 - p
    return 1.0 - miss


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    if x < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))
