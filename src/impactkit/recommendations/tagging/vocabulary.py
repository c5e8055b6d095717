"""The curated cue vocabulary: the wording by which recommendations name what they are about.

Written from the catalogue's titles and descriptions and from the usual wording of treaty-body
and UPR recommendations, never from a labelled data set, so that evaluation on such a set stays
honest. A cue is a regular expression (matched case-insensitively, on word boundaries) and the
probability that its presence alone makes the tag right; several cues combine by noisy-or.

Tags are written as tag strings (``provision:CRC-32``, ``child-rights``), as users write them.
"""

from __future__ import annotations

Cue = tuple[str, float]

MINOR = (r"minors|minor(?! (?:offen[cs]es?|crimes?|infractions?|amendments?|changes?|role"
         r"|cases?|importance|extent)\b)")
"""A minor, not a minor offence: the adjective is no child."""

CURATED_CUES: dict[str, list[Cue]] = {
    # -- summary tags --------------------------------------------------------------------------
    "child-rights": [
        (r"child(?:ren)?'?s?", 0.85),
        (r"childhood", 0.8),
        (r"(?:boys|girls) and (?:girls|boys)", 0.9),
        (r"girls?", 0.7),
        (r"boys?", 0.7),
        (r"juveniles?", 0.9),
        (MINOR, 0.8),
        (r"adolescen(?:ts?|ce)", 0.9),
        (r"infants?|newborns?|babies", 0.9),
        (r"youth|young (?:people|persons)", 0.6),
        (r"pupils?|schoolchildren|pre-?school|kindergartens?", 0.75),
        (r"(?:age|years) of 18|under(?:-| the age of )18|under eighteen", 0.85),
        (r"minimum age", 0.8),
        (r"(?:early|forced|child) marriages?", 0.85),
        (r"rights of the child|convention on the rights of the child|ombudsman for children",
         0.95),
        (r"birth registration|unaccompanied|orphans?|foster care|guardianship", 0.7),
        (r"corporal punishment", 0.9),
    ],
    "trafficking": [
        (r"traffick\w*", 0.95),
        (r"slavery|enslave\w*|servitude", 0.9),
        (r"forced labou?r|bonded labou?r|debt bondage", 0.9),
        # not child labour nor economic exploitation (CRC Art. 32, ILO C138 and C182):
        # a specialist files them under trafficking only when trafficking is named
        (r"(?:sexual|labou?r|commercial sexual|child) exploitation", 0.75),
        (r"exploitation of (?:children|women|persons|migrants|workers)", 0.75),
        (r"sale of (?:children|persons|human beings)", 0.9),
        (r"child prostitution|prostitution of (?:children|others)", 0.8),
        (r"forced (?:begging|criminality)", 0.85),
        (r"palermo protocol|protocol to prevent, suppress and punish", 0.95),
        (r"smuggling of migrants", 0.5),
    ],
    # -- forms of exploitation -----------------------------------------------------------------
    "form:sexual-exploitation": [
        (r"sexual exploitation|commercial sexual", 0.9),
        (r"prostitution", 0.8),
        (r"trafficking for (?:the purposes? of )?sex\w*|sex trafficking", 0.85),
    ],
    "form:online-sexual-exploitation": [
        (r"online|internet|cyber\w*|digital|grooming", 0.4),
        (r"child sexual abuse material|child pornography|abuse images", 0.95),
    ],
    "form:labour-exploitation": [
        (r"child labou?r|worst forms of child labou?r", 0.9),
        (r"forced labou?r|labou?r exploitation|labou?r trafficking|debt bondage", 0.9),
        (r"hazardous (?:work|labou?r)", 0.85),
    ],
    "form:domestic-servitude": [(r"domestic servitude|domestic (?:work|workers)", 0.7)],
    "form:forced-begging": [(r"forced begging|begging", 0.8)],
    "form:forced-criminality": [(r"forced criminality|forced to commit (?:crimes|offences)", 0.9)],
    "form:child-marriage": [
        (r"(?:early|forced|child) marriages?", 0.9),
        (r"(?:minimum )?age (?:of|for) marriage|marriage (?:under|below) the age", 0.85),
    ],
    "form:illegal-adoption": [(r"illegal adoptions?|intercountry adoptions?", 0.8)],
    "form:organ-removal": [(r"removal of organs|organ (?:removal|trafficking|harvesting)", 0.9)],
    "form:armed-recruitment": [
        (r"child soldiers?|recruit\w* (?:of )?children|armed (?:forces|groups|conflict)", 0.8),
        (r"optional protocol .{0,40}armed conflict", 0.9),
    ],
    "form:sale-of-children": [
        (r"sale of children", 0.95),
        (r"optional protocol .{0,60}sale of children", 0.95),
    ],
    # -- child groups --------------------------------------------------------------------------
    "group:unaccompanied": [(r"unaccompanied", 0.9)],
    "group:separated": [
        (r"separated children|separated from (?:their )?(?:parents|families)", 0.85)],
    "group:asylum-seeking": [(r"asylum[- ]seek\w*|asylum", 0.5)],
    "group:refugee": [(r"refugees?", 0.6)],
    "group:undocumented": [(r"undocumented|without (?:identity )?documents", 0.8)],
    "group:stateless": [(r"stateless\w*|erased", 0.8)],
    "group:ethnic-minority": [(r"roma|sinti|minorit(?:y|ies)|ethnic", 0.6)],
    "group:disability": [(r"disabilit(?:y|ies)|disabled", 0.7)],
    "group:alternative-care": [
        (r"alternative care|foster|institutionali[sz]\w*|residential care", 0.8)],
    "group:out-of-school": [
        (r"drop ?-?outs?|out of school|out-of-school|school attendance", 0.7)],
    "group:street-connected": [
        (r"street children|street-connected|living (?:on|in) the street", 0.9)],
    "group:working": [(r"child labou?r|working children", 0.85)],
    "group:trafficking-victims": [(r"victims? of (?:human )?trafficking|trafficked", 0.75)],
    "group:in-conflict-with-law": [
        (r"juvenile justice|in conflict with the law|child justice", 0.9)],
    "group:deprived-of-liberty": [(r"detention|deprived of (?:their )?liberty|detained", 0.5)],
    "group:girls": [(r"girls?", 0.8)],
    "group:boys": [(r"boys?", 0.8)],
    "group:lgbtqi": [(r"lgbt\w*|intersex|sexual orientation|gender identity", 0.7)],
    "group:rural": [(r"rural|remote areas|regional disparities", 0.6)],
    "group:poverty": [(r"poverty|poor famil\w+|low-income", 0.7)],
    "group:left-behind": [(r"left behind", 0.6)],
    # -- sectors -------------------------------------------------------------------------------
    "sector:child-protection": [
        (r"social (?:services|welfare|work)|child protection|shelters?|guardians?", 0.7)],
    "sector:law-enforcement": [(r"police|law enforcement|border|inspect\w+", 0.7)],
    "sector:judiciary": [
        (r"prosecut\w+|courts?|judicia\w+|judges|legal aid|punish\w*|convict\w*", 0.7)],
    "sector:labour": [(r"labou?r|employment|workers?|agricultur\w*|workplace", 0.6)],
    "sector:education": [(r"educat\w+|schools?|teachers?|pupils?|students?", 0.75)],
    "sector:health": [(r"health\w*|medical|hospitals?|mental", 0.75)],
    "sector:immigration": [(r"asylum|migra\w+|refugees?|residence|border", 0.7)],
    "sector:social-economic": [
        (r"housing|social protection|social security|poverty|benefits", 0.7)],
    "sector:finance-budget": [(r"budget\w*|resources|funds?|funding|allocat\w+", 0.5)],
    "sector:governance": [
        (r"ombudsman|national human rights institution|coordinat\w+|data collection"
         r"|action plan|strategy", 0.5)],
    # -- provisions whose usual wording the catalogue's short titles do not carry ---------------
    "provision:CRC-32": [(r"child labou?r|economic exploitation|hazardous work", 0.9)],
    # child labour in general is CRC Art. 32 and ILO C138 Art. 1 (a national policy to
    # abolish it); ILO C182 only for its worst forms (Art. 1: eliminate them at once; Art. 3:
    # what they are)
    "provision:ILO138-1": [(r"child labou?r", 0.85),
                           (r"abolition of child labou?r|abolish child labou?r", 0.9)],
    "provision:ILO182-1": [(r"worst forms of child labou?r", 0.9)],
    "provision:ILO182-3": [(r"worst forms of child labou?r", 0.85)],
    "provision:ILO182-6": [(r"programmes? of action|action plan", 0.3)],
    "provision:ILO138-2": [
        (r"minimum age (?:for|of) (?:admission to )?(?:employment|work)", 0.9)],
    "provision:CRC-34": [(r"sexual (?:exploitation|abuse)", 0.85)],
    "provision:CRC-35": [
        (r"traffick\w* (?:in|of) children|child trafficking|sale of children", 0.9)],
    "provision:CRC-19": [
        (r"violence against children|domestic violence|corporal punishment|abuse|neglect", 0.6)],
    "provision:CRC-28": [(r"educat\w+|schools?", 0.6)],
    "provision:CRC-7": [(r"birth registration|nationality|statelessness", 0.7)],
    "provision:CRC-22": [(r"refugee children|asylum-seeking children|unaccompanied", 0.8)],
    "provision:CRC-23": [(r"(?:children|girls|boys) with disabilities", 0.85)],
    "provision:CRC-40": [(r"juvenile justice|child justice|in conflict with the law", 0.9)],
    "provision:CRC-2": [(r"discriminat\w+", 0.4)],
    "provision:PALERMO-3": [(r"traffick\w*", 0.6)],
    "provision:PALERMO-6": [
        (r"victims? of (?:human )?trafficking|assistance to victims"
         r"|protection of (?:the )?victims", 0.7)],
    "provision:CETS197-4": [(r"traffick\w* in human beings", 0.7)],
}

