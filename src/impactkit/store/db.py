"""Opening databases and migrating them to the current schema.

A :class:`Database` wraps one SQLAlchemy engine. SQLite gets foreign keys switched on (off by
default in SQLite, and the store relies on cascades) and WAL journaling so readers never block
the writer. Migrations are Alembic's, run programmatically so users never need alembic.ini.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

from impactkit.errors import ConflictError, DatabaseBusy, ImpactError, MissingExtraError

if TYPE_CHECKING:  # Alembic loads only to migrate: every command would pay for it otherwise
    from alembic.config import Config

SCHEMA_HEAD = "0012"
"""The newest migration in ``store/migrations/versions``: a database at another revision is
refused until ``impact init`` upgrades it. Kept here so that checking a database needs no
Alembic (which reads and compiles every migration script); a test holds it equal to
Alembic's own head, so a new migration cannot be added without moving it."""

Connection = sa.Connection
"""The handle of one transaction (from :meth:`Database.begin`), as services pass it on to the
store's functions inside a unit of work: services name this type, never SQLAlchemy."""

T = TypeVar("T")

KEYS_PER_QUERY = 900
"""Values bound in one ``IN (...)`` list: under the 999 bound parameters of older SQLite."""


def batches(values: Sequence[T], size: int = KEYS_PER_QUERY) -> list[Sequence[T]]:
    """``values`` in slices of at most ``size``, for queries that name many keys or ids."""
    return [values[start:start + size] for start in range(0, len(values), size)]


SQLITE_BUSY_MS = 5000
"""How long a SQLite connection waits for the one write lock before giving up."""


