"""Records of a workspace: list, read, create, update and delete, for every kind of record
(findings, evidence, actors, instruments, mandates, links, indicator-values), plus each
record's change history.

The routes are made by one function per kind so that each operation has its own request
and response models in the schema. Versions: ``PUT`` carries the version the edit is based
on and ``DELETE`` names it (``?version=``); a stale one is refused with 409, nothing
written, and the record as stored now in the body (see :class:`.common.ApiRoute`).

This module does not use ``from __future__ import annotations``: FastAPI reads the route
signatures, whose types are the per-kind models held in the closure.
"""

from enum import Enum
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from impactkit.errors import Problem, ValidationError
from impactkit.limits import MAX_PAGE_NUMBER
from impactkit.plain import plain
from impactkit.services.audit import record_history
from impactkit.services.records import (
    FindingFilters,
    create_record,
    delete_record,
    get_record,
    list_records,
    update_record,
)
from impactkit.web.api.audit_models import RecordHistory
from impactkit.web.api.common import ApiRoute, Reader, Writer, error_responses
from impactkit.web.api.models import ENTITY_MODELS, Conflict, EntityModels, Page
from impactkit.web.api.serialise import to_domain
from impactkit.web.urls import history_json

router = APIRouter(route_class=ApiRoute, responses=error_responses(422))

WorkspaceKey = Annotated[str, Path(description="The workspace key.")]
RecordKey = Annotated[str, Path(description="The record key.")]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE_NUMBER, description="1 for the first page.")]
PerPage = Annotated[int, Query(ge=1, le=500, description="Records per page (at most 500).")]


class FindingQuery(BaseModel):
    """The query string of the findings list: filters (every one given must hold), page
    and per_page. Unknown parameters are refused, so a misspelt filter never lists
    everything."""

    model_config = ConfigDict(extra="forbid")

    area: str | None = None
    layer: str | None = None
    cluster: str | None = None
    provision: str | None = None
    sector: str | None = None
    group: str | None = None
    status: str | None = None
    rating: str | None = None
    text: str | None = None
    page: int = Field(default=1, ge=1, le=MAX_PAGE_NUMBER)
    per_page: int = Field(default=50, ge=1, le=500)


def _stored_key(key: str, body: Any) -> None:
    """A key in an update body must be the URL's: keys never change."""
    given = getattr(body, "key", None)
    if given is not None and given != key:
        raise ValidationError([Problem(f"the key in the body ('{given}') is not the key in "
                                       f"the URL ('{key}'); keys never change",
                                       location="body", field="key")],
                              summary="the record was not saved: 1 problem to fix")


