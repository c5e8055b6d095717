"""Assembling each comparative jurisdiction into one :class:`~impactkit.domain.WorkspaceData`.

No clock and no global random state: a workspace is a function of ``(seed, jurisdiction)``
alone, so the same seed gives the same data on any machine.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from impactkit.catalogue.schema import Catalogue
from impactkit.demo.build import DEFAULT_SEED
from impactkit.demo.comparative.assessments import assessment_for
from impactkit.demo.comparative.evidence import EvidenceWriter
from impactkit.demo.comparative.jurisdictions import CYCLE, PROFILES, YEAR, Profile
from impactkit.demo.comparative.system import (
    actors_for,
    instruments_for,
    links_for,
    mandates_for,
)
from impactkit.domain import Workspace, WorkspaceData


def workspace_for(profile: Profile) -> Workspace:
    return Workspace(
        key=profile.key, title=f"{profile.name}, {CYCLE} (fictional comparative demo)",
        jurisdiction=profile.jurisdiction, cycle=CYCLE, year=YEAR,
        description=(
            f"Fictional demo: an invented jurisdiction, assessed with the IMPACT method to be "
            f"compared with Veldmark and three others. {profile.description} No real country, "
            f"institution or person is described, and no data about any child is held."),
        created_at=datetime(YEAR, 1, 15, 9, 0, tzinfo=UTC))


def build_jurisdiction(profile: Profile, catalogue: Catalogue, *,
                       seed: int = DEFAULT_SEED) -> WorkspaceData:
    """One comparative workspace. ``catalogue`` (the default one) gives the provisions and
    forms the mandates must cover."""
    rng = random.Random(seed * 10_000 + YEAR * 10 + PROFILES.index(profile))
    actors = actors_for(profile)
    instruments = instruments_for(profile)
    findings, evidence = assessment_for(profile, rng,
                                        EvidenceWriter(profile, actors, instruments))
    return WorkspaceData(
        workspace=workspace_for(profile), actors=actors, instruments=instruments,
        mandates=mandates_for(profile, catalogue), links=links_for(profile),
        findings=findings, evidence=evidence)


def build_comparative(catalogue: Catalogue, *, seed: int = DEFAULT_SEED
                      ) -> list[WorkspaceData]:
    """The four comparative workspaces, in the order of :data:`PROFILES`."""
    return [build_jurisdiction(profile, catalogue, seed=seed) for profile in PROFILES]
