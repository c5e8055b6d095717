"""Exclusion: which child groups the system leaves out, and by what criteria.

Rules, per child group of the catalogue (groups are tags, so a finding tagged with several
groups counts for each):

* **inclusion score**: the standard score of the inclusion-area findings tagged with the
  group; its coverage counts the inclusion cells their rated findings reach, over all
  inclusion cells of the universe;
* **by sector**: the same restricted to findings also tagged with each sector, listed for the
  sectors with at least one such finding (rated or not assessed);
* **criteria**: how many findings tagged with the group (any area, any rating state) record
  each exclusion criterion (status, age, nationality, documents, place, form of
  exploitation);
* the group is **excluded** when its inclusion score is below ``scoring.exclusion_threshold``
  or any criterion is recorded. Results are ranked most excluded first: excluded groups, then
  lowest inclusion score (no score last), then most criteria recorded, then catalogue order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from impactkit.analysis.aggregate import group_rows, tag_coverage, tally
from impactkit.analysis.frame import FindingFrame, expand, offsets_of
from impactkit.analysis.index import INCLUSION
from impactkit.analysis.results import KeyList, Notice, Result, Score, Tags, tags_of
from impactkit.analysis.rules import EXCLUSION_RULE, plural
from impactkit.analysis.scores import make_score
from impactkit.analysis.slices import describe


@dataclass(frozen=True, slots=True)
class CriterionCount:
    """How many findings tagged with a group record one exclusion criterion, and which."""

    criterion: str
    title: str
    count: int
    finding_keys: KeyList


@dataclass(frozen=True, slots=True)
class GroupExclusion(Result):
    """How far one child group is included: scores, criteria recorded, and the verdict."""

    type: ClassVar[str] = "group-exclusion"
    group: str
    target: str
    excluded: bool
    inclusion: Score
    by_sector: tuple[Score, ...]
    criteria: tuple[CriterionCount, ...]
    reasons: tuple[str, ...]
    title: str
    message: str
    tags: Tags
    finding_keys: KeyList
    rule: str


def inclusion_pairs(
        frame: FindingFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(finding, group, sector) of inclusion findings, sorted by finding; plus the cell mask of
    the inclusion area."""
    index = frame.index
    ai = index.areas.index(INCLUSION)
    _, area_of_cell, _ = index.cell_grid()
    keep = frame.area[frame.fg_f] == ai
    gf, gg = frame.fg_f[keep], frame.fg_g[keep]
    picks, sectors = expand(np.arange(len(gf)), gf, offsets_of(frame.fs_f, frame.n), frame.fs_s)
    return gf, gg, np.stack([gf[picks], gg[picks], sectors]), area_of_cell == ai


def _criteria(frame: FindingFrame) -> tuple[np.ndarray, list[np.ndarray], dict[str, list[int]]]:
    """Per (group, criterion): count and rows of the findings tagged with the group recording
    the criterion."""
    index = frame.index
    n_k = len(index.criteria)
    crit_f, crit_k, unknown = frame.rows.lists(
        "exclusion_criteria", {c: i for i, c in enumerate(index.criteria)}, n_k)
    picks, crits = expand(np.arange(len(frame.fg_f)), frame.fg_f, offsets_of(crit_f, frame.n),
                          crit_k)
    # criteria count findings in every rating state, so this groups all rows (tally keeps
    # the rated ones only)
    sizes, members = group_rows(frame.fg_f[picks], frame.fg_g[picks] * n_k + crits,
                                len(index.groups) * n_k)
    return sizes, members, unknown


