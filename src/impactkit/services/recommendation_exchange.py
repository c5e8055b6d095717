"""Recommendations out of IMPACT: a CSV, XLSX or JSON file per workspace (open data).

CSV and XLSX hold one row per recommendation with lists ``|``-separated (text that a
spreadsheet would run as a formula is written with a leading apostrophe) (the OHCHR layout's
convention, so the file reads back with ``impact recs import --format generic``), the
reiteration family, the latest status per source and the keys of the actions answering it.
JSON holds everything, including each status history and the actions themselves.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from impactkit.errors import UsageError
from impactkit.exchange.formulas import neutralise
from impactkit.plain import record_json as as_json
from impactkit.recommendations.model import Recommendation, StatusAssessment
from impactkit.services.accounts import Principal, require_read
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as store
from impactkit.store.db import Database

LIST_FIELDS = ("recommending", "provisions", "clusters", "sectors", "groups", "forms", "sdgs",
               "themes", "affected_persons", "summary", "findings")
COLUMNS = ("key", "mechanism", "document_symbol", "paragraph", "cycle", "session", "date",
           "position", "language", "text", *LIST_FIELDS, "family", "actions",
           "latest_status")


def export_file(db: Database, principal: Principal, *, workspace_key: str, path: Path) -> int:
    """Write the State's recommendations to ``path`` (by its suffix); returns how many."""
    require_read(db, principal, workspace_key)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".json"):
        raise UsageError(f"{path}: export to a .csv, .xlsx or .json file")
    with db.connect() as conn:
        recs = store.load_recommendations(conn, workspace_key=workspace_key)
        actions = tracking.load_actions(conn, workspace_key=workspace_key)
        history = {r.key: tracking.status_history(conn, workspace_key=workspace_key,
                                                   recommendation=r.key) for r in recs}
    answering: dict[str, list[str]] = {}
    for action in actions:
        for key in action.recommendations:
            answering.setdefault(key, []).append(action.key)
    if suffix == ".json":
        path.write_text(json.dumps({
            "workspace": workspace_key,
            "recommendations": [{**(as_json(r) or {}), "status": [as_json(s) for s in
                                                                 history[r.key]]}
                                for r in recs],
            "actions": [as_json(a) for a in actions]}, indent=2, ensure_ascii=False),
            encoding="utf-8")
        return len(recs)
    rows = [{name: neutralise(value) for name, value in
             row(r, answering.get(r.key, []), history[r.key]).items()} for r in recs]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("recommendations")
        sheet.append(list(COLUMNS))
        for values in rows:
            sheet.append([values[c] for c in COLUMNS])
        book.save(path)
    return len(recs)


def row(rec: Recommendation, actions: list[str], history: list[StatusAssessment]
        ) -> dict[str, Any]:
    latest: dict[str, StatusAssessment] = {}
    for item in history:  # oldest first: the last one per source wins
        latest[str(item.source)] = item
    return {
        "key": rec.key, "mechanism": str(rec.mechanism),
        "document_symbol": rec.document_symbol, "paragraph": rec.paragraph,
        "cycle": rec.cycle, "session": rec.session,
        "date": rec.date.isoformat() if rec.date else "",
        "position": str(rec.position) if rec.position else "", "language": rec.language,
        "text": rec.text, **{name: "|".join(getattr(rec, name)) for name in LIST_FIELDS},
        "family": rec.family, "actions": "|".join(actions),
        "latest_status": "|".join(f"{source}={item.status}@{item.assessed_on.isoformat()}"
                                  for source, item in sorted(latest.items())),
    }
