"""Check workspace records against a catalogue, without touching any database.

Pure functions: the service layer (or an import) calls them on plain domain objects and refuses
to write anything while problems remain. Every problem names its field and, when the caller
gives one, the file and row, and says what would be accepted (with close matches), so that the
message itself is the fix.

Everything reported here is an error: :class:`~impactkit.errors.Problem` has no severity, and
each rule below catches data that would be wrong or silently ignored. In particular
``exclusion_criteria`` on a finding whose area is not ``inclusion``, or ``tension_sectors`` /
``tension_instruments`` outside ``coherence``, are errors rather than warnings: analysis reads
them only for those areas, so accepting them would let a user believe something was recorded
that no score or report will ever show.
"""

from __future__ import annotations

import difflib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    AGE_BANDS,
    Actor,
    Confidence,
    CoordinationLink,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    Mandate,
    NationalInstrument,
    RatingState,
    Workspace,
    WorkspaceData,
)
from impactkit.errors import Problem
from impactkit.input_rules import key_problem, record_text_problems
from impactkit.kinds import BY_NAME, KINDS

__all__ = [
    "MAX_LISTED",
    "check_actor",
    "check_evidence",
    "check_finding",
    "check_indicator_value",
    "check_instrument",
    "check_integrity",
    "check_key",
    "check_link",
    "check_mandate",
    "check_texts",
    "check_workspace",
    "check_workspace_data",
    "integrity_issues",
    "integrity_problems",
    "record_problems",
]

MAX_LISTED = 10
"""How many accepted codes an "unknown code" message lists before it says "... (N in all)"."""

YEAR_RANGE = (1900, 2100)
"""Years outside this range are typing mistakes (``20``, ``2204``), not data."""



# --- the catalogue as sets of codes ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Vocabulary:
    label: str
    codes: tuple[str, ...]
    accepted: frozenset[str]
    summary: str  # what "accepted:" says


