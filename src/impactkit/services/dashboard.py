"""The analyses the dashboard, explanation and comparison pages start from, cached, for
whoever may read them (the pages themselves are built by
:mod:`impactkit.web.analysis_pages`).

Every public function takes the :class:`Principal` asking and checks that it may read the
workspace (anonymous visitors only public ones); the audit trail ("latest changes") is for
members only. The filter of findings (:mod:`impactkit.services.findings_filter`) is part of
the cache key below.

Analysing a workspace is too slow to repeat on every view, so the analysis of a workspace
is cached per database and keyed by the data's version: the newest entry of the audit
trail, which every change to records, catalogues or settings writes in the same
transaction. Any change therefore invalidates the cache at the next view. After a change,
one caller rebuilds the analysis while everyone else viewing the workspace meanwhile is
shown the previous one, marked ``refreshing`` (:mod:`impactkit.services.single_flight`),
so a burst of views after a write costs one analysis. Under a stream of writes, a
workspace's analysis is rebuilt at most once per refresh interval (:func:`keep_analyses`;
the web app sets it from ``Settings.analysis_refresh_seconds``), views in between being
shown the last one marked ``refreshing``. On PostgreSQL the version also names
the writes in flight (see :mod:`impactkit.store.versions`), and a cached analysis is never
older than ``CACHE_SECONDS``.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from impactkit.analysis import (
    AnalysisReport,
    Comparison,
    Explanation,
    ScoreMatrix,
    analyse_with_matrix,
    compare,
    explain,
)
from impactkit.analysis.table import AnalysisInput
from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ImpactError, UsageError
from impactkit.kinds import BY_NAME
from impactkit.services.accounts import (
    PermissionDenied,
    Principal,
    is_public,
    require_read,
    role_of,
)
from impactkit.services.analysis import analysis_input
from impactkit.services.records import CACHE_SECONDS, data_version
from impactkit.services.single_flight import SingleFlight
from impactkit.services.workspaces import list_workspaces
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.records import finding_titles
from impactkit.store.versions import DataVersion

LATEST_CHANGES = 10
KEPT_ANALYSES = 32
"""Analyses kept per database: a few workspaces times a few options."""


# --- the cached analysis -------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Analysed:
    """One workspace's data, catalogue and results at one data version."""

    data: AnalysisInput
    catalogue: Catalogue
    report: AnalysisReport
    matrix: ScoreMatrix
    version: DataVersion
    at: float
    views: dict[str, Any] = field(default_factory=dict)  # page data built from the above
    refreshing: bool = False
    """The last analysis, handed out while a newer one is being built (see
    :mod:`impactkit.services.single_flight`): pages say so."""


