"""Multi-valued codes of a record (a finding's provisions, sectors...) as ordered tag rows.

Each domain class maps tuple attributes to tag kinds here, in one place, so that saving and
loading cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

FINDING_TAGS: Mapping[str, str] = {
    "provisions": "provision", "clusters": "cluster", "sectors": "sector", "groups": "group",
    "forms": "form", "exclusion_criteria": "exclusion", "tension_sectors": "tension-sector",
    "tension_instruments": "tension-instrument",
}
INSTRUMENT_TAGS: Mapping[str, str] = {"provisions": "provision", "sectors": "sector"}
MANDATE_TAGS: Mapping[str, str] = {
    "provisions": "provision", "forms": "form", "groups": "group", "functions": "function",
    "levels": "level", "age_bands": "age-band",
}


def tag_rows(owner_id: int, record: Any, mapping: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {"owner_id": owner_id, "kind": kind, "position": position, "code": code}
        for attribute, kind in mapping.items()
        for position, code in enumerate(getattr(record, attribute))
    ]


def insert_tags(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert tag rows with the driver's ``executemany``. A tag row holds two integers and
    two texts, which need none of SQLAlchemy's per-row conversion; an import of a hundred
    thousand findings writes half a million of them, and that conversion cost more than
    the writing."""
    if not rows:
        return
    compiled = table.insert().compile(dialect=conn.dialect, column_keys=list(_TAG_COLUMNS))
    if compiled.positional:
        order = itemgetter(*(compiled.positiontup or ()))
        conn.exec_driver_sql(str(compiled), [order(row) for row in rows])
    else:
        conn.exec_driver_sql(str(compiled), list(rows))


_TAG_COLUMNS = ("owner_id", "kind", "position", "code")


def load_tags(
    conn: sa.Connection, table: sa.Table, owner_ids: Iterable[int] | sa.Select[Any],
    mapping: Mapping[str, str],
) -> dict[int, dict[str, tuple[str, ...]]]:
    """owner id -> attribute -> ordered codes, for every attribute in ``mapping``."""
    attribute_of = {kind: attribute for attribute, kind in mapping.items()}
    query = (sa.select(table.c.owner_id, table.c.kind, table.c.code)
             .where(table.c.owner_id.in_(owner_ids if isinstance(owner_ids, sa.Select)
                                         else list(owner_ids)))
             .order_by(table.c.owner_id, table.c.kind, table.c.position))
    # All rows at once, in order: a page of fifty findings has some three hundred tags,
    # and fetching them one by one cost more than the query. Rows arrive grouped by owner
    # and kind, so each run of codes becomes one tuple (a workspace of 100,000 findings has
    # half a million tags: no per-tag dictionary work).
    found: dict[int, dict[str, tuple[str, ...]]] = {}
    for (owner_id, kind), run in groupby(conn.execute(query), key=itemgetter(0, 1)):
        attribute = attribute_of.get(kind)
        if attribute is not None:
            found.setdefault(owner_id, {})[attribute] = tuple(code for _, _, code in run)
    return found


def delete_tags(conn: sa.Connection, table: sa.Table, owner_id: int) -> None:
    conn.execute(table.delete().where(table.c.owner_id == owner_id))
