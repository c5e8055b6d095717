"""Finding cues in a text: compiled patterns, crude stems, and how probabilities combine.

Kept deliberately simple (regular expressions and a suffix stripper, no NLP library) so that
the zero-shot and keyword modes need nothing beyond the core install and tag thousands of
recommendations a second.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator

STOP_WORDS = frozenset({
    "a", "an", "and", "or", "of", "the", "to", "in", "on", "for", "by", "with", "from", "into",
    "as", "at", "is", "are", "be", "its", "their", "all", "any", "other", "own", "what", "how",
    "who", "which", "when", "where", "not", "no", "under", "against",
})
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "es", "s", "ed")


class Cue:
    """A cue pattern (written in lower case) matched on word boundaries only ("boys" must not
    fire inside "boycott"), in a text lower-cased once for all its cues.

    The pattern is compiled without a leading ``\\b`` and the word start is checked by hand:
    a pattern that opens on a literal is then searched for with the regular expression
    engine's fast scan for it, four times faster over a hundred cues."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(rf"(?:{pattern})\b")

    def finditer(self, text: str, lowered: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, words as written)`` of each match in ``text`` (``lowered`` is
        ``text.lower()``)."""
        same = len(text) == len(lowered)
        for match in self.pattern.finditer(lowered):
            start, end = match.span()
            if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
                continue
            yield start, end, text[start:end] if same else match.group(0)


def compile_cue(pattern: str) -> Cue:
    """A :class:`Cue` for ``pattern``."""
    return Cue(pattern)


_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """A crude stem, enough to match "trafficking" with "traffickers" in a title."""
    found = _STEMS.get(word)
    if found is not None:
        return found
    stemmed = word.lower()
    for suffix in _SUFFIXES:
        if len(stemmed) > len(suffix) + 3 and stemmed.endswith(suffix):
            stemmed = stemmed[: -len(suffix)]
            break
    if len(_STEMS) < 100_000:
        _STEMS[word] = stemmed
    return stemmed


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
