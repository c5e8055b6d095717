"""Links between recommendations made to a State and the findings of its assessments, read
and edited from either side.

A recommendation belongs to the State (shared by every workspace, one per cycle, of the
same jurisdiction); a finding belongs to one workspace. So a link names both: it is stored
among the recommendation's ``findings`` as :func:`~impactkit.recommendations.model.finding_ref`
(``veldmark-2024/F-12``); a bare key, written before recommendations were shared, names a
finding of the workspace it is read from. A recommendation may link findings of any
workspace of its State; reading one needs read access to that workspace (one the reader may
not see is shown by its reference only).

Linking is a change of the recommendation like a change of its tags: the contributor role,
the version the change is based on (a stale one is :class:`ConflictError`, nothing written),
and the audit trail. The workspace's own recommendations do not record findings: they name
the recommendations made to the State that they follow up (``related``), so a finding's own
recommendations are those related to a recommendation linked to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from impactkit.domain import Finding
from impactkit.errors import (
    ConflictError,
    NotFoundError,
    PermissionDenied,
    Problem,
    ValidationError,
)
from impactkit.recommendations.model import (
    Recommendation,
    StatusAssessment,
    finding_ref,
    natural_key,
    split_finding_ref,
)
from impactkit.recommendations.own import OwnRecommendation
from impactkit.services import recommendations as recs
from impactkit.services.accounts import Principal, Role, can_read, require, require_read
from impactkit.services.own_recommendations import list_own
from impactkit.store import recommendations as store
from impactkit.store.db import Database
from impactkit.store.editing import choices, get_record
from impactkit.store.recommendation_search import SearchFilters
from impactkit.store.workspaces import get_workspace


@dataclass(frozen=True, slots=True)
class LinkedFinding:
    """A finding a recommendation is linked to, as a reader in ``workspace_key`` sees it.
    ``finding`` is None when it was deleted or the reader may not see its workspace."""

    ref: str  # as stored
    workspace_key: str  # the finding's workspace (the reader's own for a bare key)
    key: str
    workspace_title: str
    own_workspace: bool
    finding: Finding | None


@dataclass(frozen=True, slots=True)
class LinkedRecommendation:
    """A recommendation linked to a finding, with its latest status (any source)."""

    recommendation: Recommendation
    latest: StatusAssessment | None


@dataclass(frozen=True, slots=True)
class FindingLinks:
    """What a finding's page shows of the recommendations: those linked to it, and the
    workspace's own recommendations following them up."""

    recommendations: tuple[LinkedRecommendation, ...]
    own: tuple[OwnRecommendation, ...]


def resolve(ref: str, workspace_key: str) -> tuple[str, str]:
    """(workspace, finding key) of a stored reference read in ``workspace_key``."""
    workspace, key = split_finding_ref(ref)
    return (workspace or workspace_key, key)


def linked_findings(db: Database, principal: Principal, *, workspace_key: str,
                    recommendation: Recommendation) -> list[LinkedFinding]:
    """The findings ``recommendation`` is linked to: those of ``workspace_key`` first, then
    by workspace and key (natural order)."""
    require_read(db, principal, workspace_key)
    found: list[LinkedFinding] = []
    with db.connect() as conn:
        titles: dict[str, str] = {}
        for ref in dict.fromkeys(recommendation.findings):
            ws, key = resolve(ref, workspace_key)
            if ws not in titles:
                try:
                    titles[ws] = get_workspace(conn, key=ws).title
                except NotFoundError:
                    titles[ws] = ""
            finding = None
            if titles[ws] and (ws == workspace_key or can_read(db, principal, ws)):
                try:
                    finding = get_record(conn, workspace_key=ws, entity="finding", key=key)
                except NotFoundError:
                    finding = None
            found.append(LinkedFinding(ref=ref, workspace_key=ws, key=key,
                                       workspace_title=titles[ws],
                                       own_workspace=ws == workspace_key, finding=finding))
    return sorted(found, key=lambda f: (not f.own_workspace, natural_key(f.workspace_key),
                                        natural_key(f.key)))