WEAK_CHILD_CONTEXTS: tuple[str, ...] = (r"women and girls", r"women, girls", r"girls and women")
"""Phrases in which a child word does not, by itself, make a text about children: "violence
against women and girls" is a women's-rights recommendation far more often than not."""

WEAK_CHILD_WEIGHT = 0.3

BASELINE_WORDS: dict[str, list[str]] = {
    "child-rights": [
        r"child", r"children", r"childhood", r"girls?", r"boys?", r"juveniles?", r"minors?",
        r"adolescents?", r"youth", r"young people",
    ],
    "trafficking": [
        r"traffick\w*", r"slavery", r"servitude", r"forced labou?r", r"exploitation",
        r"sale of children", r"prostitution", r"child labou?r",
    ],
}
"""The keyword list's word lists for the summary tags: what a person would write down in a
minute. Other tags use the curated cues' patterns without their weights."""

TRAFFICKING_LINKED = frozenset({
    "form:sexual-exploitation", "form:domestic-servitude",
    "form:forced-begging", "form:forced-criminality", "form:organ-removal",
    "form:sale-of-children", "group:trafficking-victims",
})
"""Forms and groups whose presence speaks for the trafficking summary tag. Not labour
exploitation: the form holds child labour, which is not trafficking unless trafficking is
named (forced labour and labour exploitation are cues of the summary tag themselves)."""

