"""Browsing and editing a workspace's records, one at a time, for the web pages and the API.

Every function takes the :class:`Principal` asking and checks what it may do here, so the
pages and the API enforce the same rules: reading needs read access; creating, changing and
deleting records needs the contributor role, except that a finding past draft (and the
evidence behind it) is the reviewers' to change or delete. A finding's review fields
(status, author, reviewed_by, validated_by) are never input: a new finding is a draft by
its creator, and only :mod:`impactkit.services.review` moves it on.

Every change names the version it started from; a stale one raises :class:`ConflictError`
carrying the stored record and writes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Evidence, Finding, FindingStatus, RatingState, Workspace
from impactkit.errors import NotFoundError, Problem, UsageError, ValidationError
from impactkit.input_rules import check_paging, check_search
from impactkit.kinds import BY_PATH
from impactkit.services.accounts import PermissionDenied, Principal, Role, require_read, role_of
from impactkit.services.catalogue import workspace_catalogue
from impactkit.services.record_fields import (
    CHECKS,
    FieldValue,
    fields_of,
)
from impactkit.services.record_fields import record_from_fields as _parse_fields
from impactkit.store import editing as store
from impactkit.store.db import Database
from impactkit.store.versions import DataVersion
from impactkit.store.versions import data_version as _data_version
from impactkit.store.workspaces import get_workspace

MAX_PER_PAGE = 500


@dataclass(frozen=True, slots=True)
class FindingFilters:
    """Which findings to list; every filter given must hold. ``rating`` is a value on the
    scale ("0".."4"), "rated", "not-assessed" or "not-applicable"; ``text`` is searched in
    titles and narratives, literally and ignoring case. ``cluster`` and ``provision`` follow
    analysis: a finding naming a whole cluster reaches every provision of it."""

    area: str | None = None
    layer: str | None = None
    cluster: str | None = None
    provision: str | None = None
    sector: str | None = None
    group: str | None = None
    status: str | None = None
    rating: str | None = None
    text: str | None = None

    def active(self) -> dict[str, str]:
        """The filters that are set, by name (what a URL's query string carries)."""
        return {f.name: value for f in dataclasses.fields(self)
                if (value := getattr(self, f.name)) not in (None, "")}


@dataclass(frozen=True, slots=True)
class RecordPage:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_index(self) -> int:
        """1-based position of the first item shown (0 when there is none)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.per_page + len(self.items)


@dataclass(frozen=True, slots=True)
class WorkspaceView:
    """What every page inside a workspace needs: the workspace, the visitor's role (None
    for an anonymous visitor of a public workspace) and the workspace's catalogue."""

    workspace: Workspace
    role: Role | None
    catalogue: Catalogue

    @property
    def key(self) -> str:
        return self.workspace.key

    @property
    def title(self) -> str:
        return self.workspace.title

    def can(self, needed: Role) -> bool:
        return self.role is not None and self.role >= needed


def _store_entity(entity: str) -> str:
    """The kind's name in the store and the audit trail, from its path (``entity``)."""
    kind = BY_PATH.get(entity)
    if kind is None:
        raise NotFoundError(f"unknown kind of record '{entity}'; use one of: "
                            f"{', '.join(BY_PATH)}")
    return kind.name


def need_role(role: Role | None, needed: Role, principal: Principal, workspace_key: str,
              doing: str) -> None:
    """Refuse, saying what the principal tried and which role it takes."""
    if role is None or role < needed:
        raise PermissionDenied(f"{principal.name} may not {doing} in workspace "
                               f"'{workspace_key}': that needs the {needed.label} role")


def workspace_view(db: Database, principal: Principal, *, workspace_key: str
                   ) -> WorkspaceView:
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        workspace = get_workspace(conn, key=workspace_key)
    return WorkspaceView(workspace=workspace, role=role_of(db, principal, workspace_key),
                         catalogue=workspace_catalogue(db, workspace_key))


# --- reading ---------------------------------------------------------------------------------
CACHE_SECONDS = 30.0
"""How long a page part may be kept on PostgreSQL at most (see store.versions)."""


def data_version(db: Database) -> DataVersion:
    """The version of the data, for keeping rendered pages (see store.versions)."""
    with db.connect() as conn:
        return _data_version(conn)


