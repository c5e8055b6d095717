"""Recommendations made to a State: saving imports idempotently, loading, editing one.

They belong to the workspace's jurisdiction and are shared by all its workspaces (cycles):
every function here takes the workspace a person works in and acts on its State's
recommendations, so an import into any cycle merges into the same records (see
:func:`impactkit.store.workspaces.state_id`); the audit names the workspace it was done from.

An import is merged into what is stored, keyed by the recommendation's stable key: a
recommendation not yet stored is added; one stored with the same source fields (text,
mechanism, symbol, paragraph, cycle, session, date, recommending, position, language, the
source's themes, SDGs and groups of persons) is left alone; one whose source fields changed is
updated. Tags (provisions, clusters, sectors, groups, forms, summary tags, links to findings)
are taken from the file when a recommendation is first imported; after that they are
people's, and no import adds or removes one. So importing the same file twice changes
nothing, and re-importing never undoes anyone's work.
Every addition and update is audited, in the caller's transaction.

An import must run in :meth:`Database.begin_write <impactkit.store.db.Database.begin_write>`:
it reads the stored recommendations inside that write transaction, locked against writers
(``FOR UPDATE`` on PostgreSQL, the database's write lock on SQLite), so nobody can change one
between the read and the write. Each update is conditional on the version read as well, as
every edit is: a row changed since it was read is never overwritten; the whole import is
refused with :class:`ConflictError` (nothing is written) and can simply be run again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from impactkit.errors import ConflictError, ImportRejected, NotFoundError, Problem
from impactkit.recommendations.languages import search_terms
from impactkit.recommendations.model import Mechanism, Position, Recommendation, natural_key
from impactkit.store import audit
from impactkit.store.schema import recommendation_tags, recommendations
from impactkit.store.tags import delete_tags, insert_tags, load_tags, tag_rows
from impactkit.store.workspaces import cycle_end, delete_state_records, lock_state, state_id

ENTITY = "recommendation"

TAGS: Mapping[str, str] = {
    "recommending": "recommending", "provisions": "provision", "clusters": "cluster",
    "sectors": "sector", "groups": "group", "forms": "form", "sdgs": "sdg", "themes": "theme",
    "affected_persons": "persons", "summary": "summary", "findings": "finding",
}
"""Attribute of :class:`Recommendation` -> tag kind in ``recommendation_tags``."""

SOURCE_FIELDS = ("mechanism", "text", "document_symbol", "paragraph", "cycle", "session",
                 "date", "recommending", "position", "language", "themes", "sdgs",
                 "affected_persons")
"""What a file says about a recommendation; an import updates these."""

PEOPLE_TAGS = ("provisions", "clusters", "sectors", "groups", "forms", "summary", "findings")
"""Tags people decide; an import only adds to them."""

_COLUMNS = ("key", "mechanism", "text", "document_symbol", "paragraph", "cycle", "session",
            "date", "position", "language", "family", "version")


@dataclass(frozen=True)
class SaveSummary:
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


# --- reading ---------------------------------------------------------------------------------
def _select() -> sa.Select[Any]:
    return sa.select(recommendations.c.id, *(recommendations.c[c] for c in _COLUMNS))


def from_rows(conn: sa.Connection, rows: Sequence[Any]) -> list[Recommendation]:
    """Domain objects from selected rows, with their tags (one query for all of them)."""
    tags = load_tags(conn, recommendation_tags, [r.id for r in rows], TAGS) if rows else {}
    return [_from_row(row, tags.get(row.id, {})) for row in rows]


def _from_row(row: Any, tags: Mapping[str, tuple[str, ...]]) -> Recommendation:
    return Recommendation(
        key=row.key, mechanism=Mechanism(row.mechanism), text=row.text,
        document_symbol=row.document_symbol, paragraph=row.paragraph, cycle=row.cycle,
        session=row.session, date=row.date,
        position=Position(row.position) if row.position else None, language=row.language,
        family=row.family, version=row.version, **{a: tags.get(a, ()) for a in TAGS})


def load_recommendations(conn: sa.Connection, *, workspace_key: str,
                         keys: Iterable[str] | None = None,
                         for_update: bool = False, up_to_cycle: bool = False
                         ) -> list[Recommendation]:
    """Every recommendation made to the workspace's State (or those with ``keys``), in the
    natural order of their keys (121.2 before 121.10). ``up_to_cycle`` keeps those made up to
    the end of the workspace's year (a recommendation without a date is kept): what that
    cycle's analysis and reports see.

    ``for_update`` is for a caller about to change them (an import, in
    :meth:`~impactkit.store.db.Database.begin_write`): on PostgreSQL the workspace and the
    rows read are locked against edits until the transaction ends (a second import into
    the workspace waits for the first, so it sees what the first added; an edit waits, then
    meets the new version); on SQLite the transaction's write lock already does this."""
    state = lock_state(conn, workspace_key) if for_update else state_id(conn, workspace_key)
    query = _select().where(recommendations.c.jurisdiction_id == state)
    end = cycle_end(conn, workspace_key) if up_to_cycle else None
    if end is not None:
        query = query.where(sa.or_(recommendations.c.date.is_(None),
                                   recommendations.c.date <= end))
    if keys is not None:
        query = query.where(recommendations.c.key.in_(list(keys)))
    if for_update:
        # FOR NO KEY UPDATE: edits and deletions wait; status assessments, suggestions and
        # actions pointing at these rows can still be added meanwhile
        query = query.with_for_update(of=recommendations, key_share=True)
    return from_rows(conn, list(conn.execute(query.order_by(recommendations.c.sort_key))))


