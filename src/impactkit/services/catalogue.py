"""The catalogue as a user reaches it: stored in the database, with full texts merged in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from impactkit.catalogue.loader import load_default_catalogue, validate_catalogue
from impactkit.catalogue.schema import Catalogue
from impactkit.catalogue.texts import read_treaty_texts, with_texts
from impactkit.errors import Problem
from impactkit.services.accounts import Principal, require_site_admin
from impactkit.store import catalogues as store
from impactkit.store.db import Database
from impactkit.store.editing import catalogue_stamp
from impactkit.store.indicator_panel import definitions_stamp, load_definitions


def stored_catalogue(db: Database, *, key: str = "impact-default") -> Catalogue:
    """The catalogue as stored, with every full text loaded so far and the indicators
    people defined in this database after its own (``impact indicators define``): records,
    imports and analyses then accept them like the catalogue's."""
    db.require_current()
    with db.connect() as conn:
        catalogue = store.get_catalogue(conn, key=key)
        texts = store.texts_for(conn, catalogue_key=key)
        defined = [d.indicator for d in load_definitions(conn)]
    if texts:
        catalogue = with_texts(catalogue, texts)
    own = {i.code for i in catalogue.indicators}
    extra = [i for i in defined if i.code not in own]
    if extra:
        catalogue = catalogue.model_copy(update={"indicators": [*catalogue.indicators, *extra]})
    return catalogue


_CATALOGUES: dict[tuple[str, str], tuple[object, Catalogue]] = {}


def workspace_catalogue(db: Database, workspace_key: str) -> Catalogue:
    """The stored catalogue of a workspace, parsed once per change of the stored copy (when
    it was loaded and its newest full text, which every process reads from the database),
    and then the very same object: pages need it on every view, and an analysis too."""
    with db.connect() as conn:
        catalogue_key, loaded_at, texts = catalogue_stamp(conn, workspace_key=workspace_key)
        defined = definitions_stamp(conn)
    stamp = (loaded_at, texts, defined)
    cached = _CATALOGUES.get((db.url, catalogue_key))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    catalogue = stored_catalogue(db, key=catalogue_key)
    if len(_CATALOGUES) >= 16:  # a few databases and catalogues at most, in one process
        _CATALOGUES.clear()
    _CATALOGUES[(db.url, catalogue_key)] = (stamp, catalogue)
    return catalogue


def catalogue_for_display(db: Database | None, *, key: str = "impact-default") -> Catalogue:
    """The stored catalogue when a database is initialised, else the built-in default (so
    ``catalogue show`` works before ``init``)."""
    if db is not None and db.exists() and db.is_current():
        return stored_catalogue(db, key=key)
    return load_default_catalogue()


@dataclass(frozen=True, slots=True)
class TextsReport:
    catalogue_key: str
    loaded: int
    per_instrument: dict[str, int]
    unmatched: list[str]


def load_texts(db: Database, principal: Principal, *, path: Path,
               catalogue_key: str = "impact-default") -> TextsReport:
    """Read full provision texts from a treaty JSON file and store them, all or nothing
    (site administrators only: a catalogue is shared by every workspace)."""
    require_site_admin(principal, to="change a catalogue")
    user = principal.name
    db.require_current()
    with db.begin() as conn:
        catalogue = store.get_catalogue(conn, key=catalogue_key)
        texts = read_treaty_texts(path, catalogue)
        loaded = store.save_texts(conn, catalogue_key=catalogue_key, texts=texts.texts,
                                  source=path.name, user=user)
    return TextsReport(catalogue_key=catalogue_key, loaded=loaded,
                       per_instrument=dict(texts.instruments), unmatched=list(texts.unmatched))


def validate_framework_file(path: Path) -> list[Problem]:
    return validate_catalogue(path)