def _selection(filters: FindingFilters, catalogue: Catalogue) -> store.FindingSelection:
    rating, state = None, None
    if filters.rating:
        wanted = filters.rating.strip()
        if wanted in {s.value for s in RatingState}:
            state = wanted
        elif wanted.lstrip("-").isdigit():
            rating, state = int(wanted), RatingState.RATED.value
        else:
            raise ValidationError([Problem(
                f"{wanted!r} is not a rating filter: use a value on the scale, 'rated', "
                "'not-assessed' or 'not-applicable'", field="rating")],
                summary="the rating filter is not one this list understands")
    scopes = []
    if filters.provision:
        scopes.append(store.Scope(provisions=(filters.provision,),
                                  clusters=tuple(catalogue.clusters_of(filters.provision))))
    if filters.cluster:
        members = next((c.provisions for c in catalogue.clusters if c.code == filters.cluster),
                       [])
        sharing = [c.code for c in catalogue.clusters
                   if c.code == filters.cluster or set(c.provisions) & set(members)]
        scopes.append(store.Scope(provisions=tuple(members),
                                  clusters=tuple(sharing) or (filters.cluster,)))
    return store.FindingSelection(
        area=filters.area or None, layer=filters.layer or None, status=filters.status or None,
        rating=rating, rating_state=state, sector=filters.sector or None,
        group=filters.group or None, scopes=tuple(scopes),
        text=filters.text.strip() if filters.text and filters.text.strip() else None)


def list_records(db: Database, principal: Principal, *, workspace_key: str, entity: str,
                 filters: FindingFilters | None = None, page: int = 1, per_page: int = 50
                 ) -> RecordPage:
    """One page of records, ordered by key. Filters apply to findings only; the page is
    cut in SQL, so a big workspace lists as fast as a small one."""
    name = _store_entity(entity)
    require_read(db, principal, workspace_key)
    check_paging(page=page, per_page=per_page, max_per_page=MAX_PER_PAGE)
    if filters is not None:
        check_search(filters.active())
    selection = None
    if filters is not None and filters.active():
        if entity != "findings":
            raise UsageError(f"filters apply to findings only, not to {entity}")
        selection = _selection(filters, workspace_catalogue(db, workspace_key))
    with db.connect() as conn:
        items, total = store.list_page(conn, workspace_key=workspace_key, entity=name,
                                       offset=(page - 1) * per_page, limit=per_page,
                                       selection=selection)
    return RecordPage(items=items, total=total, page=page, per_page=per_page)


def get_record(db: Database, principal: Principal, *, workspace_key: str, entity: str,
               key: str) -> Any:
    name = _store_entity(entity)
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return store.get_record(conn, workspace_key=workspace_key, entity=name, key=key)


def reference_choices(db: Database, principal: Principal, *, workspace_key: str,
                      entity: str) -> dict[str, list[tuple[str, str]]]:
    """For each kind of record the entity's fields refer to ("actors", "findings"...), the
    (key, label) pairs a form offers."""
    require_read(db, principal, workspace_key)
    sources = {spec.source for spec in fields_of(entity) if spec.kind in ("ref", "refs")}
    with db.connect() as conn:
        return {source: store.choices(conn, workspace_key=workspace_key,
                                      entity=BY_PATH[source].name)
                for source in sorted(s for s in sources if s)}


def record_from_fields(entity: str, fields: Mapping[str, FieldValue], catalogue: Catalogue,
                       *, new: bool = True) -> Any:
    """Parse and validate form or JSON input into a domain object; a ValidationError names
    the field of every problem. ``new=False`` for an edit of a stored record, whose key is
    not being chosen (see :func:`_checked`). See :mod:`impactkit.services.record_fields`."""
    _store_entity(entity)
    return _parse_fields(entity, fields, catalogue, new=new)


# --- writing ---------------------------------------------------------------------------------
def _checked(entity: str, record: Any, catalogue: Catalogue, *, new: bool) -> None:
    """Validate a domain object however it was built (the API may build its own). The key
    rule (:func:`impactkit.validation.check_key`) applies to a key being chosen, on a ``new``
    record; an update names a stored record by its key, which never changes once saved, so a
    key stored under an older, looser rule stays usable."""
    if not isinstance(record, BY_PATH[entity].cls):
        raise UsageError(f"{entity} records are {BY_PATH[entity].cls.__name__} objects, not "
                         f"{type(record).__name__}")
    problems = [p for p in CHECKS[entity](record, catalogue) if new or p.field != "key"]
    if problems:
        raise ValidationError(problems, summary=f"the record was not saved: "
                                                f"{len(problems)} problem(s) to fix")


def _finding_role(status: FindingStatus | str) -> Role:
    """Who may change or delete a finding (or its evidence) at this point of review."""
    return Role.CONTRIBUTOR if status == FindingStatus.DRAFT else Role.REVIEWER


def _finding_status(conn: Any, workspace_key: str, finding_key: str) -> FindingStatus:
    try:
        finding = store.get_record(conn, workspace_key=workspace_key, entity="finding",
                                   key=finding_key)
    except NotFoundError:
        return FindingStatus.DRAFT  # the reference check reports the missing finding
    return FindingStatus(finding.status)


def _keep_last_evidence(conn: Any, workspace_key: str, item: Evidence, doing: str) -> None:
    """A validated finding keeps at least one evidence item: refuse to take its last."""
    if _finding_status(conn, workspace_key, item.finding_key) != FindingStatus.VALIDATED:
        return
    others = [e for e in store.evidence_of(conn, workspace_key=workspace_key,
                                           finding_key=item.finding_key) if e.key != item.key]
    if not others:
        raise ValidationError([Problem(
            f"finding '{item.finding_key}' is validated and '{item.key}' is its only "
            f"evidence item, so it cannot be {doing}: add another evidence item first, or "
            "send the finding back", field="finding_key")],
            summary="a validated finding needs at least one evidence item")


