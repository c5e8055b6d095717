"""A small hand-built catalogue and a valid workspace, shared by exchange and validation tests.

The catalogue uses the project's fixed vocabulary codes but only three instruments, so tests
do not depend on the default catalogue's YAML (written elsewhere) and expectations can be
worked out by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime

from impactkit.catalogue.schema import (
    Area,
    Catalogue,
    Cluster,
    ExploitationForm,
    Indicator,
    Instrument,
    NeedsDimension,
    Provision,
    RatingLevel,
    RatingScale,
    Term,
)
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

SECTORS = ("child-protection", "law-enforcement", "judiciary", "labour", "education", "health",
           "immigration", "social-economic", "finance-budget", "governance")
CHILD_GROUPS = ("unaccompanied", "separated", "asylum-seeking", "refugee", "undocumented",
                "stateless", "ethnic-minority", "disability", "alternative-care", "out-of-school",
                "street-connected", "working", "trafficking-victims", "in-conflict-with-law",
                "deprived-of-liberty", "girls", "boys", "lgbtqi", "rural", "poverty",
                "left-behind")
FORMS = ("sexual-exploitation", "online-sexual-exploitation", "labour-exploitation",
         "domestic-servitude", "forced-begging", "forced-criminality", "child-marriage",
         "illegal-adoption", "organ-removal", "armed-recruitment", "sale-of-children")
AREAS = ("inclusion", "compliance", "appropriateness", "effectiveness", "coherence")
LAYERS = ("law-policy", "practice", "child-perspective")
EXCLUSION_CRITERIA = ("status", "age", "nationality", "documents", "place",
                      "form-of-exploitation")
FUNCTIONS = ("identification", "referral", "assessment", "protection", "prosecution",
             "prevention", "monitoring", "durable-solution")
ACTOR_TYPES = ("ministry", "agency", "court", "police", "prosecution", "municipality", "service",
               "ngo", "ombudsperson", "guardianship", "coordination-body", "international")
ACTOR_LEVELS = ("national", "regional", "local")
INSTRUMENT_KINDS = ("law", "regulation", "policy", "plan", "protocol", "budget-line")
LINK_KINDS = ("referral", "coordination-body", "data-sharing", "funding", "supervision",
              "conflict")
EVIDENCE_KINDS = ("desk-review", "statistics", "key-informant-interview", "child-consultation",
                  "validation-workshop", "case-file-review", "ngo-report", "monitoring-report")
INDICATORS = ("birth-registration-rate", "identified-child-victims")


def _terms(codes: tuple[str, ...]) -> list[Term]:
    return [Term(code=code, title=code.replace("-", " ").capitalize()) for code in codes]


def _instrument(code: str, count: int, *, aliases: tuple[str, ...] = (),
                procedural_from: int | None = None) -> Instrument:
    return Instrument(
        code=code, title=f"{code} (test)", short_title=code, body="UN", aliases=list(aliases),
        provisions=[Provision(code=f"{code}-{n}", article=str(n), title=f"Article {n}",
                              assessable=procedural_from is None or n < procedural_from)
                    for n in range(1, count + 1)])


def build_catalogue() -> Catalogue:
    """CRC (54 articles, 43-54 procedural), OPSC (17) and PALERMO (20, alias PALERMO_TIP)."""
    return Catalogue(
        key="test-catalogue", version="1", title="Small test catalogue",
        instruments=[_instrument("CRC", 54, procedural_from=43), _instrument("OPSC", 17),
                     _instrument("PALERMO", 20, aliases=("PALERMO_TIP",))],
        clusters=[
            Cluster(code="general-measures", title="General measures",
                    provisions=["CRC-4", "CRC-42", "CRC-44"]),
            Cluster(code="violence", title="Violence against children",
                    provisions=["CRC-19", "CRC-34", "CRC-37", "CRC-39"]),
            Cluster(code="special-protection", title="Special protection measures",
                    provisions=[f"CRC-{n}" for n in (22, 30, 32, 33, 34, 35, 36, 37, 38, 39,
                                                      40)]),
        ],
        areas=[Area(code=code, title=code.capitalize(), questions=["Does it hold?"])
               for code in AREAS],
        layers=_terms(LAYERS),
        needs_dimensions=[NeedsDimension(code="protection", title="Protection",
                                         provisions=["CRC-19"])],
        systemic_dimensions=_terms(("coordination", "legislative")),
        sectors=_terms(SECTORS),
        child_groups=_terms(CHILD_GROUPS),
        forms=[ExploitationForm(code=code, title=code) for code in FORMS],
        exclusion_criteria=_terms(EXCLUSION_CRITERIA),
        mandate_functions=_terms(FUNCTIONS),
        actor_types=_terms(ACTOR_TYPES),
        actor_levels=_terms(ACTOR_LEVELS),
        instrument_kinds=_terms(INSTRUMENT_KINDS),
        link_kinds=_terms(LINK_KINDS),
        evidence_kinds=_terms(EVIDENCE_KINDS),
        indicators=[Indicator(code=code, title=code, type="outcome", unit="%")
                    for code in INDICATORS],
        rating_scale=RatingScale(levels=[
            RatingLevel(value=v, label=label, description=label)
            for v, label in enumerate(("absent", "weak", "partial", "substantial", "full"))]),
    )


def build_workspace_data() -> WorkspaceData:
    """A small workspace, valid against :func:`build_catalogue`, whose texts hold what CSV
    finds hard: commas, quotes, line breaks, non-Latin scripts."""
    when = datetime(2024, 3, 1, 9, 30, 15, 250000, tzinfo=UTC)
    return WorkspaceData(
        workspace=Workspace(
            key="xat-2024", title='Fictland, "cycle" 2024',
            jurisdiction=Jurisdiction(code="XAT", name="Fictland", fictional=True),
            cycle="2024", year=2024, description="Línea 1\nΓραμμή 2, «quoted»",
            created_at=when),
        actors=[
            Actor(key="mol", name="Ministry of Labour, Social Affairs", sector="labour",
                  type="ministry"),
            Actor(key="police-tu", name='Police "trafficking unit"', sector="law-enforcement",
                  level="regional", type="police", description="Σωματεμπορία\r\nunit", version=3),
            Actor(key="ngo-1", name="Αρωγή NGO", sector="child-protection", level="local",
                  type="ngo"),
        ],
        instruments=[
            NationalInstrument(key="law-4251", title="Law 4251/2014", kind="law", year=2014,
                               provisions=("CRC-32", "PALERMO-6"), sectors=("labour",),
                               url="https://example.org/law?a=1,b=2"),
            NationalInstrument(key="plan-2020", title="Action plan", kind="plan",
                               in_force=False),
        ],
        mandates=[
            Mandate(key="m-police", actor_key="police-tu", provisions=("CRC-34", "OPSC-3"),
                    forms=("sexual-exploitation",), groups=("girls", "unaccompanied"),
                    functions=("identification", "prosecution"), legal_basis="law-4251"),
            Mandate(key="m-ngo", actor_key="ngo-1", functions=("protection",)),
        ],
        links=[
            CoordinationLink(key="l-1", source_key="police-tu", target_key="ngo-1",
                             kind="referral", legal_basis="law-4251"),
            CoordinationLink(key="l-2", source_key="mol", target_key="police-tu",
                             kind="conflict", notes="Disputed, since 2019"),
        ],
        findings=[
            Finding(key="F-001", area="compliance", layer="law-policy",
                    provisions=("CRC-32", "CRC-34"), sectors=("labour",),
                    rating=3, rating_state=RatingState.RATED, confidence=Confidence.HIGH,
                    title="Labour law", narrative='Says "yes",\nmostly.',
                    status=FindingStatus.VALIDATED, author="ana", validated_by="bo",
                    created_at=when, updated_at=when),
            Finding(key="F-002", area="inclusion", layer="practice",
                    clusters=("special-protection",), sectors=("immigration",
                                                               "child-protection"),
                    groups=("undocumented",), exclusion_criteria=("documents", "age"),
                    rating=1, rating_state=RatingState.RATED, confidence=Confidence.LOW),
            Finding(key="F-003", area="coherence", layer="law-policy",
                    provisions=("CRC-22",), sectors=("immigration",),
                    tension_sectors=("immigration", "child-protection"),
                    tension_instruments=("law-4251", "plan-2020"),
                    rating_state=RatingState.NOT_ASSESSED),
            Finding(key="F-004", area="effectiveness", layer="child-perspective",
                    provisions=("OPSC-8",), sectors=("judiciary",),
                    rating_state=RatingState.NOT_APPLICABLE, status=FindingStatus.REVIEWED,
                    reviewed_by="cy"),
        ],
        evidence=[
            Evidence(key="E-1", finding_key="F-001", kind="desk-review",
                     title="Review of labour law", date="2023"),
            Evidence(key="E-2", finding_key="F-001", kind="key-informant-interview",
                     title="Interview, inspector", reliability="high", date="2023-11-02",
                     confidential=True),
        ],
        indicator_values=[
            IndicatorValue(key="iv-1", indicator="birth-registration-rate", year=2022,
                           value=97.25, source="Statistics office"),
            IndicatorValue(key="iv-2", indicator="identified-child-victims", year=2022,
                           value=41.0, group="girls", sector="law-enforcement"),
        ],
    )
