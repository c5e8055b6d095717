"""Templates of the system map's spreadsheets, to download and fill in.

``/workspaces/{key}/map-templates`` lists them (``.json``: the same as data), and
``/workspaces/{key}/map-templates/{table}.csv`` or ``.xlsx`` is one of them: the header row
of the table ``impact import --kind`` and ``impact map import`` read, and in a workbook a
second sheet saying what each column holds and which codes the workspace's catalogue
accepts. For members of the workspace: a template holds no record, but its codes are the
workspace's.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.errors import NotFoundError
from impactkit.exchange.map_sheets import SHEET_FORMATS, header
from impactkit.exchange.map_tables import MAP_TABLE_KINDS, TABLE_TITLES
from impactkit.services import exchange as service
from impactkit.services.accounts import Role
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.records import require_role, workspace

router = APIRouter()
BASE = "/workspaces/{key}/map-templates"
TO = "download the templates of the map"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_url(key: str, kind: str, file_format: str) -> str:
    return f"/workspaces/{key}/map-templates/{kind}.{file_format}"


def _entries(key: str) -> list[dict[str, Any]]:
    return [{"kind": kind, "title": TABLE_TITLES[kind], "columns": header(kind),
             "files": {f: template_url(key, kind, f) for f in SHEET_FORMATS},
             "command": f"impact import {kind}.xlsx --kind {kind} -w {key}"}
            for kind in MAP_TABLE_KINDS]


@router.get(f"{BASE}.json", include_in_schema=False)
@router.get(BASE, include_in_schema=False)
def templates(request: Request, key: str) -> Response:
    """Every template, with its columns and the command that imports it."""
    view = workspace(request, key)
    require_role(request, view, Role.VIEWER, TO)
    entries = _entries(key)
    return render(request, "records/map_templates.html",
                  {"workspace": view, "section": "map", "entries": entries},
                  json_context={"workspace": key, "templates": entries})


@router.get(BASE + "/{name}", include_in_schema=False)
def template(request: Request, key: str, name: str) -> Response:
    """One template, as an attachment named like the table it fills."""
    view = workspace(request, key)
    require_role(request, view, Role.VIEWER, TO)
    kind, _, file_format = name.rpartition(".")
    if kind not in MAP_TABLE_KINDS or file_format not in SHEET_FORMATS:
        raise NotFoundError(f"no template '{name}'; there are templates for "
                            f"{', '.join(MAP_TABLE_KINDS)}, as .csv or .xlsx")
    body = service.table_template(database(request), principal(request), key=key, kind=kind,
                                  file_format=file_format)
    return Response(body, media_type=MEDIA_TYPES[file_format], headers={
        "Content-Disposition": f'attachment; filename="{kind}.{file_format}"'})
