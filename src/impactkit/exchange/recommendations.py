"""Read recommendations made to a State from a CSV or XLSX file, all or nothing.

Three layouts are understood (see ``docs/data-formats.md``, "Recommendations"):

- ``ohchr``: the UN human rights office's thematic list of UPR recommendations;
- ``upr-info``: an export of the UPR Info database;
- ``generic``: any table, with a ``mapping`` from our fields to its columns.

``format="auto"`` recognises the first two by their header, and the third when a mapping is
given. The whole file is read and checked; on any problem :class:`ImportRejected` lists every
one (file, row as a spreadsheet numbers it, column, reason) and nothing is returned.
Reading the same file twice gives the same keys, so importing it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ImportRejected, Problem, UsageError
from impactkit.exchange import recommendation_formats as formats
from impactkit.exchange.rows import simplify
from impactkit.exchange.sources import RawTable, read_table
from impactkit.recommendations.model import Mechanism, Recommendation

__all__ = ["FORMATS", "Format", "detect_format", "read_recommendations"]

Format = Literal["auto", "ohchr", "upr-info", "generic"]
FORMATS: dict[str, str] = {
    "ohchr": "OHCHR thematic list (columns cycle, rec_id, recommendation, "
             "recommending_states, position, source_of_position, themes ...)",
    "upr-info": "UPR Info database export (columns Recommendation or Text, Recommending State "
                "or From, State under Review or To, Response, Issue, Session ...)",
    "generic": "any table, with mapping={'text': 'your column', ...}",
}
SHEET_NAMES = ("recommendations", "recommendation", "data")


def detect_format(header: list[str], *, has_mapping: bool = False) -> str | None:
    """``ohchr``, ``upr-info`` or ``generic`` from a header row, or None. A mapping means
    generic: the caller has said what the columns are."""
    if has_mapping:
        return "generic"
    names = {simplify(h) for h in header}
    if {"rec_id", "recommendation", "source_of_position"} <= names:
        return "ohchr"
    has_text = any(simplify(n) in names for n in formats.UPR_INFO_COLUMNS["text"])
    upr_like = {simplify(n) for field in ("recommending", "state", "position", "themes")
                for n in formats.UPR_INFO_COLUMNS[field]}
    if has_text and names & upr_like:
        return "upr-info"
    return None


def read_recommendations(path: Path, *, format: Format = "auto",
                         mapping: Mapping[str, str] | None = None,
                         mechanism: Mechanism | str | None = None,
                         catalogue: Catalogue,
                         location: str | None = None) -> list[Recommendation]:
    """Every recommendation of the file, checked and merged (one per key), in file order.

    ``mapping`` and ``mechanism`` are for the generic layout (``mechanism`` is the fixed
    mechanism when no column says it); ``catalogue`` checks the codes a generic file may
    carry; ``location`` names the file in messages (default: its file name)."""
    if format not in ("auto", *FORMATS):
        raise UsageError(f"unknown format {format!r} (accepted: auto, {', '.join(FORMATS)})")
    if format == "generic" and mapping is None:
        raise UsageError("format 'generic' needs mapping={'text': 'your column', ...}")
    if mapping is not None and format not in ("auto", "generic"):
        raise UsageError(f"mapping is only used by the generic format, not {format!r}")
    raw = read_table(path, sheet_names=SHEET_NAMES, location=location)
    chosen = detect_format(raw.header, has_mapping=mapping is not None) \
        if format == "auto" else format
    if chosen is None:
        raise _unrecognised(raw)
    if chosen == "ohchr":
        return formats.ohchr_thematic(raw)
    if chosen == "upr-info":
        return formats.upr_info(raw)
    assert mapping is not None
    return formats.generic(raw, mapping, catalogue, mechanism=mechanism)


def _unrecognised(raw: RawTable) -> ImportRejected:
    known = "; ".join(f"{name}: {what}" for name, what in FORMATS.items())
    columns = ", ".join(h.strip() for h in raw.header if h.strip())
    return ImportRejected(
        [Problem(f"cannot tell which layout this file has (its columns: {columns}). "
                 f"Recognised layouts: {known}. Pass format= and, for a table of your own, "
                 "mapping=", location=raw.location, row=raw.header_row)],
        summary=f"{raw.location}: rejected, nothing was imported")