class _CatalogueIndex:
    """Code sets of one catalogue, built once: checks run per record, on thousands of records."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.vocabularies: dict[str, _Vocabulary] = {}
        for attr, label in _VOCABULARY_LABELS.items():
            self._add(attr, label, tuple(catalogue.codes(attr)))
        provisions = catalogue.provisions()
        ranges = []
        for instrument in catalogue.instruments:
            if instrument.provisions:
                first, last = instrument.provisions[0].code, instrument.provisions[-1].code
                ranges.append(first if first == last else f"{first}..{last}")
        self.vocabularies["provisions"] = _Vocabulary(
            "provision", tuple(p.code for p in provisions), frozenset(p.code for p in provisions),
            "codes INSTRUMENT-ARTICLE in " + ", ".join(ranges) if ranges else "none",
        )
        self.not_assessable = frozenset(p.code for p in provisions if not p.assessable)
        self.ratings = tuple(sorted({level.value for level in catalogue.rating_scale.levels}))

    def _add(self, attr: str, label: str, codes: tuple[str, ...]) -> None:
        listed = ", ".join(codes[:MAX_LISTED])
        if len(codes) > MAX_LISTED:
            listed += f", ... ({len(codes)} in all)"
        self.vocabularies[attr] = _Vocabulary(label, codes, frozenset(codes), listed or "none")


_VOCABULARY_LABELS = {
    "areas": "area", "layers": "layer", "clusters": "cluster", "sectors": "sector",
    "child_groups": "child group", "forms": "form of exploitation",
    "exclusion_criteria": "exclusion criterion", "mandate_functions": "mandate function",
    "actor_types": "actor type", "actor_levels": "actor level",
    "instrument_kinds": "instrument kind", "link_kinds": "link kind",
    "evidence_kinds": "evidence kind", "indicators": "indicator",
}

_INDEX_CACHE: dict[int, _CatalogueIndex] = {}


def _index(catalogue: Catalogue) -> _CatalogueIndex:
    cached = _INDEX_CACHE.get(id(catalogue))
    if cached is None or cached.catalogue is not catalogue:
        if len(_INDEX_CACHE) >= 8:
            _INDEX_CACHE.clear()
        cached = _INDEX_CACHE[id(catalogue)] = _CatalogueIndex(catalogue)
    return cached


def _close_matches(value: str, codes: Sequence[str]) -> list[str]:
    """Close matches, case-insensitively (``Labour`` and ``crc-32`` find their code)."""
    by_lower: dict[str, str] = {}
    for code in codes:
        by_lower.setdefault(code.lower(), code)
    wanted = value.strip().lower()
    if wanted in by_lower:
        return [by_lower[wanted]]
    # a code the value is part of ("interview" -> "key-informant-interview"), then look-alikes
    containing = [code for code in by_lower
                  if wanted and wanted in code and (len(wanted) >= 4 or wanted in code.split("-"))]
    similar = difflib.get_close_matches(wanted, list(by_lower), n=3, cutoff=0.6)
    found = list(dict.fromkeys([*containing[:2], *similar]))[:3]
    return [by_lower[m] for m in found]


def _unknown_code_message(vocabulary: _Vocabulary, value: object) -> str:
    message = f"unknown {vocabulary.label} {value!r}"
    matches = _close_matches(value, vocabulary.codes) if isinstance(value, str) else []
    if matches:
        message += "; did you mean " + " or ".join(repr(m) for m in matches) + "?"
    return f"{message} (accepted: {vocabulary.summary})"


# --- building blocks ------------------------------------------------------------------------
class _Checker:
    """Collects the problems of one record, all located the same way."""

    def __init__(self, index: _CatalogueIndex | None, location: str | None,
                 row: int | None) -> None:
        self.index = index
        self.location = location
        self.row = row
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(message, location=self.location, row=self.row, field=field))

    def codes(self, field: str, values: Iterable[object], vocabulary: str) -> None:
        assert self.index is not None
        vocab = self.index.vocabularies[vocabulary]
        for value in values:
            if value not in vocab.accepted:
                self.add(field, _unknown_code_message(vocab, value))

    def code(self, field: str, value: object, vocabulary: str) -> None:
        self.codes(field, [value], vocabulary)

    def text(self, field: str, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            self.add(field, f"{field} is empty; it is required")

    def enum(self, field: str, value: object, enum: type[StrEnum]) -> None:
        if value not in _values_of(enum):
            accepted = ", ".join(member.value for member in enum)
            self.add(field, f"{value!r} is not a valid {field} (accepted: {accepted})")

    def year(self, field: str, value: object, *, required: bool = False) -> None:
        if value is None and not required:
            return
        if not _is_int(value) or not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:  # type: ignore[operator]
            self.add(field, f"year {value!r} is not a whole number between "
                            f"{YEAR_RANGE[0]} and {YEAR_RANGE[1]}")

    def version(self, value: object) -> None:
        if not _is_int(value) or value < 1:  # type: ignore[operator]
            self.add("version", f"version {value!r} must be a whole number of at least 1")


@cache
def _values_of(enum: type[StrEnum]) -> frozenset[str]:
    """The values of an enum's members (read once: every checked record asks)."""
    return frozenset(member.value for member in enum)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_key(key: object, *, field: str = "key", location: str | None = None,
              row: int | None = None) -> list[Problem]:
    """A key must survive every URL, export and command line: the rule is
    :func:`impactkit.input_rules.key_problem` (letters and digits of any script and
    ``-_.()``, at most ``limits.MAX_KEY_CHARS`` characters)."""
    message = key_problem(key, field=field)
    if message is None:
        return []
    return [Problem(message, location=location, row=row, field=field)]


def check_texts(record: object, *, location: str | None = None, row: int | None = None
                ) -> list[Problem]:
    """Every text of a record within ``limits.MAX_TEXT_CHARS`` and free of control
    characters other than tabs and line breaks (see :mod:`impactkit.input_rules`). The key
    is :func:`check_key`'s."""
    return [Problem(message, location=location, row=row, field=field)
            for field, message in record_text_problems(record) if field != "key"]


# --- per-record checks ----------------------------------------------------------------------
def check_workspace(workspace: Workspace, *, location: str | None = None,
                    row: int | None = None) -> list[Problem]:
    checker = _Checker(None, location, row)
    checker.problems += check_key(workspace.key, location=location, row=row)
    checker.problems += check_texts(workspace, location=location, row=row)
    checker.text("title", workspace.title)
    checker.text("cycle", workspace.cycle)
    checker.text("jurisdiction_code", workspace.jurisdiction.code)
    checker.year("year", workspace.year)
    return checker.problems


