"""A key never changes once saved: the stricter key rule applies to keys being chosen, not to
keys an older version stored (spaces, ``/``, ``:`` were accepted then).

Reproduction of the defect: an actor stored as ``old key/1:a`` could no longer be edited (the
update re-checked its key against the new rule and refused it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from impactkit.domain import Actor
from impactkit.errors import ValidationError
from impactkit.services import records
from impactkit.services.accounts import Principal
from impactkit.store import editing
from impactkit.store.db import Database
from tests.services.sample import WS

OLD_KEY = "old key/1:a"


def stored_as_before(db: Database) -> Actor:
    """The actor as an older database holds it, inserted through the store (no validation)."""
    with db.begin() as conn:
        actor: Actor = editing.insert_record(
            conn, workspace_key=WS, entity="actor", user="setup",
            record=Actor(key=OLD_KEY, name="Old inspectorate", sector="labour"))
    return actor


def test_a_record_with_a_key_stored_under_the_older_rule_can_still_be_edited(
        db: Database, who: Callable[[str], Principal]) -> None:
    stored = stored_as_before(db)
    saved = records.update_record(
        db, who("contributor"), workspace_key=WS, entity="actors",
        record=dataclasses.replace(stored, name="Renamed"), expected_version=1)
    assert (saved.key, saved.name, saved.version) == (OLD_KEY, "Renamed", 2)


def test_a_new_record_still_gets_the_new_key_rule(
        db: Database, who: Callable[[str], Principal]) -> None:
    with pytest.raises(ValidationError) as refused:
        records.create_record(db, who("contributor"), workspace_key=WS, entity="actors",
                              record=Actor(key="new key", name="New", sector="labour"))
    assert [p.field for p in refused.value.problems] == ["key"]
