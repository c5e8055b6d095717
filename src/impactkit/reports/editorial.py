"""The parts of a report only people can write, and where each belongs.

An editorial section is Markdown stored per workspace (see :mod:`impactkit.services.editorial`)
under a key from this vocabulary. The report builders place each one: the introduction and
the context open the national assessment and the alternative report, the conclusions close
them, a cluster's narrative opens that cluster's section, and the State's comments (its right
of reply) follow the conclusions. A section nobody has written is simply left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from impactkit.errors import UsageError

INTRODUCTION = "introduction"
CONTEXT = "context"
CONCLUSIONS = "conclusions"
STATE_COMMENTS = "state-comments"
CLUSTER_PREFIX = "cluster:"

FIXED_SECTIONS: dict[str, str] = {
    INTRODUCTION: "Introduction",
    CONTEXT: "Context",
    CONCLUSIONS: "Conclusions",
    STATE_COMMENTS: "Comments of the State (right of reply)",
}
"""The sections every workspace has, with the heading each takes in a report."""

MAX_BODY_CHARS = 100_000
"""A section's longest text: some forty pages, far more than any report section needs."""


@dataclass(frozen=True, slots=True)
class EditorialSection:
    """One stored section: its key, its Markdown text and its version (1 on creation, one
    more on each save; a save naming an older version is refused as a conflict)."""

    key: str
    body: str
    version: int = 1
    updated_at: datetime | None = None


def cluster_section(cluster_code: str) -> str:
    """The key of a cluster's narrative (``cluster:violence``)."""
    return f"{CLUSTER_PREFIX}{cluster_code}"


def section_keys(cluster_codes: Iterable[str]) -> list[str]:
    """Every section a workspace with these clusters can hold, in the order a form lists
    them: the fixed ones, then one narrative per cluster."""
    return [INTRODUCTION, CONTEXT, *(cluster_section(c) for c in cluster_codes), CONCLUSIONS,
            STATE_COMMENTS]


def check_section_key(key: str, cluster_codes: Iterable[str]) -> str:
    """``key`` when it names a section of such a workspace; UsageError listing them if not."""
    known = section_keys(cluster_codes)
    if key not in known:
        raise UsageError(f"unknown editorial section {key!r}; use one of: {', '.join(known)}")
    return key
