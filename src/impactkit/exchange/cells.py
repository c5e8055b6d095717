"""One cell of a table as text, both ways: how every exported value is written and read back.

A CSV cell is only text, so each type has exactly one way of being written, and reading it back
gives the same value: that is what makes a data package round-trip without loss. Readers raise
:class:`CellError` with a message that says what was expected; callers add file, row and column.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from impactkit.flags import FlagError, parse_flag

LIST_SEPARATOR = "|"
"""Separates the items of a multi-valued cell (``CRC-32|CRC-34``). Codes and keys never
contain it (validation rejects keys that do)."""



class CellError(ValueError):
    """A cell's text cannot be read as the value its column holds."""


# --- writing --------------------------------------------------------------------------------
def format_list(items: tuple[str, ...]) -> str:
    return LIST_SEPARATOR.join(items)


def format_bool(value: bool) -> str:
    return "true" if value else "false"


def format_number(value: float) -> str:
    """``repr`` is the shortest text that reads back as the same float; non-finite values use
    the spellings of Table Schema (``NaN``, ``INF``, ``-INF``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(float(value))


def format_datetime(value: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``. A naive datetime is taken to be UTC already."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat() + "Z"


# --- reading --------------------------------------------------------------------------------
def parse_list(text: str) -> tuple[str, ...]:
    """Items separated by ``|``; spaces around items and empty items are dropped, so
    ``"CRC-3 | CRC-4|"`` reads as ``("CRC-3", "CRC-4")``."""
    return tuple(item.strip() for item in text.split(LIST_SEPARATOR) if item.strip())


def parse_int(text: str) -> int:
    stripped = text.strip()
    try:
        return int(stripped)
    except ValueError:
        pass
    try:  # spreadsheets often hand "3" over as "3.0"
        number = float(stripped)
    except ValueError:
        raise CellError(f"{text!r} is not a whole number") from None
    if not number.is_integer():
        raise CellError(f"{text!r} is not a whole number")
    return int(number)


def parse_number(text: str) -> float:
    stripped = text.strip()
    special = {"nan": math.nan, "inf": math.inf, "+inf": math.inf, "-inf": -math.inf}
    if stripped.lower() in special:
        return special[stripped.lower()]
    try:
        return float(stripped)
    except ValueError:
        raise CellError(f"{text!r} is not a number (use a dot as decimal separator)") from None


def parse_bool(text: str) -> bool:
    try:
        return parse_flag(text)
    except FlagError as error:
        raise CellError(str(error)) from error


def parse_datetime(text: str) -> datetime:
    """ISO 8601; returned in UTC. Text without an offset is taken to be UTC."""
    stripped = text.strip()
    try:
        value = datetime.fromisoformat(stripped)
    except ValueError:
        raise CellError(f"{text!r} is not an ISO 8601 date and time "
                        "(like 2024-05-31T14:30:00Z)") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
