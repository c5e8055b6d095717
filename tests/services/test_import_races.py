"""An import that runs while people edit never loses an accepted edit (SQLite and
PostgreSQL).

The probe of issue 9: while ``impact recs import`` re-imported revised recommendations, API
clients tagging them with the right version lost accepted edits, and versions went
backwards, because the import updated rows it had read earlier without a version check. Here
the edit is made deterministically in that window: a hook in the import, after it has read the
stored recommendations and before it writes the first one (when it merges the file into the
first stored recommendation), runs an edit through the service layer in another thread and
gives it the time to go through if nothing holds it up.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from impactkit.errors import ConflictError
from impactkit.recommendations.model import Recommendation
from impactkit.services import recommendations as service
from impactkit.store import audit
from impactkit.store import recommendations as store
from impactkit.store.db import Database
from tests.services.test_recommendations import MAPPING, ME, ROWS, WS, write_csv
from tests.services.test_recommendations import workspace as workspace

EDITED = "upr-4-2"


def revised(tmp_path: Path) -> Path:
    """The same recommendations, every text revised: a re-import updates each of them."""
    return write_csv(tmp_path / "revised.csv",
                     [{**row, "text": row["text"].replace(".", " (revised).")} for row in ROWS])


class EditDuringImport:
    """Runs ``edit`` in a thread at the moment the import has read what is stored and not
    yet written; records whether it was accepted (and the version it saved) or refused."""

    def __init__(self, edit: Callable[[], Recommendation]) -> None:
        self.edit = edit
        self.saved: Recommendation | None = None
        self.refused: ConflictError | None = None
        self.thread: threading.Thread | None = None

    def _run(self) -> None:
        try:
            self.saved = self.edit()
        except ConflictError as refused:
            self.refused = refused

    def hook(self, merge: Callable[..., Any]) -> Callable[..., Any]:
        def between_read_and_write(*args: Any, **kwargs: Any) -> Any:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run)
                self.thread.start()
                # unhindered, the edit commits in milliseconds; an import that holds what it
                # read makes it wait until the import commits (not a timed assertion: either
                # way the checks below must hold)
                self.thread.join(timeout=1)
            return merge(*args, **kwargs)
        return between_read_and_write

    def finish(self) -> None:
        assert self.thread is not None, "the import never reached the hook"
        self.thread.join()


@pytest.fixture
def during_import(monkeypatch: pytest.MonkeyPatch, workspace: Database
                  ) -> Iterator[Callable[[Callable[[], Recommendation]], EditDuringImport]]:
    made: list[EditDuringImport] = []

    def arrange(edit: Callable[[], Recommendation]) -> EditDuringImport:
        race = EditDuringImport(edit)
        monkeypatch.setattr(store, "_merged", race.hook(store._merged))
        made.append(race)
        return race
    yield arrange
    for race in made:  # never leave a thread behind
        if race.thread is not None:
            race.thread.join()


def versions_in_audit(database: Database, key: str) -> list[int]:
    with database.connect() as conn:
        entries = audit.history(conn, workspace_key=WS, entity=store.ENTITY, record_key=key)
    return [int(e.after["version"]) for e in reversed(entries) if e.after]


def test_an_edit_saved_while_a_reimport_runs_is_never_lost(
        workspace: Database, tmp_path: Path,
        during_import: Callable[[Callable[[], Recommendation]], EditDuringImport]) -> None:
    read = service.get(workspace, ME, workspace_key=WS, key=EDITED)
    race = during_import(lambda: service.set_tags(
        workspace, ME, workspace_key=WS, key=EDITED, tags={"provisions": ("CRC-32",)},
        expected_version=read.version))
    report = service.import_file(workspace, ME, workspace_key=WS, path=revised(tmp_path),
                                 file_format="generic", mapping=MAPPING)
    race.finish()
    assert report.updated == len(ROWS)
    stored = service.get(workspace, ME, workspace_key=WS, key=EDITED)
    assert "(revised)" in stored.text  # the import is whole
    if race.saved is not None:  # accepted: it must still be there, under a later version
        assert stored.provisions == ("CRC-32",)
        assert stored.version > race.saved.version
    else:  # refused, as a stale edit is: it was based on the version before the import
        assert race.refused is not None and race.refused.current_version == stored.version
        assert stored.provisions == ()
    history = versions_in_audit(workspace, EDITED)
    assert history == sorted(set(history)), "versions went backwards or repeated"
    assert history[-1] == stored.version  # and every change is in the audit trail


def test_an_edit_based_on_what_the_import_read_is_kept(
        workspace: Database, tmp_path: Path,
        during_import: Callable[[Callable[[], Recommendation]], EditDuringImport]) -> None:
    """The client re-reads the recommendation in the window and saves with that version: the
    edit goes through (before the import writes, or after it with a fresh read)."""
    def reread_and_edit() -> Recommendation:
        while True:
            current = service.get(workspace, ME, workspace_key=WS, key=EDITED)
            try:
                return service.set_tags(workspace, ME, workspace_key=WS, key=EDITED,
                                        tags={"provisions": ("CRC-32",)},
                                        expected_version=current.version)
            except ConflictError:
                continue  # what a client does on 409: read again, apply again
    race = during_import(reread_and_edit)
    service.import_file(workspace, ME, workspace_key=WS, path=revised(tmp_path),
                        file_format="generic", mapping=MAPPING)
    race.finish()
    assert race.saved is not None
    stored = service.get(workspace, ME, workspace_key=WS, key=EDITED)
    assert stored.provisions == ("CRC-32",) and "(revised)" in stored.text
    assert stored.version >= race.saved.version
    history = versions_in_audit(workspace, EDITED)
    assert history == sorted(set(history)) and history[-1] == stored.version


def test_an_import_never_overwrites_a_row_changed_since_it_read_it(
        workspace: Database, tmp_path: Path) -> None:
    """The store's own guard, for a caller that reads without locking: the update is
    conditional on the version read, and the whole import is refused, writing nothing."""
    records = [dataclasses.replace(r, text=r.text + " (revised)") for r in _stored(workspace)]
    with workspace.begin() as conn:
        stale = store.load_recommendations(conn, workspace_key=WS)
    rec = service.get(workspace, ME, workspace_key=WS, key=EDITED)
    service.set_tags(workspace, ME, workspace_key=WS, key=EDITED,
                     tags={"provisions": ("CRC-32",)}, expected_version=rec.version)
    original = store.load_recommendations

    def stale_read(conn: Any, **kwargs: Any) -> list[Recommendation]:
        if kwargs.get("for_update"):
            return stale
        return original(conn, **kwargs)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "load_recommendations", stale_read)
        with pytest.raises(ConflictError, match=rf"'{EDITED}' was changed by someone else"), \
                workspace.begin() as conn:
            store.save_imported(conn, workspace_key=WS, records=records, families={},
                                by="tester", summary="import revised.csv")
    kept = service.get(workspace, ME, workspace_key=WS, key=EDITED)
    assert kept.provisions == ("CRC-32",) and kept.version == rec.version + 1
    assert all("(revised)" not in r.text for r in _stored(workspace))  # all or nothing


def _stored(database: Database) -> list[Recommendation]:
    with database.connect() as conn:
        return store.load_recommendations(conn, workspace_key=WS)

