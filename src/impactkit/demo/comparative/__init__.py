"""The comparative demo: four more fictional jurisdictions beside Veldmark, and the indicator
panels of all five, so that the comparison of implementation against structural vulnerability,
the key determinants and the drafted recommendations have something to show.

The jurisdictions are invented (user-assigned codes starting with "X", flagged fictional, names
that are no country's or region's): the Republic of Marisca (``XMC``), the Federal Republic of
Oberan (``XOB``), the Duchy of Arvenholt (``XAR``) and the Commonwealth of Sorvia (``XSV``).
Each has one workspace for the cycle 2020-2024 (``demo-marisca-2024``...): about 200 findings on
14 topics, two in five of them with evidence, a system map of ten actors, and three or four UN
recommendations with their status. Panels hold a value per jurisdiction, indicator and year,
2012-2024 with the gaps real series have, for every indicator of the default catalogue's
vulnerability model, Veldmark included. The same seed always gives the same data.

Planted patterns, which the analysis must surface (tests in ``tests/demo``):

(1) Vulnerable and weak. Marisca has the highest child marriage, child labour, under-five
    mortality and the lowest birth registration: structural vulnerability 66.6 of 100; most
    of its findings are rated 0-1, implementation 20.1 of 100. It sits low-high (low
    implementation, high vulnerability) in the quadrants.
(2) The resilient exception. Oberan is nearly as vulnerable (50.3) but its findings are mostly
    rated 3-4 (implementation 68.8): high-high.
(3) Arvenholt is the least vulnerable (6.2) and implements best (72.6): high-low. Sorvia is
    little vulnerable (15.7) but implements weakly (40.2): low-low. Veldmark (vulnerability
    18.6, implementation 53.6) sits on both medians. ``impact vulnerability compare
    demo-veldmark-2024 demo-marisca-2024 demo-oberan-2024 demo-arvenholt-2024
    demo-sorvia-2024`` prints Spearman's rho = -0.60 over the five (exact permutation test over
    all 120 pairings, p = 0.35): the more vulnerable implement less, but five jurisdictions
    cannot tell that from chance, and the tool says so. Leaving one out, rho is -0.80 without
    Oberan (the exception weakens it), Veldmark or Sorvia, and -0.20 without Marisca or
    without Arvenholt (the association rests on the two extremes). Veldmark and Sorvia are
    close on vulnerability and swap third and fourth place under other aggregations of the
    index. (Counting every finding; with validated findings only, as reports do, rho is
    weaker.)
(4) A determinant common to all five. Findings tagged with the exclusion criterion
    ``documents`` (a child without identity documents turned away from school, health care,
    benefits, shelters, victim assistance, an identity card) score far below the rest in every
    jurisdiction, Veldmark included: 81 findings, 21 against 54 for the rest. ``impact
    determinants`` with the five workspaces ranks it first, scope ``common``.
(5) A determinant particular to one. In Sorvia every finding naming the education sector is
    rated 0-1: 24 findings, 17 against 44, a risk in Sorvia alone (scope ``particular``);
    elsewhere education scores like the rest.
(6) Something to urge in each. Law-policy findings on one provision are rated 3-4 and its
    practice findings 0-1: birth registration (CRC-7) in Marisca, pre-trial detention (CRC-37)
    in Oberan, asylum-seeking and unaccompanied children (CRC-22) in Arvenholt, child labour
    (CRC-32) in Sorvia, where also no actor is mandated for children with disabilities
    (CRC-23). ``impact own-recs draft`` urges each, citing the CRC Committee's and the UPR's
    recommendations already made on it with their latest status. Law and practice findings
    otherwise share their rating, and every map covers every function, form and provision, so
    nothing else of that kind appears by chance.

Other differences are left to the draw, as in a real comparison: a few child groups and
sectors come out as risks in one or two jurisdictions (children in conflict with the law in
Marisca and Oberan, child protection in Arvenholt).

Modules: ``jurisdictions`` (the four profiles), ``topics`` (what was assessed),
``assessments`` and ``evidence`` (the findings), ``system`` (actors, laws, mandates, links),
``recommendations`` (UN recommendations and their status), ``panels`` (indicator panels),
``build`` (assembly). :func:`impactkit.services.demo.build_demo_database` stores them after
Veldmark.
"""

from impactkit.demo.comparative.build import build_comparative, build_jurisdiction
from impactkit.demo.comparative.jurisdictions import PANEL_JURISDICTIONS, PROFILES, Profile
from impactkit.demo.comparative.panels import panel_values
from impactkit.demo.comparative.recommendations import recommendations_for

__all__ = ["PANEL_JURISDICTIONS", "PROFILES", "Profile", "build_comparative",
           "build_jurisdiction", "panel_values", "recommendations_for"]
