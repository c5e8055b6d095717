"""What a user can edit in each kind of record, as data: one field spec per entity.

The same specs parse input (web forms, JSON) into domain objects, turn records back into
form values, and tell the web pages which input to draw, so forms, the API and validation
cannot drift apart. Input arrives as strings (or lists of strings for multi-valued fields);
everything wrong is reported at once, each problem under the field it belongs to.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    AGE_BANDS,
    Confidence,
    RatingState,
)
from impactkit.errors import Problem, ValidationError
from impactkit.flags import FlagError, parse_flag
from impactkit.kinds import BY_PATH
from impactkit.services.catalogue_memo import per_catalogue
from impactkit.validation import (
    check_actor,
    check_evidence,
    check_finding,
    check_indicator_value,
    check_instrument,
    check_link,
    check_mandate,
)

FieldValue = str | list[str]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One editable field.

    ``kind`` says how it is parsed and drawn: ``key``, ``text``, ``textarea``, ``int``,
    ``float``, ``bool``, ``rating``, ``code`` / ``codes`` (one or several codes of the
    catalogue vocabulary ``source``, or of ``confidence``), ``ref`` / ``refs`` (keys of
    records of the entity ``source``)."""

    name: str
    label: str
    kind: str
    source: str | None = None
    required: bool = False
    help: str = ""
    listed: bool = False  # shown as a column of the entity's list

    @property
    def multiple(self) -> bool:
        return self.kind in ("codes", "refs")


def _f(name: str, label: str, kind: str = "text", source: str | None = None, *,
       required: bool = False, help: str = "", listed: bool = False) -> FieldSpec:
    return FieldSpec(name, label, kind, source, required, help, listed)


