"""Moving workspaces in and out: Data Packages, tables of findings, evidence, indicator
values and of the system map (actors, laws and policies, mandates, links, services), and the
map as a folder of such tables.

Every import is all-or-nothing: the whole input is validated first, against the catalogue
and against what the workspace already holds, and only then written in one transaction.
The check against the workspace is made inside that write transaction, on the workspace as it
is then (:func:`add_if_consistent`): a record added, changed or deleted by someone else while
the file was being read is taken into account, never written over or past.
A State's own package, and the checks of State records a workspace's package shares with it,
are in :mod:`impactkit.services.state_exchange`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.errors import ImportRejected, Problem, UsageError
from impactkit.exchange.datapackage import export_datapackage, read_package
from impactkit.exchange.map_sheets import SHEET_FORMATS, template_bytes, write_map_table
from impactkit.exchange.map_tables import MAP_TABLE_KINDS, SERVICES, read_map_table
from impactkit.exchange.system_map import read_map_package
from impactkit.exchange.tabular import (
    read_evidence_table,
    read_findings_table,
    read_indicator_values_table,
)
from impactkit.services.accounts import Principal, Role, require, require_read, require_site_admin
from impactkit.services.analysis import load_with_catalogue
from impactkit.services.catalogue import stored_catalogue, workspace_catalogue
from impactkit.services.editorial import in_report_order, section_problems
from impactkit.services.review import imported_own_work
from impactkit.services.state_exchange import (
    ImportReport,
    definition_problems,
    linked_findings,
    resource_paths,
    state_reference_problems,
    with_definitions,
    write_state,
)
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


def export_workspace(db: Database, principal: Principal, *, key: str, directory: Path) -> Path:
    """Write a workspace as a Data Package into ``directory`` (whoever may read it): its
    records, report texts, the State's records as the store gives them for it, its scenarios,
    review trail, own recommendations and whether it applies the four-eyes rule."""
    require_read(db, principal, key)
    data, catalogue = load_with_catalogue(db, key)
    with db.connect() as conn:
        texts = editorial.load_sections(conn, workspace_key=key)
        state = package_records.load_state(conn, workspace_key=key)
        extra = package_records.load_workspace_records(conn, workspace_key=key)
        four_eyes = workspaces.four_eyes(conn, key=key)
    return export_datapackage(data, directory,
                              editorial_sections=in_report_order(texts, catalogue),
                              state=state, records=extra, four_eyes=four_eyes)


def import_datapackage(db: Database, principal: Principal, *, path: Path,
                       workspace_key: str | None = None) -> ImportReport:
    """Create a new workspace from a Data Package (optionally under another key), with
    everything it holds, exactly (versions, who and when, whether it applies the four-eyes
    rule): site administrators only, as for any new workspace. State records already stored
    (by another workspace of the State) are kept when the package gives them equal; any that
    differ refuse the whole import, as do tags and references the application would refuse
    (:func:`impactkit.services.state_exchange.reference_problems`)."""
    require_site_admin(principal, to="create a workspace")
    db.require_current()
    user = principal.name
    package = read_package(path)
    data, state = package.data, package.state
    exported_key = data.workspace.key
    if workspace_key:
        data.workspace = dataclasses.replace(data.workspace, key=workspace_key)
    location = str(path)
    paths = resource_paths(path)
    catalogue = with_definitions(stored_catalogue(db, key=data.workspace.catalogue_key),
                                 state.indicator_definitions)
    problems = definition_problems(state.indicator_definitions,
                                   location=paths["indicator_definitions"],
                                   rows=package.rows.get("indicator_definitions", ()))
    problems += check_workspace_data(data, catalogue, location=location)
    problems += section_problems(package.editorial_sections, catalogue,
                                 location=str(path / "editorial_sections.csv"
                                              if path.is_dir() else path))
    summary = f"import {path.name}"
    # the State's records and the workspace key are checked inside the write transaction
    with db.begin_write() as conn:
        problems += state_reference_problems(
            conn, state, package.records.own_recommendations,
            code=data.workspace.jurisdiction.code, catalogue=catalogue, rows=package.rows,
            paths=paths, actors=[a.key for a in data.actors])
        if problems:
            raise ImportRejected(problems, summary=f"{path}: {len(problems)} problem(s); "
                                 "nothing was imported")
        workspaces.create_workspace(conn, workspace=data.workspace, user=user)
        if not package.four_eyes:
            workspaces.set_four_eyes(conn, key=data.workspace.key, on=False, user=user)
        _refuse_own_work(conn, data, location=location,
                         summary=f"{path}: the four-eyes rule refuses it; nothing was imported")
        counts = records.add_records(conn, workspace_key=data.workspace.key, data=data,
                                     user=user, summary=summary)
        state = linked_findings(
            state, exported=exported_key, imported=data.workspace.key,
            follow=workspaces.workspace_id(conn, key=exported_key, missing_ok=True) is None)
        counts.update(write_state(conn, data.workspace.key, state, path, user))
        counts.update(package_records.write_workspace_records(
            conn, workspace_key=data.workspace.key, records=package.records,
            sections=list(package.editorial_sections), user=user, summary=summary))
    return ImportReport(workspace_key=data.workspace.key, source=location, counts=counts,
                        created_workspace=True)


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
