"""Evidence items behind the demo's findings, from templates per evidence kind.

Which kinds a finding gets depends on its layer, as in a real assessment: law and policy rest
on desk review, practice on statistics, interviews and case files, children's perspective on
consultations with children. Sources are Veldmark's own actors; no item describes a child.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from impactkit.demo.frames import subject
from impactkit.domain import Actor, Evidence, Finding, NationalInstrument

# layer -> (kind always used first, kinds that may follow)
_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "law-policy": ("desk-review", ("ngo-report", "monitoring-report", "validation-workshop")),
    "practice": ("key-informant-interview", ("statistics", "case-file-review",
                                             "monitoring-report", "ngo-report",
                                             "validation-workshop")),
    "child-perspective": ("child-consultation", ("ngo-report", "validation-workshop")),
}
_TOWNS = ("Northport", "Lindberg", "Fenmouth", "Holmstad")
_RELIABILITY = {
    "desk-review": "high", "statistics": "medium", "key-informant-interview": "medium",
    "child-consultation": "medium", "validation-workshop": "high", "case-file-review": "high",
    "ngo-report": "medium", "monitoring-report": "high",
}

_CONFIDENTIAL = frozenset({"key-informant-interview"})
"""Kinds whose sources a published report names by type and date only: an interviewee
spoke on the understanding that they would not be named."""


class EvidenceWriter:
    """Writes evidence for findings of one cycle; holds the actors and instruments the
    templates name."""

    def __init__(self, year: int, actors: Sequence[Actor],
                 instruments: Sequence[NationalInstrument]) -> None:
        self.year = year
        self.instruments = list(instruments)
        self.by_sector: dict[str, list[Actor]] = {}
        for actor in actors:
            self.by_sector.setdefault(actor.sector, []).append(actor)

    def kinds(self, layer: str, count: int, rng: random.Random, *,
              workshop: bool) -> tuple[str, ...]:
        """``count`` evidence kinds for a finding on ``layer``; a validation workshop only
        for findings it validated."""
        if count <= 0:
            return ()
        first, others = _KINDS[layer]
        pool = tuple(k for k in others if workshop or k != "validation-workshop")
        return (first, *rng.sample(pool, k=min(count - 1, len(pool))))

    def write(self, finding: Finding, theme_title: str, kinds: Sequence[str],
              rng: random.Random) -> list[Evidence]:
        out = []
        for n, kind in enumerate(kinds, start=1):
            title, source, date = self._describe(kind, finding, theme_title, rng)
            reliability = _RELIABILITY[kind]
            if kind == "statistics" and "police" in source.lower():
                reliability = "low"  # police counts only cases they opened
            out.append(Evidence(key=f"{finding.key}-ev{n}", finding_key=finding.key, kind=kind,
                                title=title, source=source, date=date,
                                reliability=reliability, confidential=kind in _CONFIDENTIAL))
        return out

    def _actor(self, finding: Finding, rng: random.Random) -> Actor:
        pool = [a for s in finding.sectors for a in self.by_sector.get(s, ())]
        return rng.choice(pool or [a for group in self.by_sector.values() for a in group])

    def _describe(self, kind: str, finding: Finding, theme_title: str,
                  rng: random.Random) -> tuple[str, str, str]:
        y, about = self.year, subject(theme_title)
        month = rng.randint(2, 9)
        if kind == "desk-review":
            main = [i for i in self.instruments
                    if finding.provisions and finding.provisions[0] in i.provisions]
            hits = main or [i for i in self.instruments
                            if set(i.provisions) & set(finding.provisions)]
            if hits:
                inst = rng.choice(hits)
                return (f"Desk review: {inst.title} ({inst.year}) and its implementing rules",
                        "Official Gazette of the Republic of Veldmark", str(inst.year))
            return (f"Desk review of law and policy on {about}",
                    "Official Gazette of the Republic of Veldmark", str(y))
        if kind == "statistics":
            actor = self._actor(finding, rng)
            return (f"{actor.name}: annual data relevant to {about}, {y - 4}-{y - 1}",
                    actor.name, str(y - 1))
        if kind == "key-informant-interview":
            actor = self._actor(finding, rng)
            return (f"Key informant interviews at {actor.name} ({rng.randint(2, 7)} interviews)",
                    "Assessment team field notes", f"{y}-{month:02d}")
        if kind == "child-consultation":
            town = rng.choice(_TOWNS)
            return (f"Consultation with {rng.randint(6, 18)} children aged "
                    f"{rng.choice((12, 13, 14))}-17 in {town} (group discussions, anonymised)",
                    "Assessment team with Safe Passage Children's Network", f"{y}-{month:02d}")
        if kind == "case-file-review":
            actor = self._actor(finding, rng)
            return (f"Review of {rng.randint(12, 60)} anonymised case files, {actor.name}",
                    actor.name, f"{y}-{month:02d}")
        if kind == "ngo-report":
            return rng.choice((
                (f"Shadow report to the UN Committee on the Rights of the Child ({y - 1})",
                 "Safe Passage Children's Network", str(y - 1)),
                (f"Annual report {y - 1}: what children tell the helpline",
                 "Veldmark Children's Helpline Foundation", str(y - 1)),
            ))
        if kind == "monitoring-report":
            return rng.choice((
                (f"Annual report {y - 1}", "Ombudsperson for Children", str(y - 1)),
                (f"Performance audit of child protection services ({y - 2})",
                 "National Audit Office", str(y - 2)),
            ))
        if kind == "validation-workshop":
            return (f"National validation workshop, Northport: session on {about}",
                    "Assessment steering group", f"{y}-10-{rng.randint(14, 17)}")
        raise ValueError(f"no template for evidence kind {kind!r}")
