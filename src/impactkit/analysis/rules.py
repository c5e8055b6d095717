"""The scoring rules in words: what results carry as ``rule`` and what explain shows.

Keeping the words next to each other (and out of the arithmetic) lets docs/scoring.md quote
them and lets a reader check that every sentence matches the code in ``aggregate`` and
``frame``.
"""

from __future__ import annotations

from functools import lru_cache

from impactkit.analysis.index import CatalogueIndex


def _weights(table: dict[str, float]) -> str:
    return ", ".join(f"{code} {value:g}" for code, value in table.items())


@lru_cache(maxsize=16)
def score_rule(index: CatalogueIndex) -> str:
    """The score formula with this catalogue's scale and weights (cached: every Score of a
    report carries it)."""
    lo, hi = index.scale_min, index.scale_max
    scoring = index.catalogue.scoring
    return (f"Score = 100 x (weighted mean rating - {lo}) / ({hi} - {lo}) over the rated "
            "findings in the slice, each counted once; a finding's weight is its confidence "
            f"weight ({_weights(scoring.confidence_weights)}) times its status weight "
            f"({_weights(scoring.status_weights)}). Not-assessed and not-applicable findings "
            "never count; a slice without a rated finding has no score (never 0).")


COVERAGE_RULE = ("Coverage = cells (provision x area x layer) of the slice reached by at least "
                 "one rated finding of the slice / cells of the slice, leaving out cells whose "
                 "only findings are not applicable.")

#: Which findings and cells make each kind of slice.
SLICE_RULES: dict[str, str] = {
    "area": "Slice: findings of area {code}; cells: every assessable provision and layer in "
            "that area.",
    "cluster": "Slice: findings reaching a provision of cluster {code} (named directly or "
               "through a cluster); cells: every area and layer of its assessable provisions.",
    "provision": "Slice: findings reaching provision {code} (named directly or through a "
                 "cluster); cells: every area and layer of that provision.",
    "layer": "Slice: findings on layer {code}; cells: every provision and area on that layer.",
    "sector": "Slice: findings tagged with sector {code}; cells: all cells, covered when a "
              "rated finding tagged with that sector reaches them.",
    "group": "Slice: findings tagged with child group {code}; cells: all cells, covered when a "
             "rated finding tagged with that group reaches them.",
    "provision-layer": "Slice: findings on layer {layer} reaching provision {code}; cells: "
                       "every area of that provision on that layer.",
    "cluster-layer": "Slice: findings on layer {layer} reaching a provision of cluster {code}; "
                     "cells: every area of its provisions on that layer.",
    "exclusion": "Slice: inclusion-area findings tagged with child group {code}; cells: all "
                 "inclusion cells, covered when such a rated finding reaches them.",
    "exclusion-sector": "Slice: inclusion-area findings tagged with child group {code} and "
                        "sector {sector}; cells: all inclusion cells.",
    "tension": "Slice: coherence-area findings naming both {code} among their sectors in "
               "tension; cells: all coherence cells.",
}

GAP_RULE = ("Implementation gap = law-policy score - practice score of the same slice (both "
            "must exist); significant when the gap is at least {threshold:g} points. A gap "
            "with only one of the two scores is listed as unmeasurable.")

EXCLUSION_RULE = ("A child group is flagged excluded when its inclusion score is below "
                  "{threshold:g} or any exclusion criterion is recorded on a finding tagged "
                  "with it (any area, any rating state). Ranked: excluded first, then lowest "
                  "inclusion score (no score last), then most criteria recorded.")

TENSION_RULE = ("Tensions come from coherence-area findings: each pair of their sectors in "
                "tension is scored on the findings naming it. Ranked lowest score first (no "
                "score last).")

UNCOVERED_RULE = ("A {what} is uncovered when no mandate of an existing actor names it. "
                  "Provisions the catalogue marks as calling for no implementing actor "
                  "(interpretive and final clauses, such as CRC art. 41) are never listed.")

UNCOORDINATED_RULE = ("A {what} held by mandated actors of two or more sectors is uncoordinated "
                      "when some pair of those sectors has no coordinating link ({kinds}, "
                      "either direction) between any of their actors holding it.")

FUNCTION_GAP_RULE = ("A function of the chain (identification to durable solution, and "
                     "prevention, prosecution, monitoring) has a gap for a form of "
                     "exploitation when no existing actor's mandate holds it for children in "
                     "general: a mandate naming no forms covers every form, and the groups a "
                     "mandate names are served in particular unless it is limited to them. "
                     "It is one gap, however many child groups it leaves without anyone; "
                     "those groups are its detail.")

SPECIALISED_GAP_RULE = ("A specialised function (such as guardianship, part of protection) has "
                        "a gap when no existing actor's mandate holds it: none names it, and "
                        "none names its broader function together with one of the provisions "
                        "the catalogue gives for it. It is one gap, whatever the form of "
                        "exploitation.")

CONFLICT_RULE = "Every link of kind 'conflict' between two actors is reported as declared."


def slice_rule(index: CatalogueIndex, kind: str, code: str, **extra: str) -> str:
    """Which findings and cells a slice holds, then the score and coverage rules."""
    return " ".join((SLICE_RULES[kind].format(code=code, **extra), score_rule(index),
                     COVERAGE_RULE))


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def score_message(title: str, score: float | None, n_findings: int, n_not_assessed: int,
                  covered: int, total: int) -> str:
    """One sentence a person can read: the score, what it rests on, and its coverage."""
    cover = (f"coverage {covered / total:.0%} ({covered} of {plural(total, 'cell')})"
             if total else "no cell to cover")
    pending = f"; {n_not_assessed} not assessed" if n_not_assessed else ""
    if score is None:
        why = ("only findings of weight 0" if n_findings else "no rated finding")
        return f"{title}: no score ({why}){pending}; {cover}."
    return (f"{title}: {score:.1f}/100 from {plural(n_findings, 'rated finding')}{pending}; "
            f"{cover}.")