class Database:
    """An engine plus the few operations every caller needs: transactions and migration.

    A server that cannot be reached, or a missing driver, is reported as an ImpactError
    naming the database (password hidden), never as a driver traceback."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        try:
            self.engine = create_engine(url, echo=echo)
            self._writers = threading.RLock()
        except ModuleNotFoundError as missing:
            if "psycopg" in str(missing):
                raise MissingExtraError("a PostgreSQL database", "postgres") from missing
            raise
        except sa.exc.ArgumentError as bad:
            raise ImpactError(f"the database URL is not one this tool understands ({bad}); "
                              "use e.g. postgresql+psycopg://user:password@host/db") from bad

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        """A connection inside one transaction: committed on success, rolled back on error.
        On SQLite, the process's threads take turns (see :meth:`_one_writer`)."""
        with self._reachable(), self._one_writer(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def begin_write(self) -> Iterator[sa.Connection]:
        """A transaction for work that reads what it is about to change (an import): what
        it reads inside is what it writes over, so it never overwrites a change it has not
        seen.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE``: it takes the database's
        one write lock before the first read (the driver would otherwise start it only at the
        first write, leaving the reads outside it), and other writers wait until it commits.
        On PostgreSQL it is an ordinary transaction in which the store reads the rows it may
        change with ``SELECT ... FOR UPDATE`` (see
        :func:`impactkit.store.recommendations.load_recommendations`); a concurrent edit then
        waits for the commit and, being based on the version from before, is refused by its
        own version check instead of being lost. Committed on success, rolled back on
        error, as :meth:`begin`.

        Rows are not locked before they exist: on PostgreSQL someone may still add a record
        under a key the work checked was free. The database's unique constraint then refuses
        one of the two writes, and that refusal is raised as :class:`ConflictError` (the
        work was checked, so a clash means a change made meanwhile): nothing is written, and
        running it again reports the clash by name."""
        try:
            with self._reachable(), self._one_writer(), self.engine.begin() as conn:
                if self.dialect == "sqlite":
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                yield conn
        except sa.exc.IntegrityError as clash:
            detail = str(clash.orig).strip().replace("\n", " ")
            raise ConflictError(
                "someone else saved a record that clashes with this one while it was being "
                f"written (the database says: {detail}); nothing was saved: run it again, and "
                "the clash will be reported by name.") from clash

    @contextmanager
    def begin_if_free(self, *, wait_ms: int = 100) -> Iterator[sa.Connection]:
        """A best-effort transaction, for writes nobody misses when they are skipped (a
        token's last-use stamp): it waits at most ``wait_ms`` for a lock (SQLite's write
        lock, which an import holds while it runs; on PostgreSQL a row or table lock) and
        then gives up quietly, rolled back, instead of making the request wait or fail."""
        with self._reachable(), self.engine.connect() as conn:
            sqlite = self.dialect == "sqlite"
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
                conn.commit()
            try:
                with conn.begin():
                    if not sqlite:
                        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_ms)}")
                    yield conn
            except sa.exc.OperationalError as failed:
                busy = ("database is locked" in str(failed.orig).lower()
                        or getattr(failed.orig, "sqlstate", None) == "55P03")
                if not busy:
                    raise
            finally:
                if sqlite:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
                    conn.commit()

    @contextmanager
    def _one_writer(self) -> Iterator[None]:
        """On SQLite, one write transaction of this process at a time, the others queued.

        SQLite has one write lock per database, and a connection that finds it taken polls
        for it, sleeping longer between tries (up to 100 ms) until the busy timeout: under
        twenty clients writing, a write waited over a second for a lock released long
        before. Threads of one process instead queue on this lock and go on the moment it
        is released; only other processes (a CLI import, a second worker) are met by
        SQLite's polling. Re-entrant, so a transaction opened inside another by the same
        thread behaves as it always did; waiting is bounded by the same busy timeout, past
        which the caller gets :class:`DatabaseBusy` as it would from SQLite. Nothing on
        PostgreSQL, whose writers lock rows, not the database."""
        if self.dialect != "sqlite":
            yield
            return
        if not self._writers.acquire(timeout=SQLITE_BUSY_MS / 1000):
            raise DatabaseBusy(self.safe_url())
        try:
            yield
        finally:
            self._writers.release()

    @contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        """A connection for reading. Each statement sees the data committed when it starts,
        as in a transaction at the default READ COMMITTED level, but on PostgreSQL without
        one: no ``BEGIN`` before the first statement and no ``ROLLBACK`` when the
        connection goes back to the pool, two round trips that a page's few reads would
        otherwise pay for each connection. Writes belong in :meth:`begin`."""
        with self._reachable(), self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """Turn 'cannot connect' into a message that names the database, and a write lock
        held past SQLite's busy timeout (``PRAGMA busy_timeout`` below: an import holds the
        one write lock while it runs) into :class:`DatabaseBusy`, which the web answers with
        503 and ``Retry-After`` instead of a 500."""
        try:
            yield
        except sa.exc.OperationalError as failed:
            if "database is locked" in str(failed.orig).lower():
                raise DatabaseBusy(self.safe_url()) from failed
            if failed.connection_invalidated or "connect" in str(failed.orig).lower():
                raise ImpactError(f"cannot connect to the database at {self.safe_url()}: "
                                  f"{str(failed.orig).strip()}") from failed
            raise

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        from alembic import command

        with self._reachable(), self.engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def exists(self) -> bool:
        """False for a SQLite file not created yet (connecting would create it)."""
        if self.dialect != "sqlite":
            return True
        path = self.engine.url.database
        return not path or path == ":memory:" or Path(path).exists()

    def current_revision(self) -> str | None:
        """The revision Alembic recorded in the database (None before ``impact init``)."""
        with self.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
            return next(iter(found), None)

    def is_current(self) -> bool:
        return self.current_revision() == SCHEMA_HEAD

    def require_current(self) -> None:
        """Refuse to work on a database that 'impact init' has not prepared (without
        creating an empty SQLite file on the way)."""
        if not self.exists() or not self.is_current():
            raise ImpactError(
                f"the database at {self.safe_url()} is not initialised or is older than this "
                "version of IMPACT: run 'impact init' first"
            )

    def safe_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


POOL_SIZE = 20
"""Connections kept open per process. The web app serves up to this many requests at once
without opening a connection for any: past the pool, SQLAlchemy opens overflow connections
and closes them after one use, which costs a PostgreSQL backend each time (and on SQLite
the pragmas below), exactly when the server is busiest."""
POOL_OVERFLOW = 20
"""Connections opened beyond the pool under a peak, closed after use."""


def create_engine(url: str, *, echo: bool = False) -> sa.Engine:
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if not _in_memory(url):  # an in-memory SQLite database lives in one connection
        kwargs |= {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _in_memory(url: str) -> bool:
    parsed = sa.make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("impactkit.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config
