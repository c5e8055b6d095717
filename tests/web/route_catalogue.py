"""Every route the app serves, and a way to call each one with plausible input.

The access and security tests walk this catalogue, so a route added tomorrow is tested
tomorrow without anyone listing it. Two traps are guarded against:

- FastAPI (since 0.137) no longer copies an included router's routes into ``app.routes``: it
  leaves one opaque ``_IncludedRouter``. Looping over ``app.routes`` would silently find
  nothing and every "all routes are protected" check would pass while checking nothing.
  We enumerate with :func:`fastapi.routing.iter_route_contexts` (what FastAPI's own OpenAPI
  generator walks, with router prefixes applied), and :func:`check_catalogue` fails when a
  route we know exists, or any route of the OpenAPI schema, is missing from it.
- A request whose body fails FastAPI's validation is refused (422) before the route runs,
  so it would never reach the permission check under test. :func:`call` therefore sends a
  body built from the route's declared form fields or JSON model, and fills every path
  parameter with a real key of the demo workspace where the URL names a kind of record.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import types
import typing
from dataclasses import dataclass
from typing import Any

import httpx2
from fastapi import FastAPI, UploadFile
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.routing import Mount

from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import EARLIER, LATEST

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
RECORD_PATHS = ("findings", "evidence", "actors", "instruments", "mandates", "links",
                "indicator-values")
WORKSPACE_PARAMS = frozenset({"key", "workspace", "workspace_key", "wkey", "ws"})
# Routes that exist today and must always be found: if the enumeration stops seeing them,
# it is broken (see the module docstring), not the app.
KNOWN_ROUTES = (
    ("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/"),
    ("GET", "/api/openapi.json"), ("GET", "/workspaces/{key}/audit"),
    ("GET", "/workspaces/{key}/{entity}/{rkey}/history"), ("GET", "/workspaces/{key}/settings"),
    ("POST", "/workspaces/{key}/settings/public"), ("POST", "/workspaces/{key}/settings/members"),
)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One method of one route. ``route`` is FastAPI's route context (None for a mount)."""

    method: str
    path: str
    route: Any = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def is_api(self) -> bool:
        """Answers in JSON (so a refusal is a 401, not a redirect to the login page)."""
        return self.path.startswith("/api/") or self.path.endswith(".json")

    @property
    def in_workspace(self) -> bool:
        return any(name in WORKSPACE_PARAMS for name in _params(self.path))


