"""Yes/no answers typed by people: one set of words for forms, files, the API and the CLI.

Every place that reads a yes or a no (a checkbox, a cell of an imported table, a setting
given as text) reads it here, so a word accepted in one is accepted in all.
"""

from __future__ import annotations

TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})
ACCEPTED = "true/false, yes/no, on/off or 1/0"


class FlagError(ValueError):
    """The text is neither a yes nor a no. Callers turn it into their own kind of error
    (a problem at a file's row and column, a form field's message, a usage error)."""


def parse_flag(text: str, *, blank: bool | None = None) -> bool:
    """``text`` as a boolean, whatever its case and surrounding spaces. A blank text is
    ``blank`` when given (an unticked checkbox sends nothing), else an error."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if not word and blank is not None:
        return blank
    raise FlagError(f"{text!r} is neither yes nor no (accepted: {ACCEPTED})")
