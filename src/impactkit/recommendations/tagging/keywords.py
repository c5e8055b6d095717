"""The keyword list: a tag is suggested, with confidence 1, when one of its words occurs.

It is what a person would set up in a minute, and the zero-shot mode must beat it on the same
file; the supervised yardstick is :mod:`.baseline` (``impact recs evaluate`` prints both).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from impactkit.recommendations.tagging.cues import Cue, compile_cue
from impactkit.recommendations.tagging.suggestions import (
    TaggingResult,
    TagSuggestion,
    parse_tag,
)
from impactkit.recommendations.tagging.vocabulary import BASELINE_WORDS, CURATED_CUES


class KeywordTagger:
    """Summary tags from :data:`~.vocabulary.BASELINE_WORDS`, other tags from the patterns of
    the curated cues without their weights. The support is the words found."""

    name = "keywords"

    def __init__(self) -> None:
        patterns = {tag: "|".join(words) for tag, words in BASELINE_WORDS.items()}
        patterns.update({tag: "|".join(p for p, _ in cues) for tag, cues in CURATED_CUES.items()
                         if tag not in BASELINE_WORDS})
        self._patterns: list[tuple[tuple[str, str], Cue]] = [
            (parse_tag(tag), compile_cue(pattern)) for tag, pattern in patterns.items()]

    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]]) -> KeywordTagger:
        """Nothing to learn: the word lists are fixed."""
        return self

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None
                ) -> list[TaggingResult]:
        results = []
        for text in texts:
            result = TaggingResult(text)
            lowered = text.lower()
            for (kind, code), pattern in self._patterns:
                found = tuple(dict.fromkeys(m[2] for m in pattern.finditer(text, lowered)))
                if found or kind == "summary":
                    result.add(TagSuggestion(kind, code, 1.0 if found else 0.0, found))
            results.append(result)
        return results
