"""What the dashboard, explanation and comparison pages show, as plain JSON-ready data.

Each page's context is built here once, from the cached analysis of
:mod:`impactkit.services.dashboard` (which checks who may read what), and both the HTML page
and its ``.json`` twin render that one dict, so they cannot disagree. Numbers are taken from
the results' JSON form (``to_dict``: scores rounded to 2 decimals, coverage to 4), so the
page shows exactly what ``impact analyse --status validated --json`` says (with
``?status=all``, ``impact analyse --json``): the pages count validated findings only unless
told otherwise (:mod:`impactkit.services.findings_filter`). Links are built with
:mod:`impactkit.web.urls`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from impactkit.analysis import TARGET_FORMS, AnalysisReport, Score
from impactkit.analysis.matrix import cell_target
from impactkit.analysis.results import to_plain
from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ImpactError, NotFoundError, UsageError
from impactkit.services.accounts import Principal
from impactkit.services.dashboard import (
    Analysed,
    WorkspaceAnalysis,
    compared,
    explained,
    workspace_analysis,
)
from impactkit.services.findings_filter import FindingsFilter, page_filter, switch
from impactkit.store.db import Database
from impactkit.web.urls import dashboard_url, explain_url, finding_url

TOP_PROVISION_GAPS = 10


# --- shared pieces ---------------------------------------------------------------------------

def counting(result: Analysed, findings: FindingsFilter) -> dict[str, Any]:
    """Which findings a page counts, in numbers and in words (``findings`` of a page's
    context and its ``.json`` twin), with the two choices of the switch."""
    summary = result.report.summary
    return {**findings.as_dict(),
            **findings.counts(summary.findings, summary.findings + summary.filtered_out),
            "switch": switch(findings)}


def titles(catalogue: Catalogue, vocabulary: str) -> dict[str, str]:
    return {term.code: term.title for term in getattr(catalogue, vocabulary)}


def workspace_info(analysis: WorkspaceAnalysis) -> dict[str, Any]:
    result = analysis.result
    ws = result.data.workspace
    return {"key": ws.key, "title": ws.title, "jurisdiction": ws.jurisdiction.code,
            "jurisdiction_name": ws.jurisdiction.name, "fictional": ws.jurisdiction.fictional,
            "cycle": ws.cycle, "catalogue": result.report.catalogue_key,
            "catalogue_version": result.report.catalogue_version,
            "public": analysis.public}


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
    analysis = workspace_analysis(db, principal, key=key, statuses=findings.statuses)
    result = analysis.result
    views = result.views
    if "dashboard" not in views:  # the same for every visitor: built once per data version
        views["dashboard"] = _dashboard_data(key, result, findings)
    return {"workspace": workspace_info(analysis), **views["dashboard"],
            "latest_changes": analysis.latest_changes, **freshness(result)}


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
        "specialised_gaps": [{"function": g.function, "title": g.title, "message": g.message}
                             for g in report.specialised_gaps],
    }


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
    analysis = workspace_analysis(db, principal, key=key, statuses=findings.statuses)
    result = analysis.result
    try:
        explained_number, named = explained(db, analysis, target, findings.statuses)
    except (UsageError, NotFoundError) as error:
        wrapped = (MalformedTarget if isinstance(error, UsageError) else UnknownTarget)(
            error.message)
        wrapped.context = {"workspace": workspace_info(analysis), "target": target,
                           "message": error.message,
                           "accepted": accepted_targets(key, result, findings),
                           "counting": counting(result, findings),
                           "dashboard_url": dashboard_url(key, findings)}
        raise wrapped from error
    return {
        "workspace": workspace_info(analysis),
        "target": target,
        "explanation": explained_number.to_dict(),
        "findings": {k: {"title": named[k], "url": finding_url(key, k)} for k in sorted(named)},
        "counting": counting(result, findings),
        "dashboard_url": dashboard_url(key, findings),
        "score_state": score_state(explained_number.score) if explained_number.score else None,
        "related": _related(key, result.catalogue, explained_number.tags, target, findings),
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

def comparison(db: Database, principal: Principal, *, keys: Sequence[str],
               findings: FindingsFilter | None = None) -> dict[str, Any]:
    """Two or more readable workspaces side by side (area, cluster and layer scores with
    coverage and differences to the first), counting the findings ``findings`` selects
    (default: validated only). With fewer than two, only the choices; with different
    catalogues, the choices and the error (its JSON shape at the top level)."""
    findings = findings or page_filter(None)
    found = compared(db, principal, keys=keys, statuses=findings.statuses)
    context: dict[str, Any] = {"choices": found.choices, "selected": found.selected,
                               "comparison": None,
                               "counting": {**findings.as_dict(), "switch": switch(findings)}}
    if found.error is not None:
        context.update(found.error.as_dict())
    if found.comparison is None:
        return context
    plain = found.comparison.to_dict()
    for row in plain["rows"]:
        target = f"{row['kind']}:{row['code']}"
        for ws, value in zip(found.selected, row["values"], strict=True):
            value["url"] = explain_url(ws, target, findings) if value["score"] is not None \
                or value["coverage"] is not None else None
    context["comparison"] = plain
    context["counted"] = [{"key": k, **findings.counts(
        r.report.summary.findings, r.report.summary.findings + r.report.summary.filtered_out)}
        for k, r in zip(found.selected, found.results, strict=True)]
    return context
