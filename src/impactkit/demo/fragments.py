"""The text pieces a theme contributes to its findings' narratives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Fragments:
    law_hi: str
    law_lo: str
    practice_hi: str
    practice_lo: str
    child_hi: str = ""
    child_lo: str = ""
    law_2019: str = ""  # the law before the 2020-2022 reforms, used for the 2019 cycle
    not_applicable: str = ""  # why a layer does not arise, for not-applicable findings
    # what leaves the excluded groups out, where the general "lo" text is about something else
    law_excluded: str = ""
    practice_excluded: str = ""

    def text(self, layer: str, rating: int, year: int, *, excluded: bool = False) -> str:
        """The fragment for a layer and rating; ``excluded`` for an inclusion finding about
        the groups the system leaves out."""
        if layer == "law-policy" and year < 2020 and self.law_2019:
            return self.law_2019
        special = {"law-policy": self.law_excluded, "practice": self.practice_excluded}
        if excluded and rating <= 1 and special.get(layer):
            return special[layer]
        prefix = {"law-policy": "law", "practice": "practice"}.get(layer, "child")
        hi, lo = getattr(self, f"{prefix}_hi"), getattr(self, f"{prefix}_lo")
        if rating >= 3:
            return hi
        if rating <= 1:
            return lo
        return f"{hi} Gaps remain. {lo}"
