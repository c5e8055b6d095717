"""Moving workspaces in and out: Data Packages, tables of findings, evidence, indicator
values and of the system map (actors, laws and policies, mandates, links, services), and the
map as a folder of such tables.

Every import is all-or-nothing: the whole input is validated first, against the catalogue
and against what the workspace already holds, and only then written in one transaction.
The check against the workspace is made inside that write transaction, on the workspace as it
is then (:func:`add_if_consistent`): a record added, changed or deleted by someone else while
the file was being read is taken into account, never written over or past.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from impactkit.catalogue.indicator_model import Indicator
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.errors import ImportRejected, NotFoundError, Problem, UsageError
from impactkit.exchange.datapackage import export_datapackage, package_kind, read_package
from impactkit.exchange.map_sheets import SHEET_FORMATS, template_bytes, write_map_table
from impactkit.exchange.map_tables import MAP_TABLE_KINDS, SERVICES, read_map_table
from impactkit.exchange.record_tables import DefinitionRecord, StateRecords
from impactkit.exchange.state_package import export_state_package, read_state_package
from impactkit.exchange.system_map import read_map_package
from impactkit.exchange.tabular import (
    read_evidence_table,
    read_findings_table,
    read_indicator_values_table,
)
from impactkit.recommendations.model import finding_ref, split_finding_ref
from impactkit.services.accounts import (
    Principal,
    Role,
    can_read,
    require,
    require_read,
    require_site_admin,
)
from impactkit.services.analysis import load_with_catalogue
from impactkit.services.catalogue import stored_catalogue, workspace_catalogue
from impactkit.services.editorial import in_report_order, section_problems
from impactkit.services.review import imported_own_work
from impactkit.store import editorial, package_records, records, workspaces
from impactkit.store.db import Connection, Database
from impactkit.validation import (
    TABLES,
    check_workspace_data,
    integrity_problems,
    record_names,
    record_problems,
)

TABLE_KINDS = ("findings", "actors", "instruments", "mandates", "links", "evidence",
               "indicator-values")
"""The kinds of record a table can add to a workspace (paths of :mod:`impactkit.kinds`)."""
IMPORT_KINDS = (*TABLE_KINDS, SERVICES)
"""What ``--kind`` accepts: a kind of record, or ``services`` (an actor and its mandate per
row, :mod:`impactkit.exchange.map_tables`)."""
EXPORT_KINDS = MAP_TABLE_KINDS
"""The tables written on their own (the system map's), read back by :func:`import_table`."""
TABLE_KIND_ALIASES = {"indicators": "indicator-values"}
"""Older spellings still accepted."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    workspace_key: str
    source: str
    counts: dict[str, int]
    created_workspace: bool


def export_workspace(db: Database, principal: Principal, *, key: str, directory: Path) -> Path:
    """Write a workspace as a Data Package into ``directory`` (whoever may read it): its
    records, report texts, the State's records as the store gives them for it, its scenarios,
    review trail and own recommendations."""
    require_read(db, principal, key)
    data, catalogue = load_with_catalogue(db, key)
    with db.connect() as conn:
        texts = editorial.load_sections(conn, workspace_key=key)
        state = package_records.load_state(conn, workspace_key=key)
        extra = package_records.load_workspace_records(conn, workspace_key=key)
    return export_datapackage(data, directory,
                              editorial_sections=in_report_order(texts, catalogue),
                              state=state, records=extra)


def is_state_package(path: Path) -> bool:
    """Whether ``path`` (a package folder or descriptor) holds a State's records."""
    return package_kind(path) == "state"


def import_datapackage(db: Database, principal: Principal, *, path: Path,
                       workspace_key: str | None = None) -> ImportReport:
    """Create a new workspace from a Data Package (optionally under another key), with
    everything it holds, exactly (versions, who and when): site administrators only, as for
    any new workspace. State records already stored (by another workspace of the State) are
    kept when the package gives them equal; any that differ refuse the whole import."""
    require_site_admin(principal, to="create a workspace")
    db.require_current()
    user = principal.name
    package = read_package(path)
    data, state = package.data, package.state
    exported_key = data.workspace.key
    if workspace_key:
        data.workspace = dataclasses.replace(data.workspace, key=workspace_key)
    location = str(path)
    catalogue = _with_definitions(stored_catalogue(db, key=data.workspace.catalogue_key),
                                  state.indicator_definitions)
    problems = definition_problems(state.indicator_definitions,
                                   location=_resource_file(path, "indicator_definitions"))
    problems += check_workspace_data(data, catalogue, location=location)
    problems += section_problems(package.editorial_sections, catalogue,
                                 location=str(path / "editorial_sections.csv"
                                              if path.is_dir() else path))
    if problems:
        raise ImportRejected(problems, summary=f"{path}: {len(problems)} problem(s); nothing "
                             "was imported")
    summary = f"import {path.name}"
    # the workspace key is checked inside the write transaction that creates it
    with db.begin_write() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user=user)
        _refuse_own_work(conn, data, location=location,
                         summary=f"{path}: the four-eyes rule refuses it; nothing was imported")
        counts = records.add_records(conn, workspace_key=data.workspace.key, data=data,
                                     user=user, summary=summary)
        if workspaces.workspace_id(conn, key=exported_key, missing_ok=True) is None:
            # imported under another key, the exported workspace absent: links follow it
            state = _renamed_links(state, exported_key, data.workspace.key)
        counts.update(_write_state(conn, data.workspace.key, state, path, user))
        counts.update(package_records.write_workspace_records(
            conn, workspace_key=data.workspace.key, records=package.records,
            sections=list(package.editorial_sections), user=user, summary=summary))
    return ImportReport(workspace_key=data.workspace.key, source=location, counts=counts,
                        created_workspace=True)


