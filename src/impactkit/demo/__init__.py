"""The built-in demo: the fictional Republic of Veldmark (code ``XVM``), assessed with IMPACT.

Veldmark is invented, so that docs, tests and the web app can show a full assessment without
describing any real country, institution or child. Two cycles exist, 2015-2019 and 2020-2024
(:func:`build_demo_cycles`); :func:`build_demo` gives the current one. Everything is plain
``WorkspaceData``: the service layer stores it. The same seed always gives the same data.

Planted patterns, which the analysis must surface (codes in :mod:`impactkit.demo.patterns`):

(a) Law-practice gap. On CRC-32, ILO182-3 and CRC-35 every law-policy finding is rated 3-4
    and every practice finding 0-1: good law on child labour and trafficking, hardly applied
    (no child-labour inspections on farms; victims identified by one police unit only). The
    gap is at least 50 points in both cycles; in 2024 the law improved further, practice did
    not.
(b) Excluded groups. Undocumented and unaccompanied children: every inclusion finding naming
    them is rated 0-1 and records exclusion criteria among documents, status, nationality and
    age (papers at school enrolment, care tied to asylum claims, X-ray age assessment).
(c) Uncovered. CRC-39 (recovery and reintegration) is assessable, is rated in findings and is
    implemented by the Child Protection Act, yet no actor's mandate names it; the form
    ``forced-criminality`` appears in findings but in no mandate.
(d) Sectors in conflict. Coherence findings naming both immigration and child-protection are
    rated 0-1 with ``tension_sectors`` = (immigration, child-protection), and a ``conflict``
    link joins ``immigration-service`` to ``guardianship-authority``.
Also: labour and education both hold CRC-32 and ILO138-7 (Labour Inspectorate, Schools
Inspectorate) with no coordinating link between any of their actors; every other pair of
sectors has one.

Modules: ``actors``, ``instruments``, ``mandates``, ``links`` (the system map); ``themes``,
``narratives``, ``frames``, ``anchors``, ``findings``, ``evidence`` (the assessment);
``indicators`` (indicator values); ``texts`` (the report's introduction and conclusions);
``patterns`` (the rules above); ``build`` (assembly).
"""

from impactkit.demo.build import (
    CYCLE_YEARS,
    DEFAULT_SEED,
    build_cycle,
    build_demo,
    build_demo_cycles,
)
from impactkit.demo.texts import texts_for

__all__ = ["CYCLE_YEARS", "DEFAULT_SEED", "build_cycle", "build_demo", "build_demo_cycles",
           "texts_for"]