def get_recommendation(conn: sa.Connection, *, workspace_key: str, key: str
                       ) -> Recommendation:
    found = load_recommendations(conn, workspace_key=workspace_key, keys=[key])
    if not found:
        raise NotFoundError(f"workspace '{workspace_key}' has no recommendation '{key}'")
    return found[0]


def record_id(conn: sa.Connection, *, workspace_key: str, key: str) -> int:
    found = conn.execute(sa.select(recommendations.c.id).where(
        recommendations.c.jurisdiction_id == state_id(conn, workspace_key),
        recommendations.c.key == key)).scalar_one_or_none()
    if found is None:
        raise NotFoundError(f"workspace '{workspace_key}' has no recommendation '{key}'")
    return int(found)


# --- writing ---------------------------------------------------------------------------------
def save_imported(conn: sa.Connection, *, workspace_key: str,
                  records: Sequence[Recommendation], families: Mapping[str, str], by: str,
                  summary: str = "import") -> SaveSummary:
    """Merge imported recommendations into the workspace (see the module doc). ``families``
    maps every key of the workspace after the import to its reiteration family."""
    stored = {r.key: r for r in load_recommendations(conn, workspace_key=workspace_key,
                                                     for_update=True)}
    state = state_id(conn, workspace_key)
    clashes = [Problem(
        f"recommendation '{r.key}' is stored from document {stored[r.key].document_symbol!r}; "
        f"this file gives it as {r.document_symbol!r}: two documents cannot share a key "
        "(give the rows their own keys)", field="key")
        for r in records if r.key in stored and r.document_symbol
        and stored[r.key].document_symbol and r.document_symbol != stored[r.key].document_symbol]
    if clashes:
        raise ImportRejected(clashes, summary=f"{summary}: {len(clashes)} key(s) already used "
                             "by another document; nothing was imported")
    added: list[Recommendation] = []
    changed: list[tuple[Recommendation, Recommendation]] = []
    for record in records:
        old = stored.get(record.key)
        merged = _merged(old, record)
        merged.family = families.get(record.key, merged.family or record.key)
        if old is None:
            added.append(merged)
        elif _differs(old, merged):
            merged.version = old.version + 1
            changed.append((old, merged))
    _insert(conn, state, added)
    for old, new in changed:
        if not _update_row(conn, state, new, expected_version=old.version):
            raise _changed_during_import(conn, state, new.key, old.version, summary)
        audit.record(conn, user=by, workspace_key=workspace_key, entity=ENTITY,
                     action="update", record_key=new.key, before=old, after=new,
                     summary=summary)
    audit.record_many(conn, user=by, workspace_key=workspace_key, entity=ENTITY,
                      action="create", records=added, summary=summary)
    _refamily(conn, state, workspace_key, stored, families, {r.key for r in records}, by,
              summary)
    return SaveSummary(added=len(added), updated=len(changed),
                       unchanged=len(records) - len(added) - len(changed))


def _merged(old: Recommendation | None, new: Recommendation) -> Recommendation:
    """A new recommendation is taken as the file gives it, tags included. A stored one gets
    the file's source fields; its tags stay as people left them (a tag the file carries and
    a person removed is not put back)."""
    if old is None:
        return dataclasses.replace(new)
    values = {name: getattr(new, name) for name in SOURCE_FIELDS}
    if new.date is None:  # a file that gives no date leaves the one people recorded
        values["date"] = old.date
    return dataclasses.replace(old, **values)


def _differs(old: Recommendation, new: Recommendation) -> bool:
    return any(getattr(old, f.name) != getattr(new, f.name)
               for f in dataclasses.fields(Recommendation) if f.name != "version")


def _row_values(record: Recommendation) -> dict[str, Any]:
    return {"key": record.key, "mechanism": str(record.mechanism), "text": record.text,
            "document_symbol": record.document_symbol, "paragraph": record.paragraph,
            "cycle": record.cycle, "session": record.session, "date": record.date,
            "position": str(record.position) if record.position else None,
            "language": record.language, "family": record.family or record.key,
            "version": record.version, "sort_key": natural_key(record.key),
            "search_terms": search_terms(record.text, record.language)}


def _insert(conn: sa.Connection, state: int, records: Sequence[Recommendation]) -> None:
    if not records:
        return
    conn.execute(recommendations.insert(), [{"jurisdiction_id": state, **_row_values(r)}
                                            for r in records])
    ids = dict(conn.execute(sa.select(recommendations.c.key, recommendations.c.id).where(
        recommendations.c.jurisdiction_id == state)).all())
    insert_tags(conn, recommendation_tags,
                [row for r in records for row in tag_rows(ids[r.key], r, TAGS)])


