"""A deliberately naive implementation of the scoring rules, used to cross-check the
vectorised engine: sets and loops, written straight from the rules in words."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Finding, WorkspaceData

Cell = tuple[str, str, str]
Slice = tuple[float | None, int, int, int, int]  # score, covered, total, rated, not assessed


class Reference:
    def __init__(self, data: WorkspaceData, catalogue: Catalogue,
                 statuses: Iterable[str] | None = None) -> None:
        self.catalogue = catalogue
        wanted = None if statuses is None else set(statuses)
        self.findings = [f for f in data.findings if wanted is None or f.status in wanted]
        self.provisions = [p.code for p in catalogue.provisions() if p.assessable]
        self.areas, self.layers = catalogue.codes("areas"), catalogue.codes("layers")
        self.clusters = {c.code: [p for p in c.provisions if p in self.provisions]
                         for c in catalogue.clusters}
        self.cells = {(p, a, lay) for p in self.provisions for a in self.areas
                      for lay in self.layers}
        reached: dict[str, set[Cell]] = {"rated": set(), "not-assessed": set(),
                                         "not-applicable": set()}
        for f in self.findings:
            reached[str(f.rating_state)] |= self.reach(f)
        only_na = reached["not-applicable"] - reached["rated"] - reached["not-assessed"]
        self.universe = self.cells - only_na

    def reach(self, f: Finding) -> set[Cell]:
        if f.area not in self.areas or f.layer not in self.layers:
            return set()
        provisions = {p for p in f.provisions if p in self.provisions}
        for c in f.clusters:
            provisions |= set(self.clusters.get(c, ()))
        return {(p, f.area, f.layer) for p in provisions}

    def weight(self, f: Finding) -> float:
        scoring = self.catalogue.scoring
        return scoring.confidence_weights[str(f.confidence)] * scoring.status_weights[str(f.status)]

    def slice(self, cells: set[Cell], tagged: Callable[[Finding], bool] = lambda f: True) -> Slice:
        members = [f for f in self.findings if tagged(f) and self.reach(f) & cells]
        rated = [f for f in members if str(f.rating_state) == "rated"]
        covered = set()
        for f in rated:
            covered |= self.reach(f) & cells
        total_weight = sum(self.weight(f) for f in rated)
        score = None
        if rated and total_weight > 0:
            mean = sum(self.weight(f) * f.rating for f in rated) / total_weight
            levels = [level.value for level in self.catalogue.rating_scale.levels]
            score = 100 * (mean - min(levels)) / (max(levels) - min(levels))
        not_assessed = sum(str(f.rating_state) == "not-assessed" for f in members)
        return score, len(covered), len(cells & self.universe), len(rated), not_assessed

    def families(self) -> dict[tuple[str, str], Slice]:
        """Every standard slice, plus gap sides, exclusion and tension slices."""
        out: dict[tuple[str, str], Slice] = {}
        for a in self.areas:
            out[("area", a)] = self.slice({c for c in self.cells if c[1] == a})
        for lay in self.layers:
            out[("layer", lay)] = self.slice({c for c in self.cells if c[2] == lay})
        for p in self.provisions:
            out[("provision", p)] = self.slice({c for c in self.cells if c[0] == p})
            for lay in self.layers:
                out[(f"provision@{lay}", p)] = self.slice(
                    {c for c in self.cells if c[0] == p and c[2] == lay})
        for code, members in self.clusters.items():
            out[("cluster", code)] = self.slice({c for c in self.cells if c[0] in members})
            for lay in self.layers:
                out[(f"cluster@{lay}", code)] = self.slice(
                    {c for c in self.cells if c[0] in members and c[2] == lay})
        inclusion = {c for c in self.cells if c[1] == "inclusion"}
        coherence = {c for c in self.cells if c[1] == "coherence"}
        for s in self.catalogue.codes("sectors"):
            out[("sector", s)] = self.slice(self.cells, lambda f, s=s: s in f.sectors)
        for g in self.catalogue.codes("child_groups"):
            out[("group", g)] = self.slice(self.cells, lambda f, g=g: g in f.groups)
            out[("exclusion", g)] = self.slice(inclusion, lambda f, g=g: g in f.groups)
        sectors = self.catalogue.codes("sectors")
        for i, first in enumerate(sectors):
            for second in sectors[i + 1:]:
                out[("tension", f"{first}+{second}")] = self.slice(
                    coherence, lambda f, a=first, b=second: a in f.tension_sectors
                    and b in f.tension_sectors)
        return out
