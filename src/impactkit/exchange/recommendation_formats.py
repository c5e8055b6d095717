"""The three layouts of a recommendations file, each turned into checked recommendations.

- :func:`ohchr_thematic`: the UN human rights office's "thematic list of recommendations".
- :func:`upr_info`: an export of the UPR Info database (upr-info-database.uwazi.io).
- :func:`generic`: any CSV or XLSX whose columns the caller maps to ours.

Each takes a :class:`~impactkit.exchange.sources.RawTable` already read, so that detection
(:mod:`impactkit.exchange.recommendations`) reads the file once. Columns are documented in
``docs/data-formats.md`` ("Recommendations").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import UsageError
from impactkit.exchange.cells import CellError, parse_list
from impactkit.exchange.recommendation_cells import (
    Codes,
    Sheet,
    check_one_state,
    merge_rows,
    number_in,
    parse_date,
    parse_mechanism,
    parse_position,
    parse_sdgs,
    split_items,
    with_languages,
)
from impactkit.exchange.sources import RawTable
from impactkit.recommendations.model import Mechanism, Recommendation, recommendation_key
from impactkit.validation import check_key

# --- OHCHR thematic list --------------------------------------------------------------------
OHCHR_COLUMNS = ("cycle", "session", "state_under_review", "rec_id", "recommendation",
                 "recommending_states", "position", "source_of_position", "themes",
                 "groups_of_persons", "sdgs", "source_document")
_SOURCE_OF_POSITION = re.compile(r"^(?P<symbol>[A-Za-z][\w./-]*?)(?:\s*-\s*Para.*)?$")
_ADDENDUM = re.compile(r"/Add\.\d+$", re.IGNORECASE)
_WG_REPORT = re.compile(r"WG report\s+(?P<symbol>[A-Za-z][\w./-]*\w)")
_REC_ID = re.compile(r"^\d+(\.\d+)*$")


def document_of(source_of_position: str, source_document: str) -> str:
    """The symbol of the report that holds the recommendation. ``source_of_position`` names
    where the State's response is (``A/HRC/43/15/Add.1 - Para.3``: the addendum, whose
    paragraph numbers are not the recommendation's); the recommendation itself is in the
    Working Group report, the symbol without ``/Add.N``."""
    match = _SOURCE_OF_POSITION.match(source_of_position.strip())
    if match:
        return _ADDENDUM.sub("", match.group("symbol"))
    report = _WG_REPORT.search(source_document)
    return report.group("symbol") if report else ""


def ohchr_thematic(raw: RawTable) -> list[Recommendation]:
    """Recommendations of an OHCHR thematic list (columns :data:`OHCHR_COLUMNS`; lists
    ``|``-separated). ``rec_id`` (``121.3``) is the paragraph and, with the cycle, the key
    (``upr-3-121.3``)."""
    sheet = Sheet(raw, "the OHCHR thematic list")
    at = {name: sheet.find(name) for name in OHCHR_COLUMNS}
    for name in ("cycle", "rec_id", "recommendation", "position"):
        if at[name] is None:
            sheet.require(name)
    check_one_state(sheet, at["state_under_review"])
    rows = []
    for number, row in raw.rows:
        def cell(name: str, row: list[str] = row) -> str:
            return sheet.text(row, at[name])

        text = sheet.read(number, row, at["recommendation"], str, "", required=True)
        paragraph = sheet.read(number, row, at["rec_id"], _rec_id, "", required=True)
        cycle = sheet.read(number, row, at["cycle"], number_in, "", required=True)
        rec = Recommendation(
            key=recommendation_key(Mechanism.UPR, cycle=cycle, paragraph=paragraph, text=text),
            mechanism=Mechanism.UPR, text=text, paragraph=paragraph, cycle=cycle,
            language="",  # given by no column: detected once the file is read
            session=number_in(cell("session")) if cell("session") else "",
            document_symbol=document_of(cell("source_of_position"), cell("source_document")),
            recommending=parse_list(cell("recommending_states")),
            position=sheet.read(number, row, at["position"], parse_position, None),
            themes=parse_list(cell("themes")),
            affected_persons=parse_list(cell("groups_of_persons")),
            sdgs=sheet.read(number, row, at["sdgs"], lambda t: parse_sdgs(parse_list(t)), ()))
        rows.append((number, rec))
    recommendations = merge_rows(sheet, rows, sheet.header(at["rec_id"])
                                 if at["rec_id"] is not None else "rec_id")
    _no_rows(sheet)
    sheet.reject_if_problems()
    return with_languages(recommendations)


def _rec_id(text: str) -> str:
    if not _REC_ID.match(text):
        raise CellError(f"{text!r} is not a recommendation number (like 121.3)")
    return text


# --- UPR Info database export ---------------------------------------------------------------
UPR_INFO_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("Recommendation", "Text", "Recommendation text"),
    "recommending": ("Recommending State", "Recommending States", "From", "Recommending"),
    "state": ("State under Review", "To", "SuR", "State under review (SuR)"),
    "position": ("Response", "Position", "Response to recommendation"),
    "action": ("Action", "Action category", "Category"),
    "themes": ("Issue", "Issues", "Themes", "Theme"),
    "session": ("Session",),
    "cycle": ("Cycle",),
    "document": ("Document", "Document symbol", "Source document"),
    "paragraph": ("Paragraph", "Para", "Paragraph number"),
    "sdgs": ("SDG", "SDGs", "Sustainable Development Goals"),
    "affected_persons": ("Affected persons", "Groups of persons", "Groups"),
}
_ACTION = re.compile(r"^(?:category\s*)?([1-5])(?:\b|$)", re.IGNORECASE)


def upr_cycle(session: str) -> str:
    """The UPR cycle a session belongs to (cycle 1: sessions 1-12, 2: 13-26, 3: 27-40,
    4: 41-54), for exports without a ``Cycle`` column: the key depends on the cycle."""
    if not session.isdigit():
        return ""
    number = int(session)
    return str(1 if number <= 12 else 2 + (number - 13) // 14)


def parse_action(text: str) -> tuple[str, ...]:
    """UPR Info's action category (1 minimal action ... 5 specific action), kept as the theme
    ``action-category:N`` so that it can be filtered on like the source's other labels."""
    match = _ACTION.match(text.strip())
    if match is None:
        raise CellError(f"{text.strip()!r} is not an action category (accepted: 1 to 5, "
                        "optionally 'Category 3' or '3 - ...')")
    return (f"action-category:{match.group(1)}",)


