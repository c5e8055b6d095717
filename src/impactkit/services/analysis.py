"""Analysing, explaining and comparing stored workspaces, for whoever may read them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from impactkit.analysis import AnalysisReport, Comparison, Explanation, analyse, compare, explain
from impactkit.analysis.indicator_readings import IndicatorReading
from impactkit.analysis.table import AnalysisInput
from impactkit.analysis.targets import close_matches
from impactkit.analysis.vulnerability import DimensionValue, VulnerabilityIndex
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.errors import NotFoundError
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
                  statuses: Collection[str] | None = None
                  ) -> Explanation | IndicatorReading | VulnerabilityIndex | DimensionValue:
    """The explanation of one number. Besides the finding-based targets
    (:mod:`impactkit.analysis.targets`) it reads ``indicator:<code>`` (an indicator's
    reading and its rating rule), ``vulnerability`` and ``vulnerability:<dimension>``."""
    require_read(db, principal, key)
    kind, _, code = target.partition(":")
    if kind == "indicator":
        return _indicator_reading(db, principal, key, code)
    if kind == "vulnerability":
        return _vulnerability(db, principal, key, code)
    data, catalogue = analysis_input(db, key)
    return explain(data, catalogue, target, statuses=statuses)


def _indicator_reading(db: Database, principal: Principal, key: str, code: str
                       ) -> IndicatorReading:
    from impactkit.services.indicators import workspace_readings

    readings = {r.code: r for r in workspace_readings(db, principal, key=key,
                                                       with_data_only=False)}
    if code not in readings:
        near = close_matches(code, list(readings))
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise NotFoundError(f"'indicator:{code}': no indicator '{code}'{hint}")
    return readings[code]


def _vulnerability(db: Database, principal: Principal, key: str, dimension: str
                   ) -> VulnerabilityIndex | DimensionValue:
    from impactkit.services.vulnerability import workspace_vulnerability

    index = workspace_vulnerability(db, principal, key=key)
    if not dimension:
        return index
    found = index.dimension(dimension)
    if found is None:
        known = [d.code for d in index.dimensions]
        raise NotFoundError(f"'vulnerability:{dimension}': no dimension '{dimension}' in the "
                            f"vulnerability model; use one of: {', '.join(known)}")
    return found


def compare_workspaces(db: Database, principal: Principal, *, keys: Sequence[str],
                       statuses: Collection[str] | None = None) -> Comparison:
    return compare([analyse_workspace(db, principal, key=key, statuses=statuses)
                    for key in keys])
