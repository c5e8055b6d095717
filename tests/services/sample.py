"""The small sample workspace of the service and store tests (see conftest.py)."""

from __future__ import annotations

from impactkit.domain import (
    Actor,
    Confidence,
    CoordinationLink,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    Jurisdiction,
    Mandate,
    NationalInstrument,
    RatingState,
    Workspace,
    WorkspaceData,
)

WS = "xa-2024"
ROLES = {"viewer": "viewer", "contributor": "contributor", "reviewer": "reviewer",
         "wsadmin": "admin"}


def sample_data() -> WorkspaceData:
    workspace = Workspace(
        key=WS, title="Atlantis (fictional) 2024", cycle="2024", year=2024,
        jurisdiction=Jurisdiction(code="XAT", name="Atlantis (fictional)", fictional=True))
    return WorkspaceData(
        workspace=workspace,
        actors=[Actor(key="moj", name="Ministry of Justice", sector="judiciary",
                      type="ministry"),
                Actor(key="lab", name="Labour inspectorate", sector="labour")],
        instruments=[NationalInstrument(key="lc", title="Labour Code", kind="law", year=2011,
                                        provisions=("CRC-32", "ILO182-3"),
                                        sectors=("labour",))],
        mandates=[Mandate(key="m1", actor_key="lab", provisions=("CRC-32",),
                          forms=("labour-exploitation",), functions=("identification",),
                          legal_basis="lc")],
        links=[CoordinationLink(key="l1", source_key="moj", target_key="lab",
                                kind="referral", legal_basis="lc")],
        findings=[
            Finding(key="F1", area="compliance", layer="practice",
                    provisions=("CRC-32", "ILO182-3"), sectors=("labour", "judiciary"),
                    groups=("working",), rating=1, rating_state=RatingState.RATED,
                    confidence=Confidence.HIGH, title="Inspections rare",
                    narrative="Only 3 farm inspections in 100% of districts_sampled.",
                    status=FindingStatus.VALIDATED, author="team", reviewed_by="peer",
                    validated_by="lead"),
            Finding(key="F2", area="inclusion", layer="law-policy", clusters=("violence",),
                    sectors=("child-protection",), exclusion_criteria=("documents",),
                    title="Undocumented children left out", author="team"),
            Finding(key="F3", area="effectiveness", layer="practice",
                    provisions=("CRC-19",), sectors=("child-protection",), rating=2,
                    rating_state=RatingState.RATED, title="Referrals slow",
                    status=FindingStatus.REVIEWED, author="team", reviewed_by="peer"),
        ],
        evidence=[Evidence(key="E1", finding_key="F1", kind="statistics",
                           title="Inspectorate annual report", date="2023")],
        indicator_values=[IndicatorValue(key="I1", indicator="minimum-age-employment",
                                         year=2022, value=15, group="rural")],
    )
