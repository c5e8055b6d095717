"""The system map: the network of actors and links, with where it breaks.

``/workspaces/{key}/map(.json)``: what the analysis finds in numbers first, then the graph
(drawn in the browser by the locally served Plotly from positions computed here, see
:mod:`.system_map_figure`) and its accessible twin, tables of actors, gaps, overlaps,
conflicts, bridging and isolated actors and coordination density with the same facts. Each
long table shows a page of :data:`PAGE_SIZE` rows (``?gaps_page=2``, ``?size=100``), so a
map of a thousand actors stays a page a person can read; the JSON twin holds every row.
Filters are GET query parameters (``?sector=labour&level=local&form=forced-begging``), so a
view is a URL to share: they pick out actors on the graph (the others fade) and in the actor
table; ``form`` also narrows gaps and overlaps to that form.

``/workspaces/{key}/map/gaps/{form}/{function}(.json)``: the detail behind one gap (the
groups left without anyone, the mandates holding the function but limited to other cases);
``/workspaces/{key}/map/overlaps/{form}/{function}(.json)``: every pair of an overlap that
does not work together, a page at a time. The referral navigator and the saved scenarios are
in :mod:`.system_map_navigator`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import NotFoundError, Problem, ValidationError
from impactkit.services import map_gaps
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

PAGE_SIZE = 50
"""Rows of each table on one page of the map (``?size=`` changes it, up to MAX_SIZE)."""
MAX_SIZE = 500
TABLES = ("actors", "gaps", "overlaps", "conflicts", "bridges", "isolated")
"""The map's paged tables; ``?{table}_page=N`` picks the page of one."""


@dataclass(frozen=True)
class Paged:
    """One page of a table's rows, with the links to the pages beside it."""

    rows: Sequence[Any]
    total: int
    page: int
    pages: int
    first: int  # number of the first row shown (1-based; 0 when there is none)
    prev: str | None
    next: str | None


