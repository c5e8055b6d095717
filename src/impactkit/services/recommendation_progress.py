"""The progress of a State's recommendations, for the progress page and its JSON twin: the
tallies of :mod:`impactkit.recommendations.progress` over what the store holds, and the
recommendations behind one number (readers may see them)."""

from __future__ import annotations

from collections.abc import Collection

from impactkit.recommendations.model import Recommendation
from impactkit.recommendations.progress import Progress, tally
from impactkit.services.accounts import Principal, require_read
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as store
from impactkit.store.db import Database


def progress(db: Database, principal: Principal, *, workspace_key: str) -> Progress:
    """Every recommendation of the workspace's State counted by cluster, mechanism,
    responsible actor and latest status per source (three queries, read at once)."""
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        recs = store.load_recommendations(conn, workspace_key=workspace_key)
        actions = tracking.load_actions(conn, workspace_key=workspace_key)
        histories = tracking.status_histories(conn, workspace_key=workspace_key)
    return tally(recs, actions, histories)


def recommendations_with(db: Database, principal: Principal, *, workspace_key: str,
                         keys: Collection[str]) -> list[Recommendation]:
    """Exactly the recommendations of the workspace's State with ``keys`` (those that exist),
    in the natural order of their keys, in one query however many the State has."""
    require_read(db, principal, workspace_key)
    if not keys:
        return []
    with db.connect() as conn:
        return store.load_recommendations(conn, workspace_key=workspace_key, keys=keys)
