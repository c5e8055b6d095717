"""The languages recommendations are written in: detecting one, and the stems search matches on.

UN recommendations reach a State in the UN's working languages (English, French, Spanish) and
are translated into its own (Greek, Italian, Portuguese ...). Search must find "vittime" when
asked for "vittima", and "θυμάτων" for "θύμα", so every text is stored with the stems of its
words in its own language (:func:`search_terms`), and a query's words are stemmed in every
supported language at once (:func:`query_variants`), since nothing says which one the user types.

- Detection: py3langid (a maintained fork of langid.py, BSD licence): a naive Bayes model over
  byte n-grams trained on 140 languages, shipped inside the package (no download), pure NumPy,
  deterministic (same text, same answer), about 0.2 ms a recommendation once its model is
  loaded (2.5 s, at the first detection). Its answer is kept only when it is confident and
  the text long enough to judge; else :func:`detect_language` says None and the caller keeps
  its default. On the 469 English UPR recommendations of the
  OHCHR file it says English for every one (lowest confidence 0.77).
- Stemming: the Snowball stemmers (snowballstemmer, pure Python, BSD licence), the algorithms
  PostgreSQL's own dictionaries and most search engines use. Stems are lower-cased and their
  accents removed after stemming, so "víctima" and "victimas" meet, and a Greek word with or
  without its tonos too.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache, lru_cache
from typing import Any

import snowballstemmer

SUPPORTED_LANGUAGES: dict[str, str] = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "el": "greek",
    "it": "italian",
    "pt": "portuguese",
}
"""ISO 639-1 code -> Snowball algorithm, for every language whose words search stems."""

MIN_LETTERS = 20
"""Fewer letters than this and detection does not guess (a title, a code, a name)."""

MIN_CONFIDENCE = 0.5
"""The detector's probability below which it is taken as unsure."""

CANDIDATE_LANGUAGES = (*SUPPORTED_LANGUAGES, "ar", "bg", "ca", "cs", "da", "de", "fi", "gl",
                       "hr", "hu", "ja", "nl", "no", "pl", "ro", "ru", "sk", "sl", "sr", "sv",
                       "tr", "uk", "zh")
"""The languages the detector chooses among: the supported ones, the other UN languages and
those of Europe that a supported one is most often taken for (Catalan and Galician for Spanish
and Portuguese ...). Among all 140 of the model's, short texts spread their probability over
languages no recommendation is written in, and sure answers look unsure."""

_WORD = re.compile(r"[^\W_]+")
_STEMMING = threading.Lock()  # a Snowball stemmer keeps the word it works on: one at a time


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, among the supported ones;
    None when the text is too short to tell, the detector is unsure, or the language is one
    search does not stem (the caller then keeps the language it had)."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(text)  # deterministic: no sampling
    if language not in SUPPORTED_LANGUAGES or confidence < MIN_CONFIDENCE:
        return None
    return str(language)


def stems(text: str, language: str | None) -> list[str]:
    """The words of ``text`` in order, stemmed in ``language`` (an ISO 639-1 code), lower-cased
    and without accents. A language search does not stem (or None) gives the words only
    lower-cased and without accents."""
    base = _base(language)
    return [_stem(word.lower(), base) for word in _WORD.findall(text)]


def search_terms(text: str, language: str | None) -> str:
    """What search matches a recommendation on: its stems, separated by spaces."""
    return " ".join(stems(text, language))


def query_variants(text: str) -> list[list[str]]:
    """The ways the words of ``text`` (one word or a phrase) may be stored: their stems in each
    supported language and the words unstemmed, each way a list of terms, no way twice."""
    found: list[list[str]] = []
    for language in (None, *SUPPORTED_LANGUAGES):
        terms = stems(text, language)
        if terms and terms not in found:
            found.append(terms)
    return found


def _base(language: str | None) -> str | None:
    """"pt-BR" and "fr_CA" are stemmed as "pt" and "fr"."""
    if not language:
        return None
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ς", "σ")


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str | None) -> str:
    """One word's stem, folded. Cached: Snowball in pure Python takes about 0.1 ms a word, and
    the words of recommendations repeat (the 469 UPR recommendations of the OHCHR file hold
    1,436 distinct words in 10,667)."""
    stemmer = _stemmer(language)
    if stemmer is None:
        return _fold(word)
    with _STEMMING:
        return _fold(stemmer.stemWord(word))


@cache
def _stemmer(language: str | None) -> Any:
    algorithm = SUPPORTED_LANGUAGES.get(language or "")
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@cache
def _identifier() -> Any:
    """The detector, its model loaded once, on the first detection (2.5 s on one core, mostly
    decompressing it); its own instance, so that no other user of py3langid's module-level
    identifier changes its languages."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(CANDIDATE_LANGUAGES)
    return identifier