_flights: weakref.WeakKeyDictionary[Database, SingleFlight[Analysed]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()


def analysed(db: Database, *, key: str, statuses: tuple[str, ...] | None = None) -> Analysed:
    """The analysis of a workspace at the current data version, counting the findings of
    ``statuses`` only (None: all; the filter is part of the cache key). No permission check:
    the public functions below check before calling this.

    One caller at a time rebuilds a workspace's analysis; those asking meanwhile get the
    previous one with ``refreshing`` set (or wait, if there is none yet). The version keys
    the analysis even with writes in flight on PostgreSQL (it names them, see
    :mod:`impactkit.store.versions`)."""
    version = data_version(db)  # read before the data: a change in between only re-analyses
    flight = _flights_of(db).get(
        _cache_key(key, statuses), version=version,
        build=lambda: _analyse(db, key, version, statuses),
        max_age=None if db.dialect == "sqlite" else CACHE_SECONDS)
    return replace(flight.value, refreshing=True) if flight.refreshing else flight.value


def _cache_key(key: str, statuses: tuple[str, ...] | None) -> Hashable:
    """What selects one analysis of a database: the workspace and the statuses counted."""
    return (key, statuses)


def _analyse(db: Database, key: str, version: DataVersion,
             statuses: tuple[str, ...] | None) -> Analysed:
    data, catalogue = analysis_input(db, key)
    report, matrix = analyse_with_matrix(data, catalogue, statuses=statuses)
    return Analysed(data=data, catalogue=catalogue, report=report, matrix=matrix,
                    version=version, at=time.monotonic())


def _flights_of(db: Database) -> SingleFlight[Analysed]:
    with _lock:
        flights = _flights.get(db)
        if flights is None:
            flights = _flights[db] = SingleFlight(kept=KEPT_ANALYSES)
        return flights


def keep_analyses(db: Database, *, refresh_seconds: float) -> None:
    """Rebuild each analysis of ``db`` at most once per ``refresh_seconds`` (0: after every
    change); see :mod:`impactkit.services.single_flight`. The app serving many viewers sets
    it; a caller that never does gets a rebuild after every change."""
    _flights_of(db).min_interval = refresh_seconds


def rebuilds(db: Database) -> int:
    """How many analyses of this database were built in this process (tests, figures)."""
    with _lock:
        flights = _flights.get(db)
    return flights.rebuilds if flights is not None else 0


# --- what the pages start from, for whoever may read it ---------------------------------------

@dataclass(frozen=True, eq=False)
class WorkspaceAnalysis:
    """A workspace's cached analysis as one principal may see it: ``latest_changes`` (the
    newest entries of its audit trail) for members only, None for a public workspace's
    visitors."""

    result: Analysed
    public: bool
    latest_changes: list[dict[str, Any]] | None


def workspace_analysis(db: Database, principal: Principal, *, key: str,
                       statuses: tuple[str, ...] | None) -> WorkspaceAnalysis:
    """The analysis of a workspace the principal may read (anonymous visitors: public ones
    only), counting the findings of ``statuses`` (None: all)."""
    member = role_of(db, principal, key) is not None
    if not member:
        require_read(db, principal, key)  # public workspaces only
    result = analysed(db, key=key, statuses=statuses)
    views = result.views  # every change (to the data or the public flag) makes a new version
    if "public" not in views:
        views["public"] = is_public(db, key)
    if member and "latest_changes" not in views:
        views["latest_changes"] = _changes(db, key, LATEST_CHANGES)
    return WorkspaceAnalysis(result=result, public=views["public"],
                             latest_changes=views["latest_changes"] if member else None)


def latest_changes(db: Database, principal: Principal, *, key: str,
                   limit: int = LATEST_CHANGES) -> list[dict[str, Any]]:
    """The newest entries of the workspace's audit trail: members only (a public
    workspace's visitors see the data, not who changed it)."""
    if role_of(db, principal, key) is None:
        require_read(db, principal, key)  # says "log in" or "not a member"
        raise PermissionDenied(f"the changes of workspace '{key}' are for its members")
    return _changes(db, key, limit)


def _changes(db: Database, key: str, limit: int) -> list[dict[str, Any]]:
    with db.connect() as conn:
        entries = audit.history(conn, workspace_key=key, limit=limit)
    return [{"at": e.at.isoformat(), "user": e.user, "entity": e.entity,
             "kind_label": kind.label if (kind := BY_NAME.get(e.entity))
             else e.entity.replace("-", " "),  # "editorial section", "membership"...
             "record_key": e.record_key, "action": e.action, "summary": e.summary}
            for e in entries]


def explained(db: Database, analysis: WorkspaceAnalysis, target: str,
              statuses: tuple[str, ...] | None) -> tuple[Explanation, dict[str, str]]:
    """The explanation of one number of an analysis already read (access checked by
    :func:`workspace_analysis`), and the titles of the findings it names. Raises
    UsageError for a malformed target, NotFoundError for a code the catalogue lacks."""
    result = analysis.result
    explanation = explain(result.data, result.catalogue, target, statuses=statuses)
    plain = explanation.to_dict()
    keys = {*plain["finding_keys"], *plain["not_assessed"], *plain["not_applicable"]}
    for component in plain["components"]:
        keys |= {*component["not_assessed"], *component["not_applicable"]}
    with db.connect() as conn:
        titles = finding_titles(conn, workspace_key=result.data.workspace.key, keys=keys)
    return explanation, {k: titles.get(k, "") for k in keys}


def readable_workspaces(db: Database, principal: Principal) -> list[dict[str, Any]]:
    return [{"key": w.key, "title": w.title, "cycle": w.cycle, "catalogue": w.catalogue_key,
             "jurisdiction_name": w.jurisdiction_name}
            for w in list_workspaces(db, principal)]


@dataclass(frozen=True, eq=False)
class Compared:
    """Workspaces side by side: the readable ones to choose from, those chosen, their
    analyses and their comparison (None with fewer than two, or ``error`` when they cannot
    be compared)."""

    choices: list[dict[str, Any]]
    selected: list[str]
    results: list[Analysed]
    comparison: Comparison | None
    error: ImpactError | None


def compared(db: Database, principal: Principal, *, keys: Sequence[str],
             statuses: tuple[str, ...] | None) -> Compared:
    """Two or more readable workspaces compared, counting the findings of ``statuses``."""
    selected = list(dict.fromkeys(k for k in keys if k))
    for key in selected:
        require_read(db, principal, key)
    choices = readable_workspaces(db, principal)
    if not choices and not principal.is_authenticated:
        raise PermissionDenied("log in to compare workspaces")
    if len(selected) < 2:
        error = UsageError("choose at least two workspaces to compare") if selected else None
        return Compared(choices, selected, [], None, error)
    results = [analysed(db, key=k, statuses=statuses) for k in selected]
    try:
        comparison = compare([r.report for r in results])
    except UsageError as failed:
        return Compared(choices, selected, results, None, failed)
    return Compared(choices, selected, results, comparison, None)
