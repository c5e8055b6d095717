"""UN recommendations made to the comparative jurisdictions, with what was done about them.

Invented, like the jurisdictions, and shaped as real ones are: paragraphs of the CRC
Committee's concluding observations and recommendations made at the Universal Periodic Review
(by the other fictional States), tagged with provisions and clusters. Each jurisdiction has
recommendations on the provision of its planted law-practice gap (and Sorvia on the provision
nobody is mandated for), so that the drafts the assessment team proposes cite them with their
latest status, and one on children without identity documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from impactkit.demo.comparative.jurisdictions import ARVENHOLT, MARISCA, OBERAN, SORVIA, Profile
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    Position,
    Recommendation,
    StatusAssessment,
    StatusSource,
)

_S = ImplementationStatus


@dataclass(frozen=True, slots=True)
class _Rec:
    mechanism: Mechanism
    paragraph: str
    text: str
    provisions: tuple[str, ...]
    clusters: tuple[str, ...]
    sectors: tuple[str, ...]
    groups: tuple[str, ...] = ()
    recommending: tuple[str, ...] = ()
    statuses: tuple[tuple[StatusSource, ImplementationStatus, date], ...] = ()


@dataclass(frozen=True, slots=True)
class _Cycle:
    crc_report: int  # which periodic report the Committee's observations answer
    crc_date: date
    upr_cycle: int
    upr_session: int
    upr_date: date
    recs: tuple[_Rec, ...]
    action: tuple[str, str, tuple[str, ...], ImplementationStatus, date]  # para, title, actors


_CRC, _UPR = Mechanism.CRC, Mechanism.UPR
_STATE, _NHRI, _NGO = StatusSource.STATE, StatusSource.NHRI, StatusSource.CIVIL_SOCIETY

_CYCLES: dict[str, _Cycle] = {
    MARISCA.code: _Cycle(3, date(2019, 10, 4), 3, 43, date(2020, 3, 12), (
        _Rec(_CRC, "28(a)", "Ensure free and universal birth registration, including late "
             "registration, and send mobile registrars to rural areas.", ("CRC-7",),
             ("civil-rights",), ("governance", "health"),
             statuses=((_STATE, _S.PARTIAL, date(2023, 4, 20)),
                       (_NGO, _S.NOT_STARTED, date(2023, 11, 2)))),
        _Rec(_UPR, "131.44", "Remove the fees and the court order required for late birth "
             "registration.", ("CRC-7",), ("civil-rights",), ("governance",),
             recommending=("Duchy of Arvenholt",),
             statuses=((_STATE, _S.PLANNED, date(2022, 6, 1)),)),
        _Rec(_CRC, "45(b)", "Ensure that children without identity documents can enrol in "
             "school and receive free health care.", ("CRC-24", "CRC-28"),
             ("health-welfare", "education-leisure"), ("education", "health"),
             groups=("undocumented", "stateless"),
             statuses=((_NGO, _S.NOT_STARTED, date(2023, 11, 2)),)),
    ), ("28(a)", "Mobile birth registration teams in two provinces",
        ("interior-ministry", "health-ministry"), _S.PARTIAL, date(2025, 12, 31))),
    OBERAN.code: _Cycle(4, date(2020, 2, 7), 3, 44, date(2020, 7, 9), (
        _Rec(_CRC, "52(c)", "Limit the pre-trial detention of children to the 30 days the law "
             "allows, and end the holding of children in police cells.", ("CRC-37",),
             ("special-protection",), ("judiciary", "law-enforcement"),
             groups=("deprived-of-liberty",),
             statuses=((_STATE, _S.PARTIAL, date(2023, 3, 15)),
                       (_NHRI, _S.NOT_STARTED, date(2023, 9, 30)))),
        _Rec(_UPR, "121.56", "Provide legal aid to every child deprived of liberty from the "
             "first police interview.", ("CRC-37", "CRC-40"), ("special-protection",),
             ("judiciary",), recommending=("Commonwealth of Sorvia", "Republic of Marisca"),
             statuses=((_STATE, _S.IMPLEMENTED, date(2022, 11, 1)),
                       (_NHRI, _S.PARTIAL, date(2023, 9, 30)))),
        _Rec(_CRC, "33(a)", "Issue identity cards to children whose birth was never "
             "registered.", ("CRC-8",), ("civil-rights",), ("governance",),
             groups=("stateless",),
             statuses=((_STATE, _S.PLANNED, date(2023, 3, 15)),)),
    ), ("52(c)", "Federal guidelines on time limits for pre-trial detention of children",
        ("justice-ministry", "prosecution-service"), _S.PLANNED, date(2025, 6, 30))),
    ARVENHOLT.code: _Cycle(5, date(2021, 6, 4), 4, 41, date(2022, 11, 10), (
        _Rec(_CRC, "47(b)", "Provide every unaccompanied child with child-specific reception "
             "and a guardian within days of arrival.", ("CRC-22",), ("special-protection",),
             ("immigration", "child-protection"), groups=("unaccompanied",),
             statuses=((_STATE, _S.PARTIAL, date(2023, 5, 2)),
                       (_NGO, _S.REGRESSED, date(2024, 1, 20)))),
        _Rec(_UPR, "98.21", "Stop placing unaccompanied children in reception centres for "
             "adults.", ("CRC-22",), ("special-protection",), ("immigration",),
             groups=("unaccompanied",), recommending=("Federal Republic of Oberan",),
             statuses=((_STATE, _S.PLANNED, date(2023, 5, 2)),)),
        _Rec(_CRC, "29(d)", "Remove the identity-document requirement for admission to "
             "shelters and to victim assistance.", ("CRC-20", "CRC-39"),
             ("family-care", "violence"), ("child-protection",),
             groups=("street-connected", "trafficking-victims")),
    ), ("47(b)", "Reception centre for unaccompanied children",
        ("interior-ministry", "child-protection-service"), _S.PLANNED, date(2025, 3, 31))),
    SORVIA.code: _Cycle(2, date(2018, 9, 28), 3, 40, date(2019, 2, 14), (
        _Rec(_CRC, "58(a)", "Strengthen labour inspection in agriculture and markets to detect "
             "and end child labour.", ("CRC-32",), ("special-protection",), ("labour",),
             groups=("working",),
             statuses=((_STATE, _S.PARTIAL, date(2022, 10, 3)),
                       (_NGO, _S.NOT_STARTED, date(2023, 12, 5)))),
        _Rec(_UPR, "115.09", "Designate an authority responsible for the rights of children "
             "with disabilities, with its own budget.", ("CRC-23",), ("health-welfare",),
             ("health", "social-economic"), groups=("disability",),
             recommending=("Duchy of Arvenholt", "Federal Republic of Oberan"),
             statuses=((_STATE, _S.NOT_STARTED, date(2022, 10, 3)),)),
        _Rec(_CRC, "41(c)", "Ensure inclusive education for children with disabilities and "
             "follow up every child who leaves school early.", ("CRC-23", "CRC-28"),
             ("health-welfare", "education-leisure"), ("education",),
             groups=("disability", "out-of-school"),
             statuses=((_NHRI, _S.NOT_STARTED, date(2023, 6, 12)),)),
        _Rec(_CRC, "43(b)", "Enrol every child in school whatever their documents.",
             ("CRC-28",), ("education-leisure",), ("education",), groups=("undocumented",)),
    ), ("58(a)", "Seasonal child labour inspections in the harvest belt",
        ("labour-inspectorate",), _S.PARTIAL, date(2024, 12, 31))),
}


@dataclass(frozen=True)
class ComparativeRecommendations:
    recommendations: list[Recommendation]
    actions: list[Action]
    statuses: list[StatusAssessment]


def _key(cycle: _Cycle, rec: _Rec) -> str:
    if rec.mechanism is _CRC:
        return f"crc-{cycle.crc_report}-{rec.paragraph}"
    return f"upr-{cycle.upr_cycle}-{rec.paragraph}"


def recommendations_for(profile: Profile) -> ComparativeRecommendations:
    """The recommendations made to one comparative jurisdiction, the action taken on one of
    them, and the status each source assessed."""
    cycle = _CYCLES[profile.code]
    assessors = {_STATE: f"{profile.ministry} of Social Welfare",
                 _NHRI: f"{profile.short} Ombudsperson for Children",
                 _NGO: f"{profile.short} Child Rights Coalition"}
    recs: list[Recommendation] = []
    statuses: list[StatusAssessment] = []
    for rec in cycle.recs:
        key = _key(cycle, rec)
        crc = rec.mechanism is _CRC
        recs.append(Recommendation(
            key=key, mechanism=rec.mechanism, text=rec.text,
            document_symbol=(f"CRC/C/{profile.code}/CO/{cycle.crc_report}" if crc
                             else f"A/HRC/{cycle.upr_session}/{profile.code}"),
            paragraph=rec.paragraph, cycle=str(cycle.crc_report if crc else cycle.upr_cycle),
            date=cycle.crc_date if crc else cycle.upr_date,
            recommending=rec.recommending,
            position=None if crc else Position.SUPPORTED, provisions=rec.provisions,
            clusters=rec.clusters, sectors=rec.sectors, groups=rec.groups,
            summary=("child-rights",)))
        statuses.extend(StatusAssessment(
            recommendation=key, source=source, status=status, assessed_on=on,
            assessor=assessors[source], evidence=f"{assessors[source]}, report of {on.year}")
            for source, status, on in rec.statuses)
    paragraph, title, actors, status, due = cycle.action
    action = Action(key=f"act-{paragraph.replace('(', '-').rstrip(')')}", title=title,
                    recommendations=(f"crc-{cycle.crc_report}-{paragraph}",), actors=actors,
                    status=status, due=due)
    return ComparativeRecommendations(recs, [action], statuses)
