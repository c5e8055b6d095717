"""What every command needs: the database, the user to record in the audit trail, output."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

if TYPE_CHECKING:  # the store (SQLAlchemy) loads when a command first needs the database
    from impactkit.services.accounts import Principal
    from impactkit.store.db import Database


@dataclass
class CliState:
    db_path: Path | None = None
    debug: bool = False
    user: str | None = None
    console: Console = field(default_factory=Console)
    _database: Database | None = None

    def database(self) -> Database:
        if self._database is None:
            from impactkit.settings import Settings
            from impactkit.store.db import Database

            self._database = Database(Settings().resolve_database_url(self.db_path))
        return self._database

    def close(self) -> None:
        """Release database connections (SQLite files stay unlocked for the next command)."""
        if self._database is not None:
            self._database.dispose()
            self._database = None

    def principal(self) -> Principal:
        """Who the command acts as: the operator, with full rights, recorded under
        :meth:`who` (see :func:`impactkit.services.accounts.operator`)."""
        from impactkit.services.accounts import operator

        return operator(self.who())

    def who(self) -> str:
        """The name the audit trail records: --user, IMPACT_USER, or the login name."""
        if self.user:
            return self.user
        if os.environ.get("IMPACT_USER"):
            return os.environ["IMPACT_USER"]
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def print_json(payload: Any) -> None:
    """Stable JSON on stdout, indented by two spaces: no Rich markup processing, no colour,
    UTF-8 kept. Written by orjson: the analysis of a million findings is 250 MB of JSON,
    which the standard library's indenting encoder (pure Python) took seconds to write."""
    import orjson

    typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
                                       | orjson.OPT_SERIALIZE_NUMPY))
