"""The assessing body's own recommendations to the State, as plain typed objects.

Recommendations *made to* the State by the UN and others live in
:mod:`impactkit.recommendations.model`; these are the ones the assessment itself makes. The
machine drafts them from what the analysis finds (see
:mod:`impactkit.recommendations.drafting`), a person reviews, edits and accepts or rejects
them, and a person may write one by hand (``basis`` ``person``).

They are graded as the Council of Europe's anti-trafficking experts (GRETA) grade theirs:
*urge* where the standard is not met, *consider* where it needs improvement, *invite* where
it is on track but can be strengthened.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Grade(StrEnum):
    """How strongly the assessing body asks, from the strongest."""

    URGE = "urge"  # the standard is not met
    CONSIDER = "consider"  # the standard needs improvement
    INVITE = "invite"  # on track, but can be strengthened


GRADE_ORDER: tuple[Grade, ...] = (Grade.URGE, Grade.CONSIDER, Grade.INVITE)
"""Grades from the strongest: the order in which recommendations are listed."""


class OwnStatus(StrEnum):
    """Review workflow: a machine draft (or a hand-written one) starts as a draft."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


BASES: tuple[str, ...] = ("law-practice-gap", "unmandated", "excluded-group", "uncoordinated",
                          "conflicting-mandates", "person")
"""The kinds of finding a recommendation answers; ``person`` marks one written by hand."""


@dataclass(slots=True)
class OwnRecommendation:
    """One recommendation of the assessing body.

    ``key`` is stable across drafting runs (``gap-crc-35``, ``unmandated-crc-39``,
    ``excluded-unaccompanied``), so that drafting again finds what was already proposed.
    ``basis_target`` is the ``impact explain`` target that shows the evidence (empty when no
    target shows it: forms of exploitation and functions are shown by ``impact map gaps``).
    ``actors`` are keys of actors of the workspace the recommendation is addressed to; none
    means the authorities in general. ``related`` holds keys of recommendations already made
    to the State on the same provisions. ``version`` counts saves: 1 means nobody has edited
    the draft yet.
    """

    key: str
    text: str
    grade: Grade
    basis: str
    basis_target: str
    rationale: str
    actors: tuple[str, ...] = ()
    provisions: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    status: OwnStatus = OwnStatus.DRAFT
    version: int = 1
