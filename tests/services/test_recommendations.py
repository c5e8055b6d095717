"""Recommendations through the service layer, on SQLite and PostgreSQL: idempotent imports
that never undo people's tags, search with stemming and filters, actions, status history,
optimistic locking, roles and the audit trail."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from pathlib import Path

import pytest

from impactkit.errors import ConflictError, ImportRejected, ValidationError
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    StatusAssessment,
    StatusSource,
    Suggestion,
)
from impactkit.services import recommendations as service
from impactkit.services.accounts import operator
from impactkit.services.setup import init_database
from impactkit.services.workspaces import create_workspace
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.recommendation_search import SearchFilters, fts5_query
from tests.conftest import shared_file

WS = "svn-upr"
ME = operator("tester")
ROWS = [
    {"key": "crc-5-32a", "mechanism": "crc", "cycle": "5", "text":
     "Eliminate the worst forms of child labour, in particular in agriculture."},
    {"key": "crc-5-35", "mechanism": "crc", "cycle": "5", "text":
     "Ensure that children who were trafficked are identified and referred to services."},
    {"key": "upr-4-1", "mechanism": "upr", "cycle": "4", "text":
     "Combat trafficking in persons, especially women and children (Chile)."},
    {"key": "upr-4-2", "mechanism": "upr", "cycle": "4", "text":
     "Reform the tax system to reduce inequality (Peru)."},
]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


MAPPING = {"key": "key", "mechanism": "mechanism", "cycle": "cycle", "text": "text"}


@pytest.fixture
def workspace(database: Database, tmp_path: Path) -> Database:
    init_database(database, user="tester")
    create_workspace(database, operator("tester"), key=WS, jurisdiction="SVN", cycle="2024")
    service.import_file(database, ME, workspace_key=WS, path=write_csv(
        tmp_path / "recs.csv", ROWS), file_format="generic", mapping=MAPPING)
    return database


def keys(database: Database, **filters: str) -> list[str]:
    page = service.find(database, ME, workspace_key=WS, filters=SearchFilters(**filters))
    return sorted(r.key for r in page.items)


def test_reimporting_changes_nothing_and_keeps_peoples_tags(workspace: Database,
                                                            tmp_path: Path) -> None:
    rec = service.get(workspace, ME, workspace_key=WS, key="crc-5-32a")
    service.set_tags(workspace, ME, workspace_key=WS, key=rec.key,
                     tags={"provisions": ("CRC-32", "ILO182-3")}, expected_version=rec.version)
    with workspace.connect() as conn:
        entries_before = audit.count(conn, workspace_key=WS)
    again = service.import_file(workspace, ME, workspace_key=WS, path=tmp_path / "recs.csv",
                                file_format="generic", mapping=MAPPING)
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(ROWS))
    with workspace.connect() as conn:
        assert audit.count(conn, workspace_key=WS) == entries_before
    kept = service.get(workspace, ME, workspace_key=WS, key="crc-5-32a")
    assert kept.provisions == ("CRC-32", "ILO182-3")
    changed = [dict(r) for r in ROWS]
    changed[3]["text"] = "Reform the tax system to reduce inequality and poverty (Peru)."
    report = service.import_file(workspace, ME, workspace_key=WS, path=write_csv(
        tmp_path / "changed.csv", changed), file_format="generic", mapping=MAPPING)
    assert (report.added, report.updated) == (0, 1)
    assert service.get(workspace, ME, workspace_key=WS, key="crc-5-32a").provisions == (
        "CRC-32", "ILO182-3")


def test_a_malformed_file_writes_nothing(workspace: Database, tmp_path: Path) -> None:
    bad = [*ROWS, {"key": "x-1", "mechanism": "parliament", "cycle": "1", "text": "Do it."}]
    with pytest.raises(ImportRejected) as rejected:
        service.import_file(workspace, ME, workspace_key=WS, path=write_csv(
            tmp_path / "bad.csv", bad), file_format="generic", mapping=MAPPING)
    problem = rejected.value.problems[0]
    assert problem.row == 6 and "parliament" in problem.message
    assert keys(workspace) == sorted(r["key"] for r in ROWS)


def test_search_stems_words_and_understands_phrases_or_and_exclusion(
        workspace: Database) -> None:
    assert keys(workspace, text="trafficked") == ["crc-5-35", "upr-4-1"]  # stemmed
    assert keys(workspace, text='"child labour"') == ["crc-5-32a"]
    assert keys(workspace, text="trafficking -women") == ["crc-5-35"]
    assert keys(workspace, text="agriculture OR tax") == ["crc-5-32a", "upr-4-2"]
    assert keys(workspace, text="trafficking", mechanism="upr") == ["upr-4-1"]
    assert keys(workspace, cycle="5") == ["crc-5-32a", "crc-5-35"]


def test_search_input_is_never_query_syntax(workspace: Database) -> None:
    for text in ('NEAR(child', "child*", "'; DROP TABLE recommendations; --", 'text:"x',
                 "^child"):
        service.find(workspace, ME, workspace_key=WS, filters=SearchFilters(text=text))
    assert len(keys(workspace)) == len(ROWS)
    assert fts5_query("child*") == '"child"'
    assert fts5_query("a OR b -c") == '(("a" OR "b")) NOT "c"'


def test_tag_status_and_actor_filters(workspace: Database) -> None:
    rec = service.get(workspace, ME, workspace_key=WS, key="upr-4-1")
    service.set_tags(workspace, ME, workspace_key=WS, key=rec.key,
                     tags={"summary": ("trafficking",)}, expected_version=rec.version)
    assert keys(workspace, tag="summary:trafficking") == ["upr-4-1"]
    assert keys(workspace, tag="trafficking") == ["upr-4-1"]  # as the tagger writes it
    with pytest.raises(ValidationError, match="KIND:CODE"):
        keys(workspace, tag="CRC-32")
    for on, status in ((date(2023, 1, 5), "not-started"),
                       (date(2024, 6, 1), "partially-implemented")):
        service.add_status(workspace, ME, workspace_key=WS, assessment=StatusAssessment(
            recommendation="crc-5-35", source=StatusSource.NHRI,
            status=ImplementationStatus(status), assessed_on=on, evidence="annual report"))
    assert keys(workspace, status="partially-implemented") == ["crc-5-35"]
    assert keys(workspace, status="not-started") == []  # only the latest counts
    history = service.status_history(workspace, ME, workspace_key=WS, key="crc-5-35")
    assert [h.status.value for h in history] == ["not-started", "partially-implemented"]
    assert history[-1].recorded_by == "tester"


def test_an_action_answers_several_recommendations(workspace: Database) -> None:
    from impactkit.domain import Actor
    from impactkit.services.records import create_record

    create_record(workspace, ME, workspace_key=WS, entity="actors",
                  record=Actor(key="labour-inspectorate", name="Labour inspectorate",
                               sector="labour"))
    action = Action(key="nap-2025", title="National action plan against trafficking",
                    recommendations=("crc-5-35", "upr-4-1"), actors=("labour-inspectorate",))
    service.add_action(workspace, ME, workspace_key=WS, action=action)
    assert keys(workspace, actor="labour-inspectorate") == ["crc-5-35", "upr-4-1"]
    answering = service.actions_of(workspace, ME, workspace_key=WS, recommendation="upr-4-1")
    assert [a.key for a in answering] == ["nap-2025"]
    with pytest.raises(ValidationError, match="no actor 'police'"):
        service.add_action(workspace, ME, workspace_key=WS, action=dataclasses.replace(
            action, key="other", actors=("police",)))
    stale = answering[0]
    service.update_action(workspace, ME, workspace_key=WS, action=dataclasses.replace(
        stale, status=ImplementationStatus.PARTIAL), expected_version=stale.version)
    with pytest.raises(ConflictError):
        service.update_action(workspace, ME, workspace_key=WS, action=dataclasses.replace(
            stale, title="Someone else's edit"), expected_version=stale.version)


def test_tags_are_checked_and_stale_edits_refused(workspace: Database) -> None:
    rec = service.get(workspace, ME, workspace_key=WS, key="crc-5-32a")
    with pytest.raises(ValidationError, match="did you mean 'CRC-32'"):
        service.set_tags(workspace, ME, workspace_key=WS, key=rec.key,
                         tags={"provisions": ("CRC-32b",)}, expected_version=rec.version)
    service.set_tags(workspace, ME, workspace_key=WS, key=rec.key,
                     tags={"clusters": ("special-protection",)}, expected_version=rec.version)
    with pytest.raises(ConflictError):
        service.set_tags(workspace, ME, workspace_key=WS, key=rec.key,
                         tags={"clusters": ()}, expected_version=rec.version)


def test_the_ohchr_file_imports_once_with_reiterations(database: Database) -> None:
    path = shared_file("ohchr_upr_thematic_SVN_c3c4.csv")
    init_database(database, user="tester")
    create_workspace(database, operator("tester"), key=WS, jurisdiction="SVN", cycle="2024")
    first = service.import_file(database, ME, workspace_key=WS, path=path)
    assert (first.read, first.added) == (469, 469)
    assert first.families > 0
    second = service.import_file(database, ME, workspace_key=WS, path=path)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 469)
    assert keys(database, text="enforced disappearance")


def test_decisions_and_retraining_change_later_suggestions(database: Database,
                                                           tmp_path: Path) -> None:
    """Teach the tagger that 'kafala' recommendations concern alternative care: zero-shot
    has no such cue; after people accept it on a few and train, it suggests it."""
    from impactkit.services import recommendation_tagging as tagging

    init_database(database, user="tester")
    create_workspace(database, operator("tester"), key=WS, jurisdiction="SVN", cycle="2024")
    rows = [{"key": f"k-{n}", "mechanism": "crc", "cycle": "5", "text":
             f"Regulate kafala arrangements number {n} and monitor them."} for n in range(8)]
    rows += [{"key": f"t-{n}", "mechanism": "upr", "cycle": "4", "text":
              f"Reform the tax code, part {n}, to reduce inequality."} for n in range(8)]
    rows.append({"key": "new", "mechanism": "crc", "cycle": "6",
                 "text": "Review the kafala system."})
    service.import_file(database, ME, workspace_key=WS, path=write_csv(
        tmp_path / "r.csv", rows), file_format="generic", mapping=MAPPING)

    def suggested(key: str) -> set[tuple[str, str]]:
        tagging.suggest(database, ME, workspace_key=WS, keys=[key])
        return {(s.kind, s.code) for s in tagging.queue(database, ME, workspace_key=WS,
                                                          recommendation=key, limit=None)
                if s.confidence >= 0.5}

    care = ("clusters", "family-care")
    assert care not in suggested("new")
    for n in range(7):
        tagging.decide(database, ME, workspace_key=WS, recommendation=f"k-{n}", kind=care[0],
                       code=care[1], accept=True)
        tagging.decide(database, ME, workspace_key=WS, recommendation=f"t-{n}", kind=care[0],
                       code=care[1], accept=False)
    report = tagging.train(database, ME, workspace_key=WS)
    assert "cluster:family-care" in report.tags
    assert care in suggested("new")
    assert care not in suggested("t-7")


def test_a_rejection_never_removes_a_tag_a_person_set(workspace: Database) -> None:
    from impactkit.services import recommendation_tagging as tagging

    rec = service.get(workspace, ME, workspace_key=WS, key="crc-5-32a")
    service.set_tags(workspace, ME, workspace_key=WS, key=rec.key,
                     tags={"provisions": ("CRC-32",)}, expected_version=rec.version)
    tagging.decide(workspace, ME, workspace_key=WS, recommendation=rec.key,
                   kind="provisions", code="CRC-32", accept=False)
    assert service.get(workspace, ME, workspace_key=WS, key=rec.key).provisions == ("CRC-32",)


def test_suggesting_again_clears_what_the_tagger_no_longer_proposes(workspace: Database,
                                                                   tmp_path: Path) -> None:
    from impactkit.services import recommendation_tagging as tagging
    from impactkit.store import recommendation_tracking as tracking

    tagging.suggest(workspace, ME, workspace_key=WS)
    with workspace.begin() as conn:  # a suggestion an older model made
        tracking.store_suggestions(conn, workspace_key=WS, tagged=["upr-4-2"], suggestions=[
            Suggestion(recommendation="upr-4-2", kind="provisions", code="CRC-19",
                       confidence=0.95)])
    assert tagging.queue(workspace, ME, workspace_key=WS, recommendation="upr-4-2")
    tagging.suggest(workspace, ME, workspace_key=WS)
    left = tagging.queue(workspace, ME, workspace_key=WS, recommendation="upr-4-2")
    assert ("provisions", "CRC-19") not in {(s.kind, s.code) for s in left}
    assert tagging.accept_above(workspace, ME, workspace_key=WS, threshold=0.99,
                                kind="provisions") >= 0
    assert "CRC-19" not in service.get(workspace, ME, workspace_key=WS, key="upr-4-2").provisions


def test_reimporting_never_puts_back_a_tag_a_person_removed(workspace: Database,
                                                            tmp_path: Path) -> None:
    rows = [{"key": "gen-1", "mechanism": "national", "cycle": "1", "provisions": "CRC-19",
             "text": "Ban corporal punishment in all settings."}]
    mapping = {**MAPPING, "provisions": "provisions"}
    path = write_csv(tmp_path / "tagged.csv", rows)
    service.import_file(workspace, ME, workspace_key=WS, path=path, file_format="generic",
                        mapping=mapping)
    rec = service.get(workspace, ME, workspace_key=WS, key="gen-1")
    assert rec.provisions == ("CRC-19",)
    service.set_tags(workspace, ME, workspace_key=WS, key="gen-1", tags={"provisions": ()},
                     expected_version=rec.version)
    again = service.import_file(workspace, ME, workspace_key=WS, path=path,
                                file_format="generic", mapping=mapping)
    assert (again.updated, again.unchanged) == (0, 1)
    assert service.get(workspace, ME, workspace_key=WS, key="gen-1").provisions == ()


def test_two_bodies_numbering_alike_get_their_own_keys(workspace: Database,
                                                       tmp_path: Path) -> None:
    from impactkit.recommendations.model import recommendation_key

    cedaw = recommendation_key("treaty-body", text="a", cycle="5", paragraph="20",
                               document_symbol="CEDAW/C/SVN/CO/5")
    cat = recommendation_key("treaty-body", text="b", cycle="5", paragraph="20",
                             document_symbol="CAT/C/SVN/CO/4")
    assert cedaw != cat
    assert recommendation_key("upr", text="a", cycle="3", paragraph="121.3",
                              document_symbol="A/HRC/43/15") == "upr-3-121.3"
    mapping = {**MAPPING, "document_symbol": "symbol"}
    first = [{"key": "tb-20", "mechanism": "treaty-body", "cycle": "5",
              "symbol": "CEDAW/C/SVN/CO/5", "text": "Adopt a gender equality plan."}]
    service.import_file(workspace, ME, workspace_key=WS, path=write_csv(
        tmp_path / "cedaw.csv", first), file_format="generic", mapping=mapping)
    clash = [{**first[0], "symbol": "CAT/C/SVN/CO/4", "text": "Investigate torture."}]
    with pytest.raises(ImportRejected, match="another document"):
        service.import_file(workspace, ME, workspace_key=WS, path=write_csv(
            tmp_path / "cat.csv", clash), file_format="generic", mapping=mapping)
    kept = service.get(workspace, ME, workspace_key=WS, key="tb-20")
    assert kept.text == "Adopt a gender equality plan."
