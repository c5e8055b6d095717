"""The findings of one comparative jurisdiction: one per topic, area and layer, plus the
inclusion findings on children without identity documents.

Every random choice comes from the ``random.Random`` handed in, so a seed fixes the data. The
rules that plant the patterns (see :mod:`impactkit.demo.comparative`):

* an ordinary finding's rating is drawn from the jurisdiction's ``weights``; the law-policy and
  practice findings of one topic and area share their scope, rating and confidence, so that
  law and practice part only where a pattern says so (no law-practice gap appears by chance);
* on the jurisdiction's ``gap_provision`` law-policy findings are rated 3-4 and practice
  findings 0-1: a significant gap, which drafting urges;
* a finding naming the jurisdiction's ``weak_sector`` is rated 0-1;
* the findings on children without identity documents are rated inside ``documents`` on all
  three layers and tagged with the exclusion criterion ``documents``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from impactkit.demo import frames
from impactkit.demo.comparative.evidence import EvidenceWriter
from impactkit.demo.comparative.jurisdictions import YEAR, Profile
from impactkit.demo.comparative.topics import DOCUMENT_BARRIERS, TOPICS, DocumentBarrier, Topic
from impactkit.demo.findings import clock_for
from impactkit.demo.themes import LAYERS
from impactkit.domain import Confidence, Evidence, Finding, FindingStatus, RatingState

NOT_ASSESSED_SHARE = 0.06
_AUTHORS = {"law-policy": "legal-analyst", "practice": "field-researcher",
            "child-perspective": "child-participation-lead"}
_PAIRED = ("law-policy", "practice")
DOCUMENTS = "documents"


@dataclass(frozen=True, slots=True)
class _Scope:
    provisions: tuple[str, ...]
    sectors: tuple[str, ...]
    groups: tuple[str, ...]
    forms: tuple[str, ...]


def _sample(rng: random.Random, items: tuple[str, ...], k: int) -> tuple[str, ...]:
    """``k`` items in their original order (the first is the main one)."""
    chosen = set(rng.sample(items, k=min(k, len(items))))
    return tuple(i for i in items if i in chosen)


def _scope(topic: Topic, area: str, profile: Profile, rng: random.Random) -> _Scope:
    main, rest = topic.provisions[0], topic.provisions[1:]
    provisions = (main, *_sample(rng, rest, rng.randint(0, 1)))
    if main == profile.gap_provision:
        provisions = (main,)  # the gap stays on its provision alone
    sectors = _sample(rng, topic.sectors, 2 if area == "coherence" else rng.choice((1, 1, 2)))
    n_groups = rng.choice((1, 1, 2)) if area == "inclusion" else rng.choice((0, 1, 1))
    groups = _sample(rng, topic.groups, n_groups)
    forms = _sample(rng, topic.forms, 1) if topic.forms and rng.random() < 0.6 else ()
    return _Scope(provisions, sectors, groups, forms)


def _band(profile: Profile, scope: _Scope, layer: str) -> tuple[int, int] | None:
    """The rating band a pattern imposes on a finding, or None."""
    if profile.gap_provision in scope.provisions:
        return (3, 4) if layer == "law-policy" else (0, 1)
    if profile.weak_sector is not None and profile.weak_sector in scope.sectors:
        return (0, 1)
    return None


def _status(rng: random.Random, has_evidence: bool) -> FindingStatus:
    """The current cycle is work in progress; only findings with evidence are validated."""
    if has_evidence:
        return rng.choices((FindingStatus.DRAFT, FindingStatus.REVIEWED,
                            FindingStatus.VALIDATED), weights=(0.2, 0.3, 0.5))[0]
    return rng.choice((FindingStatus.DRAFT, FindingStatus.REVIEWED))


def _confidence(count: int) -> Confidence:
    """The rule of the Veldmark demo: no evidence low, one item medium, two (one of them
    strong) high."""
    return (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)[min(count, 2)]


class _Writer:
    """Turns drawn ratings into findings and their evidence, with fixed timestamps."""

    def __init__(self, profile: Profile, rng: random.Random, evidence: EvidenceWriter) -> None:
        self.profile, self.rng, self.evidence = profile, rng, evidence
        self.clock = clock_for(YEAR)
        self.findings: list[Finding] = []
        self.items: list[Evidence] = []

    def unrated(self, base: Finding, title: str) -> None:
        created, updated = self.clock.stamp(self.rng, FindingStatus.DRAFT)
        reason = self.rng.choice(frames.NOT_ASSESSED_REASONS)
        lead = frames.frame(title, base.area, base.layer)
        self.findings.append(replace(
            base, rating_state=RatingState.NOT_ASSESSED, confidence=Confidence.LOW,
            title=frames.unrated_title(title, base.area, base.layer, "not-assessed"),
            narrative=f"{lead} Not assessed in this cycle: {reason}.",
            created_at=created, updated_at=updated))

    def rated(self, base: Finding, title: str, rating: int, text: str, count: int) -> None:
        status = _status(self.rng, count > 0)
        created, updated = self.clock.stamp(self.rng, status)
        finding = replace(
            base, rating=rating, rating_state=RatingState.RATED, confidence=_confidence(count),
            title=frames.title_for(title, base.area, base.layer, rating),
            narrative=f"{frames.frame(title, base.area, base.layer)} {text}", status=status,
            reviewed_by=None if status is FindingStatus.DRAFT else "peer-reviewer",
            validated_by="validation-workshop" if status is FindingStatus.VALIDATED else None,
            created_at=created, updated_at=updated)
        self.findings.append(finding)
        self.items.extend(self.evidence.write(finding, title, count, self.rng))


def _topic_findings(topic: Topic, writer: _Writer) -> None:
    profile, rng = writer.profile, writer.rng
    for area in topic.areas:
        scope = _scope(topic, area, profile, rng)
        drawn = rng.choices(range(5), weights=profile.weights)[0]
        paired_count = rng.choices((0, 1, 2), weights=(0.55, 0.3, 0.15))[0]
        paired_unrated = rng.random() < NOT_ASSESSED_SHARE
        in_band: dict[tuple[int, int], int] = {}  # one draw per band, shared by the pair
        for layer in topic.layers:
            base = Finding(key=f"{topic.key}-{area}-{layer}", area=area, layer=layer,
                           provisions=scope.provisions, sectors=scope.sectors,
                           groups=scope.groups, forms=scope.forms, author=_AUTHORS[layer])
            paired = layer in _PAIRED
            if (paired_unrated if paired else rng.random() < NOT_ASSESSED_SHARE):
                writer.unrated(base, topic.title)
                continue
            rating = drawn if paired else min(4, max(0, drawn + rng.choice((-1, 0, 0, 1))))
            band = _band(profile, scope, layer)
            if band is not None:
                if not paired or band not in in_band:
                    in_band[band] = rng.randint(*band)
                rating = in_band[band]
            count = (paired_count if paired
                     else rng.choices((0, 1, 2), weights=(0.55, 0.3, 0.15))[0])
            writer.rated(base, topic.title, rating,
                         topic.fragments.text(layer, rating, YEAR), count)


def _barrier_findings(barrier: DocumentBarrier, writer: _Writer) -> None:
    profile, rng = writer.profile, writer.rng
    rating = rng.randint(*profile.documents)
    count = rng.choices((0, 1, 2), weights=(0.4, 0.4, 0.2))[0]
    for layer in LAYERS:
        base = Finding(key=f"documents-{barrier.key}-{layer}", area="inclusion", layer=layer,
                       provisions=(barrier.provision,), sectors=(barrier.sector,),
                       groups=(barrier.group,), exclusion_criteria=(DOCUMENTS,),
                       author=_AUTHORS[layer])
        text = f"{barrier.barrier} {frames.exclusion_sentence((DOCUMENTS,))}"
        writer.rated(base, barrier.title, rating, text, count)


def assessment_for(profile: Profile, rng: random.Random, evidence: EvidenceWriter
                   ) -> tuple[list[Finding], list[Evidence]]:
    """The findings of one comparative jurisdiction and the evidence behind them."""
    writer = _Writer(profile, rng, evidence)
    for topic in TOPICS:
        _topic_findings(topic, writer)
    for barrier in DOCUMENT_BARRIERS:
        _barrier_findings(barrier, writer)
    return writer.findings, writer.items
