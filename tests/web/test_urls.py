"""Page addresses: built in one place, every key percent-encoded, the page's filter of
findings kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from impactkit.errors import UsageError
from impactkit.services.audit import EntityKind, RecordHistory, TrailEntry
from impactkit.services.findings_filter import FindingsFilter, page_filter, switch
from impactkit.web import urls

AT = datetime(2025, 1, 1, tzinfo=UTC)


def test_keys_are_percent_encoded() -> None:
    assert urls.workspace_url("служба 1") == "/workspaces/%D1%81%D0%BB%D1%83%D0%B6%D0%B1%D0%B0%201"
    assert urls.finding_url("ws", "F/1") == "/workspaces/ws/findings/F%2F1"
    assert urls.record_url("ws", "actors") == "/workspaces/ws/actors"
    assert urls.record_url("ws", "actors", "moj") == "/workspaces/ws/actors/moj"
    assert urls.history_url("ws", "links", "l 1") == "/workspaces/ws/links/l%201/history"


def test_an_explanation_keeps_its_target_readable_and_the_filter() -> None:
    assert urls.explain_url("ws", "tension:labour+health") == \
        "/workspaces/ws/explain/tension:labour+health"
    assert urls.explain_url("ws", "area:compliance", page_filter(None)) == \
        "/workspaces/ws/explain/area:compliance"  # the pages' default is left out
    assert urls.explain_url("ws", "area:compliance", page_filter(["all"])) == \
        "/workspaces/ws/explain/area:compliance?status=all"
    assert urls.dashboard_url("ws", page_filter(["reviewed", "draft"])) == \
        "/workspaces/ws?status=draft&status=reviewed"


def test_the_filter_of_findings_reads_and_says_itself() -> None:
    default = page_filter(None)
    assert (default.word, default.is_default, default.query) == (
        "validated", True, "status=validated")
    everything = page_filter(["all"])
    assert everything.statuses is None and everything.word == "all"
    assert everything.counting(3, 10).startswith("Counting all 10 findings, draft and")
    assert default.counts(3, 10) == {"counted": 3, "total": 10, "text":
                                     "Counting validated findings only: 3 of 10."}
    assert FindingsFilter(("draft",)).link("/x?y=1") == "/x?y=1&status=draft"
    assert [c["current"] for c in switch(everything)] == [False, True]
    with pytest.raises(UsageError):
        page_filter(["approved"])


def entry(**fields: object) -> TrailEntry:
    values: dict[str, object] = {
        "id": 1, "at": AT, "user": "ana", "action": "update", "entity": "actors",
        "kind_label": "actor", "record_key": "moj", "summary": "", "changes": (),
        "workspace_key": "ws", "has_page": True, "exists": True, **fields}
    return TrailEntry(**values)  # type: ignore[arg-type]


def test_audit_entries_link_to_their_record_while_it_exists() -> None:
    assert urls.entry_links(entry()) == {"record_url": "/workspaces/ws/actors/moj",
                                         "history_url": "/workspaces/ws/actors/moj/history"}
    assert urls.entry_links(entry(exists=False)) == {
        "record_url": None, "history_url": "/workspaces/ws/actors/moj/history"}
    assert urls.entry_links(entry(has_page=False)) == {"record_url": None,
                                                       "history_url": None}
    history = RecordHistory(workspace_key="ws", workspace_title="W",
                            kind=EntityKind("actors", "actor", "actor"), record_key="moj",
                            exists=False, entries=(entry(exists=False),))
    plain = urls.history_json(history)
    assert plain["record_url"] is None
    assert plain["entries"][0]["history_url"] == "/workspaces/ws/actors/moj/history"
