"""What any key, free text, search term or paging value given to IMPACT must be.

One place for the rules every write path and every listing applies, whoever calls it (a web
form, the API, the CLI or an import): domain validation (:mod:`impactkit.validation`) checks
the keys and texts of every record with them, and the services check search terms and
paging values with them before a query is built. The limits themselves are in
:mod:`impactkit.limits`; docs/data-formats.md describes the rules for users.

- A key is 1 to ``MAX_KEY_CHARS`` characters: letters and digits of any script (Latin,
  Cyrillic, Greek...), and ``-``, ``_``, ``.``, ``(`` and ``)`` after the first character,
  which is a letter or a digit. Keys travel in URLs, file names and exports, so nothing else
  is accepted (no spaces, no ``/``, no ``|``).
- A free text is at most ``MAX_TEXT_CHARS`` characters and holds no control characters
  other than tab, line feed and carriage return (PostgreSQL cannot store NUL, and the other
  control characters are invisible corruption).
- A username is 1 to ``MAX_USERNAME_CHARS`` characters: letters and digits of any script,
  and ``.``, ``-`` and ``_`` (no spaces, no control characters).
- A page number is 1 to ``MAX_PAGE_NUMBER``; an offset 0 to ``MAX_OFFSET``; a page size 1 to
  the listing's own maximum.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum

from impactkit.errors import Problem, ValidationError
from impactkit.limits import (
    MAX_KEY_CHARS,
    MAX_OFFSET,
    MAX_PAGE_NUMBER,
    MAX_TEXT_CHARS,
    MAX_USERNAME_CHARS,
)
from impactkit.plain import field_names, field_values

KEY_PUNCTUATION = "-_.()"
"""The characters a key may hold besides letters and digits (never as its first one)."""

_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._()-]*")
"""A key of ASCII letters, digits and key punctuation: the common case, accepted at once."""


def _key_char(char: str) -> bool:
    return char.isalnum() or char in KEY_PUNCTUATION or unicodedata.category(char)[0] == "M"


def key_problem(key: object, *, field: str = "key") -> str | None:
    """Why ``key`` cannot be a key (one whole sentence naming the field), or None."""
    if not isinstance(key, str) or not key.strip():
        return f"{field} is empty; every record needs a key"
    if len(key) <= MAX_KEY_CHARS and _PLAIN_KEY.fullmatch(key):
        return None
    if len(key) > MAX_KEY_CHARS:
        return (f"{field} is {len(key)} characters long; a key has at most "
                f"{MAX_KEY_CHARS} characters")
    if key != key.strip():
        return f"{field} {key!r} has leading or trailing spaces"
    if "|" in key:
        return f"{field} {key!r} contains '|', which separates list items in files"
    if _ANY_CONTROL.search(key):
        return f"{field} {key!r} contains a line break or control character"
    bad = next((char for char in key if not _key_char(char)), None)
    if bad is not None or not key[0].isalnum():
        shown = repr(bad) if bad is not None else repr(key[0])
        return (f"{field} {key!r} contains {shown} (character {_name(bad or key[0])}); a key "
                f"holds letters and digits (of any script) and {' '.join(KEY_PUNCTUATION)}, "
                "and starts with a letter or a digit")
    return None


USERNAME_PUNCTUATION = ".-_@+"
"""The characters a username may hold besides letters and digits (``@`` and ``+``: many
offices use e-mail addresses as usernames)."""


def username_problem(value: object) -> str | None:
    """Why ``value`` cannot be a username (one whole sentence), or None."""
    if not isinstance(value, str) or not value:
        return "The username is empty: give the name the account logs in with."
    if len(value) > MAX_USERNAME_CHARS:
        return (f"The username is {len(value)} characters long; a username has at most "
                f"{MAX_USERNAME_CHARS} characters.")
    bad = next((char for char in value
                if not (char.isalnum() or char in USERNAME_PUNCTUATION)), None)
    if bad is not None:
        return (f"The username {value!r} contains {bad!r} (character {_name(bad)}); a "
                f"username holds letters and digits (of any script), '.', '-', '_', '@' "
                "and '+'.")
    return None


def _name(char: str) -> str:
    return f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}"
                                   if unicodedata.name(char, "") else "")


def text_problem(value: object, *, field: str) -> str | None:
    """Why ``value`` cannot be stored as a free text (naming the field and the rule), or
    None. Values that are not text are the typed checks' business."""
    if not isinstance(value, str):
        return None
    if len(value) > MAX_TEXT_CHARS:
        return (f"{field} is {len(value)} characters long; a text has at most "
                f"{MAX_TEXT_CHARS} characters")
    found = _FORBIDDEN_CONTROL.search(value)
    if found is not None:
        return (f"{field} contains the control character {_name(found.group())} at position "
                f"{found.start() + 1}; text may hold tabs and line breaks but no other "
                "control characters")
    return None


