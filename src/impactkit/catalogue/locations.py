"""Where a thing sits in a catalogue, and which file it came from.

A catalogue may be spread over many files (the default one is) and may extend another one,
so every check works on the *merged* document and names places with a merged location
(``("indicators", 12, "areas", 0)``). The user, though, must be told the file and the path
inside that file. :class:`Provenance` records, while files are merged, where each merged
section and list item came from, and turns a merged location back into a file and a
``indicators[3].areas[0]`` path.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.errors import Problem

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """``("indicators", 12, "areas", 0)`` -> ``indicators[12].areas[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in the merged document, before it is located in a file."""

    loc: Loc
    message: str


class Provenance:
    """Maps merged locations to (file, location inside that file).

    Entries are recorded for prefixes (a section, a list item, a single field); a location is
    resolved through its longest recorded prefix, so ``("indicators", 12, "areas", 0)`` is
    found through the entry for ``("indicators", 12)``.
    """

    def __init__(self, root: str) -> None:
        self.root = root
        self._entries: dict[Loc, tuple[str, Loc]] = {}

    def record(self, merged: Loc, location: str, local: Loc) -> None:
        self._entries[merged] = (location, local)

    def forget(self, merged: Loc) -> None:
        self._entries.pop(merged, None)

    def copy(self) -> Provenance:
        clone = Provenance(self.root)
        clone._entries = dict(self._entries)
        return clone

    def resolve(self, loc: Loc) -> tuple[str, Loc]:
        for size in range(len(loc), 0, -1):
            entry = self._entries.get(loc[:size])
            if entry is not None:
                location, local = entry
                return location, local + loc[size:]
        return self.root, loc

    def describe(self, loc: Loc) -> str:
        """``"clusters.yaml, clusters[3].code"``: for messages that point at a second place."""
        location, local = self.resolve(loc)
        return f"{location}, {format_loc(local)}" if local else location

    def problem(self, issue: Issue) -> Problem:
        location, local = self.resolve(issue.loc)
        return Problem(message=issue.message, location=location, field=format_loc(local) or None)