def snapshot(db: Database) -> tuple[Any, ...]:
    """Everything a request could have changed: both workspaces, the trail, the users, the
    public flag (a walk of the routes compares it before and after)."""
    from impactkit.services import accounts
    from impactkit.store import audit

    with db.connect() as conn:
        return (load_workspace_data(conn, workspace_key=LATEST),
                load_workspace_data(conn, workspace_key=EARLIER),
                len(audit.history(conn)), accounts.is_public(db, LATEST))


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every (method, path) the app answers, router prefixes applied; mounts (static files)
    appear once with the method ``MOUNT``."""
    found: list[Endpoint] = []
    for route in iter_route_contexts(app.routes):
        original = route.original_route
        if isinstance(original, Mount):
            found.append(Endpoint("MOUNT", original.path))
            continue
        for method in sorted(route.methods or ()):
            found.append(Endpoint(method, route.path, route))
    return found


def check_catalogue(app: FastAPI, found: list[Endpoint]) -> None:
    """Fail loudly if the enumeration misses routes (rather than passing vacuously)."""
    labels = {(e.method, e.path) for e in found}
    missing = [f"{m} {p}" for m, p in KNOWN_ROUTES if (m, p) not in labels]
    schema = app.openapi()
    for path, operations in schema["paths"].items():
        missing += [f"{m.upper()} {path}" for m in operations
                    if m.upper() in {"GET", *UNSAFE_METHODS} and (m.upper(), path) not in labels]
    assert not missing, "the route enumeration misses: " + ", ".join(missing)


@dataclass(frozen=True, slots=True)
class KeyBook:
    """Real keys to put into URLs: the demo workspace and one record of each kind."""

    workspace: str
    other_workspace: str
    records: dict[str, str]

    @classmethod
    def of(cls, db: Database, workspace: str = LATEST) -> KeyBook:
        with db.connect() as conn:
            data = load_workspace_data(conn, workspace_key=workspace)
        records = {"findings": data.findings[0].key, "evidence": data.evidence[0].key,
                   "actors": data.actors[0].key, "instruments": data.instruments[0].key,
                   "mandates": data.mandates[0].key, "links": data.links[0].key,
                   "indicator-values": data.indicator_values[0].key}
        return cls(workspace=workspace, other_workspace=EARLIER, records=records)

    def url(self, path: str, query: dict[str, list[str]] | None = None) -> str:
        """``path`` with its parameters filled: the workspace for ``{key}``, a real record
        key after a segment naming a kind of record, an explain target for ``{target}``."""
        parts: list[str] = []
        previous = ""
        for segment in path.strip("/").split("/"):
            value = segment
            if segment.startswith("{") and segment.endswith("}"):
                value = self._value(segment[1:-1].split(":")[0], previous)
            parts.append(value)
            previous = value
        url = "/" + "/".join(parts)
        if query:
            url += "?" + "&".join(f"{name}={v}" for name, values in query.items()
                                  for v in values)
        return url

    def record_key_in(self, path: str) -> str | None:
        """The record key the filled ``path`` names, if it names one."""
        segments = self.url(path).strip("/").split("/")
        found = None
        for previous, segment in itertools.pairwise(segments):
            if self.records.get(previous) == segment:
                found = segment
        return found

    def _value(self, name: str, previous: str) -> str:
        if name in WORKSPACE_PARAMS:
            return self.workspace
        if name == "entity":
            return "findings"
        if previous in self.records:
            return self.records[previous]
        if name == "target":
            return "cluster:violence"
        if name == "section":  # a report text the demo has written
            return "introduction"
        if name == "kind":  # a report's kind (/api/workspaces/{key}/reports/{kind})
            return "national"
        return "x"


def required_query(endpoint: Endpoint, keys: KeyBook) -> dict[str, list[str]]:
    """Values for the query parameters a route requires (``w`` names workspaces; a query
    declared as one pydantic model contributes its own required fields)."""
    dependant = getattr(endpoint.route, "dependant", None)
    if dependant is None:
        return {}
    query: dict[str, list[str]] = {}
    for param in all_params(dependant, "query_params"):
        annotation = param.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for name, f in annotation.model_fields.items():
                if f.is_required():
                    query[f.alias or name] = [str(_sample(f.annotation))]
        elif param.name == "w" or param.alias == "w":
            query["w"] = [keys.workspace, keys.other_workspace]
        elif param.field_info.is_required():
            query[param.alias] = [str(_sample(annotation))]
    return query


def body_for(endpoint: Endpoint, keys: KeyBook) -> dict[str, Any]:
    """Keyword arguments for httpx: ``data``/``files`` for forms, ``json`` for a model.

    A body's ``key`` is the key of the record the URL names (an update never changes it).
    A route that reads its form itself (declaring no fields) gets ``version=1``: every
    edit form of the app carries the version it was loaded at, and demo records are at 1.
    """
    dependant = getattr(endpoint.route, "dependant", None)
    fields = all_params(dependant, "body_params") if dependant is not None else []
    if not fields:
        return {"data": {"version": "1"}}
    record_key = keys.record_key_in(endpoint.path)
    forms = [f for f in fields if type(f.field_info).__name__ in {"Form", "File"}]
    if forms:
        data: dict[str, Any] = {}
        files: dict[str, Any] = {}
        for f in forms:
            if _is_upload(f.field_info.annotation):
                files[f.alias] = ("upload.csv", b"key\n", "text/csv")
            else:
                data[f.alias] = _sample(f.field_info.annotation)
        return {"data": data, **({"files": files} if files else {})}
    if len(fields) == 1 and not getattr(endpoint.route, "_embed_body_fields", False):
        body = _sample(fields[0].field_info.annotation)
    else:
        body = {f.alias: _sample(f.field_info.annotation) for f in fields}
    if isinstance(body, dict) and "key" in body and record_key is not None:
        body["key"] = record_key
    return {"json": body}


def call(client: TestClient, endpoint: Endpoint, keys: KeyBook, *,
         headers: dict[str, str] | None = None, with_body: bool = True) -> httpx2.Response:
    """Call one endpoint with filled path, required query and a plausible body."""
    url = keys.url(endpoint.path, required_query(endpoint, keys))
    kwargs = body_for(endpoint, keys) if with_body and endpoint.method in UNSAFE_METHODS else {}
    return client.request(endpoint.method, url, headers=headers or {},
                          follow_redirects=False, **kwargs)


def _params(path: str) -> list[str]:
    return [s[1:-1].split(":")[0] for s in path.split("/") if s.startswith("{")]


def all_params(dependant: Any, kind: str) -> list[Any]:
    """Parameters of a route and of every dependency it has (they share the request)."""
    found = list(getattr(dependant, kind))
    for sub in dependant.dependencies:
        found += all_params(sub, kind)
    return found


def _is_upload(annotation: Any) -> bool:
    args = typing.get_args(annotation)
    return annotation is UploadFile or any(_is_upload(a) for a in args)


def _sample(annotation: Any) -> Any:
    """A plausible value of a type: enough to get past validation to the route."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _sample(args[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return _sample(options[0]) if options else None
    if origin is typing.Literal:
        return args[0]
    if origin in (list, tuple, set, frozenset):
        return []
    if origin is dict:
        return {}
    if isinstance(annotation, type):
        if issubclass(annotation, datetime.date):  # a datetime is a date too: ISO both
            return annotation(2024, 1, 1).isoformat()
        if issubclass(annotation, bool):
            return False
        if issubclass(annotation, enum.Enum):
            return next(iter(annotation)).value
        if issubclass(annotation, int):
            return 1
        if issubclass(annotation, float):
            return 1.0
        if issubclass(annotation, BaseModel):
            return {f.alias or name: _sample(f.annotation)
                    for name, f in annotation.model_fields.items()}
    return "x"
