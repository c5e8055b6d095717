"""Moving a State's records in and out: its own package (recommendations, actions, status
history, tag suggestions, indicator panel, indicator definitions), and the checks and writes
a workspace's package shares with it (:func:`impactkit.services.exchange.import_datapackage`).

A State's records are refused whole, with file, row and field, when the application would
refuse them one by one (:func:`reference_problems`): a tag the catalogue does not know, an
action answering a recommendation or naming an actor that exists neither in the package nor
in the database, an own recommendation related to a recommendation that exists nowhere.
Records already stored for the State are kept when the package gives them equal; any that
differ refuse the whole import (:func:`impactkit.store.package_records.state_conflicts`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from impactkit.catalogue.indicator_model import Indicator
from impactkit.catalogue.schema import Catalogue
from impactkit.errors import ImportRejected, NotFoundError, Problem, UsageError
from impactkit.exchange.datapackage import package_kind
from impactkit.exchange.record_tables import DefinitionRecord, OwnRecord, StateRecords
from impactkit.exchange.state_package import export_state_package, read_state_package
from impactkit.recommendations.model import TAG_KINDS, finding_ref, split_finding_ref
from impactkit.services.accounts import Principal, can_read, require_read, require_site_admin
from impactkit.services.catalogue import workspace_catalogue
from impactkit.services.recommendations import check_tags, did_you_mean
from impactkit.store import package_records, workspaces
from impactkit.store.db import Connection, Database

OWN_TAG_KINDS = ("provisions", "clusters", "sectors", "groups")
"""The tags of an own recommendation, checked like a recommendation's."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import added (a workspace's package, a State's, a table), and where."""

    workspace_key: str
    source: str
    counts: dict[str, int]
    created_workspace: bool


def is_state_package(path: Path) -> bool:
    """Whether ``path`` (a package folder or descriptor) holds a State's records."""
    return package_kind(path) == "state"


def export_state(db: Database, principal: Principal, *, code: str, directory: Path) -> Path:
    """Write a State's package (its recommendations, actions, status history, suggestions,
    indicator panel and the indicator definitions) into ``directory``: whoever may read one
    of its workspaces, whose records the store gives for the State."""
    db.require_current()
    with db.connect() as conn:
        keys = package_records.state_workspaces(conn, jurisdiction=code)
    readable = [key for key in keys if can_read(db, principal, key)]
    if not readable:
        if keys:
            require_read(db, principal, keys[0])  # says why
        raise NotFoundError(f"no workspace of the State '{code}' in this database")
    with db.connect() as conn:
        state = package_records.load_state(conn, workspace_key=readable[0])
        jurisdiction = workspaces.get_workspace(conn, key=readable[0]).jurisdiction
    return export_state_package(jurisdiction, state, directory)


def import_state(db: Database, principal: Principal, *, path: Path) -> ImportReport:
    """Add a State's package to the State's records in this database (site administrators:
    it writes indicator definitions every workspace shares). The State needs a workspace
    here; tags are checked against the catalogue of its newest workspace. Records already
    stored equal are kept, any that differ refuse the whole import."""
    require_site_admin(principal, to="import a State's records")
    db.require_current()
    package = read_state_package(path)
    code = package.jurisdiction.code
    with db.connect() as conn:
        keys = package_records.state_workspaces(conn, jurisdiction=code)
    if not keys:
        raise UsageError(f"{path}: the State '{code}' has no workspace in this database; "
                         "import or create one of its workspaces first")
    definitions = package.state.indicator_definitions
    catalogue = with_definitions(workspace_catalogue(db, keys[0]), definitions)
    paths = resource_paths(path)
    problems = definition_problems(definitions, location=paths["indicator_definitions"],
                                   rows=package.rows.get("indicator_definitions", ()))
    with db.begin_write() as conn:
        keys = package_records.state_workspaces(conn, jurisdiction=code)
        if not keys:
            raise UsageError(f"{path}: the State '{code}' has no workspace in this database; "
                             "import or create one of its workspaces first")
        problems += state_reference_problems(conn, package.state, (), code=code,
                                             catalogue=catalogue, rows=package.rows,
                                             paths=paths)
        if problems:
            raise ImportRejected(problems, summary=f"{path}: {len(problems)} problem(s); "
                                 "nothing was imported")
        counts = write_state(conn, keys[0], package.state, path, principal.name)
    return ImportReport(workspace_key=keys[0], source=str(path), counts=counts,
                        created_workspace=False)


def write_state(conn: Connection, workspace_key: str, state: StateRecords, path: Path,
                user: str) -> dict[str, int]:
    """Write the State's records not stored yet (inside the caller's write transaction);
    refused whole when one is stored otherwise."""
    fresh, conflicts = package_records.state_conflicts(conn, workspace_key=workspace_key,
                                                       incoming=state,
                                                       paths=resource_paths(path))
    if conflicts:
        raise ImportRejected(conflicts, summary=f"{path}: {len(conflicts)} record(s) of the "
                             "State are stored otherwise; nothing was imported")
    return package_records.write_state(conn, workspace_key=workspace_key, records=fresh,
                                       user=user, summary=f"import {path.name}")


def resource_paths(path: Path) -> dict[str, str]:
    """Where each resource of the package at ``path`` (its folder or descriptor) is."""
    folder = path if path.is_dir() else path.parent
    names = ("recommendations", "actions", "status_history", "tag_suggestions",
             "indicator_panel", "indicator_definitions", "own_recommendations")
    return {name: str(folder / f"{name}.csv") for name in names}


