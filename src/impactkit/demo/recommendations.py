"""Recommendations made to the fictional Republic of Veldmark, with actions and status.

Invented, like everything in the demo, but shaped as the real ones are: the CRC Committee's
concluding observations on Veldmark's fourth periodic report (2017) and the recommendations
other States made at its third Universal Periodic Review (2018), tagged with the provisions
and clusters they concern. The 2024 cycle records what was done about them: actions by the
responsible actors, with due dates, and the implementation status each source assessed (the
State, the children's ombudsperson as NHRI, the NGO coalition), which do not always agree.
The 2019 cycle holds the recommendations only, as they stood when they were made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    Position,
    Recommendation,
    StatusAssessment,
    StatusSource,
)

CRC_SYMBOL = "CRC/C/XVM/CO/4"
UPR_SYMBOL = "A/HRC/38/XVM"
ASSESSORS = {StatusSource.STATE: "Ministry of Social Affairs and Family",
             StatusSource.NHRI: "Children's Ombudsperson of Veldmark",
             StatusSource.CIVIL_SOCIETY: "Safe Passage Children's Network"}

# key suffix, mechanism, paragraph, text, provisions, clusters, sectors, recommending
_ROWS: tuple[tuple[str, Mechanism, str, str, tuple[str, ...], tuple[str, ...],
                   tuple[str, ...], tuple[str, ...]], ...] = (
    ("12(a)", Mechanism.CRC, "12(a)",
     "Adopt a comprehensive national strategy for children with a dedicated budget line, and "
     "give the Child Rights Council the authority to coordinate its implementation across "
     "ministries and regions.", ("CRC-4",), ("general-measures",), ("finance-budget",), ()),
    ("14(b)", Mechanism.CRC, "14(b)",
     "Establish a national data system on child protection that disaggregates data by age, "
     "sex, disability, migration status and region.", ("CRC-4",), ("general-measures",),
     ("child-protection",), ()),
    ("19", Mechanism.CRC, "19",
     "Raise the minimum age of marriage to 18 years for girls and boys without exception.",
     ("CRC-1",), ("definition",), ("judiciary",), ()),
    ("21(a)", Mechanism.CRC, "21(a)",
     "Ensure that unaccompanied and undocumented children have access to child protection "
     "services and health care on an equal basis with other children.", ("CRC-2", "CRC-22"),
     ("general-principles",), ("child-protection", "immigration"), ()),
    ("23", Mechanism.CRC, "23",
     "Make the assessment of the best interests of the child a mandatory step in every "
     "decision on the placement, return or detention of a child.", ("CRC-3",),
     ("general-principles",), ("child-protection", "immigration"), ()),
    ("26(b)", Mechanism.CRC, "26(b)",
     "Ensure the universal and free registration of all births, including of children born "
     "to asylum-seeking and undocumented parents.", ("CRC-7",), ("civil-rights",),
     ("health",), ()),
    ("31(a)", Mechanism.CRC, "31(a)",
     "Prohibit corporal punishment explicitly in all settings, including the home.",
     ("CRC-19",), ("violence",), ("judiciary",), ()),
    ("33(c)", Mechanism.CRC, "33(c)",
     "Ensure that child victims of sexual exploitation and abuse have access to "
     "child-friendly procedures and to recovery services in every region.",
     ("CRC-34", "CRC-39"), ("violence",), ("child-protection", "health"), ()),
    ("37(b)", Mechanism.CRC, "37(b)",
     "Prioritise family-based alternative care and set a time-bound plan for closing large "
     "residential institutions.", ("CRC-20",), ("family-care",), ("child-protection",), ()),
    ("41(a)", Mechanism.CRC, "41(a)",
     "Extend social protection benefits to families with children in irregular situations.",
     ("CRC-26", "CRC-27"), ("health-welfare",), ("social-economic",), ()),
    ("45(d)", Mechanism.CRC, "45(d)",
     "Reduce the school drop-out of Roma children and children on the move, including by "
     "removing documentary requirements for enrolment.", ("CRC-28",), ("education-leisure",),
     ("education",), ()),
    ("52(a)", Mechanism.CRC, "52(a)",
     "Appoint a qualified guardian for every unaccompanied child within 24 hours of "
     "identification.", ("CRC-20", "CRC-22"), ("special-protection",),
     ("child-protection", "immigration"), ()),
    ("55(c)", Mechanism.CRC, "55(c)",
     "Strengthen labour inspections in agriculture and domestic work to detect the economic "
     "exploitation of children.", ("CRC-32",), ("special-protection",), ("labour",), ()),
    ("57(a)", Mechanism.CRC, "57(a)",
     "Ensure that child victims of trafficking are never detained or prosecuted for acts "
     "they were compelled to commit, and are referred to specialised services.",
     ("CRC-35", "CRC-39"), ("special-protection",), ("judiciary", "law-enforcement"), ()),
    ("123.15", Mechanism.UPR, "123.15",
     "Establish an independent mechanism for monitoring children's rights with a mandate to "
     "receive complaints from children.", ("CRC-4",), ("general-measures",),
     ("child-protection",), ("Norway",)),
    ("123.42", Mechanism.UPR, "123.42",
     "Criminalise all forms of corporal punishment of children.", ("CRC-19",),
     ("violence",), ("judiciary",), ("Sweden", "Uruguay")),
    ("123.61", Mechanism.UPR, "123.61",
     "Strengthen the identification of child victims of trafficking and their referral to "
     "specialised protection and assistance.", ("CRC-35", "CRC-39"),
     ("special-protection",), ("law-enforcement", "child-protection"), ("Philippines",)),
    ("123.77", Mechanism.UPR, "123.77",
     "End the immigration detention of children and provide alternatives in the community.",
     ("CRC-37", "CRC-22"), ("special-protection",), ("immigration",), ("Mexico", "Brazil")),
    ("123.90", Mechanism.UPR, "123.90",
     "Ensure equal access to education for children with disabilities.", ("CRC-23",
                                                                          "CRC-28"),
     ("health-welfare", "education-leisure"), ("education",), ("Spain",)),
)

# recommendation suffix, action key, title, actors, status, due
_ACTIONS: tuple[tuple[tuple[str, ...], str, str, tuple[str, ...], ImplementationStatus,
                      date | None], ...] = (
    (("12(a)",), "act-national-strategy", "National Strategy for Children 2021-2027 adopted",
     ("ministry-social-affairs", "child-rights-council"), ImplementationStatus.PARTIAL,
     date(2027, 12, 31)),
    (("14(b)",), "act-data-system", "Child protection data system (pilot in two regions)",
     ("child-protection-agency", "statistics-office"), ImplementationStatus.PLANNED,
     date(2023, 6, 30)),
    (("21(a)",), "act-access-services", "Circular on access to services regardless of status",
     ("ministry-social-affairs",), ImplementationStatus.PARTIAL, date(2022, 12, 31)),
    (("33(c)",), "act-advocacy-centre", "Child Advocacy Centre opened in Northport",
     ("northport-child-advocacy-centre", "ministry-health"), ImplementationStatus.IMPLEMENTED,
     date(2021, 9, 1)),
    (("52(a)",), "act-guardianship-reform", "Guardianship Act amendment (24-hour appointment)",
     ("guardianship-authority", "ministry-justice"), ImplementationStatus.PLANNED,
     date(2024, 3, 31)),
    (("55(c)",), "act-inspections", "Joint labour and police inspections in agriculture",
     ("labour-inspectorate", "police-atu"), ImplementationStatus.PARTIAL, date(2025, 6, 30)),
    (("57(a)", "123.61"), "act-nrm-sop", "Referral procedure for child victims (NRM)",
     ("nrm-coordination", "police-atu", "prosecutor-general"), ImplementationStatus.PARTIAL,
     date(2024, 12, 31)),
    (("123.15",), "act-ombudsperson-complaints", "Ombudsperson receives complaints from children",
     ("ombudsperson-children",), ImplementationStatus.IMPLEMENTED, date(2020, 1, 1)),
)

# recommendation suffix, source, status, assessed on, evidence
_STATUSES: tuple[tuple[str, StatusSource, ImplementationStatus, date, str], ...] = (
    ("12(a)", StatusSource.STATE, ImplementationStatus.IMPLEMENTED, date(2023, 5, 10),
     "State report, fifth periodic report, para. 14"),
    ("12(a)", StatusSource.NHRI, ImplementationStatus.PARTIAL, date(2023, 9, 1),
     "Ombudsperson annual report 2023, chapter 2"),
    ("12(a)", StatusSource.CIVIL_SOCIETY, ImplementationStatus.PARTIAL, date(2024, 2, 1),
     "Safe Passage alternative report 2024"),
    ("14(b)", StatusSource.STATE, ImplementationStatus.PARTIAL, date(2023, 5, 10),
     "State report, fifth periodic report, para. 20"),
    ("14(b)", StatusSource.NHRI, ImplementationStatus.NOT_STARTED, date(2023, 9, 1),
     "Ombudsperson annual report 2023, chapter 5"),
    ("19", StatusSource.STATE, ImplementationStatus.NOT_STARTED, date(2023, 5, 10),
     "State report, fifth periodic report, para. 31"),
    ("21(a)", StatusSource.STATE, ImplementationStatus.IMPLEMENTED, date(2023, 5, 10),
     "Circular 7/2022 of the Ministry of Social Affairs"),
    ("21(a)", StatusSource.CIVIL_SOCIETY, ImplementationStatus.PARTIAL, date(2024, 2, 1),
     "Safe Passage alternative report 2024"),
    ("31(a)", StatusSource.NHRI, ImplementationStatus.NOT_STARTED, date(2023, 9, 1),
     "Ombudsperson annual report 2023, chapter 4"),
    ("33(c)", StatusSource.STATE, ImplementationStatus.PARTIAL, date(2023, 5, 10),
     "State report, fifth periodic report, para. 48"),
    ("33(c)", StatusSource.NHRI, ImplementationStatus.PARTIAL, date(2023, 9, 1),
     "Ombudsperson annual report 2023, chapter 4"),
    ("52(a)", StatusSource.STATE, ImplementationStatus.PLANNED, date(2023, 5, 10),
     "State report, fifth periodic report, para. 71"),
    ("52(a)", StatusSource.CIVIL_SOCIETY, ImplementationStatus.NOT_STARTED, date(2024, 2, 1),
     "Safe Passage alternative report 2024"),
    ("57(a)", StatusSource.STATE, ImplementationStatus.PARTIAL, date(2023, 5, 10),
     "State report, fifth periodic report, para. 80"),
    ("57(a)", StatusSource.NHRI, ImplementationStatus.REGRESSED, date(2023, 9, 1),
     "Ombudsperson annual report 2023, chapter 6"),
    ("123.15", StatusSource.STATE, ImplementationStatus.IMPLEMENTED, date(2022, 11, 1),
     "UPR mid-term report 2022"),
    ("123.15", StatusSource.NHRI, ImplementationStatus.IMPLEMENTED, date(2023, 9, 1),
     "Ombudsperson annual report 2023, chapter 1"),
    ("123.61", StatusSource.STATE, ImplementationStatus.PARTIAL, date(2022, 11, 1),
     "UPR mid-term report 2022"),
    ("123.77", StatusSource.CIVIL_SOCIETY, ImplementationStatus.NOT_STARTED, date(2024, 2, 1),
     "Safe Passage alternative report 2024"),
)


@dataclass(frozen=True)
class DemoRecommendations:
    recommendations: list[Recommendation]
    actions: list[Action]
    statuses: list[StatusAssessment]


def _position(mechanism: Mechanism, suffix: str) -> Position | None:
    """The State's response: it supported every UPR recommendation but the one on
    immigration detention, which it noted. The Committee's are not put to a vote."""
    if mechanism is not Mechanism.UPR:
        return None
    return Position.NOTED if suffix == "123.77" else Position.SUPPORTED


