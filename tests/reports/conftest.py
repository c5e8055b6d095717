"""A demo database per test module, and the reports built from it.

Rendering a report takes seconds (WeasyPrint lays out a PDF of some ninety pages), so each
document and each rendered file is built once per module and shared by the tests that read
it; the tests that change data build their own database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from impactkit.reports.model import Document
from impactkit.services import reports
from impactkit.services.accounts import Principal, operator
from impactkit.services.demo import build_demo_database
from impactkit.store.db import Database

CURRENT = "demo-veldmark-2024"
EARLIER = "demo-veldmark-2019"
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports read their generation time from SOURCE_DATE_EPOCH: fix it, so that renders
    can be compared byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('reports') / 'demo.db'}")
    build_demo_database(db, user="report-tester")
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def me() -> Principal:
    return operator("report-tester")


Render = Callable[..., tuple[Document, bytes]]


@pytest.fixture(scope="module")
def render(demo_db: Database, me: Principal) -> Render:
    """``render(kind, format, *workspaces, **options)``: one report, built and rendered once
    per module whatever the number of tests asking for it."""
    done: dict[tuple[object, ...], tuple[Document, bytes]] = {}

    def make(kind: str, format_: str, *workspaces: str, **options: object
             ) -> tuple[Document, bytes]:
        key = (kind, format_, workspaces, tuple(sorted(options.items())))
        if key not in done:
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
                request = reports.ReportRequest(kind, workspaces or (CURRENT,), format_,
                                                **options)  # type: ignore[arg-type]
                done[key] = reports.report_bytes(demo_db, me, request)
        return done[key]

    return make


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
