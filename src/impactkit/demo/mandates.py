"""Who is responsible for what in Veldmark: each actor's mandate, with its legal basis.

Written by hand, with two deliberate holes (see :mod:`impactkit.demo.patterns`): no mandate
names CRC-39 (recovery and reintegration) although the Child Protection Act promises it, and
no mandate names forced criminality as a form of exploitation. Labour and education actors both
hold CRC-32 and ILO138-7, the second planted pattern of the system map.

Scope as practice has it: municipal social services, the helpline and the police serve every
child and name the groups they serve in particular; the Guardianship Authority, the reception
centres, the juvenile courts and the referral mechanism are limited to their groups; Lantern
House takes children aged 12-17 and the emergency shelter 6-17; the Anti-Trafficking Unit
acts at the regional and local levels through its regional teams. Three holes follow from the
mandates as written, and the navigator finds them: nobody prosecutes forced criminality or
applies non-punishment to it, nobody follows a child up after the shelter (CRC art. 39), and
nobody is mandated to secure compensation.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.domain import Mandate


@dataclass(frozen=True, slots=True)
class _Row:
    actor: str
    provisions: tuple[str, ...]
    functions: tuple[str, ...]
    basis: str | None = None
    groups: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    notes: str = ""
    limited: bool = False  # the groups limit the mandate (otherwise: served in particular)
    levels: tuple[str, ...] = ()
    ages: tuple[str, ...] = ()


def _arts(instrument: str, *numbers: int | range) -> tuple[str, ...]:
    """Provision codes of one instrument: ``_arts("CETS197", range(18, 26), 30)``."""
    out: list[str] = []
    for n in numbers:
        out.extend(f"{instrument}-{i}" for i in (n if isinstance(n, range) else (n,)))
    return tuple(out)


_TRAFFICKING_FORMS = ("sexual-exploitation", "labour-exploitation", "domestic-servitude",
                      "forced-begging", "sale-of-children")

_ROWS: tuple[_Row, ...] = (
    # child protection
    _Row("ministry-social-affairs", ("CRC-3", "CRC-4", "CRC-5", "CRC-18", "CRC-19", "CRC-20",
                                     "CRC-25", "CRC-27", "CETS201-5", "CETS201-8"),
         ("prevention", "monitoring"), "child-protection-act"),
    _Row("child-protection-agency", ("CRC-3", "CRC-12", "CRC-19", "CRC-20", "CRC-25", "CRC-36",
                                     "CETS201-11", "CETS201-12"),
         ("assessment", "protection", "monitoring"), "child-protection-act",
         groups=("alternative-care",)),
    _Row("guardianship-authority", ("CRC-3", "CRC-12", "CRC-20", "CRC-22", "EUATD-16"),
         ("assessment", "protection", "durable-solution"), "guardianship-act-2022",
         groups=("unaccompanied", "separated"), limited=True,
         notes="Appoints and supervises guardians; 14 professional guardians nationwide."),
    _Row("westholm-child-protection", ("CRC-19", "CRC-20", "CRC-25"), ("monitoring",),
         "child-protection-act"),
    _Row("northport-social-services", ("CRC-3", "CRC-5", "CRC-9", "CRC-18", "CRC-19",
                                       "CRC-20", "CRC-27", "CRC-35"),
         ("identification", "referral", "assessment", "protection"), "child-protection-act",
         groups=("street-connected", "poverty", "left-behind", "trafficking-victims")),
    _Row("lindberg-social-services", ("CRC-5", "CRC-9", "CRC-18", "CRC-19"),
         ("assessment", "protection"), "child-protection-act", groups=("left-behind", "rural")),
    _Row("fenmouth-social-services", ("CRC-3", "CRC-19", "CRC-20", "CRC-35", "CETS197-12",
                                      "EUATD-14"),
         ("identification", "referral", "assessment", "protection"), "nrm-protocol",
         groups=("trafficking-victims", "unaccompanied")),
    _Row("lantern-house-shelter", ("CETS197-12", "EUATD-14", "CETS201-14", "OPSC-9"),
         ("protection",), "budget-line-victim-assistance",
         groups=("trafficking-victims",), limited=True,
         forms=("sexual-exploitation", "labour-exploitation", "domestic-servitude"),
         ages=("12-14", "15-17"),
         notes="Girls and boys aged 12-17. The contract covers the stay in the shelter only, "
               "not follow-up after leaving."),
    _Row("fenmouth-emergency-shelter", ("CRC-19", "CRC-20"), ("protection", "accommodation"),
         "child-protection-act", groups=("street-connected",), ages=("6-11", "12-14", "15-17"),
         notes="Children aged 6-17; younger children go to foster families."),
    _Row("safe-passage-network", ("CRC-35", "CETS197-5", "CETS197-10", "PALERMO-9", "OPSC-9"),
         ("prevention", "identification", "referral", "monitoring"), "nap-trafficking",
         forms=_TRAFFICKING_FORMS[:4]),
    _Row("child-helpline", ("CRC-12", "CRC-13", "CRC-19", "CETS201-13"),
         ("identification", "referral")),
    # law enforcement
    _Row("ministry-interior", ("CRC-7", "CRC-8", "CRC-35", "CETS197-29",
                               *_arts("PALERMO", 2, 4, range(10, 14)),
                               *_arts("CETS197", 7, 8, 9, 34)),
         ("prevention", "monitoring"), "anti-trafficking-act",
         notes="Also keeps the civil register."),
    _Row("police-atu", ("CRC-16", "CRC-34", "CRC-35", "ILO182-3", "OPSC-3", "PALERMO-6",
                        "CETS197-10", "CETS197-11", "CETS201-19", "EUATD-13"),
         ("identification", "referral", "prosecution"), "anti-trafficking-act",
         groups=("trafficking-victims",), forms=_TRAFFICKING_FORMS, levels=("regional", "local"),
         notes="Investigators in every region; local police stations call them in."),
    _Row("police-cybercrime", ("CRC-17", "CRC-34", "OPSC-3", "CETS201-20", "CETS201-23"),
         ("identification", "prosecution"), "criminal-code",
         forms=("online-sexual-exploitation",)),
    _Row("northmark-police-juvenile", ("CRC-19", "CRC-40"),
         ("identification", "referral"), "juvenile-justice-act",
         groups=("in-conflict-with-law",), limited=True),
    _Row("fenmouth-harbour-police", ("CRC-19", "CRC-35", "CETS197-10"),
         ("identification", "referral"), "nrm-protocol"),
    # judiciary
    _Row("ministry-justice", ("CRC-11", "CRC-12", "CRC-21", "CRC-37", "CRC-40", "CETS201-35",
                              "EUATD-15", *_arts("OPSC", 1, 2, range(4, 8), 11), "PALERMO-5",
                              *_arts("CETS197", 15, range(18, 26), 28, 30, 31),
                              *_arts("CETS201", range(15, 18), 21, 22, range(24, 35), 36, 37),
                              *_arts("EUATD", range(1, 8), 9, 10, 12, 17)),
         ("monitoring",), "criminal-code",
         notes="Responsible for the criminal-law and procedure provisions of the treaties."),
    _Row("prosecutor-general", ("CRC-16", "CRC-34", "CRC-35", "CRC-40", "ILO182-3", "OPSC-3",
                                "OPSC-8", "PALERMO-3", "CETS197-26", "CETS197-27",
                                "CETS201-18", "CETS201-19", "CETS201-20", "CETS201-35",
                                "EUATD-8", "EUATD-15"),
         ("prosecution",), "anti-trafficking-act",
         forms=("sexual-exploitation", "labour-exploitation", "online-sexual-exploitation",
                "sale-of-children", "illegal-adoption", "organ-removal")),
    _Row("legal-aid-council", ("CRC-12", "CRC-22", "CRC-37", "CRC-40"),
         ("protection", "legal-aid"),
         "juvenile-justice-act",
         groups=("in-conflict-with-law", "trafficking-victims", "unaccompanied")),
    _Row("southfen-prosecutor", ("CRC-34", "CRC-35", "CRC-40", "ILO182-3"), ("prosecution",),
         "anti-trafficking-act", forms=("sexual-exploitation", "labour-exploitation")),
    _Row("northmark-juvenile-court", ("CRC-3", "CRC-12", "CRC-37", "CRC-40"), ("protection",),
         "juvenile-justice-act", groups=("in-conflict-with-law", "deprived-of-liberty"),
         limited=True),
    _Row("southfen-juvenile-court", ("CRC-3", "CRC-12", "CRC-37", "CRC-40", "CETS201-35",
                                     "EUATD-15"),
         ("protection",), "juvenile-justice-act", groups=("in-conflict-with-law",),
         limited=True),
    _Row("northport-district-court", ("CRC-3", "CRC-9", "CRC-12", "CRC-20", "CRC-21"),
         ("protection", "guardianship", "durable-solution"), "child-protection-act",
         notes="Appoints guardians for children whose parents cannot exercise custody."),
    # labour
    _Row("ministry-labour", ("CRC-32", *_arts("ILO138", range(1, 10)),
                             *_arts("ILO182", range(1, 9))),
         ("prevention", "monitoring"), "labour-code"),
    _Row("labour-inspectorate", ("CRC-32", "ILO138-2", "ILO138-7", "ILO182-3"),
         ("identification", "monitoring"), "labour-code", groups=("working",),
         forms=("labour-exploitation",),
         notes="No power to enter private households or family farms."),
    _Row("southfen-labour-office", ("CRC-32", "ILO138-7", "ILO182-3"),
         ("identification", "monitoring"), "labour-code", groups=("working", "rural"),
         forms=("labour-exploitation",)),
    _Row("farmworkers-union-desk", ("CRC-32", "ILO182-3"), ("prevention", "identification"),
         groups=("working",), forms=("labour-exploitation",)),
    # education
    _Row("ministry-education", ("CRC-14", "CRC-28", "CRC-29", "CRC-31", "CETS201-6"),
         ("prevention",), "education-act"),
    _Row("schools-inspectorate", ("CRC-28", "CRC-29", "CRC-32", "ILO138-7"), ("monitoring",),
         "education-act", groups=("out-of-school",),
         notes="Checks that school attendance is compatible with any work a pupil does."),
    _Row("eastvale-education-directorate", ("CRC-28", "CRC-29", "CRC-30"), ("prevention",),
         "education-act", groups=("rural", "ethnic-minority", "out-of-school", "left-behind")),
    _Row("northport-attendance-office", ("CRC-28",), ("identification", "referral"),
         "education-act", groups=("out-of-school",), limited=True),
    # health
    _Row("ministry-health", ("CRC-6", "CRC-23", "CRC-24", "CRC-33", "CETS201-7"),
         ("prevention", "protection"),
         "health-care-act"),
    _Row("eastvale-health-authority", ("CRC-1", "CRC-6", "CRC-7", "CRC-23", "CRC-24"),
         ("protection", "assessment"),
         "health-care-act", groups=("disability", "rural")),
    _Row("northport-child-advocacy-centre", ("CETS201-35", "EUATD-15"),
         ("assessment", "protection", "child-friendly-justice"),
         "anti-trafficking-amendment-2021",
         notes="Forensic interviews, recorded once, for police and prosecutors of every "
               "region."),
    _Row("fenmouth-adolescent-clinic", ("CRC-24", "CRC-34"), ("identification", "referral"),
         "health-care-act", groups=("girls", "lgbtqi"),
         forms=("sexual-exploitation", "child-marriage"), ages=("12-14", "15-17")),
    # immigration
    _Row("immigration-service", ("CRC-1", "CRC-10", "CRC-22", "CRC-37", "PALERMO-7",
                                 "PALERMO-8", "PALERMO-14", "CETS197-13", "CETS197-14",
                                 "CETS197-16"),
         ("assessment", "age-assessment", "residence-status", "durable-solution"), "aliens-act",
         groups=("asylum-seeking", "undocumented", "unaccompanied"), limited=True),
    _Row("asylum-reception", ("CRC-22", "CRC-31"), ("protection", "accommodation"),
         "asylum-act", groups=("asylum-seeking", "unaccompanied"), limited=True),
    _Row("southfen-reception-centre", ("CRC-22", "CRC-31"), ("protection", "accommodation"),
         "asylum-act", groups=("asylum-seeking",), limited=True),
    _Row("fenmouth-detention-centre", ("CRC-10", "CRC-37"), ("durable-solution",), "aliens-act",
         groups=("deprived-of-liberty",), limited=True),
    _Row("migrant-legal-clinic", ("CRC-22",), ("protection", "legal-aid"),
         groups=("undocumented", "unaccompanied", "stateless"), limited=True),
    _Row("intl-migration-office", ("CRC-10", "PALERMO-8", "CETS197-16"), ("durable-solution",)),
    # social and economic policy
    _Row("social-insurance-agency", ("CRC-26", "CRC-27"), ("protection",),
         "social-assistance-act", groups=("poverty", "disability")),
    _Row("southfen-development-agency", ("CRC-26", "CRC-27"), ("prevention",),
         groups=("rural",)),
    _Row("northport-benefits-office", ("CRC-18", "CRC-26", "CRC-27"), ("protection",),
         "social-assistance-act", groups=("poverty", "street-connected")),
    _Row("street-outreach", ("CRC-27", "CETS197-4"),
         ("identification", "referral"), groups=("street-connected", "ethnic-minority"),
         forms=("forced-begging",)),
    # finance and budget
    _Row("finance-budget-office", ("CRC-4",), ("monitoring",), "budget-line-child-protection"),
    _Row("audit-office", ("CRC-4",), ("monitoring",)),
    _Row("northmark-finance-department", ("CRC-4",), ("monitoring",)),
    _Row("lindberg-budget-department", ("CRC-4",), ("monitoring",)),
    # governance
    _Row("ministry-defence", ("CRC-38", *_arts("OPAC", range(1, 7))), ("prevention",),
         "defence-service-act", forms=("armed-recruitment",)),
    _Row("ministry-foreign-affairs", ("OPSC-10", "OPAC-7", "CETS197-32", "CETS197-33",
                                      "CETS201-38"),
         ("durable-solution",), notes="International cooperation and family tracing abroad."),
    _Row("ombudsperson-children", ("CRC-2", "CRC-4", "CRC-12", "CRC-13", "CETS201-9"),
         ("monitoring",), "ombudsperson-act"),
    _Row("nrm-coordination", ("CRC-35", "PALERMO-6", "PALERMO-9", "CETS197-1", "CETS197-2",
                              "CETS197-5", "CETS197-6", "CETS197-10", "CETS197-12",
                              "CETS197-17", "CETS197-29", "CETS197-35", "EUATD-11", "EUATD-13",
                              "EUATD-14", "EUATD-18", "EUATD-19"),
         ("identification", "referral", "monitoring"), "nrm-protocol",
         groups=("trafficking-victims",), limited=True, forms=_TRAFFICKING_FORMS),
    _Row("child-rights-council", ("CRC-2", "CRC-4", "CRC-12", "CRC-41", "CRC-42", "CETS197-3",
                                  *_arts("CETS201", range(1, 5), 10)),
         ("monitoring", "prevention"), "child-rights-strategy"),
    _Row("statistics-office", ("CRC-4", "EUATD-19"), ("monitoring",)),
    _Row("eastvale-children-committee", ("CRC-5",), ("prevention",)),
    _Row("northport-youth-council", ("CRC-12", "CRC-13", "CRC-15", "CETS201-9"),
         ("monitoring",)),
)

# Instruments a mandate rests on in 2019, where its 2024 basis did not exist yet.
_BASIS_2019 = {"guardianship-act-2022": "guardianship-regulation"}


def mandates_for(year: int, actor_keys: set[str], instrument_keys: set[str]) -> list[Mandate]:
    """The mandates of a cycle: those of actors that existed, each resting on an instrument
    that existed (an earlier one, or none, for the 2019 cycle)."""
    out: list[Mandate] = []
    for row in _ROWS:
        if row.actor not in actor_keys:
            continue
        basis = row.basis
        if basis is not None and basis not in instrument_keys:
            basis = _BASIS_2019.get(basis)
            if basis not in instrument_keys:
                basis = None
        out.append(Mandate(
            key=f"mandate-{row.actor}", actor_key=row.actor, provisions=row.provisions,
            forms=row.forms, groups=row.groups, functions=row.functions, legal_basis=basis,
            notes=row.notes, limited_to_groups=row.limited, levels=row.levels,
            age_bands=row.ages,
        ))
    return out
