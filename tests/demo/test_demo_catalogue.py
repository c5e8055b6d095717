"""Every code the demo uses exists in the default catalogue, and the demo passes the same
validation an import would."""

from __future__ import annotations

import pytest

from impactkit.catalogue.schema import Catalogue
from impactkit.demo import build_demo_cycles
from impactkit.domain import WorkspaceData
from impactkit.validation import check_workspace_data


@pytest.mark.parametrize("seed", [1, 2026])
def test_demo_validates_against_the_default_catalogue(seed: int, catalogue: Catalogue) -> None:
    for data in build_demo_cycles(seed=seed):
        assert check_workspace_data(data, catalogue) == []


def test_validation_would_catch_a_bad_code(catalogue: Catalogue) -> None:
    """The check above can fail: one unknown sector is reported."""
    data = build_demo_cycles()[-1]
    data.findings[0].sectors = ("labor",)
    problems = check_workspace_data(data, catalogue)
    assert [p.field for p in problems] == [f"findings[{data.findings[0].key}].sectors"]


def test_codes_come_from_the_catalogue(cycles: list[WorkspaceData],
                                       catalogue: Catalogue) -> None:
    provisions = {p.code: p for p in catalogue.provisions()}
    indicators = set(catalogue.codes("indicators"))
    for data in cycles:
        used = {p for f in data.findings for p in f.provisions}
        used |= {p for m in data.mandates for p in m.provisions}
        used |= {p for i in data.instruments for p in i.provisions}
        assert used <= set(provisions)
        assert all(provisions[p].assessable for p in used)
        assert {v.indicator for v in data.indicator_values} <= indicators
        assert {a.type for a in data.actors} <= set(catalogue.codes("actor_types"))
        assert {e.kind for e in data.evidence} <= set(catalogue.codes("evidence_kinds"))
        assert {c for f in data.findings for c in f.clusters} <= set(catalogue.codes("clusters"))
