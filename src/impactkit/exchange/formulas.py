"""Keep exported text from running as a spreadsheet formula, and read it back unchanged.

A recommendation or a finding may hold any text, including text a spreadsheet program runs
when it opens a CSV or XLSX file: ``=HYPERLINK("http://...")``, ``@SUM(1+1)*cmd|' /C calc'!A0``
(CSV injection). Every CSV and XLSX IMPACT writes passes its text cells through
:func:`neutralise`, which follows the OWASP advice: a cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as plain
text (and drop from the cell's value).

So that a Data Package still reads back exactly, the rule also covers text that already starts
with apostrophes followed by one of those characters (``'=x`` is written ``''=x``), and
:func:`restore` removes exactly one apostrophe from such a cell and from no other: ``'tis``
stays ``'tis`` both ways.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = re.compile(r"'*[=+\-@\t\r]")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is text a spreadsheet would run; any other
    value unchanged."""
    if isinstance(value, str) and _GUARDED.match(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text :func:`neutralise` was given: one leading apostrophe less, where it added one."""
    if text.startswith("'") and _GUARDED.match(text, 1):
        return text[1:]
    return text
