"""The progress page of a State's recommendations: how many by reporting cluster, by
mechanism, by responsible actor and by the latest status each source gave, with a chart of
the statuses and every number in a table beside it.

Each number links to the recommendations behind it: to the list with its filters
(``tag=cluster:X``, ``mechanism``, ``actor``, and ``status`` for the latest status of any
source) where the list can select exactly those, else (one source's status, "no
assessment", "no cluster", "no actor") to this page with ``show=DIMENSION:VALUE``, which lists
them below the tables.
"""

from __future__ import annotations

from gettext import gettext as _
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.errors import Problem, ValidationError
from impactkit.recommendations.progress import ANY_SOURCE, NONE, SOURCE_ORDER, Count, Progress
from impactkit.services.recommendation_progress import progress, recommendations_with
from impactkit.web.charts_progress import Stack, stacked_chart
from impactkit.web.deps import database, principal, render, wants_json
from impactkit.web.routes.recommendation_editing import mechanism_labels
from impactkit.web.routes.recommendation_forms import (
    BASE,
    actor_choices,
    rec_url,
    section_context,
    source_labels,
    status_labels,
)
from impactkit.web.routes.records import workspace

router = APIRouter()


LIST_FILTERS = {"cluster": "tag", "mechanism": "mechanism", "actor": "actor",
                f"status-{ANY_SOURCE}": "status"}
"""Dimensions the recommendations list filters exactly, and its parameter for each."""


def number_url(key: str, dimension: str, value: str) -> str:
    """Where a number links: the list filtered to exactly those recommendations, or this
    page showing them."""
    parameter = LIST_FILTERS.get(dimension)
    if parameter is not None and value != NONE:
        filtered = f"cluster:{value}" if dimension == "cluster" else value
        return f"{rec_url(key)}?{urlencode({parameter: filtered})}"
    return f"{rec_url(key)}/progress?{urlencode({'show': f'{dimension}:{value}'})}#shown"


def _rows(key: str, dimension: str, counts: tuple[Count, ...], labels: dict[str, str]
          ) -> list[dict[str, Any]]:
    return [{"value": c.value, "label": labels.get(c.value, c.value), "count": c.count,
             "url": number_url(key, dimension, c.value)} for c in counts]


def _shown(tally: Progress, show: str) -> Count:
    dimension, _sep, value = show.partition(":")
    found = tally.count(dimension, value) if value else None
    if found is None:
        raise ValidationError([Problem(
            f"{show!r} names no number of this page: write DIMENSION:VALUE, DIMENSION one "
            "of cluster, mechanism, actor, status-SOURCE", location="query", field="show")],
            summary="the recommendations to show are not ones this page counts")
    return found


# (decorators apply bottom-up: the .json route must be registered first)
@router.get(BASE + "/progress", include_in_schema=False)
@router.get(BASE + "/progress.json", include_in_schema=False)
def progress_page(request: Request, key: str, show: str | None = None) -> Response:
    view = workspace(request, key)
    db, who = database(request), principal(request)
    tally = progress(db, who, workspace_key=key)
    cluster_titles = section_context(view)["titles"].get("clusters", {})
    none = {NONE: _("None")}
    actors = {**dict(actor_choices(request, key)), **none}
    # the Committee's reporting clusters in its own order (the catalogue's), not by count
    in_order = {code: i for i, code in enumerate(cluster_titles)}
    clusters = sorted(tally.clusters, key=lambda c: in_order.get(c.value, len(in_order)))
    tables = {
        "cluster": _rows(key, "cluster", tuple(clusters), {**cluster_titles, **none}),
        "mechanism": _rows(key, "mechanism", tally.mechanisms, mechanism_labels()),
        "actor": _rows(key, "actor", tally.actors, actors)}
    sources, status_names = source_labels(), status_labels()
    statuses = {source: _rows(key, f"status-{source}", tally.statuses[source], status_names)
                for source in SOURCE_ORDER}
    shown: dict[str, Any] | None = None
    status_code = 200
    error: ValidationError | None = None
    if show:
        try:
            count = _shown(tally, show)
            recs = {r.key: r for r in recommendations_with(db, who, workspace_key=key,
                                                           keys=count.keys)}
            shown = {"show": show, "keys": list(count.keys),
                     "items": [recs[k] for k in count.keys if k in recs]}
        except ValidationError as refused:
            error, status_code = refused, 422
    chart = stacked_chart(
        [Stack(sources[source], tuple(c.count for c in tally.statuses[source]))
         for source in SOURCE_ORDER],
        segments=[status_names[c.value] for c in tally.statuses[ANY_SOURCE]],
        title=_("Latest status of the recommendations, by source"),
        axis=_("Recommendations"), muted=[status_names[NONE]],
        alt=_("Stacked bars: for each source of assessments, how many of the {total} "
              "recommendations have each latest status; the numbers are in the table "
              "beside it.").format(total=tally.total)
    ) if tally.total and not wants_json(request) else None
    context = {**section_context(view), "section": "recommendation-progress",
               "total": tally.total, "tables": tables,
               "statuses": statuses, "sources": SOURCE_ORDER,
               "source_labels": sources, "status_labels": status_names,
               "chart": chart, "shown": shown, "error": error}
    twin = {"workspace": key, "total": tally.total, **tables, "statuses": statuses,
            **({"shown": {"show": show, "keys": shown["keys"]}} if shown else {}),
            **({"error": error.as_dict()} if error else {})}
    return render(request, "recommendations/progress.html", context,
                  status_code=status_code, json_context=twin)