def _update_row(conn: sa.Connection, state: int, record: Recommendation,
                expected_version: int | None = None) -> bool:
    """Write the row and its tags; with ``expected_version``, only if the stored row is
    still at it (False when it is not: nothing written)."""
    condition = [recommendations.c.jurisdiction_id == state, recommendations.c.key == record.key]
    if expected_version is not None:
        condition.append(recommendations.c.version == expected_version)
    owner = conn.execute(recommendations.update().where(*condition)
                         .values(**_row_values(record)).returning(recommendations.c.id)
                         ).scalar_one_or_none()
    if owner is None:
        return False
    delete_tags(conn, recommendation_tags, owner)
    insert_tags(conn, recommendation_tags, tag_rows(owner, record, TAGS))
    return True


def _refamily(conn: sa.Connection, state: int, workspace_key: str,
              stored: Mapping[str, Recommendation], families: Mapping[str, str],
              imported: set[str], by: str, summary: str) -> None:
    """Stored recommendations not in the file may join a family because of the import
    (a new cycle reiterating an old recommendation): record their new family."""
    for key, old in stored.items():
        family = families.get(key)
        if key in imported or family is None or family == old.family:
            continue
        # a new family is a change like any other: a new version, so that an edit based on
        # the old one cannot put the old family back; and only over the version read
        result = conn.execute(recommendations.update().where(
            recommendations.c.jurisdiction_id == state, recommendations.c.key == key,
            recommendations.c.version == old.version)
            .values(family=family, version=old.version + 1))
        if result.rowcount != 1:
            raise _changed_during_import(conn, state, key, old.version, summary)
        audit.record(conn, user=by, workspace_key=workspace_key, entity=ENTITY,
                     action="update", record_key=key,
                     before={"family": old.family, "version": old.version},
                     after={"family": family, "version": old.version + 1},
                     summary="reiteration family")


def _changed_during_import(conn: sa.Connection, state: int, key: str, read_version: int,
                           summary: str) -> ConflictError:
    """An import never overwrites a row changed since it read it; it is refused whole.

    Refusing (rather than keeping the import's values, or skipping that row) is what a user
    relying on the store can trust: nothing anyone saved is lost, and the file is either in
    the workspace entirely or not at all. Running the import again starts from the changed
    row, merged by the usual rule: the person's tags stay, the file's source fields apply.
    Inside :meth:`Database.begin_write <impactkit.store.db.Database.begin_write>` this cannot
    happen (the rows are locked when read); it guards any other caller."""
    now = conn.execute(sa.select(recommendations.c.version).where(
        recommendations.c.jurisdiction_id == state, recommendations.c.key == key)
    ).scalar_one_or_none()
    if now is None:
        return ConflictError(
            f"{summary}: recommendation '{key}' was deleted by someone else while the import "
            f"was running (the import read version {read_version}); nothing was imported: "
            "run the import again.")
    return ConflictError(
        f"{summary}: recommendation '{key}' was changed by someone else while the import was "
        f"running (the import read version {read_version}, it is now version {now}); nothing "
        "was imported: run the import again, which starts from the changed recommendation.",
        current_version=now)


def update_recommendation(conn: sa.Connection, *, workspace_key: str, record: Recommendation,
                          expected_version: int, by: str, summary: str = "") -> Recommendation:
    """Save an edited recommendation if the stored one is still at ``expected_version``;
    otherwise nothing is written and :class:`ConflictError` carries the stored one."""
    current = get_recommendation(conn, workspace_key=workspace_key, key=record.key)
    if current.version != expected_version:
        raise _stale(record.key, current, expected_version)
    saved = dataclasses.replace(record, version=current.version + 1)
    # the version is checked again by the UPDATE itself: two saves read at once cannot
    # both pass (the second matches no row and is refused)
    if not _update_row(conn, state_id(conn, workspace_key), saved, expected_version):
        raise _stale(record.key, get_recommendation(conn, workspace_key=workspace_key,
                                                    key=record.key), expected_version)
    audit.record(conn, user=by, workspace_key=workspace_key, entity=ENTITY, action="update",
                 record_key=record.key, before=current, after=saved, summary=summary)
    return saved


def _stale(key: str, current: Recommendation, expected_version: int) -> ConflictError:
    return ConflictError(
        f"recommendation '{key}' was changed by someone else (now version "
        f"{current.version}, your edit was based on version {expected_version})",
        current_version=current.version, current=current)


def clear_state(conn: sa.Connection, *, workspace_key: str, by: str, summary: str) -> int:
    """Delete every recommendation made to the workspace's State, and the actions answering
    them (a rebuilt demo replaces its States' recommendations); audited as one change.
    Returns how many recommendations there were."""
    state = state_id(conn, workspace_key)
    count = conn.execute(sa.select(sa.func.count()).where(
        recommendations.c.jurisdiction_id == state)).scalar_one()
    delete_state_records(conn, state)
    audit.record(conn, user=by, workspace_key=workspace_key, entity=ENTITY, action="delete",
                 summary=summary, before={"recommendations": int(count)})
    return int(count)
