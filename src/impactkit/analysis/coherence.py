"""Coherence tensions: which sectors pull against each other, and how badly.

Rules: every coherence-area finding (reaching at least one cell) that names two or more
``tension_sectors`` counts for each pair of them. Per pair of sectors:

* ``count``: findings naming the pair, in any rating state; ``finding_keys``: those findings;
* ``score``: the standard score of the rated ones; coverage counts the coherence cells they
  reach over all coherence cells of the universe.

Pairs are written in catalogue order of their sectors and ranked lowest score first (no score
last), then by count (most first), then catalogue order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from impactkit.analysis.aggregate import group_rows, tag_coverage, tally
from impactkit.analysis.frame import FindingFrame, expand, offsets_of
from impactkit.analysis.index import COHERENCE
from impactkit.analysis.results import KeyList, Notice, Result, Score, Tags, tags_of
from impactkit.analysis.rules import TENSION_RULE, plural
from impactkit.analysis.scores import make_score
from impactkit.analysis.slices import describe


@dataclass(frozen=True, slots=True)
class CoherenceTension(Result):
    """Findings that put two sectors in tension, and their score."""

    type: ClassVar[str] = "coherence-tension"
    sectors: tuple[str, str]
    target: str
    count: int
    score: Score
    title: str
    message: str
    tags: Tags
    finding_keys: KeyList
    rule: str


def tension_target(first: str, second: str) -> str:
    return f"tension:{first}+{second}"


def tension_pairs(frame: FindingFrame) -> tuple[np.ndarray, np.ndarray, dict[str, list[int]]]:
    """(finding, pair id) of coherence findings, pair id = first * n_sectors + second with
    first < second in catalogue order; plus unknown tension sector codes."""
    index = frame.index
    n_s = len(index.sectors)
    ts_f, ts_s, unknown = frame.rows.lists(
        "tension_sectors", {c: i for i, c in enumerate(index.sectors)}, n_s)
    keep = (frame.area[ts_f] == index.areas.index(COHERENCE)) & frame.has_cell[ts_f]
    ts_f, ts_s = ts_f[keep], ts_s[keep]
    picks, second = expand(np.arange(len(ts_f)), ts_f, offsets_of(ts_f, frame.n), ts_s)
    first = ts_s[picks]
    ordered = first < second
    return ts_f[picks][ordered], first[ordered] * n_s + second[ordered], unknown


def coherence_tensions(
        frame: FindingFrame) -> tuple[tuple[CoherenceTension, ...], tuple[Notice, ...]]:
    index = frame.index
    if COHERENCE not in index.areas:
        return (), (Notice(
            type="missing-vocabulary", field="areas", code=COHERENCE, title="No tension analysis",
            message=f"Catalogue {index.catalogue.key!r} has no area {COHERENCE!r}, so coherence "
                    "tensions are not computed.", tags=(), finding_keys=(), record_keys=(),
            rule=TENSION_RULE),)
    n_s = len(index.sectors)
    rows, pairs, unknown = tension_pairs(frame)
    _, area_of_cell, _ = index.cell_grid()
    cells = area_of_cell == index.areas.index(COHERENCE)
    total = int((frame.universe & cells).sum())
    counts = tally(frame, rows, pairs, n_s * n_s)
    covered = tag_coverage(frame, rows, pairs, n_s * n_s, cells)
    sizes, everyone = group_rows(rows, pairs, n_s * n_s)

    results = []
    for pair in np.flatnonzero(sizes).tolist():
        first, second = index.sectors[pair // n_s], index.sectors[pair % n_s]
        label = f"{index.title('sector', first)} / {index.title('sector', second)}"
        score = make_score(
            frame, describe(index, "tension", f"{first}+{second}"), counts=counts.counts[pair],
            not_assessed=counts.not_assessed[pair], rows=counts.members[pair],
            covered=covered[pair], total=total)
        shown = f"score {score.score:.1f}" if score.score is not None else "no score"
        results.append(CoherenceTension(
            sectors=(first, second), target=tension_target(first, second),
            count=int(sizes[pair]), score=score, title=f"Tension: {label}",
            message=f"{label}: {plural(int(sizes[pair]), 'coherence finding')} put these sectors "
                    f"in tension; {shown} from {plural(score.n_findings, 'rated finding')}.",
            tags=tags_of(("sector", (first, second)), ("area", COHERENCE)),
            finding_keys=KeyList(frame.keys, everyone[pair]), rule=TENSION_RULE))

    def rank(item: tuple[int, CoherenceTension]) -> tuple[float, int, int]:
        position, result = item
        value = result.score.score
        return (math.inf if value is None else value, -result.count, position)

    notices = tuple(
        Notice(type="unknown-code", field="tension_sectors", code=code,
               title=f"Unknown code {code!r} in findings' tension_sectors",
               message=f"{plural(len(found), 'finding')} name {code!r} as a sector in tension, "
                       f"which catalogue {index.catalogue.key!r} does not define; it was left "
                       "out.", tags=tags_of(("field", "tension_sectors")),
               finding_keys=tuple(sorted(frame.keys[sorted(set(found))].tolist())),
               record_keys=(), rule="Codes the catalogue does not define are never guessed.")
        for code, found in sorted(unknown.items()))
    return tuple(r for _, r in sorted(enumerate(results), key=rank)), notices
