"""What a tagger says about one text: tag suggestions, each with a confidence and its support.

A tag is a ``(kind, code)`` pair whose kind is an attribute name of
:class:`~impactkit.recommendations.model.Recommendation` that holds tags (``provisions``,
``clusters``, ``sectors``, ``groups``, ``forms``, and ``summary`` for the two summary tags).
People and files write tags as one string instead (``provision:CRC-32``,
``group:unaccompanied``, ``child-rights``): :func:`parse_tag` and :func:`tag_text` convert, so
that an evaluation mapping or a training label reads the way users think of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from impactkit.errors import UsageError
from impactkit.recommendations.model import SUMMARY_TAGS, Suggestion

CHILD_RIGHTS, TRAFFICKING = SUMMARY_TAGS
SUMMARY = "summary"

DECISION_THRESHOLD = 0.5
"""A tag is decided "yes" at this confidence or above: summary tags are always decided, and
evaluation counts a catalogue tag as predicted when its suggestion reaches it."""

PREFIX_KINDS: dict[str, str] = {
    "provision": "provisions",
    "cluster": "clusters",
    "sector": "sectors",
    "group": "groups",
    "form": "forms",
}
"""How a tag string's prefix names the kind: ``provision:CRC-32`` is ``("provisions",
"CRC-32")``. The singular reads naturally in a mapping; the plural is the model's attribute."""

KIND_PREFIXES = {kind: prefix for prefix, kind in PREFIX_KINDS.items()}
TAG_HELP = ("child-rights, trafficking, or a catalogue tag written provision:CRC-32, "
            "cluster:violence, sector:labour, group:unaccompanied or form:sale-of-children")

Tag = tuple[str, str]


def tag_text(kind: str, code: str) -> str:
    """``("provisions", "CRC-32")`` as ``provision:CRC-32``; a summary tag as its code."""
    return code if kind == SUMMARY else f"{KIND_PREFIXES[kind]}:{code}"


def parse_tag(text: str) -> Tag:
    """``provision:CRC-32`` as ``("provisions", "CRC-32")``; ``child-rights`` as
    ``("summary", "child-rights")``. Raises :class:`UsageError` naming what is accepted."""
    value = text.strip()
    if value in SUMMARY_TAGS:
        return SUMMARY, value
    prefix, _, code = value.partition(":")
    if prefix.strip().lower() in PREFIX_KINDS and code.strip():
        return PREFIX_KINDS[prefix.strip().lower()], code.strip()
    raise UsageError(f"unknown tag {text!r}: expected {TAG_HELP}")


@dataclass(frozen=True, slots=True)
class TagSuggestion:
    """One suggested tag. ``support`` holds the words or passage of the text that made the
    tagger suggest it (or how it was inferred, e.g. ``via form:labour-exploitation``), so a
    person deciding can see why without re-reading the whole text."""

    kind: str
    code: str
    confidence: float
    support: tuple[str, ...] = ()

    @property
    def tag(self) -> str:
        return tag_text(self.kind, self.code)


@dataclass(slots=True)
class TaggingResult:
    """All suggestions for one text, keyed by tag. Summary tags are always present."""

    text: str
    suggestions: dict[Tag, TagSuggestion] = field(default_factory=dict)

    def add(self, suggestion: TagSuggestion) -> None:
        self.suggestions[suggestion.kind, suggestion.code] = suggestion

    def get(self, tag: str | Tag) -> TagSuggestion | None:
        return self.suggestions.get(parse_tag(tag) if isinstance(tag, str) else tag)

    def confidence(self, tag: str | Tag) -> float:
        found = self.get(tag)
        return found.confidence if found else 0.0

    def decided(self, tag: str | Tag, threshold: float = DECISION_THRESHOLD) -> bool:
        return self.confidence(tag) >= threshold

    def ranked(self, kind: str | None = None, *, minimum: float = 0.0) -> list[TagSuggestion]:
        """Suggestions of one kind (all when None), most confident first."""
        chosen = [s for s in self.suggestions.values()
                  if (kind is None or s.kind == kind) and s.confidence >= minimum]
        return sorted(chosen, key=lambda s: (-s.confidence, s.kind, s.code))

    def codes(self, kind: str, threshold: float = DECISION_THRESHOLD) -> list[str]:
        """Codes of one kind at or above the threshold, most confident first."""
        return [s.code for s in self.ranked(kind, minimum=threshold)]

    def as_suggestions(self, recommendation: str, *,
                       minimum: float = 0.0) -> list[Suggestion]:
        """The model's pending :class:`Suggestion` objects for a recommendation key: summary
        tags always, other tags at or above ``minimum``."""
        return [Suggestion(recommendation=recommendation, kind=s.kind, code=s.code,
                           confidence=s.confidence, support=s.support)
                for s in self.ranked() if s.kind == SUMMARY or s.confidence >= minimum]


class Tagger(Protocol):
    """What every mode offers. ``fit`` takes label sets of tag strings (:func:`parse_tag`);
    label-free modes ignore it."""

    name: str

    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]]) -> Tagger: ...

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None
                ) -> list[TaggingResult]:
        """Tags for each text; ``languages`` (one per text, e.g. the stored language of each
        recommendation) spares detecting them, for the modes that read a language."""
        ...
