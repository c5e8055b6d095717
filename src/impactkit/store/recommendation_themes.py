"""The source's own theme labels on the recommendations a workspace sees (its State's), with
how many recommendations carry each: the choices of the list's theme filter."""

from __future__ import annotations

import sqlalchemy as sa

from impactkit.store.recommendations import TAGS
from impactkit.store.schema import recommendation_tags, recommendations
from impactkit.store.workspaces import state_id

THEME = TAGS["themes"]
"""The kind under which themes are stored in ``recommendation_tags``."""


def theme_counts(conn: sa.Connection, *, workspace_key: str) -> list[tuple[str, int]]:
    """Every theme of the workspace's recommendations and how many carry it, in
    alphabetical order (case-folded)."""
    rows = conn.execute(
        sa.select(recommendation_tags.c.code, sa.func.count(sa.distinct(
            recommendation_tags.c.owner_id)))
        .join(recommendations, recommendations.c.id == recommendation_tags.c.owner_id)
        .where(recommendations.c.jurisdiction_id == state_id(conn, workspace_key),
               recommendation_tags.c.kind == THEME)
        .group_by(recommendation_tags.c.code))
    return sorted(((str(code), int(count)) for code, count in rows),
                  key=lambda item: (item[0].casefold(), item[0]))