def finding_choices(db: Database, principal: Principal, *, workspace_key: str
                    ) -> list[tuple[str, str]]:
    """(key, title) of every finding of the workspace: what the link picker offers."""
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return choices(conn, workspace_key=workspace_key, entity="finding")


def link(db: Database, principal: Principal, *, workspace_key: str, key: str,
         findings: list[str], expected_version: int) -> Recommendation:
    """Link recommendation ``key`` to ``findings``: keys of findings of ``workspace_key``, or
    references ``WORKSPACE/KEY`` to a finding of another workspace of the same State. Every
    one must exist; already linked ones are left as they are."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    with db.begin() as conn:
        jurisdiction = get_workspace(conn, key=workspace_key).jurisdiction.code
        problems: list[Problem] = []
        wanted: list[tuple[str, str]] = []
        for given in findings:
            ws, fkey = resolve(given.strip(), workspace_key)
            try:
                other = get_workspace(conn, key=ws)
                if other.jurisdiction.code != jurisdiction:
                    problems.append(Problem(
                        f"'{given}' is a finding of workspace '{ws}', which assesses another "
                        f"State ({other.jurisdiction.name}): link findings of the workspaces "
                        f"of {jurisdiction} only", field="findings"))
                    continue
                if ws != workspace_key:
                    require_read(db, principal, ws)
                get_record(conn, workspace_key=ws, entity="finding", key=fkey)
            except NotFoundError:  # the suggestion comes from the finding's own workspace
                try:
                    known = {k for k, _ in choices(conn, workspace_key=ws, entity="finding")}
                except NotFoundError:  # no such workspace
                    known = set()
                problems.append(Problem(f"no finding '{fkey}' in workspace '{ws}'"
                                        f"{recs.did_you_mean(fkey, known)}",
                                        field="findings"))
                continue
            wanted.append((ws, fkey))
        if problems or not wanted:
            raise ValidationError(problems or [Problem("choose a finding to link",
                                                       field="findings")],
                                  summary="no link was saved")
        current = store.get_recommendation(conn, workspace_key=workspace_key, key=key)
        held = {resolve(ref, workspace_key) for ref in current.findings}
        added = [finding_ref(ws, fkey) for ws, fkey in dict.fromkeys(wanted)
                 if (ws, fkey) not in held]
        if not added and current.version == expected_version:
            return current  # linked already: nothing to write
        changed = dataclasses.replace(current, findings=(*current.findings, *added))
        return store.update_recommendation(
            conn, workspace_key=workspace_key, record=changed,
            expected_version=expected_version, by=principal.name,
            summary="link findings: " + ", ".join(added))


def link_to_finding(db: Database, principal: Principal, *, workspace_key: str,
                    finding_key: str, recommendations: Sequence[str],
                    versions: Mapping[str, int] | None = None) -> list[Recommendation]:
    """Link every one of ``recommendations`` to finding ``finding_key`` of ``workspace_key``,
    all in one transaction: if any is refused, none is linked. A recommendation's version is
    checked when ``versions`` gives it (a stale one is :class:`ConflictError`), else the
    version read in the transaction is the one changed (adding a link changes nothing anyone
    else wrote). Unknown recommendations are refused together, each named
    (:class:`ValidationError`); an unknown finding is :class:`NotFoundError`. Those linked
    already are left as they are. Returns the recommendations as they are now, in the order
    given."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    wanted = list(dict.fromkeys(k.strip() for k in recommendations if k.strip()))
    if not wanted:
        raise ValidationError([Problem("tick a recommendation to link",
                                       field="recommendations")],
                              summary="no link was saved")
    given = versions or {}
    with db.begin() as conn:
        get_record(conn, workspace_key=workspace_key, entity="finding", key=finding_key)
        found = {r.key: r for r in store.load_recommendations(
            conn, workspace_key=workspace_key, keys=wanted)}
        missing = [k for k in wanted if k not in found]
        if missing:
            known = {r.key for r in store.load_recommendations(conn,
                                                               workspace_key=workspace_key)}
            raise ValidationError([Problem(
                f"no recommendation '{k}' in workspace '{workspace_key}'"
                f"{recs.did_you_mean(k, known)}", field="recommendations") for k in missing],
                summary="no link was saved")
        stale = [k for k in wanted if k in given and given[k] != found[k].version]
        if stale:
            first = found[stale[0]]
            named = ", ".join(f"'{k}' (now version {found[k].version}, read at version "
                              f"{given[k]})" for k in stale)
            raise ConflictError(f"recommendations changed by someone else since the page was "
                                f"read: {named}; no link was saved",
                                current_version=first.version, current=first)
        ref = finding_ref(workspace_key, finding_key)
        linked: list[Recommendation] = []
        for key in wanted:
            current = found[key]
            if (workspace_key, finding_key) in {resolve(r, workspace_key)
                                                for r in current.findings}:
                linked.append(current)  # linked already: nothing to write
                continue
            changed = dataclasses.replace(current, findings=(*current.findings, ref))
            linked.append(store.update_recommendation(
                conn, workspace_key=workspace_key, record=changed,
                expected_version=current.version, by=principal.name,
                summary=f"link findings: {ref}"))
        return linked