def change_role(db: Database, *, workspace_key: str, entity: str, record: Any) -> Role:
    """The role that changing or deleting this record needs now: a finding past draft, and
    the evidence behind it, are the reviewers'; everything else the contributors'. (Pages
    use it to offer an edit only to those whose save would be accepted.)"""
    _store_entity(entity)
    if isinstance(record, Finding):
        return _finding_role(record.status)
    if isinstance(record, Evidence):
        with db.connect() as conn:
            return _finding_role(_finding_status(conn, workspace_key, record.finding_key))
    return Role.CONTRIBUTOR


def create_record(db: Database, principal: Principal, *, workspace_key: str, entity: str,
                  record: Any) -> Any:
    """Add a record (version 1). A finding starts as a draft authored by the principal;
    evidence for a finding past draft needs the reviewer role."""
    name = _store_entity(entity)
    role = role_of(db, principal, workspace_key)
    need_role(role, Role.CONTRIBUTOR, principal, workspace_key, f"add {entity}")
    _checked(entity, record, workspace_catalogue(db, workspace_key), new=True)
    if isinstance(record, Finding):
        record = dataclasses.replace(record, status=FindingStatus.DRAFT,
                                     author=principal.name, reviewed_by=None,
                                     validated_by=None, version=1)
    with db.begin() as conn:
        if isinstance(record, Evidence):
            status = _finding_status(conn, workspace_key, record.finding_key)
            need_role(role, _finding_role(status), principal, workspace_key,
                  f"add evidence to a {status} finding")
        return store.insert_record(conn, workspace_key=workspace_key, entity=name,
                                   record=record, user=principal.name)


def update_record(db: Database, principal: Principal, *, workspace_key: str, entity: str,
                  record: Any, expected_version: int) -> Any:
    """Save a changed record over the stored one with the same key, if that is still at
    ``expected_version``; returns the saved record (its version one higher)."""
    name = _store_entity(entity)
    role = role_of(db, principal, workspace_key)
    need_role(role, Role.CONTRIBUTOR, principal, workspace_key, f"change {entity}")
    _checked(entity, record, workspace_catalogue(db, workspace_key), new=False)
    with db.begin() as conn:
        current = store.get_record(conn, workspace_key=workspace_key, entity=name,
                                   key=record.key)
        if current.version != expected_version:
            raise store.stale(name, record.key, expected_version, current, "saved")
        if isinstance(current, Finding):
            need_role(role, _finding_role(current.status), principal, workspace_key,
                  f"change a {current.status} finding")
            record = dataclasses.replace(
                record, status=current.status, author=current.author,
                reviewed_by=current.reviewed_by, validated_by=current.validated_by,
                created_at=current.created_at, updated_at=current.updated_at)
        if isinstance(current, Evidence):
            for finding_key in {current.finding_key, record.finding_key}:
                status = _finding_status(conn, workspace_key, finding_key)
                need_role(role, _finding_role(status), principal, workspace_key,
                      f"change the evidence of a {status} finding")
            if record.finding_key != current.finding_key:
                _keep_last_evidence(conn, workspace_key, current, "moved to another finding")
        return store.update_record(conn, workspace_key=workspace_key, entity=name,
                                   record=record, expected_version=expected_version,
                                   user=principal.name, before=current)


def delete_record(db: Database, principal: Principal, *, workspace_key: str, entity: str,
                  key: str, expected_version: int) -> None:
    """Delete a record still at ``expected_version``. A draft finding is its contributors'
    to delete, a reviewed or validated one the reviewers'; a finding takes its evidence
    with it; a record others still refer to is refused (see the store)."""
    name = _store_entity(entity)
    role = role_of(db, principal, workspace_key)
    need_role(role, Role.CONTRIBUTOR, principal, workspace_key, f"delete {entity}")
    with db.begin() as conn:
        current = store.get_record(conn, workspace_key=workspace_key, entity=name, key=key)
        if current.version != expected_version:
            raise store.stale(name, key, expected_version, current, "deleted")
        if isinstance(current, Finding):
            need_role(role, _finding_role(current.status), principal, workspace_key,
                  f"delete a {current.status} finding")
        if isinstance(current, Evidence):
            status = _finding_status(conn, workspace_key, current.finding_key)
            need_role(role, _finding_role(status), principal, workspace_key,
                  f"delete the evidence of a {status} finding")
            _keep_last_evidence(conn, workspace_key, current, "deleted")
        store.delete_record(conn, workspace_key=workspace_key, entity=name, key=key,
                            expected_version=expected_version, user=principal.name)