KEY_HELP = ("A short identifier, unique in this workspace and never changed afterwards: "
            "letters and digits of any script, and - _ . ( ) after the first character, "
            "e.g. labour-inspection-gap.")

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "findings": (
        _f("key", "Key", "key", required=True, help=KEY_HELP, listed=True),
        _f("title", "Title", listed=True),
        _f("area", "Area of analysis", "code", "areas", required=True, listed=True),
        _f("layer", "Layer", "code", "layers", required=True, listed=True),
        _f("provisions", "Provisions", "codes", "provisions", listed=True,
           help="A finding needs at least one provision or one cluster."),
        _f("clusters", "Whole reporting clusters", "codes", "clusters"),
        _f("sectors", "Sectors", "codes", "sectors", required=True, listed=True),
        _f("groups", "Child groups", "codes", "child_groups"),
        _f("forms", "Forms of exploitation", "codes", "forms"),
        _f("rating", "Rating", "rating", required=True, listed=True,
           help="Not assessed and not applicable never count as a zero."),
        _f("confidence", "Confidence", "code", "confidence", required=True),
        _f("narrative", "Narrative", "textarea"),
        _f("exclusion_criteria", "Exclusion criteria", "codes", "exclusion_criteria",
           help="Inclusion findings only: on what ground children are left out."),
        _f("tension_sectors", "Sectors in tension", "codes", "sectors",
           help="Coherence findings only."),
        _f("tension_instruments", "Laws and policies in tension", "refs", "instruments",
           help="Coherence findings only."),
    ),
    "evidence": (
        _f("key", "Key", "key", required=True, help=KEY_HELP, listed=True),
        _f("finding_key", "Finding", "ref", "findings", required=True, listed=True),
        _f("kind", "Kind of evidence", "code", "evidence_kinds", required=True, listed=True),
        _f("title", "Title", required=True, listed=True),
        _f("source", "Source"),
        _f("url", "Web address"),
        _f("date", "Date", help="An ISO date or a year (2023, 2023-05, 2023-05-14)."),
        _f("reliability", "Reliability", "code", "confidence", required=True, listed=True),
        _f("confidential", "Confidential source", "bool",
           help="An interview, an unpublished file: published reports cite it by its type and "
                "date only, never by its title or source."),
        _f("indicator", "Indicator cited", "code", "indicators",
           help="When the evidence is an indicator's value: the indicator; the date gives the "
                "year."),
    ),
    "actors": (
        _f("key", "Key", "key", required=True, help=KEY_HELP, listed=True),
        _f("name", "Name", required=True, listed=True),
        _f("sector", "Sector", "code", "sectors", required=True, listed=True),
        _f("level", "Level", "code", "actor_levels", required=True, listed=True),
        _f("type", "Type", "code", "actor_types", required=True, listed=True),
        _f("description", "Description", "textarea"),
    ),
    "instruments": (
        _f("key", "Key", "key", required=True, help=KEY_HELP, listed=True),
        _f("title", "Title", required=True, listed=True),
        _f("kind", "Kind", "code", "instrument_kinds", required=True, listed=True),
        _f("year", "Year", "int", listed=True),
        _f("in_force", "In force", "bool", listed=True),
        _f("provisions", "Provisions it implements", "codes", "provisions"),
        _f("sectors", "Sectors", "codes", "sectors", listed=True),
        _f("url", "Web address"),
        _f("notes", "Notes", "textarea"),
    ),
    "mandates": (
        _f("key", "Key", "key", required=True, help=KEY_HELP, listed=True),
        _f("actor_key", "Actor", "ref", "actors", required=True, listed=True),
        _f("provisions", "Provisions", "codes", "provisions", listed=True),
        _f("forms", "Forms of exploitation", "codes", "forms"),
        _f("groups", "Child groups served in particular", "codes", "child_groups",
           listed=True, help="The mandate still serves every other child unless it is "
                             "limited to these groups below."),
        _f("limited_to_groups", "Limited to these groups", "bool",
           help="Tick only when the mandate serves no other children (a shelter for "
                "unaccompanied children only)."),
        _f("functions", "Functions", "codes", "mandate_functions", listed=True),
        _f("levels", "Also acts at", "codes", "actor_levels",
           help="Levels where the actor acts under this mandate besides its own: a national "
                "police that works through local stations also acts at the local level."),
        _f("age_bands", "Ages served", "codes", "age_bands",
           help="Leave empty when the mandate serves children of every age."),
        _f("legal_basis", "Legal basis", "ref", "instruments", listed=True),
        _f("notes", "Notes", "textarea"),
    ),
    "links": (
        _f("key", "Key", "key", required=True, help=KEY_HELP, listed=True),
        _f("source_key", "From actor", "ref", "actors", required=True, listed=True),
        _f("target_key", "To actor", "ref", "actors", required=True, listed=True),
        _f("kind", "Kind of link", "code", "link_kinds", required=True, listed=True),
        _f("legal_basis", "Legal basis", "ref", "instruments", listed=True),
        _f("notes", "Notes", "textarea"),
    ),
    "indicator-values": (
        _f("key", "Key", "key", required=True, help=KEY_HELP, listed=True),
        _f("indicator", "Indicator", "code", "indicators", required=True, listed=True),
        _f("year", "Year", "int", required=True, listed=True),
        _f("value", "Value", "float", required=True, listed=True),
        _f("group", "Child group", "code", "child_groups", listed=True),
        _f("sector", "Sector", "code", "sectors", listed=True),
        _f("source", "Source"),
        _f("note", "Note", "textarea"),
    ),
}

CHECKS: dict[str, Callable[..., list[Problem]]] = {
    "findings": check_finding, "evidence": check_evidence, "actors": check_actor,
    "instruments": check_instrument, "mandates": check_mandate, "links": check_link,
    "indicator-values": check_indicator_value,
}

# domain attribute -> form field, where they differ (validation names the attribute)
FIELD_OF = {"rating_state": "rating"}

_SPLIT = re.compile(r"[|,\s]+")
RATING_STATES = (RatingState.NOT_ASSESSED.value, RatingState.NOT_APPLICABLE.value)