def record_text_problems(record: object, *, prefix: str = "") -> list[tuple[str, str]]:
    """(field, message) for every text of a domain object (a dataclass) that breaks the
    rules for free text, looking inside tuples and lists (codes, references) and nested
    objects (``notes[2].text``). Every record of every import passes through here, so the
    common case (texts that break nothing) costs one length check per text and one search
    over them all; only a record with something to report is walked field by field."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        return []
    texts: list[str] = []
    for value in field_values(record):
        kind = type(value)
        if kind is str:
            texts.append(value)
        elif kind is tuple or kind is list:
            texts.extend(value)
        elif value is not None and kind not in (int, float, bool) \
                and not isinstance(value, Enum | date):
            break  # a nested record, or something unexpected: the walk below
    else:
        if set(map(type, texts)) <= {str} and max(map(len, texts), default=0) <= MAX_TEXT_CHARS \
                and _FORBIDDEN_CONTROL.search("\n".join(texts)) is None:
            return []
    found: list[tuple[str, str]] = []
    for field_name in field_names(record):
        value = getattr(record, field_name)
        name = f"{prefix}{field_name}"
        many = isinstance(value, tuple | list)
        for number, item in enumerate(value if many else (value,)):
            if isinstance(item, str):
                if len(item) <= MAX_TEXT_CHARS and _FORBIDDEN_CONTROL.search(item) is None:
                    continue
                message = text_problem(item, field=name)
                if message is not None:
                    found.append((name, message))
                    break
            elif item is not None and not isinstance(item, int | float) \
                    and dataclasses.is_dataclass(item):
                found += record_text_problems(
                    item, prefix=f"{name}[{number}]." if many else f"{name}.")
    return found


def check_record_texts(record: object, *, summary: str) -> None:
    """Refuse a domain object (not a workspace record: those go through
    :mod:`impactkit.validation`) whose texts break the rules: actions, status assessments,
    scenarios..."""
    problems = [Problem(message, field=name) for name, message in record_text_problems(record)]
    if problems:
        raise ValidationError(problems, summary=summary)


def check_texts(values: Mapping[str, object], *, summary: str, location: str | None = None
                ) -> None:
    """Refuse (ValidationError, every problem at once) texts that break the rules, given
    by field name: search terms and filters, comments, anything not in a domain object."""
    problems = [Problem(message, location=location, field=name)
                for name, value in values.items()
                for item in (value if isinstance(value, (tuple, list)) else (value,))
                if (message := text_problem(item, field=name)) is not None]
    if problems:
        raise ValidationError(problems, summary=summary)


def check_search(values: Mapping[str, object]) -> None:
    """Search terms and filter values of a listing, by parameter name."""
    check_texts(values, summary="the search or filter parameters are not ones this list "
                                "can use", location="query")


def check_paging(*, page: int | None = None, offset: int | None = None,
                 per_page: int | None = None, max_per_page: int | None = None) -> None:
    """Every paging value given, checked at once (the one validator of every listing)."""
    problems: list[Problem] = []
    checks: Iterable[tuple[str, int | None, int, int]] = (
        ("page", page, 1, MAX_PAGE_NUMBER), ("offset", offset, 0, MAX_OFFSET),
        ("per_page", per_page, 1, max_per_page or MAX_PAGE_NUMBER))
    for name, value, low, high in checks:
        if value is not None and (message := _bound_problem(value, name, low, high)):
            problems.append(Problem(message, location="query", field=name))
    if problems:
        raise ValidationError(problems, summary="the paging parameters are out of bounds")


def _bound_problem(value: object, field: str, low: int, high: int) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{field} {value!r} is not a whole number; it must be between {low} and {high}"
    if not low <= value <= high:
        return f"{field} is {value}; it must be between {low} and {high}"
    return None
