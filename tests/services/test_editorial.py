"""Report texts through the services: who may read and write them, how a text is checked,
conflicts that keep both texts, clearing, and texts travelling with a workspace's package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from impactkit.errors import ConflictError, ImportRejected, NotFoundError, ValidationError
from impactkit.reports.editorial import MAX_BODY_CHARS, EditorialSection
from impactkit.services import editorial, exchange, workspaces
from impactkit.services.accounts import PermissionDenied, Principal, set_public
from impactkit.store import audit
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]


def save(db: Database, principal: Principal, key: str, body: str, version: int | None
         ) -> EditorialSection:
    return editorial.save_section(db, principal, workspace_key=WS, key=key, body=body,
                                  expected_version=version)


def test_contributors_write_and_every_member_reads(db: Database, who: Who) -> None:
    saved = save(db, who("contributor"), "introduction", "Xa is fictional.", 0)
    assert (saved.body, saved.version) == ("Xa is fictional.", 1)
    for name in ("viewer", "contributor", "reviewer", "wsadmin", "admin"):
        found = editorial.sections(db, who(name), workspace_key=WS)
        assert list(found) == ["introduction"], name
        assert found["introduction"].body == "Xa is fictional."


@pytest.mark.parametrize("name", ["viewer", "outsider", "anonymous"])
def test_those_who_may_not_change_records_may_not_write_texts(db: Database, who: Who,
                                                              name: str) -> None:
    with pytest.raises(PermissionDenied):
        save(db, who(name), "introduction", "Not mine to write.", 0)
    with pytest.raises(PermissionDenied):
        editorial.clear_section(db, who(name), workspace_key=WS, key="introduction",
                                expected_version=0)
    with db.connect() as conn:
        assert audit.history(conn, workspace_key=WS, entity="editorial-section") == []


@pytest.mark.parametrize("name", ["outsider", "anonymous"])
def test_non_members_read_no_texts_unless_the_workspace_is_public(db: Database, who: Who,
                                                                  name: str) -> None:
    save(db, who("contributor"), "context", "Context.", 0)
    with pytest.raises(PermissionDenied):
        editorial.sections(db, who(name), workspace_key=WS)
    set_public(db, who("admin"), workspace_key=WS, public=True)
    assert editorial.sections(db, who(name), workspace_key=WS)["context"].body == "Context."


def test_sections_come_in_report_order_and_list_every_section(db: Database, who: Who) -> None:
    for key in ("state-comments", "conclusions", "cluster:violence", "introduction"):
        save(db, who("contributor"), key, f"Text of {key}.", 0)
    assert list(editorial.sections(db, who("viewer"), workspace_key=WS)) == [
        "introduction", "cluster:violence", "conclusions", "state-comments"]
    entries = editorial.section_entries(db, who("viewer"), workspace_key=WS)
    assert [e.key for e in entries[:3]] == ["introduction", "context", "cluster:general-measures"]
    assert [e.key for e in entries[-2:]] == ["conclusions", "state-comments"]
    by_key = {e.key: e for e in entries}
    assert by_key["introduction"].heading == "Introduction"
    assert by_key["state-comments"].heading == "Comments of the State (right of reply)"
    assert by_key["cluster:violence"].heading == "Violence against children"
    assert (by_key["context"].section, by_key["context"].version) == (None, 0)
    assert by_key["conclusions"].first_line == "Text of conclusions."


def test_an_unknown_section_is_refused_naming_the_field(db: Database, who: Who) -> None:
    with pytest.raises(ValidationError) as refused:
        save(db, who("contributor"), "cluster:weather", "Sunny.", 0)
    [problem] = refused.value.problems
    assert problem.field == "key"
    assert "unknown editorial section 'cluster:weather'" in problem.message
    assert "cluster:violence" in problem.message  # the accepted ones are listed
    with pytest.raises(NotFoundError, match="has no report section 'summary'"):
        editorial.section_entry(db, who("viewer"), workspace_key=WS, key="summary")


def test_texts_too_long_or_with_control_characters_are_refused_naming_the_body(
        db: Database, who: Who) -> None:
    with pytest.raises(ValidationError) as refused:
        save(db, who("contributor"), "introduction", "x" * (MAX_BODY_CHARS + 1), 0)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("body", f"the text is {MAX_BODY_CHARS + 1} characters long; a section holds at most "
                 f"{MAX_BODY_CHARS} characters")]
    with pytest.raises(ValidationError) as refused:
        save(db, who("contributor"), "introduction", "bell\x07", 0)
    assert [p.field for p in refused.value.problems] == ["body"]
    assert save(db, who("contributor"), "introduction", "x" * MAX_BODY_CHARS, 0).version == 1


def test_line_ends_are_stored_as_newlines(db: Database, who: Who) -> None:
    saved = save(db, who("contributor"), "context", "One.\r\n\r\nTwo.\rThree.\n", 0)
    assert saved.body == "One.\n\nTwo.\nThree.\n"


def test_a_stale_save_keeps_both_texts_apart_and_writes_nothing(db: Database, who: Who
                                                                ) -> None:
    save(db, who("contributor"), "conclusions", "First draft.", 0)
    save(db, who("reviewer"), "conclusions", "The reviewer's draft.", 1)
    with pytest.raises(ConflictError) as stale:
        save(db, who("contributor"), "conclusions", "My late draft.", 1)
    current = stale.value.current
    assert isinstance(current, EditorialSection)
    assert (current.body, current.version) == ("The reviewer's draft.", 2)
    assert editorial.sections(db, who("viewer"), workspace_key=WS)["conclusions"].body == \
        "The reviewer's draft."
    merged = save(db, who("contributor"), "conclusions", "My late draft, merged.", 2)
    assert merged.version == 3


def test_a_text_of_white_space_clears_the_section(db: Database, who: Who) -> None:
    save(db, who("contributor"), "introduction", "To be cleared.", 0)
    cleared = save(db, who("contributor"), "introduction", " \r\n\t\n", 1)
    assert (cleared.key, cleared.body, cleared.version) == ("introduction", "", 0)
    assert editorial.sections(db, who("viewer"), workspace_key=WS) == {}
    with db.connect() as conn:
        last = audit.history(conn, workspace_key=WS, entity="editorial-section")[0]
    assert (last.action, last.user, last.record_key) == ("delete", "contributor",
                                                         "introduction")
    assert last.before is not None and last.before["body"] == "To be cleared."
    # nothing to clear is no change; clearing what someone wrote meanwhile is a conflict
    assert save(db, who("contributor"), "introduction", "", 0).version == 0
    save(db, who("reviewer"), "introduction", "Written again.", 0)
    with pytest.raises(ConflictError):
        save(db, who("contributor"), "introduction", "", 0)
    with pytest.raises(ValidationError) as refused:  # an unknown section is named even so
        editorial.clear_section(db, who("contributor"), workspace_key=WS, key="weather",
                                expected_version=0)
    assert [p.field for p in refused.value.problems] == ["key"]


def test_deleting_the_workspace_deletes_its_texts(db: Database, who: Who) -> None:
    save(db, who("contributor"), "introduction", "Gone with it.", 0)
    workspaces.delete_workspace(db, who("wsadmin"), key=WS)
    with pytest.raises(NotFoundError):
        editorial.sections(db, who("admin"), workspace_key=WS)


def test_texts_travel_with_the_workspace_package(db: Database, who: Who,
                                                 tmp_path: Path) -> None:
    save(db, who("contributor"), "introduction", "- one\n- two\n", 0)
    save(db, who("contributor"), "cluster:violence", "Violence.", 0)
    exchange.export_workspace(db, who("viewer"), key=WS, directory=tmp_path / "out")
    report = exchange.import_datapackage(db, who("admin"), path=tmp_path / "out",
                                         workspace_key="xa-copy")
    assert report.counts["editorial-section"] == 2
    copied = editorial.sections(db, who("admin"), workspace_key="xa-copy")
    assert [(s.key, s.body, s.version) for s in copied.values()] == [
        ("introduction", "- one\n- two\n", 1), ("cluster:violence", "Violence.", 1)]
    with db.connect() as conn:
        created = audit.history(conn, workspace_key="xa-copy", entity="editorial-section")
    assert {(e.action, e.record_key) for e in created} == {
        ("create", "introduction"), ("create", "cluster:violence")}


def test_a_package_with_a_section_the_catalogue_lacks_is_refused_whole(
        db: Database, who: Who, tmp_path: Path) -> None:
    save(db, who("contributor"), "introduction", "Fine.", 0)
    exchange.export_workspace(db, who("viewer"), key=WS, directory=tmp_path / "out")
    texts = tmp_path / "out" / "editorial_sections.csv"
    texts.write_text(texts.read_text(encoding="utf-8") + "cluster:weather,Sunny.,,\r\n",
                     encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        exchange.import_datapackage(db, who("admin"), path=tmp_path / "out",
                                    workspace_key="xa-copy")
    [problem] = refused.value.problems
    assert problem.field == "key"
    assert problem.message.startswith("section 'cluster:weather': unknown editorial section")
    assert "xa-copy" not in [w.key for w in workspaces.list_workspaces(db, who("admin"))]
