"""Hand-written findings that carry the demo's planted patterns in the team's own words.

The theme generator already keeps the patterns (it obeys :func:`~impactkit.demo.patterns.
rating_band`); these anchors make sure each pattern rests on validated, evidenced findings
with a specific narrative, whatever the seed. ``rating_2019`` is the rating in the earlier
cycle; ``{prev}`` in a narrative is the year before the cycle's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Anchor:
    key: str
    area: str
    layer: str
    provisions: tuple[str, ...]
    sectors: tuple[str, ...]
    rating: int
    title: str
    narrative: str
    evidence: tuple[str, ...]
    rating_2019: int | None = None
    groups: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    exclusion_criteria: tuple[str, ...] = ()
    tension_sectors: tuple[str, ...] = ()
    tension_instruments: tuple[str, ...] = ()

    def rating_in(self, year: int) -> int:
        return self.rating_2019 if year < 2020 and self.rating_2019 is not None else self.rating


_DESK = ("desk-review", "validation-workshop")
_FIELD = ("key-informant-interview", "statistics", "case-file-review")

ANCHORS: tuple[Anchor, ...] = (
    # (a) law-practice gap: CRC-32 / ILO182-3 and CRC-35 -------------------------------------
    Anchor("gap-labour-code-standards", "compliance", "law-policy",
           ("CRC-32", "ILO138-2", "ILO182-3"), ("labour",), 4,
           "Labour Code meets the ILO minimum-age and worst-forms standards",
           "The Labour Code sets the minimum age at 15, in line with the end of compulsory "
           "schooling, and prohibits all worst forms of child labour listed in ILO 182, "
           "article 3. Penalties are dissuasive on paper.", _DESK, rating_2019=3),
    Anchor("gap-no-inspection-family-farms", "effectiveness", "practice",
           ("CRC-32", "ILO182-3"), ("labour",), 0,
           "No child-labour inspections on farms in the harvest season",
           "The Labour Inspectorate carried out no inspection targeting child labour in "
           "{prev}; its 41 inspectors cover every workplace in the country and may not enter "
           "family farms. The Southfen office reported no child found at work.", _FIELD,
           groups=("working", "rural"), forms=("labour-exploitation",)),
    Anchor("gap-harvest-absence-excused", "compliance", "practice",
           ("CRC-32", "ILO138-7"), ("education",), 1,
           "Schools excuse harvest absences instead of reporting them",
           "Schools in the southern greenhouse belt record absences of up to six weeks at "
           "harvest time as excused family leave, so the attendance rules that should bring "
           "working children to light never trigger.", _FIELD, groups=("working",)),
    Anchor("gap-labour-education-no-exchange", "effectiveness", "practice",
           ("CRC-32", "ILO138-7"), ("labour", "education"), 1,
           "Labour inspectors and schools share nothing on working children",
           "Neither the Labour Inspectorate nor the Schools Inspectorate knows what the other "
           "sees: no protocol, no data exchange, no joint visit, although both are tasked to "
           "check that work does not harm schooling.", ("key-informant-interview",
                                                         "validation-workshop")),
    Anchor("gap-trafficking-law-definition", "compliance", "law-policy",
           ("CRC-35", "PALERMO-3", "CETS197-10"), ("law-enforcement",), 4,
           "Child trafficking offence and identification duty meet the standard",
           "The Anti-Trafficking Act defines child trafficking without the means element and "
           "obliges the authorities to identify victims; it matches the Palermo Protocol and "
           "CETS 197.", _DESK, rating_2019=3),
    Anchor("gap-identification-one-unit", "effectiveness", "practice",
           ("CRC-35", "CETS197-10"), ("law-enforcement", "child-protection"), 0,
           "Almost no child victims identified outside one police unit",
           "Nine children were identified as victims of trafficking in {prev}, all by the "
           "National Police Anti-Trafficking Unit; social services, labour inspectors and "
           "the border police identified none. NGOs supported over sixty children they "
           "considered victims in the same year.", _FIELD, groups=("trafficking-victims",),
           forms=("sexual-exploitation", "labour-exploitation", "forced-begging")),
    Anchor("gap-identification-runaways", "compliance", "practice",
           ("CRC-35",), ("child-protection", "law-enforcement"), 1,
           "Exploited children recorded as runaways or offenders",
           "Case files show children found in exploitative situations recorded as runaways, "
           "petty offenders or irregular migrants; the identification indicators were used "
           "in none of the files reviewed outside the specialised unit.",
           ("case-file-review", "key-informant-interview")),
    # (b) excluded groups: undocumented and unaccompanied children ---------------------------
    Anchor("excl-undocumented-health-law", "inclusion", "law-policy",
           ("CRC-2", "CRC-24"), ("health", "immigration"), 1,
           "Health care for undocumented children limited to emergencies",
           "The Health Care Act ties non-emergency care to insurance, and insurance to a "
           "residence permit. Undocumented children are entitled to emergency care only.",
           _DESK, groups=("undocumented",), exclusion_criteria=("documents", "status")),
    Anchor("excl-undocumented-school-enrolment", "inclusion", "practice",
           ("CRC-2", "CRC-28"), ("education",), 0,
           "Schools turn away children without a residence card",
           "Most schools visited ask for a residence card or a registered address at "
           "enrolment; children of undocumented families and of foreign nationality without "
           "a permit are told to come back with papers.",
           ("key-informant-interview", "ngo-report"), groups=("undocumented",),
           exclusion_criteria=("documents", "nationality")),
    Anchor("excl-unaccompanied-no-claim", "inclusion", "practice",
           ("CRC-20", "CRC-22"), ("child-protection", "immigration"), 1,
           "Unaccompanied children who do not claim asylum fall outside care",
           "Unaccompanied children who do not lodge an asylum claim are not placed in the "
           "reception centre's children's wing and wait weeks for a guardian; several were "
           "found later in exploitative work.", _FIELD, groups=("unaccompanied",),
           exclusion_criteria=("status", "documents")),
    Anchor("excl-age-disputed", "inclusion", "practice",
           ("CRC-1", "CRC-3", "CRC-22"), ("immigration",), 0,
           "Young people assessed as adults lose all child protection",
           "When a wrist X-ray puts a young person at 18 or over, the Immigration Service "
           "records them as an adult the same day: guardian, children's wing and school place "
           "end, without appeal.", ("case-file-review", "key-informant-interview"),
           groups=("unaccompanied",), exclusion_criteria=("age", "documents")),
    Anchor("excl-children-fear-services", "inclusion", "child-perspective",
           ("CRC-2", "CRC-24", "CRC-28"), ("health", "education"), 0,
           "Undocumented and unaccompanied children avoid services for fear of being reported",
           "Children without papers said they and their families stay away from clinics and "
           "schools because they believe staff report them to the immigration service; "
           "unaccompanied children said they were asked for documents they could not have.",
           ("child-consultation", "ngo-report"), groups=("undocumented", "unaccompanied"),
           exclusion_criteria=("documents", "status", "nationality")),
    # (c) uncovered: CRC-39 and forced criminality ---------------------------------------------
    Anchor("uncov-recovery-law-no-body", "compliance", "law-policy", ("CRC-39",),
           ("child-protection",), 2,
           "Recovery and reintegration promised by law, entrusted to no one",
           "Section 31 of the Child Protection Act gives child victims a right to recovery and "
           "reintegration, but names no responsible body, no procedure and no budget.", _DESK),
    Anchor("uncov-recovery-after-shelter", "effectiveness", "practice", ("CRC-39",),
           ("child-protection", "health"), 0,
           "Nobody follows child victims after they leave the shelter",
           "Once a child leaves Lantern House or the criminal case closes, no service is "
           "responsible for recovery; no follow-up was recorded for any child who left the "
           "shelter in {prev}.", _FIELD, groups=("trafficking-victims",)),
    Anchor("uncov-forced-criminality-no-agency", "appropriateness", "practice",
           ("CRC-40", "CETS197-26"), ("law-enforcement", "judiciary"), 0,
           "No agency looks for exploitation behind children's offences",
           "No body is tasked to identify children exploited in cannabis cultivation, "
           "shoplifting or drug running; they are processed as offenders and the "
           "non-punishment principle is not considered.", _FIELD,
           groups=("in-conflict-with-law",), forms=("forced-criminality",)),
    # (d) immigration versus child protection ------------------------------------------------
    Anchor("conflict-immigration-overrides-guardians", "coherence", "practice",
           ("CRC-3", "CRC-20", "CRC-22"), ("immigration", "child-protection"), 0,
           "Immigration decisions override guardians and social services",
           "The Immigration Service decides where unaccompanied children stay, whether they "
           "are children and whether they are returned, without hearing the guardian; the "
           "Guardianship Authority has complained formally twice, with no response.", _FIELD,
           groups=("unaccompanied",), tension_sectors=("immigration", "child-protection")),
    Anchor("conflict-aliens-act-vs-child-protection", "coherence", "law-policy",
           ("CRC-3", "CRC-22", "CRC-37"), ("immigration", "child-protection"), 1,
           "Aliens Act and Child Protection Act pull in opposite directions",
           "The Aliens Act puts residence control first and allows holding families with "
           "children; the Child Protection Act makes the child's best interests paramount. No "
           "rule says which prevails.", _DESK, rating_2019=0,
           tension_sectors=("immigration", "child-protection"),
           tension_instruments=("aliens-act", "child-protection-act")),
    Anchor("conflict-children-caught-between", "coherence", "child-perspective",
           ("CRC-3", "CRC-10"), ("immigration", "child-protection"), 1,
           "Children caught between immigration and child protection",
           "Unaccompanied and asylum-seeking children said the social worker, the guardian "
           "and the immigration officer told them different things about their future, and "
           "that the immigration officer's word counted.", ("child-consultation",
                                                           "validation-workshop"),
           groups=("unaccompanied", "asylum-seeking"),
           tension_sectors=("immigration", "child-protection")),
)
