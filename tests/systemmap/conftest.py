"""A small hand-built map whose answers are known, on the default catalogue.

Seven actors: three in child protection, two in law enforcement, one in immigration, one
coordination body in governance.

* ``social`` (local municipality): identification, referral, assessment, protection for
  every form and every child; ``shelter`` (local service): protection for sexual exploitation;
  ``guardians`` (national guardianship): assessment and durable solution for unaccompanied
  children; ``police`` (regional): identification and prosecution of sexual exploitation;
  ``border`` (national police): identification of sexual exploitation; ``immigration``
  (national): assessment of unaccompanied children; ``body``: the coordination body.
* links: social -> shelter referral; police -> body and social -> body membership (so police
  and social work together through the body); police -> border funding only (no
  coordination); immigration -> guardians conflict; immigration is otherwise unlinked except
  the conflict, and ``lonely`` has no link at all.
"""

from __future__ import annotations

import pytest

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    Actor,
    CoordinationLink,
    Jurisdiction,
    Mandate,
    Workspace,
    WorkspaceData,
)

ACTORS = (
    ("social", "child-protection", "local", "municipality"),
    ("shelter", "child-protection", "local", "service"),
    ("guardians", "child-protection", "national", "guardianship"),
    ("police", "law-enforcement", "regional", "police"),
    ("border", "law-enforcement", "national", "police"),
    ("immigration", "immigration", "national", "agency"),
    ("body", "governance", "national", "coordination-body"),
    ("lonely", "governance", "national", "agency"),
)


def mandate(actor: str, functions: tuple[str, ...], forms: tuple[str, ...] = (),
            groups: tuple[str, ...] = ()) -> Mandate:
    return Mandate(key=f"m-{actor}-{'-'.join(functions)}", actor_key=actor, forms=forms,
                   groups=groups, functions=functions)


def link(source: str, kind: str, target: str, notes: str = "") -> CoordinationLink:
    return CoordinationLink(key=f"{source}-{kind}-{target}", source_key=source,
                            target_key=target, kind=kind, legal_basis="act", notes=notes)


def small_map() -> WorkspaceData:
    return WorkspaceData(
        workspace=Workspace(key="w", title="W", cycle="2024",
                            jurisdiction=Jurisdiction(code="XTS", name="Test", fictional=True)),
        actors=[Actor(key=k, name=k.title(), sector=s, level=lv, type=t)
                for k, s, lv, t in ACTORS],
        mandates=[
            mandate("social", ("identification", "referral", "assessment", "protection")),
            mandate("shelter", ("protection",), forms=("sexual-exploitation",)),
            mandate("guardians", ("assessment", "durable-solution"), groups=("unaccompanied",)),
            mandate("police", ("identification", "prosecution"), forms=("sexual-exploitation",)),
            mandate("border", ("identification",), forms=("sexual-exploitation",)),
            mandate("immigration", ("assessment",), groups=("unaccompanied",)),
        ],
        links=[
            link("social", "referral", "shelter"),
            link("police", "coordination-body", "body"),
            link("social", "coordination-body", "body"),
            link("police", "funding", "border"),
            link("immigration", "conflict", "guardians", "Who decides on age and return."),
        ],
    )


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_default_catalogue()


@pytest.fixture
def data() -> WorkspaceData:
    return small_map()