def add_entity_routes(models: EntityModels) -> None:
    """The six routes of one kind of record."""
    entity, one = models.entity, models.singular
    out: Any = models.out  # a model class, used as a type by FastAPI only
    base = f"/workspaces/{{key}}/{entity}"
    tags: list[str | Enum] = [entity]
    Create, Update = models.create, models.update  # noqa: N806 (model classes)

    if entity == "findings":
        def list_findings(key: WorkspaceKey, caller: Reader,
                          query: Annotated[FindingQuery, Query()]) -> Any:
            """Findings, ordered by key, filtered (all filters must hold): ``rating`` is a
            value of the scale, ``rated``, ``not-assessed`` or ``not-applicable``; ``text``
            is searched in titles and narratives; ``cluster`` and ``provision`` match
            findings naming the provision or a cluster holding it."""
            fields = query.model_dump(exclude={"page", "per_page"})
            found = list_records(caller.db, caller.who, workspace_key=key, entity=entity,
                                 filters=FindingFilters(**fields), page=query.page,
                                 per_page=query.per_page)
            return _page(found)

        list_route: Any = list_findings
    else:
        def list_entity(key: WorkspaceKey, caller: Reader, page: PageNumber = 1,
                        per_page: PerPage = 50) -> Any:
            found = list_records(caller.db, caller.who, workspace_key=key, entity=entity,
                                 page=page, per_page=per_page)
            return _page(found)

        list_entity.__doc__ = f"The {entity} of a workspace, ordered by key, a page at a time."
        list_route = list_entity

    router.add_api_route(
        base, list_route, methods=["GET"], response_model=Page[out], tags=tags,
        operation_id=f"list_{models.slug}", summary=f"List {entity.replace('-', ' ')}",
        responses=error_responses(400, 401, 403, 404))

    def read(key: WorkspaceKey, rkey: RecordKey, caller: Reader) -> Any:
        return plain(get_record(caller.db, caller.who, workspace_key=key, entity=entity,
                                key=rkey))

    read.__doc__ = f"One {one.replace('_', ' ')}."
    router.add_api_route(
        f"{base}/{{rkey}}", read, methods=["GET"], response_model=out, tags=tags,
        operation_id=f"get_{one}", summary=f"Get one {one.replace('_', ' ')}",
        responses=error_responses(401, 403, 404))

    def create(key: WorkspaceKey, body: Create, caller: Writer,  # type: ignore[valid-type]
               response: Response) -> Any:
        record = to_domain(entity, body.key, body.model_dump())  # type: ignore[attr-defined]
        saved = create_record(caller.db, caller.who, workspace_key=key, entity=entity,
                              record=record)
        response.headers["Location"] = (f"/api/workspaces/{quote(key, safe='')}/{entity}/"
                                        f"{quote(saved.key, safe='')}")
        return plain(saved)

    create.__doc__ = (f"Add a {one.replace('_', ' ')} (version 1). Contributors and up"
                      + ("; a new finding is a draft authored by you." if entity == "findings"
                         else "."))
    router.add_api_route(
        base, create, methods=["POST"], response_model=out, status_code=status.HTTP_201_CREATED,
        tags=tags, operation_id=f"create_{one}", summary=f"Create a {one.replace('_', ' ')}",
        responses=error_responses(401, 403, 404))

    def update(key: WorkspaceKey, rkey: RecordKey, body: Update,  # type: ignore[valid-type]
               caller: Writer) -> Any:
        _stored_key(rkey, body)
        fields = body.model_dump(exclude={"key", "version"})  # type: ignore[attr-defined]
        saved = update_record(caller.db, caller.who, workspace_key=key, entity=entity,
                              record=to_domain(entity, rkey, fields),
                              expected_version=body.version)  # type: ignore[attr-defined]
        return plain(saved)

    update.__doc__ = (f"Change a {one.replace('_', ' ')}: the body holds every editable field "
                      "and the version the change is based on. A stale version is refused "
                      "(409) with the record as stored now; nothing is written."
                      + (" Review fields (status, author...) are never input: see "
                         "transitions." if entity == "findings" else ""))
    router.add_api_route(
        f"{base}/{{rkey}}", update, methods=["PUT"], response_model=out, tags=tags,
        operation_id=f"update_{one}", summary=f"Update a {one.replace('_', ' ')}",
        responses={**error_responses(401, 403, 404),
                   409: {"model": Conflict[out], "description": "Stale version: nothing "
                         "was written; `current` is the record as stored now."}})

    def delete(key: WorkspaceKey, rkey: RecordKey, caller: Writer,
               version: Annotated[int, Query(ge=1, description="The version being "
                                                               "deleted (as last read).")]
               ) -> Response:
        delete_record(caller.db, caller.who, workspace_key=key, entity=entity, key=rkey,
                      expected_version=version)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    delete.__doc__ = (f"Delete a {one.replace('_', ' ')} still at ``version``. A record "
                      "others refer to is refused." + (" A finding takes its evidence with "
                                                       "it." if entity == "findings" else ""))
    router.add_api_route(
        f"{base}/{{rkey}}", delete, methods=["DELETE"], status_code=204,
        response_class=Response, tags=tags, operation_id=f"delete_{one}",
        summary=f"Delete a {one.replace('_', ' ')}",
        responses={**error_responses(401, 403, 404),
                   409: {"model": Conflict[out], "description": "Stale version: nothing "
                         "was deleted; `current` is the record as stored now."}})

    def history(key: WorkspaceKey, rkey: RecordKey, caller: Reader) -> JSONResponse:
        found = record_history(caller.db, caller.who, workspace_key=key, entity=entity,
                               record_key=rkey)
        return JSONResponse(history_json(found))  # as the audit trail writes it

    history.__doc__ = (f"Every change to one {one.replace('_', ' ')}, newest first (members "
                       "only; a deleted record keeps its history).")
    router.add_api_route(
        f"{base}/{{rkey}}/history", history, methods=["GET"], response_model=RecordHistory,
        tags=tags, operation_id=f"history_of_{one}",
        summary=f"History of a {one.replace('_', ' ')}",
        responses=error_responses(401, 403, 404))


def _page(found: Any) -> dict[str, Any]:
    return {"items": [plain(item) for item in found.items], "total": found.total,
            "page": found.page, "per_page": found.per_page}


for _models in ENTITY_MODELS:
    add_entity_routes(_models)
