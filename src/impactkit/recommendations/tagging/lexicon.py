"""Cue vocabularies for texts in French and Spanish, read from data files.

The English cues are regular expressions (:mod:`.vocabulary`); a French or Spanish text is
matched instead on its stems: each cue is a phrase ("traite des enfants", "trabajo infantil"),
stemmed with the language's Snowball stemmer (:func:`impactkit.recommendations.languages.stems`)
and without its function words, and it matches the same stems in a row of the text, so
"traite d'enfants" and "la traite des enfants" meet, and so do "niña" and "niños".

A few words share their stem with false friends: "traite" (trafficking) with "traité"
(treaty), "traitement" and "traiter", "trata" with "tratado", "malos tratos" and "se trata
de", "Roms" with "Rome". The lexicon lists them as *exact words*: such a word is matched as
written (accents kept), and only where its context regular expression finds it ("la traite",
"traite des", "víctimas de trata"); anywhere else it is an ordinary stem, which no cue uses.

The phrases and their weights are in ``lexicons/<language>.yaml`` (with the sources of the
terms: the official French and Spanish texts of the CRC, its Optional Protocols, the Palermo
Protocol and ILO Conventions 138 and 182, and the usual wording of UPR and treaty-body
recommendations in those languages). Like the English cues, they were written without looking
at any labelled set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    exact: Mapping[str, re.Pattern[str] | None] = field(default_factory=dict)
    """Words matched as written, not on their shared stem: word -> the context in which
    it has the cue's meaning (None: everywhere)."""

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """The text's content stems, in order (function words left out), each with the
        offset of its word in the text; an exact word in its context is ``=word``."""
        lowered = text.lower()
        found = []
        for m in _WORD.finditer(lowered):
            word = m.group(0)
            if word in self.stop_words:
                continue
            if word in self.exact and _in_context(self.exact[word], lowered, m.start()):
                found.append((EXACT + word, m.start()))
            elif stem := stem_word(word, self.language):
                found.append((stem, m.start()))
        return found

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


EXACT = "="
"""Prefix of the token of an exact word in its context (no stem starts with it)."""


def _in_context(context: re.Pattern[str] | None, lowered: str, offset: int) -> bool:
    """Whether a match of ``context`` in the lower-cased text covers the word at ``offset``
    (looked for in a window around it: contexts are a few words long)."""
    if context is None:
        return True
    start = max(0, offset - 40)
    return any(m.start() <= offset < m.end()
               for m in context.finditer(lowered, start, offset + 60))


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
    ``[phrase, weight]``; a phrase may be listed under several tags),
    ``weak_child_contexts`` (regular expressions, in lower case) and ``exact_words`` (word ->
    its context, a regular expression in lower case, or null). A cue's exact words are
    written in their context, so they are taken as such."""
    stop_words = frozenset(str(w).lower() for w in data.get("stop_words") or ())
    exact = {str(word).lower(): re.compile(str(context)) if context else None
             for word, context in (data.get("exact_words") or {}).items()}
    entries: dict[tuple[str, ...], list[tuple[str, float, str]]] = {}
    for tag, items in (data.get("cues") or {}).items():
        for phrase, weight in items:
            key = tuple(EXACT + word if word in exact else stem
                        for word in _WORD.findall(str(phrase).lower())
                        if word not in stop_words and (stem := stem_word(word, language)))
            if not key or len(key) > MAX_PHRASE:
                raise ValueError(f"lexicons/{language}.yaml: cue {phrase!r} of {tag!r} has "
                                 f"{len(key)} content words; 1 to {MAX_PHRASE} are accepted")
            entries.setdefault(key, []).append((str(tag), float(weight), str(phrase)))
    weak = [str(p) for p in data.get("weak_child_contexts") or ()]
    return Lexicon(language, stop_words, {k: tuple(v) for k, v in entries.items()},
                   re.compile(rf"\b(?:{'|'.join(weak)})\b") if weak else None, exact)
