"""Setting up a database: migrate it and load the catalogue every workspace is read against."""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.catalogue.schema import Catalogue
from impactkit.store.catalogues import save_catalogue
from impactkit.store.db import Database


@dataclass(frozen=True, slots=True)
class InitReport:
    database: str
    revision: str | None
    catalogue_key: str
    catalogue_version: str
    catalogue_changed: bool


def init_database(db: Database, *, user: str, catalogue: Catalogue | None = None) -> InitReport:
    """Migrate to the newest schema and store the catalogue (the default one unless given).
    Safe to run again: it only applies what is missing."""
    db.migrate()
    chosen = catalogue or load_default_catalogue()
    with db.begin() as conn:
        changed = save_catalogue(conn, catalogue=chosen, user=user)
    return InitReport(database=db.safe_url(), revision=db.current_revision(),
                      catalogue_key=chosen.key, catalogue_version=chosen.version,
                      catalogue_changed=changed)
