"""The small system map of each comparative jurisdiction: ten actors, their laws, mandates and
links.

Every jurisdiction has the same shape of system, named its own way ("Ministry of Health",
"Federal Ministry of Health"...), so that its analysis shows only what was planted:

* every function of the protection chain has a general mandate and the police name every form
  of exploitation, so no function and no form is left without anyone;
* the Ministry of Justice holds the treaty provisions no line ministry holds (criminal law,
  procedure, reporting), so every assessable provision has someone, except the jurisdiction's
  ``unmandated`` provision (Sorvia: children with disabilities, CRC-23);
* actors of different sectors that share a provision or form are linked directly, so no
  mandate is left uncoordinated; Marisca's schools and clinics have no referral pathway to the
  Child Protection Service, which shares nothing with them but shows in the map.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.catalogue.schema import Catalogue
from impactkit.demo.comparative.jurisdictions import MARISCA, Profile
from impactkit.domain import Actor, CoordinationLink, Mandate, NationalInstrument


@dataclass(frozen=True, slots=True)
class _Actor:
    key: str
    name: str  # with {ministry} and {short} placeholders
    sector: str
    type: str
    description: str
    provisions: tuple[str, ...]
    functions: tuple[str, ...]
    basis: str
    forms: tuple[str, ...] = ()


_ACTORS: tuple[_Actor, ...] = (
    _Actor("social-welfare-ministry", "{ministry} of Social Welfare", "child-protection",
           "ministry", "Child and family policy; funds and supervises child protection.",
           ("CRC-3", "CRC-4", "CRC-5", "CRC-18", "CRC-19", "CRC-26", "CRC-27"),
           ("prevention", "monitoring"), "childrens-act"),
    _Actor("child-protection-service", "{short} Child Protection Service", "child-protection",
           "agency", "Casework, alternative care, guardianship and victim assistance.",
           ("CRC-19", "CRC-20", "CRC-22", "CRC-25", "CRC-35", "CRC-39"),
           ("identification", "referral", "assessment", "protection", "durable-solution"),
           "childrens-act"),
    _Actor("police-child-unit", "{short} National Police, Child Protection Unit",
           "law-enforcement", "police", "Investigates offences against children.",
           ("CRC-34", "CRC-35", "CRC-40", "OPSC-3", "PALERMO-6"),
           ("identification", "referral", "prosecution"), "criminal-code"),
    _Actor("prosecution-service", "{short} Public Prosecution Service", "judiciary",
           "prosecution", "Prosecutes offences against children; decides on diversion.",
           ("CRC-34", "CRC-35", "CRC-40", "OPSC-3"), ("prosecution",), "criminal-code"),
    _Actor("justice-ministry", "{ministry} of Justice", "judiciary", "ministry",
           "Criminal and family law, courts, detention; answers for the treaty provisions no "
           "line ministry holds.", ("CRC-1", "CRC-37"), ("monitoring",), "criminal-code"),
    _Actor("education-ministry", "{ministry} of Education", "education", "ministry",
           "Schools, compulsory schooling, school attendance.",
           ("CRC-17", "CRC-28", "CRC-29", "CRC-31"), ("prevention",), "education-act"),
    _Actor("health-ministry", "{ministry} of Health", "health", "ministry",
           "Health care, maternity wards and clinics.", ("CRC-6", "CRC-23", "CRC-24"),
           ("protection",), "health-act"),
    _Actor("labour-inspectorate", "{short} Labour Inspectorate", "labour", "agency",
           "Inspects workplaces, farms and mines, including for child labour.",
           ("CRC-32", "ILO138-2", "ILO182-3"), ("identification", "prevention"), "labour-code",
           forms=("labour-exploitation",)),
    _Actor("interior-ministry", "{ministry} of the Interior", "governance", "ministry",
           "Keeps the civil register and decides on residence and asylum.",
           ("CRC-7", "CRC-8", "CRC-10", "CRC-22"), ("identification",),
           "civil-registration-act"),
    _Actor("ombudsperson", "{short} Ombudsperson for Children", "governance", "ombudsperson",
           "Independent monitoring; receives complaints from children.",
           ("CRC-4", "CRC-12", "CRC-13"), ("monitoring",), "childrens-act"),
)

# source, kind, target
_LINKS: tuple[tuple[str, str, str], ...] = (
    ("police-child-unit", "referral", "child-protection-service"),
    ("prosecution-service", "referral", "child-protection-service"),
    ("police-child-unit", "referral", "prosecution-service"),
    ("labour-inspectorate", "referral", "police-child-unit"),
    ("labour-inspectorate", "referral", "child-protection-service"),
    ("interior-ministry", "referral", "child-protection-service"),
    ("ombudsperson", "supervision", "social-welfare-ministry"),
    ("social-welfare-ministry", "supervision", "child-protection-service"),
    ("social-welfare-ministry", "funding", "child-protection-service"),
    ("education-ministry", "referral", "child-protection-service"),
    ("health-ministry", "referral", "child-protection-service"),
)
#: links a jurisdiction does not have
_MISSING: dict[str, frozenset[tuple[str, str]]] = {
    MARISCA.code: frozenset({("education-ministry", "child-protection-service"),
                             ("health-ministry", "child-protection-service")}),
}

# key, title, kind, years after the jurisdiction's first law, provisions, sectors
_LAWS: tuple[tuple[str, str, str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    ("childrens-act", "Children's Act", "law", 4,
     ("CRC-3", "CRC-4", "CRC-12", "CRC-19", "CRC-20", "CRC-25", "CRC-39"),
     ("child-protection",)),
    ("civil-registration-act", "Civil Registration Act", "law", 7, ("CRC-7", "CRC-8"),
     ("governance",)),
    ("labour-code", "Labour Code", "law", 0, ("CRC-32", "ILO138-2", "ILO182-3"), ("labour",)),
    ("criminal-code", "Criminal Code", "law", 2,
     ("CRC-34", "CRC-35", "CRC-37", "CRC-40", "OPSC-3", "PALERMO-6"), ("judiciary",)),
    ("education-act", "Education Act", "law", 5, ("CRC-28", "CRC-29"), ("education",)),
    ("health-act", "Health Care Act", "law", 3, ("CRC-6", "CRC-24"), ("health",)),
    ("reception-act", "Asylum and Reception Act", "law", 9, ("CRC-10", "CRC-22"),
     ("immigration",)),
)
#: the year of each jurisdiction's oldest law in the list above
_FIRST_LAW = {"XMC": 2006, "XOB": 2003, "XAR": 2001, "XSV": 2008}


def _name(template: str, profile: Profile) -> str:
    return template.format(ministry=profile.ministry, short=profile.short)


def actors_for(profile: Profile) -> list[Actor]:
    return [Actor(key=a.key, name=_name(a.name, profile), sector=a.sector, level="national",
                  type=a.type, description=a.description) for a in _ACTORS]


def instruments_for(profile: Profile) -> list[NationalInstrument]:
    first = _FIRST_LAW[profile.code]
    return [NationalInstrument(key=key, title=title, kind=kind, year=first + offset,
                               provisions=provisions, sectors=sectors)
            for key, title, kind, offset, provisions, sectors in _LAWS]


def mandates_for(profile: Profile, catalogue: Catalogue) -> list[Mandate]:
    """One mandate per actor; the Ministry of Justice's also names every assessable provision
    no other actor holds, the police's every form of exploitation of ``catalogue``."""
    held = {p for a in _ACTORS for p in a.provisions}
    residual = tuple(p.code for p in catalogue.provisions()
                     if p.assessable and p.code not in held and p.code != profile.unmandated)
    out = []
    for a in _ACTORS:
        provisions = tuple(p for p in a.provisions if p != profile.unmandated)
        forms = a.forms
        notes = ""
        if a.key == "justice-ministry":
            provisions = (*provisions, *residual)
            notes = "Answers for the treaty provisions no line ministry holds."
        if a.key == "police-child-unit":
            forms = tuple(catalogue.codes("forms"))
        out.append(Mandate(key=f"mandate-{a.key}", actor_key=a.key, provisions=provisions,
                           forms=forms, functions=a.functions, legal_basis=a.basis,
                           notes=notes))
    return out


def links_for(profile: Profile) -> list[CoordinationLink]:
    missing = _MISSING.get(profile.code, frozenset())
    return [CoordinationLink(key=f"{source}-{kind}-{target}", source_key=source,
                             target_key=target, kind=kind)
            for source, kind, target in _LINKS if (source, target) not in missing]
