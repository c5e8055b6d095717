"""The getting-started page runs as written: every ``impact`` command of its shell blocks, in
order, in an empty folder, with the findings file the page shows; and the numbers the page
states about that file are the ones the tool computes."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from impactkit.cli.app import main

PAGE = Path(__file__).resolve().parents[1] / "docs" / "getting-started.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    return [(kind, body) for kind, body in FENCE.findall(PAGE.read_text(encoding="utf-8"))]


def commands() -> list[list[str]]:
    """The page's ``impact`` command lines (comments dropped), in order."""
    found = []
    for kind, body in blocks():
        if kind != "sh":
            continue
        for line in body.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == "impact":
                found.append(words[1:])
    return found


def findings_file() -> str:
    return next(body for kind, body in blocks()
                if kind == "text" and body.startswith("key,area,layer,"))


def test_the_page_has_the_commands_a_new_user_runs() -> None:
    ran = [" ".join(words) for words in commands()]
    assert "--db demo.db demo --fresh" in ran
    assert "workspace create grc-2025 --jurisdiction GRC --cycle 2025" in ran
    assert "import findings.csv --kind findings -w grc-2025" in ran


def test_every_command_of_the_page_runs_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IMPACT_DATABASE_URL", raising=False)
    monkeypatch.setenv("IMPACT_USER", "reader")
    monkeypatch.setenv("COLUMNS", "120")
    (tmp_path / "findings.csv").write_text(findings_file(), encoding="utf-8")
    for words in commands():
        code = main(words)
        out = capsys.readouterr()
        assert code == 0, f"impact {' '.join(words)} failed:\n{out.out}\n{out.err}"
        if words[:2] == ["workspace", "create"]:
            assert "Created workspace grc-2025: Greece 2025 (GRC)" in out.out
        if words == ["--version"]:
            assert out.out.startswith("impact ")
    assert (tmp_path / "out" / "datapackage.json").is_file()

    # "CRC-32 has a law-and-policy score of 75.0 (one finding rated 3) and a practice score
    # of 25.0 (one rated 1): a gap of 50.0 points"
    assert main(["explain", "gap:CRC-32", "-w", "grc-2025", "--json"]) == 0
    explained = json.loads(capsys.readouterr().out)
    assert explained["value"] == 50.0
    assert explained["arithmetic"] == "gap = law-policy 75.00 - practice 25.00 = 50.00"
