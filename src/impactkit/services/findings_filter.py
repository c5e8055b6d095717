"""Which findings the analysis pages count: validated ones only, or all of them.

One vocabulary everywhere, the CLI's: ``status`` names the review statuses to count
(``draft``, ``reviewed``, ``validated``, repeatable) or ``all``. ``impact analyse --status
validated``, ``/workspaces/demo?status=validated`` and ``/api/workspaces/demo/analysis?status=
validated`` mean the same. The pages (dashboard, explanations, comparison and their ``.json``
twins) count **validated findings only** unless told otherwise, because what a page shows is
what gets published; ``?status=all`` counts drafts and reviewed findings too. The CLI and the
API keep counting every finding by default, as they always have, and their JSON says which
(``filter.statuses``).

Each page says in words which findings it counts (:meth:`FindingsFilter.counting`), and its
links to other analysis pages carry the filter (:meth:`FindingsFilter.link`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from impactkit.analysis.index import STATUSES
from impactkit.analysis.report import ALL_STATUSES, normalise_statuses

VALIDATED = "validated"
PAGE_DEFAULT: tuple[str, ...] = (VALIDATED,)
"""What the pages count when the URL does not say: validated findings only."""


@dataclass(frozen=True, slots=True)
class FindingsFilter:
    """The review statuses counted, in workflow order; None counts every finding."""

    statuses: tuple[str, ...] | None

    @property
    def word(self) -> str:
        """The filter as the URL writes it: ``validated``, ``all``, ``reviewed+validated``."""
        return ALL_STATUSES if self.statuses is None else "+".join(self.statuses)

    @property
    def query(self) -> str:
        """The query string that selects this filter (``status=validated``...)."""
        values = (ALL_STATUSES,) if self.statuses is None else self.statuses
        return "&".join(f"status={value}" for value in values)

    @property
    def is_default(self) -> bool:
        return self.statuses == PAGE_DEFAULT

    def link(self, url: str) -> str:
        """``url`` with this filter, so that a link between analysis pages keeps it (the
        default is left out of the URL: a page without ``status`` counts the default)."""
        if self.is_default:
            return url
        return f"{url}{'&' if '?' in url else '?'}{self.query}"

    def counting(self, counted: int, total: int) -> str:
        """The sentence a page shows to say which findings it counts."""
        if self.statuses is None:
            return (f"Counting all {total} findings, draft and reviewed included. "
                    "Only validated findings should be published.")
        if self.statuses == PAGE_DEFAULT:
            return f"Counting validated findings only: {counted} of {total}."
        return (f"Counting findings of these review statuses only: "
                f"{', '.join(self.statuses)} ({counted} of {total}).")

    def as_dict(self) -> dict[str, Any]:
        """The filter as the ``.json`` twins carry it: the statuses as the URL writes them
        and whether that is the pages' default."""
        return {"status": [ALL_STATUSES] if self.statuses is None else list(self.statuses),
                "default": self.is_default}

    def counts(self, counted: int, total: int) -> dict[str, Any]:
        """The findings counted of all, and the sentence that says so."""
        return {"counted": counted, "total": total, "text": self.counting(counted, total)}


def page_filter(values: Sequence[str] | None) -> FindingsFilter:
    """The filter of a page's ``?status=`` values (none: validated only). Unknown values are
    refused (UsageError, 400) with the accepted ones."""
    if not values:
        return FindingsFilter(PAGE_DEFAULT)
    wanted = normalise_statuses([v.strip() for v in values])
    if wanted is None:
        return FindingsFilter(None)
    return FindingsFilter(tuple(s for s in STATUSES if s in wanted))


def switch(current: FindingsFilter) -> list[dict[str, Any]]:
    """The two choices a page offers, "validated only" and "all findings", with which is on
    (their URLs are built by the page from :meth:`FindingsFilter.query`)."""
    return [{"status": VALIDATED, "label": "Validated findings only",
             "query": "status=validated", "current": current.statuses == PAGE_DEFAULT},
            {"status": ALL_STATUSES, "label": "All findings",
             "query": f"status={ALL_STATUSES}", "current": current.statuses is None}]
