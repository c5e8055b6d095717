"""``analyse``: every rule over one workspace, as one report.

The report is plain typed data (no reference to the workspace or the frame), so it can be
kept, compared and serialised. :meth:`AnalysisReport.to_dict` is the documented JSON shape
(``schema_version`` 1)::

    {
      "schema_version": 1, "type": "analysis-report",
      "workspace": str, "catalogue": {"key": str, "version": str},
      "filter": {"statuses": [str] | null},
      "scale": {"min": int, "max": int},
      "scoring": {"confidence_weights": {..}, "status_weights": {..}, "gap_threshold": float,
                  "exclusion_threshold": float, "coordinating_link_kinds": [..], "rule": str},
      "summary": {"findings", "filtered_out", "rated", "not_assessed", "not_applicable",
                  "unscoped", "cells", "cells_not_applicable", "cells_in_universe",
                  "cells_covered", "coverage"},
      "scores": {"area": [Score], "cluster": [..], "provision": [..], "layer": [..],
                 "sector": [..], "group": [..]},            # catalogue order
      "gaps": {"provision": [ImplementationGap], "cluster": [..],   # largest gap first
               "unmeasurable": [UnmeasurableGap]},                  # provisions, then clusters
      "exclusion": [GroupExclusion],                                # most excluded first
      "mandates": {"uncovered_provisions": [..], "uncovered_forms": [..],
                   "uncoordinated": [..], "conflicts": [..],
                   "function_gaps": [FunctionGap],          # forms, then the chain's order
                   "specialised_gaps": [SpecialisedGap]},   # catalogue order
      "tensions": [CoherenceTension],                               # lowest score first
      "notices": [Notice]
    }

Each result renders as described in :mod:`impactkit.analysis.results` (``type`` first, floats
rounded to 2 decimals and coverage ratios to 4, ``finding_keys`` sorted).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from impactkit.analysis.coherence import CoherenceTension, coherence_tensions
from impactkit.analysis.exclusion import GroupExclusion, group_exclusions
from impactkit.analysis.frame import (
    NOT_APPLICABLE,
    NOT_ASSESSED,
    RATED,
    FindingFrame,
    build_frame,
)
from impactkit.analysis.gaps import ImplementationGap, UnmeasurableGap, implementation_gaps
from impactkit.analysis.index import STATUSES, CatalogueIndex
from impactkit.analysis.mandates import (
    FunctionGap,
    MandateConflict,
    SpecialisedGap,
    UncoordinatedMandate,
    UncoveredForm,
    UncoveredProvision,
    mandate_coverage,
)
from impactkit.analysis.results import Notice, Result, Score, to_plain
from impactkit.analysis.scores import structural_scores, tag_scores
from impactkit.analysis.table import AnalysisInput
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import FindingStatus, WorkspaceData
from impactkit.errors import UsageError

SCHEMA_VERSION = 1
ALL_STATUSES = "all"
"""The status filter's word for every finding, whatever its status."""
SCORE_KINDS = ("area", "cluster", "provision", "layer", "sector", "group")


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts behind the whole report: findings by state and cells of the grid."""

    findings: int
    filtered_out: int
    rated: int
    not_assessed: int
    not_applicable: int
    unscoped: int
    cells: int
    cells_not_applicable: int
    cells_in_universe: int
    cells_covered: int
    coverage: float | None


@dataclass(frozen=True, slots=True, eq=False)
class AnalysisReport(Result):
    """Everything :func:`analyse` found in one workspace (see the module doc for to_dict)."""

    type: ClassVar[str] = "analysis-report"
    workspace_key: str
    catalogue_key: str
    catalogue_version: str
    statuses: tuple[str, ...] | None
    scale_min: int
    scale_max: int
    scoring: dict[str, Any]
    summary: Summary
    scores: dict[str, tuple[Score, ...]]
    provision_gaps: tuple[ImplementationGap, ...]
    cluster_gaps: tuple[ImplementationGap, ...]
    unmeasurable_gaps: tuple[UnmeasurableGap, ...]
    exclusions: tuple[GroupExclusion, ...]
    uncovered_provisions: tuple[UncoveredProvision, ...]
    uncovered_forms: tuple[UncoveredForm, ...]
    uncoordinated: tuple[UncoordinatedMandate, ...]
    conflicts: tuple[MandateConflict, ...]
    tensions: tuple[CoherenceTension, ...]
    notices: tuple[Notice, ...]
    function_gaps: tuple[FunctionGap, ...] = ()
    specialised_gaps: tuple[SpecialisedGap, ...] = ()

    def score(self, target: str) -> Score | None:
        """The Score whose explain target is ``target`` (``"area:compliance"``...), if any."""
        for score in self.all_scores():
            if score.target == target:
                return score
        return None

    def all_scores(self) -> Iterator[Score]:
        """Every Score in the report, including those inside exclusions and tensions."""
        for kind in SCORE_KINDS:
            yield from self.scores[kind]
        for exclusion in self.exclusions:
            yield exclusion.inclusion
            yield from exclusion.by_sector
        for tension in self.tensions:
            yield tension.score

    def results(self) -> Iterator[Result]:
        """Every top-level result, in to_dict order: what a view lists."""
        for kind in SCORE_KINDS:
            yield from self.scores[kind]
        yield from self.provision_gaps
        yield from self.cluster_gaps
        yield from self.unmeasurable_gaps
        yield from self.exclusions
        yield from self.uncovered_provisions
        yield from self.uncovered_forms
        yield from self.uncoordinated
        yield from self.conflicts
        yield from self.tensions
        yield from self.notices

    def to_dict(self, *, finding_keys: bool = True) -> dict[str, Any]:
        """The documented JSON shape. ``finding_keys=False`` drops every ``finding_keys``
        list (they dominate the size of reports on very large workspaces)."""
        out = {
            "schema_version": SCHEMA_VERSION,
            "type": self.type,
            "workspace": self.workspace_key,
            "catalogue": {"key": self.catalogue_key, "version": self.catalogue_version},
            "filter": {"statuses": list(self.statuses) if self.statuses is not None else None},
            "scale": {"min": self.scale_min, "max": self.scale_max},
            "scoring": to_plain(self.scoring),
            "summary": to_plain(self.summary),
            "scores": {kind: to_plain(self.scores[kind]) for kind in SCORE_KINDS},
            "gaps": {"provision": to_plain(self.provision_gaps),
                     "cluster": to_plain(self.cluster_gaps),
                     "unmeasurable": to_plain(self.unmeasurable_gaps)},
            "exclusion": to_plain(self.exclusions),
            "mandates": {"uncovered_provisions": to_plain(self.uncovered_provisions),
                         "uncovered_forms": to_plain(self.uncovered_forms),
                         "uncoordinated": to_plain(self.uncoordinated),
                         "conflicts": to_plain(self.conflicts),
                         "function_gaps": to_plain(self.function_gaps),
                         "specialised_gaps": to_plain(self.specialised_gaps)},
            "tensions": to_plain(self.tensions),
            "notices": to_plain(self.notices),
        }
        return out if finding_keys else _without_finding_keys(out)


def _without_finding_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_finding_keys(v) for k, v in value.items() if k != "finding_keys"}
    if isinstance(value, list):
        return [_without_finding_keys(v) for v in value]
    return value


def normalise_statuses(statuses: Iterable[str | FindingStatus] | str | None
                       ) -> frozenset[str] | None:
    """The status filter as a set of codes, refusing unknown ones with the accepted list.
    ``all`` alone (the word the CLI, the pages and the API share) means no filter."""
    if statuses is None:
        return None
    items = [statuses] if isinstance(statuses, str) else list(statuses)
    codes = [str(getattr(s, "value", s)) for s in items]
    if ALL_STATUSES in codes:
        if len(set(codes)) > 1:
            raise UsageError("the status filter takes either 'all' or some of "
                             f"{', '.join(STATUSES)}, not both")
        return None
    unknown = [c for c in codes if c not in STATUSES]
    if unknown or not codes:
        what = f"unknown status {', '.join(map(repr, unknown))}" if unknown else "no status"
        raise UsageError(f"{what}; the status filter accepts {', '.join(STATUSES)} or "
                         f"{ALL_STATUSES}")
    return frozenset(codes)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector. The analysis creates no reference cycles, but
    allocating hundreds of thousands of small tuples next to a large workspace makes the
    collector rescan that workspace again and again (a third of the run time at 100k
    findings). The previous state is restored whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyse(data: WorkspaceData | AnalysisInput, catalogue: Catalogue, *,
            statuses: Iterable[str | FindingStatus] | str | None = None) -> AnalysisReport:
    """Scores, gaps, exclusion, mandate coverage and tensions of one workspace.

    ``statuses`` keeps only findings of those review statuses (e.g. ``["validated"]``);
    the others are treated as absent. Raises ValidationError for findings that cannot be
    scored (a rated finding without a valid rating, duplicate keys...), CatalogueError when
    the catalogue lacks weights the findings need, UsageError for an unknown status.
    """
    wanted = normalise_statuses(statuses)
    index = CatalogueIndex.build(catalogue)
    with paused_gc():
        source = AnalysisInput.of(data)
        return report_from_frame(source, catalogue, build_frame(source, index, wanted), wanted)


def report_from_frame(data: AnalysisInput, catalogue: Catalogue, frame: FindingFrame,
                      wanted: frozenset[str] | None) -> AnalysisReport:
    """The report of a frame already built (``wanted``: the statuses it was filtered by)."""
    index = frame.index
    scores = {**structural_scores(frame), **tag_scores(frame)}
    gaps = implementation_gaps(frame)
    exclusions, exclusion_notices = group_exclusions(frame)
    tensions, tension_notices = coherence_tensions(frame)
    mandates = mandate_coverage(data, index)
    notices = list(frame.notices + gaps.notices + exclusion_notices + tension_notices
                   + mandates.notices)
    if data.workspace.catalogue_key != catalogue.key:
        notices.insert(0, Notice(
            type="catalogue-mismatch", field="catalogue_key", code=data.workspace.catalogue_key,
            title="Analysed with another catalogue",
            message=f"Workspace {data.workspace.key!r} names catalogue "
                    f"{data.workspace.catalogue_key!r} but was analysed with {catalogue.key!r}.",
            tags=(), finding_keys=(), record_keys=(data.workspace.key,),
            rule="Scores are only comparable between workspaces analysed with one catalogue."))
    in_universe = int(frame.universe.sum())
    covered = int(frame.reached_rated.sum())
    scoring = catalogue.scoring
    return AnalysisReport(
        workspace_key=data.workspace.key, catalogue_key=catalogue.key,
        catalogue_version=catalogue.version,
        statuses=None if wanted is None else tuple(s for s in STATUSES if s in wanted),
        scale_min=index.scale_min, scale_max=index.scale_max,
        scoring={"confidence_weights": dict(scoring.confidence_weights),
                 "status_weights": dict(scoring.status_weights),
                 "gap_threshold": float(scoring.gap_threshold),
                 "exclusion_threshold": float(scoring.exclusion_threshold),
                 "coordinating_link_kinds": list(scoring.coordinating_link_kinds),
                 "rule": scoring.rule},
        summary=Summary(
            findings=frame.n, filtered_out=frame.n_filtered_out,
            rated=int(np.count_nonzero(frame.state == RATED)),
            not_assessed=int(np.count_nonzero(frame.state == NOT_ASSESSED)),
            not_applicable=int(np.count_nonzero(frame.state == NOT_APPLICABLE)),
            unscoped=int(np.count_nonzero(~frame.has_cell)), cells=index.n_cells,
            cells_not_applicable=index.n_cells - in_universe, cells_in_universe=in_universe,
            cells_covered=covered, coverage=covered / in_universe if in_universe else None),
        scores=scores, provision_gaps=gaps.provisions, cluster_gaps=gaps.clusters,
        unmeasurable_gaps=gaps.unmeasurable, exclusions=exclusions,
        uncovered_provisions=mandates.uncovered_provisions,
        uncovered_forms=mandates.uncovered_forms, uncoordinated=mandates.uncoordinated,
        conflicts=mandates.conflicts, function_gaps=mandates.function_gaps,
        specialised_gaps=mandates.specialised_gaps, tensions=tensions,
        notices=tuple(notices))
