"""The topics the Veldmark assessment team looked at, each a scope for a family of findings.

A theme names its provisions, sectors, child groups and forms of exploitation, which areas and
layers it was assessed on, and a typical rating per layer (``law``, ``practice``, ``child``).
The generator draws each finding's scope from the theme and its rating around the typical one;
the pattern rules in :mod:`impactkit.demo.patterns` then keep the planted patterns intact.
``law_2019`` is the typical law-policy rating in the earlier cycle, before the reforms.
"""

from __future__ import annotations

from dataclasses import dataclass

AREAS: tuple[str, ...] = ("inclusion", "compliance", "appropriateness", "effectiveness",
                          "coherence")
LAYERS: tuple[str, ...] = ("law-policy", "practice", "child-perspective")
_LP: tuple[str, ...] = ("law-policy", "practice")


@dataclass(frozen=True, slots=True)
class Theme:
    key: str
    title: str
    provisions: tuple[str, ...]
    sectors: tuple[str, ...]
    groups: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    law: int = 3
    practice: int = 2
    child: int = 2
    law_2019: int | None = None
    areas: tuple[str, ...] = AREAS
    layers: tuple[str, ...] = LAYERS
    not_applicable: tuple[str, ...] = ()  # layers where the question does not arise
    clusters: tuple[str, ...] = ()  # whole clusters named in scope besides the provisions
    tension_instruments: tuple[str, ...] = ()

    def typical(self, layer: str, year: int) -> int:
        if layer == "law-policy":
            return self.law_2019 if year < 2020 and self.law_2019 is not None else self.law
        return self.practice if layer == "practice" else self.child