def export_state(db: Database, principal: Principal, *, code: str, directory: Path) -> Path:
    """Write a State's package (its recommendations, actions, status history, suggestions,
    indicator panel and the indicator definitions) into ``directory``: whoever may read one
    of its workspaces, whose records the store gives for the State."""
    db.require_current()
    with db.connect() as conn:
        keys = package_records.state_workspaces(conn, jurisdiction=code)
    readable = [key for key in keys if can_read(db, principal, key)]
    if not readable:
        if keys:
            require_read(db, principal, keys[0])  # says why
        raise NotFoundError(f"no workspace of the State '{code}' in this database")
    with db.connect() as conn:
        state = package_records.load_state(conn, workspace_key=readable[0])
        jurisdiction = workspaces.get_workspace(conn, key=readable[0]).jurisdiction
    return export_state_package(jurisdiction, state, directory)


def import_state(db: Database, principal: Principal, *, path: Path) -> ImportReport:
    """Add a State's package to the State's records in this database (site administrators:
    it writes indicator definitions every workspace shares). The State needs a workspace
    here; records already stored equal are kept, any that differ refuse the whole import."""
    require_site_admin(principal, to="import a State's records")
    db.require_current()
    package = read_state_package(path)
    code = package.jurisdiction.code
    problems = definition_problems(package.state.indicator_definitions,
                                   location=_resource_file(path, "indicator_definitions"))
    if problems:
        raise ImportRejected(problems, summary=f"{path}: {len(problems)} problem(s); nothing "
                             "was imported")
    with db.begin_write() as conn:
        keys = package_records.state_workspaces(conn, jurisdiction=code)
        if not keys:
            raise UsageError(f"{path}: the State '{code}' has no workspace in this database; "
                             "import or create one of its workspaces first")
        counts = _write_state(conn, keys[0], package.state, path, principal.name)
    return ImportReport(workspace_key=keys[0], source=str(path), counts=counts,
                        created_workspace=False)


def _write_state(conn: Connection, workspace_key: str, state: StateRecords, path: Path,
                 user: str) -> dict[str, int]:
    paths = {name: _resource_file(path, name) for name in (
        "recommendations", "actions", "status_history", "tag_suggestions", "indicator_panel",
        "indicator_definitions")}
    fresh, conflicts = package_records.state_conflicts(conn, workspace_key=workspace_key,
                                                       incoming=state, paths=paths)
    if conflicts:
        raise ImportRejected(conflicts, summary=f"{path}: {len(conflicts)} record(s) of the "
                             "State are stored otherwise; nothing was imported")
    return package_records.write_state(conn, workspace_key=workspace_key, records=fresh,
                                       user=user, summary=f"import {path.name}")


def _resource_file(path: Path, name: str) -> str:
    """Where a resource of the package at ``path`` (its folder or descriptor) is written."""
    return str((path if path.is_dir() else path.parent) / f"{name}.csv")


def definition_problems(definitions: list[DefinitionRecord], *, location: str
                        ) -> list[Problem]:
    """Each definition must be an indicator as the catalogue defines them, under its code."""
    problems = []
    for i, definition in enumerate(definitions):
        where = f"indicator_definitions[{definition.code}].document"
        try:
            indicator = Indicator.model_validate(definition.document)
        except ValidationError as exc:
            reasons = "; ".join(f"{'.'.join(str(part) for part in error['loc']) or 'document'}"
                                f": {error['msg']}" for error in exc.errors())
            problems.append(Problem(f"not an indicator definition: {reasons}",
                                    location=location, row=i + 2, field=where))
            continue
        if indicator.code != definition.code:
            problems.append(Problem(f"the document defines '{indicator.code}', not "
                                    f"'{definition.code}'", location=location, row=i + 2,
                                    field=where))
    return problems


