"""``impact workspace set --four-eyes`` and the ``all`` word of the status filter."""

from __future__ import annotations

from impactkit.demo.build import build_demo_cycles
from impactkit.store import audit
from impactkit.store.db import Database
from tests.cli.conftest import LATEST, Impact


def test_the_operator_switches_the_four_eyes_rule_and_it_is_audited(
        demo: Impact, database_url: str) -> None:
    off = demo("--user", "operator", "workspace", "set", LATEST, "--four-eyes", "off")
    assert off.code == 0, off.err
    assert f"Four-eyes review of {LATEST} is now off" in off.out
    again = demo("workspace", "set", LATEST, "--four-eyes", "off")
    assert f"Four-eyes review of {LATEST} was already off" in again.out
    assert demo("workspace", "set", LATEST, "--four-eyes", "on").code == 0
    bad = demo("workspace", "set", LATEST, "--four-eyes", "maybe")
    assert bad.code == 2 and "'maybe' is not one of 'on', 'off'" in bad.err
    missing = demo("workspace", "set", "nowhere", "--four-eyes", "on")
    assert missing.code != 0 and "no workspace 'nowhere'" in missing.err
    database = Database(database_url)
    try:
        with database.connect() as conn:
            entries = [(e.user, e.after) for e in audit.history(
                conn, workspace_key=LATEST, entity="workspace") if e.summary.startswith(
                "four-eyes")]
    finally:
        database.dispose()
    assert entries == [("tester", {"four_eyes": True}), ("operator", {"four_eyes": False})]


def test_status_all_counts_every_finding(demo: Impact) -> None:
    every = demo("analyse", "-w", LATEST, "--json").json()
    also = demo("analyse", "-w", LATEST, "--status", "all", "--json").json()
    assert also == every and also["filter"] == {"statuses": None}
    mixed = demo("analyse", "-w", LATEST, "--status", "all", "--status", "draft")
    assert mixed.code == 2 and "either 'all' or some of" in mixed.err


def test_the_demo_keeps_the_four_eyes_rule() -> None:
    """Nobody in the demo reviewed or validated a finding they wrote."""
    for data in build_demo_cycles():
        for finding in data.findings:
            checkers = {finding.reviewed_by, finding.validated_by} - {None}
            assert finding.author and finding.author not in checkers, finding.key
