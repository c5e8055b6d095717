"""Recommendations made to a State: import, search, read, tag by hand, track.

Recommendations, their actions and status history belong to the workspace's jurisdiction and
are shared by all its workspaces (cycles): an import into any cycle merges into the same
records by their stable keys, so tags, statuses and actions carry from cycle to cycle.
The CLI, the web pages and the API all call these functions, which check the principal's
role in the workspace (viewers read; contributors import, tag, add actions and status
assessments; deleting a recommendation takes the admin role) and run every write in one
transaction, audited in the store.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from impactkit.errors import Problem, UsageError, ValidationError
from impactkit.exchange.recommendations import read_recommendations
from impactkit.input_rules import (
    check_paging,
    check_record_texts,
    check_search,
    key_problem,
    record_text_problems,
)
from impactkit.recommendations.model import (
    TAG_KINDS,
    Action,
    Recommendation,
    StatusAssessment,
    finding_ref,
    split_finding_ref,
)
from impactkit.recommendations.reiteration import families
from impactkit.services.accounts import Principal, Role, can_read, require, require_read
from impactkit.services.records import workspace_catalogue
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as store
from impactkit.store.db import Database
from impactkit.store.recommendation_search import SearchFilters, SearchPage, search

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: what long work reports (the CLI draws bars with it)."""


@dataclass(frozen=True)
class ImportReport:
    workspace_key: str
    source: str
    read: int
    added: int
    updated: int
    unchanged: int
    families: int  # reiteration families with more than one member, after the import


def import_file(db: Database, principal: Principal, *, workspace_key: str, path: Path,
                file_format: str = "auto", mapping: Mapping[str, str] | None = None,
                mechanism: str | None = None, progress: Progress | None = None,
                location: str | None = None, cycle_dates: Mapping[str, date] | None = None
                ) -> ImportReport:
    """Read a whole file (all or nothing: any problem rejects it, with file, row and column),
    group reiterated recommendations, and merge into the State's (see
    :mod:`impactkit.store.recommendations`: re-importing the same file changes nothing).
    ``location`` names the file in messages (an upload's own name, say). ``cycle_dates``
    dates the recommendations of a cycle the file gives no date for (the OHCHR lists give
    none): a cycle's analysis and reports see the recommendations made up to its year."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    catalogue = workspace_catalogue(db, workspace_key)
    _report(progress, "reading", 0, 1)
    records = read_recommendations(path, format=_format(file_format), mapping=mapping,
                                   mechanism=mechanism, catalogue=catalogue,
                                   location=location)
    _report(progress, "reading", 1, 1)
    if cycle_dates:
        records = [dataclasses.replace(r, date=cycle_dates[r.cycle])
                   if r.date is None and r.cycle in cycle_dates else r for r in records]
    # read and written in one write transaction, the rows locked as they are read: an edit
    # saved meanwhile is either seen here (and kept) or waits and meets the new version
    with db.begin_write() as conn:
        stored = store.load_recommendations(conn, workspace_key=workspace_key,
                                            for_update=True)
        incoming = {r.key: r for r in records}
        everything = [*(r for r in stored if r.key not in incoming), *records]
        _report(progress, "grouping reiterations", 0, 1)
        grouped = families(everything)
        _report(progress, "grouping reiterations", 1, 1)
        _report(progress, "saving", 0, len(records))
        saved = store.save_imported(conn, workspace_key=workspace_key, records=records,
                                    families=grouped, by=principal.name,
                                    summary=f"import {path.name}")
        _report(progress, "saving", len(records), len(records))
    sizes: dict[str, int] = {}
    for family in grouped.values():
        sizes[family] = sizes.get(family, 0) + 1
    return ImportReport(workspace_key=workspace_key, source=str(path), read=len(records),
                        added=saved.added, updated=saved.updated, unchanged=saved.unchanged,
                        families=sum(1 for size in sizes.values() if size > 1))


def find(db: Database, principal: Principal, *, workspace_key: str, filters: SearchFilters,
         offset: int = 0, limit: int = 50) -> SearchPage:
    require_read(db, principal, workspace_key)
    check_paging(offset=offset)
    if limit < 1 or limit > MAX_SEARCH_LIMIT:
        raise ValidationError([Problem(f"limit is {limit}; it must be between 1 and "
                                       f"{MAX_SEARCH_LIMIT}.", location="query",
                                       field="limit")],
                              summary="the paging parameters are out of bounds")
    check_search(filter_values(filters))
    with db.connect() as conn:
        return search(conn, workspace_key=workspace_key, filters=filters,
                      offset=offset, limit=limit)


MAX_SEARCH_LIMIT = 1000
"""The most recommendations one search returns at a time."""


def filter_values(filters: object) -> dict[str, object]:
    """The filters of a search that are set, by name, for :func:`check_search`."""
    return {f.name: value for f in dataclasses.fields(filters)  # type: ignore[arg-type]
            if (value := getattr(filters, f.name)) not in (None, "", ())}


def get(db: Database, principal: Principal, *, workspace_key: str, key: str
        ) -> Recommendation:
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return store.get_recommendation(conn, workspace_key=workspace_key, key=key)


def family_of(db: Database, principal: Principal, *, workspace_key: str, key: str
              ) -> list[Recommendation]:
    """The recommendation and every other one that reiterates it, oldest cycle first."""
    found = get(db, principal, workspace_key=workspace_key, key=key)
    page = find(db, principal, workspace_key=workspace_key,
                filters=SearchFilters(family=found.family), limit=1000)
    return sorted(page.items, key=lambda r: (r.cycle, r.key))


def set_tags(db: Database, principal: Principal, *, workspace_key: str, key: str,
             tags: Mapping[str, tuple[str, ...]], expected_version: int) -> Recommendation:
    """Replace some tag lists of a recommendation (a person's decision), checked against
    the workspace's catalogue, and its links to findings (``findings``: keys of findings of
    the same workspace); optimistic locking as for every edit."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    problems = check_tags({k: v for k, v in tags.items() if k != "findings"},
                          workspace_catalogue(db, workspace_key))
    with db.begin() as conn:
        if "findings" in tags:
            tags = {**tags, "findings": tuple(
                f if split_finding_ref(f)[0] else finding_ref(workspace_key, f)
                for f in tags["findings"])}
            problems += _unknown_findings(db, principal, conn, workspace_key,
                                          tags["findings"])
        if problems:
            raise ValidationError(problems, summary="the tags were not saved")
        current = store.get_recommendation(conn, workspace_key=workspace_key, key=key)
        new_tags: dict[str, Any] = {k: tuple(v) for k, v in tags.items()}
        changed = dataclasses.replace(current, **new_tags)
        return store.update_recommendation(conn, workspace_key=workspace_key, record=changed,
                                           expected_version=expected_version,
                                           by=principal.name, summary="tags")


