"""Reading the audit trail: what changed in a workspace, who changed it and when.

The trail is for members only (viewer and up), even when a workspace is public: who edited
what, and the drafts they wrote before, are internal to the team. Entries are shown as
readable differences (only the fields that changed; lists as items added and removed), so a
reviewer can see what a save did without comparing two dumps by eye.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from impactkit.errors import NotFoundError, Problem, UsageError, ValidationError
from impactkit.input_rules import check_paging, check_search
from impactkit.kinds import KINDS
from impactkit.limits import MAX_PAGE_NUMBER
from impactkit.services.accounts import PermissionDenied, Principal, Role, role_of
from impactkit.store import audit as store
from impactkit.store.db import Database
from impactkit.store.records import existing_keys
from impactkit.store.workspaces import get_workspace

PER_PAGE = 50
MAX_PER_PAGE = 200
RECORD_HISTORY_LIMIT = 500
BOOKKEEPING_FIELDS = frozenset({"version", "updated_at", "created_at"})
"""Fields every save touches: showing them in a difference would only hide the real change."""


@dataclass(frozen=True, slots=True)
class EntityKind:
    """A kind of thing the trail records: ``path`` names it in URLs (plural, as in
    ``/workspaces/{key}/findings``), ``name`` in the audit table (singular)."""

    path: str
    name: str
    label: str
    has_page: bool = True


RECORD_KINDS = tuple(EntityKind(kind.path, kind.name, kind.label) for kind in KINDS)
OTHER_KINDS = (
    EntityKind("members", "membership", "membership", has_page=False),
    EntityKind("workspace", "workspace", "workspace settings", has_page=False),
    # a report text has a page of its own, but no record page nor history page: no links
    EntityKind("texts", "editorial-section", "editorial section", has_page=False),
)
KINDS_BY_PATH = {k.path: k for k in (*RECORD_KINDS, *OTHER_KINDS)}
KINDS_BY_NAME = {k.name: k for k in (*RECORD_KINDS, *OTHER_KINDS)}


def kind_for_path(path: str) -> EntityKind:
    """The record kind a URL segment names; NotFound for anything else (it is a URL)."""
    kind = KINDS_BY_PATH.get(path)
    if kind is None or not kind.has_page:
        known = ", ".join(k.path for k in RECORD_KINDS)
        raise NotFoundError(f"no kind of record '{path}'; known: {known}")
    return kind


@dataclass(frozen=True, slots=True)
class Change:
    """One field's difference. Lists show what was added and removed; other values show
    before and after (``None`` when the record did not exist on that side)."""

    field: str
    before: Any
    after: Any
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    is_list: bool = False

    @property
    def label(self) -> str:
        return self.field.replace("_", " ")

    def as_dict(self) -> dict[str, Any]:
        if self.is_list:
            return {"field": self.field, "added": list(self.added),
                    "removed": list(self.removed)}
        return {"field": self.field, "before": self.before, "after": self.after}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
         ) -> tuple[Change, ...]:
    """The fields that differ between two stored versions of a record, in the record's own
    field order. A creation shows every field that was given a value, a deletion every field
    that had one; bookkeeping fields (version, timestamps) are left out."""
    old, new = dict(before or {}), dict(after or {})
    names = list(old) + [n for n in new if n not in old]
    changes: list[Change] = []
    for name in names:
        if name in BOOKKEEPING_FIELDS or name == "key":
            continue
        was, now = old.get(name), new.get(name)
        if was == now or (_empty(was) and _empty(now)):
            continue
        if isinstance(was, list) or isinstance(now, list):
            was_items, now_items = list(was or []), list(now or [])
            changes.append(Change(
                field=name, before=was, after=now, is_list=True,
                added=tuple(i for i in now_items if i not in was_items),
                removed=tuple(i for i in was_items if i not in now_items)))
        else:
            changes.append(Change(field=name, before=was, after=now))
    return tuple(changes)


@dataclass(frozen=True, slots=True)
class TrailEntry:
    """One audited change, ready to show."""

    id: int
    at: datetime
    user: str
    action: str
    entity: str
    kind_label: str
    record_key: str | None
    summary: str
    changes: tuple[Change, ...]
    workspace_key: str | None = None
    has_page: bool = False  # a record of a kind with pages (links are the web's business)
    exists: bool = False  # the record is still in the workspace

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "user": self.user,
                "action": self.action, "entity": self.entity, "record_key": self.record_key,
                "summary": self.summary, "changes": [c.as_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class TrailFilters:
    entity: str | None = None
    user: str | None = None
    since: date | None = None
    until: date | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"entity": self.entity, "user": self.user,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None}


@dataclass(frozen=True, slots=True)
class TrailPage:
    """One page of a workspace's trail, with the filters that produced it."""

    workspace_key: str
    workspace_title: str
    entries: tuple[TrailEntry, ...]
    filters: TrailFilters
    page: int
    per_page: int
    total: int
    users: tuple[str, ...] = ()
    kinds: tuple[EntityKind, ...] = field(default=(*RECORD_KINDS, *OTHER_KINDS))

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def query_for(self, page: int) -> str:
        """The query string of another page with the same filters (shareable links)."""
        pairs = [(k, v) for k, v in self.filters.as_dict().items() if v is not None]
        if self.per_page != PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        return urlencode([*pairs, ("page", str(page))])

    def as_dict(self) -> dict[str, Any]:
        return {"workspace": self.workspace_key, "filters": self.filters.as_dict(),
                "page": self.page, "per_page": self.per_page, "pages": self.pages,
                "total": self.total, "entries": [e.as_dict() for e in self.entries]}


