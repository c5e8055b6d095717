"""What the dashboard, explanation and comparison pages show, as plain JSON-ready data.

Each page's context is built here once, from :mod:`impactkit.services.analysis` and the audit
trail, and both the HTML page and its ``.json`` twin render that one dict, so they cannot
disagree. Numbers are taken from the results' JSON form (``to_dict``: scores rounded to 2
decimals, coverage to 4), so the page shows exactly what ``impact analyse --status
validated --json`` says (with ``?status=all``, ``impact analyse --json``): the pages count
validated findings only unless told otherwise (:mod:`impactkit.services.findings_filter`),
and the filter is part of the cache key below.

Every function takes the :class:`Principal` asking and checks that it may read the workspace
(anonymous visitors only public ones); the audit trail ("latest changes") is for members only.

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
from urllib.parse import quote

from impactkit.analysis import (
    TARGET_FORMS,
    AnalysisReport,
    Score,
    ScoreMatrix,
    analyse_with_matrix,
    compare,
    explain,
)
from impactkit.analysis.matrix import cell_target
from impactkit.analysis.results import to_plain
from impactkit.analysis.table import AnalysisInput
from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ImpactError, NotFoundError, UsageError
from impactkit.services.accounts import (
    PermissionDenied,
    Principal,
    is_public,
    require_read,
    role_of,
)
from impactkit.services.analysis import analysis_input
from impactkit.services.findings_filter import FindingsFilter, page_filter, switch
from impactkit.services.records import CACHE_SECONDS, data_version
from impactkit.services.single_flight import SingleFlight
from impactkit.services.workspaces import list_workspaces
from impactkit.store import audit
from impactkit.store.db import Database
from impactkit.store.records import finding_titles
from impactkit.store.versions import DataVersion

LATEST_CHANGES = 10
TOP_PROVISION_GAPS = 10
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


# --- shared pieces ---------------------------------------------------------------------------

def explain_url(key: str, target: str, findings: FindingsFilter | None = None) -> str:
    """Where a number is explained, keeping the page's filter of findings."""
    url = f"/workspaces/{quote(key)}/explain/{quote(target, safe=':+')}"
    return findings.link(url) if findings is not None else url


def dashboard_url(key: str, findings: FindingsFilter | None = None) -> str:
    url = f"/workspaces/{quote(key)}"
    return findings.link(url) if findings is not None else url


def counting(result: Analysed, findings: FindingsFilter) -> dict[str, Any]:
    """Which findings a page counts, in numbers and in words (``findings`` of a page's
    context and its ``.json`` twin), with the two choices of the switch."""
    summary = result.report.summary
    return {**findings.as_dict(),
            **findings.counts(summary.findings, summary.findings + summary.filtered_out),
            "switch": switch(findings)}


def finding_url(key: str, finding_key: str) -> str:
    return f"/workspaces/{quote(key)}/findings/{quote(finding_key, safe='')}"


def titles(catalogue: Catalogue, vocabulary: str) -> dict[str, str]:
    return {term.code: term.title for term in getattr(catalogue, vocabulary)}


def workspace_info(db: Database, result: Analysed) -> dict[str, Any]:
    ws = result.data.workspace
    return {"key": ws.key, "title": ws.title, "jurisdiction": ws.jurisdiction.code,
            "jurisdiction_name": ws.jurisdiction.name, "fictional": ws.jurisdiction.fictional,
            "cycle": ws.cycle, "catalogue": result.report.catalogue_key,
            "catalogue_version": result.report.catalogue_version,
            "public": is_public(db, ws.key)}


def score_state(score: Score) -> str:
    """How a score cell reads: ``scored``; ``not-assessed`` (no rated finding: never shown as
    0); ``zero-weight`` (rated findings, all of weight 0); ``no-cells`` (every cell left out
    as not applicable, or none exists)."""
    if score.total_cells == 0:
        return "no-cells"
    if score.score is not None:
        return "scored"
    return "zero-weight" if score.n_findings else "not-assessed"


def score_entry(key: str, score: Score, *, title: str | None = None,
                findings: FindingsFilter | None = None) -> dict[str, Any]:
    """One score as the pages show it: the numbers of its JSON form and where it is
    explained (``url`` is None for slices without a target)."""
    plain = score.to_dict()
    return {"code": score.code, "title": title or score.title, "target": score.target,
            "url": explain_url(key, score.target, findings) if score.target else None,
            "state": score_state(score),
            **{name: plain[name] for name in ("score", "coverage", "covered_cells",
                                              "total_cells", "n_findings", "n_not_assessed")}}


# --- the dashboard ---------------------------------------------------------------------------

