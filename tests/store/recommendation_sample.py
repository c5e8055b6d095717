"""Recommendations for the store tests: one workspace and a recommendation maker (the
``rec_db`` fixture of conftest.py holds the workspace)."""

from __future__ import annotations

from datetime import date

from impactkit.domain import Jurisdiction, Workspace
from impactkit.recommendations.model import Mechanism, Position, Recommendation
from impactkit.store import recommendations as store
from impactkit.store.db import Database

WS = "xa"
WORKSPACE = Workspace(key=WS, title="Atlantis", cycle="2025",
                      jurisdiction=Jurisdiction(code="XAT", name="Atlantis", fictional=True))


def rec(key: str, text: str = "Strengthen labour inspection in agriculture.",
        **fields: object) -> Recommendation:
    """A UPR recommendation of cycle 3, supported, about labour, unless ``fields`` say."""
    values: dict[str, object] = {
        "mechanism": Mechanism.UPR, "document_symbol": "A/HRC/43/15", "paragraph": "121.3",
        "cycle": "3", "date": date(2020, 3, 1), "recommending": ("Chile",),
        "position": Position.SUPPORTED, "sectors": ("labour",), **fields}
    return Recommendation(key=key, text=text, **values)  # type: ignore[arg-type]


def save(db: Database, *records: Recommendation, families: dict[str, str] | None = None
         ) -> store.SaveSummary:
    """Import ``records`` as ``importer`` would."""
    with db.begin() as conn:
        return store.save_imported(conn, workspace_key=WS, records=records,
                                   families=families or {}, by="importer")
