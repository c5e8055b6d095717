"""The IMPACT analysis engine: pure functions from workspace data and a catalogue to typed
results. No I/O, no database: a view loads the data, calls one of these, renders the result.

* :func:`analyse` ``(data, catalogue, *, statuses=None) -> AnalysisReport``
* :func:`explain` ``(data, catalogue, target, *, statuses=None) -> Explanation``
* :func:`compare` ``(reports) -> Comparison``
* :func:`score_matrix` ``(data, catalogue, *, statuses=None) -> ScoreMatrix`` (cluster x area)
* :func:`analyse_with_matrix` ``(data, catalogue, *, statuses=None)``: both from one frame

``data`` is a :class:`~impactkit.domain.WorkspaceData` or, read straight from the store
with its findings as columns, an :class:`~impactkit.analysis.table.AnalysisInput`.

Scoring rules (each module's docstring gives the details of its rule):

1. **Cells.** A cell is (provision, area, layer) over the catalogue's assessable provisions of
   all instruments. A finding reaches, in its own area and layer, the provisions it names plus
   every provision of each cluster it names.
2. **Weights.** A finding's weight is ``scoring.confidence_weights[confidence] *
   scoring.status_weights[status]``. Only findings whose rating_state is ``rated`` carry a
   rating.
3. **Score** of a slice = ``100 * (weighted mean rating of the rated findings in the slice -
   scale min) / (scale max - scale min)``. A finding counts once per slice however many of its
   provisions the slice holds. Not-assessed (and not-applicable) findings never contribute; a
   slice with no rated finding (or only findings of weight 0) has score None, never 0.
4. **Coverage** of a slice = covered cells / cells of the slice in the universe. A cell is
   covered when at least one rated finding of the slice reaches it. Cells whose only findings
   are not applicable leave the universe (numerator and denominator). Slices: area, cluster
   (its provisions' cells), provision, layer; sector and child group take all cells as their
   universe and count the cells reached by rated findings tagged with them.
5. **Filter.** ``statuses`` keeps only findings of those statuses (e.g. ``["validated"]``);
   the others are treated as absent everywhere.
6. **Implementation gap** per provision and cluster = law-policy score - practice score
   (both must exist, else the slice is listed as gap-unmeasurable), ranked largest first,
   ``significant`` when ``>= scoring.gap_threshold``.
7. **Exclusion** per child group: the inclusion score of inclusion-area findings tagged with
   the group (overall and per sector), the tally of exclusion criteria recorded on findings
   tagged with it (any area); ``excluded`` when the score is below
   ``scoring.exclusion_threshold`` or any criterion is recorded; ranked most excluded first.
8. **Mandates.** Uncovered provisions and forms (no mandated actor); uncoordinated ones (held
   by actors of two or more sectors, some pair of which has no coordinating link between any
   of their holders); declared conflicts (links of kind ``conflict``).
9. **Coherence tensions** per pair of sectors named in coherence findings' tension_sectors:
   count, score, findings; ranked lowest score first.
10. **Comparison** of reports of one catalogue: area, cluster and layer scores and coverage
    side by side, with differences to the first.
11. **Matrix** of clusters x areas: each cell is the slice of the findings of one area
    reaching a provision of one cluster, scored and covered by rules 3-4 (explain target
    ``cell:<cluster>:<area>``).

Findings that reach no cell, and codes the catalogue does not define, are left out and
reported as notices: never guessed, never counted as zero.
"""

from impactkit.analysis.coherence import CoherenceTension
from impactkit.analysis.compare import (
    ComparedValue,
    ComparedWorkspace,
    Comparison,
    ComparisonRow,
    compare,
)
from impactkit.analysis.exclusion import CriterionCount, GroupExclusion
from impactkit.analysis.explain import Cell, CellCoverage, ExplainedFinding, Explanation, explain
from impactkit.analysis.gaps import ImplementationGap, UnmeasurableGap
from impactkit.analysis.mandates import (
    MandateConflict,
    UncoordinatedMandate,
    UncoveredForm,
    UncoveredProvision,
)
from impactkit.analysis.matrix import ScoreMatrix, analyse_with_matrix, score_matrix
from impactkit.analysis.report import SCHEMA_VERSION, AnalysisReport, Summary, analyse
from impactkit.analysis.results import Notice, Result, Score
from impactkit.analysis.targets import FORMS as TARGET_FORMS

__all__ = [
    "SCHEMA_VERSION",
    "TARGET_FORMS",
    "AnalysisReport",
    "Cell",
    "CellCoverage",
    "CoherenceTension",
    "ComparedValue",
    "ComparedWorkspace",
    "Comparison",
    "ComparisonRow",
    "CriterionCount",
    "ExplainedFinding",
    "Explanation",
    "GroupExclusion",
    "ImplementationGap",
    "MandateConflict",
    "Notice",
    "Result",
    "Score",
    "ScoreMatrix",
    "Summary",
    "UncoordinatedMandate",
    "UncoveredForm",
    "UncoveredProvision",
    "UnmeasurableGap",
    "analyse",
    "analyse_with_matrix",
    "compare",
    "explain",
    "score_matrix",
]