# --- checks ---------------------------------------------------------------------------------
def definition_problems(definitions: Sequence[DefinitionRecord], *, location: str,
                        rows: Sequence[int] = ()) -> list[Problem]:
    """Each definition must be an indicator as the catalogue defines them, under its code
    (``rows``: the row of each in its file)."""
    problems = []
    for i, definition in enumerate(definitions):
        row = _row(rows, i)
        where = f"indicator_definitions[{definition.code}].document"
        try:
            indicator = Indicator.model_validate(definition.document)
        except ValidationError as exc:
            reasons = "; ".join(f"{'.'.join(str(part) for part in error['loc']) or 'document'}"
                                f": {error['msg']}" for error in exc.errors())
            problems.append(Problem(f"not an indicator definition: {reasons}",
                                    location=location, row=row, field=where))
            continue
        if indicator.code != definition.code:
            problems.append(Problem(f"the document defines '{indicator.code}', not "
                                    f"'{definition.code}'", location=location, row=row,
                                    field=where))
    return problems


def state_reference_problems(conn: Connection, state: StateRecords,
                             own: Sequence[OwnRecord], *, code: str, catalogue: Catalogue,
                             rows: Mapping[str, Sequence[int]], paths: Mapping[str, str],
                             actors: Sequence[str] = ()) -> list[Problem]:
    """:func:`reference_problems` against what the State ``code`` already has in the
    database (read on ``conn``, inside the caller's transaction): its recommendations, and
    the actors of its workspaces besides the package's own ``actors``."""
    stored_recommendations, stored_actors = package_records.state_keys(conn, jurisdiction=code)
    return reference_problems(state, own, catalogue=catalogue, rows=rows, paths=paths,
                              recommendations={*stored_recommendations,
                                               *(r.key for r in state.recommendations)},
                              state_actors={*stored_actors, *actors}, actors=set(actors),
                              code=code)


def reference_problems(state: StateRecords, own: Sequence[OwnRecord], *,
                       catalogue: Catalogue, rows: Mapping[str, Sequence[int]],
                       paths: Mapping[str, str], recommendations: set[str],
                       state_actors: set[str], actors: set[str], code: str
                       ) -> list[Problem]:
    """Tags and references the application would refuse, each by file, row and field:
    recommendations' tags unknown to ``catalogue``; an action answering a recommendation
    not in ``recommendations`` (the package's and the State's), or naming an actor not in
    ``state_actors`` (an action is the State's: an actor of any of its workspaces will do);
    an own recommendation with an unknown tag, addressed to an actor not in ``actors`` (the
    workspace's) or related to a recommendation not in ``recommendations``."""
    problems: list[Problem] = []

    def add(resource: str, i: int, found: Sequence[Problem]) -> None:
        problems.extend(Problem(p.message, location=paths[resource],
                                row=_row(rows.get(resource, ()), i), field=p.field)
                        for p in found)

    for i, recommendation in enumerate(state.recommendations):
        add("recommendations", i, check_tags(
            {kind: getattr(recommendation, kind) for kind in TAG_KINDS}, catalogue))
    for i, action in enumerate(state.actions):
        add("actions", i, [
            Problem(f"no recommendation '{key}' in the package nor stored for the State "
                    f"'{code}'{did_you_mean(key, recommendations)}", field="recommendations")
            for key in action.recommendations if key not in recommendations])
        add("actions", i, [
            Problem(f"no actor '{key}' in the package nor in another workspace of the State "
                    f"'{code}'{did_you_mean(key, state_actors)}", field="actors")
            for key in action.actors if key not in state_actors])
    for i, record in enumerate(own):
        mine = record.recommendation
        add("own_recommendations", i, check_tags(
            {kind: getattr(mine, kind) for kind in OWN_TAG_KINDS}, catalogue))
        add("own_recommendations", i, [
            Problem(f"no actor '{key}' in the package{did_you_mean(key, actors)}",
                    field="actors") for key in mine.actors if key not in actors])
        add("own_recommendations", i, [
            Problem(f"no recommendation '{key}' in the package nor stored for the State "
                    f"'{code}'{did_you_mean(key, recommendations)}", field="related")
            for key in mine.related if key not in recommendations])
    return problems


def _row(rows: Sequence[int], i: int) -> int | None:
    return rows[i] if i < len(rows) else None


# --- the catalogue and links as they will be --------------------------------------------------
def with_definitions(catalogue: Catalogue, definitions: Sequence[DefinitionRecord]
                     ) -> Catalogue:
    """The catalogue as it will be once the package's definitions are stored."""
    own = {i.code for i in catalogue.indicators}
    extra = []
    for definition in definitions:
        try:
            indicator = Indicator.model_validate(definition.document)
        except ValidationError:
            continue  # reported by definition_problems
        if indicator.code not in own:
            extra.append(indicator)
    if not extra:
        return catalogue
    return catalogue.model_copy(update={"indicators": [*catalogue.indicators, *extra]})


def linked_findings(state: StateRecords, *, exported: str, imported: str,
                    follow: bool) -> StateRecords:
    """Links from recommendations to findings as they are stored for a workspace exported
    as ``exported`` and imported as ``imported``: a bare finding key (the package's own
    workspace) is qualified with ``exported``; and when ``follow`` (the exported workspace
    is not in the database), links to ``exported`` follow it to ``imported``."""
    def stored(ref: str) -> str:
        workspace, finding = split_finding_ref(ref)
        workspace = workspace or exported
        return finding_ref(imported if follow and workspace == exported else workspace,
                           finding)

    return dataclasses.replace(state, recommendations=[
        dataclasses.replace(r, findings=tuple(stored(ref) for ref in r.findings))
        for r in state.recommendations])
