"""Editing and deleting an action answering recommendations, from a recommendation's page:
the action's form (title, description, status, due date, responsible actors, the
recommendations it answers) with the version it was loaded at, the conflict page of a stale
save, and a confirmation page before a deletion (the pages of :mod:`.recommendation_editing`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from gettext import gettext as _
from gettext import ngettext
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from impactkit.errors import ConflictError, Problem, ValidationError
from impactkit.recommendations.model import Action, ImplementationStatus
from impactkit.services import recommendation_editing as editing
from impactkit.services import recommendations as service
from impactkit.services.accounts import Role
from impactkit.services.recommendation_progress import recommendations_with
from impactkit.services.record_fields import Choice, FieldSpec
from impactkit.services.records import WorkspaceView
from impactkit.web.deps import database, principal
from impactkit.web.routes.recommendation_editing import (
    confirm_page,
    conflict_rows,
    form_page,
    labelled,
    shown,
)
from impactkit.web.routes.recommendation_forms import (
    BASE,
    actor_choices,
    form_list,
    form_text,
    parse_choice,
    parse_date,
    rec_url,
    status_labels,
    version_of,
)
from impactkit.web.routes.records import require_role, workspace

router = APIRouter()

ACTION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "Title", "text", required=True),
    FieldSpec("description", "Description", "textarea"),
    FieldSpec("status", "Status", "code", required=True),
    FieldSpec("due", "Due", "text", help="Write it as YYYY-MM-DD."),
    FieldSpec("actors", "Responsible actors", "refs"),
    FieldSpec("recommendations", "Recommendations it answers", "refs"),
)


def action_url(key: str, rkey: str, akey: str) -> str:
    return f"{rec_url(key, rkey)}/actions/{quote(akey, safe='')}"


PICKER_LIMIT = service.MAX_SEARCH_LIMIT
"""The most recommendations a picker offers (in key order); past it, the page says so and
offers a box to write keys in."""


@dataclass(frozen=True, slots=True)
class RecommendationPicker:
    """The recommendations a picker offers, and (``cut``) the words saying when the State has
    more than it offers."""

    choices: list[Choice]
    cut: str


MORE_RECOMMENDATIONS = "more_recommendations"
"""The box under a cut picker, where keys not in the list are written."""


def more_field() -> FieldSpec:
    return FieldSpec(MORE_RECOMMENDATIONS, _("Other recommendations, by key"), "text",
                     help=_("Keys of recommendations not in the list above, separated by "
                            "spaces."))


def recommendation_picker(request: Request, key: str, *, keep: Collection[str] = (),
                          leave_out: Collection[str] = ()) -> RecommendationPicker:
    """The first :data:`PICKER_LIMIT` recommendations of the workspace's State but those in
    ``leave_out``, with those in ``keep`` (an action's own) wherever they fall."""
    db, who = database(request), principal(request)
    page = service.find(db, who, workspace_key=key, filters=service.SearchFilters(),
                        limit=PICKER_LIMIT)
    listed = {r.key for r in page.items}
    offered = [r for r in page.items if r.key not in leave_out]
    offered += recommendations_with(db, who, workspace_key=key,
                                    keys=[k for k in keep if k not in listed])
    cut = _("The first {shown} of the {total} recommendations made to the State are offered "
            "in the list. To choose another, find its key in the recommendations list (search "
            "there by words) and write it in the box below the list."
            ).format(shown=f"{len(page.items):,}", total=f"{page.total:,}"
                     ) if page.total > len(page.items) else ""
    return RecommendationPicker(
        [Choice(r.key, f"{r.key} · {short(r.text)}") for r in offered], cut)


def more_keys(form: Any) -> list[str]:
    """The keys written in the box under a cut picker."""
    return form_text(form, MORE_RECOMMENDATIONS).replace(",", " ").split()


def action_choices(request: Request, key: str, action: Action) -> dict[str, list[Choice]]:
    """What the action's form offers but the recommendations: its statuses, and the actors
    of this workspace's map with those the action names already (an action belongs to the
    State: one named from another cycle, whose map this workspace lacks, stays, shown by
    its key)."""
    known = dict(actor_choices(request, key))
    return {"status": labelled([s.value for s in ImplementationStatus], status_labels()),
            "actors": [*(Choice(k, label or k) for k, label in known.items()),
                       *(Choice(k, _("{key} (not in this cycle's system map)").format(key=k))
                         for k in action.actors if k not in known)]}


def short(text: str, limit: int = 90) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_action(akey: str, sent: dict[str, Any], *, summary: str) -> Action:
    """The action as sent, every problem of its status and date at once."""
    problems: list[Problem] = []
    status, due = ImplementationStatus.PLANNED, None
    try:
        status = parse_choice(ImplementationStatus, sent["status"], "status")
    except ValidationError as error:
        problems += error.problems
    try:
        due = parse_date(sent["due"], "due", required=False)
    except ValidationError as error:
        problems += error.problems
    if problems:
        raise ValidationError(problems, summary=summary)
    return Action(key=akey, title=sent["title"], description=sent["description"],
                  status=status, due=due, actors=tuple(sent["actors"]),
                  recommendations=tuple(sent["recommendations"]))


def _action_page(request: Request, view: WorkspaceView, rkey: str, akey: str,
                 values: dict[str, Any], version: int, stored: Action | None = None,
                 **kwargs: Any) -> Response:
    """The action's form holding ``values``; what it offers comes from the action as stored
    (its actors and recommendations stay offered), read here unless the caller has it."""
    if stored is None:
        stored = _get_action(request, view.key, akey)
    picker = recommendation_picker(request, view.key, keep=stored.recommendations)
    fields = tuple(dataclasses.replace(spec, help=picker.cut)
                   if spec.name == "recommendations" and picker.cut else spec
                   for spec in ACTION_FIELDS)
    return form_page(request, view, heading=_("Edit action {key}").format(key=akey),
                     action=action_url(view.key, rkey, akey) + "/edit",
                     cancel=rec_url(view.key, rkey) + "#actions",
                     fields=(*fields, more_field()) if picker.cut else fields,
                     values=values,
                     choices={**action_choices(request, view.key, stored),
                              "recommendations": picker.choices},
                     version=version, **kwargs)


def _get_action(request: Request, key: str, akey: str) -> Action:
    return service.get_action(database(request), principal(request), workspace_key=key,
                              key=akey)


@router.get(BASE + "/{rkey}/actions/{akey}/edit", include_in_schema=False)
def edit_action_form(request: Request, key: str, rkey: str, akey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "edit actions")
    action = _get_action(request, key, akey)
    values = {spec.name: shown(getattr(action, spec.name)) for spec in ACTION_FIELDS}
    return _action_page(request, view, rkey, akey, values, action.version, stored=action)


@router.post(BASE + "/{rkey}/actions/{akey}/edit", include_in_schema=False)
async def edit_action(request: Request, key: str, rkey: str, akey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "edit actions")
    form = await request.form()
    sent: dict[str, Any] = {name: form_text(form, name)
                            for name in ("title", "description", "status", "due")}
    sent |= {"actors": list(dict.fromkeys(form_list(form, "actors"))),
             "recommendations": list(dict.fromkeys([*form_list(form, "recommendations"),
                                                    *more_keys(form)]))}
    summary = _("The action was not saved.")
    version = 0
    try:
        version = version_of(form, summary=summary)
        service.update_action(database(request), principal(request), workspace_key=key,
                              action=parse_action(akey, sent, summary=summary),
                              expected_version=version)
    except ValidationError as error:
        return _action_page(request, view, rkey, akey, sent, version, error=error,
                            status_code=422)
    except ConflictError as conflict:
        return _action_page(request, view, rkey, akey, sent, conflict.current_version or 0,
                            conflict=conflict_rows(conflict.message, ACTION_FIELDS, sent,
                                               conflict.current), status_code=409)
    return RedirectResponse(f"{rec_url(key, rkey)}?done=action-edited#actions",
                            status_code=303)


def _action_delete_page(request: Request, view: WorkspaceView, rkey: str, akey: str,
                        message: str = "", status_code: int = 200) -> Response:
    action = _get_action(request, view.key, akey)
    answered = len(action.recommendations)
    consequences = [
        ngettext("It answers {count} recommendation, which is kept.",
                 "It answers {count} recommendations, which are kept.", answered
                 ).format(count=answered),
        _("Every deletion is kept in the history of changes.")]
    return confirm_page(request, view, heading=_("Delete action {key}?").format(key=akey),
                        action=action_url(view.key, rkey, akey) + "/delete",
                        cancel=rec_url(view.key, rkey) + "#actions", version=action.version,
                        consequences=consequences, button=_("Delete the action"),
                        message=message, status_code=status_code)


@router.get(BASE + "/{rkey}/actions/{akey}/delete", include_in_schema=False)
def delete_action_form(request: Request, key: str, rkey: str, akey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "delete actions")
    return _action_delete_page(request, view, rkey, akey)


@router.post(BASE + "/{rkey}/actions/{akey}/delete", include_in_schema=False)
async def delete_action(request: Request, key: str, rkey: str, akey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "delete actions")
    form = await request.form()
    try:
        version = version_of(form, summary=_("The action was not deleted."))
        editing.delete_action(database(request), principal(request), workspace_key=key,
                              key=akey, expected_version=version)
    except ValidationError as error:
        return _action_delete_page(request, view, rkey, akey,
                                   message=error.summary or error.message, status_code=422)
    except ConflictError as conflict:
        return _action_delete_page(request, view, rkey, akey, message=conflict.message,
                                   status_code=409)
    return RedirectResponse(f"{rec_url(key, rkey)}?done=action-deleted#actions",
                            status_code=303)
