"""Joining the files of a catalogue folder into one document.

The rule is short enough to state in a sentence: a section whose value is a list
(``instruments``, ``indicators``, ``sectors``...) may be spread over several files and is
concatenated in file order; any other section (``key``, ``version``, ``rating_scale``,
``scoring``...) is given in exactly one file. ``replace:`` (used with ``extends:``) is a
mapping of list sections and is joined section by section the same way.

Nothing is validated here beyond what joining needs; the schema and reference checks run
on the joined document, and :class:`Provenance` remembers where each piece came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from impactkit.catalogue.locations import Loc, Provenance, format_loc
from impactkit.catalogue.sources import Source
from impactkit.errors import Problem

REPLACE = "replace"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the value {value!r}"


class _Joiner:
    def __init__(self, root: str) -> None:
        self.data: dict[str, Any] = {}
        self.provenance = Provenance(root)
        self.problems: list[Problem] = []

    def fail(self, location: str, loc: Loc, message: str) -> None:
        self.problems.append(Problem(message, location=location, field=format_loc(loc) or None))

    def add_items(self, target: list[Any], merged: Loc, location: str, local: Loc,
                  items: list[Any]) -> None:
        for index, item in enumerate(items):
            self.provenance.record((*merged, len(target)), location, (*local, index))
            target.append(item)

    def add_section(self, location: str, key: str, value: Any) -> None:
        if isinstance(value, list):
            if key not in self.data:
                self.data[key] = []
                self.provenance.record((key,), location, (key,))
            existing = self.data[key]
            if not isinstance(existing, list):
                self.fail(location, (key,), f"'{key}' is a list here but {_kind(existing)} in "
                          f"{self.provenance.describe((key,))}; use one shape")
                return
            self.add_items(existing, (key,), location, (key,), value)
        elif key in self.data:
            self.fail(location, (key,), f"'{key}' is already given in "
                      f"{self.provenance.describe((key,))}; only list sections may be spread "
                      "over several files")
        else:
            self.data[key] = value
            self.provenance.record((key,), location, (key,))

    def add_replace(self, location: str, value: Any) -> None:
        if not isinstance(value, dict):
            self.fail(location, (REPLACE,), "expected a mapping of sections to lists of items "
                      f"(replace: {{instruments: [...]}}), got {_kind(value)}")
            return
        if REPLACE not in self.data:
            self.data[REPLACE] = {}
            self.provenance.record((REPLACE,), location, (REPLACE,))
        replace = self.data[REPLACE]
        for section, items in value.items():
            if not isinstance(items, list):
                self.fail(location, (REPLACE, str(section)),
                          f"expected a list of items, got {_kind(items)}")
                continue
            target = replace.setdefault(section, [])
            self.add_items(target, (REPLACE, section), location, (REPLACE, section), items)

    def add(self, source: Source) -> None:
        if not isinstance(source.data, dict):  # an empty file; sources rejects other shapes
            return
        for key, value in source.data.items():
            if not isinstance(key, str):
                self.fail(source.location, (str(key),), "a section name must be text")
            elif key == REPLACE:
                self.add_replace(source.location, value)
            else:
                self.add_section(source.location, key, value)


def compose(sources: Sequence[Source], root: str) -> tuple[dict[str, Any], Provenance,
                                                           list[Problem]]:
    """Join parsed files into one document; ``root`` names the catalogue in messages about
    things missing from every file."""
    joiner = _Joiner(root)
    for source in sources:
        joiner.add(source)
    return joiner.data, joiner.provenance, joiner.problems
