"""The system map: the network of actors and links, with where it breaks.

``/workspaces/{key}/map(.json)``: the graph (drawn in the browser by the locally served
Plotly from positions computed here, see :mod:`.system_map_figure`) and its accessible twin,
tables of actors, gaps, overlaps, conflicts and coordination density with the same facts.
Filters are GET query parameters (``?sector=labour&level=local&form=forced-begging``), so a
view is a URL to share: they pick out actors on the graph (the others fade) and in the actor
table; ``form`` also narrows gaps and overlaps to that form. The referral navigator and the
saved scenarios are in :mod:`.system_map_navigator`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import Problem, ValidationError
from impactkit.services import system_map as service
from impactkit.services.accounts import Role
from impactkit.services.record_fields import code_titles
from impactkit.services.records import WorkspaceView
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.records import workspace
from impactkit.web.routes.system_map_figure import Highlight, actor_rows, figure, legend

router = APIRouter()
BASE = "/workspaces/{key}/map"

FILTERS = (("sector", "sectors", "Sector"), ("level", "actor_levels", "Level"),
           ("form", "forms", "Form of exploitation"))
"""Query parameter, the catalogue vocabulary its codes come from, and its label."""


def map_url(key: str, tail: str = "") -> str:
    """A page of the map; ``tail`` comes percent-encoded (keys in it quoted by the caller)."""
    return f"/workspaces/{quote(key, safe='')}/map" + tail


def section_context(view: WorkspaceView) -> dict[str, Any]:
    return {"workspace": view, "section": "map", "can_edit": view.can(Role.CONTRIBUTOR),
            "titles": code_titles(view.catalogue)}


def read_filters(catalogue: Catalogue, given: dict[str, str | None]
                 ) -> tuple[Highlight, list[Problem]]:
    """The filters sent, each checked against its vocabulary (an unknown code is reported
    with the accepted ones and then ignored, so the page still shows the whole map)."""
    chosen: dict[str, str] = {}
    problems: list[Problem] = []
    for name, vocabulary, label in FILTERS:
        value = (given.get(name) or "").strip()
        if not value:
            continue
        codes = catalogue.codes(vocabulary)
        if value in codes:
            chosen[name] = value
        else:
            problems.append(Problem(f"unknown {label.lower()} {value!r}; use one of "
                                    f"{', '.join(codes)}", field=name))
    return Highlight(**chosen), problems


@router.get(f"{BASE}.json", include_in_schema=False)
@router.get(BASE, include_in_schema=False)
def map_view(request: Request, key: str, sector: str | None = None, level: str | None = None,
             form: str | None = None) -> Response:
    view = workspace(request, key)
    db, who = database(request), principal(request)
    data, report = service.map_with_report(db, who, workspace_key=key)
    titles = code_titles(view.catalogue)
    highlight, problems = read_filters(view.catalogue, {"sector": sector, "level": level,
                                                         "form": form})
    filter_error = (ValidationError(problems, summary="a filter was not understood")
                    if problems else None)
    rows = actor_rows(data, report, titles, highlight, key)
    fig = figure(data, view.catalogue, rows, titles)
    names = {a.key: a.name for a in data.actors}
    gaps = [g for g in report.gaps if highlight.form in (None, g.form)]
    overlaps = [o for o in report.overlaps if highlight.form in (None, o.form)]
    filters = {name: value for name, value in (("sector", highlight.sector),
                                               ("level", highlight.level),
                                               ("form", highlight.form)) if value}

    def twin() -> dict[str, Any]:
        if filter_error is not None:
            return filter_error.as_dict()
        full = report.to_dict()
        return {"workspace": key, "filters": filters, "actors": rows,
                "edges": fig["edges"],
                "summary": {"actors": report.actors, "links": report.links,
                            "gaps": len(report.gaps), "overlaps": len(report.overlaps),
                            "conflicts": len(report.conflicts)},
                "gaps": [g.to_dict() for g in gaps],
                "overlaps": [o.to_dict() for o in overlaps],
                "conflicts": full["conflicts"], "isolated": full["isolated"],
                "bridges": full["bridges"], "density": full["density"]}

    context = {
        **section_context(view), "report": report, "rows": rows, "figure": fig,
        "legend": legend(view.catalogue, data, titles, fig), "names": names,
        "gaps": gaps, "overlaps": overlaps, "filters": filters,
        "filter_error": filter_error, "filter_specs": FILTERS,
        "picked": sum(1 for r in rows if r["picked"]),
        "density": sorted((d for d in report.density if d.possible),
                          key=lambda d: (d.density, d.sector_a, d.sector_b))}
    return render(request, "map/map.html", context, json_context=twin,
                  status_code=422 if filter_error else 200)