def group_exclusions(frame: FindingFrame) -> tuple[tuple[GroupExclusion, ...], tuple[Notice, ...]]:
    index = frame.index
    scoring = index.catalogue.scoring
    rule = EXCLUSION_RULE.format(threshold=scoring.exclusion_threshold)
    if INCLUSION not in index.areas:
        return (), (Notice(
            type="missing-vocabulary", field="areas", code=INCLUSION, title="No exclusion analysis",
            message=f"Catalogue {index.catalogue.key!r} has no area {INCLUSION!r}, so child "
                    "groups' exclusion is not computed.", tags=(), finding_keys=(),
            record_keys=(), rule=rule),)
    n_g, n_s, n_k = len(index.groups), len(index.sectors), len(index.criteria)
    gf, gg, triples, inclusion_cells = inclusion_pairs(frame)
    total = int((frame.universe & inclusion_cells).sum())
    overall = tally(frame, gf, gg, n_g)
    overall_cov = tag_coverage(frame, gf, gg, n_g, inclusion_cells)
    by = tally(frame, triples[0], triples[1] * n_s + triples[2], n_g * n_s)
    by_cov = tag_coverage(frame, triples[0], triples[1] * n_s + triples[2], n_g * n_s,
                          inclusion_cells)
    crit_sizes, crit_rows, unknown = _criteria(frame)

    results = []
    for g, group in enumerate(index.groups):
        group_title = index.title("group", group)
        inclusion = make_score(
            frame, describe(index, "exclusion", group), counts=overall.counts[g],
            not_assessed=overall.not_assessed[g], rows=overall.members[g],
            covered=overall_cov[g], total=total)
        sectors = []
        for s, sector in enumerate(index.sectors):
            i = g * n_s + s
            if by.counts[i].sum() + by.not_assessed[i] == 0:
                continue
            sectors.append(make_score(
                frame, describe(index, "exclusion", group, sector=sector), counts=by.counts[i],
                not_assessed=by.not_assessed[i], rows=by.members[i], covered=by_cov[i],
                total=total))
        criteria = tuple(
            CriterionCount(criterion=c, title=index.title("criterion", c),
                           count=int(crit_sizes[g * n_k + k]),
                           finding_keys=KeyList(frame.keys, crit_rows[g * n_k + k]))
            for k, c in enumerate(index.criteria) if crit_sizes[g * n_k + k])
        reasons = []
        if inclusion.score is not None and round(inclusion.score, 9) < scoring.exclusion_threshold:
            reasons.append(f"inclusion score {inclusion.score:.1f} is below "
                           f"{scoring.exclusion_threshold:g}")
        if criteria:
            reasons.append("exclusion criteria recorded: " + ", ".join(
                f"{c.criterion} ({c.count})" for c in criteria))
        keys = inclusion.finding_keys.union(*(c.finding_keys for c in criteria))
        verdict = "excluded: " + "; ".join(reasons) if reasons else (
            "not flagged as excluded" if inclusion.score is not None
            else "no rated inclusion finding and no criterion recorded")
        shown = f"{inclusion.score:.1f}" if inclusion.score is not None else "no score"
        results.append(GroupExclusion(
            group=group, target=f"exclusion:{group}", excluded=bool(reasons), inclusion=inclusion,
            by_sector=tuple(sectors), criteria=criteria, reasons=tuple(reasons),
            title=f"Exclusion of {group_title}",
            message=f"{group_title}: inclusion {shown} from "
                    f"{plural(inclusion.n_findings, 'rated finding')}; {verdict}.",
            tags=tags_of(("group", group)), finding_keys=keys, rule=rule))

    def rank(item: tuple[int, GroupExclusion]) -> tuple[bool, float, int, int]:
        position, result = item
        score = result.inclusion.score
        return (not result.excluded, math.inf if score is None else score,
                -sum(c.count for c in result.criteria), position)

    ranked = tuple(r for _, r in sorted(enumerate(results), key=rank))
    notices = tuple(
        Notice(type="unknown-code", field="exclusion_criteria", code=code,
               title=f"Unknown code {code!r} in findings' exclusion_criteria",
               message=f"{plural(len(rows), 'finding')} record {code!r}, which catalogue "
                       f"{index.catalogue.key!r} does not define; it was left out.",
               tags=tags_of(("field", "exclusion_criteria")),
               finding_keys=tuple(sorted(frame.keys[sorted(set(rows))].tolist())),
               record_keys=(), rule="Codes the catalogue does not define are never guessed.")
        for code, rows in sorted(unknown.items()))
    return ranked, notices