def fields_of(entity: str) -> tuple[FieldSpec, ...]:
    return FIELDS[entity]


def _scalar(value: FieldValue | None) -> str:
    """The last value given (a form may send a hidden default before a checkbox)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return value[-1].strip() if value else ""
    return str(value).strip()


def _codes(value: FieldValue | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    codes = [code for item in items for code in _SPLIT.split(str(item).strip()) if code]
    return tuple(dict.fromkeys(codes))  # drop repeats, keep the order given


def _parse(spec: FieldSpec, raw: FieldValue | None, problems: list[Problem]) -> Any:
    if spec.multiple:
        return _codes(raw)
    text = _scalar(raw)
    if spec.kind == "int":
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            problems.append(Problem(f"{text!r} is not a whole number", field=spec.name))
            return None
    if spec.kind == "float":
        if not text:
            problems.append(Problem(f"{spec.label.lower()} is empty; it is required",
                                    field=spec.name))
            return None
        try:
            number = float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text \
                else float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            problems.append(Problem(f"{text!r} is not a number (use digits and a decimal "
                                    "point, e.g. 4.25)", field=spec.name))
            return None
        return number
    if spec.kind == "bool":
        try:
            return parse_flag(text, blank=False)  # an unticked checkbox sends nothing
        except FlagError as error:
            problems.append(Problem(str(error), field=spec.name))
            return None
    if spec.kind in ("code", "ref") and not spec.required:
        return text or None
    return text


def _rating(raw: FieldValue | None, state_raw: FieldValue | None,
            problems: list[Problem]) -> tuple[int | None, str]:
    """A rating on the scale, or one of the explicit states; never a zero by default."""
    text, state = _scalar(raw), _scalar(state_raw)
    if not text:
        return None, state or RatingState.NOT_ASSESSED.value
    if text in RATING_STATES:
        return None, state or text
    try:
        return int(text), state or RatingState.RATED.value
    except ValueError:
        problems.append(Problem(f"{text!r} is not a rating: give a number on the scale, "
                                "'not-assessed' or 'not-applicable'", field="rating"))
        return None, RatingState.NOT_ASSESSED.value


def record_from_fields(entity: str, fields: Mapping[str, FieldValue], catalogue: Catalogue,
                       *, new: bool = True) -> Any:
    """Parse and check one record given as form or JSON fields; a ValidationError lists
    every problem, each under its field name. Fields not in the entity's spec are ignored;
    a finding's review fields (status, author, reviewed_by...) are not input: the service
    keeps them. ``version`` may be given (the version an edit started from). The key rule
    applies to a ``new`` record only: an edit names a stored key, which never changes."""
    specs = fields_of(entity)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "rating":
            rating, state = _rating(fields.get("rating"), fields.get("rating_state"), problems)
            values["rating"], values["rating_state"] = rating, state
        elif spec.kind == "bool" and spec.name not in fields:
            continue  # the domain default (an instrument is in force unless said otherwise)
        else:
            values[spec.name] = _parse(spec, fields.get(spec.name), problems)
    version = _scalar(fields.get("version"))
    values["version"] = 1
    if version:
        try:
            values["version"] = int(version)
        except ValueError:
            problems.append(Problem(f"version {version!r} is not a whole number",
                                    field="version"))
    record = _build(entity, values)
    failed = {p.field for p in problems}
    for problem in CHECKS[entity](record, catalogue):
        if not new and problem.field == "key":
            continue
        name = FIELD_OF.get(problem.field or "", problem.field)
        if name not in failed:
            problems.append(Problem(problem.message, field=name))
    if problems:
        raise ValidationError(problems, summary=_summary(entity, len(problems)))
    return record


def _build(entity: str, values: dict[str, Any]) -> Any:
    """The domain object, with unparseable numbers left at a placeholder (their problem is
    already reported) so that every other field can still be checked."""
    if entity == "findings":
        values["rating_state"] = _enum(RatingState, values["rating_state"])
        values["confidence"] = _enum(Confidence, values["confidence"])
    if entity == "indicator-values":
        values["year"] = values["year"] if values["year"] is not None else 0
        values["value"] = values["value"] if values["value"] is not None else 0.0
    for spec in fields_of(entity):  # a flag not given or not readable: the domain default
        if spec.kind == "bool" and values.get(spec.name) is None:
            values.pop(spec.name, None)
    return BY_PATH[entity].cls(**values)


def _enum(enum: Any, value: str) -> Any:
    """The enum member when the text is one; the text itself otherwise, so that validation
    reports it with the accepted values."""
    try:
        return enum(value)
    except ValueError:
        return value


def _summary(entity: str, count: int) -> str:
    noun = BY_PATH[entity].label
    return f"this {noun} was not saved: {count} problem{'s' if count != 1 else ''} to fix"


def default_fields(entity: str) -> dict[str, FieldValue]:
    """Form values of a new record: the domain defaults (an actor is national, a finding
    not assessed with medium confidence...), everything else empty."""
    defaults = {f.name: f.default for f in dataclasses.fields(BY_PATH[entity].cls)
                if f.default is not dataclasses.MISSING}
    fields: dict[str, FieldValue] = {}
    for spec in fields_of(entity):
        value = defaults.get(spec.name)
        if spec.kind == "rating":
            fields[spec.name] = RatingState.NOT_ASSESSED.value
        elif spec.multiple:
            fields[spec.name] = []
        elif spec.kind == "bool":
            fields[spec.name] = "true" if value else "false"
        else:
            fields[spec.name] = "" if value is None else str(value)
    return fields


def record_to_fields(entity: str, record: Any) -> dict[str, FieldValue]:
    """A record as form values (the inverse of :func:`record_from_fields`): what an edit
    form starts from, and what a conflict page compares field by field."""
    fields: dict[str, FieldValue] = {}
    for spec in fields_of(entity):
        if spec.kind == "rating":
            fields["rating"] = (str(record.rating) if record.rating_state == RatingState.RATED
                                else str(record.rating_state))
            continue
        value = getattr(record, spec.name)
        if spec.multiple:
            fields[spec.name] = list(value)
        elif value is None:
            fields[spec.name] = ""
        elif spec.kind == "bool":
            fields[spec.name] = "true" if value else "false"
        elif spec.kind == "float":
            fields[spec.name] = repr(float(value)).removesuffix(".0") \
                if float(value).is_integer() else repr(float(value))
        else:
            fields[spec.name] = str(value)
    return fields


def differing(entity: str, mine: Mapping[str, FieldValue], theirs: Mapping[str, FieldValue]
              ) -> list[str]:
    """Names of the fields whose values differ (lists compared in order: order is kept)."""
    def norm(spec: FieldSpec, value: FieldValue | None) -> object:
        if spec.multiple:
            return _codes(value)
        text = _scalar(value)
        if spec.kind in ("int", "float"):
            try:
                return float(text)
            except ValueError:
                return text
        return text
    return [spec.name for spec in fields_of(entity)
            if spec.kind != "key"
            and norm(spec, mine.get(spec.name)) != norm(spec, theirs.get(spec.name))]


# --- what a form offers ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a select or a checkbox list; ``group`` names the heading it is shown
    under (a provision's instrument)."""

    code: str
    label: str
    group: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceGroup:
    """Options shown together under one heading; ``title`` is empty for options of none."""

    title: str
    choices: tuple[Choice, ...]


