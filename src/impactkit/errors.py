"""One exception hierarchy for the whole package.

Library code raises these; only the edges (CLI, web) turn them into messages, exit codes or
HTTP responses. Every problem a user can fix carries where it is (file, row, field) and what
would be accepted, so that the message itself says the fix.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with some input, located as precisely as the input allows.

    ``location`` is a file path (or another source name), ``row`` the row number a
    spreadsheet shows (the header is row 1) where the input is tabular, ``field`` a column
    name or a dotted path inside a structured document (``indicators[12].area``).
    """

    message: str
    location: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.location:
            where.append(self.location)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(self.field)
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def as_dict(self) -> dict[str, object]:
        return {"location": self.location, "row": self.row, "field": self.field,
                "message": self.message}


class ImpactError(Exception):
    """Base of every error IMPACT raises on purpose. ``exit_code`` follows the CLI convention:
    1 when a check failed, 2 for a usage error."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": self.message}


class UsageError(ImpactError):
    """The command or call was given arguments it cannot work with."""

    exit_code = 2


class MethodNotAllowed(UsageError):
    """A request used an HTTP method the address does not accept."""


class TooLarge(UsageError):
    """A request body or an upload is larger than its limit: nothing was read past it."""


class PermissionDenied(ImpactError):
    """The user (or the anonymous visitor) may not do this."""


class OwnWorkRefused(PermissionDenied):
    """A maker tried to review or validate their own finding under the four-eyes rule."""


class InternalError(ImpactError):
    """Something failed that is not the caller's fault; the details are in the server's log."""


class NotFoundError(ImpactError):
    """A named record (workspace, finding, provision...) does not exist."""


class TooManyAttempts(ImpactError):
    """Too many failed logins for an account or from an address: every attempt is refused
    until ``retry_at`` (a UTC datetime), even one with the right password."""

    def __init__(self, retry_at: datetime, *, now: datetime) -> None:
        super().__init__(
            f"Too many failed login attempts for this account or from this address: try "
            f"again after {retry_at:%H:%M} UTC.")
        self.retry_at = retry_at
        self.retry_after_seconds = max(1, math.ceil((retry_at - now).total_seconds()))

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "retry_at": self.retry_at.isoformat(),
                "retry_after": self.retry_after_seconds}


class DatabaseBusy(ImpactError):
    """The database stayed locked by another writer (on SQLite, one import or save at a time)
    for longer than a request may wait: nothing was written, and the same request can simply
    be sent again once the other work is done."""

    retry_after_seconds = 5

    def __init__(self, database: str) -> None:
        super().__init__(
            f"The database at {database} is busy with another change (an import, perhaps) "
            "and nothing was saved: try again in a few seconds.")

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "retry_after": self.retry_after_seconds}


class ConflictError(ImpactError):
    """A save was based on a stale version of a record: nothing was written.

    ``current`` is the record as stored now (a domain object), when the caller has it, so
    that a view can show both versions side by side and let the user merge them."""

    def __init__(self, message: str, *, current_version: int | None = None,
                 current: object | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.current = current

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "current_version": self.current_version}


class ValidationError(ImpactError):
    """Input failed validation. Carries *every* problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem], *, summary: str | None = None) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        count = len(self.problems)
        head = summary or f"{count} problem{'s' if count != 1 else ''} found"
        lines = [head, *(f"  - {p}" for p in self.problems[:50])]
        if count > 50:
            lines.append(f"  ... and {count - 50} more")
        super().__init__("\n".join(lines))
        self.summary = head

    def as_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": self.summary,
                "problems": [p.as_dict() for p in self.problems]}


class CatalogueError(ValidationError):
    """A catalogue (methodology framework) file is malformed or inconsistent."""


class ImportRejected(ValidationError):
    """An import file was rejected as a whole; the database was left untouched."""


class FileRefused(ValidationError):
    """A file was refused before anything was parsed: it is not a regular file (a named
    pipe, a device), it is a link out of a data package, or it is larger or deeper than a
    limit of :mod:`impactkit.limits`. ``problem`` says which, and where."""

    def __init__(self, message: str, location: str) -> None:
        self.problem = Problem(message, location=location)
        super().__init__([self.problem], summary=f"{location}: the file was refused, nothing "
                                                 "was read")


class MissingExtraError(ImpactError):
    """An optional feature needs an extra that is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs the '{extra}' extra: pip install 'impactkit[{extra}]'")
