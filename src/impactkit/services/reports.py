"""Reports, for whoever may read the data behind them: gather, build, render.

The command line, the web pages and the API all come here. A report of a workspace needs
read access to it; a reader who sees a workspace only because it is public gets validated
findings only (a public workspace publishes validated content, never drafts). The builders
in :mod:`impactkit.reports` get plain data; the renderers turn their document into HTML,
PDF or Word.

Two runs on the same data and settings give the same HTML byte for byte, provided the
generation time is fixed: it is read from ``SOURCE_DATE_EPOCH`` when that is set (the
reproducible-builds convention), which also fixes the PDF's and the Word file's creation
dates.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from gettext import gettext as _
from typing import Any, Literal

from impactkit.analysis.determinants import key_determinants
from impactkit.analysis.hypothesis import DESCRIPTIVE_BELOW
from impactkit.analysis.matrix import analyse_with_matrix
from impactkit.analysis.report import ALL_STATUSES, normalise_statuses
from impactkit.analysis.vulnerability import VulnerabilityIndex
from impactkit.errors import PermissionDenied, UsageError
from impactkit.reports import alternative, comparative, follow_up, national
from impactkit.reports.editorial import EditorialSection
from impactkit.reports.inputs import (
    KINDS,
    ComparisonInput,
    HypothesisInput,
    ReportOptions,
    VulnerabilityPoint,
    WorkspaceInput,
)
from impactkit.reports.model import GENERATED_FORMAT, Document, Linker, finish
from impactkit.services.accounts import Principal, require_read, role_of
from impactkit.services.catalogue import workspace_catalogue
from impactkit.services.determinants import label_of
from impactkit.store import audit as audit_store
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as recommendation_store
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data

Format = Literal["html", "pdf", "docx"]
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html; charset=utf-8", ".html"),
    "pdf": ("application/pdf", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ".docx"),
}
DEFAULT_STATUS = "validated"
MAX_COMPARED = 12
"""More workspaces than this make a comparative table nobody can read on a page."""

Progress = Callable[[str], None]
ONE_WORKSPACE: dict[str, Callable[[WorkspaceInput, ReportOptions], Document]] = {
    "national": national.build, "alternative": alternative.build,
    "recommendations": follow_up.build}
"""The kinds about one workspace and their builders (the comparative report takes many)."""


@dataclass(frozen=True)
class ReportRequest:
    """What a user asks for. ``status`` is ``validated`` (the default), ``all`` (drafts
    included and labelled) or a comma-separated list of review statuses."""

    kind: str
    workspaces: tuple[str, ...]
    format: str = "html"
    status: str = DEFAULT_STATUS
    word_limit: int | None = None
    scheme: str | None = None

    def checked(self) -> ReportRequest:
        if self.kind not in KINDS:
            raise UsageError(_("unknown kind of report {kind!r}; use one of: {kinds}").format(
                kind=self.kind, kinds=", ".join(KINDS)))
        if self.format not in FORMATS:
            raise UsageError(_("unknown report format {format!r}; use one of: {formats}").format(
                format=self.format, formats=", ".join(FORMATS)))
        if self.kind == "comparative":
            if len(set(self.workspaces)) < 2:
                raise UsageError(_("a comparative report needs at least two different "
                                   "workspaces"))
            if len(self.workspaces) > MAX_COMPARED:
                raise UsageError(_("a comparative report takes at most {n} workspaces").format(
                    n=MAX_COMPARED))
        elif len(self.workspaces) != 1:
            raise UsageError(_("a {kind} report is about one workspace").format(kind=self.kind))
        if self.word_limit is not None and self.word_limit < 1:
            raise UsageError(_("the word limit must be a positive number of words"))
        return self


def generation_time() -> str:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, as printed on the cover (UTC, to the
    minute)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise UsageError(_("SOURCE_DATE_EPOCH must be a number of seconds since 1970, "
                               "not {value!r}").format(value=epoch)) from None
    else:
        moment = datetime.now(UTC)
    return moment.strftime(GENERATED_FORMAT)


def _statuses(db: Database, principal: Principal, keys: Sequence[str], status: str
              ) -> frozenset[str] | None:
    wanted = normalise_statuses([s.strip() for s in status.split(",")] if status != ALL_STATUSES
                                else ALL_STATUSES)
    for key in keys:
        require_read(db, principal, key)
        if role_of(db, principal, key) is None and wanted != {DEFAULT_STATUS}:
            raise PermissionDenied(_(
                "workspace {key!r} is public: its reports include validated findings only "
                "(leave out --status, or log in as a member)").format(key=key))
    return wanted


def workspace_input(db: Database, principal: Principal, key: str,
                    statuses: frozenset[str] | None, *, kind: str = "") -> WorkspaceInput:
    """One workspace as a report of ``kind`` needs it (the caller has checked read access):
    the national assessment also reads the indicators, structural vulnerability, key
    determinants and own recommendations; the comparative report the vulnerability."""
    db.require_current()
    with db.connect() as conn:
        data = load_workspace_data(conn, workspace_key=key)
        # the State's recommendations are shared by its cycles: this cycle's report sees those
        # made, and the status assessed, up to the end of its year
        recommendations = recommendation_store.load_recommendations(conn, workspace_key=key,
                                                                    up_to_cycle=True)
        made = {r.key for r in recommendations}
        actions = [a for a in tracking.load_actions(conn, workspace_key=key)
                   if not a.recommendations or made.intersection(a.recommendations)]
        history = tracking.status_histories(conn, workspace_key=key, up_to_cycle=True)
        newest = audit_store.history(conn, workspace_key=key, limit=1)
    catalogue = workspace_catalogue(db, key)
    report, matrix = analyse_with_matrix(data, catalogue, statuses=statuses)
    version = (_("as of {time} (audit trail entry {id})").format(
        id=newest[0].id, time=newest[0].at.strftime(GENERATED_FORMAT))
        if newest else _("no change recorded"))
    extras: dict[str, Any] = {}
    if kind in ("national", "comparative"):
        extras["vulnerability"], extras["vulnerability_problem"] = _vulnerability(
            db, principal, key)
    if kind == "national":
        extras.update(_national_extras(db, principal, key, statuses))
        extras["determinants"] = key_determinants(
            [(label_of(data.workspace), data)], catalogue, statuses=statuses)
    return WorkspaceInput(
        data=data, catalogue=catalogue, report=report, matrix=matrix, data_version=version,
        recommendations=tuple(recommendations), actions=tuple(actions),
        history={k: tuple(v) for k, v in history.items()},
        sections=_editorial(db, principal, key), **extras)


def _vulnerability(db: Database, principal: Principal, key: str
                   ) -> tuple[VulnerabilityIndex | None, str]:
    """The workspace's index, or None and why (a workspace without a year whose
    jurisdiction has no indicator value has no reference year)."""
    from impactkit.services.vulnerability import workspace_vulnerability

    try:
        return workspace_vulnerability(db, principal, key=key), ""
    except UsageError as problem:
        return None, str(problem)


def _national_extras(db: Database, principal: Principal, key: str,
                     statuses: frozenset[str] | None) -> dict[str, Any]:
    """What the national assessment reads beside the findings: indicator readings, key
    determinants of this workspace alone, and every own recommendation (the builder
    chooses which statuses to print)."""
    from impactkit.services.indicators import workspace_readings
    from impactkit.services.own_recommendations import list_own

    return {"readings": tuple(workspace_readings(db, principal, key=key)),
            "own_recommendations": tuple(list_own(db, principal, key=key))}


def comparison_input(db: Database, principal: Principal, inputs: Sequence[WorkspaceInput],
                     statuses: frozenset[str] | None) -> ComparisonInput:
    """The hypothesis test (implementation against vulnerability) and the key determinants
    over the compared workspaces, from the analyses their inputs already hold."""
    from impactkit.services.indicators import workspace_series
    from impactkit.services.vulnerability import Measured, hypothesis_test, index_of

    found = key_determinants([(label_of(ws.data.workspace), ws.data) for ws in inputs],
                             inputs[0].catalogue, statuses=statuses)
    try:
        measured = []
        for ws in inputs:
            series = workspace_series(db, principal, key=ws.key)
            measured.append(Measured(ws.report, series, ws.vulnerability or index_of(series)))
        test = hypothesis_test(measured, statuses=statuses)
    except UsageError as problem:
        return ComparisonInput(hypothesis_problem=str(problem), determinants=found)
    points = tuple(VulnerabilityPoint(p.workspace, p.label, p.implementation.overall,
                                      p.vulnerability)
                   for p in test.points if p.implementation.overall is not None)
    hypothesis = HypothesisInput(
        points=points, left_out=tuple(key for key, _why in test.left_out),
        correlation=test.overall, message=test.message,
        descriptive_only=test.descriptive_only, descriptive_below=DESCRIPTIVE_BELOW,
        quadrants=test.quadrants, rank_spread=test.rank_spread, dominance=test.dominance,
        implementation_dominance=test.implementation_dominance, rule=test.rule)
    return ComparisonInput(hypothesis=hypothesis, determinants=found)


def _editorial(db: Database, principal: Principal, key: str) -> dict[str, EditorialSection]:
    from impactkit.services import editorial

    return editorial.sections(db, principal, workspace_key=key)


def build_document(db: Database, principal: Principal, request: ReportRequest, *,
                   link: Linker | None = None, progress: Progress | None = None) -> Document:
    """The report's document: checked, gathered, built, numbered. ``link`` gives the web
    address of an explanation (notes carry it when given)."""
    request = request.checked()
    statuses = _statuses(db, principal, request.workspaces, request.status)
    options = ReportOptions(generated_at=generation_time(), statuses=statuses,
                            scheme=request.scheme, word_limit=request.word_limit)
    inputs = []
    for key in request.workspaces:
        if progress:
            progress(_("Reading and analysing workspace {key}").format(key=key))
        inputs.append(workspace_input(db, principal, key, statuses, kind=request.kind))
    build = ONE_WORKSPACE.get(request.kind)
    if build is not None:
        if progress:
            progress(_("Building the document"))
        document = build(inputs[0], options)
    else:
        if progress:
            progress(_("Setting implementation against vulnerability"))
        comparison = comparison_input(db, principal, inputs, statuses)
        if progress:
            progress(_("Building the document"))
        document = comparative.build(inputs, options, comparison)
    return finish(document, link)


def render(document: Document, format: str, *, progress: Progress | None = None) -> bytes:
    """The document in one format, as the bytes of a file."""
    if format == "html":
        from impactkit.reports.render_html import render_html

        if progress:
            progress(_("Drawing the charts and writing HTML"))
        return render_html(document).encode("utf-8")
    if format == "pdf":
        from impactkit.reports.render_pdf import render_pdf

        if progress:
            progress(_("Laying out the PDF"))
        return render_pdf(document)
    if format == "docx":
        from impactkit.reports.render_docx import render_docx

        if progress:
            progress(_("Writing the Word file"))
        return render_docx(document)
    raise UsageError(_("unknown report format {format!r}; use one of: {formats}").format(
        format=format, formats=", ".join(FORMATS)))


def report_bytes(db: Database, principal: Principal, request: ReportRequest, *,
                 link: Linker | None = None, progress: Progress | None = None
                 ) -> tuple[Document, bytes]:
    """Build and render in one call: what the pages, the API and the command line use."""
    document = build_document(db, principal, request, link=link, progress=progress)
    return document, render(document, request.format, progress=progress)


def file_name(request: ReportRequest) -> str:
    """A download's name: ``impact-national-demo.pdf``."""
    stem = "-".join(["impact", request.kind, *request.workspaces])
    safe = "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in stem)
    return safe + FORMATS[request.format][1]
