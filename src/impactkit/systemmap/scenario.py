"""Training scenarios: one case story, saved, annotated and replayed as the map changes.

The IMPACT training follows one case story across six sessions. A :class:`Scenario` keeps the
story's :class:`~impactkit.systemmap.navigator.Situation` (no personal data) and the notes the
group writes on it: needs and rights, risk and resilience factors, and the factors that
facilitate or hinder a response, each of the last two tagged with one of the catalogue's six
systemic dimensions (quantitative, qualitative, mediation, coordination, legislative,
economic). Replaying means navigating the saved situation again on today's map and comparing
the routes (:func:`~impactkit.systemmap.navigator.compare_routes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, cast

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import Problem, ValidationError
from impactkit.systemmap.analysis import _Plain
from impactkit.systemmap.route import Situation, check_situation

NoteKind = Literal["needs-rights", "risk", "resilience", "facilitating", "hindering"]
NOTE_KINDS: tuple[str, ...] = ("needs-rights", "risk", "resilience", "facilitating",
                               "hindering")
#: Note kinds that must name the systemic dimension they concern.
DIMENSION_REQUIRED: frozenset[str] = frozenset({"facilitating", "hindering"})
SESSIONS = range(1, 7)


@dataclass(frozen=True, slots=True)
class ScenarioNote(_Plain):
    kind: NoteKind
    text: str
    dimension: str | None = None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ScenarioNote:
        return cls(kind=cast(NoteKind, raw["kind"]), text=raw["text"],
                   dimension=raw.get("dimension"))


@dataclass(frozen=True, slots=True)
class Scenario(_Plain):
    key: str
    title: str
    situation: Situation
    notes: tuple[ScenarioNote, ...] = ()
    session: int | None = None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Scenario:
        try:
            return cls(key=raw["key"], title=raw["title"],
                       situation=Situation.from_dict(raw["situation"]),
                       notes=tuple(ScenarioNote.from_dict(n) for n in raw.get("notes", ())),
                       session=raw.get("session"))
        except (KeyError, TypeError) as exc:
            raise ValidationError([Problem(f"not a scenario: missing or malformed {exc}",
                                           field="scenario")]) from exc


def check_scenario(scenario: Scenario, catalogue: Catalogue) -> list[Problem]:
    """Every problem at once: unknown codes in the situation, unknown note kinds or
    dimensions, a facilitating or hindering note without its dimension, a session outside
    1-6, an empty key or title."""
    problems: list[Problem] = []
    if not scenario.key.strip():
        problems.append(Problem("a scenario needs a key", field="key"))
    if not scenario.title.strip():
        problems.append(Problem("a scenario needs a title", field="title"))
    if scenario.session is not None and scenario.session not in SESSIONS:
        problems.append(Problem(f"session {scenario.session} is not one of the training's "
                                "sessions 1-6", field="session"))
    problems.extend(check_situation(scenario.situation, catalogue))
    dimensions = catalogue.codes("systemic_dimensions")
    for i, note in enumerate(scenario.notes):
        where = f"notes[{i}]"
        if note.kind not in NOTE_KINDS:
            problems.append(Problem(f"unknown note kind {note.kind!r}; expected one of "
                                    f"{', '.join(NOTE_KINDS)}", field=f"{where}.kind"))
        if not note.text.strip():
            problems.append(Problem("a note needs some text", field=f"{where}.text"))
        if note.dimension is None:
            if note.kind in DIMENSION_REQUIRED:
                problems.append(Problem(f"a {note.kind} note must name its systemic dimension, "
                                        f"one of {', '.join(dimensions)}",
                                        field=f"{where}.dimension"))
        elif note.dimension not in dimensions:
            problems.append(Problem(f"unknown systemic dimension {note.dimension!r}; expected "
                                    f"one of {', '.join(dimensions)}", field=f"{where}.dimension"))
    return problems