def check_finding(finding: Finding, catalogue: Catalogue, *, location: str | None = None,
                  row: int | None = None) -> list[Problem]:
    """Codes, scope, rating against the catalogue's scale, and area-specific fields."""
    index = _index(catalogue)
    c = _Checker(index, location, row)
    c.problems += check_key(finding.key, location=location, row=row)
    c.problems += check_texts(finding, location=location, row=row)
    c.code("area", finding.area, "areas")
    c.code("layer", finding.layer, "layers")
    c.codes("provisions", finding.provisions, "provisions")
    for code in finding.provisions:
        if code in index.not_assessable:
            c.add("provisions", f"{code} is a procedural provision (not assessable): a finding "
                                "cannot rate it")
    c.codes("clusters", finding.clusters, "clusters")
    c.codes("sectors", finding.sectors, "sectors")
    c.codes("groups", finding.groups, "child_groups")
    c.codes("forms", finding.forms, "forms")
    c.codes("exclusion_criteria", finding.exclusion_criteria, "exclusion_criteria")
    c.codes("tension_sectors", finding.tension_sectors, "sectors")
    if not finding.provisions and not finding.clusters:
        c.add("provisions", "a finding needs at least one provision or cluster in scope")
    if not finding.sectors:
        c.add("sectors", "a finding needs at least one sector in scope")
    _check_rating(c, finding, index.ratings)
    c.enum("confidence", finding.confidence, Confidence)
    c.enum("status", finding.status, FindingStatus)
    if finding.exclusion_criteria and finding.area != "inclusion":
        c.add("exclusion_criteria", f"exclusion criteria belong to inclusion findings, not to "
                                    f"area {finding.area!r}: analysis would ignore them")
    for field in ("tension_sectors", "tension_instruments"):
        if getattr(finding, field) and finding.area != "coherence":
            c.add(field, f"{field.replace('_', ' ')} belong to coherence findings, not to "
                         f"area {finding.area!r}: analysis would ignore them")
    c.version(finding.version)
    return c.problems


def _check_rating(c: _Checker, finding: Finding, ratings: tuple[int, ...]) -> None:
    state, rating = finding.rating_state, finding.rating
    scale = f"{ratings[0]}-{ratings[-1]}" if ratings == tuple(range(ratings[0], ratings[-1] + 1)) \
        else ", ".join(map(str, ratings))
    if state not in _values_of(RatingState):
        c.enum("rating_state", state, RatingState)
    elif state == RatingState.RATED:
        if rating is None:
            c.add("rating", f"rating_state is 'rated' but no rating is given (scale: {scale})")
        elif not _is_int(rating) or rating not in ratings:
            c.add("rating", f"rating {rating!r} is not on the scale {scale}; use "
                            "'not-assessed' or 'not-applicable' when there is no rating")
    elif rating is not None:
        c.add("rating", f"rating {rating!r} is given but rating_state is {str(state)!r}: "
                        "a rating needs rating_state 'rated'")


def check_actor(actor: Actor, catalogue: Catalogue, *, location: str | None = None,
                row: int | None = None) -> list[Problem]:
    c = _Checker(_index(catalogue), location, row)
    c.problems += check_key(actor.key, location=location, row=row)
    c.problems += check_texts(actor, location=location, row=row)
    c.text("name", actor.name)
    c.code("sector", actor.sector, "sectors")
    c.code("level", actor.level, "actor_levels")
    c.code("type", actor.type, "actor_types")
    c.version(actor.version)
    return c.problems


def check_instrument(instrument: NationalInstrument, catalogue: Catalogue, *,
                     location: str | None = None, row: int | None = None) -> list[Problem]:
    c = _Checker(_index(catalogue), location, row)
    c.problems += check_key(instrument.key, location=location, row=row)
    c.problems += check_texts(instrument, location=location, row=row)
    c.text("title", instrument.title)
    c.code("kind", instrument.kind, "instrument_kinds")
    c.codes("provisions", instrument.provisions, "provisions")
    c.codes("sectors", instrument.sectors, "sectors")
    c.year("year", instrument.year)
    c.version(instrument.version)
    return c.problems


