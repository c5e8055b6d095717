"""compare: several reports of one catalogue side by side."""

from __future__ import annotations

import pytest

from impactkit.analysis import analyse, compare
from impactkit.catalogue.schema import Cluster
from impactkit.errors import UsageError

from .conftest import finding, make_catalogue, workspace


def test_scores_side_by_side_with_differences(catalogue):
    first = analyse(workspace([finding("A", rating=2)], key="north"), catalogue)
    second = analyse(workspace([finding("A", rating=3), finding("B", provisions=["CRC-2"],
                                                                  rating=3)], key="south"),
                     catalogue)
    comparison = compare([first, second])
    assert comparison.type == "comparison"
    assert [w.workspace for w in comparison.workspaces] == ["north", "south"]
    rows = {(r.kind, r.code): r for r in comparison.rows}
    assert list(rows)[:3] == [("area", "inclusion"), ("area", "compliance"),
                              ("area", "coherence")]
    assert len(rows) == 3 + 3 + 2  # areas, clusters, layers
    north, south = rows[("area", "compliance")].values
    assert (north.score, north.coverage) == (pytest.approx(50.0), pytest.approx(0.1))
    assert north.score_difference is None and north.coverage_difference is None
    assert south.score == pytest.approx(75.0)
    assert south.score_difference == pytest.approx(25.0)
    assert south.coverage_difference == pytest.approx(0.1)  # 2/10 - 1/10
    inclusion = rows[("area", "inclusion")].values[1]
    assert inclusion.score is None and inclusion.score_difference is None
    plain = comparison.to_dict()
    assert plain["schema_version"] == 1
    assert plain["rows"][1]["values"][1]["score_difference"] == 25.0


def test_different_catalogues_are_refused(catalogue):
    one = analyse(workspace(), catalogue)
    other = analyse(workspace(catalogue_key="other"), make_catalogue(key="other"))
    with pytest.raises(UsageError, match="different catalogues"):
        compare([one, other])
    with pytest.raises(UsageError, match="at least two"):
        compare([one])


def test_a_slice_missing_from_a_report_has_no_values(catalogue):
    extended = catalogue.model_copy(update={"clusters": [
        *catalogue.clusters, Cluster(code="extra", title="Extra", provisions=["CRC-4"])]})
    data = workspace([finding("A", provisions=["CRC-4"], rating=4)])
    comparison = compare([analyse(data, catalogue), analyse(data, extended)])
    extra = next(r for r in comparison.rows if r.code == "extra")
    assert extra.values[0].score is None
    assert extra.values[1].score == pytest.approx(100.0)
    assert extra.values[1].score_difference is None