def _unknown_findings(db: Database, principal: Principal, conn: Any, workspace_key: str,
                      refs: Sequence[str]) -> list[Problem]:
    """Links to findings that do not exist (a link names a finding of one of the State's
    workspaces: ``WORKSPACE/KEY``). A workspace the person may not read is treated as holding
    none: its findings are neither linked nor suggested."""
    from impactkit.store.editing import choices
    from impactkit.store.workspaces import state_id, workspace_id

    problems: list[Problem] = []
    known: dict[str, set[str]] = {}
    for ref in refs:
        workspace, key = split_finding_ref(ref)
        if workspace not in known:
            found = workspace_id(conn, key=workspace, missing_ok=True)
            visible = found is not None and (
                workspace == workspace_key
                or (state_id(conn, workspace) == state_id(conn, workspace_key)
                    and can_read(db, principal, workspace)))
            known[workspace] = ({k for k, _ in choices(conn, workspace_key=workspace,
                                                       entity="finding")}
                                if visible else set())
        if key not in known[workspace]:
            problems.append(Problem(f"no finding '{key}' in workspace '{workspace}'"
                                    f"{did_you_mean(key, known[workspace])}",
                                    field="findings"))
    return problems


CATALOGUE_VOCABULARIES = {"clusters": "clusters", "sectors": "sectors",
                          "groups": "child_groups", "forms": "forms"}


