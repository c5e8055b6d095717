"""Exchange and validation with the real default catalogue and the demo workspace: what users
actually export, import and check."""

from __future__ import annotations

from pathlib import Path

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.demo.build import build_demo
from impactkit.exchange.datapackage import (
    export_datapackage,
    read_datapackage,
    validate_with_frictionless,
)
from impactkit.exchange.tabular import read_findings_table
from impactkit.validation import check_workspace_data


def test_demo_workspace_is_valid_round_trips_and_meets_the_standard(tmp_path: Path) -> None:
    catalogue = load_default_catalogue()
    demo = build_demo()
    assert demo.findings and demo.evidence and demo.links
    assert check_workspace_data(demo, catalogue) == []
    path = export_datapackage(demo, tmp_path)
    assert validate_with_frictionless(path) == []
    back = read_datapackage(path)
    assert back == demo
    assert check_workspace_data(back, catalogue) == []


def test_provision_aliases_of_the_default_catalogue(tmp_path: Path) -> None:
    """Treaty texts call ILO C182 ``ILO_C182``; an import accepts that spelling too."""
    path = tmp_path / "findings.csv"
    path.write_text("key,area,layer,provisions,sectors,rating\n"
                    "F-1,compliance,law-policy,ILO_C182-3|palermo_tip-6|crc 32,labour,3\n",
                    encoding="utf-8")
    [finding] = read_findings_table(path, load_default_catalogue())
    assert finding.provisions == ("ILO182-3", "PALERMO-6", "CRC-32")
