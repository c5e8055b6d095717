"""The review queue through the service layer, on SQLite and PostgreSQL: one row per
recommendation in paragraph order, paged by recommendation, its suggestions grouped by kind;
a row's tags decided at once in one new version; bulk acceptance one version per
recommendation."""

from __future__ import annotations

from pathlib import Path

import pytest

from impactkit.errors import NotFoundError, UsageError, ValidationError
from impactkit.services import recommendation_tagging as tagging
from impactkit.services import recommendations as service
from impactkit.services.accounts import operator
from impactkit.services.setup import init_database
from impactkit.services.workspaces import create_workspace
from impactkit.store import recommendation_tracking as tracking
from impactkit.store.db import Database
from tests.services.test_recommendations import write_csv
from tests.web.test_review_queue import QWS, ROWS, SUGGESTED, SYMBOL

ME = operator("tester")


@pytest.fixture
def queued(database: Database, tmp_path: Path) -> Database:
    init_database(database, user="tester")
    create_workspace(database, ME, key=QWS, jurisdiction="XQU", jurisdiction_name="Queueland",
                     fictional=True, cycle="2025")
    rows = [{**row, "mechanism": "upr", "symbol": SYMBOL} for row in ROWS]
    service.import_file(database, ME, workspace_key=QWS, path=write_csv(
        tmp_path / "q.csv", rows), file_format="generic", mapping={
            "key": "key", "mechanism": "mechanism", "text": "text", "paragraph": "paragraph",
            "document_symbol": "symbol", "themes": "themes"})
    with database.begin() as conn:
        tracking.store_suggestions(conn, workspace_key=QWS, suggestions=SUGGESTED,
                                   tagged=[r["key"] for r in ROWS])
    return database


def test_rows_are_recommendations_in_paragraph_order_paged_by_recommendation(
        queued: Database) -> None:
    whole = tagging.review(queued, ME, workspace_key=QWS)
    assert [r.recommendation.key for r in whole.rows] == [
        "upr-9-121.2", "upr-9-121.9", "upr-9-121.10"]
    assert (whole.total, whole.suggestions) == (3, 6)
    last = whole.rows[2]
    assert [(kind, [s.code for s in items]) for kind, items in last.by_kind] == [
        ("provisions", ["CRC-32", "CRC-35"]), ("sectors", ["labour"]),
        ("summary", ["child-rights"])]
    second = tagging.review(queued, ME, workspace_key=QWS, limit=2, offset=2)
    assert [r.recommendation.key for r in second.rows] == ["upr-9-121.10"]
    assert len(second.rows[0].suggestions) == 4 and second.total == 3
    sectors = tagging.review(queued, ME, workspace_key=QWS, kind="sectors")
    assert [(r.recommendation.key, len(r.suggestions)) for r in sectors.rows] == [
        ("upr-9-121.10", 1)]
    with pytest.raises(ValidationError, match="per_page"):
        tagging.review(queued, ME, workspace_key=QWS, limit=tagging.MAX_REVIEW_ROWS + 1)


def test_a_row_decided_at_once_makes_one_version_and_skips_what_was_decided(
        queued: Database) -> None:
    tagging.decide(queued, ME, workspace_key=QWS, recommendation="upr-9-121.10",
                   kind="sectors", code="labour", accept=False)
    done = tagging.decide_all(queued, ME, workspace_key=QWS, recommendation="upr-9-121.10",
                              tags=[("provisions", "CRC-32"), ("provisions", "CRC-35"),
                                    ("sectors", "labour")], accept=True)
    assert done.decided == (("provisions", "CRC-32"), ("provisions", "CRC-35"))
    assert (done.recommendation.provisions, done.recommendation.sectors,
            done.recommendation.version) == (("CRC-32", "CRC-35"), (), 2)
    left = tagging.queue(queued, ME, workspace_key=QWS, recommendation="upr-9-121.10")
    assert [(s.kind, s.code) for s in left] == [("summary", "child-rights")]
    nothing = tagging.decide_all(queued, ME, workspace_key=QWS, recommendation="upr-9-121.10",
                                 tags=[("provisions", "CRC-32")], accept=False)
    assert nothing.decided == () and nothing.recommendation.provisions == ("CRC-32", "CRC-35")
    with pytest.raises(UsageError, match="CRC-999"):
        tagging.decide_all(queued, ME, workspace_key=QWS, recommendation="upr-9-121.9",
                           tags=[("provisions", "CRC-999")], accept=True)
    # accepting all leaves a tag below 0.5 pending; rejecting all takes it
    weak = tagging.decide_all(queued, ME, workspace_key=QWS, recommendation="upr-9-121.9",
                              tags=[("provisions", "CRC-35")], accept=True)
    assert (weak.decided, weak.kept) == ((), (("provisions", "CRC-35"),))
    assert weak.recommendation.provisions == () and weak.recommendation.version == 1
    gone = tagging.decide_all(queued, ME, workspace_key=QWS, recommendation="upr-9-121.9",
                              tags=[("provisions", "CRC-35")], accept=False)
    assert (gone.decided, gone.kept) == ((("provisions", "CRC-35"),), ())
    with pytest.raises(NotFoundError):
        tagging.decide_all(queued, ME, workspace_key=QWS, recommendation="nowhere",
                           tags=[("provisions", "CRC-32")], accept=False)


def test_bulk_acceptance_makes_one_version_per_recommendation(queued: Database) -> None:
    assert tagging.accept_above(queued, ME, workspace_key=QWS, threshold=0.6) == 4
    rec = service.get(queued, ME, workspace_key=QWS, key="upr-9-121.10")
    assert (rec.provisions, rec.sectors, rec.summary, rec.version) == (
        ("CRC-32", "CRC-35"), ("labour",), ("child-rights",), 2)
    assert [r.recommendation.key for r in tagging.review(queued, ME, workspace_key=QWS).rows
            ] == ["upr-9-121.2", "upr-9-121.9"]
