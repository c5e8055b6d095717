"""Indicators people define, and panels of indicator values per jurisdiction and year.

A panel row belongs to a jurisdiction, not a workspace: the SDG series for a country serves
every cycle assessed there. An import replaces the rows it names (same jurisdiction,
indicator and year) and leaves the others, in one transaction with its audit entry, so a
failed import writes nothing. Definitions are versioned like records: a change names the
version it started from and is refused when someone changed it in between.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from impactkit.catalogue.indicator_model import Indicator
from impactkit.domain import Jurisdiction, PanelValue
from impactkit.errors import ConflictError, NotFoundError
from impactkit.store import audit
from impactkit.store.schema import (
    indicator_definitions,
    indicator_panel,
    indicator_values,
    jurisdictions,
    workspaces,
)
from impactkit.store.workspaces import ensure_jurisdiction

DEFINITION = "indicator-definition"
PANEL = "indicator-panel"
"""Names of the two in the audit trail."""


@dataclass(frozen=True, slots=True)
class StoredDefinition:
    indicator: Indicator
    version: int


# --- definitions ------------------------------------------------------------------------------
def load_definitions(conn: sa.Connection) -> list[StoredDefinition]:
    rows = conn.execute(sa.select(indicator_definitions).order_by(indicator_definitions.c.code))
    return [StoredDefinition(Indicator.model_validate(r.document), r.version) for r in rows]


def definitions_stamp(conn: sa.Connection) -> tuple[int, Any]:
    """How many definitions there are and when the newest was saved: whether a catalogue
    cached with them is still right (a deletion changes the count)."""
    table = indicator_definitions
    count, newest = conn.execute(sa.select(sa.func.count(), sa.func.max(table.c.updated_at))
                                 ).one()
    return int(count), newest


def save_definition(conn: sa.Connection, *, indicator: Indicator, expected_version: int | None,
                    user: str) -> StoredDefinition:
    """Create (``expected_version`` None or 0) or replace a definition at that version."""
    table = indicator_definitions
    current = conn.execute(sa.select(table).where(table.c.code == indicator.code)
                           ).one_or_none()
    document = indicator.model_dump(mode="json", exclude_defaults=True)
    stamp = audit.now()
    if current is None:
        if expected_version:
            raise ConflictError(
                f"indicator '{indicator.code}' was deleted by someone else since you loaded "
                "it; nothing was saved", current_version=0, current=None)
        conn.execute(table.insert().values(code=indicator.code, document=document,
                                           version=1, updated_at=stamp))
        audit.record(conn, user=user, workspace_key=None, entity=DEFINITION, action="create",
                     record_key=indicator.code, after=document)
        return StoredDefinition(indicator, 1)
    if expected_version is None or expected_version != current.version:
        started = "a new definition" if not expected_version else f"version {expected_version}"
        raise ConflictError(
            f"indicator '{indicator.code}' is already defined (version {current.version}); "
            f"you started from {started}, so nothing was saved: load it and apply your change",
            current_version=current.version,
            current=Indicator.model_validate(current.document))
    version = current.version + 1
    conn.execute(table.update().where(table.c.id == current.id)
                 .values(document=document, version=version, updated_at=stamp))
    audit.record(conn, user=user, workspace_key=None, entity=DEFINITION, action="update",
                 record_key=indicator.code, before=current.document, after=document)
    return StoredDefinition(indicator, version)


def delete_definition(conn: sa.Connection, *, code: str, user: str) -> None:
    table = indicator_definitions
    current = conn.execute(sa.select(table).where(table.c.code == code)).one_or_none()
    if current is None:
        raise NotFoundError(f"no indicator '{code}' was defined in this database")
    conn.execute(table.delete().where(table.c.id == current.id))
    audit.record(conn, user=user, workspace_key=None, entity=DEFINITION, action="delete",
                 record_key=code, before=current.document)


# --- panel values -----------------------------------------------------------------------------
def save_panel(conn: sa.Connection, *, rows: Sequence[PanelValue],
               names: dict[str, Jurisdiction], user: str, source_file: str) -> dict[str, int]:
    """Write ``rows``, replacing stored values of the same jurisdiction, indicator and
    year; ``names`` gives each new jurisdiction. Returns counts: added, replaced,
    unchanged."""
    ids = {code: ensure_jurisdiction(conn, jurisdiction)
           for code, jurisdiction in names.items()}
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    stored = _stored(conn, ids.values(), {r.indicator for r in rows})
    stamp = audit.now()
    inserts: list[dict[str, Any]] = []
    for row in rows:
        jid = ids[row.jurisdiction]
        old = stored.get((jid, row.indicator, row.year))
        values = {"value": row.value, "source": row.source, "note": row.note}
        if old is None:
            inserts.append({"jurisdiction_id": jid, "indicator": row.indicator,
                            "year": row.year, "imported_at": stamp, **values})
            counts["added"] += 1
        elif (old.value, old.source, old.note) == (row.value, row.source, row.note):
            counts["unchanged"] += 1
        else:
            conn.execute(indicator_panel.update().where(indicator_panel.c.id == old.id)
                         .values(imported_at=stamp, **values))
            counts["replaced"] += 1
    if inserts:
        conn.execute(indicator_panel.insert(), inserts)
    audit.record(conn, user=user, workspace_key=None, entity=PANEL, action="import",
                 record_key=source_file, after={"file": source_file, **counts,
                                                "indicators": sorted({r.indicator
                                                                      for r in rows})},
                 summary=f"{len(rows)} values from {source_file}")
    return counts


def _stored(conn: sa.Connection, ids: Iterable[int], codes: set[str]
            ) -> dict[tuple[int, str, int], Any]:
    wanted = sorted(set(ids))
    if not wanted or not codes:
        return {}
    rows = conn.execute(sa.select(indicator_panel).where(
        indicator_panel.c.jurisdiction_id.in_(wanted),
        indicator_panel.c.indicator.in_(sorted(codes))))
    return {(r.jurisdiction_id, r.indicator, r.year): r for r in rows}


def load_panel(conn: sa.Connection, *, jurisdictions_in: Sequence[str] | None = None,
               indicators: Sequence[str] | None = None) -> dict[str, list[PanelValue]]:
    """Stored values by jurisdiction code (all, or those named), ordered by indicator and
    year."""
    query = (sa.select(jurisdictions.c.code, indicator_panel)
             .join(jurisdictions, jurisdictions.c.id == indicator_panel.c.jurisdiction_id)
             .order_by(jurisdictions.c.code, indicator_panel.c.indicator,
                       indicator_panel.c.year))
    if jurisdictions_in is not None:
        query = query.where(jurisdictions.c.code.in_(list(jurisdictions_in)))
    if indicators is not None:
        query = query.where(indicator_panel.c.indicator.in_(list(indicators)))
    out: dict[str, list[PanelValue]] = defaultdict(list)
    for r in conn.execute(query):
        out[r.code].append(PanelValue(r.code, r.indicator, r.year, r.value, r.source, r.note))
    return dict(out)


def panel_series(conn: sa.Connection, *, jurisdictions_in: Sequence[str] | None = None
                 ) -> dict[str, dict[str, list[tuple[int, float, str]]]]:
    """Stored values as jurisdiction -> indicator -> (year, value, source), by year: the
    lean form an index over hundreds of jurisdictions reads (no object per row)."""
    query = (sa.select(jurisdictions.c.code, indicator_panel.c.indicator,
                       indicator_panel.c.year, indicator_panel.c.value,
                       indicator_panel.c.source)
             .join(jurisdictions, jurisdictions.c.id == indicator_panel.c.jurisdiction_id)
             .order_by(jurisdictions.c.code, indicator_panel.c.indicator,
                       indicator_panel.c.year))
    if jurisdictions_in is not None:
        query = query.where(jurisdictions.c.code.in_(list(jurisdictions_in)))
    out: dict[str, dict[str, list[tuple[int, float, str]]]] = {}
    for code, indicator, year, value, source in conn.execute(query):
        out.setdefault(code, {}).setdefault(indicator, []).append((year, value, source))
    return out


def panel_jurisdictions(conn: sa.Connection) -> dict[str, tuple[str, bool]]:
    """Every jurisdiction that has panel values: code -> (name, fictional)."""
    query = (sa.select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.fictional)
             .where(jurisdictions.c.id.in_(sa.select(indicator_panel.c.jurisdiction_id)))
             .order_by(jurisdictions.c.code))
    return {r.code: (r.name, bool(r.fictional)) for r in conn.execute(query)}


def known_jurisdictions(conn: sa.Connection) -> dict[str, str]:
    """Every jurisdiction of the database: code -> name."""
    return {r.code: r.name for r in conn.execute(sa.select(jurisdictions.c.code,
                                                           jurisdictions.c.name))}


def workspace_values(conn: sa.Connection, *, jurisdiction: str) -> list[tuple[str, PanelValue]]:
    """The national values (no child group, no sector) recorded in any workspace of a
    jurisdiction, as (workspace key, row), newest workspace first: a cycle's own values
    are part of the jurisdiction's series too."""
    query = (sa.select(workspaces.c.key, indicator_values)
             .join(workspaces, workspaces.c.id == indicator_values.c.workspace_id)
             .join(jurisdictions, jurisdictions.c.id == workspaces.c.jurisdiction_id)
             .where(jurisdictions.c.code == jurisdiction,
                    indicator_values.c.child_group.is_(None),
                    indicator_values.c.sector.is_(None))
             .order_by(workspaces.c.year.desc().nulls_last(), workspaces.c.key,
                       indicator_values.c.indicator, indicator_values.c.year))
    return [(r.key, PanelValue(jurisdiction, r.indicator, r.year, r.value, r.source, r.note))
            for r in conn.execute(query)]
