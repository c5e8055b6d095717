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

from impactkit.domain import (
    Actor,
    Confidence,
    CoordinationLink,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    Jurisdiction,
    Mandate,
    NationalInstrument,
    RatingState,
    Workspace,
    WorkspaceData,
)
from impactkit.services import accounts
from impactkit.services.accounts import Principal
from impactkit.services.setup import init_database
from impactkit.store import accounts as account_store
from impactkit.store import records, workspaces
from impactkit.store.db import Database

WS = "xa-2024"
ROLES = {"viewer": "viewer", "contributor": "contributor", "reviewer": "reviewer",
         "wsadmin": "admin"}


def sample_data() -> WorkspaceData:
    workspace = Workspace(
        key=WS, title="Atlantis (fictional) 2024", cycle="2024", year=2024,
        jurisdiction=Jurisdiction(code="XAT", name="Atlantis (fictional)", fictional=True))
    return WorkspaceData(
        workspace=workspace,
        actors=[Actor(key="moj", name="Ministry of Justice", sector="judiciary",
                      type="ministry"),
                Actor(key="lab", name="Labour inspectorate", sector="labour")],
        instruments=[NationalInstrument(key="lc", title="Labour Code", kind="law", year=2011,
                                        provisions=("CRC-32", "ILO182-3"),
                                        sectors=("labour",))],
        mandates=[Mandate(key="m1", actor_key="lab", provisions=("CRC-32",),
                          forms=("labour-exploitation",), functions=("identification",),
                          legal_basis="lc")],
        links=[CoordinationLink(key="l1", source_key="moj", target_key="lab",
                                kind="referral", legal_basis="lc")],
        findings=[
            Finding(key="F1", area="compliance", layer="practice",
                    provisions=("CRC-32", "ILO182-3"), sectors=("labour", "judiciary"),
                    groups=("working",), rating=1, rating_state=RatingState.RATED,
                    confidence=Confidence.HIGH, title="Inspections rare",
                    narrative="Only 3 farm inspections in 100% of districts_sampled.",
                    status=FindingStatus.VALIDATED, author="team", reviewed_by="peer",
                    validated_by="lead"),
            Finding(key="F2", area="inclusion", layer="law-policy", clusters=("violence",),
                    sectors=("child-protection",), exclusion_criteria=("documents",),
                    title="Undocumented children left out", author="team"),
            Finding(key="F3", area="effectiveness", layer="practice",
                    provisions=("CRC-19",), sectors=("child-protection",), rating=2,
                    rating_state=RatingState.RATED, title="Referrals slow",
                    status=FindingStatus.REVIEWED, author="team", reviewed_by="peer"),
        ],
        evidence=[Evidence(key="E1", finding_key="F1", kind="statistics",
                           title="Inspectorate annual report", date="2023")],
        indicator_values=[IndicatorValue(key="I1", indicator="minimum-age-employment",
                                         year=2022, value=15, group="rural")],
    )


@pytest.fixture
def db(database: Database) -> Database:
    """The sample workspace and the users (passwords are irrelevant here: no argon2)."""
    init_database(database, user="setup")
    data = sample_data()
    with database.begin() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user="setup")
        records.add_records(conn, workspace_key=WS, data=data, user="setup")
        for name in [*ROLES, "outsider", "admin"]:
            account_store.create_user(conn, username=name, password_hash="-",
                                      is_admin=name == "admin", by="setup")
        for name, role in ROLES.items():
            account_store.set_role(conn, username=name, workspace_key=WS, role=role,
                                   by="setup")
    return database


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
