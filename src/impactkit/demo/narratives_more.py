"""Narrative fragments for the medium and minor themes (see :mod:`impactkit.demo.narratives`)."""

from __future__ import annotations

from impactkit.demo.fragments import Fragments

MORE: dict[str, Fragments] = {
    "domestic-servitude": Fragments(
        "Forced labour and servitude are crimes under the Anti-Trafficking Act, and domestic "
        "work is on the hazardous work list for children under 18.",
        "Private households fall outside labour inspection.",
        "Police act on reports from neighbours and schools.",
        "No inspection body may enter private homes; the few cases known came from hospitals "
        "and none reached court.",
        "Children said a teacher was the first person to ask about their work at home.",
        "Girls placed with relatives to work in their homes described long days, no school "
        "and no one outside the household to talk to.",
    ),
    "forced-begging": Fragments(
        "Exploiting a child for begging is a criminal offence and the Child Protection Act "
        "treats a begging child as a child in need of protection.",
        "Municipal bylaws still fine begging, and the fine is applied to children and "
        "their families.",
        "Street outreach workers in Northport refer children to social services.",
        "Police remove children from the street and return them to the same adults; social "
        "services see begging as a family poverty matter.",
        "Children in contact with outreach workers said they trusted them.",
        "Children said fines fell on their families and that they went back to the same "
        "corners the next day.",
    ),
    "age-assessment": Fragments(
        "The Aliens Act requires the benefit of the doubt when age is disputed.",
        "Age is assessed by hand-wrist X-ray alone, with no multidisciplinary assessment "
        "and no appeal against the result.",
        "Some assessments include an interview with a social worker.",
        "The Immigration Service registers young people as adults on the X-ray result; "
        "those reassessed as adults lose their guardian and their place in the children's wing.",
        "Young people said the procedure was explained in their language.",
        "Young people said nobody explained the X-ray or how to challenge it.",
    ),
    "child-marriage": Fragments(
        "The minimum age of marriage is 18, with no exceptions since 2017.",
        "Religious and customary unions are not registered and fall outside the law.",
        "Registrars refuse to register marriages under 18.",
        "Customary unions of girls aged 14-16 in rural Eastvale are known to schools and "
        "health workers but rarely reported.",
        "Girls said they could talk about marriage pressure with a school counsellor.",
        "Girls said leaving school was expected once they were promised in marriage.",
    ),
    "health-services": Fragments(
        "Every insured child has free primary and specialised care, including mental health "
        "care.",
        "There is no clinical guideline for identifying exploitation in health settings.",
        "The children's hospital in Northport offers medical and psychological care to "
        "child victims in one place.",
        "Outside Northport, children wait five months or more for mental health care and "
        "health workers are not trained to recognise exploitation.",
        "Young people at the adolescent clinic said staff listened without judging.",
        "Young people said they avoided doctors who would tell their parents or the police.",
    ),
    "poverty-social": Fragments(
        "Child benefit is universal and the minimum income adds a supplement per child.",
        "The minimum income excludes households without a permanent address and is not "
        "indexed to prices.",
        "Benefits are paid on time and take-up of child benefit is high.",
        "Families in informal settlements cannot claim the minimum income; the real value "
        "of the per-child supplement fell by a fifth in five years.",
        "Children said free school meals made a difference.",
        "Children said they worked to help their families pay rent.",
    ),
    "child-friendly-justice": Fragments(
        "Criminal procedure allows a single recorded interview of a child victim and "
        "hearing by video link.",
        "A recorded interview is not admissible as evidence in chief, so children are heard "
        "again at trial.",
        "In Northport, child victims are interviewed once, in a dedicated room, under a "
        "child-friendly protocol.",
        "Outside Northport, child victims are interviewed at police stations, several times; "
        "trials last two years on average.",
        "Children interviewed in the dedicated room said it felt safe.",
        "Children said they met the accused in the court corridor.",
    ),
    "prevention": Fragments(
        "The national action plan funds prevention through schools and community "
        "programmes.",
        "Prevention measures target only trafficking for sexual exploitation; labour "
        "exploitation and begging are not covered.",
        "Schools in towns run awareness sessions each year.",
        "Awareness campaigns do not reach out-of-school children or rural areas; no campaign "
        "has been evaluated.",
        "Pupils said the sessions helped them recognise risky job offers.",
        "Children out of school said they had never heard of the helpline.",
    ),
    "budget": Fragments(
        "The state budget has separate programme lines for child protection services and for "
        "assistance to victims of trafficking.",
        "Neither line sets targets, and the victim-assistance line pays shelters per night "
        "without distinguishing children from adults.",
        "Allocations are spent in full each year.",
        "The child protection line has been flat in real terms for five years while caseloads "
        "rose by a third; municipal services are funded by a formula blind to need.",
    ),
    "data-monitoring": Fragments(
        "The National Statistics Office and the Coordination Office must publish annual "
        "data on victims, disaggregated by age and sex.",
        "No law obliges services other than the police to report data on child victims.",
        "The Ombudsperson for Children publishes an annual report with follow-up of "
        "recommendations.",
        "Police, prosecution and social services count victims differently; the national "
        "database holds only police-identified victims.",
    ),
    "participation": Fragments(
        "The Child Protection Act gives children the right to be heard in any decision "
        "affecting them, from age 12 without conditions.",
        "The Ombudsperson cannot receive complaints from children without a parent's consent.",
        "The Northport Youth Council is consulted on municipal plans.",
        "Children's views are rarely recorded in care decisions; no complaint mechanism "
        "exists in reception centres.",
        "Children on the youth council said their proposals were discussed.",
        "Children in care said decisions were taken about them at meetings they did not "
        "attend.",
    ),
    "birth-registration": Fragments(
        "Every birth must be registered within 30 days, free of charge.",
        "Late registration requires a court order and two adult witnesses with documents.",
        "Maternity wards register births before discharge.",
        "Children born at home in informal settlements often remain unregistered; the "
        "court procedure takes months.",
        "Young people said registration gave them access to school.",
        "Young people without papers said they could not enrol for vocational training.",
    ),
    "left-behind": Fragments(
        "Parents working abroad must appoint a caregiver, and social services must assess "
        "the arrangement.",
        "The assessment duty has no deadline and no follow-up.",
        "Schools in Eastvale keep a register of children whose parents work abroad.",
        "Social services are rarely told when parents leave; grandparents caring for "
        "children get no support.",
        "Children said teachers knew their situation and checked on them.",
        "Children said they looked after younger siblings alone for months.",
    ),
    "non-discrimination": Fragments(
        "The Child Protection Act and the national strategy forbid discrimination in access "
        "to services on any ground.",
        "The law lists grounds but gives no remedy when a service refuses a child.",
        "Services for minority children are provided in their language in Eastvale.",
        "Minority and disabled children are over-represented in residential care and "
        "under-represented among identified victims.",
        "Children said staff treated them the same as others.",
        "Children said they were told the service was not for children like them.",
    ),
    "armed-recruitment": Fragments(
        "The Defence Service Act sets 18 as the minimum age for any recruitment, and recruitment "
        "by armed groups is a crime.",
        "The law does not criminalise recruitment of children abroad by Veldmark nationals.",
        "", "",
        not_applicable="Veldmark has no armed conflict and no armed groups operate in its "
        "territory; there is no practice to assess.",
    ),
    "adoption": Fragments(
        "Adoption requires a court decision and the child's consent from age 12; improper "
        "inducement of consent is a crime.",
        "Private adoptions arranged abroad can be recognised without a best-interests check.",
        "", "",
        "Adopted young people consulted said they were heard by the court.",
        "Adopted young people said they had no access to information on their origins.",
        not_applicable="Veldmark suspended intercountry adoption in 2012; no cases occurred "
        "in the period.",
    ),
    "leisure": Fragments(
        "The Education Act guarantees access to play and leisure activities for all children "
        "in the care of the State.",
        "Reception rules say nothing about play or leisure.",
        "Residential homes organise sports and holidays.",
        "The reception centre has no play area and children may not leave it without an "
        "escort.",
        "Children said sports clubs welcomed them.",
        "Children in the reception centre said there was nothing to do all day.",
    ),
    "privacy": Fragments(
        "The law protects the identity of child victims in proceedings and bans their "
        "identification in the media.",
        "Court decisions are published with details that can identify child victims.",
        "Police files of child victims are kept apart.",
        "Local media named the school of a child victim in two recent cases; no sanction "
        "followed.",
    ),
}
