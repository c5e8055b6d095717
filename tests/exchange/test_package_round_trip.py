"""The whole package round trip: a workspace holding every kind of record people enter is
exported, imported into a fresh database, exported again, and every file of both packages is
compared byte for byte; the State's package likewise. On SQLite, and on PostgreSQL when
``IMPACT_TEST_POSTGRES_URL`` is set (the ``database`` fixture)."""

from __future__ import annotations

import csv
import dataclasses
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from impactkit.catalogue.indicator_model import Indicator
from impactkit.demo import build_demo_cycles, texts_for
from impactkit.demo.recommendations import recommendations_for
from impactkit.domain import PanelValue
from impactkit.errors import ImportRejected
from impactkit.exchange.datapackage import validate_with_frictionless
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    StatusAssessment,
    StatusSource,
    Suggestion,
    SuggestionState,
    finding_ref,
)
from impactkit.recommendations.own import Grade, OwnRecommendation
from impactkit.recommendations.reiteration import families
from impactkit.services import exchange as service
from impactkit.services import state_exchange
from impactkit.services.accounts import operator
from impactkit.services.setup import init_database
from impactkit.store import audit, editing, editorial, records, workspaces
from impactkit.store import indicator_panel as panel_store
from impactkit.store import own_recommendations as own_store
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as recommendation_store
from impactkit.store import scenarios as scenario_store
from impactkit.store.db import Database

ADMIN = operator("ana")
WHEN = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)


