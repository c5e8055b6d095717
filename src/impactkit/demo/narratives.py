"""Hand-written narrative fragments, one per theme, layer and rating band.

A finding's narrative is an area frame (:mod:`impactkit.demo.frames`) followed by the fragment
for its theme, layer and band: ``hi`` for ratings 3-4, ``lo`` for 0-1, and both for a 2 (a
partial rating is a strength with a gap). Written as an assessment team writes: short,
specific, about the system; never about an identifiable child.
"""

from __future__ import annotations

from impactkit.demo.fragments import Fragments
from impactkit.demo.narratives_more import MORE

FRAGMENTS: dict[str, Fragments] = {
    "child-labour": Fragments(
        "The Labour Code sets the minimum age at 15, allows light work from 13 within set "
        "hours and bans hazardous work under 18; the 2020 hazardous work list covers pesticide "
        "handling and night work in greenhouses.",
        "The Labour Code exempts work in family businesses and on family farms from the "
        "minimum-age rules, which is where most working children are found.",
        "Inspections on commercial farms include an age check of seasonal workers.",
        "The Labour Inspectorate has no mandate to enter family farms and carried out no "
        "child-labour inspection in the harvest season; schools record harvest absences as "
        "excused.",
        "Children consulted said school and light weekend work could be combined.",
        "Children in the southern greenhouse belt described working before school and missing "
        "weeks at harvest time; none knew whom they could tell.",
        law_2019="The Labour Code sets the minimum age at 15 and bans hazardous work under 18, "
        "but the hazardous work list dates from 2008 and omits greenhouse work.",
    ),
    "trafficking-identification": Fragments(
        "The Anti-Trafficking Act defines child trafficking without requiring means, and the "
        "2021 amendment adds a presumption of minority when age is uncertain.",
        "Identification is tied to the opening of a criminal investigation: a child is formally "
        "a victim only once the police open a case.",
        "Specialised police investigators apply the identification indicators in port "
        "inspections.",
        "Frontline staff outside the Anti-Trafficking Unit do not use the indicators; most "
        "children in exploitative situations are recorded as runaways or offenders.",
        "Children who had been identified said a social worker explained what would happen.",
        "Children said they were questioned about their travel and documents, not about who "
        "controlled them or their earnings.",
        law_2019="The Anti-Trafficking Act defines child trafficking without requiring means; "
        "it has no presumption of minority when age is uncertain.",
    ),
    "guardianship": Fragments(
        "The 2022 Guardianship Act requires a guardian within 72 hours for every unaccompanied "
        "child, whatever the residence status.",
        "The Act sets no maximum caseload for guardians and leaves their training to the "
        "Guardianship Authority's discretion.",
        "Guardians are appointed for most children placed in the reception centre's "
        "children's wing.",
        "Each professional guardian holds 60 to 90 cases; appointments take three to six weeks "
        "and guardians rarely meet the child before the asylum interview.",
        "Children with a guardian said they knew whom to call.",
        "Children did not know who their guardian was, or met them once, at the interview.",
        law_2019="The 2016 Regulation appoints guardians only once an asylum claim is lodged, "
        "so children who do not claim asylum have no legal representative.",
        law_excluded="The Guardianship Act covers every unaccompanied child, but the Aliens "
        "Act still ties a place in the children's wing to an asylum claim, and a young person "
        "whose age is disputed is treated as an adult until the X-ray result.",
        practice_excluded="Unaccompanied children who do not claim asylum, or whose age is "
        "disputed, are the last to get a guardian, if they get one at all.",
    ),
    "undocumented-access": Fragments(
        "The Health Care Act gives every child emergency care, and the Education Act makes "
        "school compulsory for all children living in the country.",
        "School enrolment requires a registered address and non-emergency care requires "
        "insurance tied to residence status, so undocumented children fall outside both.",
        "Some schools in Northport enrol children on a sworn statement of address.",
        "Clinics refer undocumented children to emergency departments or ask for payment; "
        "schools ask for a residence card at enrolment.",
        "Children enrolled through a school's own initiative said teachers helped them.",
        "Children said their parents avoided clinics and schools for fear of being reported to "
        "the immigration service.",
    ),
    "sexual-exploitation": Fragments(
        "The Criminal Code punishes the purchase of sexual services from a child under 18 "
        "without proof of the buyer's knowledge of age.",
        "Children aged 16-17 in prostitution can still be fined under municipal public order "
        "bylaws.",
        "Specialised prosecutors handle cases involving children and seek aggravated "
        "sentences.",
        "Few cases reach court: investigations rely on the child's testimony and are closed "
        "when the child withdraws it.",
        "Children supported by the shelter said they felt believed.",
        "Children said they were treated as troublemakers by the first officers they met.",
    ),
    "online-exploitation": Fragments(
        "Grooming and the production or viewing of sexual images of children are criminal "
        "offences, and internet providers must report abuse material.",
        "There is no legal basis for the police to use undercover profiles, which limits "
        "investigations of grooming.",
        "The Cybercrime Centre's child protection desk processes industry referrals within "
        "30 days.",
        "The desk has four investigators for the whole country and a backlog of over a year; "
        "schools have no protocol when a pupil discloses online abuse.",
        "Pupils said online safety lessons were useful and knew the helpline's chat.",
        "Teenagers said adults did not understand what happens online and that reporting led "
        "to their phones being taken away.",
    ),
    "recovery": Fragments(
        "The Child Protection Act promises recovery and reintegration support to child "
        "victims of any crime.",
        "Section 31 of the Child Protection Act names no responsible body and no budget for "
        "recovery; assistance under the Anti-Trafficking Act ends with the criminal case.",
        "Lantern House offers psychological support and schooling during the stay.",
        "No service is responsible after a child leaves the shelter; mental health care has "
        "waiting lists of five months or more and no follow-up is recorded.",
        "Children at the shelter said staff helped them go back to school.",
        "Young people who had left the shelter said support stopped overnight when they turned "
        "18 or when the case closed.",
    ),
    "juvenile-justice": Fragments(
        "The Juvenile Justice Act sets the age of criminal responsibility at 14 and makes "
        "detention a last resort.",
        "Pre-trial detention can last up to one year for children charged with serious "
        "offences.",
        "Juvenile courts use diversion and community measures for most first offences.",
        "Children are held in police cells with adults overnight in Fenmouth; pre-trial "
        "detention averages four months.",
        "Children who went through diversion said the process was explained.",
        "Children in detention said they saw their lawyer only at the hearing.",
    ),
    "forced-criminality": Fragments(
        "The 2021 amendment introduces non-punishment of child victims for offences they were "
        "compelled to commit.",
        "The non-punishment clause covers only children formally identified as trafficking "
        "victims, which in practice requires a police case.",
        "Prosecutors' guidelines tell them to check for exploitation before charging a child "
        "for cannabis cultivation or theft.",
        "Children found in cannabis cultivation and organised shoplifting are charged as "
        "offenders; no agency is tasked to identify forced criminality and non-punishment is "
        "never considered.",
        "Children said a lawyer argued they had been forced.",
        "Children said they were told they were criminals and that cooperating would only make "
        "things worse.",
        law_2019="No provision protects child victims from prosecution for offences they were "
        "compelled to commit under exploitation.",
    ),
    "immigration-detention": Fragments(
        "The Aliens Act bars holding unaccompanied children and requires a best-interests "
        "assessment before any return.",
        "The Aliens Act allows families with children to be held for up to 28 days and makes "
        "no best-interests assessment before a return decision.",
        "Unaccompanied children are no longer held at the port facility.",
        "Families with children were held at the Fenmouth facility for an average of 11 days; "
        "return decisions do not refer to the child's interests.",
        "Children said they could call a lawyer from the facility.",
        "Children described the holding facility as a prison and did not know why they were "
        "there.",
    ),
    "education-dropout": Fragments(
        "Schooling is compulsory from 6 to 16 and free, and the law requires schools to report "
        "unexplained absence after 10 days.",
        "The Education Act sets no duty to follow up children who never enrolled.",
        "Attendance offices in towns follow up unexplained absence within two weeks.",
        "Rural schools in Eastvale report absence late or not at all; drop-out among children "
        "of the minority community is three times the average.",
        "Children said teachers noticed when they missed school.",
        "Children who had left school said nobody contacted them afterwards.",
    ),
    "alternative-care": Fragments(
        "The Child Protection Act requires an individual care plan and a reporting procedure "
        "when a child goes missing from care.",
        "The missing-child procedure applies only after 24 hours' absence and sets no "
        "return interview.",
        "Residential homes report missing children to the police the same day.",
        "Children who repeatedly go missing are not assessed for exploitation; no return "
        "interviews are held and care plans are not updated.",
        "Children in care said they had a say in their placement.",
        "Children in residential care said people outside the home offered them money, "
        "phones and places to stay.",
    ),
    "referral-nrm": Fragments(
        "The National Referral Mechanism Protocol sets roles, timelines and a child-specific "
        "pathway, and the Anti-Trafficking Act gives it a legal basis.",
        "The protocol binds only the police and the Coordination Office; social services, "
        "health and schools are invited, not obliged, to refer.",
        "Referrals from the police reach the Coordination Office within 48 hours.",
        "Referrals from NGOs and social services are not recorded in the national database; "
        "there is no feedback to the referring body.",
        "Children supported through the mechanism said they were told their rights.",
        "Children said they had to tell their story to five or six different officials.",
    ),
    **MORE,
}
