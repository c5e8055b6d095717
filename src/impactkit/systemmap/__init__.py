"""The system map: who is responsible for what, who works with whom, and where it breaks.

Pure functions over :class:`~impactkit.domain.WorkspaceData` and the catalogue, built on
networkx. ``graph`` turns actors and links into a graph, ``chain`` says who is mandated for
each step a child goes through, ``analysis`` finds gaps, overlaps, conflicts, isolated and
bridging actors and coordination density, ``pathway`` says which steps of the protection
pathway and which provisions apply to a situation and why, ``navigator`` walks one situation
along that pathway on the map, and ``scenario`` keeps training case stories that can be
replayed after the map changes.
"""

from impactkit.analysis.chain import FUNCTION_CHAIN, SUPPORTING_FUNCTIONS, responsible
from impactkit.systemmap.analysis import (
    Bridge,
    ChainCell,
    MapGap,
    MapReport,
    Overlap,
    SectorDensity,
    analyse_map,
)
from impactkit.systemmap.graph import COORDINATING_KINDS, build_graph
from impactkit.systemmap.navigator import (
    AGE_BANDS,
    GAP_KINDS,
    Route,
    RouteChange,
    RouteGap,
    Situation,
    Step,
    check_situation,
    compare_routes,
    navigate,
)
from impactkit.systemmap.pathway import (
    AppliedProvision,
    Reason,
    applicable_provisions,
    applicable_steps,
    effective_groups,
    is_trafficking,
    provision_reason_text,
    step_reason_text,
)
from impactkit.systemmap.scenario import Scenario, ScenarioNote, check_scenario

__all__ = [
    "AGE_BANDS",
    "COORDINATING_KINDS",
    "FUNCTION_CHAIN",
    "GAP_KINDS",
    "SUPPORTING_FUNCTIONS",
    "AppliedProvision",
    "Bridge",
    "ChainCell",
    "MapGap",
    "MapReport",
    "Overlap",
    "Reason",
    "Route",
    "RouteChange",
    "RouteGap",
    "Scenario",
    "ScenarioNote",
    "SectorDensity",
    "Situation",
    "Step",
    "analyse_map",
    "applicable_provisions",
    "applicable_steps",
    "build_graph",
    "check_scenario",
    "check_situation",
    "compare_routes",
    "effective_groups",
    "is_trafficking",
    "navigate",
    "provision_reason_text",
    "responsible",
    "step_reason_text",
]
