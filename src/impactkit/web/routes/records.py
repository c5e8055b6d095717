"""Browse and edit records of every kind: one generic set of pages driven by field specs.

``/workspaces/{key}/{entity}`` lists, ``.../new`` creates, ``.../{rkey}`` shows,
``.../{rkey}/edit`` edits and ``.../{rkey}/delete`` deletes, for evidence, actors,
instruments, mandates, links and indicator values (findings have their own list and page
in :mod:`impactkit.web.routes.findings` and share the form, save and delete handlers here).

An edit form carries the version it was loaded at. A save on a stale version gets a 409
page with both versions side by side and a merge form that saves against the stored
version; nothing is ever overwritten unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ConflictError, UsageError, ValidationError
from impactkit.kinds import BY_PATH, KINDS
from impactkit.plain import record_json
from impactkit.services import records as service
from impactkit.services.accounts import Role
from impactkit.services.catalogue_memo import per_catalogue
from impactkit.services.record_fields import (
    FieldSpec,
    FieldValue,
    code_titles,
    default_fields,
    differing,
    field_choices,
    fields_of,
    record_to_fields,
)
from impactkit.services.records import RecordPage, WorkspaceView
from impactkit.web.deps import database, principal, render
from impactkit.web.urls import record_url

router = APIRouter()

GENERIC = tuple(kind.path for kind in KINDS if kind.name != "finding")
"""The kinds listed and edited by the generic pages (findings have their own)."""


# --- shared helpers (the findings pages use them too) ---------------------------------------
def workspace(request: Request, key: str) -> WorkspaceView:
    return service.workspace_view(database(request), principal(request), workspace_key=key)


def require_role(request: Request, view: WorkspaceView, needed: Role, doing: str) -> None:
    """Refuse early, before reading a form, so that a visitor who may not write is told so
    (403, or the login page) rather than about the form's content. The services check
    again, with the record at hand."""
    service.need_role(view.role, needed, principal(request), view.key, doing)


def base_context(view: WorkspaceView, entity: str) -> dict[str, Any]:
    kind = BY_PATH[entity]
    singular, plural = kind.label, kind.heading
    return {"workspace": view, "section": entity, "entity": entity, "singular": singular,
            "plural": plural, "can_edit": view.can(Role.CONTRIBUTOR),
            "titles": code_titles(view.catalogue), "fields": fields_of(entity),
            "rating_labels": rating_labels(view.catalogue)}


@per_catalogue
def rating_labels(catalogue: Catalogue) -> dict[str, str]:
    """Rating value -> its label on the catalogue's scale (shared: never change it)."""
    spec = next(s for s in fields_of("findings") if s.kind == "rating")
    return {c.code: c.label for c in field_choices(spec, catalogue, {})}


def page_links(base: str, result: RecordPage, params: dict[str, str]) -> dict[str, Any]:
    """Links to the previous, next, first and last pages, keeping every filter."""
    def url(number: int) -> str:
        query = {**params, "page": str(number)}
        if result.per_page != 50:
            query["per_page"] = str(result.per_page)
        return f"{base}?{urlencode(query)}"
    return {"prev": url(result.page - 1) if result.page > 1 else None,
            "next": url(result.page + 1) if result.page < result.pages else None,
            "first": url(1), "last": url(result.pages)}


def page_json(view: WorkspaceView, entity: str, result: RecordPage) -> dict[str, Any]:
    return {"workspace": view.key, "entity": entity, "total": result.total,
            "page": result.page, "per_page": result.per_page, "pages": result.pages,
            "items": [record_json(item) for item in result.items]}


def problems_by_field(error: ValidationError, entity: str
                      ) -> tuple[dict[str, list[str]], list[str]]:
    """Each message under the field it belongs to; those of no field on the form apart."""
    names = {spec.name for spec in fields_of(entity)}
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in error.problems:
        if problem.field in names:
            by_field.setdefault(problem.field, []).append(problem.message)
        else:
            general.append(str(problem))
    return by_field, general


def fields_from_form(entity: str, form: FormData) -> dict[str, FieldValue]:
    """The entity's fields as the form sent them. In a merge form, a field whose "take the
    stored value" choice is ticked takes the stored value the form carries instead.

    Browsers send ticked boxes and selected options in page order, not in the order the
    record holds them; the form carries that order (``order__<field>``), so codes kept
    keep their place and new ones follow: an unchanged list is never saved re-ordered."""
    fields: dict[str, FieldValue] = {}
    for spec in fields_of(entity):
        name = spec.name
        theirs = form.get(f"pick__{name}") == "theirs"
        if theirs:
            name = f"theirs__{name}"
        values = [v for v in form.getlist(name) if isinstance(v, str)]
        if spec.multiple:
            held = [] if theirs else [v for v in form.getlist(f"order__{name}")
                                      if isinstance(v, str)]
            fields[spec.name] = ([v for v in dict.fromkeys(held) if v in values]
                                 + [v for v in values if v not in held])
        elif values:  # the last one: a checkbox follows its hidden "false"
            fields[spec.name] = values[-1]
    return fields


