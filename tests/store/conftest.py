"""Fixtures of the store tests (the databases themselves are tests/conftest.py's)."""

from __future__ import annotations

import pytest
from tests.store.recommendation_sample import WORKSPACE

from impactkit.store import workspaces
from impactkit.store.db import Database


@pytest.fixture
def rec_db(database: Database) -> Database:
    """A migrated database with one empty workspace for recommendations
    (``recommendation_sample.WS``)."""
    with database.begin() as conn:
        workspaces.create_workspace(conn, user="setup", workspace=WORKSPACE)
    return database
