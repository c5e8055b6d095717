"""Fixtures shared by the whole suite: real databases.

``database`` is a freshly migrated database: a temporary SQLite file always and, when
``IMPACT_TEST_POSTGRES_URL`` names a PostgreSQL server (CI sets it), a brand-new PostgreSQL
database created for the test and dropped after it. The suite thus runs on both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from impactkit.store.db import Database

POSTGRES_URL = os.environ.get("IMPACT_TEST_POSTGRES_URL")
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


def shared_file(name: str) -> Path:
    """A file from ../shared/data, or skip the test where that folder is not beside us."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'impact.db'}"
        return
    assert POSTGRES_URL is not None
    name = f"impact_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_database(database_url: str) -> Iterator[Database]:
    """A database with no schema at all."""
    db = Database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A database migrated to the current schema, with nothing in it."""
    empty_database.migrate()
    return empty_database


@pytest.fixture
def sample(database: Database) -> Database:
    """A migrated database holding the small sample workspace of ``tests/services/sample.py``
    and its records (no users)."""
    from impactkit.services.setup import init_database
    from impactkit.store import records, workspaces
    from tests.services.sample import WS, sample_data

    init_database(database, user="setup")
    data = sample_data()
    with database.begin() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user="setup")
        records.add_records(conn, workspace_key=WS, data=data, user="setup")
    return database
