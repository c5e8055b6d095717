"""The referral navigator and its saved scenarios.

``/workspaces/{key}/map/navigator(.json)`` is a GET form: the situation is in the URL
(``?age_band=12-14&form=forced-begging&group=street-connected&level=local``, with
``age_in_doubt=1`` when the age is in doubt), so an answer can be shared, and nothing is
stored by asking. The answer says why each provision and step applies, in the sentences of
:mod:`impactkit.systemmap.pathway` (:class:`RouteWords`). The situation holds no personal data: no
field takes a name, a date of birth or a case number. Contributors may save it as a training
scenario (POST ``/map/scenarios``, with notes and a session); ``/map/scenarios`` lists them
and ``/map/scenarios/{skey}`` replays one on today's map, saying which gaps a change fixed
and which are new.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, ImmutableMultiDict

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ConflictError, Problem, ValidationError
from impactkit.services import system_map as service
from impactkit.services.accounts import Role
from impactkit.services.catalogue_memo import per_catalogue
from impactkit.services.records import WorkspaceView
from impactkit.systemmap.navigator import (
    AGE_BANDS,
    Route,
    Situation,
    Step,
    connection_text,
    trafficking_text,
)
from impactkit.systemmap.pathway import Reason, provision_reason_text, step_reason_text
from impactkit.systemmap.scenario import (
    NOTE_KINDS,
    SESSIONS,
    NoteKind,
    Scenario,
    ScenarioNote,
)
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.records import require_role, workspace
from impactkit.web.routes.system_map import map_url, section_context

router = APIRouter()
BASE = "/workspaces/{key}/map"
NOTE_ROWS = 3
"""Empty note rows the save form offers (rows left empty are ignored)."""
NOTE_LABELS = {"needs-rights": "Needs and rights", "risk": "Risk factor",
               "resilience": "Resilience factor", "facilitating": "Facilitating factor",
               "hindering": "Hindering factor"}
GAP_LABELS = {"no-actor": "Nobody mandated", "age-limit": "Only for other ages",
              "no-referral": "No referral path", "conflict": "Conflicting mandates",
              "wrong-level": "Not at this level"}


@dataclass(frozen=True)
class RouteWords:
    """The sentences of an answer's reasons, in the workspace catalogue's titles (the
    templates call these; the CLI calls the same functions)."""

    catalogue: Catalogue

    @property
    def step_titles(self) -> dict[str, str]:
        return {s.code: s.title for s in self.catalogue.pathway}

    def provision(self, reason: Reason) -> str:
        return provision_reason_text(reason, self.catalogue)

    def step(self, reason: Reason) -> str:
        return step_reason_text(reason, self.catalogue)

    def connection(self, step: Step, route: Route) -> str:
        return connection_text(step, route)

    def trafficking(self, route: Route) -> str:
        return trafficking_text(route, self.catalogue)


@per_catalogue
def needs_choices(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The needs, grouped by dimension: the whole dimension, or one provision within it."""
    titles = {p.code: p.title for p in catalogue.provisions()}
    return [{"code": d.code, "title": d.title, "description": d.description,
             "provisions": [(f"{d.code}:{p}", f"{titles.get(p, p)} ({p})")
                            for p in d.provisions]}
            for d in catalogue.needs_dimensions]


def _values(source: ImmutableMultiDict[str, Any] | FormData, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in source.getlist(name)
                               if isinstance(v, str) and v.strip()))


def _text(source: ImmutableMultiDict[str, Any] | FormData, name: str, default: str = ""
          ) -> str:
    value = source.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else default


def situation_from(source: ImmutableMultiDict[str, Any] | FormData) -> Situation:
    """The situation a navigator form (or the save form's hidden copy of it) sent."""
    return Situation(age_band=_text(source, "age_band"), groups=_values(source, "group"),
                     forms=_values(source, "form"), needs=_values(source, "need"),
                     level=_text(source, "level", "local"), place=_text(source, "place"),
                     age_in_doubt=_text(source, "age_in_doubt") in ("1", "on", "true"))


def navigator_context(request: Request, view: WorkspaceView, situation: Situation | None,
                      answer: Route | None, error: ValidationError | None) -> dict[str, Any]:
    return {**section_context(view), "situation": situation, "answer": answer,
            "error": error, "age_bands": AGE_BANDS, "needs": needs_choices(view.catalogue),
            "names": answer.names if answer else {},
            "words": RouteWords(view.catalogue),
            "provision_titles": {p.code: p.title for p in view.catalogue.provisions()},
            "note_kinds": [(k, NOTE_LABELS.get(k, k)) for k in NOTE_KINDS],
            "sessions": list(SESSIONS), "note_rows": range(NOTE_ROWS),
            "gap_labels": GAP_LABELS, "save_error": None, "sent": {}}


