"""Catalogues stored in a database, so every workspace is read against the exact methodology
it was assessed with, plus the full provision texts loaded from treaty files."""

from __future__ import annotations

import sqlalchemy as sa

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import NotFoundError
from impactkit.store import audit
from impactkit.store.schema import catalogues, provision_texts


def save_catalogue(conn: sa.Connection, *, catalogue: Catalogue, user: str) -> bool:
    """Store (or replace) a catalogue by key. Texts are kept apart, so replacing the
    framework never drops texts already loaded. Returns True if anything changed."""
    document = catalogue.model_dump(mode="json", exclude_none=True)
    row = conn.execute(sa.select(catalogues.c.document, catalogues.c.version)
                       .where(catalogues.c.key == catalogue.key)).one_or_none()
    if row is not None and row.document == document:
        return False
    values = {"version": catalogue.version, "title": catalogue.title, "document": document,
              "loaded_at": audit.now()}
    if row is None:
        conn.execute(catalogues.insert().values(key=catalogue.key, **values))
    else:
        conn.execute(catalogues.update().where(catalogues.c.key == catalogue.key)
                     .values(**values))
    audit.record(conn, user=user, workspace_key=None, entity="catalogue",
                 action="create" if row is None else "update", record_key=catalogue.key,
                 before={"version": row.version} if row is not None else None,
                 after={"version": catalogue.version})
    return True


def get_catalogue(conn: sa.Connection, *, key: str) -> Catalogue:
    document = conn.execute(sa.select(catalogues.c.document)
                            .where(catalogues.c.key == key)).scalar_one_or_none()
    if document is None:
        raise NotFoundError(f"no catalogue '{key}' in this database: run 'impact init'")
    return Catalogue.model_validate(document)


def catalogue_keys(conn: sa.Connection) -> list[str]:
    return list(conn.execute(sa.select(catalogues.c.key).order_by(catalogues.c.key)).scalars())


def save_texts(conn: sa.Connection, *, catalogue_key: str, texts: dict[str, str], source: str,
               user: str) -> int:
    """Insert or replace full texts; returns how many provisions received a text."""
    if not texts:
        return 0
    conn.execute(provision_texts.delete().where(
        provision_texts.c.catalogue_key == catalogue_key,
        provision_texts.c.provision.in_(list(texts))))
    conn.execute(provision_texts.insert(), [
        {"catalogue_key": catalogue_key, "provision": code, "text": text, "source": source}
        for code, text in texts.items()])
    audit.record(conn, user=user, workspace_key=None, entity="provision-texts",
                 action="update", record_key=catalogue_key,
                 after={"source": source, "provisions": len(texts)},
                 summary=f"{len(texts)} provision texts from {source}")
    return len(texts)


def texts_for(conn: sa.Connection, *, catalogue_key: str) -> dict[str, str]:
    rows = conn.execute(sa.select(provision_texts.c.provision, provision_texts.c.text)
                        .where(provision_texts.c.catalogue_key == catalogue_key))
    return {str(code): str(text) for code, text in rows}