def dashboard(db: Database, principal: Principal, *, key: str,
              findings: FindingsFilter | None = None) -> dict[str, Any]:
    """Everything the workspace dashboard shows (see the module doc), counting the findings
    ``findings`` selects (default: validated only, see
    :mod:`impactkit.services.findings_filter`). ``latest_changes`` is None for visitors who
    are not members."""
    findings = findings or page_filter(None)
    member = role_of(db, principal, key) is not None
    if not member:
        require_read(db, principal, key)  # public workspaces only
    result = analysed(db, key=key, statuses=findings.statuses)
    views = result.views
    if "dashboard" not in views:  # the same for every visitor: built once per data version
        views["dashboard"] = _dashboard_data(key, result, findings)
    if member and "latest_changes" not in views:  # every change makes a new version
        views["latest_changes"] = _changes(db, key, LATEST_CHANGES)
    return {"workspace": workspace_info(db, result), **views["dashboard"],
            "latest_changes": views["latest_changes"] if member else None,
            **freshness(result)}


def freshness(result: Analysed) -> dict[str, Any]:
    """What a page says about the age of its numbers: the data version they were computed
    at, and whether a newer analysis is being built (a change was just made)."""
    return {"data_version": result.version.newest_audit_id, "refreshing": result.refreshing}


def _dashboard_data(key: str, result: Analysed, findings: FindingsFilter) -> dict[str, Any]:
    report, catalogue = result.report, result.catalogue
    return {
        "counting": counting(result, findings),
        "summary": _summary(report),
        "heatmap": _heatmap(key, result, findings),
        "areas": [score_entry(key, s, title=t, findings=findings) for s, t in
                  _titled(report.scores["area"], titles(catalogue, "areas"))],
        "layers": [score_entry(key, s, title=t, findings=findings) for s, t in
                   _titled(report.scores["layer"], titles(catalogue, "layers"))],
        "gaps": _gaps(key, report, catalogue, findings),
        "exclusions": _exclusions(key, report, catalogue, findings),
        "mandates": _mandates(report, catalogue),
        "tensions": [{"sectors": list(t.sectors), "count": t.count,
                      **score_entry(key, t.score, title=t.title.removeprefix("Coherence: "),
                                    findings=findings)}
                     for t in report.tensions],
    }


def _summary(report: AnalysisReport) -> dict[str, Any]:
    plain: dict[str, Any] = to_plain(report.summary)
    return {**plain, "scale": {"min": report.scale_min, "max": report.scale_max}}


def _titled(scores: Sequence[Score], names: dict[str, str]) -> list[tuple[Score, str]]:
    return [(s, names.get(s.code, s.code)) for s in scores]


def _heatmap(key: str, result: Analysed, findings: FindingsFilter) -> dict[str, Any]:
    matrix, report = result.matrix, result.report
    cluster_names = titles(result.catalogue, "clusters")
    area_names = titles(result.catalogue, "areas")
    clusters = {s.code: s for s in report.scores["cluster"]}
    rows = []
    for cluster, cells in zip(matrix.clusters, matrix.cells, strict=True):
        rows.append({
            "cluster": score_entry(key, clusters[cluster], title=cluster_names[cluster],
                                   findings=findings),
            "cells": [{"area": area, **score_entry(key, cell, title=cell.title,
                                                   findings=findings)}
                      for area, cell in zip(matrix.areas, cells, strict=True)]})
    return {"areas": [{"code": a, "title": area_names[a],
                       "url": explain_url(key, f"area:{a}", findings)}
                      for a in matrix.areas],
            "rows": rows, "rule": matrix.rule}


def _gaps(key: str, report: AnalysisReport, catalogue: Catalogue,
          findings: FindingsFilter) -> dict[str, Any]:
    """Law-policy and practice score of every cluster (catalogue order, None where not
    assessed), the gap where both exist, and the largest provision gaps."""
    names = titles(catalogue, "clusters")
    measured = {g.code: g for g in report.cluster_gaps}
    one_sided = {g.code: g for g in report.unmeasurable_gaps if g.kind == "cluster"}
    clusters = []
    for code in names:
        gap, half = measured.get(code), one_sided.get(code)
        sides: dict[str, Score | None] = {"law-policy": None, "practice": None}
        if gap is not None:
            sides = {"law-policy": gap.law_policy, "practice": gap.practice}
        elif half is not None:
            sides[half.measured_layer] = half.measured
        plain = {layer: (s.to_dict() if s is not None else None) for layer, s in sides.items()}
        target = f"gap:cluster:{code}"
        clusters.append({
            "code": code, "title": names[code], "target": target,
            "url": explain_url(key, target, findings) if gap or half else None,
            "law_policy": plain["law-policy"]["score"] if plain["law-policy"] else None,
            "law_policy_coverage": (plain["law-policy"]["coverage"]
                                    if plain["law-policy"] else None),
            "practice": plain["practice"]["score"] if plain["practice"] else None,
            "practice_coverage": plain["practice"]["coverage"] if plain["practice"] else None,
            "gap": gap.to_dict()["gap"] if gap else None,
            "significant": gap.significant if gap else False,
        })
    provisions = [{"code": g.code, "title": g.title.removeprefix("Implementation gap: "),
                   "target": g.target, "url": explain_url(key, g.target, findings),
                   **{k: v for k, v in _gap_numbers(g.to_dict()).items()}}
                  for g in report.provision_gaps[:TOP_PROVISION_GAPS]]
    return {"clusters": clusters, "provisions": provisions,
            "n_provision_gaps": len(report.provision_gaps),
            "n_significant": sum(g.significant for g in report.provision_gaps),
            "threshold": report.scoring["gap_threshold"]}


