"""Reading the cells of a recommendations file: one sheet, its columns, its problems.

Every reader of :mod:`impactkit.exchange.recommendations` works the same way: find its columns
in the header (case, spaces, ``_`` and ``-`` ignored), read every cell of every row, collect
every problem with its file, row (as a spreadsheet numbers it, header = row 1) and column, then
merge the rows that are the same recommendation. Nothing is returned while a problem remains.

The cell parsers raise :class:`~impactkit.exchange.cells.CellError` with a message that says
what would be accepted; :class:`Sheet` adds where the cell is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from datetime import date
from typing import Any, TypeVar

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ImportRejected, Problem
from impactkit.exchange.cells import CellError
from impactkit.exchange.rows import code_lookup, simplify
from impactkit.exchange.sources import ROW_NUMBERS, RawTable
from impactkit.recommendations.languages import detect_language
from impactkit.recommendations.model import Mechanism, Position, Recommendation, normalised_text

T = TypeVar("T")

# --- cells ----------------------------------------------------------------------------------
POSITIONS: dict[str, Position] = {
    "supported": Position.SUPPORTED,
    "accepted": Position.SUPPORTED,  # UPR Info's wording before 2017
    "supported_in_part": Position.SUPPORTED_IN_PART,
    "partially_supported": Position.SUPPORTED_IN_PART,
    "partially_accepted": Position.SUPPORTED_IN_PART,
    "noted": Position.NOTED,
    "rejected": Position.NOTED,  # UPR Info's wording before 2017
}
POSITION_WORDS = ("Supported", "Supported in part", "Partially supported", "Noted", "Accepted",
                  "Rejected", "or empty")


def parse_position(text: str) -> Position | None:
    """The State's response. ``Accepted`` and ``Rejected`` (UPR Info's older wording) read as
    supported and noted: the UPR itself has only ever recorded "supported" or "noted"."""
    if not text.strip():
        return None
    key = simplify(text.replace(".", ""))
    if key in POSITIONS:
        return POSITIONS[key]
    raise CellError(f"{text.strip()!r} is not a position (accepted: "
                    f"{', '.join(POSITION_WORDS)})")


_MECHANISM_ALIASES = {
    "committee_on_the_rights_of_the_child": Mechanism.CRC,
    "universal_periodic_review": Mechanism.UPR,
    "treaty_bodies": Mechanism.TREATY_BODY,
    "special_procedure": Mechanism.SPECIAL_PROCEDURES,
    "ombudsperson": Mechanism.NATIONAL, "ombudsman": Mechanism.NATIONAL,
    "nhri": Mechanism.NATIONAL,
}


def parse_mechanism(text: str) -> Mechanism:
    key = simplify(text)
    for member in Mechanism:
        if key == simplify(member.value):
            return member
    if key in _MECHANISM_ALIASES:
        return _MECHANISM_ALIASES[key]
    raise CellError(f"{text.strip()!r} is not a mechanism (accepted: "
                    f"{', '.join(m.value for m in Mechanism)})")


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CellError(f"{text.strip()!r} is not an ISO date (like 2024-05-31)") from None


_SDG = re.compile(r"^(?:sdg\s*)?(\d{1,2})(?:\.([0-9a-z]{1,2}))?$", re.IGNORECASE)


def parse_sdgs(items: Iterable[str]) -> tuple[str, ...]:
    """SDG goals (``16``) or targets (``16.2``); ``SDG 16`` is read as ``16``."""
    found: list[str] = []
    for item in items:
        match = _SDG.match(item.strip())
        if match is None or not 1 <= int(match.group(1)) <= 17:
            raise CellError(f"{item.strip()!r} is not an SDG goal or target (like 16 or 16.2, "
                            "goals 1 to 17)")
        found.append(match.group(1) + (f".{match.group(2).lower()}" if match.group(2) else ""))
    return tuple(dict.fromkeys(found))


def number_in(text: str) -> str:
    """``UPR 34`` and ``34th session`` are ``34``; text without a number is kept as it is."""
    match = re.search(r"\d+", text)
    return match.group(0) if match else text.strip()


def with_languages(recommendations: list[Recommendation]) -> list[Recommendation]:
    """Each recommendation with the language the file gives; when it gives none, the one
    detected in its text; English when the detector cannot tell (a short text, a mix).
    Called once the file is accepted and its rows merged: a text repeated on several rows
    (one per recommending State) is read once, and a refused file costs no detection."""
    return [rec if rec.language else replace(rec, language=detect_language(rec.text) or "en")
            for rec in recommendations]


def split_items(text: str, separators: str = "|") -> tuple[str, ...]:
    """Items split at the first of ``separators`` the text contains (``"|;,"`` tries ``|``,
    then ``;``, then ``,``), stripped, empty ones and repeats dropped."""
    separator = next((s for s in separators if s in text), separators[0])
    return tuple(dict.fromkeys(i.strip() for i in text.split(separator) if i.strip()))


class Codes:
    """Codes of one catalogue vocabulary, matched forgivingly (``Labour`` is ``labour``,
    ``crc 32`` is ``CRC-32``) and stored in their catalogue spelling."""

    def __init__(self, catalogue: Catalogue, vocabulary: str, label: str) -> None:
        self.lookup = code_lookup(catalogue, vocabulary)
        self.codes = sorted(set(self.lookup.values()))
        self.label = label

    def __call__(self, items: Iterable[str]) -> tuple[str, ...]:
        found: list[str] = []
        for item in items:
            code = self.lookup.get(simplify(item))
            if code is None:
                close = difflib.get_close_matches(item.strip(), self.codes, n=2, cutoff=0.6)
                hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                shown = ", ".join(self.codes[:10]) + (", ..." if len(self.codes) > 10 else "")
                raise CellError(f"unknown {self.label} {item.strip()!r}{hint} "
                                f"(accepted: {shown})")
            found.append(code)
        return tuple(dict.fromkeys(found))


# --- the sheet ------------------------------------------------------------------------------
class Sheet:
    """One table being read: its columns by simplified name, and the problems found so far."""

    def __init__(self, raw: RawTable, label: str) -> None:
        self.raw, self.label = raw, label
        self.problems: list[Problem] = []
        self.columns: dict[str, int] = {}
        for index, text in enumerate(raw.header):
            self.columns.setdefault(simplify(text), index)

    @property
    def location(self) -> str:
        return self.raw.location

    def problem(self, message: str, row: int | None, column: str | None) -> None:
        self.problems.append(Problem(message, location=self.location, row=row, field=column))

    def find(self, *names: str) -> int | None:
        """The index of the first column called like one of ``names``."""
        return next((self.columns[simplify(n)] for n in names if simplify(n) in self.columns),
                    None)

    def require(self, name: str, *aliases: str) -> int | None:
        index = self.find(name, *aliases)
        if index is None:
            also = f" (or {', '.join(repr(a) for a in aliases)})" if aliases else ""
            self.problem(f"required column {name!r}{also} is missing", self.raw.header_row,
                         name)
        return index

    def header(self, index: int) -> str:
        return self.raw.header[index].strip()

    @staticmethod
    def text(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    def read(self, number: int, row: list[str], index: int | None, parse: Callable[[str], T],
             default: T, *, required: bool = False) -> T:
        """The cell parsed, or ``default`` when it is empty or (reported) unreadable."""
        text = self.text(row, index)
        if index is None:
            return default
        if not text:
            if required:
                self.problem(f"{self.header(index)} is empty; it is required", number,
                             self.header(index))
            return default
        try:
            return parse(text)
        except CellError as exc:
            self.problem(str(exc), number, self.header(index))
            return default

    def reject_if_problems(self) -> None:
        if self.problems:
            count = len(self.problems)
            ordered = sorted(self.problems, key=lambda p: p.row or 0)  # header first
            raise ImportRejected(ordered, summary=(
                f"{self.location}: {count} problem{'s' if count != 1 else ''} in "
                f"{self.label}, nothing was imported ({ROW_NUMBERS})"))


# --- one recommendation, several rows -------------------------------------------------------
_MERGED = tuple(f.name for f in fields(Recommendation)
                if f.name in {"recommending", "provisions", "clusters", "sectors", "groups",
                              "forms", "sdgs", "themes", "affected_persons"})


def merge_rows(sheet: Sheet, rows: Iterable[tuple[int, Recommendation]],
               key_column: str) -> list[Recommendation]:
    """One recommendation per key, in file order. Rows with the same key and the same
    (normalised) text are one recommendation made by several States: their lists are joined.
    The same key on a different text, or the same text with two different positions, is an
    error naming both rows: joining them would lose what one of the rows says."""
    kept: dict[str, tuple[int, Recommendation]] = {}
    for number, rec in rows:
        if rec.key not in kept:
            kept[rec.key] = (number, rec)
            continue
        first_row, first = kept[rec.key]
        if normalised_text(first.text) != normalised_text(rec.text):
            sheet.problem(f"key {rec.key!r} is also the key of row {first_row}, whose text "
                          "differs; give each recommendation its own key", number, key_column)
            continue
        if first.position and rec.position and first.position != rec.position:
            sheet.problem(f"the same recommendation is on row {first_row} as "
                          f"{first.position.value!r} and here as {rec.position.value!r}; "
                          "give it one position", number, key_column)
            continue
        joined: dict[str, Any] = {
            name: tuple(dict.fromkeys((*getattr(first, name), *getattr(rec, name))))
            for name in _MERGED}
        kept[rec.key] = (first_row, replace(first, position=first.position or rec.position,
                                            language=first.language or rec.language,
                                            **joined))
    return [rec for _, rec in kept.values()]


def check_one_state(sheet: Sheet, index: int | None) -> None:
    """A workspace holds the recommendations made to one State: a file about several is
    refused rather than mixed into one workspace."""
    if index is None:
        return
    states: dict[str, int] = {}
    for number, row in sheet.raw.rows:
        state = sheet.text(row, index)
        if state and state not in states:
            states[state] = number
    if len(states) > 1:
        listed = ", ".join(f"{s!r} (row {n})" for s, n in list(states.items())[:5])
        sheet.problem(f"the file holds recommendations to {len(states)} States: {listed}; "
                      "import one State's recommendations into its workspace",
                      sheet.raw.header_row, sheet.header(index))