def _with_definitions(catalogue: Catalogue, definitions: list[DefinitionRecord]) -> Catalogue:
    """The catalogue as it will be once the package's definitions are stored."""
    own = {i.code for i in catalogue.indicators}
    extra = []
    for definition in definitions:
        try:
            indicator = Indicator.model_validate(definition.document)
        except ValidationError:
            continue  # reported by definition_problems
        if indicator.code not in own:
            extra.append(indicator)
    if not extra:
        return catalogue
    return catalogue.model_copy(update={"indicators": [*catalogue.indicators, *extra]})


def _renamed_links(state: StateRecords, old: str, new: str) -> StateRecords:
    """Links from recommendations to findings of a workspace imported under a new key (an
    unchanged state when the key is the same)."""
    if old == new:
        return state

    def renamed(ref: str) -> str:
        workspace, finding = split_finding_ref(ref)
        return finding_ref(new, finding) if workspace == old else ref

    return dataclasses.replace(state, recommendations=[
        dataclasses.replace(r, findings=tuple(renamed(ref) for ref in r.findings))
        for r in state.recommendations])


def import_table(db: Database, principal: Principal, *, key: str, path: Path,
                 kind: str) -> ImportReport:
    """Add findings, evidence, indicator values or a table of the map (actors, laws and
    policies, mandates, links, services) from a CSV or XLSX file to an existing workspace
    (contributors and up). Keys already used in the workspace, and references to records
    that exist neither in the workspace nor in the file, are rejected with their
    spreadsheet rows."""
    require(db, principal, key, Role.CONTRIBUTOR)
    user = principal.name
    kind = TABLE_KIND_ALIASES.get(kind, kind)
    if kind not in IMPORT_KINDS:
        raise UsageError(f"unknown table kind '{kind}'; use one of: "
                         f"{', '.join(IMPORT_KINDS)}")
    existing, catalogue = load_with_catalogue(db, key)
    incoming = WorkspaceData(workspace=existing.workspace)
    if kind in MAP_TABLE_KINDS:
        incoming = read_map_table(path, kind, catalogue, known=existing)
    elif kind == "findings":
        incoming.findings = read_findings_table(
            path, catalogue, existing_keys=_keys(existing.findings),
            instrument_keys=_keys(existing.instruments))
    elif kind == "evidence":
        incoming.evidence = read_evidence_table(
            path, catalogue, existing_keys=_keys(existing.evidence),
            finding_keys=_keys(existing.findings))
    else:
        incoming.indicator_values = read_indicator_values_table(
            path, catalogue, existing_keys=_keys(existing.indicator_values))
    counts = add_if_consistent(
        db, workspace_key=key, incoming=incoming, catalogue=catalogue, location=str(path),
        user=user, summary=f"import {path.name}",
        rejection=lambda count: f"{path}: importing it would leave the workspace "
                                f"inconsistent ({count} problem(s)); nothing was imported",
        records_checked=True)  # read_*_table refuses a file with any record's problem
    return ImportReport(workspace_key=key, source=str(path), counts=counts,
                        created_workspace=False)


def import_map(db: Database, principal: Principal, *, key: str, path: Path) -> ImportReport:
    """Add a map to a workspace, all or nothing (contributors and up): a map Data Package,
    or a folder of CSV tables without a descriptor
    (:func:`impactkit.exchange.system_map.read_map_folder`)."""
    require(db, principal, key, Role.CONTRIBUTOR)
    existing, catalogue = load_with_catalogue(db, key)
    incoming = read_map_package(path, catalogue=catalogue, known=existing)
    incoming = dataclasses.replace(incoming, workspace=existing.workspace)
    counts = add_if_consistent(
        db, workspace_key=key, incoming=incoming, catalogue=catalogue, location=str(path),
        user=principal.name, summary=f"import map {path.name}",
        rejection=lambda count: f"{path}: importing this map would leave the workspace "
                                f"inconsistent ({count} problem(s)); nothing was imported")
    return ImportReport(workspace_key=key, source=str(path), counts=counts,
                        created_workspace=False)