@contextmanager
def fresh_database(like: Database, tmp_path: Path, name: str) -> Iterator[Database]:
    """Another empty, migrated database on the same backend as ``like``."""
    url = like.engine.url
    if url.get_backend_name() == "sqlite":
        db = Database(f"sqlite:///{tmp_path / f'{name}.db'}")
        db.migrate()
        yield db
        db.dispose()
        return
    database = f"impact_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    db = Database(url.set(database=database).render_as_string(hide_password=False))
    try:
        db.migrate()
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def build_everything(db: Database) -> str:
    """The demo's current cycle with its report texts, recommendations, actions and status
    history, and what the demo lacks: suggestions pending and decided, a second status
    source, links to findings, odd texts, a scenario, review comments, an own recommendation
    edited once, an indicator definition and the State's panel; the four-eyes rule off, and a
    finding validated by its own author. Returns the workspace key."""
    init_database(db, user="setup")
    data = build_demo_cycles()[-1]
    own_check = data.findings[1]
    data.findings[1] = dataclasses.replace(own_check, validated_by=own_check.author)
    key, year = data.workspace.key, data.workspace.year or 0
    demo = recommendations_for(year, {a.key for a in data.actors})
    first, second = demo.recommendations[0], demo.recommendations[1]
    finding = data.findings[0].key
    made = [dataclasses.replace(first, findings=(finding_ref(key, finding), "other-ws/F-9"),
                                themes=("Trafficking | exploitation", "=SUM(A1)"),
                                summary=("trafficking", "child-rights"),
                                provisions=("CRC-35", "CRC-34")),
            *demo.recommendations[1:]]
    with db.begin() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user="setup")
        workspaces.set_four_eyes(conn, key=key, on=False, user="setup")
        records.add_records(conn, workspace_key=key, data=data, user="setup")
        sections = texts_for(year)
        editorial.add_sections(conn, workspace_key=key, sections=sections, user="ed")
        editorial.save_section(conn, workspace_key=key, key=sections[0].key, body="Edited.",
                               expected_version=1, user="ed")
        recommendation_store.save_imported(conn, workspace_key=key, records=made,
                                           families=families(made), by="setup")
        for action in demo.actions:
            tracking.add_action(conn, workspace_key=key, action=action, by="setup")
        tracking.add_action(conn, workspace_key=key, by="bo", action=Action(
            key="act-extra", title="Referral protocol", description="Line one\nline two",
            recommendations=(second.key, first.key), actors=(data.actors[0].key,),
            status=ImplementationStatus.PARTIAL, due=date(2026, 1, 31)))
        for assessment in demo.statuses:
            tracking.add_status(conn, workspace_key=key, assessment=assessment, by="setup")
        for source, status in ((StatusSource.STATE, ImplementationStatus.IMPLEMENTED),
                               (StatusSource.NHRI, ImplementationStatus.PARTIAL)):
            tracking.add_status(conn, workspace_key=key, by="cy", assessment=StatusAssessment(
                recommendation=first.key, source=source, status=status,
                assessed_on=date(2025, 2, 1), assessor="Ombudsperson", evidence="A/B/1",
                note="second source"))
        tracking.store_suggestions(conn, workspace_key=key, tagged=[first.key, second.key],
                                   suggestions=[
            Suggestion(first.key, "provisions", "CRC-39", 0.8125, ("recovery", "a | b")),
            Suggestion(first.key, "sectors", "social-welfare", 0.5),
            Suggestion(second.key, "provisions", "CRC-32", 0.61, ("child labour",))])
        tracking.mark_decided(conn, workspace_key=key, recommendation=first.key,
                              kind="provisions", code="CRC-39", state=SuggestionState.ACCEPTED,
                              by="dee", at=WHEN)
        tracking.mark_decided(conn, workspace_key=key, recommendation=second.key,
                              kind="provisions", code="CRC-32", state=SuggestionState.REJECTED,
                              by="eve", at=WHEN)
        tracking.mark_decided(conn, workspace_key=key, recommendation=second.key,
                              kind="summary", code="trafficking",
                              state=SuggestionState.ACCEPTED, by="eve", at=WHEN)
        scenario_store.save_scenario(
            conn, workspace_key=key, key="sc-1", title="Girl, 15, found at a border",
            document={"situation": {"age": 15, "forms": ["sexual"]}, "notes": "ü ΘΑ"},
            route={"steps": [{"actor": data.actors[0].key, "score": 0.1 + 0.2}]}, by="fay")
        editing.add_comment(conn, workspace_key=key, finding_key=finding, user="gus",
                            text="Source?\r\nSee the 2023 report.")
        editing.add_comment(conn, workspace_key=key, finding_key=finding, user="hal",
                            text="=1+1")
        own = OwnRecommendation(key="gap-crc-35", text="Adopt a referral mechanism.",
                                grade=Grade.URGE, basis="law-practice-gap",
                                basis_target="gap CRC-35", rationale="No protocol.",
                                actors=(data.actors[0].key,), provisions=("CRC-35",),
                                related=(first.key,))
        own_store.add(conn, workspace_key=key, records=[own], user="ida")
        own_store.update(conn, workspace_key=key, expected_version=1, user="ida",
                         record=dataclasses.replace(own, text="Adopt and fund it."))
        tier = Indicator(code="tip-tier", title="TIP tier", type="outcome", unit="tier")
        panel_store.save_definition(conn, indicator=tier, expected_version=None, user="jo")
        code = data.workspace.jurisdiction.code
        panel_store.save_panel(conn, rows=[PanelValue(code, "tip-tier", 2023, 2.0, "US DoS"),
                                           PanelValue(code, "tip-tier", 2024, 1.5, "", "est.")],
                               names={code: data.workspace.jurisdiction}, user="jo",
                               source_file="tip.csv")
    return key


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_every_record_survives_export_import_export(database: Database, tmp_path: Path
                                                    ) -> None:
    key = build_everything(database)
    first = tmp_path / "first"
    service.export_workspace(database, ADMIN, key=key, directory=first)
    exported = files_of(first)
    for name, least in {"recommendations.csv": 3, "actions.csv": 2, "status_history.csv": 3,
                        "tag_suggestions.csv": 5, "scenarios.csv": 2, "finding_events.csv": 3,
                        "own_recommendations.csv": 2, "indicator_definitions.csv": 2,
                        "indicator_panel.csv": 3, "editorial_sections.csv": 2}.items():
        assert len(rows_of(first / name)) >= least, name  # header and the records built
    assert validate_with_frictionless(first) == []
    [header, row] = rows_of(first / "workspace.csv")
    assert row[header.index("four_eyes")] == "false"

    with fresh_database(database, tmp_path, "fresh") as fresh:
        init_database(fresh, user="setup")
        # the rule off comes with the package: the finding its author validated is accepted
        report = service.import_datapackage(fresh, operator("zed"), path=first)
        assert report.counts["tag-suggestion"] == 4
        assert report.counts["review-event"] == 2
        with fresh.connect() as conn:
            assert workspaces.four_eyes(conn, key=key) is False
        second = tmp_path / "second"
        service.export_workspace(fresh, ADMIN, key=key, directory=second)
        assert files_of(second) == exported  # every CSV and datapackage.json, byte for byte

        # the State's package: the same records, from either database
        state_code = rows_of(first / "workspace.csv")[1][2]
        state_exchange.export_state(database, ADMIN, code=state_code, directory=tmp_path / "s1")
        state_exchange.export_state(fresh, ADMIN, code=state_code, directory=tmp_path / "s2")
        assert files_of(tmp_path / "s1") == files_of(tmp_path / "s2")
        for name in ("recommendations.csv", "status_history.csv", "tag_suggestions.csv"):
            assert (tmp_path / "s1" / name).read_bytes() == exported[name]
        assert state_exchange.is_state_package(tmp_path / "s1")
        # importing it again where it is stored already changes nothing
        again = state_exchange.import_state(fresh, ADMIN, path=tmp_path / "s1")
        assert set(again.counts.values()) == {0}
        service.export_workspace(fresh, ADMIN, key=key, directory=tmp_path / "third")
        assert files_of(tmp_path / "third") == exported


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    """A SQLite database holding everything, and its workspace's package."""
    folder = tmp_path_factory.mktemp("package")
    db = Database(f"sqlite:///{folder / 'impact.db'}")
    db.migrate()
    key = build_everything(db)
    service.export_workspace(db, ADMIN, key=key, directory=folder / "pkg")
    yield db, folder / "pkg"
    db.dispose()