FINDINGS_ADDRESSED: dict[str, tuple[str, ...]] = {
    "upr-3-123.61": ("gap-identification-one-unit", "gap-identification-runaways"),
    "crc-4-57(a)": ("gap-trafficking-law-definition", "uncov-recovery-after-shelter"),
    "crc-4-55(c)": ("gap-no-inspection-family-farms", "gap-harvest-absence-excused"),
    "crc-4-52(a)": ("excl-unaccompanied-no-claim", "excl-age-disputed"),
}
"""The findings of the current cycle that show what became of a recommendation (linked both
ways in the web app): identification of child victims of trafficking, its definition and
recovery, inspection of child labour, unaccompanied children."""


def _key(mechanism: Mechanism, suffix: str) -> str:
    return f"crc-4-{suffix}" if mechanism is Mechanism.CRC else f"upr-3-{suffix}"


def recommendations_for(year: int, actor_keys: set[str]) -> DemoRecommendations:
    """The recommendations of a cycle; actions and statuses from 2020 on, naming only
    actors that exist in that cycle."""
    recs = [Recommendation(
        key=_key(mechanism, suffix), mechanism=mechanism, text=text,
        document_symbol=CRC_SYMBOL if mechanism is Mechanism.CRC else UPR_SYMBOL,
        paragraph=paragraph, cycle="4" if mechanism is Mechanism.CRC else "3",
        date=date(2017, 6, 2) if mechanism is Mechanism.CRC else date(2018, 3, 16),
        recommending=recommending, position=_position(mechanism, suffix),
        provisions=provisions, clusters=clusters, sectors=sectors,
        summary=("child-rights",) if "CRC-35" not in provisions
        else ("child-rights", "trafficking"))
        for suffix, mechanism, paragraph, text, provisions, clusters, sectors, recommending
        in _ROWS]
    if year < 2020:
        return DemoRecommendations(recs, [], [])
    by_suffix = {suffix: _key(mechanism, suffix) for suffix, mechanism, *_ in _ROWS}
    actions = [Action(key=key, title=title,
                      recommendations=tuple(by_suffix[s] for s in suffixes),
                      actors=tuple(a for a in actors if a in actor_keys), status=status,
                      due=due)
               for suffixes, key, title, actors, status, due in _ACTIONS]
    statuses = [StatusAssessment(recommendation=by_suffix[suffix], source=source,
                                 status=status, assessed_on=on, assessor=ASSESSORS[source],
                                 evidence=evidence)
                for suffix, source, status, on, evidence in _STATUSES]
    return DemoRecommendations(recs, actions, statuses)