def export_table(db: Database, principal: Principal, *, key: str, kind: str, path: Path
                 ) -> Path:
    """One table of the map (:data:`EXPORT_KINDS`) as CSV or XLSX, by the file's suffix
    (whoever may read the workspace): what :func:`import_table` reads back equal."""
    require_read(db, principal, key)
    if kind not in EXPORT_KINDS:
        raise UsageError(f"unknown table kind '{kind}' to export; use one of: "
                         f"{', '.join(EXPORT_KINDS)}")
    data, _ = load_with_catalogue(db, key)
    return write_map_table(data, kind, path)


def table_template(db: Database, principal: Principal, *, key: str, kind: str,
                   file_format: str) -> bytes:
    """An empty table of the map to fill in, explained with the workspace's catalogue
    (members of the workspace: it holds no records, but tells the catalogue's codes)."""
    require(db, principal, key, Role.VIEWER)
    if kind not in EXPORT_KINDS or file_format not in SHEET_FORMATS:
        raise UsageError(f"no template '{kind}.{file_format}'; there are templates for "
                         f"{', '.join(EXPORT_KINDS)}, as {' or '.join(SHEET_FORMATS)}")
    return template_bytes(kind, workspace_catalogue(db, key), file_format)


def add_if_consistent(db: Database, *, workspace_key: str, incoming: WorkspaceData,
                      catalogue: Catalogue, location: str, user: str, summary: str,
                      rejection: Callable[[int], str],
                      records_checked: bool = False) -> dict[str, int]:
    """Add ``incoming`` to the workspace if that leaves it consistent, checked against the
    workspace as it is inside the write transaction (read locked: see
    :func:`impactkit.store.records.load_workspace_data`), so that no change saved since the
    file was read can be missed. ``rejection(count)`` is the summary of a refusal for
    ``count`` problems; ``records_checked`` says the reader has run each incoming record's
    own checks (see :func:`introduced_problems`). Returns the counts added per entity."""
    with db.begin_write() as conn:
        existing = records.load_workspace_data(conn, workspace_key=workspace_key,
                                               for_share=True)
        problems = introduced_problems(existing, incoming, catalogue, location=location,
                                       records_checked=records_checked)
        problems += own_work_problems(conn, incoming, location=location)
        if problems:
            raise ImportRejected(problems, summary=rejection(len(problems)))
        return records.add_records(conn, workspace_key=workspace_key, data=incoming,
                                   user=user, summary=summary)


def introduced_problems(existing: WorkspaceData, incoming: WorkspaceData,
                        catalogue: Catalogue, *, location: str,
                        records_checked: bool = False) -> list[Problem]:
    """Whole-workspace rules (a validated finding needs evidence...) checked on the
    workspace as it would be after the import; only problems the import would introduce are
    reported, so an import is never blocked by what is already stored.

    A record's own checks depend on that record alone, so they run on the incoming records
    only (none at all when the reader has already run them: ``records_checked``); the
    checks across records run on the workspace before and after."""
    merged = WorkspaceData(
        workspace=existing.workspace,
        **{name: [*getattr(existing, name), *getattr(incoming, name)] for name in TABLES})
    names = {table: record_names(table, getattr(merged, table)) for table in TABLES}
    problems = []
    if not records_checked:
        for table in TABLES:
            first_new = len(getattr(existing, table))
            problems += record_problems(table, getattr(incoming, table),
                                        names[table][first_new:], catalogue,
                                        location=location)
    before = set(integrity_problems(
        existing, {table: record_names(table, getattr(existing, table)) for table in TABLES},
        location=location))
    return problems + [p for p in integrity_problems(merged, names, location=location)
                       if p not in before]


def own_work_problems(conn: Connection, incoming: WorkspaceData, *, location: str
                      ) -> list[Problem]:
    """The four-eyes rule on findings that arrive reviewed or validated, when the target
    workspace applies it (read inside the write transaction, like the rest of the check):
    :func:`impactkit.services.review.imported_own_work`, each breach located by file and the
    record's field (``findings[F-01].validated_by``)."""
    key = incoming.workspace.key
    if not workspaces.four_eyes(conn, key=key):
        return []
    names = dict(zip((id(f) for f in incoming.findings),
                     record_names("findings", incoming.findings), strict=True))
    return [Problem(message, location=location, field=f"{names[id(finding)]}.{name}")
            for finding, name, message in imported_own_work(incoming.findings,
                                                            workspace_key=key)]


def _refuse_own_work(conn: Connection, incoming: WorkspaceData, *, location: str,
                     summary: str) -> None:
    if problems := own_work_problems(conn, incoming, location=location):
        raise ImportRejected(problems, summary=summary)


def _keys(items: Iterable[Any]) -> set[str]:
    return {item.key for item in items}
