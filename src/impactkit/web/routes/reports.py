"""The Reports pages: choose a report, download its file.

``/workspaces/{key}/reports(.json)`` offers the reports of one workspace (national
assessment, alternative report, follow-up of recommendations) in HTML, PDF or Word;
``/workspaces/{key}/reports/download?kind=...&format=...`` answers with the file.
``/reports/comparative(.json)?w=A&w=B`` and ``/reports/comparative/download`` do the same
for the comparative report of two to twelve workspaces, chosen as on the compare page.

GET forms: asking for a report changes nothing, so a report is a link one can keep. Whoever
may read the workspace may download its reports, and is refused exactly as on its dashboard
otherwise (the access check comes before the choices are read); drafts are offered to
members only. A choice that is not understood is a 400 page naming its field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from impactkit.services.accounts import PermissionDenied, require_read
from impactkit.services.dashboard import readable_workspaces
from impactkit.services.reports import MAX_COMPARED
from impactkit.web import report_files
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.records import workspace
from impactkit.web.urls import (
    comparative_download_url,
    comparative_reports_url,
    compare_url,
    report_download_url,
    reports_url,
    texts_url,
)

router = APIRouter()
Statuses = Annotated[list[str] | None, Query()]
Keys = Annotated[list[str] | None, Query()]


@router.get("/workspaces/{key}/reports.json", include_in_schema=False)
@router.get("/workspaces/{key}/reports", include_in_schema=False)
def reports_page(request: Request, key: str) -> Response:
    """The form: kind, format, findings included, and the alternative report's scheme and
    word limit."""
    view = workspace(request, key)  # refuses as the dashboard does
    context = {"workspace_key": key, "url": reports_url(key),
               "download_url": report_download_url(key),
               "comparative_url": comparative_reports_url([key]), "texts_url": texts_url(key),
               **report_files.form_choices(view.catalogue, member=view.role is not None)}
    return render(request, "reports/workspace.html",
                  {**context, "workspace": view, "section": "reports"}, json_context=context)


@router.get("/workspaces/{key}/reports/download", include_in_schema=False)
def download_report(request: Request, key: str, kind: str, format: str,
                    status: Statuses = None, scheme: str | None = None,
                    word_limit: str | None = None, inline: bool = False) -> Response:
    """The report's file (``inline=1``: shown in the browser rather than saved)."""
    view = workspace(request, key)
    asked = report_files.workspace_report(key, view.catalogue, kind=kind, format=format,
                                          status=status, scheme=scheme, words=word_limit)
    return report_files.download(request, database(request), principal(request), asked,
                                 inline=inline)


def _chosen(request: Request, keys: list[str] | None
            ) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The workspaces chosen, each checked readable as the compare page checks them, and
    those one may choose from; an anonymous visitor with nothing public to read is sent to
    log in."""
    db, who = database(request), principal(request)
    chosen = report_files.compared_keys(keys)
    for chosen_key in chosen:
        require_read(db, who, chosen_key)
    choices = readable_workspaces(db, who)
    if not choices and not who.is_authenticated:
        raise PermissionDenied("log in to build a comparative report")
    return chosen, choices


@router.get("/reports/comparative.json", include_in_schema=False)
@router.get("/reports/comparative", include_in_schema=False)
def comparative_page(request: Request, w: Keys = None) -> Response:
    """The form: the workspaces one may read (those of ``w`` chosen), the format, and for
    those logged in the findings included."""
    chosen, choices = _chosen(request, w)
    context = {"choices": choices, "selected": list(chosen),
               "url": comparative_reports_url(), "download_url": comparative_download_url(),
               "compare_url": compare_url(chosen), "max_compared": MAX_COMPARED,
               **report_files.comparative_choices(
                   member=principal(request).is_authenticated)}
    return render(request, "reports/comparative.html", {**context, "section": "compare"},
                  json_context=context)


@router.get("/reports/comparative/download", include_in_schema=False)
def download_comparative(request: Request, format: str, w: Keys = None,
                         status: Statuses = None, inline: bool = False) -> Response:
    """The comparative report's file."""
    chosen, _ = _chosen(request, w)
    asked = report_files.comparative_report(chosen, format=format, status=status)
    return report_files.download(request, database(request), principal(request), asked,
                                 inline=inline)