def unlink(db: Database, principal: Principal, *, workspace_key: str, key: str,
           findings: list[str], expected_version: int) -> Recommendation:
    """Remove the links of recommendation ``key`` to ``findings`` (keys or references, read
    as :func:`link` reads them); one not linked is refused, naming it."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    with db.begin() as conn:
        current = store.get_recommendation(conn, workspace_key=workspace_key, key=key)
        gone = {resolve(given.strip(), workspace_key) for given in findings}
        held = {resolve(ref, workspace_key) for ref in current.findings}
        missing = [given for given in findings
                   if resolve(given.strip(), workspace_key) not in held]
        if missing or not gone:
            raise ValidationError([Problem(f"recommendation '{key}' is not linked to '{m}'",
                                           field="findings") for m in missing]
                                  or [Problem("choose a finding to unlink",
                                              field="findings")],
                                  summary="no link was removed")
        kept = tuple(ref for ref in current.findings
                     if resolve(ref, workspace_key) not in gone)
        removed = [ref for ref in current.findings if ref not in kept]
        return store.update_recommendation(
            conn, workspace_key=workspace_key,
            record=dataclasses.replace(current, findings=kept),
            expected_version=expected_version, by=principal.name,
            summary="unlink findings: " + ", ".join(removed))


def for_finding(db: Database, principal: Principal, *, workspace_key: str,
                finding_key: str) -> FindingLinks:
    """The recommendations linked to a finding of ``workspace_key`` (by its reference, or by
    its bare key), in paragraph order, with their latest status; and the workspace's own
    recommendations related to any of them."""
    require_read(db, principal, workspace_key)
    found: dict[str, Recommendation] = {}
    for ref in (finding_ref(workspace_key, finding_key), finding_key):
        page = recs.find(db, principal, workspace_key=workspace_key,
                         filters=SearchFilters(tag=f"finding:{ref}"),
                         limit=recs.MAX_SEARCH_LIMIT)
        found.update((r.key, r) for r in page.items)
    ordered = sorted(found.values(), key=lambda r: (natural_key(r.paragraph),
                                                    natural_key(r.key)))
    details = recs.list_details(db, principal, workspace_key=workspace_key,
                                keys=[r.key for r in ordered]) if ordered else {}
    linked = tuple(LinkedRecommendation(r, details.get(r.key, (None, 0))[0]) for r in ordered)
    try:
        own = tuple(o for o in list_own(db, principal, key=workspace_key)
                    if found.keys() & set(o.related))
    except PermissionDenied:
        own = ()
    return FindingLinks(recommendations=linked, own=own)