class Choices(list[Choice]):
    """The options of one field, in the order offered: a list of :class:`Choice`, so that
    anything reading a plain list reads it too, with the headings a picker shows them under.

    ``groups`` are the runs of options sharing their ``group`` (provisions by instrument).
    ``by_cluster`` is the other grouping a picker of provisions offers, because reports
    follow the Committee's reporting clusters: each cluster with its provisions (one
    provision may sit in several, and is shown under each), then the provisions of no
    cluster by instrument. Empty when the field has no such grouping."""

    def __init__(self, choices: Iterable[Choice] = (), *,
                 by_cluster: Iterable[ChoiceGroup] = ()) -> None:
        super().__init__(choices)
        self.by_cluster = tuple(by_cluster)

    @property
    def groups(self) -> tuple[ChoiceGroup, ...]:
        return group_runs(self)


def group_runs(choices: Iterable[Choice]) -> tuple[ChoiceGroup, ...]:
    """Consecutive options of the same ``group`` under one heading, in the order given."""
    runs: list[tuple[str, list[Choice]]] = []
    for choice in choices:
        if not runs or runs[-1][0] != choice.group:
            runs.append((choice.group, []))
        runs[-1][1].append(choice)
    return tuple(ChoiceGroup(title, tuple(items)) for title, items in runs)


