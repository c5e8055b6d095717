"""The institutions of the fictional Republic of Veldmark: who holds a piece of the system.

Veldmark has four regions (Northmark, Eastvale, Southfen, Westholm) and their main towns
(Northport, Lindberg, Fenmouth, Holmstad). Every name is invented; a test checks none is a
country's. Actors are listed by hand because their variety (ministries, inspectorates, courts,
shelters, NGOs) is what makes the system map readable.
"""

from __future__ import annotations

from impactkit.domain import Actor

# key, name, sector, level, type, description
_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # --- child protection -------------------------------------------------------------------
    ("ministry-social-affairs", "Ministry of Social Affairs and Family", "child-protection",
     "national", "ministry", "Leads child protection policy and funds social services."),
    ("child-protection-agency", "National Child Protection Agency", "child-protection",
     "national", "agency", "Sets standards for municipal social services and runs the "
     "national register of children in care."),
    ("guardianship-authority", "National Guardianship Authority", "child-protection",
     "national", "guardianship", "Appoints guardians for unaccompanied and separated children."),
    ("westholm-child-protection", "Westholm Regional Child Protection Directorate",
     "child-protection", "regional", "agency", "Supervises municipal social services and "
     "residential care in Westholm."),
    ("northport-social-services", "Northport Municipal Social Services", "child-protection",
     "local", "municipality", "Child protection casework, emergency placements, family support."),
    ("lindberg-social-services", "Lindberg Municipal Social Services", "child-protection",
     "local", "municipality", "Child protection casework in a mostly rural municipality."),
    ("fenmouth-social-services", "Fenmouth Municipal Social Services", "child-protection",
     "local", "municipality", "Casework in the port town where most identified victims live."),
    ("lantern-house-shelter", "Lantern House Specialised Shelter for Children", "child-protection",
     "local", "ngo", "Twelve-bed shelter for child victims of trafficking, run by an NGO under "
     "contract."),
    ("fenmouth-emergency-shelter", "Fenmouth Emergency Children's Shelter", "child-protection",
     "local", "service", "Municipal emergency shelter for children aged 6-17."),
    ("safe-passage-network", "Safe Passage Children's Network", "child-protection", "national",
     "ngo", "Coalition of 23 NGOs working against child trafficking and exploitation."),
    ("child-helpline", "Veldmark Children's Helpline Foundation", "child-protection", "national",
     "ngo", "Free 24-hour telephone and chat line for children."),
    # --- law enforcement --------------------------------------------------------------------
    ("ministry-interior", "Ministry of the Interior", "law-enforcement", "national", "ministry",
     "Responsible for police, border control and the national anti-trafficking coordinator."),
    ("police-atu", "National Police Anti-Trafficking Unit", "law-enforcement", "national",
     "police", "Specialised investigators for trafficking in human beings."),
    ("police-cybercrime", "National Police Cybercrime Centre, Child Online Protection Desk",
     "law-enforcement", "national", "police", "Investigates online child sexual exploitation."),
    ("northmark-police-juvenile", "Northmark Regional Police, Juvenile Unit", "law-enforcement",
     "regional", "police", "Juvenile officers for the northern region."),
    ("fenmouth-harbour-police", "Fenmouth Harbour Police Station", "law-enforcement", "local",
     "police", "First responders in the port area and the seasonal markets."),
    # --- judiciary ----------------------------------------------------------------------------
    ("ministry-justice", "Ministry of Justice", "judiciary", "national", "ministry",
     "Criminal and family law policy, legal aid, probation."),
    ("prosecutor-general", "Office of the Prosecutor General, Section for Trafficking and "
     "Child Victims", "judiciary", "national", "prosecution",
     "Specialised prosecutors; issues binding guidelines to regional offices."),
    ("legal-aid-council", "National Legal Aid Council", "judiciary", "national", "agency",
     "Assigns free lawyers, including to child victims and children in proceedings."),
    ("southfen-prosecutor", "Southfen Regional Prosecutor's Office", "judiciary", "regional",
     "prosecution", "Prosecutes most trafficking cases, given the port."),
    ("northmark-juvenile-court", "Juvenile Court of Northmark", "judiciary", "regional", "court",
     "Criminal cases against children and protection orders."),
    ("southfen-juvenile-court", "Juvenile Court of Southfen", "judiciary", "regional", "court",
     "Criminal cases against children and protection orders."),
    ("northport-district-court", "Northport District Court, Family Section", "judiciary", "local",
     "court", "Custody, guardianship and care orders."),
    # --- labour -------------------------------------------------------------------------------
    ("ministry-labour", "Ministry of Labour and Employment", "labour", "national", "ministry",
     "Labour law, child labour policy, the list of hazardous work."),
    ("labour-inspectorate", "State Labour Inspectorate", "labour", "national", "agency",
     "Inspects workplaces, including for child labour."),
    ("southfen-labour-office", "Southfen Regional Labour Inspection Office", "labour", "regional",
     "agency", "Covers the greenhouse and harvest belt of the south."),
    ("farmworkers-union-desk", "Southfen Farmworkers' Union, Child Labour Desk", "labour", "local",
     "ngo", "Union outreach to seasonal workers and their families."),
    # --- education ----------------------------------------------------------------------------
    ("ministry-education", "Ministry of Education", "education", "national", "ministry",
     "School policy, compulsory schooling to 16, curricula."),
    ("schools-inspectorate", "Schools Inspectorate", "education", "national", "agency",
     "Inspects schools, including attendance monitoring."),
    ("eastvale-education-directorate", "Eastvale Regional Education Directorate", "education",
     "regional", "agency", "Runs school transport and enrolment for rural Eastvale."),
    ("northport-attendance-office", "Northport School Attendance Office", "education", "local",
     "municipality", "Follows up on children missing school."),
    # --- health -------------------------------------------------------------------------------
    ("ministry-health", "Ministry of Health", "health", "national", "ministry",
     "Health policy and insurance rules, including for non-residents."),
    ("eastvale-health-authority", "Eastvale Regional Health Authority", "health", "regional",
     "agency", "Primary care and hospitals in Eastvale."),
    ("northport-child-advocacy-centre", "Northport Child Advocacy Centre", "health", "regional",
     "service", "Child-friendly forensic interviews and medical care under one roof."),
    ("fenmouth-adolescent-clinic", "Fenmouth Community Health Centre, Adolescent Clinic",
     "health", "local", "service", "Sexual and reproductive health, mental health first line."),
    # --- immigration --------------------------------------------------------------------------
    ("immigration-service", "Immigration and Naturalisation Service", "immigration", "national",
     "agency", "Residence permits, age assessment, returns."),
    ("asylum-reception", "Asylum Reception Agency", "immigration", "national", "agency",
     "Runs reception centres for asylum seekers, including a wing for unaccompanied children."),
    ("southfen-reception-centre", "Southfen Reception Centre", "immigration", "regional",
     "service", "Largest reception centre, 40 places for unaccompanied children."),
    ("fenmouth-detention-centre", "Fenmouth Port Immigration Holding Facility", "immigration",
     "regional", "service", "Short-term holding before return or transfer."),
    ("migrant-legal-clinic", "Holmstad Migrant Legal Clinic", "immigration", "local", "ngo",
     "Free legal advice for migrant children and families."),
    ("intl-migration-office", "International migration organisation, Veldmark country office",
     "immigration", "national", "international", "Assisted voluntary return and family tracing."),
    # --- social and economic policy -----------------------------------------------------------
    ("social-insurance-agency", "National Social Insurance and Benefits Agency",
     "social-economic", "national", "agency", "Child benefit, minimum income."),
    ("southfen-development-agency", "Southfen Regional Development Agency", "social-economic",
     "regional", "agency", "Rural development and seasonal labour programmes."),
    ("northport-benefits-office", "Northport Employment and Benefits Office", "social-economic",
     "local", "municipality", "Local minimum income and housing support."),
    ("street-outreach", "Northport Street Outreach Collective", "social-economic", "local",
     "ngo", "Street work with children and families living in informal settlements."),
    # --- finance and budget -------------------------------------------------------------------
    ("finance-budget-office", "Ministry of Finance, State Budget Office", "finance-budget",
     "national", "ministry", "Prepares the state budget and its programme lines."),
    ("audit-office", "National Audit Office", "finance-budget", "national", "agency",
     "Audits public spending, including social programmes."),
    ("northmark-finance-department", "Northmark Regional Finance Department", "finance-budget",
     "regional", "agency", "Allocates regional transfers to municipalities."),
    ("lindberg-budget-department", "Lindberg Municipal Budget Department", "finance-budget",
     "local", "municipality", "Municipal budget, including social services."),
    # --- governance ---------------------------------------------------------------------------
    ("ministry-defence", "Ministry of Defence", "governance", "national", "ministry",
     "Armed forces recruitment and cadet programmes."),
    ("ministry-foreign-affairs", "Ministry of Foreign Affairs", "governance", "national",
     "ministry", "International cooperation, consular protection, family tracing abroad."),
    ("ombudsperson-children", "Ombudsperson for Children", "governance", "national",
     "ombudsperson", "Independent monitoring and individual complaints."),
    ("nrm-coordination", "National Referral Mechanism Coordination Office", "governance",
     "national", "coordination-body", "Chairs the anti-trafficking coordination group and "
     "keeps the victims' database."),
    ("child-rights-council", "National Council for the Rights of the Child", "governance",
     "national", "coordination-body", "Inter-ministerial body monitoring the national child "
     "rights strategy."),
    ("statistics-office", "National Statistics Office", "governance", "national", "agency",
     "Official statistics, including justice and social statistics."),
    ("eastvale-children-committee", "Eastvale Regional Council, Children's Committee",
     "governance", "regional", "coordination-body", "Regional coordination of services for "
     "children."),
    ("northport-youth-council", "Northport Youth Council", "governance", "local", "municipality",
     "Elected council of young people aged 13-19 advising the city."),
)

ACTORS: tuple[Actor, ...] = tuple(
    Actor(key=k, name=n, sector=s, level=lv, type=t, description=d)
    for k, n, s, lv, t, d in _ROWS
)
ACTOR_KEYS: frozenset[str] = frozenset(a.key for a in ACTORS)


def actors_for(year: int) -> list[Actor]:
    """The actors of a cycle. The Child Advocacy Centre opened in 2021, so the 2019 cycle
    has no such actor; everything else existed in both cycles."""
    return [
        Actor(key=a.key, name=a.name, sector=a.sector, level=a.level, type=a.type,
              description=a.description)
        for a in ACTORS
        if year >= 2021 or a.key != "northport-child-advocacy-centre"
    ]
