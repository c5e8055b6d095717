"""Training examples from what people decided: accepted and rejected suggestions, and tags set
by a person or an import.

Only recommendations someone has looked at teach anything: one with no decided suggestion and
no tag is left out, because "nobody tagged it" does not mean "no tag applies".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from impactkit.recommendations.model import Recommendation, Suggestion, SuggestionState
from impactkit.recommendations.tagging.suggestions import KIND_PREFIXES, SUMMARY, tag_text

TAGGED_KINDS = (*KIND_PREFIXES, SUMMARY)
"""The tag fields of a recommendation the tagger suggests (not SDGs nor the source's themes)."""


@dataclass(slots=True)
class TrainingSet:
    """Texts and, for each, the set of tag strings that apply (for ``LearnedTagger.fit``)."""

    texts: list[str] = field(default_factory=list)
    labels: list[set[str]] = field(default_factory=list)


def training_set(recommendations: Iterable[Recommendation],
                 suggestions: Iterable[Suggestion]) -> TrainingSet:
    """Each looked-at recommendation with its current tags as labels. Accepting a
    suggestion adds its tag, so accepted suggestions are among them unless a person removed
    the tag since; a rejected suggestion is a "no" by its absence. The tags are what a person
    last confirmed, so they win over any older decision."""
    decided: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        if suggestion.state != SuggestionState.PENDING:
            decided.setdefault(suggestion.recommendation, []).append(suggestion)
    result = TrainingSet()
    for recommendation in recommendations:
        tags = {tag_text(kind, code) for kind in TAGGED_KINDS
                for code in getattr(recommendation, kind)}
        decisions = decided.get(recommendation.key, [])
        if not tags and not decisions:
            continue
        # accepted suggestions are already among the tags (accepting adds the tag); one a
        # person removed since is no longer true, so the current tags are the labels
        result.texts.append(recommendation.text)
        result.labels.append(tags)
    return result
