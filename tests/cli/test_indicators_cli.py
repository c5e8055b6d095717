"""``impact indicators``, ``impact vulnerability``, ``impact determinants`` and ``impact
own-recs`` as a user runs them, on the demo database."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import EARLIER, LATEST, Impact
from tests.conftest import shared_file


def test_define_import_list_and_explain_an_indicator(demo: Impact, tmp_path: Path) -> None:
    defined = demo("indicators", "define", "tip-tier", "--title", "US TIP report tier",
                   "--unit", "tier", "--direction", "lower-is-better", "--source",
                   "US State Department")
    assert defined.code == 0, defined.err
    listed = demo("indicators", "list", "--defined", "--json").json()
    assert [d["code"] for d in listed] == ["tip-tier"]
    bad = demo("indicators", "define", "x", "--title", "X", "--unit", "u", "--lower", "5")
    assert bad.code == 2 and "both --lower and --upper" in bad.err
    panel = tmp_path / "panel.csv"
    panel.write_text("country,yr,tier\nXVM,2014,2\nXVM,2022,3\n", encoding="utf-8")
    imported = demo("indicators", "import", str(panel), "--indicator", "tip-tier",
                    "--map", "country=jurisdiction", "--map", "yr=year", "--map", "tier=value")
    assert imported.code == 0, imported.err
    assert "2 values for 1 jurisdictions" in imported.out.replace("\n", " ")
    readings = {r["code"]: r for r in demo("indicators", "list", "-w", LATEST, "--json").json()}
    assert readings["tip-tier"]["latest"] == {"year": 2022, "value": 3.0, "source": ""}
    assert readings["tip-tier"]["trend"] == "worse"
    explained = demo("explain", "indicator:tip-tier", "-w", LATEST)
    assert explained.code == 0 and "2022" in explained.out
    missing = demo("explain", "indicator:tip-teir", "-w", LATEST)
    assert missing.code == 1 and "did you mean tip-tier" in missing.err


def test_a_malformed_panel_is_refused_whole_with_rows_and_columns(demo: Impact,
                                                                   tmp_path: Path) -> None:
    panel = tmp_path / "bad.csv"
    panel.write_text("iso3,year,value\nFRA,2020,1\nFRA,2020,2\nXQQ,20x,3\n", encoding="utf-8")
    result = demo("indicators", "import", str(panel), "--indicator",
                  "child-marriage-sdg-5-3-1", "--map", "iso3=jurisdiction")
    assert result.code == 1
    assert "bad.csv" in result.err and "row 4" in result.err and "year" in result.err
    indices = demo("vulnerability", "panel", "--year", "2020", "--json").json()
    assert "FRA" not in {i["jurisdiction"] for i in indices}


def test_vulnerability_and_its_explanation(demo: Impact) -> None:
    shown = demo("vulnerability", "show", "-w", LATEST, "--json").json()
    assert shown["type"] == "vulnerability" and shown["reference_year"] == 2024
    assert [d["code"] for d in shown["dimensions"]] == ["survival", "development",
                                                        "protection", "participation"]
    explained = demo("explain", "vulnerability:protection", "-w", LATEST, "--json").json()
    assert explained["type"] == "vulnerability-dimension"
    unknown = demo("explain", "vulnerability:happiness", "-w", LATEST)
    assert unknown.code == 1 and "participation" in unknown.err


def test_real_files_correlate(demo: Impact) -> None:
    sdg = shared_file("sdg_5_3_1_women20_24_married_before18.csv")
    assert demo("indicators", "import", str(sdg), "--indicator", "child-marriage-sdg-5-3-1",
                "--map", "iso3=jurisdiction", "--map", "value_pct=value").code == 0
    mortality = shared_file("sdg_3_2_1_under5_mortality.csv")
    assert demo("indicators", "import", str(mortality), "--indicator",
                "under5-mortality-sdg-3-2-1", "--map", "iso3=jurisdiction").code == 0
    pair = demo("indicators", "correlate", "child-marriage-sdg-5-3-1",
                "under5-mortality-sdg-3-2-1", "--json").json()
    assert pair["correlation"]["n"] > 100 and pair["correlation"]["rho"] > 0.4
    text = demo("indicators", "correlate", "child-marriage-sdg-5-3-1",
                "under5-mortality-sdg-3-2-1").out
    assert "significant" not in text
    indices = demo("vulnerability", "panel", "--year", "2020", "--json").json()
    real = [i for i in indices if not i["jurisdiction"].startswith("X")]
    assert len(real) > 100
    assert all(i["value"] is None for i in real)  # 2 indicators of 14: too few


def test_determinants_and_own_recommendations(demo: Impact) -> None:
    report = demo("determinants", EARLIER, LATEST, "--json").json()
    assert report["type"] == "determinant-report"
    assert report["jurisdictions"] == ["Republic of Veldmark (2015-2019)",
                                       "Republic of Veldmark (2020-2024)"]
    drafts = demo("own-recs", "draft", "-w", LATEST, "--json").json()
    assert any(d["grade"] == "urge" and "CRC-35" in d["provisions"] for d in drafts)
    stored = demo("own-recs", "list", "-w", LATEST, "--json").json()
    assert len(stored) == len(drafts)
    key = stored[0]["key"]
    edited = demo("own-recs", "edit", key, "--version", "1", "--text", "Act now.",
                  "-w", LATEST)
    assert edited.code == 0, edited.err
    stale = demo("own-recs", "edit", key, "--version", "1", "--text", "Other.", "-w", LATEST)
    assert stale.code == 1 and "changed by someone else" in stale.err
    shown = demo("own-recs", "show", key, "-w", LATEST, "--json").json()
    assert (shown["text"], shown["version"]) == ("Act now.", 2)


def test_indicators_beside_a_provision_and_its_score(demo: Impact) -> None:
    shown = demo("indicators", "list", "-w", LATEST, "--provision", "CRC-32", "--json").json()
    score = demo("explain", "provision:CRC-32", "-w", LATEST, "--json").json()
    assert shown["score"]["score"] == score["score"]["score"]
    assert set(shown["indicators"]) <= {"structural", "process", "outcome"}
    codes = {r["code"] for found in shown["indicators"].values() for r in found}
    assert "child-labour-inspections" in codes
    assert all("CRC-32" in r["tags"]["provision"] for found in shown["indicators"].values()
               for r in found)
