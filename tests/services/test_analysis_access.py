"""The analysis services and the workspace list check who asks themselves, so the CLI, the
pages and the API cannot differ on it (the API no longer checks on its own)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from impactkit.services.accounts import PermissionDenied, Principal, operator, set_public
from impactkit.services.analysis import analyse_workspace, compare_workspaces, explain_score
from impactkit.services.workspaces import list_workspaces
from impactkit.store.db import Database
from tests.services.sample import WS

Who = Callable[[str], Principal]


def test_a_member_reads_the_analysis(db: Database, who: Who) -> None:
    report = analyse_workspace(db, who("viewer"), key=WS)
    assert report.to_dict() == analyse_workspace(db, operator("cli"), key=WS).to_dict()
    assert explain_score(db, who("viewer"), key=WS, target="gap:CRC-32").target == "gap:CRC-32"


@pytest.mark.parametrize("name", ["outsider", "anonymous"])
def test_someone_without_a_role_gets_nothing_of_a_private_workspace(db: Database, who: Who,
                                                                    name: str) -> None:
    with pytest.raises(PermissionDenied):
        analyse_workspace(db, who(name), key=WS)
    with pytest.raises(PermissionDenied):
        explain_score(db, who(name), key=WS, target="gap:CRC-32")
    with pytest.raises(PermissionDenied):
        compare_workspaces(db, who(name), keys=[WS])
    assert list_workspaces(db, who(name)) == []


def test_a_public_workspace_is_listed_and_analysed_for_anyone(db: Database, who: Who) -> None:
    set_public(db, who("wsadmin"), workspace_key=WS, public=True)
    assert [s.key for s in list_workspaces(db, who("anonymous"))] == [WS]
    assert analyse_workspace(db, who("anonymous"), key=WS).to_dict() == \
        analyse_workspace(db, who("viewer"), key=WS).to_dict()


def test_the_command_line_operator_lists_every_workspace(db: Database, who: Who) -> None:
    assert [s.key for s in list_workspaces(db, operator("cli"))] == [WS]
    assert [s.key for s in list_workspaces(db, who("viewer"))] == [WS]