@router.get(f"{BASE}/navigator.json", include_in_schema=False)
@router.get(f"{BASE}/navigator", include_in_schema=False)
def navigator(request: Request, key: str) -> Response:
    """The form; and, once a situation is sent (an age band is required), the answer."""
    view = workspace(request, key)
    asked = "age_band" in request.query_params
    situation = situation_from(request.query_params) if asked else None
    answer: Route | None = None
    error: ValidationError | None = None
    if situation is not None:
        try:
            answer = service.route(database(request), principal(request), workspace_key=key,
                                   situation=situation)
        except ValidationError as refused:
            error = refused
    context = navigator_context(request, view, situation, answer, error)

    def twin() -> dict[str, Any]:
        if error is not None:
            return error.as_dict()
        return {"workspace": key, "route": answer.to_dict() if answer else None}

    return render(request, "map/navigator.html", context, json_context=twin,
                  status_code=422 if error else 200)


def notes_from(form: FormData) -> tuple[list[ScenarioNote], list[dict[str, str]]]:
    """The notes filled in (a row with no text is left out) and every row as sent."""
    notes: list[ScenarioNote] = []
    rows: list[dict[str, str]] = []
    for i in range(NOTE_ROWS):
        row = {name: _text(form, f"note_{name}_{i}") for name in ("kind", "dimension", "text")}
        rows.append(row)
        if row["text"]:
            kind = cast(NoteKind, row["kind"] or "needs-rights")  # check_scenario checks it
            notes.append(ScenarioNote(kind=kind, text=row["text"],
                                      dimension=row["dimension"] or None))
    return notes, rows


def parse_session(raw: str) -> int | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationError([Problem(f"session {raw!r} is not a number from 1 to 6",
                                       field="session")], summary="the scenario was not saved")
    return int(raw)


@router.post(f"{BASE}/scenarios", include_in_schema=False)
async def save_scenario(request: Request, key: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "save scenarios")
    form = await request.form()
    situation = situation_from(form)
    notes, rows = notes_from(form)
    key_sent, title, session = (_text(form, n) for n in ("key", "title", "session"))
    sent = {"key": key_sent, "title": title, "session": session, "notes": rows}
    try:
        scenario = Scenario(key=key_sent, title=title, situation=situation,
                            notes=tuple(notes), session=parse_session(session))
        service.save_scenario(database(request), principal(request), workspace_key=key,
                              scenario=scenario)
    except (ValidationError, ConflictError) as refused:
        return _refused(request, view, situation, sent, refused)
    return RedirectResponse(map_url(key, f"/scenarios/{quote(scenario.key, safe='')}?saved=1"),
                            status_code=303)


def _refused(request: Request, view: WorkspaceView, situation: Situation,
             sent: dict[str, Any], refused: ValidationError | ConflictError) -> Response:
    """The navigator again, its answer and the save form holding what was sent, with the
    problems (422), or the clash with a stored scenario of that key (409)."""
    answer: Route | None = None
    with contextlib.suppress(ValidationError):  # the save error lists its problems too
        answer = service.route(database(request), principal(request), workspace_key=view.key,
                               situation=situation)
    context = navigator_context(request, view, situation, answer, None)
    context |= {"save_error": refused, "sent": sent}
    status = 409 if isinstance(refused, ConflictError) else 422
    return render(request, "map/navigator.html", context, status_code=status,
                  json_context=refused.as_dict)


@router.get(f"{BASE}/scenarios.json", include_in_schema=False)
@router.get(f"{BASE}/scenarios", include_in_schema=False)
def scenario_list(request: Request, key: str) -> Response:
    view = workspace(request, key)
    stored = service.list_scenarios(database(request), principal(request), workspace_key=key)
    items = [{"key": s.key, "title": s.title, "session": s.document.get("session"),
              "saved_at": s.saved_at.isoformat(), "saved_by": s.saved_by,
              "version": s.version, "gaps_when_saved": len(s.route.get("gaps", ())),
              "url": map_url(key, f"/scenarios/{s.key}")} for s in stored]
    return render(request, "map/scenarios.html",
                  {**section_context(view), "items": items,
                   "deleted": request.query_params.get("deleted")},
                  json_context=lambda: {"workspace": key, "scenarios": items})


# (decorators apply bottom-up: the .json route must be registered first)
@router.get(BASE + "/scenarios/{skey}", include_in_schema=False)
@router.get(BASE + "/scenarios/{skey}.json", include_in_schema=False)
def scenario_replay(request: Request, key: str, skey: str) -> Response:
    view = workspace(request, key)
    replay = service.replay(database(request), principal(request), workspace_key=key, key=skey)
    context = navigator_context(request, view, replay.scenario.situation, replay.now, None)
    context |= {"replay": replay, "saved": request.query_params.get("saved") == "1",
                "note_labels": NOTE_LABELS,
                "dimension_titles": {t.code: t.title
                                     for t in view.catalogue.systemic_dimensions}}
    return render(request, "map/replay.html", context, json_context=lambda: {
        "workspace": key, "scenario": replay.scenario.to_dict(), "saved_at": replay.saved_at,
        "version": replay.version, "saved": replay.saved.to_dict(), "now": replay.now.to_dict(),
        "change": replay.change.to_dict()})


@router.post(BASE + "/scenarios/{skey}/delete", include_in_schema=False)
async def delete_scenario(request: Request, key: str, skey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "delete scenarios")
    service.delete_scenario(database(request), principal(request), workspace_key=key, key=skey)
    return RedirectResponse(map_url(key, f"/scenarios?{urlencode({'deleted': skey})}"),
                            status_code=303)