def _gap_numbers(plain: dict[str, Any]) -> dict[str, Any]:
    return {"law_policy": plain["law_policy"]["score"], "practice": plain["practice"]["score"],
            "gap": plain["gap"], "significant": plain["significant"]}


def _exclusions(key: str, report: AnalysisReport, catalogue: Catalogue,
                findings: FindingsFilter) -> list[dict[str, Any]]:
    names = titles(catalogue, "child_groups")
    out = []
    for exclusion in report.exclusions:
        plain = exclusion.to_dict()
        out.append({
            "group": exclusion.group, "excluded": exclusion.excluded,
            **score_entry(key, exclusion.inclusion, title=names.get(exclusion.group),
                          findings=findings),
            "criteria": [{"criterion": c["criterion"], "title": c["title"], "count": c["count"]}
                         for c in plain["criteria"]],
            "reasons": list(exclusion.reasons)})
    return out


def _mandates(report: AnalysisReport, catalogue: Catalogue) -> dict[str, Any]:
    provisions = {p.code: p.title for p in catalogue.provisions()}
    forms = titles(catalogue, "forms")
    return {
        "uncovered_provisions": [{"code": u.provision, "title": provisions.get(u.provision, "")}
                                 for u in report.uncovered_provisions],
        "uncovered_forms": [{"code": u.form, "title": forms.get(u.form, u.form)}
                            for u in report.uncovered_forms],
        "uncoordinated": [{"subject": u.subject, "code": u.code, "title": u.title,
                           "message": u.message, "sectors": list(u.sectors),
                           "missing_pairs": [list(p) for p in u.missing_pairs]}
                          for u in report.uncoordinated],
        "conflicts": [{"link": c.link_key, "actors": list(c.actor_keys),
                       "sectors": list(c.sectors), "title": c.title, "message": c.message,
                       "legal_basis": c.legal_basis} for c in report.conflicts],
        "function_gaps": [{"form": g.form, "function": g.function, "title": g.title,
                           "message": g.message, "groups": list(g.groups)}
                          for g in report.function_gaps],
    }


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
             "record_key": e.record_key, "action": e.action,
             "summary": e.summary}
            for e in entries]


# --- explanation -----------------------------------------------------------------------------

class TargetError(ImpactError):
    """An explain target the workspace's catalogue cannot explain. ``context`` is what the
    'unknown target' page shows (the accepted forms, with working examples)."""

    context: dict[str, Any]

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "accepted": list(TARGET_FORMS)}


class MalformedTarget(TargetError, UsageError):
    """The target is not written in one of the accepted forms (400)."""


class UnknownTarget(TargetError, NotFoundError):
    """The target names a code the catalogue does not have (404)."""


def accepted_targets(key: str, result: Analysed,
                     findings: FindingsFilter | None = None) -> list[dict[str, Any]]:
    """Each accepted form, with a working example from this workspace where it has one."""
    report, matrix = result.report, result.matrix
    scores = {kind: _first(report.scores[kind]) for kind in report.scores}
    first_sector = report.exclusions[0].by_sector[:1] if report.exclusions else ()
    examples: dict[str, str | None] = {
        **{f"{kind}:<{kind}>": target for kind, target in scores.items()},
        "gap:<provision>": report.provision_gaps[0].target if report.provision_gaps else None,
        "gap:cluster:<cluster>": report.cluster_gaps[0].target if report.cluster_gaps else None,
        "exclusion:<group>": report.exclusions[0].target if report.exclusions else None,
        "exclusion:<group>:<sector>": first_sector[0].target if first_sector else None,
        "tension:<sector>+<sector>": report.tensions[0].target if report.tensions else None,
        "cell:<cluster>:<area>": (cell_target(matrix.clusters[0], matrix.areas[0])
                                  if matrix.clusters and matrix.areas else None),
    }
    return [{"form": form, "example": examples.get(form),
             "url": explain_url(key, example, findings) if (example := examples.get(form))
             else None}
            for form in TARGET_FORMS]


def _first(scores: Sequence[Score]) -> str | None:
    return scores[0].target if scores else None


