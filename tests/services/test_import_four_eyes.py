"""The four-eyes rule holds for imports too: a finding that arrives reviewed or validated must
name who checked it, someone other than its author, when the workspace applies the rule.

Reproduction of the defect: ``impact import --kind findings`` of a row with
``status=validated`` and ``validated_by`` equal to ``author`` landed in a workspace with the
rule on, and so did a Data Package whose findings their authors had checked themselves.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from impactkit.demo import build_demo
from impactkit.domain import FindingStatus
from impactkit.errors import ImportRejected
from impactkit.exchange.datapackage import export_datapackage
from impactkit.services import exchange, workspaces
from impactkit.services.accounts import operator
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS, sample_data

IMPORTER = operator("importer")

HEADER = "key,area,layer,provisions,sectors,rating,status,author,reviewed_by,validated_by\n"


def table(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "findings.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def audit_count(db: Database) -> int:
    with db.connect() as conn:
        return audit.count(conn, workspace_key=WS)


def test_a_table_of_findings_checked_by_their_authors_is_refused_whole(
        db: Database, tmp_path: Path) -> None:
    path = table(tmp_path,
                 "F8,compliance,law-policy,CRC-32,labour,3,reviewed,ana,bo,",
                 "F9,compliance,law-policy,CRC-32,labour,3,reviewed,ana,ana,",
                 "F10,compliance,law-policy,CRC-32,labour,3,reviewed,ana,,")
    before = audit_count(db)
    with pytest.raises(ImportRejected) as refused:
        exchange.import_table(db, IMPORTER, key=WS, path=path, kind="findings")
    assert [(p.location, p.field) for p in refused.value.problems] == [
        (str(path), "findings[F9].reviewed_by"), (str(path), "findings[F10].reviewed_by")]
    assert refused.value.problems[0].message == (
        f"finding 'F9' is reviewed and names ana as its reviewer, who also wrote it, and "
        f"workspace '{WS}' applies the four-eyes rule: reviewed_by must name another reviewer")
    assert "names no reviewer" in refused.value.problems[1].message
    assert audit_count(db) == before  # all or nothing: F8 was not imported either


def test_a_validated_finding_validated_by_its_author_is_refused(
        db: Database, tmp_path: Path) -> None:
    path = table(tmp_path, "F9,compliance,law-policy,CRC-32,labour,3,validated,ana,bo,ana")
    with pytest.raises(ImportRejected) as refused:
        exchange.import_table(db, IMPORTER, key=WS, path=path, kind="findings")
    fields = [p.field for p in refused.value.problems]
    assert "findings[F9].validated_by" in fields
    assert any("names ana as its validator, who also wrote it" in p.message
               for p in refused.value.problems)


def test_checks_by_others_import_and_the_rule_switched_off_lets_own_checks_in(
        db: Database, tmp_path: Path) -> None:
    checked = table(tmp_path, "F8,compliance,law-policy,CRC-32,labour,3,reviewed,ana,bo,")
    report = exchange.import_table(db, IMPORTER, key=WS, path=checked, kind="findings")
    assert report.counts["finding"] == 1
    workspaces.set_four_eyes(db, operator("wsadmin"), key=WS, on=False)
    own = table(tmp_path, "F9,compliance,law-policy,CRC-32,labour,3,reviewed,ana,ana,")
    report = exchange.import_table(db, IMPORTER, key=WS, path=own, kind="findings")
    assert report.counts["finding"] == 1


def test_a_data_package_with_a_finding_validated_by_its_author_is_refused(
        db: Database, tmp_path: Path) -> None:
    data = sample_data()
    data.findings = [dataclasses.replace(f, validated_by=f.author)
                     if f.status is FindingStatus.VALIDATED else f for f in data.findings]
    package = export_datapackage(data, tmp_path / "package")
    with pytest.raises(ImportRejected) as refused:
        exchange.import_datapackage(db, IMPORTER, path=package, workspace_key="copy")
    assert [p.field for p in refused.value.problems] == ["findings[F1].validated_by"]
    assert "copy" not in {w.key for w in workspaces.list_workspaces(db, operator("tester"))}


def test_the_demo_still_round_trips_as_a_data_package(db: Database, tmp_path: Path) -> None:
    package = export_datapackage(build_demo(), tmp_path / "demo")
    report = exchange.import_datapackage(db, IMPORTER, path=package,
                                         workspace_key="demo-copy")
    assert report.counts["finding"] > 0
