"""Analysing, explaining and comparing stored workspaces, for whoever may read them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from impactkit.analysis import AnalysisReport, Comparison, Explanation, analyse, compare, explain
from impactkit.analysis.table import AnalysisInput
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.services.accounts import Principal, require_read
from impactkit.services.catalogue import workspace_catalogue
from impactkit.store.analysis_input import load_analysis_input
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data

Loaded = TypeVar("Loaded", WorkspaceData, AnalysisInput)


def load_with_catalogue(db: Database, key: str) -> tuple[WorkspaceData, Catalogue]:
    """A workspace's records and its catalogue (parsed once per stored copy, see
    :func:`workspace_catalogue`)."""
    return _read_with_catalogue(db, key, load_workspace_data)


def analysis_input(db: Database, key: str) -> tuple[AnalysisInput, Catalogue]:
    """What the analysis reads of a workspace (its findings as columns, see
    :mod:`impactkit.store.analysis_input`) and its catalogue."""
    return _read_with_catalogue(db, key, load_analysis_input)


def _read_with_catalogue(db: Database, key: str, read: Callable[..., Loaded]
                         ) -> tuple[Loaded, Catalogue]:
    db.require_current()
    with db.connect() as conn:
        data = read(conn, workspace_key=key)
    return data, workspace_catalogue(db, key)


def analyse_workspace(db: Database, principal: Principal, *, key: str,
                      statuses: Collection[str] | None = None) -> AnalysisReport:
    require_read(db, principal, key)
    data, catalogue = analysis_input(db, key)
    return analyse(data, catalogue, statuses=statuses)


def explain_score(db: Database, principal: Principal, *, key: str, target: str,
                  statuses: Collection[str] | None = None) -> Explanation:
    require_read(db, principal, key)
    data, catalogue = analysis_input(db, key)
    return explain(data, catalogue, target, statuses=statuses)


def compare_workspaces(db: Database, principal: Principal, *, keys: Sequence[str],
                       statuses: Collection[str] | None = None) -> Comparison:
    return compare([analyse_workspace(db, principal, key=key, statuses=statuses)
                    for key in keys])