def _version(form: FormData) -> int:
    raw = form.get("version")
    if not isinstance(raw, str) or not raw.strip().isdigit():
        raise UsageError("this form carries no record version: reload the page and edit "
                         "again")
    return int(raw)


def form_context(request: Request, view: WorkspaceView, entity: str, *, mode: str,
                 values: dict[str, FieldValue], rkey: str = "", version: int | None = None,
                 error: ValidationError | None = None) -> dict[str, Any]:
    references = service.reference_choices(database(request), principal(request),
                                           workspace_key=view.key, entity=entity)
    choices = {spec.name: field_choices(spec, view.catalogue, references, entity=entity)
               for spec in fields_of(entity)}
    errors, general = problems_by_field(error, entity) if error else ({}, [])
    action = (f"{record_url(view.key, entity, rkey)}/edit" if mode != "new"
              else f"{record_url(view.key, entity)}/new")
    return {**base_context(view, entity), "mode": mode, "values": values, "rkey": rkey,
            "record_version": version, "choices": choices, "errors": errors,
            "general_errors": general, "summary": error.summary if error else "",
            "action": action}


def form_json(context: dict[str, Any]) -> dict[str, Any]:
    specs: tuple[FieldSpec, ...] = context["fields"]
    return {"entity": context["entity"], "mode": context["mode"], "key": context["rkey"],
            "version": context["record_version"], "values": context["values"],
            "fields": [{"name": s.name, "label": s.label, "kind": s.kind, "source": s.source,
                        "required": s.required, "help": s.help,
                        "choices": [c.code for c in context["choices"][s.name]]}
                       for s in specs]}


def render_form(request: Request, context: dict[str, Any], status_code: int = 200
                ) -> Response:
    return render(request, "records/form.html", context, status_code=status_code,
                  json_context=form_json(context))


def conflict_page(request: Request, view: WorkspaceView, entity: str, rkey: str,
                  mine: dict[str, FieldValue], conflict: ConflictError, *,
                  deleting: bool = False) -> Response:
    """409: my version and the stored one side by side, and a form to merge them."""
    theirs = record_to_fields(entity, conflict.current)
    differs = differing(entity, mine, theirs) if not deleting else []
    context = form_context(request, view, entity, mode="merge", values=mine, rkey=rkey,
                           version=conflict.current_version)
    context |= {"theirs": theirs, "differs": differs, "deleting": deleting,
                "message": conflict.message, "stored": conflict.current}
    return render(request, "records/conflict.html", context, status_code=409,
                  json_context={**conflict.as_dict(), "mine": mine, "theirs": theirs,
                                "differs": differs})


# --- the handlers, parameterised by entity ---------------------------------------------------
def list_handler(entity: str) -> Callable[..., Response]:
    def handler(request: Request, key: str, page: int = 1, per_page: int = 50) -> Response:
        view = workspace(request, key)
        result = service.list_records(database(request), principal(request),
                                      workspace_key=key, entity=entity, page=page,
                                      per_page=per_page)
        columns = [spec for spec in fields_of(entity) if spec.listed]
        context = {**base_context(view, entity), "page": result, "columns": columns,
                   "links": page_links(record_url(key, entity), result, {}),
                   "rows": [record_to_fields(entity, item) for item in result.items],
                   "deleted": request.query_params.get("deleted")}
        return render(request, "records/list.html", context,
                      json_context=lambda: page_json(view, entity, result))
    return handler


def view_handler(entity: str) -> Callable[..., Response]:
    def handler(request: Request, key: str, rkey: str) -> Response:
        view = workspace(request, key)
        record = service.get_record(database(request), principal(request),
                                    workspace_key=key, entity=entity, key=rkey)
        needed = service.change_role(database(request), workspace_key=key, entity=entity,
                                     record=record)
        context = {**base_context(view, entity), "record": record,
                   "can_edit": view.can(needed),
                   "values": record_to_fields(entity, record),
                   "saved": request.query_params.get("saved") == "1"}
        return render(request, "records/view.html", context,
                      json_context={"workspace": key, "entity": entity,
                                    "record": record_json(record)})
    return handler


def new_handler(entity: str) -> Callable[..., Response]:
    def handler(request: Request, key: str) -> Response:
        view = workspace(request, key)
        require_role(request, view, Role.CONTRIBUTOR, f"add {entity}")
        prefill = default_fields(entity)
        prefill |= {spec.name: request.query_params[spec.name] for spec in fields_of(entity)
                    if not spec.multiple and request.query_params.get(spec.name)}
        return render_form(request, form_context(request, view, entity, mode="new",
                                                 values=prefill))
    return handler


