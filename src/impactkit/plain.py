"""Domain objects as JSON-safe data: the one encoder the audit trail, the API, the ``.json``
pages, the CLI's ``--json`` and the exports share, so a record reads the same everywhere.

Enums by value, dates and times in ISO 8601, tuples and lists as lists, mappings with text
keys, dataclasses field by field (not ``dataclasses.asdict``, which deep-copies every value
first and made auditing a bulk import slower than the import itself). Analysis results have
their own form, with rounding rules (:func:`impactkit.analysis.results.to_plain`).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from datetime import date, datetime
from operator import attrgetter
from typing import Any

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_FIELD_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
_PLAIN = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """The JSON-safe form of a domain object, or of anything made of them."""
    kind = type(value)
    if kind in _PLAIN:  # most values: checked by exact type first (StrEnums are not str here)
        return value
    if kind is tuple or kind is list:
        return [plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return record_json(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def field_names(record: Any) -> tuple[str, ...]:
    """The field names of a dataclass instance, read once per class: both the encoder and
    the text checks of every import walk records field by field."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in dataclasses.fields(record))
    return names


def field_values(record: Any) -> tuple[Any, ...]:
    """The values of a dataclass instance's fields, in field order, read in one call."""
    getter = _FIELD_GETTERS.get(type(record))
    if getter is None:
        names = field_names(record)
        one = attrgetter(*names) if names else (lambda _: ())
        getter = _FIELD_GETTERS[type(record)] = \
            (lambda r: (one(r),)) if len(names) == 1 else one
    return getter(record)


def record_json(record: Any) -> dict[str, Any] | None:
    """One record (a dataclass, or a mapping of fields) as a JSON-safe dict; None stays None."""
    if record is None:
        return None
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return dict(zip(field_names(record), map(plain, field_values(record)), strict=True))
    return {str(name): plain(value) for name, value in dict(record).items()}
