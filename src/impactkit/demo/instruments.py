"""Veldmark's national laws, plans, protocols and budget lines, with the provisions each
implements.

Two changes between the cycles give the comparison something to show: the 2021 amendment to
the Anti-Trafficking Act (child-specific assistance, non-punishment) and the 2022 Guardianship
Act replacing a weak regulation. Practice did not follow as fast: that is the persisting gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.domain import NationalInstrument


@dataclass(frozen=True, slots=True)
class _Row:
    key: str
    title: str
    kind: str
    year: int
    provisions: tuple[str, ...]
    sectors: tuple[str, ...]
    notes: str = ""
    until: int | None = None  # last year in force, for instruments replaced later


_ROWS: tuple[_Row, ...] = (
    _Row("child-protection-act", "Child Protection Act", "law", 2011,
         ("CRC-3", "CRC-5", "CRC-9", "CRC-12", "CRC-18", "CRC-19", "CRC-20", "CRC-25",
          "CRC-36", "CRC-39"),
         ("child-protection",),
         "Section 31 promises recovery and reintegration support but names no responsible "
         "body."),
    _Row("anti-trafficking-act", "Act on Combating Trafficking in Human Beings", "law", 2013,
         ("CRC-35", "PALERMO-3", "PALERMO-6", "OPSC-1", "CETS197-10", "CETS197-12",
          "CETS197-13", "CETS197-29", "EUATD-2", "EUATD-11", "EUATD-13"),
         ("law-enforcement", "governance", "child-protection"),
         "Amended in 2021: see the amendment."),
    _Row("anti-trafficking-amendment-2021", "Anti-Trafficking Act, 2021 amendment on child "
         "victims", "law", 2021,
         ("CRC-35", "CETS197-26", "EUATD-8", "EUATD-14", "EUATD-15", "EUATD-16"),
         ("law-enforcement", "judiciary", "child-protection"),
         "Adds child-specific assistance, a presumption of minority and non-punishment."),
    _Row("labour-code", "Labour Code", "law", 2008,
         ("CRC-32", "ILO138-2", "ILO138-3", "ILO138-7", "ILO182-3", "ILO182-4"),
         ("labour",),
         "Minimum age 15; light work from 13; hazardous work list updated in 2020."),
    _Row("aliens-act", "Aliens and Residence Act", "law", 2015,
         ("CRC-10", "CRC-22", "PALERMO-7", "PALERMO-8", "CETS197-14", "CETS197-16"),
         ("immigration",),
         "Allows holding of families with children up to 28 days; access to services tied to "
         "residence status."),
    _Row("asylum-act", "Asylum Act", "law", 2016, ("CRC-3", "CRC-22"), ("immigration",)),
    _Row("education-act", "Education Act", "law", 2010,
         ("CRC-28", "CRC-29", "CRC-31", "ILO182-7"), ("education",),
         "Compulsory schooling 6-16; enrolment requires a residence address."),
    _Row("criminal-code", "Criminal Code, chapter 19 (sexual offences against children)", "law",
         2014,
         ("CRC-34", "OPSC-2", "OPSC-3", "CETS201-18", "CETS201-19", "CETS201-20",
          "CETS201-23"),
         ("law-enforcement", "judiciary")),
    _Row("juvenile-justice-act", "Juvenile Justice Act", "law", 2012,
         ("CRC-37", "CRC-40", "CETS201-35", "OPSC-8"), ("judiciary",)),
    _Row("health-care-act", "Health Care Act", "law", 2009, ("CRC-6", "CRC-23", "CRC-24"),
         ("health",), "Free care for insured children; emergency care only for others."),
    _Row("social-assistance-act", "Social Assistance Act", "law", 2012,
         ("CRC-26", "CRC-27"), ("social-economic",)),
    _Row("ombudsperson-act", "Ombudsperson for Children Act", "law", 2005,
         ("CRC-4", "CRC-12", "CRC-13"), ("governance",),
         "Complaints by children need a parent's consent."),
    _Row("defence-service-act", "Defence Service Act", "law", 2009,
         ("OPAC-1", "OPAC-2", "OPAC-4"), ("governance",), "Minimum recruitment age 18."),
    _Row("civil-registration-act", "Civil Registration Act", "law", 2004, ("CRC-7", "CRC-8"),
         ("governance",), "Late birth registration requires a court order."),
    _Row("guardianship-regulation", "Regulation on Guardians for Unaccompanied Minors",
         "regulation", 2016, ("CRC-20", "CRC-22"), ("child-protection", "immigration"),
         "Guardians appointed only once an asylum claim is lodged.", until=2021),
    _Row("guardianship-act-2022", "Guardianship of Unaccompanied Children Act", "law", 2022,
         ("CRC-3", "CRC-20", "CRC-22", "EUATD-16"), ("child-protection", "immigration"),
         "Guardian within 72 hours for every unaccompanied child, whatever the status."),
    _Row("nap-trafficking", "National Action Plan against Trafficking in Human Beings", "plan",
         2018, ("PALERMO-9", "CETS197-5", "EUATD-18", "EUATD-19", "CRC-35"),
         ("governance", "law-enforcement", "child-protection")),
    _Row("child-rights-strategy", "National Strategy for the Rights of the Child 2020-2025",
         "policy", 2020, ("CRC-2", "CRC-4", "CRC-12", "CRC-42", "CETS201-6"),
         ("governance", "education", "child-protection")),
    _Row("nrm-protocol", "National Referral Mechanism Protocol", "protocol", 2017,
         ("CETS197-10", "CETS197-12", "EUATD-11", "CRC-35"),
         ("governance", "law-enforcement", "child-protection", "immigration")),
    _Row("budget-line-child-protection", "State budget programme 14.3, Child protection "
         "services", "budget-line", 2019, ("CRC-4", "CRC-19"), ("finance-budget",),
         "Flat in real terms since 2019."),
    _Row("budget-line-victim-assistance", "State budget programme 09.7, Assistance to victims "
         "of trafficking", "budget-line", 2018, ("EUATD-11", "CETS197-12"),
         ("finance-budget",), "Pays shelter places by the night, adults and children alike."),
)


def instruments_for(year: int) -> list[NationalInstrument]:
    """The instruments in force (or adopted) by the end of ``year``: instruments adopted later
    are absent, replaced ones are kept but marked not in force."""
    return [
        NationalInstrument(
            key=r.key, title=r.title, kind=r.kind, year=r.year,
            in_force=r.until is None or year <= r.until,
            provisions=r.provisions, sectors=r.sectors, notes=r.notes,
        )
        for r in _ROWS
        if r.year <= year
    ]
