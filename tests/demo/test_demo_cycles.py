"""Two cycles of one jurisdiction: the law improved between them, practice did not."""

from __future__ import annotations

from statistics import mean

from impactkit.analysis.report import analyse
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import RatingState, WorkspaceData


def test_same_jurisdiction_two_periods(cycles: list[WorkspaceData]) -> None:
    old, new = cycles
    assert old.workspace.jurisdiction == new.workspace.jurisdiction
    assert (old.workspace.cycle, new.workspace.cycle) == ("2015-2019", "2020-2024")
    assert old.workspace.key != new.workspace.key
    assert {f.key for f in old.findings} == {f.key for f in new.findings}


def test_reforms_appear_in_the_later_cycle_only(cycles: list[WorkspaceData]) -> None:
    old, new = ({i.key: i for i in c.instruments} for c in cycles)
    for key in ("guardianship-act-2022", "anti-trafficking-amendment-2021"):
        assert key not in old and key in new
    assert old["guardianship-regulation"].in_force
    assert not new["guardianship-regulation"].in_force
    guardianship = {c.workspace.year: next(m for m in c.mandates
                                           if m.actor_key == "guardianship-authority")
                    for c in cycles}
    assert guardianship[2019].legal_basis == "guardianship-regulation"
    assert guardianship[2024].legal_basis == "guardianship-act-2022"


def _law_mean(data: WorkspaceData, prefix: str) -> float:
    return mean(f.rating for f in data.findings
                if f.key.startswith(prefix) and f.layer == "law-policy"
                and f.rating_state is RatingState.RATED and f.rating is not None)


def test_law_improved_on_guardianship_and_non_punishment(cycles: list[WorkspaceData]) -> None:
    old, new = cycles
    for theme in ("guardianship-", "forced-criminality-"):
        assert _law_mean(new, theme) >= _law_mean(old, theme) + 1, theme


def test_practice_gap_persists(cycles: list[WorkspaceData], catalogue: Catalogue) -> None:
    old, new = (analyse(c, catalogue) for c in cycles)
    gaps = [{g.code: g for g in r.provision_gaps} for r in (old, new)]
    for code in ("CRC-32", "CRC-35"):
        before, after = gaps[0][code], gaps[1][code]
        assert after.law_policy.score > before.law_policy.score  # type: ignore[operator]
        assert after.practice.score <= 25 and before.practice.score <= 25  # type: ignore[operator]
        assert before.gap >= 50 and after.gap >= 50