def paged(rows: Sequence[Any], page: int, size: int, url: Any) -> Paged:
    """The rows of page ``page`` (clamped to the pages there are); ``url(n)`` links page n."""
    pages = max(1, -(-len(rows) // size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    return Paged(rows[start:start + size], len(rows), page, pages,
                 start + 1 if rows else 0, url(page - 1) if page > 1 else None,
                 url(page + 1) if page < pages else None)


def number(value: str | None, default: int) -> int:
    """A page number or size from the query string; anything but a positive integer is the
    default (a pager link is never worth an error page)."""
    try:
        parsed = int(value or "")
    except ValueError:
        return default
    return parsed if parsed > 0 else default


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
        return {"workspace": key, "filters": filters, "summary": map_gaps.summary(report),
                "actors": rows, "edges": fig["edges"],
                "gaps": [g.to_dict() for g in gaps],
                "specialised": full["specialised"],
                "overlaps": [o.to_dict() for o in overlaps],
                "conflicts": full["conflicts"], "isolated": full["isolated"],
                "bridges": full["bridges"], "density": full["density"]}

    query = request.query_params
    size = min(number(query.get("size"), PAGE_SIZE), MAX_SIZE)

    def pager(table: str, items: Sequence[Any]) -> Paged:
        def url(n: int) -> str:
            kept = {k: v for k, v in query.items() if k != f"{table}_page"}
            return map_url(key, "?" + urlencode({**kept, f"{table}_page": str(n)})
                           + f"#{table}-title")
        return paged(items, number(query.get(f"{table}_page"), 1), size, url)

    tables: dict[str, Sequence[Any]] = dict(zip(TABLES, (
        [r for r in rows if r["picked"]], gaps, overlaps, report.conflicts, report.bridges,
        report.isolated), strict=True))
    context = {
        **section_context(view), "report": report, "rows": rows, "figure": fig,
        "legend": legend(view.catalogue, data, titles, fig), "names": names,
        "gaps": gaps, "overlaps": overlaps, "filters": filters,
        "filter_error": filter_error, "filter_specs": FILTERS,
        "summary": map_gaps.summary(report),
        "pages": {t: pager(t, items) for t, items in tables.items()},
        "picked": len(tables["actors"]),
        "density": sorted((d for d in report.density if d.possible),
                          key=lambda d: (d.density, d.sector_a, d.sector_b))}
    return render(request, "map/map.html", context, json_context=twin,
                  status_code=422 if filter_error else 200)


def _chain_codes(catalogue: Catalogue, form: str, function: str) -> None:
    if form not in catalogue.codes("forms") or function not in catalogue.codes(
            "mandate_functions"):
        raise NotFoundError(f"no form {form!r} or no function {function!r} in the catalogue")


# the .json route, nearest the function, registers first ({function} matches 'x.json')
@router.get(f"{BASE}/gaps/{{form}}/{{function}}", include_in_schema=False)
@router.get(f"{BASE}/gaps/{{form}}/{{function}}.json", include_in_schema=False)
def gap_view(request: Request, key: str, form: str, function: str) -> Response:
    """The detail behind one gap: the groups left without anyone, and each mandate holding
    the function that stops short of children in general in this form (what it is limited
    to)."""
    view = workspace(request, key)
    _chain_codes(view.catalogue, form, function)
    detail = map_gaps.gap_detail(database(request), principal(request), workspace_key=key,
                                 form=form, function=function)
    query = request.query_params
    size = min(number(query.get("size"), PAGE_SIZE), MAX_SIZE)
    tail = f"/gaps/{quote(form, safe='')}/{quote(function, safe='')}"
    page = paged(detail.limited, number(query.get("page"), 1), size,
                 lambda n: map_url(key, f"{tail}?{urlencode({'page': n, 'size': size})}"))
    context = {**section_context(view), "gap": detail.gap, "names": detail.names,
               "page": page}
    return render(request, "map/gap.html", context, json_context=lambda: {
        "workspace": key, "gap": detail.gap.to_dict(), "total": page.total,
        "limited": [{"key": m.key, "actor_key": m.actor_key,
                     "actor": detail.names.get(m.actor_key, m.actor_key),
                     "forms": list(m.forms), "groups": list(m.groups),
                     "limited_to_groups": m.limited_to_groups} for m in detail.limited]})


# the .json route, nearest the function, registers first ({function} matches 'x.json')
@router.get(f"{BASE}/overlaps/{{form}}/{{function}}", include_in_schema=False)
@router.get(f"{BASE}/overlaps/{{form}}/{{function}}.json", include_in_schema=False)
def overlap_view(request: Request, key: str, form: str, function: str) -> Response:
    """The pairs of one overlap that do not work together, a page at a time (the map counts
    them; only this page lists them all)."""
    view = workspace(request, key)
    _chain_codes(view.catalogue, form, function)
    query = request.query_params
    size = min(number(query.get("size"), PAGE_SIZE), MAX_SIZE)
    found = map_gaps.overlap_pairs(database(request), principal(request), workspace_key=key,
                                   form=form, function=function,
                                   page=number(query.get("page"), 1), size=size)
    tail = f"/overlaps/{quote(form, safe='')}/{quote(function, safe='')}"

    def url(n: int) -> str:
        return map_url(key, f"{tail}?{urlencode({'page': n, 'size': size})}")
    page = Paged(found.pairs, found.total, found.page, found.pages,
                 (found.page - 1) * size + 1 if found.pairs else 0,
                 url(found.page - 1) if found.page > 1 else None,
                 url(found.page + 1) if found.page < found.pages else None)
    context = {**section_context(view), "form": form, "function": function, "page": page,
               "names": found.names}
    return render(request, "map/overlap.html", context, json_context=lambda: {
        "workspace": key, "form": form, "function": function, "total": found.total,
        "page": found.page, "pages": found.pages, "pairs": [list(p) for p in found.pairs]})