def test_a_broken_package_is_refused_with_file_row_and_field(
        package: tuple[Database, Path], tmp_path: Path) -> None:
    database, exported = package
    folder = tmp_path / "pkg"
    shutil.copytree(exported, folder)
    rows = rows_of(folder / "status_history.csv")
    rows[1][rows[0].index("recommendation")] = "upr-0-nowhere"
    rows[2][rows[0].index("status")] = "done"
    _write(folder / "status_history.csv", rows)
    events = rows_of(folder / "finding_events.csv")
    events.append(events[1])
    _write(folder / "finding_events.csv", events)
    scenarios = rows_of(folder / "scenarios.csv")
    scenarios[1][scenarios[0].index("route")] = "[1, 2]"
    _write(folder / "scenarios.csv", scenarios)
    suggestions = rows_of(folder / "tag_suggestions.csv")
    suggestions[1][suggestions[0].index("support")] = "recovery"
    _write(folder / "tag_suggestions.csv", suggestions)
    with pytest.raises(ImportRejected) as info:
        service.import_datapackage(database, ADMIN, path=folder, workspace_key="copy")
    found = sorted((p.location, p.row, p.field) for p in info.value.problems)
    assert found == [("finding_events.csv", len(events), "position"),
                     ("scenarios.csv", 2, "route"),
                     ("status_history.csv", 2, "recommendation"),
                     ("status_history.csv", 3, "status"),
                     ("tag_suggestions.csv", 2, "support")]
    with database.connect() as conn:
        assert workspaces.workspace_id(conn, key="copy", missing_ok=True) is None


def test_links_to_findings_follow_a_workspace_imported_under_another_key(
        package: tuple[Database, Path], tmp_path: Path) -> None:
    """Also when the link is a bare finding key (an edited or older package): it names the
    package's own workspace's finding, and keeps naming it."""
    database, exported = package
    key = rows_of(exported / "workspace.csv")[1][0]
    exported = _copy(exported, tmp_path / "bare")
    recs = rows_of(exported / "recommendations.csv")
    column = recs[0].index("findings")
    [linked_row] = [row for row in recs[1:] if row[column]]
    ours, theirs = linked_row[column].split("|")
    linked_row[column] = f"{ours.removeprefix(f'{key}/')}|{theirs}"
    assert "/" not in linked_row[column].split("|")[0]  # bare
    _write(exported / "recommendations.csv", recs)
    with fresh_database(database, tmp_path, "renamed") as fresh:
        init_database(fresh, user="setup")
        service.import_datapackage(fresh, ADMIN, path=exported, workspace_key="renamed")
        with fresh.connect() as conn:
            linked = [r.findings for r in recommendation_store.load_recommendations(
                conn, workspace_key="renamed") if r.findings]
    [(ours, other)] = linked
    assert ours.startswith("renamed/") and ours.removeprefix("renamed/") in rows_of(
        exported / "findings.csv")[1]
    assert other == "other-ws/F-9"  # another workspace's finding: left as it was
    # where the exported workspace is, the State's records (and links) are the stored ones
    service.import_datapackage(database, ADMIN, path=exported, workspace_key="copy-2")
    with database.connect() as conn:
        [(same, _)] = [r.findings for r in recommendation_store.load_recommendations(
            conn, workspace_key="copy-2") if r.findings]
    assert same.startswith(f"{key}/")


