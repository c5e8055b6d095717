"""Run the real ``impact`` command in-process against a real database (SQLite file, and
PostgreSQL when the suite has a server)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from impactkit.cli.app import main


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Impact = Callable[..., Run]


@pytest.fixture
def impact(database_url: str, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Impact:
    """``impact("analyse", "--json")`` runs the CLI on this test's database."""
    monkeypatch.setenv("IMPACT_DATABASE_URL", database_url)
    monkeypatch.setenv("IMPACT_USER", "tester")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def demo(impact: Impact) -> Impact:
    """The CLI on a database holding the demo workspaces."""
    result = impact("demo", "--json")
    assert result.code == 0, result.err
    return impact


LATEST = "demo-veldmark-2024"
EARLIER = "demo-veldmark-2019"
COMPARATIVE = ["demo-marisca-2024", "demo-oberan-2024", "demo-arvenholt-2024",
               "demo-sorvia-2024"]
"""The demo's four other fictional jurisdictions, compared with Veldmark's current cycle."""
ALL_DEMO = sorted([EARLIER, LATEST, *COMPARATIVE])
"""Every demo workspace, in the order listings give them (by key)."""
