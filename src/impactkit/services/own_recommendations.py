"""The assessing body's own recommendations, as users reach them.

Drafting runs the analysis, reads the recommendations already made to the State with their
status histories, and stores each new draft (a draft nobody has edited yet is refreshed; an
edited, reviewed, accepted or rejected one is left as people left it). Writing, editing and
deleting need the contributor role; moving a recommendation to reviewed, accepted or
rejected needs the reviewer role, as for findings.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from impactkit.analysis import analyse
from impactkit.errors import Problem, UsageError, ValidationError
from impactkit.input_rules import key_problem, record_text_problems
from impactkit.recommendations.drafting import Draft, draft_recommendations
from impactkit.recommendations.own import BASES, OwnRecommendation, OwnStatus
from impactkit.services.accounts import Principal, Role, require, require_read
from impactkit.services.analysis import load_with_catalogue
from impactkit.services.catalogue import workspace_catalogue
from impactkit.store import own_recommendations as store
from impactkit.store.db import Database
from impactkit.store.recommendation_tracking import status_histories
from impactkit.store.recommendations import load_recommendations
from impactkit.store.records import load_workspace_data


@dataclass(frozen=True, slots=True)
class Drafting:
    """What a drafting run did: the drafts proposed, and how many were new or refreshed."""

    drafts: tuple[Draft, ...]
    added: int
    refreshed: int


def list_own(db: Database, principal: Principal, *, key: str) -> list[OwnRecommendation]:
    require_read(db, principal, key)
    db.require_current()
    with db.connect() as conn:
        return store.load_all(conn, workspace_key=key)


def get_own(db: Database, principal: Principal, *, key: str, record_key: str
            ) -> OwnRecommendation:
    require_read(db, principal, key)
    with db.connect() as conn:
        return store.get(conn, workspace_key=key, key=record_key)


def propose(db: Database, principal: Principal, *, key: str,
            statuses: Collection[str] | None = None, save: bool = True) -> Drafting:
    """Draft recommendations from the workspace's gaps; ``save`` stores them as drafts."""
    if save:
        require(db, principal, key, Role.CONTRIBUTOR)
    else:
        require_read(db, principal, key)
    data, catalogue = load_with_catalogue(db, key)
    report = analyse(data, catalogue, statuses=statuses)
    with db.connect() as conn:
        # the cycle's analysis: what was recommended and assessed up to its year
        recommendations = load_recommendations(conn, workspace_key=key, up_to_cycle=True)
        histories = status_histories(conn, workspace_key=key, up_to_cycle=True)
        existing = store.load_all(conn, workspace_key=key)
    drafts = draft_recommendations(data, catalogue, report, recommendations=recommendations,
                                   statuses=histories, existing=existing)
    if not save:
        return Drafting(drafts, 0, 0)
    stored = {r.key: r for r in existing}
    new = [d.recommendation for d in drafts if d.recommendation.key not in stored]
    # A draft nobody has edited (version 1) is drafted anew when its numbers changed; it
    # is replaced whole, so that it stays at version 1 and the next run may refresh it too.
    stale = [d.recommendation for d in drafts
             if (before := stored.get(d.recommendation.key)) is not None
             and before.version == 1 and before.status == OwnStatus.DRAFT
             and before != replace(d.recommendation, version=1)]
    with db.begin() as conn:
        for record in stale:
            store.delete(conn, workspace_key=key, key=record.key, expected_version=1,
                         user=principal.name)
        store.add(conn, workspace_key=key, records=[*new, *stale], user=principal.name)
    refreshed = len(stale)
    return Drafting(drafts, len(new), refreshed)


def _check(db: Database, key: str, record: OwnRecommendation) -> None:
    """Every problem of a recommendation at once (ValidationError): its key and texts by the
    rules for any record, a text, a known basis, provisions of the catalogue and actors of
    the workspace."""
    problems = [Problem(message, field=name) for name, message in
                record_text_problems(record)]
    if (message := key_problem(record.key)) is not None:
        problems.append(Problem(message, field="key"))
    if not record.text.strip():
        problems.append(Problem("a recommendation needs a text", field="text"))
    if record.basis not in BASES:
        problems.append(Problem(f"unknown basis '{record.basis}'; use one of: "
                                f"{', '.join(BASES)}", field="basis"))
    catalogue = workspace_catalogue(db, key)
    problems += [Problem(f"unknown provision '{code}'", field="provisions")
                 for code in record.provisions if catalogue.provision(code) is None]
    with db.connect() as conn:
        actors = {a.key for a in load_workspace_data(conn, workspace_key=key).actors}
    problems += [Problem(f"workspace '{key}' has no actor '{code}'", field="actors")
                 for code in record.actors if code not in actors]
    if problems:
        raise ValidationError(problems, summary="the recommendation was not saved")


def write(db: Database, principal: Principal, *, key: str, record: OwnRecommendation
          ) -> OwnRecommendation:
    """Add one written by hand (as a draft)."""
    require(db, principal, key, Role.CONTRIBUTOR)
    record = replace(record, status=OwnStatus.DRAFT, version=1)
    _check(db, key, record)
    with db.begin() as conn:
        store.add(conn, workspace_key=key, records=[record], user=principal.name)
    return record


def edit(db: Database, principal: Principal, *, key: str, record: OwnRecommendation,
         expected_version: int) -> OwnRecommendation:
    """Save a change made from ``expected_version``; a change of status beyond draft needs
    the reviewer role."""
    role = require(db, principal, key, Role.CONTRIBUTOR)
    _check(db, key, record)
    with db.begin() as conn:
        current = store.get(conn, workspace_key=key, key=record.key)
        if record.status != current.status and record.status != OwnStatus.DRAFT \
                and role < Role.REVIEWER:
            raise UsageError(f"only a reviewer may mark a recommendation as "
                             f"{record.status.value}")
        return store.update(conn, workspace_key=key, record=record,
                            expected_version=expected_version, user=principal.name)


def delete(db: Database, principal: Principal, *, key: str, record_key: str,
           expected_version: int) -> None:
    require(db, principal, key, Role.CONTRIBUTOR)
    with db.begin() as conn:
        store.delete(conn, workspace_key=key, key=record_key,
                     expected_version=expected_version, user=principal.name)