def upr_info(raw: RawTable) -> list[Recommendation]:
    """Recommendations of a UPR Info export. Its rows have no stable number, so the key is the
    cycle and a digest of the normalised text (``upr-3-3f9a1c0d2e``): the same recommendation
    made by two States is one recommendation, with both States. Other columns are ignored."""
    sheet = Sheet(raw, "the UPR Info export")
    at = {field: sheet.find(*names) for field, names in UPR_INFO_COLUMNS.items()}
    if at["text"] is None:
        sheet.require(*UPR_INFO_COLUMNS["text"][:2])
    check_one_state(sheet, at["state"])
    rows = []
    for number, row in raw.rows:
        text = sheet.read(number, row, at["text"], str, "", required=True)
        session = number_in(sheet.text(row, at["session"]))
        cycle = number_in(sheet.text(row, at["cycle"])) or upr_cycle(session)
        themes = split_items(sheet.text(row, at["themes"]), "|;,")
        action: tuple[str, ...] = sheet.read(number, row, at["action"], parse_action, ())
        rec = Recommendation(
            key=recommendation_key(Mechanism.UPR, cycle=cycle, text=text),
            mechanism=Mechanism.UPR, text=text, cycle=cycle, session=session,
            language="",  # given by no column: detected once the file is read
            document_symbol=sheet.text(row, at["document"]),
            paragraph=sheet.text(row, at["paragraph"]),
            recommending=split_items(sheet.text(row, at["recommending"]), "|;"),
            position=sheet.read(number, row, at["position"], parse_position, None),
            themes=themes + action,
            affected_persons=split_items(sheet.text(row, at["affected_persons"]), "|;"),
            sdgs=sheet.read(number, row, at["sdgs"],
                            lambda t: parse_sdgs(split_items(t, "|;,")), ()))
        rows.append((number, rec))
    column = sheet.header(at["text"]) if at["text"] is not None else "Recommendation"
    recommendations = merge_rows(sheet, rows, column)
    _no_rows(sheet)
    sheet.reject_if_problems()
    return with_languages(recommendations)


# --- generic, with a column mapping ---------------------------------------------------------
GENERIC_FIELDS = ("text", "mechanism", "document_symbol", "paragraph", "cycle", "session",
                  "date", "recommending", "position", "language", "themes", "sdgs",
                  "provisions", "clusters", "sectors", "groups", "forms", "key")