@dataclass(frozen=True, slots=True)
class RecordHistory:
    """Every change to one record, newest first."""

    workspace_key: str
    workspace_title: str
    kind: EntityKind
    record_key: str
    exists: bool
    entries: tuple[TrailEntry, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"workspace": self.workspace_key, "entity": self.kind.path,
                "record_key": self.record_key, "exists": self.exists,
                "entries": [e.as_dict() for e in self.entries]}


def require_member(db: Database, principal: Principal, workspace_key: str) -> Role:
    """Members (and site administrators) only: public read-only mode does not open the
    trail to anonymous visitors or to users of other workspaces."""
    role = role_of(db, principal, workspace_key)
    if role is None:
        if not principal.is_authenticated:
            raise PermissionDenied("log in to see the changes made in this workspace")
        raise PermissionDenied(f"{principal.name} is not a member of workspace "
                               f"'{workspace_key}': only members see its changes")
    return role


def workspace_trail(
    db: Database, principal: Principal, *, workspace_key: str, entity: str | None = None,
    user: str | None = None, since: str | None = None, until: str | None = None,
    page: str | int | None = None, per_page: str | int | None = None,
) -> TrailPage:
    """A page of every change in a workspace, newest first. Filters come as the query
    string gives them (empty means no filter); ``entity`` is a URL name (``findings``,
    ``members``...), ``since``/``until`` are dates (YYYY-MM-DD, both inclusive)."""
    require_member(db, principal, workspace_key)
    check_search({"entity": entity, "user": user, "since": since, "until": until})
    filters = TrailFilters(entity=_entity_filter(entity), user=_text(user),
                           since=_date("since", since), until=_date("until", until))
    number = _positive("page", page, default=1)
    size = min(_positive("per_page", per_page, default=PER_PAGE), MAX_PER_PAGE)
    where: dict[str, Any] = {
        "workspace_key": workspace_key,
        "entity": KINDS_BY_PATH[filters.entity].name if filters.entity else None,
        "user": filters.user,
        "since": _start(filters.since), "until": _start(filters.until, days=1)}
    with db.connect() as conn:
        workspace = get_workspace(conn, key=workspace_key)
        total = store.count(conn, **where)
        rows = store.history(conn, **where, limit=size, offset=(number - 1) * size)
        users = store.users_of(conn, workspace_key=workspace_key)
        alive = existing_keys(conn, workspace_key=workspace_key)
    return TrailPage(workspace_key=workspace_key, workspace_title=workspace.title,
                     entries=tuple(_entry(r, alive) for r in rows), filters=filters,
                     page=number, per_page=size, total=total, users=tuple(users))


def record_history(db: Database, principal: Principal, *, workspace_key: str, entity: str,
                   record_key: str) -> RecordHistory:
    """Every change to one record (``entity`` as in URLs: ``findings``, ``actors``...).
    NotFound when the record never existed (a deleted record keeps its history)."""
    require_member(db, principal, workspace_key)
    kind = kind_for_path(entity)
    with db.connect() as conn:
        workspace = get_workspace(conn, key=workspace_key)
        rows = store.history(conn, workspace_key=workspace_key, entity=kind.name,
                             record_key=record_key, limit=RECORD_HISTORY_LIMIT)
        alive = existing_keys(conn, workspace_key=workspace_key)
    if not rows:
        raise NotFoundError(f"no {kind.label} '{record_key}' has ever been in workspace "
                            f"'{workspace_key}'")
    return RecordHistory(workspace_key=workspace_key, workspace_title=workspace.title,
                         kind=kind, record_key=record_key,
                         exists=record_key in alive.get(kind.name, set()),
                         entries=tuple(_entry(r, alive) for r in rows))


def _entry(row: store.AuditEntry, alive: Mapping[str, set[str]]) -> TrailEntry:
    kind = KINDS_BY_NAME.get(row.entity)
    return TrailEntry(
        id=row.id, at=row.at, user=row.user, action=row.action,
        entity=kind.path if kind else row.entity, kind_label=kind.label if kind else row.entity,
        record_key=row.record_key, summary=row.summary, changes=diff(row.before, row.after),
        workspace_key=row.workspace_key,
        has_page=bool(kind is not None and kind.has_page and row.record_key
                      and row.workspace_key),
        exists=kind is not None and row.record_key in alive.get(kind.name, set()))


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _entity_filter(value: str | None) -> str | None:
    value = _text(value)
    if value is not None and value not in KINDS_BY_PATH:
        known = ", ".join(KINDS_BY_PATH)
        raise UsageError(f"unknown kind of change '{value}'; use one of: {known}")
    return value


def _date(name: str, value: str | None) -> date | None:
    value = _text(value)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name}: '{value}' is not a date; write it as YYYY-MM-DD") from None


def _positive(name: str, value: str | int | None, *, default: int) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValidationError([Problem(
            f"{name} {str(value)!r} is not a whole number; it must be between 1 and "
            f"{MAX_PAGE_NUMBER}", location="query", field=name)],
            summary="the paging parameters are out of bounds") from None
    check_paging(**{name: number})
    return number


def _start(day: date | None, *, days: int = 0) -> datetime | None:
    """Midnight UTC at the start of ``day`` (plus ``days``): dates in filters are UTC days."""
    if day is None:
        return None
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(days=days)
