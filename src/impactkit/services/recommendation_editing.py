"""Recommendations and actions written, edited and deleted by hand (the web app's forms and
the API), as the import and the tag forms already do it: the role checked here, one
transaction per change, the version the change is based on (a stale one is refused with
:class:`ConflictError`, nothing written), every write audited in the store.

Roles: contributors add a recommendation, edit its source fields, and add, edit and delete
actions; deleting a recommendation takes the admin role (as
:func:`impactkit.services.recommendations.delete`). A recommendation's key is made from its
source fields when it is added (:func:`~impactkit.recommendations.model.recommendation_key`)
and never changes afterwards, so links, actions and status histories keep naming it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from impactkit.errors import Problem, ValidationError
from impactkit.input_rules import key_problem, record_text_problems
from impactkit.recommendations.model import Action, Recommendation, recommendation_key
from impactkit.recommendations.reiteration import families
from impactkit.services.accounts import Principal, Role, require
from impactkit.store import recommendation_editing as editing
from impactkit.store import recommendations as store
from impactkit.store.db import Database
from impactkit.store.workspaces import get_workspace

EDITABLE = ("mechanism", "text", "document_symbol", "paragraph", "cycle", "session", "date",
            "position", "language")
"""The source fields a person writes or corrects (the rest come from files or are tags)."""
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def new_key(record: Recommendation) -> str:
    """The key a recommendation written by hand gets (as if imported from a file)."""
    return recommendation_key(record.mechanism, text=record.text, cycle=record.cycle,
                              paragraph=record.paragraph,
                              document_symbol=record.document_symbol)


def source_problems(record: Recommendation) -> list[Problem]:
    """What is wrong with a recommendation's source fields (its texts and language)."""
    problems = [Problem(message, field=name) for name, message in record_text_problems(record)]
    if not record.text.strip():
        problems.append(Problem("the text is empty: write the recommendation as the source "
                                "gives it", field="text"))
    if not _LANGUAGE.fullmatch(record.language):
        problems.append(Problem(f"language {record.language!r} is not a language code: write "
                                "one such as en, fr, es or pt-BR", field="language"))
    return problems


def check_source(record: Recommendation, *, summary: str) -> None:
    """Refuse a recommendation whose source fields or key cannot be saved, every problem at
    once."""
    problems = source_problems(record)
    if (message := key_problem(record.key)) is not None:
        problems.append(Problem(message, field="key"))
    if problems:
        raise ValidationError(problems, summary=summary)


def add_recommendation(db: Database, principal: Principal, *, workspace_key: str,
                       record: Recommendation) -> Recommendation:
    """Add a recommendation written by hand, keyed by :func:`new_key` (its tags as given,
    none usually). It joins the reiteration family of one it repeats, as an imported one
    would. A key already used is refused, naming it."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    record = dataclasses.replace(record, key=new_key(record), version=1, family="")
    check_source(record, summary="the recommendation was not added")
    with db.begin_write() as conn:
        stored = store.load_recommendations(conn, workspace_key=workspace_key,
                                            for_update=True)
        if any(r.key == record.key for r in stored):
            state = get_workspace(conn, key=workspace_key).jurisdiction.name
            raise ValidationError([Problem(
                f"{state} already has a recommendation with the key '{record.key}' (the "
                "same mechanism, cycle and paragraph, or the same text): open it to edit it",
                field="key")], summary="the recommendation was not added")
        grouped = families([*stored, record])
        return editing.add_recommendation(conn, workspace_key=workspace_key, record=record,
                                          families=grouped, by=principal.name)


def edit_source(db: Database, principal: Principal, *, workspace_key: str, key: str,
                fields: Mapping[str, Any], expected_version: int) -> Recommendation:
    """Change source fields (:data:`EDITABLE`) of a recommendation at ``expected_version``;
    its tags, links and key stay."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationError([Problem(f"{name} cannot be edited here; the fields are "
                                       f"{', '.join(EDITABLE)}", field=name)
                               for name in unknown], summary="the recommendation was not saved")
    with db.begin() as conn:
        current = store.get_recommendation(conn, workspace_key=workspace_key, key=key)
        changed = dataclasses.replace(current, **fields)
        check_source(changed, summary="the recommendation was not saved")
        return store.update_recommendation(conn, workspace_key=workspace_key, record=changed,
                                           expected_version=expected_version,
                                           by=principal.name, summary="source fields")


def delete_recommendation(db: Database, principal: Principal, *, workspace_key: str,
                          key: str, expected_version: int) -> list[Action]:
    """Delete a recommendation at ``expected_version`` with its tags, suggestions and status
    history; the actions answering it stay, without it (returned as they are now)."""
    require(db, principal, workspace_key, Role.ADMIN)
    with db.begin() as conn:
        return editing.delete_recommendation(conn, workspace_key=workspace_key, key=key,
                                             expected_version=expected_version,
                                             by=principal.name)


def delete_action(db: Database, principal: Principal, *, workspace_key: str, key: str,
                  expected_version: int) -> None:
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    with db.begin() as conn:
        editing.delete_action(conn, workspace_key=workspace_key, key=key,
                              expected_version=expected_version, by=principal.name)
