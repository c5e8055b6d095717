"""How Veldmark's actors are connected: referral, coordination bodies, data sharing, funding,
supervision, and one conflicting mandate.

Every pair of sectors has at least one coordinating link (referral, coordination-body,
data-sharing or supervision) between actors on each side, except labour and education: the
Labour Inspectorate and the Schools Inspectorate both hold CRC-32 and ILO138-7 yet never talk,
and the Ministry of Labour sits on neither body that education sits on. The Immigration Service
and the Guardianship Authority are joined by a ``conflict`` link. Tests check both.
"""

from __future__ import annotations

from impactkit.domain import CoordinationLink

# source, kind, target, legal basis, notes
_ROWS: tuple[tuple[str, str, str, str | None, str], ...] = (
    # coordination bodies: members -> body
    ("police-atu", "coordination-body", "nrm-coordination", "nrm-protocol", ""),
    ("prosecutor-general", "coordination-body", "nrm-coordination", "nrm-protocol", ""),
    ("ministry-social-affairs", "coordination-body", "nrm-coordination", "nrm-protocol", ""),
    ("immigration-service", "coordination-body", "nrm-coordination", "nrm-protocol", ""),
    ("labour-inspectorate", "coordination-body", "nrm-coordination", "nrm-protocol",
     "Attends rarely; sent no representative in the last year."),
    ("ministry-health", "coordination-body", "nrm-coordination", "nrm-protocol", ""),
    ("ministry-interior", "coordination-body", "nrm-coordination", "nrm-protocol",
     "Chairs the group."),
    ("safe-passage-network", "coordination-body", "nrm-coordination", "nrm-protocol",
     "Observer status, no vote."),
    ("ministry-social-affairs", "coordination-body", "child-rights-council",
     "child-rights-strategy", ""),
    ("ministry-education", "coordination-body", "child-rights-council",
     "child-rights-strategy", ""),
    ("ministry-health", "coordination-body", "child-rights-council", "child-rights-strategy", ""),
    ("ministry-justice", "coordination-body", "child-rights-council",
     "child-rights-strategy", ""),
    ("social-insurance-agency", "coordination-body", "child-rights-council",
     "child-rights-strategy", ""),
    ("finance-budget-office", "coordination-body", "child-rights-council",
     "child-rights-strategy", ""),
    ("eastvale-education-directorate", "coordination-body", "eastvale-children-committee",
     None, ""),
    ("eastvale-health-authority", "coordination-body", "eastvale-children-committee", None, ""),
    ("lindberg-social-services", "coordination-body", "eastvale-children-committee", None, ""),
    # referral
    ("police-atu", "referral", "fenmouth-social-services", "nrm-protocol", ""),
    ("fenmouth-harbour-police", "referral", "fenmouth-emergency-shelter", "child-protection-act",
     ""),
    ("northmark-juvenile-court", "referral", "northport-social-services",
     "juvenile-justice-act", ""),
    ("labour-inspectorate", "referral", "fenmouth-social-services", "labour-code",
     "Provided for in law; no referral recorded in the period."),
    ("northport-attendance-office", "referral", "northport-social-services", "education-act",
     ""),
    ("fenmouth-adolescent-clinic", "referral", "fenmouth-social-services", "health-care-act", ""),
    ("northport-child-advocacy-centre", "referral", "northport-social-services",
     "anti-trafficking-amendment-2021", ""),
    ("asylum-reception", "referral", "guardianship-authority", "guardianship-act-2022", ""),
    ("street-outreach", "referral", "northport-social-services", None, ""),
    ("northmark-police-juvenile", "referral", "northmark-juvenile-court",
     "juvenile-justice-act", ""),
    ("immigration-service", "referral", "police-atu", "nrm-protocol",
     "Only for adults' cases in practice."),
    ("fenmouth-adolescent-clinic", "referral", "police-atu", "health-care-act", ""),
    ("fenmouth-adolescent-clinic", "referral", "nrm-coordination", "nrm-protocol",
     "Voluntary; used once in the period."),
    ("fenmouth-harbour-police", "referral", "street-outreach", None, ""),
    ("labour-inspectorate", "referral", "southfen-prosecutor", "labour-code", ""),
    ("northmark-juvenile-court", "referral", "northport-attendance-office",
     "juvenile-justice-act", "School attendance as a diversion measure."),
    ("immigration-service", "referral", "legal-aid-council", "asylum-act", ""),
    ("eastvale-education-directorate", "referral", "eastvale-health-authority", None, ""),
    ("asylum-reception", "referral", "ministry-education", "education-act", ""),
    ("immigration-service", "referral", "eastvale-health-authority", "aliens-act",
     "Orders age-assessment X-rays."),
    ("legal-aid-council", "referral", "guardianship-authority", "juvenile-justice-act",
     "Guardians ask for a lawyer for the child."),
    ("northport-district-court", "referral", "northport-social-services",
     "child-protection-act", "The court orders social inquiry reports."),
    ("child-helpline", "referral", "ombudsperson-children", None, ""),
    ("northport-social-services", "referral", "northport-benefits-office", None, ""),
    ("safe-passage-network", "referral", "police-atu", "nrm-protocol",
     "Presumed victims met by NGOs; the police decide whether to open a case."),
    ("fenmouth-social-services", "referral", "nrm-coordination", "nrm-protocol", ""),
    ("southfen-prosecutor", "referral", "fenmouth-social-services", "anti-trafficking-act", ""),
    ("street-outreach", "referral", "nrm-coordination", None,
     "Reports children presumed exploited for begging."),
    # data sharing
    ("eastvale-health-authority", "data-sharing", "ministry-interior",
     "civil-registration-act", "Birth notifications from maternity wards."),
    ("northport-child-advocacy-centre", "data-sharing", "prosecutor-general",
     "anti-trafficking-amendment-2021", "Recorded interviews."),
    ("ministry-social-affairs", "data-sharing", "finance-budget-office",
     "budget-line-child-protection", "Programme budget reporting."),
    ("ministry-foreign-affairs", "data-sharing", "intl-migration-office", None,
     "Family tracing abroad."),
    ("social-insurance-agency", "data-sharing", "child-protection-agency", None, ""),
    ("police-cybercrime", "data-sharing", "prosecutor-general", "criminal-code", ""),
    ("labour-inspectorate", "data-sharing", "police-atu", "labour-code",
     "Joint inspections in the harvest season, adults' cases only."),
    ("police-cybercrime", "data-sharing", "ministry-education", None,
     "Trend data for online-safety lessons."),
    ("ministry-interior", "data-sharing", "immigration-service", "aliens-act", ""),
    ("southfen-prosecutor", "data-sharing", "fenmouth-adolescent-clinic", None,
     "Forensic medical reports."),
    ("ministry-justice", "data-sharing", "social-insurance-agency", None,
     "Child maintenance orders."),
    ("ministry-health", "data-sharing", "ministry-labour", None,
     "Occupational injuries of under-18s."),
    ("immigration-service", "data-sharing", "labour-inspectorate", "aliens-act",
     "Work permits."),
    ("southfen-development-agency", "data-sharing", "southfen-labour-office", None,
     "Seasonal labour programmes."),
    ("northport-attendance-office", "data-sharing", "northport-benefits-office", None, ""),
    ("social-insurance-agency", "data-sharing", "ministry-health", "health-care-act",
     "Insurance status."),
    ("ministry-health", "data-sharing", "finance-budget-office", None, ""),
    ("immigration-service", "data-sharing", "social-insurance-agency", "aliens-act",
     "Residence status checks before benefits are paid."),
    ("social-insurance-agency", "data-sharing", "finance-budget-office", None, ""),
    ("social-insurance-agency", "data-sharing", "statistics-office", None, ""),
    ("police-atu", "data-sharing", "statistics-office", "nap-trafficking", ""),
    ("finance-budget-office", "data-sharing", "statistics-office", None, ""),
    # supervision
    ("northport-district-court", "supervision", "guardianship-authority",
     "guardianship-act-2022", ""),
    ("audit-office", "supervision", "child-protection-agency", None, ""),
    ("ombudsperson-children", "supervision", "child-protection-agency", "ombudsperson-act", ""),
    ("prosecutor-general", "supervision", "police-atu", "anti-trafficking-act", ""),
    ("audit-office", "supervision", "ministry-interior", None, ""),
    ("audit-office", "supervision", "ministry-justice", None, ""),
    ("audit-office", "supervision", "labour-inspectorate", None, ""),
    ("audit-office", "supervision", "ministry-education", None, ""),
    ("audit-office", "supervision", "asylum-reception", None, ""),
    ("ombudsperson-children", "supervision", "southfen-reception-centre", "ombudsperson-act",
     "Monitoring visits."),
    ("ombudsperson-children", "supervision", "fenmouth-detention-centre", "ombudsperson-act",
     "Monitoring visits."),
    ("ministry-social-affairs", "supervision", "child-protection-agency",
     "child-protection-act", ""),
    ("child-protection-agency", "supervision", "westholm-child-protection",
     "child-protection-act", ""),
    ("child-protection-agency", "supervision", "fenmouth-emergency-shelter",
     "child-protection-act", ""),
    # funding
    ("finance-budget-office", "funding", "ministry-social-affairs",
     "budget-line-child-protection", ""),
    ("finance-budget-office", "funding", "nrm-coordination", "budget-line-victim-assistance", ""),
    ("ministry-social-affairs", "funding", "lantern-house-shelter",
     "budget-line-victim-assistance", "Paid per night of stay."),
    ("lindberg-budget-department", "funding", "lindberg-social-services", None, ""),
    ("northmark-finance-department", "funding", "northport-benefits-office", None, ""),
    ("finance-budget-office", "funding", "asylum-reception", None, ""),
    ("finance-budget-office", "funding", "social-insurance-agency", "social-assistance-act", ""),
    # the conflict
    ("immigration-service", "conflict", "guardianship-authority", "aliens-act",
     "The Aliens Act lets the Immigration Service decide placement, age and return of "
     "unaccompanied children; the Guardianship Act gives the guardian a say in the same "
     "decisions. Neither yields, and the Immigration Service decides."),
)

_BASIS_2019 = {"guardianship-act-2022": "guardianship-regulation"}


def links_for(year: int, actor_keys: set[str], instrument_keys: set[str]) -> list[CoordinationLink]:
    """The links of a cycle between actors that existed then, with a legal basis that existed
    then (the 2016 regulation stands in for the 2022 Guardianship Act in 2019)."""
    out: list[CoordinationLink] = []
    for source, kind, target, basis, notes in _ROWS:
        if source not in actor_keys or target not in actor_keys:
            continue
        if basis is not None and basis not in instrument_keys:
            basis = _BASIS_2019.get(basis)
            if basis not in instrument_keys:
                basis = None
        out.append(CoordinationLink(key=f"{source}-{kind}-{target}", source_key=source,
                                    target_key=target, kind=kind, legal_basis=basis,
                                    notes=notes))
    return out
