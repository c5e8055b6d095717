"""Moving workspaces in and out: Data Packages, and tables of findings, actors or evidence.

Every import is all-or-nothing: the whole input is validated first, against the catalogue
and against what the workspace already holds, and only then written in one transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.errors import ImportRejected, Problem, UsageError
from impactkit.exchange.datapackage import export_datapackage, read_datapackage
from impactkit.exchange.tabular import read_actors_table, read_evidence_table, read_findings_table
from impactkit.services.analysis import load_with_catalogue
from impactkit.services.catalogue import stored_catalogue
from impactkit.store import records, workspaces
from impactkit.store.db import Database
from impactkit.validation import check_workspace_data

TABLE_KINDS = ("findings", "actors", "evidence")


@dataclass(frozen=True, slots=True)
class ImportReport:
    workspace_key: str
    source: str
    counts: dict[str, int]
    created_workspace: bool


def export_workspace(db: Database, *, key: str, directory: Path) -> Path:
    data, _ = load_with_catalogue(db, key)
    return export_datapackage(data, directory)


def import_datapackage(db: Database, *, path: Path, user: str,
                       workspace_key: str | None = None) -> ImportReport:
    """Create a new workspace from a Data Package (optionally under another key)."""
    db.require_current()
    data = read_datapackage(path)
    if workspace_key:
        data.workspace = dataclasses.replace(data.workspace, key=workspace_key)
    catalogue = stored_catalogue(db, key=data.workspace.catalogue_key)
    problems = check_workspace_data(data, catalogue, location=str(path))
    if problems:
        raise ImportRejected(problems, summary=f"{path}: {len(problems)} problem(s); nothing "
                             "was imported")
    with db.begin() as conn:
        workspaces.create_workspace(conn, workspace=data.workspace, user=user)
        counts = records.add_records(conn, workspace_key=data.workspace.key, data=data,
                                     user=user, summary=f"import {path.name}")
    return ImportReport(workspace_key=data.workspace.key, source=str(path), counts=counts,
                        created_workspace=True)


def import_table(db: Database, *, key: str, path: Path, kind: str, user: str) -> ImportReport:
    """Add findings, actors or evidence from a CSV or XLSX file to an existing workspace."""
    readers: dict[str, Callable[[Path, Catalogue], list]] = {
        "findings": read_findings_table, "actors": read_actors_table,
        "evidence": read_evidence_table,
    }
    if kind not in readers:
        raise UsageError(f"unknown table kind '{kind}'; use one of: {', '.join(TABLE_KINDS)}")
    existing, catalogue = load_with_catalogue(db, key)
    rows = readers[kind](path, catalogue)
    incoming = WorkspaceData(workspace=existing.workspace, **{_attribute(kind): rows})
    problems = _clashes(existing, incoming, path)
    if problems:
        raise ImportRejected(problems, summary=f"{path}: {len(problems)} problem(s); nothing "
                             "was imported")
    with db.begin() as conn:
        counts = records.add_records(conn, workspace_key=key, data=incoming, user=user,
                                     summary=f"import {path.name}")
    return ImportReport(workspace_key=key, source=str(path), counts=counts,
                        created_workspace=False)


def _attribute(kind: str) -> str:
    return {"findings": "findings", "actors": "actors", "evidence": "evidence"}[kind]


def _clashes(existing: WorkspaceData, incoming: WorkspaceData, path: Path) -> list[Problem]:
    """Keys already used in the workspace, and evidence pointing at findings that exist
    neither in the workspace nor in the file. Rows are numbered as a spreadsheet shows them
    (the header is row 1)."""
    problems: list[Problem] = []
    for attribute in ("findings", "actors", "evidence"):
        taken = {r.key for r in getattr(existing, attribute)}
        for index, record in enumerate(getattr(incoming, attribute)):
            if record.key in taken:
                problems.append(Problem(
                    f"key '{record.key}' is already used in workspace "
                    f"'{existing.workspace.key}'; use a new key", location=str(path),
                    row=index + 2, field="key"))
    known_findings = {f.key for f in existing.findings} | {f.key for f in incoming.findings}
    for index, item in enumerate(incoming.evidence):
        if item.finding_key not in known_findings:
            problems.append(Problem(
                f"no finding '{item.finding_key}' in workspace '{existing.workspace.key}'",
                location=str(path), row=index + 2, field="finding"))
    return problems
