"""Indicators as users reach them: the catalogue's and their own definitions, panels of
official values imported for many jurisdictions at once, and each workspace's readings.

Who may do what: defining an indicator or importing a panel changes data every workspace
sees, so it needs a site administrator or a reviewer (or administrator) of at least one
workspace; reading panels needs a login (they hold published statistics, not findings);
a workspace's readings need read access to the workspace.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from impactkit.analysis.indicator_readings import IndicatorReading, read_indicators
from impactkit.analysis.vulnerability import Observation
from impactkit.catalogue.indicator_model import Indicator
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Jurisdiction, PanelValue, Workspace
from impactkit.errors import PermissionDenied, UsageError
from impactkit.jurisdictions import resolve_jurisdiction
from impactkit.services.accounts import Principal, Role, require_read
from impactkit.services.catalogue import workspace_catalogue
from impactkit.store import accounts as account_store
from impactkit.store import indicator_panel as store
from impactkit.store import workspaces as workspace_store
from impactkit.store.db import Database

if TYPE_CHECKING:
    from impactkit.exchange.panel import PanelRead


def require_curator(db: Database, principal: Principal, *, to: str) -> None:
    """A site administrator, or a reviewer or administrator of some workspace."""
    user = principal.user
    if user is None:
        raise PermissionDenied(f"Log in to {to}.")
    if user.is_admin:
        return
    with db.connect() as conn:
        roles = account_store.roles_of(conn, user_id=user.id).values()
    if not any(Role.parse(role) >= Role.REVIEWER for role in roles):
        raise PermissionDenied(f"{principal.name} may not {to}: it needs a site "
                               "administrator, or the reviewer role in a workspace")


def require_login(principal: Principal, *, to: str) -> None:
    if principal.user is None:
        raise PermissionDenied(f"Log in to {to}.")


# --- definitions ------------------------------------------------------------------------------
def defined_indicators(db: Database) -> list[store.StoredDefinition]:
    db.require_current()
    with db.connect() as conn:
        return store.load_definitions(conn)


def define_indicator(db: Database, principal: Principal, *, indicator: Indicator,
                     catalogue: Catalogue, expected_version: int | None = None
                     ) -> store.StoredDefinition:
    """Create or change a user-defined indicator, checked against the catalogue's
    vocabularies (areas, sectors, provisions, needs dimensions)."""
    require_curator(db, principal, to="define indicators")
    with db.connect() as conn:
        defined = {d.indicator.code for d in store.load_definitions(conn)}
    if indicator.code in {i.code for i in catalogue.indicators} - defined:
        raise UsageError(f"'{indicator.code}' is an indicator of catalogue "
                         f"'{catalogue.key}'; choose another code")
    _check_terms(indicator, catalogue)
    with db.begin() as conn:
        return store.save_definition(conn, indicator=indicator,
                                     expected_version=expected_version, user=principal.name)


def delete_indicator(db: Database, principal: Principal, *, code: str) -> None:
    require_curator(db, principal, to="delete indicators")
    with db.begin() as conn:
        store.delete_definition(conn, code=code, user=principal.name)


def _check_terms(indicator: Indicator, catalogue: Catalogue) -> None:
    problems = []
    for field, vocabulary in (("areas", "areas"), ("sectors", "sectors")):
        known = catalogue.codes(vocabulary)
        problems += [f"{field}: unknown code '{c}' (use one of: {', '.join(known)})"
                     for c in getattr(indicator, field) if c not in known]
    problems += [f"provisions: unknown provision '{c}'" for c in indicator.provisions
                 if catalogue.provision(c) is None]
    dimensions = catalogue.codes("needs_dimensions")
    if indicator.dimension is not None and indicator.dimension not in dimensions:
        problems.append(f"dimension: unknown needs dimension '{indicator.dimension}' (use "
                        f"one of: {', '.join(dimensions)})")
    if problems:
        raise UsageError(f"indicator '{indicator.code}': " + "; ".join(problems))


KOSOVO = {"XKX": "Kosovo"}
"""Kosovo has no ISO 3166 code; statistics write it KOS, XKX or XK. Panels store it under
XKX, the user-assigned code the European Union and the World Bank use, so that a
worldwide file imports whole without asking the user to create it first."""


# --- panels -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PanelImport:
    """What an import did: the file's reading and the store's counts."""

    read: PanelRead
    counts: Mapping[str, int]


def import_panel(db: Database, principal: Principal, *, path: Path, catalogue: Catalogue,
                 mapping: Mapping[str, str] | None = None, indicator: str | None = None,
                 layout: str = "auto", source: str = "",
                 where: Mapping[str, str] | None = None) -> PanelImport:
    """Read a file of values for many jurisdictions and years and store it, all or nothing
    (the reader reports every problem with file, row and column before anything is
    written)."""
    from impactkit.exchange.panel import IndicatorCodes, read_panel

    require_curator(db, principal, to="import indicator panels")
    db.require_current()
    indicators = {i.code: IndicatorCodes(i.code, tuple(i.series))
                  for i in catalogue.indicators}
    with db.connect() as conn:
        known = {**KOSOVO, **store.known_jurisdictions(conn)}
    read = read_panel(path, indicators=indicators, mapping=mapping, indicator=indicator,
                      layout=layout, source=source, where=where,
                      known_jurisdictions=known)
    names = {code: _jurisdiction(code, name, known) for code, name in read.jurisdictions.items()}
    rows = list(read.values)
    with db.begin() as conn:
        counts = store.save_panel(conn, rows=rows, names=names, user=principal.name,
                                  source_file=path.name)
    return PanelImport(read, counts)


def _jurisdiction(code: str, name: str, known: Mapping[str, str]) -> Jurisdiction:
    if code in known:
        return Jurisdiction(code=code, name=known[code])
    return resolve_jurisdiction(code, name=name or None)


def panel(db: Database, principal: Principal, *, jurisdictions: Sequence[str] | None = None,
          indicators: Sequence[str] | None = None) -> dict[str, list[PanelValue]]:
    require_login(principal, to="read indicator panels")
    db.require_current()
    with db.connect() as conn:
        return store.load_panel(conn, jurisdictions_in=jurisdictions, indicators=indicators)


# --- a workspace's series and readings -------------------------------------------------------
def jurisdiction_series(db: Database, *, jurisdiction: str, workspace_key: str | None = None
                        ) -> dict[str, list[Observation]]:
    """Every value known for a jurisdiction, by indicator: the workspace's own national
    values first, then those of its other workspaces (newest cycle first), then the panel;
    for a year given twice the first wins (readers keep the first of a year)."""
    with db.connect() as conn:
        from_workspaces = store.workspace_values(conn, jurisdiction=jurisdiction)
        from_panel = store.load_panel(conn, jurisdictions_in=[jurisdiction]).get(
            jurisdiction, [])
    ordered = sorted(from_workspaces, key=lambda pair: pair[0] != workspace_key)
    series: dict[str, list[Observation]] = defaultdict(list)
    for _, row in ordered:
        series[row.indicator].append(Observation(row.year, row.value, row.source))
    for row in from_panel:
        series[row.indicator].append(Observation(row.year, row.value, row.source))
    return dict(series)


@dataclass(frozen=True, slots=True)
class WorkspaceSeries:
    """A workspace, its catalogue and its jurisdiction's series: what readings and the
    vulnerability index of one workspace read."""

    workspace: Workspace
    catalogue: Catalogue
    series: dict[str, list[Observation]]


def workspace_series(db: Database, principal: Principal, *, key: str) -> WorkspaceSeries:
    require_read(db, principal, key)
    db.require_current()
    with db.connect() as conn:
        workspace = workspace_store.get_workspace(conn, key=key)
    series = jurisdiction_series(db, jurisdiction=workspace.jurisdiction.code,
                                 workspace_key=key)
    return WorkspaceSeries(workspace, workspace_catalogue(db, key), series)


def workspace_readings(db: Database, principal: Principal, *, key: str,
                       with_data_only: bool = True) -> tuple[IndicatorReading, ...]:
    """The readings of every indicator with data for the workspace's jurisdiction, up to the
    workspace's year: an assessment of 2015-2019 reads what was known then, not values
    published since (a workspace without a year reads everything)."""
    found = workspace_series(db, principal, key=key)
    workspace, catalogue, series = found.workspace, found.catalogue, found.series
    if workspace.year is not None:
        series = {code: [o for o in values if o.year <= workspace.year]
                  for code, values in series.items()}
    return read_indicators(catalogue.indicators, series, with_data_only=with_data_only)
