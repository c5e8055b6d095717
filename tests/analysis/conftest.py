"""Tiny hand-made catalogues and workspaces for the analysis tests.

The tiny catalogue is small enough to compute every expectation by hand:

* assessable provisions: CRC-1, CRC-2, CRC-3, CRC-4, OPSC-1 (5); CRC-5 is procedural;
* areas: inclusion, compliance, coherence (3); layers: law-policy, practice (2);
  so the grid has 5 x 3 x 2 = 30 cells, 6 per provision, 10 per area, 15 per layer;
* clusters: violence = {CRC-2, CRC-3}, principles = {CRC-1, CRC-3}, procedural = {CRC-5}
  (no assessable provision, so no cell);
* sectors: child-protection, immigration, labour; groups: unaccompanied, girls, disability;
* scale 0..4; weights: confidence high 1.0, medium 0.7, low 0.4; every status 1.0.

So a score is ``100 * weighted mean / 4`` and a rating r with weight 1 alone scores 25 r.
The helpers are plain functions (hypothesis tests call them directly) wrapped in fixtures.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from impactkit.catalogue.schema import (
    Area,
    Catalogue,
    Cluster,
    ExploitationForm,
    Instrument,
    Provision,
    RatingLevel,
    RatingScale,
    ScoringRules,
    Term,
)
from impactkit.domain import (
    Actor,
    Confidence,
    CoordinationLink,
    Finding,
    FindingStatus,
    Jurisdiction,
    Mandate,
    RatingState,
    Workspace,
    WorkspaceData,
)

TINY_KEY = "tiny"


def _terms(*codes: str) -> list[Term]:
    return [Term(code=c, title=c.replace("-", " ").capitalize()) for c in codes]


def make_catalogue(key: str = TINY_KEY, **scoring: Any) -> Catalogue:
    """The tiny catalogue described in the module doc; ``scoring`` overrides ScoringRules."""
    crc = [Provision(code=f"CRC-{i}", article=str(i), title=f"Right {i}", assessable=i != 5)
           for i in range(1, 6)]
    return Catalogue(
        key=key, version="1", title="Tiny test catalogue",
        instruments=[
            Instrument(code="CRC", title="Convention", short_title="CRC", body="UN",
                       provisions=crc),
            Instrument(code="OPSC", title="Optional protocol", short_title="OPSC", body="UN",
                       provisions=[Provision(code="OPSC-1", article="1", title="Sale")]),
        ],
        clusters=[
            Cluster(code="violence", title="Violence", provisions=["CRC-2", "CRC-3"]),
            Cluster(code="principles", title="Principles", provisions=["CRC-1", "CRC-3"]),
            Cluster(code="procedural", title="Procedural", provisions=["CRC-5"]),
        ],
        areas=[Area(code=c, title=c.capitalize(), questions=["?"])
               for c in ("inclusion", "compliance", "coherence")],
        layers=_terms("law-policy", "practice"),
        needs_dimensions=[], systemic_dimensions=[],
        sectors=_terms("child-protection", "immigration", "labour"),
        child_groups=_terms("unaccompanied", "girls", "disability"),
        forms=[ExploitationForm(code="labour-exploitation", title="Labour exploitation"),
               ExploitationForm(code="sexual-exploitation", title="Sexual exploitation")],
        exclusion_criteria=_terms("documents", "age", "status"),
        mandate_functions=_terms("protection"), actor_types=_terms("agency"),
        actor_levels=_terms("national"), instrument_kinds=_terms("law"),
        link_kinds=_terms("referral", "coordination-body", "funding", "conflict"),
        evidence_kinds=_terms("desk-review"), indicators=[],
        rating_scale=RatingScale(levels=[RatingLevel(value=v, label=str(v), description="")
                                         for v in range(5)]),
        scoring=ScoringRules(**scoring),
    )


def finding(key: str, *, area: str = "compliance", layer: str = "practice",
            provisions: Iterable[str] = ("CRC-1",), rating: int | None = None,
            state: str | None = None, confidence: str = "high", status: str = "draft",
            **extra: Any) -> Finding:
    """A finding; rated when ``rating`` is given, else ``state`` (default not-assessed)."""
    if state is None:
        state = "rated" if rating is not None else "not-assessed"
    return Finding(key=key, area=area, layer=layer, provisions=tuple(provisions),
                   rating=rating, rating_state=RatingState(state),
                   confidence=Confidence(confidence), status=FindingStatus(status),
                   **{k: tuple(v) if isinstance(v, list | tuple) else v
                      for k, v in extra.items()})


def workspace(findings: Iterable[Finding] = (), *, actors: Iterable[Actor] = (),
              mandates: Iterable[Mandate] = (), links: Iterable[CoordinationLink] = (),
              key: str = "ws", catalogue_key: str = TINY_KEY) -> WorkspaceData:
    return WorkspaceData(
        workspace=Workspace(key=key, title=key, cycle="2024",
                            jurisdiction=Jurisdiction(code="XA", name="Testland",
                                                      fictional=True),
                            catalogue_key=catalogue_key),
        actors=list(actors), mandates=list(mandates), links=list(links),
        findings=list(findings))


@pytest.fixture
def catalogue() -> Catalogue:
    return make_catalogue()
