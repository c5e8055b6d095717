"""A small workspace on a real database (SQLite, and PostgreSQL when the suite has one),
checked against the default catalogue, with one user per role.

Records (workspace ``xa-2024``): actors ``moj`` and ``lab``; instrument ``lc``; mandate
``m1`` (lab, legal basis lc); link ``l1`` (moj -> lab); findings ``F1`` (validated, with
evidence ``E1``), ``F2`` (draft, no evidence), ``F3`` (reviewed, no evidence); indicator
value ``I1``. Users: ``viewer``, ``contributor``, ``reviewer``, ``wsadmin`` in that
workspace, ``outsider`` in none, ``admin`` site administrator.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from impactkit.services import accounts
from impactkit.services.accounts import Principal
from impactkit.store import accounts as account_store
from impactkit.store.db import Database
from tests.services.sample import ROLES, WS


@pytest.fixture
def db(sample: Database) -> Database:
    """The sample workspace and the users (passwords are irrelevant here: no argon2)."""
    with sample.begin() as conn:
        for name in [*ROLES, "outsider", "admin"]:
            account_store.create_user(conn, username=name, password_hash="-",
                                      is_admin=name == "admin", by="setup")
        for name, role in ROLES.items():
            account_store.set_role(conn, username=name, workspace_key=WS, role=role,
                                   by="setup")
    return sample


@pytest.fixture
def who(db: Database) -> Callable[[str], Principal]:
    """``who("reviewer")``: the principal of that user; ``who("anonymous")`` nobody."""
    def make(name: str) -> Principal:
        if name == "anonymous":
            return accounts.ANONYMOUS
        with db.connect() as conn:
            user = account_store.find_user(conn, username=name)
        assert user is not None
        return Principal(user=user)
    return make