def _by_cluster(catalogue: Catalogue, offered: list[Choice]) -> tuple[ChoiceGroup, ...]:
    """The provisions offered under each reporting cluster that holds any, then the rest by
    instrument (the optional protocols and the other treaties belong to no CRC cluster)."""
    by_code = {choice.code: choice for choice in offered}
    clusters = [ChoiceGroup(cluster.title, tuple(by_code[code] for code in cluster.provisions
                                                 if code in by_code))
                for cluster in catalogue.clusters]
    placed = {choice.code for group in clusters for choice in group.choices}
    rest = group_runs(choice for choice in offered if choice.code not in placed)
    return (*(group for group in clusters if group.choices), *rest)


def field_choices(spec: FieldSpec, catalogue: Catalogue,
                  references: Mapping[str, list[tuple[str, str]]], *, entity: str = ""
                  ) -> list[Choice]:
    """The options of a code, reference or rating field: catalogue codes with their titles,
    or the keys of the records the field refers to with their names. Provisions come
    grouped by instrument and by reporting cluster (:class:`Choices`). A finding is not
    offered procedural provisions, which it cannot rate."""
    if spec.kind == "rating":
        scale = catalogue.rating_scale
        return [Choice(RatingState.NOT_ASSESSED.value, scale.not_assessed),
                Choice(RatingState.NOT_APPLICABLE.value, scale.not_applicable),
                *(Choice(str(level.value), f"{level.value} · {level.label}")
                  for level in scale.levels)]
    if spec.kind in ("ref", "refs"):
        return [Choice(key, f"{key} · {label}" if label and label != key else key)
                for key, label in references.get(spec.source or "", [])]
    if spec.source == "confidence":
        return [Choice(c.value, c.value.capitalize()) for c in Confidence]
    if spec.source == "age_bands":
        return [Choice(band, band) for band in AGE_BANDS]
    if spec.source == "provisions":
        offered = [Choice(p.code, f"{p.code} · {p.title}", instrument.short_title)
                   for instrument in catalogue.instruments for p in instrument.provisions
                   if p.assessable or entity != "findings"]
        return Choices(offered, by_cluster=_by_cluster(catalogue, offered))
    if spec.kind in ("code", "codes") and spec.source:
        return [Choice(item.code, item.title) for item in getattr(catalogue, spec.source)]
    return []


@per_catalogue
def code_titles(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """Vocabulary -> code -> title, to show codes with their titles on record pages.
    Computed once per catalogue and shared: read it, never change it."""
    titles: dict[str, dict[str, str]] = {
        vocabulary: {item.code: item.title for item in getattr(catalogue, vocabulary)}
        for vocabulary in ("areas", "layers", "clusters", "sectors", "child_groups", "forms",
                           "exclusion_criteria", "mandate_functions", "actor_types",
                           "actor_levels", "instrument_kinds", "link_kinds", "evidence_kinds",
                           "indicators")}
    titles["provisions"] = {p.code: p.title for p in catalogue.provisions()}
    titles["confidence"] = {c.value: c.value.capitalize() for c in Confidence}
    return titles
