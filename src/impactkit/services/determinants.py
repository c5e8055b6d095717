"""Key determinants of risk and protection over one or more workspaces, for whoever may read
them all (see :mod:`impactkit.analysis.determinants` for the rules)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from impactkit.analysis.determinants import DeterminantReport, key_determinants
from impactkit.domain import Workspace
from impactkit.errors import UsageError
from impactkit.services.accounts import Principal, require_read
from impactkit.services.analysis import analysis_input
from impactkit.store.db import Database


def label_of(workspace: Workspace) -> str:
    """How a workspace is named among others: its jurisdiction and cycle."""
    return f"{workspace.jurisdiction.name} ({workspace.cycle})"


def determinants(db: Database, principal: Principal, *, keys: Sequence[str],
                 statuses: Collection[str] | None = None, min_findings: int = 3,
                 min_difference: float = 10.0) -> DeterminantReport:
    if not keys:
        raise UsageError("name at least one workspace")
    inputs = []
    catalogue = None
    for key in dict.fromkeys(keys):
        require_read(db, principal, key)
        data, catalogue_of = analysis_input(db, key)
        if catalogue is not None and catalogue_of.key != catalogue.key:
            raise UsageError("the workspaces use different catalogues; compare workspaces "
                             "assessed with one catalogue")
        catalogue = catalogue_of
        inputs.append((label_of(data.workspace), data))
    assert catalogue is not None
    return key_determinants(inputs, catalogue, statuses=statuses, min_findings=min_findings,
                            min_difference=min_difference)