CHILD_LINKED = frozenset({
    "form:child-marriage", "form:sale-of-children", "form:armed-recruitment",
    "group:unaccompanied", "group:separated", "group:street-connected", "group:working",
    "group:in-conflict-with-law", "group:out-of-school",
})
"""Forms and groups that concern children whatever the wording: a marriage under 18 is a child
marriage, juvenile justice is about children."""

PROMPTS: dict[str, list[str]] = {
    "child-rights": [
        "Protect the rights of the child in line with the Convention on the Rights of the Child.",
        "Combat violence against children, child abuse and neglect.",
        "Ensure access to education for all children and reduce school dropout.",
        "Raise the minimum age of marriage to 18 without exception.",
        "Improve the juvenile justice system for children in conflict with the law.",
        "Protect unaccompanied migrant children and children in alternative care.",
        "Rights of young people and adolescents.",
        "Eliminate child labour and the worst forms of child labour.",
    ],
    "trafficking": [
        "Combat trafficking in human beings and protect victims of trafficking.",
        "Investigate, prosecute and punish traffickers.",
        "Prevent forced labour, slavery and servitude.",
        "Protect children from sale, sexual exploitation and child prostitution.",
        "Identify and assist victims of human trafficking for sexual and labour exploitation.",
    ],
    "other": [
        "Ratify the international convention on enforced disappearance.",
        "Combat racial discrimination, hate speech and intolerance against minorities.",
        "Ensure freedom of expression and media freedom.",
        "Guarantee the rights of persons with disabilities and older persons.",
        "Combat violence against women and gender equality in political life.",
        "Ensure the right to adequate housing, water and sanitation for Roma communities.",
        "Strengthen the national human rights institution and the ombudsman.",
        "Protect the rights of LGBTI persons and same-sex couples.",
        "Guarantee asylum procedures and the rights of refugees and migrants.",
        "Address climate change and the environment.",
        "Restore the legal status of the erased persons.",
        "Improve conditions of detention and prevent torture.",
    ],
}
"""Sentences that read like recommendations in scope of each summary tag, and ``other`` ones
covering the rest of the human-rights field: the embedding signal is the margin between the
nearest in-scope prompt and the nearest other one."""
