"""Run the real ``impact`` command in-process against a real database (SQLite file, and
PostgreSQL when the suite has a server)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from impactkit.cli.app import main
from impactkit.store.db import Database
from tests.web.conftest import Templates


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


def run_demo(database: Database) -> None:
    """Fill a database by running ``impact demo --json`` as ``tester``, as a test would."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMPACT_DATABASE_URL", database.url)
        patch.setenv("IMPACT_USER", "tester")
        assert main(["demo", "--json"]) == 0


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    """What ``impact demo`` leaves in a database, built once per session and backend."""
    templates = Templates(tmp_path_factory.mktemp("cli-demo-templates"), run_demo)
    yield templates
    templates.drop()


@pytest.fixture
def demo(impact: Impact, database_url: str, demo_templates: Templates) -> Impact:
    """The CLI on a database of this test's own holding the demo workspaces: a copy of what
    ``impact demo`` builds (the command itself is tested in test_demo_and_analysis.py)."""
    demo_templates.clone_into(database_url)
    return impact


LATEST = "demo-veldmark-2024"
EARLIER = "demo-veldmark-2019"
COMPARATIVE = ["demo-marisca-2024", "demo-oberan-2024", "demo-arvenholt-2024",
               "demo-sorvia-2024"]
"""The demo's four other fictional jurisdictions, compared with Veldmark's current cycle."""
ALL_DEMO = sorted([EARLIER, LATEST, *COMPARATIVE])
"""Every demo workspace, in the order listings give them (by key)."""
