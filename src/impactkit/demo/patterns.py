"""The deliberate patterns planted in the demo, as data and as rating rules.

The demo exists to show what the analysis can find, so the patterns are not left to chance:
the finding generator asks :func:`rating_band` for every finding it makes and keeps the rating
inside the band returned, whatever the seed. Tests import these constants to check that the
data holds the patterns and that the analysis surfaces them.
"""

from __future__ import annotations

from collections.abc import Collection

#: (a) Law-practice gap: the law is sound (law-policy 3-4) but hardly applied (practice 0-1),
#: so the law-policy score minus the practice score is at least 50 points on 0-100.
GAP_PROVISIONS: frozenset[str] = frozenset({"CRC-32", "ILO182-3", "CRC-35"})

#: (b) Excluded groups: every inclusion finding about them is rated 0-1 and records the
#: criteria by which they are left out.
EXCLUDED_GROUPS: frozenset[str] = frozenset({"undocumented", "unaccompanied"})
EXCLUSION_CRITERIA: tuple[str, ...] = ("documents", "status", "nationality", "age")

#: (c) Uncovered: an assessable provision that findings and a national law address but no
#: actor's mandate names, and a form of exploitation no mandate names.
UNCOVERED_PROVISION = "CRC-39"
UNCOVERED_FORM = "forced-criminality"

#: (d) Sectors in conflict: coherence findings naming both are rated 0-1, and a ``conflict``
#: link joins the immigration service and the guardianship authority.
CONFLICT_SECTORS: tuple[str, str] = ("immigration", "child-protection")
CONFLICT_LINK: tuple[str, str] = ("immigration-service", "guardianship-authority")

#: Two sectors whose actors both hold these provisions with no coordinating link between any
#: actor of one and any actor of the other (every other pair of sectors has one).
UNLINKED_SECTORS: tuple[str, str] = ("labour", "education")
UNLINKED_PROVISIONS: tuple[str, ...] = ("CRC-32", "ILO138-7")

LOW: tuple[int, int] = (0, 1)
HIGH: tuple[int, int] = (3, 4)
#: Groups and sector pairs the demo does not mean to flag stay at 2 or above on their areas.
FAIR: tuple[int, int] = (2, 4)


def rating_band(
    *,
    area: str,
    layer: str,
    provisions: Collection[str],
    groups: Collection[str],
    sectors: Collection[str],
) -> tuple[int, int] | None:
    """The inclusive rating range a finding with this scope must fall in, or ``None`` when no
    pattern constrains it. Returns an empty range (``lo > hi``) when two patterns collide, so
    the generator can narrow the scope instead."""
    lo, hi = 0, 4
    constrained = False
    if GAP_PROVISIONS.intersection(provisions) and layer in ("law-policy", "practice"):
        band = HIGH if layer == "law-policy" else LOW
        lo, hi = max(lo, band[0]), min(hi, band[1])
        constrained = True
    if area == "inclusion" and groups:
        band = LOW if EXCLUDED_GROUPS.intersection(groups) else FAIR
        lo, hi = max(lo, band[0]), min(hi, band[1])
        constrained = True
    if area == "coherence" and len(set(sectors)) >= 2:
        band = LOW if set(CONFLICT_SECTORS) <= set(sectors) else FAIR
        lo, hi = max(lo, band[0]), min(hi, band[1])
        constrained = True
    return (lo, hi) if constrained else None
