"""Writing recommendations by hand: the "New recommendation" form, editing a
recommendation's source fields, and deleting one after a confirmation page (actions: see
:mod:`.recommendation_actions`, which uses this module's form and confirmation pages).

Every form carries the version it was loaded at; a stale save (or deletion) gets a 409 page
with both versions side by side and the form again, holding what was sent, that saves
against the stored version: never last-write-wins. The services check the roles
(:mod:`impactkit.services.recommendation_editing`); the pages offer a form only to those
whose save would be accepted.
"""

from __future__ import annotations

from gettext import gettext as _
from gettext import ngettext
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from impactkit.errors import ConflictError, Problem, ValidationError
from impactkit.recommendations.model import (
    Mechanism,
    Position,
    Recommendation,
)
from impactkit.services import recommendation_editing as editing
from impactkit.services import recommendations as service
from impactkit.services.accounts import Role
from impactkit.services.record_fields import Choice, FieldSpec
from impactkit.services.records import WorkspaceView
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.recommendation_forms import (
    BASE,
    form_text,
    parse_choice,
    parse_date,
    rec_url,
    section_context,
    version_of,
)
from impactkit.web.routes.records import require_role, workspace

router = APIRouter()

REC_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("mechanism", "Mechanism", "code", required=True),
    FieldSpec("text", "Text", "textarea", required=True,
              help="The recommendation as the source gives it."),
    FieldSpec("document_symbol", "Document symbol", "text",
              help="The symbol of the document that makes it, e.g. A/HRC/43/15."),
    FieldSpec("paragraph", "Paragraph", "text", help="Its number there, e.g. 121.3 or 45(b)."),
    FieldSpec("cycle", "Cycle", "text", help="The review or reporting cycle, e.g. 4."),
    FieldSpec("session", "Session", "text"),
    FieldSpec("date", "Date", "text", help="Write it as YYYY-MM-DD."),
    FieldSpec("position", "The State's position", "code"),
    FieldSpec("language", "Language", "text", required=True,
              help="A language code such as en, fr, es or pt-BR."),
)
"""The source fields of a recommendation a person writes (tags are edited on its page)."""


def mechanism_labels() -> dict[str, str]:
    """The name of each mechanism, as the forms and the progress page show it (translated
    when called, so per request)."""
    return {"crc": _("Committee on the Rights of the Child"),
            "upr": _("Universal Periodic Review"),
            "treaty-body": _("Another UN treaty body"),
            "special-procedures": _("UN special procedures"),
            "regional": _("A regional body"),
            "national": _("A national body (NHRI, ombudsperson...)"),
            "other": _("Another source")}


def labelled(values: Any, labels: dict[str, str] | None = None) -> list[Choice]:
    return [Choice(str(v), (labels or {}).get(str(v), str(v))) for v in values]