def create_handler(entity: str) -> Callable[..., Any]:
    async def handler(request: Request, key: str) -> Response:
        view = workspace(request, key)
        require_role(request, view, Role.CONTRIBUTOR, f"add {entity}")
        fields = fields_from_form(entity, await request.form())
        try:
            record = service.record_from_fields(entity, fields, view.catalogue)
            saved = service.create_record(database(request), principal(request),
                                          workspace_key=key, entity=entity, record=record)
        except ValidationError as error:
            context = form_context(request, view, entity, mode="new", values=fields,
                                   error=error)
            return render_form(request, context, status_code=422)
        return RedirectResponse(f"{record_url(key, entity, saved.key)}?saved=1",
                                status_code=303)
    return handler


def edit_handler(entity: str) -> Callable[..., Response]:
    def handler(request: Request, key: str, rkey: str) -> Response:
        view = workspace(request, key)
        record = service.get_record(database(request), principal(request),
                                    workspace_key=key, entity=entity, key=rkey)
        require_role(request, view, service.change_role(database(request), workspace_key=key,
                                                        entity=entity, record=record),
                     f"change this {BY_PATH[entity].label}")
        context = form_context(request, view, entity, mode="edit", rkey=rkey,
                               values=record_to_fields(entity, record),
                               version=record.version)
        return render_form(request, context)
    return handler


def save_handler(entity: str) -> Callable[..., Any]:
    async def handler(request: Request, key: str, rkey: str) -> Response:
        view = workspace(request, key)
        require_role(request, view, Role.CONTRIBUTOR, f"change {entity}")
        form = await request.form()
        version = _version(form)
        fields = {**fields_from_form(entity, form), "key": rkey}
        try:
            record = service.record_from_fields(entity, fields, view.catalogue, new=False)
            service.update_record(database(request), principal(request), workspace_key=key,
                                  entity=entity, record=record, expected_version=version)
        except ValidationError as error:
            context = form_context(request, view, entity, mode="edit", rkey=rkey,
                                   values=fields, version=version, error=error)
            return render_form(request, context, status_code=422)
        except ConflictError as conflict:
            return conflict_page(request, view, entity, rkey, fields, conflict)
        return RedirectResponse(f"{record_url(key, entity, rkey)}?saved=1", status_code=303)
    return handler


def delete_handler(entity: str) -> Callable[..., Any]:
    async def handler(request: Request, key: str, rkey: str) -> Response:
        view = workspace(request, key)
        require_role(request, view, Role.CONTRIBUTOR, f"delete {entity}")
        version = _version(await request.form())
        try:
            service.delete_record(database(request), principal(request), workspace_key=key,
                                  entity=entity, key=rkey, expected_version=version)
        except ConflictError as conflict:
            return conflict_page(request, view, entity, rkey, {}, conflict, deleting=True)
        except ValidationError as error:
            return render(request, "error.html", {"status": 422, "error": error,
                                                  "workspace": view, "section": entity},
                          status_code=422, json_context=error.as_dict())
        return RedirectResponse(f"{record_url(key, entity)}?{urlencode({'deleted': rkey})}",
                                status_code=303)
    return handler


def add_form_routes(target: APIRouter, entity: str) -> None:
    """new / edit / delete routes of an entity (declared before ``/{rkey}`` routes)."""
    base = f"/workspaces/{{key}}/{entity}"
    for suffix in (".json", ""):
        target.add_api_route(f"{base}/new{suffix}", new_handler(entity), methods=["GET"],
                             include_in_schema=False, name=f"{entity}-new{suffix}")
    target.add_api_route(f"{base}/new", create_handler(entity), methods=["POST"],
                         include_in_schema=False, name=f"{entity}-create")
    for suffix in (".json", ""):
        target.add_api_route(f"{base}/{{rkey}}/edit{suffix}", edit_handler(entity),
                             methods=["GET"], include_in_schema=False,
                             name=f"{entity}-edit{suffix}")
    target.add_api_route(f"{base}/{{rkey}}/edit", save_handler(entity), methods=["POST"],
                         include_in_schema=False, name=f"{entity}-save")
    target.add_api_route(f"{base}/{{rkey}}/delete", delete_handler(entity),
                         methods=["POST"], include_in_schema=False,
                         name=f"{entity}-delete")


def _add_entity(entity: str) -> None:
    base = f"/workspaces/{{key}}/{entity}"
    for suffix in (".json", ""):
        router.add_api_route(base + suffix, list_handler(entity), methods=["GET"],
                             include_in_schema=False, name=f"{entity}-list{suffix}")
    add_form_routes(router, entity)
    for suffix in (".json", ""):
        router.add_api_route(f"{base}/{{rkey}}{suffix}", view_handler(entity),
                             methods=["GET"], include_in_schema=False,
                             name=f"{entity}-view{suffix}")


for _entity in GENERIC:
    _add_entity(_entity)