THEMES: tuple[Theme, ...] = (
    # --- core themes: all areas, all layers ---------------------------------------------------
    Theme("child-labour", "Child labour in agriculture and family businesses",
          ("CRC-32", "ILO138-2", "ILO138-7", "ILO182-3", "ILO182-7"),
          ("labour", "education", "social-economic"), ("working", "rural", "out-of-school"),
          ("labour-exploitation",), law=4, practice=1, child=1, law_2019=3),
    Theme("trafficking-identification", "Identification of child victims of trafficking",
          ("CRC-35", "CETS197-10", "PALERMO-6", "EUATD-13"),
          ("law-enforcement", "child-protection", "immigration"),
          ("trafficking-victims", "girls", "boys", "unaccompanied"),
          ("sexual-exploitation", "labour-exploitation", "forced-begging"),
          law=4, practice=1, child=1, law_2019=3),
    Theme("guardianship", "Guardianship for unaccompanied children",
          ("CRC-20", "CRC-22", "EUATD-16", "CRC-3"),
          ("child-protection", "immigration", "judiciary"),
          ("unaccompanied", "separated", "asylum-seeking"),
          law=3, practice=1, child=1, law_2019=1,
          tension_instruments=("aliens-act", "guardianship-act-2022")),
    Theme("undocumented-access", "Access of undocumented children to health care and school",
          ("CRC-2", "CRC-24", "CRC-28", "CRC-26"),
          ("health", "education", "immigration", "social-economic"),
          ("undocumented", "stateless"), law=1, practice=1, child=1,
          tension_instruments=("aliens-act", "education-act")),
    Theme("sexual-exploitation", "Commercial sexual exploitation of children",
          ("CRC-34", "OPSC-3", "CETS201-19", "CETS201-18"),
          ("law-enforcement", "judiciary", "child-protection", "health"),
          ("girls", "boys", "alternative-care", "trafficking-victims", "lgbtqi"),
          ("sexual-exploitation",), law=3, practice=2, child=2),
    Theme("online-exploitation", "Online sexual exploitation and grooming",
          ("CRC-34", "CRC-17", "CETS201-20", "CETS201-23", "CETS201-6"),
          ("law-enforcement", "education", "judiciary"), ("girls", "boys", "lgbtqi"),
          ("online-sexual-exploitation",), law=3, practice=2, child=2, law_2019=2),
    Theme("recovery", "Recovery and reintegration of child victims",
          ("CRC-39", "CETS197-12", "OPSC-9", "CETS201-14"),
          ("child-protection", "health", "social-economic"),
          ("trafficking-victims", "girls", "boys", "disability"),
          ("sexual-exploitation", "labour-exploitation"), law=2, practice=1, child=1),
    Theme("juvenile-justice", "Children in conflict with the law and deprived of liberty",
          ("CRC-37", "CRC-40"), ("judiciary", "law-enforcement"),
          ("in-conflict-with-law", "deprived-of-liberty", "boys"), law=3, practice=2, child=2),
    Theme("forced-criminality", "Children exploited in criminal activities",
          ("CRC-36", "CRC-40", "CETS197-26", "EUATD-8"),
          ("law-enforcement", "judiciary", "child-protection"),
          ("in-conflict-with-law", "boys", "trafficking-victims"), ("forced-criminality",),
          law=3, practice=1, child=1, law_2019=1),
    Theme("immigration-detention", "Immigration holding and return of children",
          ("CRC-37", "CRC-10", "PALERMO-8", "CETS197-16"),
          ("immigration", "law-enforcement", "child-protection"),
          ("asylum-seeking", "deprived-of-liberty", "refugee"), law=2, practice=1, child=1,
          tension_instruments=("aliens-act", "child-protection-act")),
    Theme("education-dropout", "School drop-out and children out of school",
          ("CRC-28", "CRC-29"), ("education", "social-economic"),
          ("out-of-school", "ethnic-minority", "rural", "poverty", "girls"),
          law=3, practice=2, child=2, clusters=("education-leisure",)),
    Theme("alternative-care", "Alternative care and children going missing from care",
          ("CRC-20", "CRC-25", "CRC-19"), ("child-protection", "law-enforcement"),
          ("alternative-care", "disability", "girls"), ("sexual-exploitation",),
          law=3, practice=2, child=2),
    Theme("referral-nrm", "National referral mechanism for child victims",
          ("CETS197-10", "CETS197-12", "CETS197-29", "EUATD-11", "EUATD-14"),
          ("governance", "child-protection", "law-enforcement"), ("trafficking-victims",),
          law=3, practice=2, child=2, law_2019=2),
    # --- medium themes: four areas -----------------------------------------------------------
    Theme("domestic-servitude", "Children in domestic servitude",
          ("CRC-35", "ILO182-3", "PALERMO-3"), ("labour", "law-enforcement"),
          ("girls", "working", "undocumented"), ("domestic-servitude",), law=4, practice=0,
          child=1, areas=("inclusion", "compliance", "effectiveness", "coherence")),
    Theme("forced-begging", "Forced begging and street-connected children",
          ("CRC-19", "CRC-27", "CETS197-4"), ("child-protection", "law-enforcement",
                                             "social-economic"),
          ("street-connected", "ethnic-minority", "poverty"), ("forced-begging",),
          law=3, practice=2, child=2, areas=("inclusion", "compliance", "appropriateness",
                                             "effectiveness")),
    Theme("age-assessment", "Age assessment of young migrants",
          ("CRC-1", "CRC-3", "CRC-8"), ("immigration", "health", "child-protection"),
          ("unaccompanied", "undocumented", "asylum-seeking"), law=2, practice=1, child=1,
          areas=("inclusion", "compliance", "appropriateness", "coherence")),
    Theme("child-marriage", "Child marriage", ("CRC-24", "CRC-19", "CRC-1"),
          ("judiciary", "child-protection", "education"), ("girls", "ethnic-minority", "rural"),
          ("child-marriage",), law=3, practice=2, child=2,
          areas=("inclusion", "compliance", "appropriateness", "effectiveness")),
    Theme("health-services", "Health services for exploited and at-risk children",
          ("CRC-24", "CRC-23", "CRC-6"), ("health", "child-protection"),
          ("disability", "girls", "trafficking-victims", "lgbtqi"), law=3, practice=2, child=2,
          areas=("inclusion", "appropriateness", "effectiveness", "coherence"),
          clusters=("health-welfare",)),
    Theme("poverty-social", "Child poverty and social protection", ("CRC-26", "CRC-27", "CRC-18"),
          ("social-economic", "finance-budget"), ("poverty", "rural", "disability"),
          law=3, practice=2, child=2, areas=("inclusion", "appropriateness", "effectiveness",
                                             "coherence")),
    Theme("child-friendly-justice", "Child victims in criminal proceedings",
          ("CRC-12", "OPSC-8", "CETS201-35", "EUATD-15"), ("judiciary", "law-enforcement"),
          ("trafficking-victims", "girls", "boys"), law=3, practice=2, child=2, law_2019=2,
          areas=("compliance", "appropriateness", "effectiveness", "coherence")),
    Theme("prevention", "Prevention and awareness of exploitation",
          ("CETS197-5", "PALERMO-9", "EUATD-18", "CETS201-6", "OPSC-9"),
          ("education", "governance", "social-economic"), ("out-of-school", "poverty"),
          law=3, practice=2, child=2, areas=("inclusion", "appropriateness", "effectiveness",
                                             "coherence")),
    # --- minor themes: a few areas or layers --------------------------------------------------
    Theme("budget", "Budget for child protection and victim assistance", ("CRC-4",),
          ("finance-budget", "governance"), law=2, practice=2,
          areas=("compliance", "appropriateness", "effectiveness", "coherence"), layers=_LP,
          clusters=("general-measures",)),
    Theme("data-monitoring", "Data collection and independent monitoring",
          ("CRC-4", "CETS197-29", "EUATD-19"), ("governance", "law-enforcement"),
          law=3, practice=2, areas=("compliance", "effectiveness", "coherence"), layers=_LP),
    Theme("participation", "Children's participation and access to complaints",
          ("CRC-12", "CRC-13", "CETS201-9"), ("governance", "child-protection"),
          ("girls", "boys", "disability"), law=3, practice=2, child=2,
          areas=("inclusion", "compliance", "appropriateness"),
          clusters=("general-principles",)),
    Theme("birth-registration", "Birth registration and statelessness", ("CRC-7", "CRC-8"),
          ("governance", "health"), ("stateless", "ethnic-minority"), law=2, practice=2,
          child=2, areas=("inclusion", "compliance", "effectiveness"),
          clusters=("civil-rights",)),
    Theme("left-behind", "Children left behind by parents' labour migration",
          ("CRC-9", "CRC-18", "CRC-5"), ("social-economic", "child-protection", "education"),
          ("left-behind", "rural"), law=2, practice=2, child=2,
          areas=("inclusion", "appropriateness"), clusters=("family-care",)),
    Theme("non-discrimination", "Non-discrimination in access to protection",
          ("CRC-2", "CETS197-3"), ("child-protection", "governance"),
          ("ethnic-minority", "disability", "lgbtqi"), law=3, practice=2, child=2,
          areas=("inclusion", "compliance")),
    Theme("armed-recruitment", "Recruitment of children by armed forces and groups",
          ("OPAC-1", "OPAC-2", "OPAC-4"), ("governance",), forms=("armed-recruitment",),
          law=4, areas=("compliance",), not_applicable=("practice", "child-perspective")),
    Theme("adoption", "Intercountry adoption and sale of children", ("CRC-21", "OPSC-3"),
          ("child-protection", "judiciary"), forms=("illegal-adoption", "sale-of-children"),
          law=3, child=2, areas=("compliance",), not_applicable=("practice",)),
    Theme("leisure", "Play and leisure in reception and residential care", ("CRC-31",),
          ("education", "immigration"), ("asylum-seeking", "alternative-care"),
          practice=2, child=2, areas=("inclusion", "appropriateness"),
          layers=("practice", "child-perspective")),
    Theme("privacy", "Privacy and identity of child victims", ("CRC-16", "CETS197-11"),
          ("law-enforcement", "judiciary"), ("trafficking-victims",), law=3, practice=2,
          areas=("compliance", "effectiveness"), layers=_LP),
)

THEME_KEYS: frozenset[str] = frozenset(t.key for t in THEMES)
