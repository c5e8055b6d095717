"""A workspace's indicators, one indicator's series, and defining an indicator.

``/workspaces/{key}/indicators(.json)`` reads every indicator with a value for the
workspace's jurisdiction (latest value, trend, target and distance, rating with its rule),
grouped structural, process, outcome; those without a value are listed apart.
``/workspaces/{key}/indicators/{code}(.json)`` shows one indicator's series as a table and a
line chart (the explanation pages do not read ``indicator:`` targets). Readings stand beside
the finding-based scores, never inside them (:mod:`impactkit.analysis.indicator_readings`).

``/indicators/define`` is a form for curators (site administrators, or reviewers of some
workspace: :func:`impactkit.services.indicators.require_curator`) to define an indicator
without writing a catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from gettext import gettext as _
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError as PydanticError
from starlette.datastructures import FormData

from impactkit.analysis.indicator_readings import IndicatorReading
from impactkit.catalogue.indicator_model import Indicator
from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ConflictError, NotFoundError, Problem, UsageError
from impactkit.input_rules import text_problem
from impactkit.services.accounts import PermissionDenied
from impactkit.services.analysis import explain_score
from impactkit.services.catalogue import stored_catalogue
from impactkit.services.indicators import (
    define_indicator,
    defined_indicators,
    require_curator,
    workspace_readings,
)
from impactkit.web.charts_vulnerability import SvgChart, line_chart
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.records import workspace

router = APIRouter()

KINDS = ("structural", "process", "outcome")
DEFINE_URL = "/indicators/define"


def kind_headings() -> dict[str, str]:
    return {"structural": _("Structural indicators: laws, policies and institutions"),
            "process": _("Process indicators: what the State does"),
            "outcome": _("Outcome indicators: what children experience")}


def trend_labels() -> dict[str, str]:
    return {"better": _("better"), "worse": _("worse"), "no change": _("no change"),
            "changed": _("changed (no verdict for a neutral indicator)"),
            "one value": _("one value only"), "no data": _("no value")}


def indicators_url(key: str, code: str = "") -> str:
    base = f"/workspaces/{quote(key, safe='')}/indicators"
    return f"{base}/{quote(code, safe='')}" if code else base


# --- phrases ---------------------------------------------------------------------------------
def latest_text(r: IndicatorReading) -> str:
    if r.latest is None:
        return _("No value recorded.")
    return _("{value} {unit} in {year}").format(value=f"{r.latest.value:g}", unit=r.unit,
                                                 year=r.latest.year)


def target_text(r: IndicatorReading) -> str:
    if r.target_value is None:
        return _("No target set.")
    if r.target_year is None:
        return _("{value} {unit}").format(value=f"{r.target_value:g}", unit=r.unit)
    return _("{value} {unit} by {year}").format(value=f"{r.target_value:g}", unit=r.unit,
                                                year=r.target_year)


def distance_text(r: IndicatorReading) -> str:
    if r.target_value is None:
        return _("No target.")
    if r.distance is None:
        return _("No value to compare with the target.")
    if r.target_met:
        return _("{distance} {unit} from the target: met.").format(
            distance=f"{r.distance:+g}", unit=r.unit)
    return _("{distance} {unit} from the target: not met.").format(
        distance=f"{r.distance:+g}", unit=r.unit)


def rating_text(r: IndicatorReading) -> str:
    if not r.rating_rule:
        return _("No rating rule.")
    if r.rating is None:
        return _("No band of the rule is met.")
    return _("Rating {rating}").format(rating=r.rating)


def change_text(r: IndicatorReading) -> str:
    if r.change is None or r.earliest is None or r.latest is None or r.per_year is None:
        return _("No change can be read from fewer than two years.")
    return _("{change} {unit} from {first} to {last} ({per_year} a year): {trend}.").format(
        change=f"{r.change:+g}", unit=r.unit, first=r.earliest.year, last=r.latest.year,
        per_year=f"{r.per_year:+.2f}", trend=trend_labels()[r.trend])


def reading_row(key: str, r: IndicatorReading) -> dict[str, Any]:
    """One reading as the page shows it: the numbers of its JSON form, phrases and its link."""
    return {**r.to_dict(), "url": indicators_url(key, r.code), "latest_text": latest_text(r),
            "trend_text": trend_labels()[r.trend], "target_text": target_text(r),
            "distance_text": distance_text(r), "rating_text": rating_text(r)}


def grouped(key: str, readings: Sequence[IndicatorReading]) -> list[dict[str, Any]]:
    headings = kind_headings()
    return [{"kind": kind, "heading": headings[kind],
             "readings": [reading_row(key, r) for r in readings if r.kind == kind]}
            for kind in KINDS if any(r.kind == kind for r in readings)]


def may_define(request: Request) -> bool:
    try:
        require_curator(database(request), principal(request), to="define indicators")
    except PermissionDenied:
        return False
    return True


# --- the list --------------------------------------------------------------------------------
@router.get("/workspaces/{key}/indicators.json", include_in_schema=False)
@router.get("/workspaces/{key}/indicators", include_in_schema=False)
def indicators(request: Request, key: str) -> Response:
    view = workspace(request, key)
    readings = workspace_readings(database(request), principal(request), key=key,
                                  with_data_only=False)
    with_data = [r for r in readings if r.years]
    groups = grouped(key, with_data)
    without = [{"code": r.code, "title": r.title, "kind": r.kind,
                "url": indicators_url(key, r.code)} for r in readings if not r.years]
    rule = with_data[0].rule if with_data else (readings[0].rule if readings else "")
    summary = _("{with_data} of {total} indicators have a value for this jurisdiction.").format(
        with_data=len(with_data), total=len(readings))
    context = {"workspace": view, "section": "indicators", "groups": groups,
               "without_data": without, "summary": summary, "rule": rule,
               "can_define": may_define(request), "define_url": DEFINE_URL}
    return render(request, "indicators/list.html", context, json_context=lambda: {
        "workspace": key, "summary": summary, "rule": rule,
        "groups": [{"kind": g["kind"], "heading": g["heading"], "readings": g["readings"]}
                   for g in groups],
        "without_data": without})


# --- one indicator ---------------------------------------------------------------------------
def series_chart(r: IndicatorReading) -> SvgChart | None:
    if not r.observations:
        return None
    target_label = (_("target {value} by {year}").format(value=f"{r.target_value:g}",
                                                         year=r.target_year)
                    if r.target_value is not None and r.target_year is not None
                    else _("target {value}").format(value=f"{r.target_value:g}")
                    if r.target_value is not None else "")
    alt = _("Line chart of {title} from {first} to {last}, in {unit}; the values are in the "
            "table below.").format(title=r.title, first=r.observations[0].year,
                                   last=r.observations[-1].year, unit=r.unit)
    return line_chart([(o.year, o.value) for o in r.observations], title=r.title,
                      axis=r.unit, alt=alt, target=r.target_value, target_label=target_label)


@router.get("/workspaces/{key}/indicators/{code}", include_in_schema=False)
@router.get("/workspaces/{key}/indicators/{code}.json", include_in_schema=False)  # first
def indicator(request: Request, key: str, code: str) -> Response:
    view = workspace(request, key)
    found = explain_score(database(request), principal(request), key=key,
                          target=f"indicator:{code}")
    if not isinstance(found, IndicatorReading):  # pragma: no cover - the target names one
        raise NotFoundError(f"no indicator '{code}'")
    row = reading_row(key, found)
    context = {"workspace": view, "section": "indicators", "reading": row,
               "change_text": change_text(found), "chart": series_chart(found),
               "list_url": indicators_url(key)}
    return render(request, "indicators/view.html", context, json_context=lambda: {
        "workspace": key, "reading": row, "change_text": context["change_text"],
        "list_url": context["list_url"]})


# --- defining an indicator -------------------------------------------------------------------
TEXT_FIELDS = ("code", "title", "unit", "source", "sdg", "description")


def _define_context(request: Request, catalogue: Catalogue, values: dict[str, Any], *,
                    errors: dict[str, list[str]] | None = None, summary: str = ""
                    ) -> dict[str, Any]:
    stored = defined_indicators(database(request))
    return {"section": "indicators", "values": values, "errors": errors or {},
            "summary": summary, "action": DEFINE_URL,
            "saved": request.query_params.get("saved", ""),
            "dimensions": [(d.code, d.title) for d in catalogue.needs_dimensions],
            "areas": [(a.code, a.title) for a in catalogue.areas],
            "sectors": [(s.code, s.title) for s in catalogue.sectors],
            "defined": [{"code": d.indicator.code, "title": d.indicator.title,
                         "unit": d.indicator.unit, "type": d.indicator.type,
                         "version": d.version} for d in stored]}


def _define_json(context: dict[str, Any]) -> dict[str, Any]:
    return {"defined": context["defined"], "errors": context["errors"],
            "summary": context["summary"]}


EMPTY = {"code": "", "title": "", "unit": "", "type": "outcome", "direction": "neutral",
         "dimension": "", "factor": "", "source": "", "sdg": "", "description": "",
         "lower": "", "upper": "", "log": False, "areas": [], "sectors": [], "provisions": ""}


@router.get(DEFINE_URL + ".json", include_in_schema=False)
@router.get(DEFINE_URL, include_in_schema=False)
def define_form(request: Request) -> Response:
    db, who = database(request), principal(request)
    require_curator(db, who, to="define indicators")
    context = _define_context(request, stored_catalogue(db), dict(EMPTY))
    return render(request, "indicators/define.html", context,
                  json_context=lambda: _define_json(context))


def form_values(form: FormData) -> dict[str, Any]:
    """What the form sent, as the form shows it again."""
    values: dict[str, Any] = {}
    for name in (*TEXT_FIELDS, "type", "direction", "dimension", "factor", "lower", "upper",
                 "provisions"):
        raw = form.get(name)
        values[name] = raw.strip() if isinstance(raw, str) else ""
    values["log"] = form.get("log") == "true"
    values["areas"] = [v for v in form.getlist("areas") if isinstance(v, str)]
    values["sectors"] = [v for v in form.getlist("sectors") if isinstance(v, str)]
    return values


def _number(values: dict[str, Any], name: str, problems: list[Problem]) -> float | None:
    raw = values[name]
    if not raw:
        return None
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        problems.append(Problem(_("{field}: '{value}' is not a number.").format(
            field=name, value=raw), field=name))
        return None


def indicator_from(values: dict[str, Any]) -> tuple[Indicator | None, list[Problem]]:
    """The indicator the form describes, or every problem with it (by field)."""
    problems = [Problem(message, field=name) for name in (*TEXT_FIELDS, "provisions")
                if (message := text_problem(values[name], field=name)) is not None]
    lower, upper = _number(values, "lower", problems), _number(values, "upper", problems)
    if (lower is None) != (upper is None) and not problems:
        problems.append(Problem(_("Give both goalposts, lower and upper, or neither."),
                                field="lower"))
    if problems:
        return None, problems
    document = {
        "code": values["code"], "title": values["title"], "type": values["type"],
        "unit": values["unit"], "direction": values["direction"],
        "dimension": values["dimension"] or None, "factor": values["factor"] or None,
        "source": values["source"], "sdg": values["sdg"], "log": values["log"],
        "description": values["description"], "areas": values["areas"],
        "sectors": values["sectors"],
        "provisions": [p.strip() for p in values["provisions"].split(",") if p.strip()],
        "goalposts": ({"lower": lower, "upper": upper} if lower is not None else None)}
    try:
        return Indicator.model_validate(document), []
    except PydanticError as error:
        return None, [Problem(str(e["msg"]), field=".".join(map(str, e["loc"])) or "code")
                      for e in error.errors()]


def _refused(request: Request, catalogue: Catalogue, values: dict[str, Any],
             problems: Sequence[Problem], status_code: int) -> Response:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        name = (problem.field or "code").split(".")[0]
        errors.setdefault(name if name in EMPTY else "code", []).append(problem.message)
    summary = _("The indicator was not saved: {count} problem(s) to fix.").format(
        count=len(problems))
    context = _define_context(request, catalogue, values, errors=errors, summary=summary)
    return render(request, "indicators/define.html", context, status_code=status_code,
                  json_context=lambda: _define_json(context))


@router.post(DEFINE_URL, include_in_schema=False)
async def define(request: Request) -> Response:
    db, who = database(request), principal(request)
    require_curator(db, who, to="define indicators")
    catalogue = stored_catalogue(db)
    values = form_values(await request.form())
    found, problems = indicator_from(values)
    if found is None:
        return _refused(request, catalogue, values, problems, 422)
    try:
        stored = define_indicator(db, who, indicator=found, catalogue=catalogue)
    except (UsageError, ConflictError) as error:
        status = 409 if isinstance(error, ConflictError) else 400
        return _refused(request, catalogue, values, [Problem(error.message, field="code")],
                        status)
    return RedirectResponse(f"{DEFINE_URL}?saved={quote(stored.indicator.code)}",
                            status_code=303)
