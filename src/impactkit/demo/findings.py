"""Findings of one cycle: one per theme, area and layer, plus the hand-written anchors.

Every random choice comes from the ``random.Random`` handed in, so a seed fixes the data.
Each finding's scope is drawn from its theme; when the drawn scope would make two planted
patterns collide (say, an inclusion finding about undocumented children on a provision whose
law must rate high), the scope is narrowed until the pattern rules agree, then the rating is
drawn around the theme's typical rating and kept inside the allowed band.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from impactkit.demo import frames, patterns
from impactkit.demo.anchors import ANCHORS, Anchor
from impactkit.demo.narratives import FRAGMENTS
from impactkit.demo.themes import THEMES, Theme
from impactkit.domain import Confidence, Finding, FindingStatus, RatingState

NOT_ASSESSED_SHARE = 0.1
_AUTHORS = {"law-policy": "legal-analyst", "practice": "field-researcher",
            "child-perspective": "child-participation-lead"}
_CRITERIA_BY_GROUP = {"undocumented": ("documents", "status", "nationality"),
                      "unaccompanied": ("status", "age", "documents")}
_OTHER_CRITERIA = (("place",), ("form-of-exploitation",), ("age",),
                   ("place", "form-of-exploitation"))


@dataclass(frozen=True, slots=True)
class Scope:
    provisions: tuple[str, ...]
    sectors: tuple[str, ...]
    groups: tuple[str, ...]
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CycleClock:
    """Fixed timestamps for a cycle: fieldwork starts on ``start`` and every date is an offset
    from it, so nothing depends on when the demo is built."""

    start: datetime

    def stamp(self, rng: random.Random, status: FindingStatus) -> tuple[datetime, datetime]:
        created = self.start + timedelta(days=rng.randint(0, 150), hours=rng.randint(8, 17),
                                         minutes=rng.choice((0, 15, 30, 45)))
        if status is FindingStatus.DRAFT:
            return created, created
        return created, created + timedelta(days=rng.randint(3, 60))


def clock_for(year: int) -> CycleClock:
    return CycleClock(datetime(year, 2, 5, 9, 0, tzinfo=UTC))


def _sample(rng: random.Random, items: tuple[str, ...], k: int) -> tuple[str, ...]:
    """``k`` items in their original order (order carries meaning: the first is the main one)."""
    chosen = set(rng.sample(items, k=min(k, len(items))))
    return tuple(i for i in items if i in chosen)


def draw_scope(theme: Theme, area: str, rng: random.Random) -> Scope:
    main, rest = theme.provisions[0], theme.provisions[1:]
    provisions = (main, *_sample(rng, rest, rng.randint(0, 2)))
    n_sectors = 2 if area == "coherence" else rng.choice((1, 1, 2))
    sectors = _sample(rng, theme.sectors, n_sectors)
    n_groups = rng.choice((1, 1, 2)) if area == "inclusion" else rng.choice((0, 1, 1, 2))
    groups = _sample(rng, theme.groups, n_groups)
    if area == "inclusion" and patterns.EXCLUDED_GROUPS.intersection(groups):
        # findings about excluded groups speak of them alone, not of groups that are reached
        groups = tuple(g for g in groups if g in patterns.EXCLUDED_GROUPS)
    forms = _sample(rng, theme.forms, rng.randint(1, 2)) if rng.random() < 0.6 else ()
    return Scope(provisions, sectors, groups, forms)


# Narrowing steps, tried in order until the pattern rules agree on a band.
_NARROWING: tuple[Callable[[Scope], Scope], ...] = (
    lambda s: replace(s, groups=tuple(g for g in s.groups
                                      if g not in patterns.EXCLUDED_GROUPS)),
    lambda s: replace(s, groups=()),
    lambda s: replace(s, sectors=s.sectors[:1]),
    lambda s: replace(s, provisions=tuple(p for p in s.provisions
                                          if p not in patterns.GAP_PROVISIONS) or s.provisions),
)


def fit_scope(scope: Scope, area: str, layer: str) -> tuple[Scope, tuple[int, int]]:
    """The scope, narrowed if needed, and the rating band the pattern rules allow for it."""
    def band_of(s: Scope) -> tuple[int, int]:
        return patterns.rating_band(area=area, layer=layer, provisions=s.provisions,
                                    groups=s.groups, sectors=s.sectors) or (0, 4)
    band = band_of(scope)
    for narrow in _NARROWING:
        if band[0] <= band[1]:
            break
        scope = narrow(scope)
        band = band_of(scope)
    if band[0] > band[1]:
        raise AssertionError(f"demo patterns collide for {area}/{layer} {scope}")
    return scope, band


def draw_status(rng: random.Random, year: int) -> FindingStatus:
    """A closed cycle (2019) is almost all validated; the current one is work in progress."""
    weights = (0.05, 0.15, 0.8) if year < 2024 else (0.3, 0.3, 0.4)
    return rng.choices((FindingStatus.DRAFT, FindingStatus.REVIEWED, FindingStatus.VALIDATED),
                       weights=weights)[0]


def _criteria(groups: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    relevant = [c for g in groups for c in _CRITERIA_BY_GROUP.get(g, ())]
    if relevant:
        pool = tuple(dict.fromkeys(relevant))
        return _sample(rng, pool, rng.randint(2, len(pool)))
    return rng.choice(_OTHER_CRITERIA)


def theme_findings(theme: Theme, year: int, rng: random.Random, clock: CycleClock,
                   instrument_keys: set[str]) -> list[Finding]:
    """One finding per area and layer of the theme."""
    fragments = FRAGMENTS[theme.key]
    out = []
    for area in theme.areas:
        for layer in theme.layers:
            scope = draw_scope(theme, area, rng)
            key = f"{theme.key}-{area}-{layer}"
            lead = frames.frame(theme.title, area, layer)
            base = Finding(key=key, area=area, layer=layer, provisions=scope.provisions,
                           sectors=scope.sectors, groups=scope.groups, forms=scope.forms,
                           author=_AUTHORS[layer],
                           clusters=theme.clusters if rng.random() < 0.4 else ())
            if layer in theme.not_applicable:
                created, updated = clock.stamp(rng, FindingStatus.REVIEWED)
                out.append(replace(
                    base, rating_state=RatingState.NOT_APPLICABLE, confidence=Confidence.HIGH,
                    status=FindingStatus.REVIEWED, reviewed_by="peer-reviewer",
                    title=frames.unrated_title(theme.title, area, layer, "not-applicable"),
                    narrative=f"{lead} {fragments.not_applicable}",
                    created_at=created, updated_at=updated))
                continue
            if rng.random() < NOT_ASSESSED_SHARE:
                created, updated = clock.stamp(rng, FindingStatus.DRAFT)
                reason = rng.choice(frames.NOT_ASSESSED_REASONS)
                out.append(replace(
                    base, rating_state=RatingState.NOT_ASSESSED, confidence=Confidence.LOW,
                    title=frames.unrated_title(theme.title, area, layer, "not-assessed"),
                    narrative=f"{lead} Not assessed in this cycle: {reason}.",
                    created_at=created, updated_at=updated))
                continue
            scope, (lo, hi) = fit_scope(scope, area, layer)
            excluded = bool(patterns.EXCLUDED_GROUPS.intersection(scope.groups))
            # groups other than the excluded ones are mostly reached: the demo flags only two
            typical = theme.typical(layer, year) + (
                1 if area == "inclusion" and scope.groups and not excluded else 0)
            rating = min(hi, max(lo, typical + rng.choice((-1, 0, 0, 0, 1))))
            parts = [lead, fragments.text(layer, rating, year,
                                          excluded=area == "inclusion" and excluded)]
            criteria: tuple[str, ...] = ()
            if area == "inclusion" and rating <= 2 and (excluded or not scope.groups):
                criteria = _criteria(scope.groups, rng)
                parts.append(frames.exclusion_sentence(criteria))
            tension: tuple[str, ...] = ()
            tension_instruments: tuple[str, ...] = ()
            if area == "coherence" and rating <= 2 and len(scope.sectors) >= 2:
                tension = scope.sectors[:2]
                parts.append(frames.tension_sentence(tension))
                if layer == "law-policy":
                    tension_instruments = tuple(i for i in theme.tension_instruments
                                                if i in instrument_keys)
            status = draw_status(rng, year)
            created, updated = clock.stamp(rng, status)
            out.append(replace(
                base, provisions=scope.provisions, sectors=scope.sectors, groups=scope.groups,
                forms=scope.forms, rating=rating, rating_state=RatingState.RATED,
                title=frames.title_for(theme.title, area, layer, rating),
                narrative=" ".join(parts), exclusion_criteria=criteria, tension_sectors=tension,
                tension_instruments=tension_instruments, status=status,
                reviewed_by=None if status is FindingStatus.DRAFT else "peer-reviewer",
                validated_by="validation-workshop" if status is FindingStatus.VALIDATED else None,
                created_at=created, updated_at=updated))
    return out


def anchor_finding(anchor: Anchor, year: int, rng: random.Random,
                   clock: CycleClock) -> Finding:
    created, updated = clock.stamp(rng, FindingStatus.VALIDATED)
    return Finding(
        key=anchor.key, area=anchor.area, layer=anchor.layer, provisions=anchor.provisions,
        sectors=anchor.sectors, groups=anchor.groups, forms=anchor.forms,
        rating=anchor.rating_in(year), rating_state=RatingState.RATED,
        confidence=Confidence.HIGH, title=anchor.title,
        narrative=anchor.narrative.format(prev=year - 1),
        exclusion_criteria=anchor.exclusion_criteria, tension_sectors=anchor.tension_sectors,
        tension_instruments=anchor.tension_instruments, status=FindingStatus.VALIDATED,
        author="lead-analyst", reviewed_by="peer-reviewer",
        validated_by="validation-workshop", created_at=created, updated_at=updated)


def cycle_findings(year: int, rng: random.Random,
                   instrument_keys: set[str]) -> tuple[list[Finding], dict[str, str]]:
    """All findings of a cycle, and for each finding key the title of the theme it belongs to
    (the evidence templates name it)."""
    clock = clock_for(year)
    findings: list[Finding] = []
    about: dict[str, str] = {}
    for anchor in ANCHORS:
        findings.append(anchor_finding(anchor, year, rng, clock))
        about[anchor.key] = anchor.title
    for theme in THEMES:
        for finding in theme_findings(theme, year, rng, clock, instrument_keys):
            findings.append(finding)
            about[finding.key] = theme.title
    return findings, about