def check_tags(tags: Mapping[str, tuple[str, ...]], catalogue: Any) -> list[Problem]:
    """Every code known to the catalogue (provisions, clusters, sectors, groups, forms) or
    one of the summary tags; SDGs and themes are free."""
    problems: list[Problem] = []
    known: dict[str, set[str]] = {
        "provisions": {p.code for p in catalogue.provisions()},
        "summary": {"child-rights", "trafficking"},
        **{kind: {item.code for item in getattr(catalogue, vocabulary)}
           for kind, vocabulary in CATALOGUE_VOCABULARIES.items()}}
    for kind, codes in tags.items():
        if kind not in TAG_KINDS:
            problems.append(Problem(f"unknown kind of tag {kind!r}; use one of "
                                    f"{', '.join(TAG_KINDS)}", field=kind))
            continue
        for code in codes:
            if kind in known and code not in known[kind]:
                problems.append(Problem(f"unknown {kind[:-1] if kind != 'summary' else 'summary'}"
                                        f" tag {code!r}{did_you_mean(code, known[kind])}",
                                        field=kind))
    return problems


# --- tracking --------------------------------------------------------------------------------
def add_status(db: Database, principal: Principal, *, workspace_key: str,
               assessment: StatusAssessment) -> StatusAssessment:
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    check_record_texts(assessment, summary="the status assessment was not saved")
    with db.begin() as conn:
        return tracking.add_status(conn, workspace_key=workspace_key, assessment=assessment,
                                   by=principal.name)


def status_history(db: Database, principal: Principal, *, workspace_key: str, key: str
                   ) -> list[StatusAssessment]:
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return tracking.status_history(conn, workspace_key=workspace_key, recommendation=key)


def list_details(db: Database, principal: Principal, *, workspace_key: str,
                 keys: list[str]) -> dict[str, tuple[StatusAssessment | None, int]]:
    """Latest status and number of reiterations of each of a page of recommendations (in
    three queries, whatever the page size)."""
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return tracking.list_details(conn, workspace_key=workspace_key, keys=keys)


def actions_of(db: Database, principal: Principal, *, workspace_key: str,
               recommendation: str | None = None) -> list[Action]:
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return tracking.load_actions(conn, workspace_key=workspace_key,
                                     recommendation=recommendation)


def get_action(db: Database, principal: Principal, *, workspace_key: str, key: str
               ) -> Action:
    """One action of the State (NotFoundError naming it if there is none)."""
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return tracking.get_action(conn, workspace_key=workspace_key, key=key)


def add_action(db: Database, principal: Principal, *, workspace_key: str, action: Action
               ) -> Action:
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    with db.begin() as conn:
        _check_action_links(conn, workspace_key, action)
        return tracking.add_action(conn, workspace_key=workspace_key, action=action,
                                   by=principal.name)


def update_action(db: Database, principal: Principal, *, workspace_key: str, action: Action,
                  expected_version: int) -> Action:
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    with db.begin() as conn:
        current = tracking.get_action(conn, workspace_key=workspace_key, key=action.key)
        _check_action_links(conn, workspace_key, action, kept_actors=set(current.actors))
        return tracking.update_action(conn, workspace_key=workspace_key, action=action,
                                      expected_version=expected_version, by=principal.name)


def _check_action_links(conn: Any, workspace_key: str, action: Action,
                        kept_actors: Collection[str] = ()) -> None:
    """The action's text, its recommendations (the State's) and the actors it names. An
    action belongs to the State and may be edited from any of its cycles: an actor it already
    names (from the map of the cycle it was written in) is kept; one added now must be an actor
    of this workspace."""
    from impactkit.store.editing import choices

    problems = [Problem(message, field=name) for name, message in record_text_problems(action)]
    if (message := key_problem(action.key)) is not None:
        problems.append(Problem(message, field="key"))
    if not action.title.strip():
        problems.append(Problem("an action needs a key and a title", field="title"))
    recs = {r.key for r in store.load_recommendations(conn, workspace_key=workspace_key,
                                                       keys=action.recommendations)}
    problems += [Problem(f"no recommendation '{key}' in workspace '{workspace_key}'",
                         field="recommendations")
                 for key in action.recommendations if key not in recs]
    actors = {key for key, _ in choices(conn, workspace_key=workspace_key, entity="actor")}
    problems += [Problem(f"no actor '{key}' in workspace '{workspace_key}'"
                         f"{did_you_mean(key, actors)}", field="actors")
                 for key in action.actors if key not in actors and key not in kept_actors]
    if problems:
        raise ValidationError(problems, summary="the action was not saved")


FORMATS = ("auto", "ohchr", "upr-info", "generic")


def _format(name: str) -> Literal["auto", "ohchr", "upr-info", "generic"]:
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    return name  # type: ignore[return-value]


def did_you_mean(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=2, cutoff=0.75)
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)