def shown(value: Any) -> Any:
    """A stored value as a form shows it (lists stay lists)."""
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return [str(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def form_page(request: Request, view: WorkspaceView, *, heading: str, action: str,
              cancel: str, fields: tuple[FieldSpec, ...], values: dict[str, Any],
              choices: dict[str, list[Choice]], version: int | None,
              error: ValidationError | None = None, conflict: dict[str, Any] | None = None,
              status_code: int = 200) -> Response:
    """A recommendation's or an action's form: with the problems of a refused save beside
    their fields, or (``conflict``) both versions side by side above it."""
    names = {spec.name for spec in fields}
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in error.problems if error else []:
        if problem.field in names:
            errors.setdefault(problem.field or "", []).append(problem.message)
        else:
            general.append(str(problem))
    context = {**section_context(view), "heading": heading, "action": action,
               "cancel": cancel, "fields": fields, "values": values, "choices": choices,
               "version": version, "errors": errors, "general_errors": general,
               "summary": error.summary if error else "", "conflict": conflict}
    return render(request, "recommendations/edit.html", context, status_code=status_code,
                  json_context={"values": values, "version": version,
                                **({"error": error.as_dict()} if error else {}),
                                **({"conflict": conflict} if conflict else {})})


def conflict_rows(message: str, fields: tuple[FieldSpec, ...], mine: dict[str, Any],
              stored: Any) -> dict[str, Any]:
    rows = []
    for spec in fields:
        theirs = shown(getattr(stored, spec.name))
        ours = mine.get(spec.name, "")
        same = (sorted(ours) == sorted(theirs) if isinstance(theirs, list)
                else str(ours) == str(theirs))
        rows.append({"name": spec.name, "label": spec.label, "mine": ours, "theirs": theirs,
                     "same": same})
    return {"message": message, "version": stored.version, "rows": rows,
            "differs": [row["name"] for row in rows if not row["same"]]}


# --- recommendations -------------------------------------------------------------------------
def rec_choices() -> dict[str, list[Choice]]:
    return {"mechanism": labelled([m.value for m in Mechanism], mechanism_labels()),
            "position": labelled([p.value for p in Position])}


def rec_values(form: FormData) -> dict[str, str]:
    return {spec.name: form_text(form, spec.name) for spec in REC_FIELDS}


def parse_rec(sent: dict[str, str], *, summary: str) -> dict[str, Any]:
    """The source fields as typed values; every problem at once, those of the typed values
    (mechanism, position, date) and of the texts."""
    parsed: dict[str, Any] = {name: sent[name] for name in (
        "text", "document_symbol", "paragraph", "cycle", "session", "language")}
    parsed["language"] = sent["language"] or "en"
    parsed |= {"mechanism": Mechanism.OTHER, "position": None, "date": None}
    problems: list[Problem] = []
    readers = {"mechanism": lambda v: parse_choice(Mechanism, v, "mechanism"),
               "position": lambda v: parse_choice(Position, v, "position") if v else None,
               "date": lambda v: parse_date(v, "date", required=False)}
    for name, read in readers.items():
        try:
            parsed[name] = read(sent[name])
        except ValidationError as error:
            problems += error.problems
    if problems:
        problems += editing.source_problems(Recommendation(key="", **parsed))
        raise ValidationError(problems, summary=summary)
    return parsed


@router.get(BASE + "/new", include_in_schema=False)
def new_recommendation_form(request: Request, key: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "add recommendations")
    return form_page(request, view, heading=_("New recommendation"), action=rec_url(key) +
                     "/new", cancel=rec_url(key), fields=REC_FIELDS,
                     values={"language": "en"}, choices=rec_choices(), version=None)


@router.post(BASE + "/new", include_in_schema=False)
async def create_recommendation(request: Request, key: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "add recommendations")
    sent = rec_values(await request.form())
    summary = _("The recommendation was not added.")
    try:
        parsed = parse_rec(sent, summary=summary)
        saved = editing.add_recommendation(database(request), principal(request),
                                           workspace_key=key,
                                           record=Recommendation(key="", **parsed))
    except ValidationError as error:
        return form_page(request, view, heading=_("New recommendation"),
                         action=rec_url(key) + "/new", cancel=rec_url(key), fields=REC_FIELDS,
                         values=sent, choices=rec_choices(), version=None, error=error,
                         status_code=422)
    return RedirectResponse(f"{rec_url(key, saved.key)}?done=created", status_code=303)


def _edit_rec_page(request: Request, view: WorkspaceView, rkey: str, values: dict[str, Any],
                   version: int, **kwargs: Any) -> Response:
    return form_page(request, view, heading=_("Edit recommendation {key}").format(key=rkey),
                     action=rec_url(view.key, rkey) + "/edit", cancel=rec_url(view.key, rkey),
                     fields=REC_FIELDS, values=values, choices=rec_choices(), version=version,
                     **kwargs)


@router.get(BASE + "/{rkey}/edit", include_in_schema=False)
def edit_recommendation_form(request: Request, key: str, rkey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "edit recommendations")
    rec = service.get(database(request), principal(request), workspace_key=key, key=rkey)
    values = {spec.name: shown(getattr(rec, spec.name)) for spec in REC_FIELDS}
    return _edit_rec_page(request, view, rkey, values, rec.version)


@router.post(BASE + "/{rkey}/edit", include_in_schema=False)
async def edit_recommendation(request: Request, key: str, rkey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "edit recommendations")
    form = await request.form()
    sent = rec_values(form)
    summary = _("The recommendation was not saved.")
    version = 0
    try:
        version = version_of(form, summary=summary)
        editing.edit_source(database(request), principal(request), workspace_key=key,
                            key=rkey, fields=parse_rec(sent, summary=summary),
                            expected_version=version)
    except ValidationError as error:
        return _edit_rec_page(request, view, rkey, sent, version, error=error,
                              status_code=422)
    except ConflictError as conflict:
        return _edit_rec_page(request, view, rkey, sent, conflict.current_version or 0,
                              conflict=conflict_rows(conflict.message, REC_FIELDS, sent,
                                                 conflict.current), status_code=409)
    return RedirectResponse(f"{rec_url(key, rkey)}?done=edited", status_code=303)


def confirm_page(request: Request, view: WorkspaceView, *, heading: str, action: str,
                 cancel: str, version: int, consequences: list[str], button: str,
                 message: str = "", status_code: int = 200) -> Response:
    context = {**section_context(view), "heading": heading, "action": action,
               "cancel": cancel, "version": version, "consequences": consequences,
               "button": button, "message": message}
    return render(request, "recommendations/confirm_delete.html", context,
                  status_code=status_code,
                  json_context={"version": version, "consequences": consequences,
                                **({"conflict": message} if message else {})})


def _rec_delete_page(request: Request, view: WorkspaceView, rkey: str, message: str = "",
                     status_code: int = 200) -> Response:
    db, who = database(request), principal(request)
    rec = service.get(db, who, workspace_key=view.key, key=rkey)
    history = len(service.status_history(db, who, workspace_key=view.key, key=rkey))
    actions = len(service.actions_of(db, who, workspace_key=view.key, recommendation=rkey))
    consequences = [
        ngettext("Its {count} status assessment is deleted with it.",
                 "Its {count} status assessments are deleted with it.", history
                 ).format(count=history),
        ngettext("{count} action answers it: the action is kept and no longer names it.",
                 "{count} actions answer it: they are kept and no longer name it.", actions
                 ).format(count=actions),
        ngettext("Its link to {count} finding is removed.",
                 "Its links to {count} findings are removed.", len(rec.findings)
                 ).format(count=len(rec.findings)),
        _("It is deleted from every workspace of {state}: the workspaces (cycles) of a State "
          "share its recommendations.").format(state=view.workspace.jurisdiction.name),
        _("Every deletion is kept in the history of changes.")]
    return confirm_page(request, view, heading=_("Delete recommendation {key}?").format(
                        key=rkey), action=rec_url(view.key, rkey) + "/delete",
                        cancel=rec_url(view.key, rkey), version=rec.version,
                        consequences=consequences, button=_("Delete the recommendation"),
                        message=message, status_code=status_code)


@router.get(BASE + "/{rkey}/delete", include_in_schema=False)
def delete_recommendation_form(request: Request, key: str, rkey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.ADMIN, "delete recommendations")
    return _rec_delete_page(request, view, rkey)


@router.post(BASE + "/{rkey}/delete", include_in_schema=False)
async def delete_recommendation(request: Request, key: str, rkey: str) -> Response:
    view = workspace(request, key)
    require_role(request, view, Role.ADMIN, "delete recommendations")
    form = await request.form()
    try:
        version = version_of(form, summary=_("The recommendation was not deleted."))
        editing.delete_recommendation(database(request), principal(request),
                                      workspace_key=key, key=rkey, expected_version=version)
    except ValidationError as error:
        return _rec_delete_page(request, view, rkey, message=error.summary or error.message,
                                status_code=422)
    except ConflictError as conflict:
        return _rec_delete_page(request, view, rkey, message=conflict.message,
                                status_code=409)
    return RedirectResponse(f"{rec_url(key)}?deleted={quote(rkey, safe='')}", status_code=303)
