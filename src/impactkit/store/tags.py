"""Multi-valued codes of a record (a finding's provisions, sectors...) as ordered tag rows.

Each domain class maps tuple attributes to tag kinds here, in one place, so that saving and
loading cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
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
}


def tag_rows(owner_id: int, record: Any, mapping: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {"owner_id": owner_id, "kind": kind, "position": position, "code": code}
        for attribute, kind in mapping.items()
        for position, code in enumerate(getattr(record, attribute))
    ]


def insert_tags(conn: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), list(rows))


def load_tags(
    conn: sa.Connection, table: sa.Table, owner_ids: Iterable[int] | sa.Select[Any],
    mapping: Mapping[str, str],
) -> dict[int, dict[str, tuple[str, ...]]]:
    """owner id -> attribute -> ordered codes, for every attribute in ``mapping``."""
    attribute_of = {kind: attribute for attribute, kind in mapping.items()}
    collected: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    query = (sa.select(table.c.owner_id, table.c.kind, table.c.code)
             .where(table.c.owner_id.in_(owner_ids if isinstance(owner_ids, sa.Select)
                                         else list(owner_ids)))
             .order_by(table.c.owner_id, table.c.kind, table.c.position))
    # All rows at once, in order: a page of fifty findings has some three hundred tags,
    # and fetching them one by one cost more than the query.
    for owner_id, kind, code in conn.execute(query).all():
        attribute = attribute_of.get(kind)
        if attribute is not None:
            collected[owner_id][attribute].append(code)
    return {owner_id: {attr: tuple(codes) for attr, codes in by.items()}
            for owner_id, by in collected.items()}


def delete_tags(conn: sa.Connection, table: sa.Table, owner_id: int) -> None:
    conn.execute(table.delete().where(table.c.owner_id == owner_id))
