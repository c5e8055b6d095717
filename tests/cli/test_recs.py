"""``impact recs``: import, search, show, status, action, export, suggest, accept, reject,
train, run as a user would (both databases).

The demo workspaces hold recommendations of their own (with actions and status assessments):
the tests that search, list, export or train on what they import do so in ``FRESH``, a new
workspace with the demo's catalogue and no recommendation; those about one recommendation
(its status history, actions, links to the demo's findings) use the demo's ``WS``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from tests.cli.conftest import LATEST, Impact

WS = LATEST
FRESH = "recs-veldmark"
ROWS = [
    ("crc-5-32", "crc", "5",
     "Take measures to eliminate the worst forms of child labour, including in agriculture."),
    ("crc-5-35", "crc", "5",
     "Ensure that child victims of trafficking are identified and referred to shelters."),
    ("upr-4-1", "upr", "4", "Reform the tax system to reduce inequality (Peru)."),
]
MAP = ["--format", "generic", "--map", "key=key", "--map", "mechanism=mechanism",
       "--map", "cycle=cycle", "--map", "text=text"]


def recs_file(folder: Path) -> Path:
    path = folder / "recs.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["key", "mechanism", "cycle", "text"])
        writer.writerows(ROWS)
    return path


@pytest.fixture
def fresh(demo: Impact) -> Impact:
    """The CLI on the demo database with ``FRESH`` created in it, made as a user would: for
    a State of its own (recommendations are shared by a State's workspaces, and Veldmark's
    already hold the demo's), with the catalogue of the demo's ``WS``, holding no
    recommendation."""
    demo_ws = next(w for w in demo("workspace", "list", "--json").json() if w["key"] == WS)
    created = demo("workspace", "create", FRESH, "--jurisdiction", "XRE",
                   "--name", "Recsland", "--fictional", "--cycle", demo_ws["cycle"],
                   "--catalogue", demo_ws["catalogue"])
    assert created.code == 0, created.err
    assert demo("recs", "search", "-w", FRESH, "--json").json()["total"] == 0
    return demo


def test_import_twice_search_show_and_export(fresh: Impact, tmp_path: Path) -> None:
    path = recs_file(tmp_path)
    first = fresh("recs", "import", str(path), "-w", FRESH, *MAP, "--json")
    assert first.code == 0, first.err
    assert (first.json()["added"], first.json()["unchanged"]) == (3, 0)
    again = fresh("recs", "import", str(path), "-w", FRESH, *MAP, "--json")
    assert (again.json()["added"], again.json()["updated"], again.json()["unchanged"]) == (
        0, 0, 3)
    found = fresh("recs", "search", "trafficked", "-w", FRESH, "--json").json()
    assert [item["key"] for item in found["items"]] == ["crc-5-35"]
    shown = fresh("recs", "show", "crc-5-32", "-w", FRESH)
    assert shown.code == 0 and "worst forms of child labour" in shown.out
    out = tmp_path / "out.xlsx"
    assert fresh("recs", "export", str(out), "-w", FRESH).code == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["key", "mechanism"] and sheet.max_row == 4
    data = tmp_path / "out.json"
    fresh("recs", "export", str(data), "-w", FRESH)
    assert len(json.loads(data.read_text(encoding="utf-8"))["recommendations"]) == 3


def test_a_bad_mapping_is_a_usage_error_and_a_bad_file_writes_nothing(
        fresh: Impact, tmp_path: Path) -> None:
    wrong = fresh("recs", "import", str(recs_file(tmp_path)), "-w", FRESH,
                  "--format", "generic", "--map", "text")
    assert wrong.code == 2 and "FIELD=COLUMN" in wrong.err
    bad = tmp_path / "bad.csv"
    bad.write_text("key,mechanism,cycle,text\nx-1,upr,4,Do this.\nx-2,senate,4,Do that.\n",
                   encoding="utf-8")
    failed = fresh("recs", "import", str(bad), "-w", FRESH, *MAP)
    assert failed.code == 1
    assert "bad.csv" in failed.err and "row 3" in failed.err and "senate" in failed.err
    assert fresh("recs", "search", "-w", FRESH, "--json").json()["total"] == 0


def test_status_history_and_actions(demo: Impact, tmp_path: Path) -> None:
    demo("recs", "import", str(recs_file(tmp_path)), "-w", WS, *MAP)
    assert demo("recs", "status", "crc-5-35", "-w", WS, "--set", "planned", "--source",
                "state", "--on", "2024-01-10").code == 0
    result = demo("recs", "status", "crc-5-35", "-w", WS, "--set", "partially-implemented",
                  "--source", "civil-society", "--on", "2025-03-01", "--json")
    history = result.json()["status"]
    assert [(h["source"], h["status"]) for h in history] == [
        ("state", "planned"), ("civil-society", "partially-implemented")]
    assert demo("recs", "status", "crc-5-35", "-w", WS, "--set", "done").code == 2
    created = demo("recs", "action", "nap", "--title", "National action plan", "--answers",
                   "crc-5-35", "--answers", "crc-5-32", "-w", WS)
    assert created.code == 0, created.err
    assert "answering 2 recommendations." in created.out
    unknown = demo("recs", "action", "nap-2", "--title", "X", "--answers", "nope", "-w", WS)
    assert unknown.code == 1 and "no recommendation 'nope'" in unknown.err


def test_suggest_accept_reject_and_train(fresh: Impact, tmp_path: Path) -> None:
    fresh("recs", "import", str(recs_file(tmp_path)), "-w", FRESH, *MAP)
    suggested = fresh("recs", "suggest", "-w", FRESH, "--json")
    assert suggested.code == 0, suggested.err
    top = {(s["recommendation"], s["tag"]) for s in suggested.json()["top"]}
    assert ("crc-5-32", "provision:CRC-32") in top or any(
        rec == "crc-5-32" and tag.startswith("provision:") for rec, tag in top)
    assert fresh("recs", "accept", "crc-5-32", "provision:CRC-32", "child-rights",
                 "-w", FRESH).code == 0
    assert fresh("recs", "reject", "upr-4-1", "child-rights", "-w", FRESH).code == 0
    tagged = fresh("recs", "search", "-w", FRESH, "--tag", "provision:CRC-32", "--json").json()
    assert [item["key"] for item in tagged["items"]] == ["crc-5-32"]
    assert fresh("recs", "accept", "crc-5-32", "provision:CRC-999", "-w", FRESH).code == 2
    trained = fresh("recs", "train", "-w", FRESH)
    assert trained.code == 0 and "Trained on 2 recommendations" in trained.out


def test_link_to_findings_checks_they_exist(demo: Impact, tmp_path: Path) -> None:
    demo("recs", "import", str(recs_file(tmp_path)), "-w", WS, *MAP)
    linked = demo("recs", "link", "crc-5-32", "adoption-compliance-practice", "-w", WS)
    assert linked.code == 0, linked.err
    shown = demo("recs", "show", "crc-5-32", "-w", WS, "--json").json()
    assert shown["recommendation"]["findings"] == [f"{WS}/adoption-compliance-practice"]
    missing = demo("recs", "link", "crc-5-32", "adoption-compliance-practise", "-w", WS)
    assert missing.code == 1
    assert "did you mean 'adoption-compliance-practice'" in missing.err
    assert "Finding adoption-compliance-practice: " in demo(
        "recs", "show", "crc-5-32", "-w", WS).out
    demo("recs", "link", "crc-5-32", "adoption-compliance-practice", "--remove", "-w", WS)
    assert demo("recs", "show", "crc-5-32", "-w", WS, "--json").json()[
        "recommendation"]["findings"] == []
