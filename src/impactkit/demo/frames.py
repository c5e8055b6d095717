"""The wording shared by all themes: titles by area, layer and rating band, the opening
sentence of a narrative, and the sentences that record exclusion criteria and tensions.

Keeping it apart from the theme fragments means each finding reads as "what was asked" then
"what was found", like the assessment team's own notes.
"""

from __future__ import annotations

LAYER_LABELS: dict[str, str] = {
    "law-policy": "law and policy",
    "practice": "practice",
    "child-perspective": "children's perspective",
}

# (area, layer) -> (low, partial, high) title phrase
_TITLES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("inclusion", "law-policy"): ("framework leaves children out",
                                  "framework covers most children",
                                  "framework covers every child concerned"),
    ("inclusion", "practice"): ("many children are not reached",
                                "services reach some children, not others",
                                "services reach the children concerned"),
    ("inclusion", "child-perspective"): ("children report being turned away",
                                         "children's access depends on where they are",
                                         "children say help is open to them"),
    ("compliance", "law-policy"): ("law falls short of the standard",
                                   "law partly meets the standard",
                                   "law largely meets the standard"),
    ("compliance", "practice"): ("practice departs from the law",
                                 "practice follows the law unevenly",
                                 "practice follows the law"),
    ("compliance", "child-perspective"): ("children's accounts show rights not respected",
                                          "children's accounts are mixed",
                                          "children's accounts match the standard"),
    ("appropriateness", "law-policy"): ("measures designed for adults, not children",
                                        "measures only partly child-specific",
                                        "measures designed around children's needs"),
    ("appropriateness", "practice"): ("services ill-suited to children",
                                      "services partly fit children's needs",
                                      "services fit children's needs"),
    ("appropriateness", "child-perspective"): ("children find the support unsuitable",
                                               "children find some support useful",
                                               "children find the support useful"),
    ("effectiveness", "law-policy"): ("framework sets no results to reach",
                                      "framework sets results without the means",
                                      "framework sets results and the means"),
    ("effectiveness", "practice"): ("few results",
                                    "results uneven across the country",
                                    "measurable results"),
    ("effectiveness", "child-perspective"): ("children see little change",
                                             "children see some change",
                                             "children see a difference"),
    ("coherence", "law-policy"): ("laws pull in different directions",
                                  "laws partly aligned",
                                  "laws pull the same way"),
    ("coherence", "practice"): ("sectors work at cross purposes",
                                "sectors cooperate case by case",
                                "sectors work together"),
    ("coherence", "child-perspective"): ("children passed from one service to another",
                                         "children meet a partly joined-up system",
                                         "children meet a joined-up system"),
}

# (area, layer) -> opening sentence; {subject} is the theme title in lower case
_FRAMES: dict[tuple[str, str], str] = {
    ("inclusion", "law-policy"): "The team reviewed whether the framework on {subject} covers "
                                 "every child concerned.",
    ("inclusion", "practice"): "The team examined which children services on {subject} "
                               "actually reach.",
    ("inclusion", "child-perspective"): "Children were asked whether help on {subject} was "
                                        "open to them.",
    ("compliance", "law-policy"): "The national framework on {subject} was compared with the "
                                  "standard.",
    ("compliance", "practice"): "The team checked whether practice on {subject} follows the law "
                                "and the standard.",
    ("compliance", "child-perspective"): "Children's accounts were compared with the rights the "
                                         "standard sets on {subject}.",
    ("appropriateness", "law-policy"): "The team asked whether the measures on {subject} are "
                                       "designed around children's needs.",
    ("appropriateness", "practice"): "The team asked whether services on {subject} fit the "
                                     "children who use them.",
    ("appropriateness", "child-perspective"): "Children were asked whether the support on "
                                              "{subject} suited them.",
    ("effectiveness", "law-policy"): "The team looked at whether the framework on {subject} "
                                     "sets results and the means to reach them.",
    ("effectiveness", "practice"): "The team looked at what services on {subject} achieve.",
    ("effectiveness", "child-perspective"): "Children were asked whether anything had changed "
                                            "for them on {subject}.",
    ("coherence", "law-policy"): "The team looked at whether laws and policies on {subject} "
                                 "pull the same way.",
    ("coherence", "practice"): "The team looked at whether the sectors involved in {subject} "
                               "work together.",
    ("coherence", "child-perspective"): "Children described how services on {subject} fitted "
                                        "together from their side.",
}

_CRITERIA: dict[str, str] = {
    "documents": "lack of identity or residence documents",
    "status": "residence or asylum status",
    "nationality": "nationality",
    "age": "disputed age or being aged 16-17",
    "place": "where the child lives (rural areas, informal settlements)",
    "form-of-exploitation": "the form of exploitation (services are built around sexual "
                            "exploitation)",
}

_SECTOR_NAMES: dict[str, str] = {
    "child-protection": "child protection", "law-enforcement": "law enforcement",
    "judiciary": "the judiciary", "labour": "labour", "education": "education",
    "health": "health", "immigration": "immigration", "social-economic": "social policy",
    "finance-budget": "budget", "governance": "governance",
}

CONFLICT_SENTENCE = (
    "Immigration procedures take precedence over child protection: the Immigration Service "
    "decides on placement, age and return without the guardian or social services, and the "
    "Guardianship Authority has no say in it."
)

NOT_ASSESSED_REASONS: tuple[str, ...] = (
    "no reliable data were available in time",
    "key informants in the sector declined to be interviewed",
    "a consultation with children could not be organised safely",
    "access to the relevant case files was not granted",
    "the question was left for the next cycle by the steering group",
)


def subject(title: str) -> str:
    return title[:1].lower() + title[1:]


def title_for(theme_title: str, area: str, layer: str, rating: int) -> str:
    low, mid, high = _TITLES[(area, layer)]
    phrase = low if rating <= 1 else mid if rating == 2 else high
    return f"{theme_title}: {phrase} ({LAYER_LABELS[layer]})"


def unrated_title(theme_title: str, area: str, layer: str, state: str) -> str:
    return f"{theme_title}: {area} {state.replace('-', ' ')} ({LAYER_LABELS[layer]})"


def frame(theme_title: str, area: str, layer: str) -> str:
    return _FRAMES[(area, layer)].format(subject=subject(theme_title))


def exclusion_sentence(criteria: tuple[str, ...]) -> str:
    return "Children are left out by " + "; ".join(_CRITERIA[c] for c in criteria) + "."


def tension_sentence(sectors: tuple[str, ...]) -> str:
    if set(sectors) == {"immigration", "child-protection"}:
        return CONFLICT_SENTENCE
    names = [_SECTOR_NAMES[s] for s in sectors]
    return f"Tension between {' and '.join(names)}: each works to its own rules and targets."
