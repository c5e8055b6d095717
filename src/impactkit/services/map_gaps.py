"""The system map's findings as the map page and ``impact map show|gaps`` give them: the
summary counts (one function, so the page, its JSON twin and the CLI cannot disagree) and the
detail behind a gap or an overlap, read on demand.

The map counts the pairs of an overlap that do not work together but lists only a few: on a
map of a hundred thousand actors, listing every pair of every overlap is most of the work.
:func:`overlap_pairs` lists one overlap's pairs, a page at a time. Reading needs read access
to the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.domain import Mandate, WorkspaceData
from impactkit.errors import NotFoundError
from impactkit.services.accounts import Principal, require_read
from impactkit.services.analysis import load_with_catalogue
from impactkit.store.db import Database
from impactkit.systemmap.analysis import (
    MapGap,
    MapReport,
    analyse_map,
    limited_mandates,
    map_gap,
    uncoordinated_of,
    uncoordinated_page,
)


def summary(report: MapReport) -> dict[str, int]:
    """The map in numbers: what the map page's summary, its twin and ``impact map show``
    print."""
    return {"actors": report.actors, "links": report.links, "gaps": len(report.gaps),
            "specialised": len(report.specialised), "overlaps": len(report.overlaps),
            "uncoordinated_pairs": sum(o.uncoordinated_count for o in report.overlaps),
            "conflicts": len(report.conflicts), "isolated": len(report.isolated),
            "bridges": len(report.bridges)}


@dataclass(frozen=True)
class GapDetail:
    """One gap and what lies behind it: the mandates holding the function that stop short of
    children in general in this form, and the names of the actors."""

    gap: MapGap
    limited: list[Mandate]
    names: dict[str, str]


def map_with_pairs(db: Database, principal: Principal, *, workspace_key: str
                   ) -> tuple[WorkspaceData, MapReport,
                              dict[tuple[str, str], list[tuple[str, str]]]]:
    """The map, its analysis and every overlap's uncoordinated pairs, from one load (what
    ``impact map gaps --pairs`` prints)."""
    require_read(db, principal, workspace_key)
    data, catalogue = load_with_catalogue(db, workspace_key)
    report = analyse_map(data, catalogue)
    return data, report, uncoordinated_of(data, catalogue, report.overlaps)


def gap_detail(db: Database, principal: Principal, *, workspace_key: str, form: str,
               function: str) -> GapDetail:
    """The detail behind the map's gap for ``function`` in ``form`` (NotFoundError when the
    map has no such gap)."""
    require_read(db, principal, workspace_key)
    data, catalogue = load_with_catalogue(db, workspace_key)
    gap = map_gap(data, catalogue, form=form, function=function)
    if gap is None:
        raise NotFoundError(f"the map of {workspace_key!r} has no gap for function "
                            f"{function!r} in form {form!r}")
    return GapDetail(gap, limited_mandates(data, catalogue, form=form, function=function),
                     {a.key: a.name for a in data.actors})


@dataclass(frozen=True)
class PairPage:
    """A page of the pairs of one overlap that do not work together."""

    total: int
    page: int
    pages: int
    size: int
    pairs: list[tuple[str, str]]
    names: dict[str, str]


def overlap_pairs(db: Database, principal: Principal, *, workspace_key: str, form: str,
                  function: str, page: int = 1, size: int = 50) -> PairPage:
    """Page ``page`` (clamped to the pages there are) of the pairs of actors mandated for
    ``function`` in ``form`` that do not work together, in key order."""
    require_read(db, principal, workspace_key)
    data, catalogue = load_with_catalogue(db, workspace_key)
    total, page, pairs = uncoordinated_page(data, catalogue, form=form, function=function,
                                            page=page, size=size)
    return PairPage(total, page, max(1, -(-total // size)), size, pairs,
                    {a.key: a.name for a in data.actors})