def test_a_definition_that_is_no_indicator_is_refused_by_row(
        package: tuple[Database, Path], tmp_path: Path) -> None:
    database, exported = package
    folder = tmp_path / "pkg"
    shutil.copytree(exported, folder)
    rows = rows_of(folder / "indicator_definitions.csv")
    rows[1][rows[0].index("document")] = '{"code":"tip-tier","type":"outcome"}'
    _write(folder / "indicator_definitions.csv", rows)
    with pytest.raises(ImportRejected) as info:
        service.import_datapackage(database, ADMIN, path=folder, workspace_key="copy")
    [problem] = info.value.problems
    assert (Path(problem.location).name, problem.row, problem.field) == (
        "indicator_definitions.csv", 2, "indicator_definitions[tip-tier].document")
    assert problem.message == ("not an indicator definition: title: Field required; "
                               "unit: Field required")


def test_a_state_record_stored_otherwise_refuses_the_whole_import(
        package: tuple[Database, Path], tmp_path: Path) -> None:
    database, exported = package
    code = rows_of(exported / "workspace.csv")[1][2]
    folder = tmp_path / "state"
    state_exchange.export_state(database, ADMIN, code=code, directory=folder)
    rows = rows_of(folder / "status_history.csv")
    rows[1][rows[0].index("note")] = "changed"
    _write(folder / "status_history.csv", rows)
    with pytest.raises(ImportRejected) as info:
        state_exchange.import_state(database, ADMIN, path=folder)
    problems = info.value.problems
    assert [(Path(p.location).name, p.field) for p in problems] == [
        ("status_history.csv", "key")]
    assert repr(rows[1][0]) in problems[0].message
    assert "already stored for this State and differs" in problems[0].message


def test_references_and_tags_the_app_would_refuse_are_refused_all_at_once(
        package: tuple[Database, Path], tmp_path: Path) -> None:
    database, exported = package
    folder = _copy(exported, tmp_path / "pkg")
    edits = {"recommendations.csv": (1, "provisions", "CRC-35|CRC-999"),
             "actions.csv": (2, "recommendations", "no-such-rec"),
             "own_recommendations.csv": (1, "related", "no-such-rec")}
    for name, (index, column, value) in edits.items():
        rows = rows_of(folder / name)
        rows[index][rows[0].index(column)] = value
        if name == "actions.csv":
            rows[index][rows[0].index("actors")] = "no-such-actor"
        _write(folder / name, rows)
    with database.connect() as conn:
        audit_before = audit.count(conn)
    with pytest.raises(ImportRejected) as info:
        service.import_datapackage(database, ADMIN, path=folder, workspace_key="copy")
    found = sorted((Path(p.location).name, p.row, p.field) for p in info.value.problems)
    assert found == [("actions.csv", 3, "actors"), ("actions.csv", 3, "recommendations"),
                     ("own_recommendations.csv", 2, "related"),
                     ("recommendations.csv", 2, "provisions")]
    messages = {p.field: p.message for p in info.value.problems}
    assert messages["provisions"].startswith("unknown provision tag 'CRC-999'")
    assert messages["actors"].startswith("no actor 'no-such-actor' in the package nor in "
                                         "another workspace of the State")
    with database.connect() as conn:
        assert workspaces.workspace_id(conn, key="copy", missing_ok=True) is None
        assert audit.count(conn) == audit_before

    # a State's package is held to the same rules
    code = rows_of(exported / "workspace.csv")[1][2]
    state = tmp_path / "state"
    state_exchange.export_state(database, ADMIN, code=code, directory=state)
    shutil.copy(folder / "actions.csv", state / "actions.csv")
    with pytest.raises(ImportRejected) as info:
        state_exchange.import_state(database, ADMIN, path=state)
    assert sorted((Path(p.location).name, p.row, p.field) for p in info.value.problems) == [
        ("actions.csv", 3, "actors"), ("actions.csv", 3, "recommendations")]


def test_a_package_that_does_not_say_keeps_the_four_eyes_rule(
        package: tuple[Database, Path], tmp_path: Path) -> None:
    """Packages written before ``four_eyes`` was: the rule is on, so the finding validated by
    its own author is refused."""
    database, exported = package
    folder = _copy(exported, tmp_path / "old")
    rows = rows_of(folder / "workspace.csv")
    column = rows[0].index("four_eyes")
    _write(folder / "workspace.csv", [row[:column] + row[column + 1:] for row in rows])
    with pytest.raises(ImportRejected) as info:
        service.import_datapackage(database, ADMIN, path=folder, workspace_key="old")
    assert [p.field for p in info.value.problems] == [
        "findings[gap-no-inspection-family-farms].validated_by"]


def _copy(exported: Path, folder: Path) -> Path:
    shutil.copytree(exported, folder)
    return folder

def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
