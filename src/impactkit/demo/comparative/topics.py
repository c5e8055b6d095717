"""What the comparative assessments looked at: one topic per family of findings, and the six
ways a child without identity documents is turned away.

The four comparative jurisdictions were assessed on the same, smaller set of topics than
Veldmark, so that their workspaces stay small (about 200 findings each) and compare like with
like. Narrative fragments are generic: they describe what an assessment team finds at a given
rating, without naming a jurisdiction, an institution or a child.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.demo.fragments import Fragments
from impactkit.demo.themes import AREAS, LAYERS

_LP: tuple[str, ...] = ("law-policy", "practice")


@dataclass(frozen=True, slots=True)
class Topic:
    """A scope for a family of findings: one finding per area and layer."""

    key: str
    title: str
    provisions: tuple[str, ...]
    sectors: tuple[str, ...]
    groups: tuple[str, ...]
    fragments: Fragments
    forms: tuple[str, ...] = ()
    areas: tuple[str, ...] = AREAS
    layers: tuple[str, ...] = LAYERS


@dataclass(frozen=True, slots=True)
class DocumentBarrier:
    """One way a child without identity documents is left out: the inclusion findings (one per
    layer) tagged with the exclusion criterion ``documents``."""

    key: str
    title: str
    provision: str
    sector: str
    group: str
    barrier: str


TOPICS: tuple[Topic, ...] = (
    Topic("birth-registration", "Birth registration and legal identity", ("CRC-7", "CRC-8"),
          ("governance", "health"), ("stateless", "ethnic-minority", "rural"), Fragments(
              law_hi="The civil registration law provides for free, universal registration at "
                     "birth, late registration included.",
              law_lo="Registration is free only in the first month; late registration needs a "
                     "court order and fees.",
              practice_hi="Registrars are posted in maternity wards and visit villages; almost "
                          "every birth is recorded within weeks.",
              practice_lo="Few registrars work outside the towns, home births go unrecorded and "
                          "families are asked for informal fees.",
              child_hi="Adolescents consulted had their papers and knew how to replace them.",
              child_lo="Adolescents consulted without a birth certificate could not sit exams or "
                       "obtain an identity card."),
          areas=("inclusion", "compliance", "effectiveness", "coherence")),
    Topic("child-labour", "Child labour in farming, mining and markets",
          ("CRC-32", "ILO138-2", "ILO182-3"), ("labour", "social-economic"),
          ("working", "rural", "out-of-school"), Fragments(
              law_hi="The labour code sets a minimum age of 15, lists hazardous work and "
                     "punishes its use.",
              law_lo="The minimum age is below the end of compulsory schooling and family work "
                     "is exempt.",
              practice_hi="Labour inspectors check farms and markets for child labour and refer "
                          "the children they find.",
              practice_lo="Labour inspectors rarely leave the towns; no farm or mine was inspected "
                          "for child labour in the period.",
              child_hi="Working children consulted knew where to turn and had been helped back "
                       "to school.",
              child_lo="Working children consulted had never met an inspector or a social "
                       "worker."),
          forms=("labour-exploitation",)),
    Topic("trafficking", "Identification and protection of child victims of trafficking",
          ("CRC-35", "PALERMO-6", "OPSC-3"), ("law-enforcement", "child-protection"),
          ("trafficking-victims", "girls", "boys"), Fragments(
              law_hi="Trafficking in children is an offence without proof of means, and child "
                     "victims are entitled to assistance.",
              law_lo="The law requires proof of force or deception even for children.",
              practice_hi="Police, labour inspectors and social workers screen for trafficking "
                          "and refer children the same day.",
              practice_lo="Identification is left to one police unit and few children are "
                          "recognised as victims.",
              child_hi="Children who had been exploited said they were believed and kept safe.",
              child_lo="Children who had been exploited described being questioned as offenders "
                       "before anyone helped them."),
          forms=("sexual-exploitation", "labour-exploitation")),
    Topic("violence", "Violence against children at home and in institutions",
          ("CRC-19", "CRC-39"), ("child-protection", "judiciary"), ("girls", "boys", "disability"),
          Fragments(
              law_hi="All corporal punishment is prohibited, in every setting.",
              law_lo="Corporal punishment at home is still lawful as 'reasonable chastisement'.",
              practice_hi="Reports are investigated within days and children receive counselling "
                          "and follow-up.",
              practice_lo="Reports wait weeks for a visit and few lead to protection measures.",
              child_hi="Children consulted knew the helpline and had seen it work.",
              child_lo="Children consulted did not think telling an adult would change "
                       "anything.")),
    Topic("child-marriage", "Child marriage", ("CRC-1", "CRC-19", "CRC-24"),
          ("judiciary", "child-protection", "health"), ("girls", "rural"), Fragments(
              law_hi="The minimum age of marriage is 18 without exception.",
              law_lo="Girls may marry at 16 with a parent's consent or a judge's leave.",
              practice_hi="Registrars refuse underage marriages and customary unions are "
                          "followed up by social workers.",
              practice_lo="Customary unions are neither registered nor followed up.",
              child_hi="Girls consulted knew the law and where to seek help.",
              child_lo="Girls consulted described marriages arranged in their early teens."),
          forms=("child-marriage",),
          areas=("inclusion", "compliance", "appropriateness", "effectiveness")),
    Topic("schooling", "Access to and completion of school", ("CRC-28", "CRC-29"),
          ("education", "social-economic"), ("out-of-school", "girls", "rural", "disability"),
          Fragments(
              law_hi="Schooling is free and compulsory to 16, and schools must follow up "
                     "absences.",
              law_lo="Schooling is compulsory only to 14 and schools may charge fees.",
              practice_hi="Absences are followed up within a week and drop-outs are brought "
                          "back.",
              practice_lo="Nobody follows up absences and many children leave before lower "
                          "secondary ends.",
              child_hi="Pupils consulted said their school noticed when a classmate stopped "
                       "coming.",
              child_lo="Pupils consulted said nobody asked why classmates stopped coming.")),
    Topic("health", "Health care for children and adolescents", ("CRC-24", "CRC-6"),
          ("health",), ("disability", "girls", "poverty"), Fragments(
              law_hi="Health care is free for every child, and adolescents may consult alone.",
              law_lo="Care is free only for infants; older children pay a share.",
              practice_hi="Clinics reach rural areas and adolescents use youth-friendly "
                          "services.",
              practice_lo="Clinics are far, short of staff and medicines.",
              child_hi="Adolescents consulted said clinics treated them with respect.",
              child_lo="Adolescents consulted avoided clinics for cost and fear of being "
                       "reported.")),
    Topic("social-protection", "Child poverty and family benefits", ("CRC-26", "CRC-27"),
          ("social-economic", "finance-budget"), ("poverty", "rural", "left-behind"), Fragments(
              law_hi="A universal child benefit is set in law and indexed to prices.",
              law_lo="Benefits are means-tested, discretionary and not indexed.",
              practice_hi="Most eligible families receive the benefit on time.",
              practice_lo="Few eligible families receive anything and payments are late.",
              child_hi="Children consulted said the benefit kept them in school.",
              child_lo="Children consulted said they worked to help their families."),
          areas=("inclusion", "appropriateness", "effectiveness", "coherence")),
    Topic("alternative-care", "Alternative care", ("CRC-20", "CRC-25"),
          ("child-protection", "judiciary"), ("alternative-care", "disability"), Fragments(
              law_hi="Family-based care comes first and every placement is reviewed every six "
                     "months.",
              law_lo="The law still relies on large residential institutions.",
              practice_hi="Most children in care live with families and reviews take place.",
              practice_lo="Most children in care live in institutions and reviews are rare.",
              child_hi="Children in care consulted said they were heard in their reviews.",
              child_lo="Children in care consulted did not know why or for how long they were "
                       "placed.")),
    Topic("juvenile-justice", "Children in conflict with the law and pre-trial detention",
          ("CRC-37", "CRC-40"), ("judiciary", "law-enforcement"),
          ("in-conflict-with-law", "deprived-of-liberty", "boys"), Fragments(
              law_hi="Pre-trial detention of children is a last resort, limited to 30 days, and "
                     "diversion is the rule.",
              law_lo="Children may be held before trial as long as adults.",
              practice_hi="Children are diverted or released within days; few are held.",
              practice_lo="Children wait months in police cells and adult remand prisons.",
              child_hi="Children consulted had a lawyer from the first interview.",
              child_lo="Children consulted had waited months without seeing a lawyer or a "
                       "judge.")),
    Topic("migrant-children", "Unaccompanied and asylum-seeking children", ("CRC-22", "CRC-10"),
          ("immigration", "child-protection"), ("unaccompanied", "asylum-seeking", "refugee"),
          Fragments(
              law_hi="The reception law requires child-specific reception and a guardian within "
                     "days.",
              law_lo="Children are received under the rules for adults.",
              practice_hi="Unaccompanied children are placed in child-specific care and have a "
                          "guardian within a week.",
              practice_lo="Unaccompanied children stay for months in adult reception centres "
                          "without a guardian.",
              child_hi="Children consulted knew their guardian and their rights.",
              child_lo="Children consulted did not know who was responsible for them.")),
    Topic("participation", "Children's participation and complaints", ("CRC-12", "CRC-13"),
          ("governance", "child-protection"), ("girls", "boys"), Fragments(
              law_hi="Children have a right to be heard in every proceeding and to complain to "
                     "an ombudsperson.",
              law_lo="No complaint mechanism is open to children.",
              practice_hi="Children are heard in proceedings and their complaints are answered.",
              practice_lo="Children are rarely heard and complaints go unanswered.",
              child_hi="Children consulted said adults took their views into account.",
              child_lo="Children consulted said nobody asked for their views."),
          areas=("inclusion", "compliance", "appropriateness")),
    Topic("online-exploitation", "Online sexual exploitation", ("CRC-34", "CRC-17"),
          ("law-enforcement", "education"), ("girls", "boys"), Fragments(
              law_hi="Grooming and live-streamed abuse are offences and platforms must report.",
              law_lo="The law predates the internet and misses grooming.",
              practice_hi="A specialised unit investigates reports and schools teach online "
                          "safety.",
              practice_lo="Reports are not investigated and schools teach nothing on online "
                          "safety.",
              child_hi="Adolescents consulted knew how to report abuse online.",
              child_lo="Adolescents consulted did not know where to report abuse online."),
          forms=("online-sexual-exploitation",),
          areas=("compliance", "appropriateness", "effectiveness")),
    Topic("general-measures", "Budget, data and coordination for children", ("CRC-4",),
          ("governance", "finance-budget"), (), Fragments(
              law_hi="A national strategy for children has a budget line and a coordinating "
                     "body.",
              law_lo="No strategy or budget line for children exists.",
              practice_hi="Spending on children is tracked and reported each year.",
              practice_lo="Nobody knows what is spent on children."),
          areas=("compliance", "effectiveness", "coherence"), layers=_LP),
)

DOCUMENT_BARRIERS: tuple[DocumentBarrier, ...] = (
    DocumentBarrier("identity-card", "Identity cards for children without a birth certificate",
                    "CRC-8", "governance", "stateless",
                    "An identity card is issued only on a birth certificate, so children never "
                    "registered at birth cannot sit exams, open an account or work legally."),
    DocumentBarrier("school-enrolment", "School enrolment without papers", "CRC-28",
                    "education", "undocumented",
                    "Schools enrol only children with a birth certificate or a residence permit "
                    "and turn the others away at the gate."),
    DocumentBarrier("health-card", "Health care without a health card", "CRC-24", "health",
                    "undocumented",
                    "Free care needs a health card, and the card needs an identity number."),
    DocumentBarrier("family-benefit", "Family benefits without a civil record", "CRC-26",
                    "social-economic", "ethnic-minority",
                    "Benefits are paid only for children entered in the civil register, which "
                    "excludes many minority families."),
    DocumentBarrier("shelter", "Shelter for children without identity papers", "CRC-20",
                    "child-protection", "street-connected",
                    "Shelters admit children on an identity document only, so children living "
                    "on the street are sent away."),
    DocumentBarrier("victim-assistance", "Victim assistance without identity papers", "CRC-39",
                    "child-protection", "trafficking-victims",
                    "Assistance for victims starts once their identity is established, which "
                    "can take months for a child without papers."),
)
