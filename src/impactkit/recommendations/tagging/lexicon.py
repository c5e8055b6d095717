"""Cue vocabularies for texts in French and Spanish, read from data files.

The English cues are regular expressions (:mod:`.vocabulary`); a French or Spanish text is
matched instead on its stems: each cue is a phrase ("traite des enfants", "trabajo infantil"),
stemmed with the language's Snowball stemmer (:func:`impactkit.recommendations.languages.stems`)
and without its function words, and it matches the same stems in a row of the text, so
"traite d'enfants" and "la traite des enfants" meet, and so do "niña" and "niños".

The phrases and their weights are in ``lexicons/<language>.yaml`` (with the sources of the
terms: the official French and Spanish texts of the CRC, its Optional Protocols, the Palermo
Protocol and ILO Conventions 138 and 182, and the usual wording of UPR and treaty-body
recommendations in those languages). Like the English cues, they were written without looking
at any labelled set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from impactkit.recommendations.languages import detect_language, stems

LEXICON_LANGUAGES = ("fr", "es")
"""Languages with a cue vocabulary of stems (English has its regular expressions)."""

MAX_PHRASE = 4
_WORD = re.compile(r"[^\W_]+")
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"the", "and", "of", "to", "in", "for", "with", "its", "that", "on", "by"}),
    "fr": frozenset({"le", "la", "les", "des", "et", "du", "de", "pour", "dans", "en", "aux",
                     "une", "sur", "que", "son", "ses", "au"}),
    "es": frozenset({"el", "la", "los", "las", "y", "del", "de", "para", "en", "con", "una",
                     "que", "por", "sus", "su", "al"}),
}
"""Frequent words that tell English, French and Spanish apart at a glance."""


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    tag: str
    weight: float
    phrase: str  # as the vocabulary writes it
    start: int  # token positions in the text, end exclusive
    end: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's cues: stemmed phrase -> (tag, weight, phrase as written) entries."""

    language: str
    stop_words: frozenset[str]
    entries: Mapping[tuple[str, ...], tuple[tuple[str, float, str], ...]]
    weak_child: re.Pattern[str] | None = None

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """The text's content stems, in order (function words left out), each with the
        offset of its word in the text."""
        return [(stem, m.start()) for m in _WORD.finditer(text.lower())
                if (word := m.group(0)) not in self.stop_words
                and (stem := stem_word(word, self.language))]

    def weak_child_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the phrases in which a child word does not make the text about
        children ("femmes et filles"), matched on the words as written: "niños" and "niñas"
        share a stem, and "las mujeres, los niños" is a list of groups, not a weak context."""
        if self.weak_child is None:
            return []
        return [m.span() for m in self.weak_child.finditer(text.lower())]

    def match(self, text: str) -> tuple[list[LexiconMatch], list[int]]:
        """Every cue phrase found in the text (overlapping ones too), and the offset in the
        text of each content word (a match's ``start`` and ``end`` index this list)."""
        pairs = self.tokens(text)
        tokens = [stem for stem, _ in pairs]
        found: list[LexiconMatch] = []
        for start in range(len(tokens)):
            for length in range(1, min(MAX_PHRASE, len(tokens) - start) + 1):
                for tag, weight, phrase in self.entries.get(
                        tuple(tokens[start:start + length]), ()):
                    found.append(LexiconMatch(tag, weight, phrase, start, start + length))
        return found, [offset for _, offset in pairs]


_STEMS: dict[tuple[str, str], str] = {}


def stem_word(word: str, language: str) -> str:
    """One lower-case word's stem (accents removed), remembered: a few thousand distinct
    words make up most recommendations, and stemming each anew would cost more than all the
    rest of the tagging."""
    key = (language, word)
    found = _STEMS.get(key)
    if found is None:
        stemmed = stems(word, language)
        found = stemmed[0] if stemmed else ""
        if len(_STEMS) < 200_000:
            _STEMS[key] = found
    return found


def text_language(text: str) -> str:
    """``en``, ``fr`` or ``es`` for the cue vocabulary to read a text with: a count of
    function words decides a clear case at once, the language detector the rest (a text in
    another language is read as English, whose cues then mostly find nothing)."""
    words = _WORD.findall(text.lower()[:600])
    counts = {language: sum(w in stop for w in words)
              for language, stop in _FUNCTION_WORDS.items()}
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    first, second = ranked[0], ranked[1]
    if counts[first] >= 3 and counts[first] >= 2 * counts[second]:
        return first
    detected = detect_language(text)
    return detected if detected in LEXICON_LANGUAGES else "en"


@cache
def lexicon(language: str) -> Lexicon:
    """The packaged cue vocabulary of ``language`` (one of :data:`LEXICON_LANGUAGES`)."""
    source = files("impactkit.recommendations.tagging").joinpath("lexicons", f"{language}.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return build_lexicon(language, data)


def build_lexicon(language: str, data: Mapping[str, Any]) -> Lexicon:
    """A lexicon from its data: ``stop_words`` (a list), ``cues`` (tag -> list of
    ``[phrase, weight]``; a phrase may be listed under several tags) and
    ``weak_child_contexts`` (regular expressions, in lower case)."""
    stop_words = frozenset(str(w).lower() for w in data.get("stop_words") or ())
    entries: dict[tuple[str, ...], list[tuple[str, float, str]]] = {}
    for tag, items in (data.get("cues") or {}).items():
        for phrase, weight in items:
            key = tuple(stem for word in _WORD.findall(str(phrase).lower())
                        if word not in stop_words and (stem := stem_word(word, language)))
            if not key or len(key) > MAX_PHRASE:
                raise ValueError(f"lexicons/{language}.yaml: cue {phrase!r} of {tag!r} has "
                                 f"{len(key)} content words; 1 to {MAX_PHRASE} are accepted")
            entries.setdefault(key, []).append((str(tag), float(weight), str(phrase)))
    weak = [str(p) for p in data.get("weak_child_contexts") or ()]
    return Lexicon(language, stop_words, {k: tuple(v) for k, v in entries.items()},
                   re.compile(rf"\b(?:{'|'.join(weak)})\b") if weak else None)
