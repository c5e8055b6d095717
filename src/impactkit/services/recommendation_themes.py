"""The themes the source gave the recommendations made to a workspace's State: offered as
the choices of the list's theme filter (with how many recommendations carry each), and
turned into a search filter."""

from __future__ import annotations

from collections.abc import Mapping

from impactkit.services.accounts import Principal, require_read
from impactkit.store import recommendation_themes as store
from impactkit.store.db import Database
from impactkit.store.recommendation_search import SearchFilters


def theme_choices(db: Database, principal: Principal, *, workspace_key: str
                  ) -> list[tuple[str, int]]:
    """(theme, number of recommendations) for every theme of the workspace, alphabetical."""
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return store.theme_counts(conn, workspace_key=workspace_key)


def search_filters(values: Mapping[str, str | None]) -> SearchFilters:
    """The search's filters from a list request's (``theme`` names one of the source's
    themes; it combines with every other filter, a tag filter included)."""
    return SearchFilters(**{name: value for name, value in values.items() if value})