_VOCABULARIES = {"provisions": ("provisions", "provision"), "clusters": ("clusters", "cluster"),
                 "sectors": ("sectors", "sector"), "groups": ("child_groups", "child group"),
                 "forms": ("forms", "form of exploitation")}


def check_mapping(mapping: Mapping[str, str], mechanism: Mechanism | str | None) -> None:
    """Mistakes in the call itself (not in the file) are usage errors."""
    unknown = sorted(set(mapping) - set(GENERIC_FIELDS))
    if unknown:
        raise UsageError(f"mapping names unknown fields {', '.join(map(repr, unknown))} "
                         f"(accepted: {', '.join(GENERIC_FIELDS)})")
    if "text" not in mapping:
        raise UsageError("mapping must name the column that holds the text: "
                         "mapping={'text': 'Your column', ...}")
    if "mechanism" not in mapping and mechanism is None:
        raise UsageError("say which mechanism made the recommendations: map a 'mechanism' "
                         f"column or pass mechanism= (one of: {', '.join(Mechanism)})")
    if mechanism is not None:
        try:
            Mechanism(mechanism)
        except ValueError:
            raise UsageError(f"unknown mechanism {mechanism!r} (accepted: "
                             f"{', '.join(Mechanism)})") from None


def generic(raw: RawTable, mapping: Mapping[str, str], catalogue: Catalogue, *,
            mechanism: Mechanism | str | None = None) -> list[Recommendation]:
    """Recommendations of any table: ``mapping`` gives, for each of our fields
    (:data:`GENERIC_FIELDS`), the column of the file that holds it. Lists are ``|``-separated;
    catalogue codes are checked. Without a mapped ``key``, the key is made by
    :func:`~impactkit.recommendations.model.recommendation_key`."""
    check_mapping(mapping, mechanism)
    sheet = Sheet(raw, "recommendations")
    at: dict[str, int | None] = {}
    for field, column in mapping.items():
        at[field] = sheet.find(column)
        if at[field] is None:
            sheet.problem(f"column {column!r} (mapped to {field!r}) is not in the file "
                          f"(columns: {', '.join(h for h in raw.header if h.strip())})",
                          raw.header_row, column)
    fixed = Mechanism(mechanism) if mechanism is not None else Mechanism.OTHER
    checkers = {field: Codes(catalogue, vocabulary, label)
                for field, (vocabulary, label) in _VOCABULARIES.items() if field in mapping}
    rows = []
    for number, row in raw.rows:
        def read(field: str, parse: Any = str, default: Any = "", row: list[str] = row,
                 number: int = number, **kw: Any) -> Any:
            return sheet.read(number, row, at.get(field), parse, default, **kw)

        values: dict[str, Any] = {
            "text": read("text", required=True),
            "mechanism": read("mechanism", parse_mechanism, fixed, required=mechanism is None),
            "date": read("date", parse_date, None),
            "position": read("position", parse_position, None),
            "sdgs": read("sdgs", lambda t: parse_sdgs(parse_list(t)), ()),
            "recommending": read("recommending", parse_list, ()),
            "themes": read("themes", parse_list, ()),
        }
        values["language"] = read("language").strip()  # detected later when not given
        for field in ("document_symbol", "paragraph", "cycle", "session"):
            values[field] = read(field)
        for field, check in checkers.items():
            values[field] = read(field, lambda t, check=check: check(parse_list(t)), ())
        key = read("key", _own_key) or recommendation_key(
            values["mechanism"], text=values["text"], cycle=values["cycle"],
            paragraph=values["paragraph"], document_symbol=values["document_symbol"])
        rows.append((number, Recommendation(key=key, **values)))
    key_column = mapping.get("key", mapping["text"])
    column_index = at.get("key") if "key" in mapping else at.get("text")
    recommendations = merge_rows(sheet, rows, sheet.header(column_index)
                                 if column_index is not None else key_column)
    _no_rows(sheet)
    sheet.reject_if_problems()
    return with_languages(recommendations)


def _own_key(text: str) -> str:
    """The source's own identifier, kept as it is if it can be a key (no ``|``, no line
    breaks: see :func:`impactkit.validation.check_key`)."""
    problems = check_key(text, field="key")
    if problems:
        raise CellError(problems[0].message)
    return text


def _no_rows(sheet: Sheet) -> None:
    if not sheet.raw.rows:
        sheet.problem("the file has a header but no data rows", None, None)
