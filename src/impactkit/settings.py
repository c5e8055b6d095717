"""One typed settings object, read from the environment (prefix ``IMPACT_``) and flags.

Safe defaults on a laptop: a SQLite file ``impact.db`` in the working directory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_FILE = "impact.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IMPACT_", extra="ignore")

    database_url: str | None = None
    """SQLAlchemy URL, e.g. ``postgresql+psycopg://user@host/db``. Default: SQLite file."""

    secret_key: str | None = None
    """Signs web sessions. Required in production; never shipped with a default."""

    environment: Literal["development", "production"] = "development"
    """``production`` refuses to start without a secret key and sends cookies over HTTPS
    only."""

    session_hours: int = 8
    """How long a web session lasts before the user must log in again."""

    analysis_refresh_seconds: float = Field(default=1.0, ge=0.0, le=60.0)
    """Under a stream of writes, rebuild a workspace's analysis for the web pages at most
    this often; views in between show the previous figures marked as being refreshed
    (0: rebuild after every change)."""

    def resolve_database_url(self, db_path: Path | None = None) -> str:
        """``--db PATH`` wins over ``IMPACT_DATABASE_URL``, which wins over ``./impact.db``."""
        if db_path is not None:
            return sqlite_url(db_path)
        if self.database_url:
            return self.database_url
        return sqlite_url(Path(DEFAULT_DATABASE_FILE))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.expanduser().resolve()}"