def check_mandate(mandate: Mandate, catalogue: Catalogue, *, location: str | None = None,
                  row: int | None = None) -> list[Problem]:
    c = _Checker(_index(catalogue), location, row)
    c.problems += check_key(mandate.key, location=location, row=row)
    c.problems += check_texts(mandate, location=location, row=row)
    c.text("actor_key", mandate.actor_key)
    c.codes("provisions", mandate.provisions, "provisions")
    c.codes("forms", mandate.forms, "forms")
    c.codes("groups", mandate.groups, "child_groups")
    c.codes("functions", mandate.functions, "mandate_functions")
    c.codes("levels", mandate.levels, "actor_levels")
    for band in mandate.age_bands:
        if band not in AGE_BANDS:
            c.add("age_bands", f"unknown age band {band!r}; expected one of "
                               f"{', '.join(AGE_BANDS)}")
    if mandate.limited_to_groups and not mandate.groups:
        c.add("limited_to_groups", "a mandate limited to its child groups must name them")
    c.version(mandate.version)
    return c.problems


def check_link(link: CoordinationLink, catalogue: Catalogue, *, location: str | None = None,
               row: int | None = None) -> list[Problem]:
    c = _Checker(_index(catalogue), location, row)
    c.problems += check_key(link.key, location=location, row=row)
    c.problems += check_texts(link, location=location, row=row)
    c.text("source_key", link.source_key)
    c.text("target_key", link.target_key)
    if link.source_key and link.source_key == link.target_key:
        c.add("target_key", f"a link cannot join actor {link.source_key!r} to itself")
    c.code("kind", link.kind, "link_kinds")
    c.version(link.version)
    return c.problems


def check_evidence(evidence: Evidence, catalogue: Catalogue, *, location: str | None = None,
                   row: int | None = None) -> list[Problem]:
    c = _Checker(_index(catalogue), location, row)
    c.problems += check_key(evidence.key, location=location, row=row)
    c.problems += check_texts(evidence, location=location, row=row)
    c.text("finding_key", evidence.finding_key)
    c.code("kind", evidence.kind, "evidence_kinds")
    c.text("title", evidence.title)
    c.enum("reliability", evidence.reliability, Confidence)
    if not isinstance(evidence.confidential, bool):
        c.add("confidential", f"confidential {evidence.confidential!r} is neither true nor "
                              "false")
    if evidence.indicator:
        c.code("indicator", evidence.indicator, "indicators")
        year = evidence.date[:4] if isinstance(evidence.date, str) else ""
        if not year.isdigit():
            c.add("date", f"evidence citing the indicator {evidence.indicator!r} needs a date "
                          "(a year or an ISO date) naming the year of the value it cites")
    c.version(evidence.version)
    return c.problems


def check_indicator_value(value: IndicatorValue, catalogue: Catalogue, *,
                          location: str | None = None, row: int | None = None) -> list[Problem]:
    c = _Checker(_index(catalogue), location, row)
    c.problems += check_key(value.key, location=location, row=row)
    c.problems += check_texts(value, location=location, row=row)
    c.code("indicator", value.indicator, "indicators")
    c.year("year", value.year, required=True)
    if isinstance(value.value, bool) or not isinstance(value.value, int | float) \
            or not math.isfinite(value.value):
        c.add("value", f"value {value.value!r} is not a finite number")
    if value.group is not None:
        c.code("group", value.group, "child_groups")
    if value.sector is not None:
        c.code("sector", value.sector, "sectors")
    c.version(value.version)
    return c.problems


