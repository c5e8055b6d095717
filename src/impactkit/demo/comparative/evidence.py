"""Evidence behind the comparative findings: which kinds a finding gets, and their titles.

As in the Veldmark demo, law and policy rest on desk review, practice on interviews and
statistics, children's perspective on consultations with children; a second item is always one
of the firmer kinds (a monitoring report, statistics, an NGO report after a consultation), so
that the number of items alone sets a finding's confidence. Sources are the jurisdiction's own
actors and laws; no item describes a child.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from impactkit.demo.comparative.jurisdictions import YEAR, Profile
from impactkit.demo.frames import subject
from impactkit.domain import Actor, Evidence, Finding, NationalInstrument

#: layer -> the kinds of its first and second item
KINDS: dict[str, tuple[str, str]] = {
    "law-policy": ("desk-review", "monitoring-report"),
    "practice": ("key-informant-interview", "statistics"),
    "child-perspective": ("child-consultation", "ngo-report"),
}
_RELIABILITY = {"desk-review": "high", "monitoring-report": "high",
                "key-informant-interview": "medium", "statistics": "medium",
                "child-consultation": "medium", "ngo-report": "medium"}
#: an interviewee spoke on the understanding that they would not be named
_CONFIDENTIAL = frozenset({"key-informant-interview"})


class EvidenceWriter:
    """Writes evidence for the findings of one jurisdiction, naming its actors and laws."""

    def __init__(self, profile: Profile, actors: Sequence[Actor],
                 instruments: Sequence[NationalInstrument]) -> None:
        self.profile = profile
        self.actors = list(actors)
        self.instruments = list(instruments)

    def write(self, finding: Finding, topic_title: str, count: int,
              rng: random.Random) -> list[Evidence]:
        """``count`` items (0-2) for ``finding``."""
        kinds = KINDS[finding.layer][:count]
        out = []
        for n, kind in enumerate(kinds, start=1):
            title, source, date = self._describe(kind, finding, topic_title, rng)
            out.append(Evidence(key=f"{finding.key}-ev{n}", finding_key=finding.key, kind=kind,
                                title=title, source=source, date=date,
                                reliability=_RELIABILITY[kind],
                                confidential=kind in _CONFIDENTIAL))
        return out

    def _actor(self, finding: Finding, rng: random.Random) -> Actor:
        pool = [a for a in self.actors if a.sector in finding.sectors]
        return rng.choice(pool or self.actors)

    def _describe(self, kind: str, finding: Finding, topic_title: str,
                  rng: random.Random) -> tuple[str, str, str]:
        about, short = subject(topic_title), self.profile.short
        month = rng.randint(2, 9)
        if kind == "desk-review":
            hits = [i for i in self.instruments if set(i.provisions) & set(finding.provisions)]
            if hits:
                law = rng.choice(hits)
                return (f"Desk review: {law.title} ({law.year}) and its implementing rules",
                        f"Official Gazette of the {self.profile.name}", str(law.year))
            return (f"Desk review of law and policy on {about}",
                    f"Official Gazette of the {self.profile.name}", str(YEAR - 1))
        if kind == "monitoring-report":
            return (f"Annual report {YEAR - 1}, chapter on {about}",
                    f"{short} Ombudsperson for Children", str(YEAR - 1))
        if kind == "key-informant-interview":
            actor = self._actor(finding, rng)
            return (f"Key informant interviews at {actor.name} ({rng.randint(2, 6)} interviews)",
                    "Assessment team field notes", f"{YEAR}-{month:02d}")
        if kind == "statistics":
            actor = self._actor(finding, rng)
            return (f"{actor.name}: administrative data on {about}, {YEAR - 4}-{YEAR - 1}",
                    actor.name, str(YEAR - 1))
        if kind == "child-consultation":
            return (f"Consultation with {rng.randint(6, 16)} children aged "
                    f"{rng.choice((12, 13, 14))}-17 (group discussions, anonymised)",
                    f"Assessment team with the {short} Child Rights Coalition",
                    f"{YEAR}-{month:02d}")
        if kind == "ngo-report":
            return (f"Alternative report to the UN Committee on the Rights of the Child "
                    f"({YEAR - 1})", f"{short} Child Rights Coalition", str(YEAR - 1))
        raise ValueError(f"no template for evidence kind {kind!r}")
