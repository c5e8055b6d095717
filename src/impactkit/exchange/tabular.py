"""Import findings, actors, evidence and indicator values from CSV or XLSX files.

Field teams keep their work in spreadsheets; these readers take one sheet (or CSV file) per kind
of record, with the columns documented in ``docs/data-formats.md`` and listed below. A file is
read and checked whole (columns, every cell, every code against the catalogue, duplicate keys)
and is either returned whole or rejected with every problem found: file, row (as a spreadsheet
numbers it, header = row 1), column and reason. Nothing is ever returned in part.

Cross-record rules that need the rest of the workspace (a validated finding needs evidence,
references to records already stored) are the caller's: it runs
:func:`impactkit.validation.check_workspace_data` on the workspace as it would be after import.
Optional ``*_keys`` arguments let a caller check references here too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    Actor,
    Confidence,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    RatingState,
)
from impactkit.exchange import cells
from impactkit.exchange.rows import ImportColumn, ImportSpec, read_records, simplify
from impactkit.kinds import BY_NAME
from impactkit.validation import check_actor, check_evidence, check_finding, check_indicator_value

__all__ = ["ACTOR_COLUMNS", "EVIDENCE_COLUMNS", "FINDING_COLUMNS", "INDICATOR_VALUE_COLUMNS",
           "read_actors_table", "read_evidence_table", "read_findings_table",
           "read_indicator_values_table"]


def _enum_parser(enum: type[Confidence] | type[FindingStatus], label: str
                 ) -> Callable[[str], Any]:
    by_text = {simplify(member.value): member for member in enum}

    def parse(text: str) -> Any:
        try:
            return by_text[simplify(text)]
        except KeyError:
            accepted = ", ".join(member.value for member in enum)
            raise cells.CellError(f"{text!r} is not a valid {label} (accepted: {accepted})"
                                  ) from None
    return parse


_STATES = {simplify(s.value): s for s in (RatingState.NOT_ASSESSED, RatingState.NOT_APPLICABLE)}


def parse_rating(text: str) -> tuple[RatingState, int | None]:
    """``0``-``4`` (any whole number: the scale is checked against the catalogue later),
    ``not-assessed`` or ``not-applicable`` (case, spaces and underscores ignored)."""
    state = _STATES.get(simplify(text))
    if state is not None:
        return state, None
    try:
        return RatingState.RATED, cells.parse_int(text)
    except cells.CellError:
        raise cells.CellError(f"rating {text!r} is not a whole number, 'not-assessed' or "
                              "'not-applicable'") from None


def _reliability(text: str) -> str:
    return str(_enum_parser(Confidence, "reliability")(text).value)


def _codes(name: str, vocabulary: str, description: str, **kw: Any) -> ImportColumn:
    return ImportColumn(name, description, vocabulary=vocabulary, is_list=True, default=(),
                        **kw)


KEY = ImportColumn("key", "Identifier, unique in the file and the workspace", required=True,
                   aliases=("id",))

FINDING_COLUMNS: tuple[ImportColumn, ...] = (
    KEY,
    ImportColumn("area", "Area of analysis code", required=True, vocabulary="areas"),
    ImportColumn("layer", "Layer code", required=True, vocabulary="layers"),
    ImportColumn("rating", "0-4, not-assessed or not-applicable", required=True,
                 parse=parse_rating, default=(RatingState.NOT_ASSESSED, None)),
    _codes("provisions", "provisions", "Provision codes in scope (CRC-32|OPSC-3)"),
    _codes("clusters", "clusters", "Whole reporting clusters in scope"),
    _codes("sectors", "sectors", "Sector codes in scope (at least one)", required=True),
    _codes("groups", "child_groups", "Child group codes"),
    _codes("forms", "forms", "Forms of exploitation"),
    ImportColumn("confidence", "high, medium (default) or low", default=Confidence.MEDIUM,
                 parse=_enum_parser(Confidence, "confidence")),
    ImportColumn("status", "draft (default), reviewed or validated",
                 default=FindingStatus.DRAFT, parse=_enum_parser(FindingStatus, "status")),
    ImportColumn("title", "Short title"),
    ImportColumn("narrative", "What was found, in words"),
    _codes("exclusion_criteria", "exclusion_criteria", "Inclusion findings only"),
    _codes("tension_sectors", "sectors", "Coherence findings only"),
    ImportColumn("tension_instruments", "Instrument keys (coherence findings only)",
                 is_list=True, default=(), parse=cells.parse_list),
    ImportColumn("author", "Who wrote the finding"),
    ImportColumn("reviewed_by", "Who reviewed it", default=None),
    ImportColumn("validated_by", "Who validated it", default=None),
)

ACTOR_COLUMNS: tuple[ImportColumn, ...] = (
    KEY,
    ImportColumn("name", "Name of the institution", required=True),
    ImportColumn("sector", "Sector code", required=True, vocabulary="sectors"),
    ImportColumn("level", "Actor level code (default national)", default="national",
                 vocabulary="actor_levels"),
    ImportColumn("type", "Actor type code (default agency)", default="agency",
                 vocabulary="actor_types"),
    ImportColumn("description", "What the institution does"),
)

EVIDENCE_COLUMNS: tuple[ImportColumn, ...] = (
    KEY,
    ImportColumn("finding_key", "Key of the finding it supports", required=True,
                 aliases=("finding",)),
    ImportColumn("kind", "Evidence kind code", required=True, vocabulary="evidence_kinds"),
    ImportColumn("title", "Title of the source", required=True),
    ImportColumn("source", "Author or publisher"),
    ImportColumn("url", "Web address"),
    ImportColumn("date", "ISO date or year"),
    ImportColumn("reliability", "high, medium (default) or low", default="medium",
                 parse=_reliability),
    ImportColumn("confidential", "true for a source a published report cites by its type and "
                 "date only: true/false, yes/no or 1/0 (default false)", default=False,
                 parse=cells.parse_bool),
    ImportColumn("indicator", "An indicator code when the evidence is its value for the year "
                 "in date", default=None, vocabulary="indicators"),
)

INDICATOR_VALUE_COLUMNS: tuple[ImportColumn, ...] = (
    KEY,
    ImportColumn("indicator", "Indicator code", required=True, vocabulary="indicators"),
    ImportColumn("year", "Year of the value", required=True, parse=cells.parse_int),
    ImportColumn("value", "The value (dot as decimal separator)", required=True,
                 parse=cells.parse_number),
    ImportColumn("group", "Child group code", default=None, vocabulary="child_groups"),
    ImportColumn("sector", "Sector code", default=None, vocabulary="sectors"),
    ImportColumn("source", "Where the value comes from"),
    ImportColumn("note", "Remarks"),
)


def _finding(values: dict[str, Any]) -> Finding:
    state, rating = values.pop("rating")
    return Finding(rating=rating, rating_state=state, **values)


FINDINGS = ImportSpec("findings", FINDING_COLUMNS, _finding, check_finding,
                      one_of=("provisions", "clusters"),
                      field_columns={"rating_state": "rating"})
ACTORS = ImportSpec("actors", ACTOR_COLUMNS, lambda v: Actor(**v), check_actor)
EVIDENCE = ImportSpec("evidence", EVIDENCE_COLUMNS, lambda v: Evidence(**v), check_evidence)
INDICATOR_VALUES = ImportSpec("indicator_values", INDICATOR_VALUE_COLUMNS,
                              lambda v: IndicatorValue(**v), check_indicator_value)


def read_findings_table(path: Path, catalogue: Catalogue, *, location: str | None = None,
                        existing_keys: Collection[str] = (),
                        instrument_keys: Collection[str] | None = None) -> list[Finding]:
    """Findings from a CSV or XLSX file (sheet ``findings`` if present, else the first).

    ``location`` names the file in messages (default: its file name); ``existing_keys`` are
    finding keys the workspace already uses; with ``instrument_keys``, every
    ``tension_instruments`` item must be one of them."""
    references = {} if instrument_keys is None \
        else {"tension_instruments": (BY_NAME["instrument"].label,
                                  frozenset(instrument_keys))}
    findings: list[Finding] = read_records(path, FINDINGS, catalogue, location=location,
                                           references=references, existing_keys=existing_keys)
    return findings


def read_actors_table(path: Path, catalogue: Catalogue, *, location: str | None = None,
                      existing_keys: Collection[str] = ()) -> list[Actor]:
    """Actors from a CSV or XLSX file (sheet ``actors`` if present, else the first)."""
    actors: list[Actor] = read_records(path, ACTORS, catalogue, location=location,
                                       existing_keys=existing_keys)
    return actors


def read_evidence_table(path: Path, catalogue: Catalogue, *, location: str | None = None,
                        existing_keys: Collection[str] = (),
                        finding_keys: Collection[str] | None = None) -> list[Evidence]:
    """Evidence from a CSV or XLSX file (sheet ``evidence`` if present, else the first).
    With ``finding_keys``, every ``finding_key`` must be one of them."""
    references = {} if finding_keys is None \
        else {"finding_key": (BY_NAME["finding"].label, frozenset(finding_keys))}
    evidence: list[Evidence] = read_records(path, EVIDENCE, catalogue, location=location,
                                            references=references, existing_keys=existing_keys)
    return evidence


def read_indicator_values_table(path: Path, catalogue: Catalogue, *,
                                location: str | None = None,
                                existing_keys: Collection[str] = ()) -> list[IndicatorValue]:
    """Indicator values from a CSV or XLSX file (sheet ``indicator_values`` if present)."""
    values: list[IndicatorValue] = read_records(path, INDICATOR_VALUES, catalogue,
                                                location=location, existing_keys=existing_keys)
    return values
