"""Provisions a specialist reads from two ideas together, in one clause of a recommendation.

"Identification and referral of victims of trafficking, especially children" names no article,
yet a child-rights specialist files it under CRC Art. 35 (trafficking of children) and Art. 39
(recovery and reintegration of child victims: referral is the way in), and under the services
that identify and refer. No single word says so; a child, a victim and trafficking in the same
clause do. The words are *concepts* (``concept:child``, ``concept:trafficking``...), found by
the English patterns below or by the French and Spanish vocabularies (:mod:`.lexicon`), and a
rule fires when every one of its requirements is met in one clause (UPR recommendations often
join several, separated by semicolons, each from another State).
"""

from __future__ import annotations

import itertools
import re

from impactkit.recommendations.tagging.vocabulary import MINOR

CONCEPT = "concept:"
"""Prefix of the concept pseudo-tags: evidence for rules, never suggested themselves."""

CONCEPT_CUES_EN: dict[str, str] = {
    "concept:child": rf"child(?:ren)?'?s?|girls?|boys?|{MINOR}|juveniles?|adolescents?"
                     r"|infants?|underage",
    "concept:trafficking": r"traffick\w*|sale of (?:children|persons|human beings)",
    "concept:exploitation": r"exploit\w*|abuse|prostitution|pornography|child labou?r"
                            r"|forced labou?r|slavery|servitude",
    "concept:victim": r"victims?|survivors?",
    "concept:recovery": r"recovery|rehabilitat\w*|reintegrat\w*|reinsertion",
    "concept:support": r"assist\w*|support\w*|referr\w*|refer|shelters?|services?|care",
    "concept:identification": r"identif\w*|detect\w*|screening",
    "concept:referral": r"referr\w*|refer",
    "concept:worst-forms": r"worst forms|hazardous|forced labou?r|bonded labou?r|debt bondage"
                           r"|slavery|illicit activit\w+|sexual exploitation|prostitution"
                           r"|pornograph\w*|recruit\w*|traffick\w*|sale of children",
    "concept:minimum-age": r"minimum age",
    "concept:hazardous": r"hazardous (?:work|labou?r|occupations?|conditions)",
}
"""English patterns of the concepts (the French and Spanish ones are in the lexicons)."""

Requirement = tuple[str, ...]  # any one of these concepts
Rule = tuple[tuple[Requirement, ...], str, float]

CHILD, TRAFFICKING, EXPLOITATION = "concept:child", "concept:trafficking", "concept:exploitation"
VICTIM, RECOVERY, SUPPORT = "concept:victim", "concept:recovery", "concept:support"
IDENTIFICATION, REFERRAL = "concept:identification", "concept:referral"
WORST_FORMS, MINIMUM_AGE = "concept:worst-forms", "concept:minimum-age"
HAZARDOUS = "concept:hazardous"

LINK_NEEDS: tuple[tuple[str, Requirement], ...] = (
    # a form of exploitation suggests the trafficking instruments only when trafficking is
    # named: child labour or sexual abuse alone is not trafficking
    ("provision:PALERMO-", (TRAFFICKING,)),
    ("provision:EUATD-", (TRAFFICKING,)),
    ("provision:CETS197-", (TRAFFICKING,)),
    # the labour form also holds forced labour of adults: the child labour conventions and
    # CRC Art. 32 need a child in the text
    ("provision:ILO1", (CHILD,)),
    ("provision:CRC-32", (CHILD,)),
    # child labour in general is ILO C138 Art. 1 (a cue of its own); what the worst forms are
    # (C182 Art. 3), the declared minimum age (C138 Art. 2) and the age for hazardous work
    # (Art. 3) need their own words
    ("provision:ILO138-1", (MINIMUM_AGE,)),
    ("provision:ILO182-3", (WORST_FORMS,)),
    ("provision:ILO138-2", (MINIMUM_AGE,)),
    ("provision:ILO138-3", (MINIMUM_AGE, HAZARDOUS)),
)
"""Provisions (by tag or tag prefix) that the catalogue's link from a form of exploitation
suggests only when the text names one of the concepts."""


def link_allowed(provision: str, concepts: set[str]) -> bool:
    """Whether a form's link may suggest ``provision`` in a text with these concepts."""
    return all(any(c in concepts for c in need)
               for prefix, need in LINK_NEEDS if provision.startswith(prefix))

RULES: tuple[Rule, ...] = (
    # CRC Art. 35: abduction, sale and trafficking of children
    (((CHILD,), (TRAFFICKING,)), "provision:CRC-35", 0.8),
    # CRC Art. 39: recovery and social reintegration of child victims (of exploitation, abuse,
    # trafficking...): named outright, or through the assistance and referral that lead to it
    (((CHILD,), (VICTIM,), (RECOVERY,)), "provision:CRC-39", 0.85),
    (((CHILD,), (VICTIM,), (TRAFFICKING, EXPLOITATION), (SUPPORT,)), "provision:CRC-39", 0.6),
    # who identifies and refers victims: police and labour inspectors, social services
    (((IDENTIFICATION,), (VICTIM,)), "sector:law-enforcement", 0.6),
    (((REFERRAL,), (VICTIM,)), "sector:child-protection", 0.65),
    (((IDENTIFICATION, SUPPORT), (VICTIM,), (CHILD,)), "sector:child-protection", 0.7),
)


def apply_rules(clauses: list[set[str]]) -> list[tuple[str, float, str]]:
    """``(tag, weight, support)`` of every rule met in at least one clause (each clause
    given as the set of concepts found in it)."""
    fired = []
    for requirements, tag, weight in RULES:
        if any(all(any(c in concepts for c in need) for need in requirements)
               for concepts in clauses):
            names = " + ".join("/".join(c.removeprefix(CONCEPT) for c in need)
                               for need in requirements)
            fired.append((tag, weight, f"together: {names}"))
    return fired


_CLAUSE_END = re.compile(r";|\.(?:\s|$)|\n")


def clause_bounds(text: str) -> list[int]:
    """The character offsets at which each clause after the first starts."""
    return [m.end() for m in _CLAUSE_END.finditer(text)]


def split_clauses(text: str) -> list[str]:
    """The text cut at semicolons, sentence ends and line breaks."""
    bounds = [0, *clause_bounds(text), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds) if text[a:b].strip()]
