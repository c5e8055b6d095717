"""A labelled table: recommendation texts and the labels someone gave them, in their words.

The table (read from a CSV or XLSX file by :func:`impactkit.exchange.sources.read_table`, which
this pure layer does not import) has a text column and one or more label columns (several
labels in one cell, split on a separator). A mapping turns their labels into our tags:
``{"Children": "child-rights", "Human trafficking & contemporary forms of slavery":
"trafficking"}``. A label ending in ``*`` matches every label that starts with the rest
(``Children in vulnerable situations*``). Without a mapping the labels must already be our tag
strings (``child-rights``, ``provision:CRC-32``...).

Every problem is reported at once, each naming the file, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from impactkit.errors import Problem, UsageError, ValidationError
from impactkit.recommendations.tagging.catalogue_view import CatalogueView
from impactkit.recommendations.tagging.suggestions import (
    SUMMARY,
    TAG_HELP,
    parse_tag,
    tag_text,
)


class Table(Protocol):
    """Rows of text cells as :class:`impactkit.exchange.sources.RawTable` holds them: each row
    with the number a spreadsheet shows (the header is row 1)."""

    location: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


@dataclass(slots=True)
class LabelledSet:
    """Texts, the set of our tags each carries, and the tags being evaluated (in the order
    the mapping names them)."""

    location: str
    texts: list[str]
    labels: list[set[str]]
    tags: list[str]


@dataclass(frozen=True, slots=True)
class _Rule:
    their: str  # case-folded, without the trailing '*'
    prefix: bool
    tag: str

    def matches(self, label: str) -> bool:
        folded = label.casefold()
        return folded.startswith(self.their) if self.prefix else folded == self.their


def check_tag(text: str, catalogue: CatalogueView) -> str:
    """``text`` as a canonical tag string, or a :class:`UsageError` saying what is accepted
    (a catalogue code must exist in the catalogue)."""
    kind, code = parse_tag(text)
    tag = tag_text(kind, code)
    if kind != SUMMARY and tag not in catalogue.titles:
        raise UsageError(f"unknown tag {text!r}: the catalogue has no {kind[:-1]} {code!r} "
                         f"(accepted: {TAG_HELP})")
    return tag


def parse_mapping(entries: Sequence[str]) -> dict[str, str]:
    """``["Children=child-rights", ...]`` (the CLI's repeated ``--map``) as a dict. The last
    ``=`` separates, so their label may itself contain one."""
    mapping: dict[str, str] = {}
    for entry in entries:
        their, sep, ours = entry.rpartition("=")
        if not sep or not their.strip() or not ours.strip():
            raise UsageError(f"--map {entry!r}: expected 'THEIR LABEL=OUR TAG', "
                             f"OUR TAG being {TAG_HELP}")
        mapping[their.strip()] = ours.strip()
    return mapping


def read_labelled(table: Table, *, text_column: str, labels_column: str | Sequence[str],
                  separator: str = "|", mapping: Mapping[str, str] | None = None,
                  catalogue: CatalogueView | None = None) -> LabelledSet:
    """Check a labelled table and read its texts and tags; raises :class:`ValidationError`
    listing every problem (missing column, mapped label that never occurs, empty text, unknown
    tag), each with the file, row and column."""
    catalogue = catalogue or CatalogueView.default()
    label_columns = [labels_column] if isinstance(labels_column, str) else list(labels_column)
    if not label_columns:
        raise UsageError("name the column(s) holding the labels (--labels-column)")
    rules = [_Rule(their.rstrip("*").strip().casefold(), their.rstrip().endswith("*"),
                   check_tag(ours, catalogue)) for their, ours in (mapping or {}).items()]
    location = table.location
    header = [name.strip() for name in table.header]
    problems = [Problem(f"no column {column!r}; the columns are: {', '.join(header)}",
                        location=location, field=column)
                for column in [text_column, *label_columns] if column not in header]
    if not table.rows:
        problems.append(Problem("no data rows under the header", location=location))
    if problems:
        raise ValidationError(problems, summary=f"{location}: cannot evaluate this file")
    text_at = header.index(text_column)
    label_at = [header.index(column) for column in label_columns]
    texts: list[str] = []
    labels: list[set[str]] = []
    used: set[_Rule] = set()
    for number, cells in table.rows:
        text = cells[text_at].strip() if text_at < len(cells) else ""
        if not text:
            problems.append(Problem("empty recommendation text", location=location,
                                    row=number, field=text_column))
        tags: set[str] = set()
        for column, at in zip(label_columns, label_at, strict=True):
            cell = cells[at] if at < len(cells) else ""
            for label in (part.strip() for part in (cell.split(separator) if separator
                                                    else [cell])):
                if not label:
                    continue
                if not rules:
                    try:
                        tags.add(check_tag(label, catalogue))
                    except UsageError as error:
                        problems.append(Problem(f"{error.message}; or give a mapping "
                                                f"(--map 'THEIR LABEL=OUR TAG')",
                                                location=location, row=number, field=column))
                    continue
                for rule in rules:
                    if rule.matches(label):
                        tags.add(rule.tag)
                        used.add(rule)
        texts.append(text)
        labels.append(tags)
    for their, rule in zip((mapping or {}), rules, strict=True):
        if rule not in used:
            problems.append(Problem(
                f"the mapped label {their!r} never occurs (labels are split on "
                f"{separator!r}; a trailing '*' matches by prefix)",
                location=location, field=", ".join(label_columns)))
    if problems:
        raise ValidationError(problems, summary=f"{location}: cannot evaluate this file")
    evaluated = list(dict.fromkeys(rule.tag for rule in rules)) or sorted(
        {tag for tag_set in labels for tag in tag_set})
    return LabelledSet(location, texts, labels, evaluated)


@dataclass(slots=True)
class JoinedTable:
    """A texts table with label columns taken from another table (see :func:`join_labels`)."""

    location: str
    header: list[str]
    rows: list[tuple[int, list[str]]]


def join_labels(texts: Table, labels: Table, *, on: Sequence[str],
                label_columns: Sequence[str]) -> JoinedTable:
    """``texts`` with ``label_columns`` of the row of ``labels`` that has the same values in
    the ``on`` columns (a translated sample keeps the source's identifiers and nothing else;
    its labels stay in the source file). Every text row must find exactly one labels row;
    every problem is reported at once."""
    text_header = [name.strip() for name in texts.header]
    label_header = [name.strip() for name in labels.header]
    problems = [Problem(f"no column {column!r}; the columns are: {', '.join(header)}",
                        location=table.location, field=column)
                for table, header, columns in ((texts, text_header, on),
                                               (labels, label_header, [*on, *label_columns]))
                for column in columns if column not in header]
    problems += [Problem(f"the column {column!r} is in both files: label columns come from "
                         f"{labels.location}", location=texts.location, field=column)
                 for column in label_columns if column in text_header]
    if not on:
        problems.append(Problem("name the column(s) that identify a row in both files (--join)",
                                location=texts.location))
    if problems:
        raise ValidationError(problems, summary=f"{texts.location}: cannot evaluate this file")
    key_at = [label_header.index(c) for c in on]
    value_at = [label_header.index(c) for c in label_columns]
    found: dict[tuple[str, ...], list[str]] = {}
    for number, cells in labels.rows:
        key = tuple(cells[i].strip() if i < len(cells) else "" for i in key_at)
        if key in found:
            problems.append(Problem(f"two rows have {_describe(on, key)}", location=labels.location,
                                    row=number, field=", ".join(on)))
        found[key] = [cells[i] if i < len(cells) else "" for i in value_at]
    text_key_at = [text_header.index(c) for c in on]
    rows: list[tuple[int, list[str]]] = []
    for number, cells in texts.rows:
        key = tuple(cells[i].strip() if i < len(cells) else "" for i in text_key_at)
        if key not in found:
            problems.append(Problem(f"no row of {labels.location} has {_describe(on, key)}",
                                    location=texts.location, row=number, field=", ".join(on)))
            continue
        rows.append((number, [*cells, *([""] * (len(text_header) - len(cells))), *found[key]]))
    if problems:
        raise ValidationError(problems, summary=f"{texts.location}: cannot evaluate this file")
    return JoinedTable(texts.location, [*text_header, *label_columns], rows)


def _describe(columns: Sequence[str], values: Sequence[str]) -> str:
    return ", ".join(f"{c}={v!r}" for c, v in zip(columns, values, strict=True))