def explanation(db: Database, principal: Principal, *, key: str, target: str,
                findings: FindingsFilter | None = None) -> dict[str, Any]:
    """The findings, ratings, weights, contributions, rule, arithmetic and cells behind one
    number, counting the findings ``findings`` selects (default: validated only). Raises
    MalformedTarget / UnknownTarget (with the accepted forms) for targets the workspace's
    catalogue cannot explain."""
    findings = findings or page_filter(None)
    require_read(db, principal, key)
    result = analysed(db, key=key, statuses=findings.statuses)
    try:
        explained = explain(result.data, result.catalogue, target, statuses=findings.statuses)
    except (UsageError, NotFoundError) as error:
        wrapped = (MalformedTarget if isinstance(error, UsageError) else UnknownTarget)(
            error.message)
        wrapped.context = {"workspace": workspace_info(db, result), "target": target,
                           "message": error.message,
                           "accepted": accepted_targets(key, result, findings),
                           "counting": counting(result, findings),
                           "dashboard_url": dashboard_url(key, findings)}
        raise wrapped from error
    plain = explained.to_dict()
    keys = {*plain["finding_keys"], *plain["not_assessed"], *plain["not_applicable"]}
    for component in plain["components"]:
        keys |= {*component["not_assessed"], *component["not_applicable"]}
    with db.connect() as conn:
        named = finding_titles(conn, workspace_key=key, keys=keys)
    return {
        "workspace": workspace_info(db, result),
        "target": target,
        "explanation": plain,
        "findings": {k: {"title": named.get(k, ""), "url": finding_url(key, k)}
                     for k in sorted(keys)},
        "counting": counting(result, findings),
        "dashboard_url": dashboard_url(key, findings),
        "score_state": score_state(explained.score) if explained.score else None,
        "related": _related(key, result.catalogue, explained.tags, target, findings),
        **freshness(result),
    }


RELATED_KINDS = {"area": "areas", "cluster": "clusters", "layer": "layers", "sector": "sectors",
                 "group": "child_groups"}


def _related(key: str, catalogue: Catalogue, tags: Sequence[tuple[str, str]],
             target: str, findings: FindingsFilter) -> list[dict[str, str]]:
    """The scores of what an explained number is about (its area, cluster, sectors...)."""
    out = []
    for kind, code in tags:
        if kind == "provision":
            name = f"Provision {code}"
        elif kind in RELATED_KINDS:
            name = f"{kind.capitalize()}: {titles(catalogue, RELATED_KINDS[kind]).get(code, code)}"
        else:
            continue
        if f"{kind}:{code}" != target:
            out.append({"target": f"{kind}:{code}", "title": name,
                        "url": explain_url(key, f"{kind}:{code}", findings)})
    return out


# --- comparison ------------------------------------------------------------------------------

def readable_workspaces(db: Database, principal: Principal) -> list[dict[str, Any]]:
    return [{"key": w.key, "title": w.title, "cycle": w.cycle, "catalogue": w.catalogue_key,
             "jurisdiction_name": w.jurisdiction_name}
            for w in list_workspaces(db, principal)]


def comparison(db: Database, principal: Principal, *, keys: Sequence[str],
               findings: FindingsFilter | None = None) -> dict[str, Any]:
    """Two or more readable workspaces side by side (area, cluster and layer scores with
    coverage and differences to the first), counting the findings ``findings`` selects
    (default: validated only). With fewer than two, only the choices; with different
    catalogues, the choices and the error (its JSON shape at the top level)."""
    findings = findings or page_filter(None)
    selected = list(dict.fromkeys(k for k in keys if k))
    for key in selected:
        require_read(db, principal, key)
    choices = readable_workspaces(db, principal)
    if not choices and not principal.is_authenticated:
        raise PermissionDenied("log in to compare workspaces")
    context: dict[str, Any] = {"choices": choices, "selected": selected, "comparison": None,
                               "counting": {**findings.as_dict(), "switch": switch(findings)}}
    if len(selected) < 2:
        if selected:
            context.update(UsageError("choose at least two workspaces to compare").as_dict())
        return context
    results = [analysed(db, key=k, statuses=findings.statuses) for k in selected]
    try:
        compared = compare([r.report for r in results])
    except UsageError as error:
        context.update(error.as_dict())
        return context
    plain = compared.to_dict()
    for row in plain["rows"]:
        target = f"{row['kind']}:{row['code']}"
        for ws, value in zip(selected, row["values"], strict=True):
            value["url"] = explain_url(ws, target, findings) if value["score"] is not None \
                or value["coverage"] is not None else None
    context["comparison"] = plain
    context["counted"] = [{"key": k, **findings.counts(
        r.report.summary.findings, r.report.summary.findings + r.report.summary.filtered_out)}
        for k, r in zip(selected, results, strict=True)]
    return context