# --- the whole workspace --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found across records, located by table and position (0-based) so that each
    caller can say where it is in its own terms: a file row, or a record key."""

    table: str
    index: int
    field: str
    message: str
    value: object = None  # the offending key or reference
    first: int | None = None  # for a duplicate key: position of its first use


# (table, field holding a key or a tuple of keys, table the keys refer to, label of a target)
_REFERENCES: tuple[tuple[str, str, str, str], ...] = tuple(
    (kind.field, ref.attribute, BY_NAME[ref.target].field, BY_NAME[ref.target].label)
    for kind in KINDS for ref in kind.references)
TABLES = tuple(kind.field for kind in KINDS)
"""The record tables of a workspace (fields of :class:`WorkspaceData`), in the order records
are added."""


def check_integrity(data: WorkspaceData) -> list[Issue]:
    """Catalogue-free checks across records: duplicate keys within a table, references to
    records that do not exist, and validated findings without evidence."""
    return integrity_issues({table: getattr(data, table) for table in TABLES})


def integrity_issues(tables: Mapping[str, Sequence[Any]]) -> list[Issue]:
    """:func:`check_integrity` on tables given by name (absent tables are empty), for readers
    that have records before they have a whole workspace."""
    issues: list[Issue] = []
    keys: dict[str, set[str]] = {}
    for table in TABLES:
        records = tables.get(table, ())
        keys[table] = {r.key for r in records}
        positions: dict[str, list[int]] = defaultdict(list)
        for i, record in enumerate(records):
            positions[record.key].append(i)
        for key, where in positions.items():
            for i in where[1:]:
                issues.append(Issue(table, i, "key", f"duplicate key {key!r}", value=key,
                                    first=where[0]))
    for table, field, target, label in _REFERENCES:
        for i, record in enumerate(tables.get(table, ())):
            value = getattr(record, field)
            values = value if isinstance(value, tuple) else () if value is None else (value,)
            for ref in values:
                if ref not in keys[target]:
                    issues.append(Issue(table, i, field, _dangling(label, ref, keys[target]),
                                        value=ref))
    with_evidence = {e.finding_key for e in tables.get("evidence", ())}
    for i, finding in enumerate(tables.get("findings", ())):
        if finding.status == FindingStatus.VALIDATED and finding.key not in with_evidence:
            issues.append(Issue("findings", i, "status", "finding is validated but has no "
                                "evidence: add at least one evidence item or set it back to "
                                "'reviewed'"))
    return issues


def _dangling(label: str, ref: object, existing: set[str]) -> str:
    message = f"no {label} has key {ref!r}"
    matches = _close_matches(ref, sorted(existing)) if isinstance(ref, str) else []
    if matches:
        message += "; did you mean " + " or ".join(repr(m) for m in matches) + "?"
    return message


_RECORD_CHECKS: dict[str, Callable[..., list[Problem]]] = {
    "actors": check_actor, "instruments": check_instrument, "mandates": check_mandate,
    "links": check_link, "findings": check_finding, "evidence": check_evidence,
    "indicator_values": check_indicator_value,
}


def record_names(table: str, records: Sequence[Any]) -> list[str]:
    """``findings[F-01]``; by position (``findings[#3]``) when the key is empty or shared."""
    counts: dict[object, int] = defaultdict(int)
    for record in records:
        counts[record.key] += 1
    return [f"{table}[{r.key}]" if isinstance(r.key, str) and r.key.strip() and counts[r.key] == 1
            else f"{table}[#{i + 1}]" for i, r in enumerate(records)]


def check_workspace_data(data: WorkspaceData, catalogue: Catalogue, *,
                         location: str | None = None) -> list[Problem]:
    """Every problem of a whole workspace, each with ``location`` (when given) and a field
    path naming the record by key, as ``findings[F-01].area``."""
    problems = [replace(p, field=f"workspace.{p.field}")
                for p in check_workspace(data.workspace, location=location)]
    names = {table: record_names(table, getattr(data, table)) for table in TABLES}
    for table in TABLES:
        problems += record_problems(table, getattr(data, table), names[table], catalogue,
                                    location=location)
    return problems + integrity_problems(data, names, location=location)


def record_problems(table: str, records: Sequence[Any], names: Sequence[str],
                    catalogue: Catalogue, *, location: str | None = None) -> list[Problem]:
    """The per-record checks of one table's records, each problem's field path prefixed
    by the record's name (``names``, as :func:`record_names` gives them)."""
    check = _RECORD_CHECKS[table]
    return [replace(p, field=f"{name}.{p.field}")
            for name, record in zip(names, records, strict=True)
            for p in check(record, catalogue, location=location)]


def integrity_problems(data: WorkspaceData, names: Mapping[str, Sequence[str]], *,
                       location: str | None = None) -> list[Problem]:
    """:func:`check_integrity` as problems, records named by ``names`` (per table)."""
    problems = []
    for issue in check_integrity(data):
        name = names[issue.table][issue.index]
        message = issue.message if issue.first is None \
            else f"{issue.message}: record {issue.first + 1} of {issue.table} has it too"
        problems.append(Problem(message, location=location, field=f"{name}.{issue.field}"))
    return problems
