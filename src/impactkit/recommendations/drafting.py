"""Draft the assessing body's own recommendations from what the analysis finds.

Pure: a workspace, its catalogue and its analysis report in, drafts out; nothing is saved.
A person then reviews each draft (see :mod:`impactkit.recommendations.own`). The rules:

**What is drafted, and how strongly** (GRETA's grades: *urge* where the standard is not met,
*consider* where it needs improvement, *invite* where it is on track but can be strengthened):

* **Law-practice gap** of a provision (``gap-<provision>``): a significant gap (at least the
  catalogue's ``gap_threshold``) is *urged* when practice scores under 50 (the standard is not
  met in practice) and *considered* otherwise; a gap under the threshold but of at least half
  of it is an *invitation*; smaller gaps draft nothing. Cluster gaps draft nothing of their
  own: they are made of their provisions' gaps, and a recommendation on a provision can be
  acted on.
* **Nobody is mandated** (``unmandated-...``), always *urged*: an assessable provision no
  actor's mandate names (``unmandated-<provision>``), a form of exploitation no mandate names
  (``unmandated-<form>``), a function of the protection chain nobody holds for children in
  general for a form (``unmandated-<form>-<function>``).
* **Excluded group** (``excluded-<group>``): a child group whose inclusion score is below the
  catalogue's ``exclusion_threshold`` is *urged* below half the threshold and *considered*
  from half of it up. A group flagged only because exclusion criteria are recorded, with an
  inclusion score at or above the threshold (or none), drafts nothing.
* **Uncoordinated mandates** (``uncoordinated-<provision or form>``): actors of several sectors
  mandated for the same provision or form with no coordinating link, *considered*.
* **Conflicting mandates** (``conflict-<link>``): every conflict the analysis reports (a
  link of kind ``conflict``) is *urged*.

**Addressees.** A gap is addressed to the actors mandated for its provision, an excluded
group to those mandated for that group, uncoordinated and conflicting mandates to the actors
holding them; what nobody is mandated for has no addressee. Without addressees a
recommendation is addressed to the authorities in general. ``sectors`` are the addressees'
sectors (for an excluded group, the sectors where its inclusion score is below the
threshold). A draft about a form of exploitation carries the form's provisions in the
catalogue, a conflict the provisions both mandates name; ``clusters`` are the clusters of
the draft's provisions.

**Text.** Every text and rationale is one whole translatable sentence per basis and grade,
with named placeholders: the grade is in the choice of sentence, never a verb glued in front
of it. Texts are imperative, addressed to the State's authorities.

**Related recommendations** (made to the State by the UN and others): those tagged with one of
the draft's provisions; those tagged with no provision but with a cluster of one of the
draft's provisions (a recommendation on a whole cluster); for an excluded group, those tagged
with that group. A recommendation tagged with provisions is not related through its clusters
alone: one on corporal punishment (article 19, violence cluster) was not "already made" on the
recovery of child victims (article 39, same cluster). Its latest status is the most recent
assessment from any source (on the same date, the one listed last), named with its source;
"not yet assessed" when there is none. Related recommendations are listed oldest first, then
by key.

**Drafts already made** (``existing``, matched by key): one a person has reviewed, accepted
or rejected is not proposed again. One still a draft is proposed again: with the new text
when nobody has edited it (``version`` 1), else exactly as the person left it (only the
draft's ``related`` list and ``severity`` around it are computed afresh). Existing drafts
the analysis no longer supports are not returned (drafting never deletes anything).

**Order.** Urge, consider, invite; within a grade the most severe first (``severity``: the gap
in points, or how many points the inclusion score falls below the threshold; 0 for what has
no measure: no mandate, uncoordinated or conflicting mandates), then by key.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from gettext import gettext as _
from types import MappingProxyType

from impactkit.analysis.report import AnalysisReport
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData
from impactkit.recommendations.model import (
    ImplementationStatus,
    Mechanism,
    Recommendation,
    StatusAssessment,
    StatusSource,
)
from impactkit.recommendations.own import GRADE_ORDER, Grade, OwnRecommendation, OwnStatus

__all__ = ["PRACTICE_NOT_MET", "Draft", "RelatedRecommendation", "draft_recommendations"]

PRACTICE_NOT_MET = 50.0
"""A practice score under this (the middle of the 0-100 scale) means the standard is not met
in practice: a significant gap is then urged rather than considered."""
NO_STATUSES: Mapping[str, Sequence[StatusAssessment]] = MappingProxyType({})
"""The default of ``statuses``: no status history (an empty mapping nobody can change)."""


@dataclass(frozen=True, slots=True)
class RelatedRecommendation:
    """A recommendation already made to the State on the same subject, with its latest
    status (``latest_status`` and ``status_source`` are the enum values, None when it was
    never assessed) and ``summary``, one sentence a report can print."""

    key: str
    mechanism: str
    cycle: str
    paragraph: str
    latest_status: str | None
    status_source: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class Draft:
    """One proposed recommendation, what was already recommended on it, and its severity
    (the number it is ordered by within its grade)."""

    recommendation: OwnRecommendation
    related: tuple[RelatedRecommendation, ...]
    severity: float


# --- sentences -------------------------------------------------------------------------------
ARTICLE = _("article {article} of the {instrument}")
"""A provision as a treaty body cites it."""

# (template, grade): whole sentences, the grade chosen with the sentence.

TEXTS: dict[tuple[str, Grade], str] = {
    ("gap", Grade.URGE): _(
        "Take urgent measures so that {provision} ({provision_title}) is applied in practice: "
        "law and policy score {law:.0f} but practice only {practice:.0f}."),
    ("gap", Grade.CONSIDER): _(
        "Take further measures to bring practice under {provision} ({provision_title}) up to "
        "the level of law and policy, which score {law:.0f} against {practice:.0f} in "
        "practice."),
    ("gap", Grade.INVITE): _(
        "Continue to strengthen the application in practice of {provision} "
        "({provision_title}), where practice ({practice:.0f}) still trails law and policy "
        "({law:.0f})."),
    ("gap-low", Grade.CONSIDER): _(
        "Take further measures to bring practice under {provision} ({provision_title}) up to "
        "the level of law and policy, which score {law:.0f} against {practice:.0f} in "
        "practice."),
    ("unmandated-provision", Grade.URGE): _(
        "Clarify, by law or regulation, which authority is responsible for {provision} "
        "({provision_title}) and give it the resources to act: the mapping found no actor "
        "whose mandate covers it."),
    ("unmandated-form", Grade.URGE): _(
        "Clarify, by law or regulation, which authorities are responsible for protecting "
        "children from this form of exploitation, which the mapping found in no actor's "
        "mandate: {form_title}."),
    ("unmandated-function", Grade.URGE): _(
        "Clarify which authority carries out this step of the protection chain for all "
        "children, which the mapping found in no actor's mandate: {function_title} (form of "
        "exploitation: {form_title})."),
    ("excluded", Grade.URGE): _(
        "Take urgent measures so that this group of children has effective access to "
        "protection without discrimination: {group_title}."),
    ("excluded", Grade.CONSIDER): _(
        "Take further measures to include this group of children in the protection system on "
        "an equal basis with other children: {group_title}."),
    ("uncoordinated-provision", Grade.CONSIDER): _(
        "Establish referral or coordination arrangements between the sectors that share "
        "responsibility for {provision} ({provision_title}): {pairs}."),
    ("uncoordinated-form", Grade.CONSIDER): _(
        "Establish referral or coordination arrangements between the sectors that share "
        "responsibility for this form of exploitation: {form_title} ({pairs})."),
    ("conflict", Grade.URGE): _(
        "Resolve the conflict between the mandates of {first} and {second}, so that their "
        "responsibilities are clear and complementary."),
}

RATIONALES: dict[tuple[str, Grade], str] = {
    ("gap", Grade.URGE): _(
        "The law-practice gap on {provision} is {gap:.1f} points (threshold {threshold:g}) and "
        "practice scores {practice:.1f}, under 50: the standard is not met in practice."),
    ("gap", Grade.CONSIDER): _(
        "The law-practice gap on {provision} is {gap:.1f} points (threshold {threshold:g}), "
        "with practice at {practice:.1f}, 50 or more."),
    ("gap", Grade.INVITE): _(
        "The law-practice gap on {provision} is {gap:.1f} points: under the threshold of "
        "{threshold:g} but at least half of it, with practice at {practice:.1f}, 50 or more."),
    ("gap-low", Grade.CONSIDER): _(
        "The law-practice gap on {provision} is {gap:.1f} points, under the threshold of "
        "{threshold:g} but at least half of it, and practice scores only {practice:.1f}, "
        "under 50."),
    ("unmandated-provision", Grade.URGE): _(
        "No mandate names {provision} (mandates recorded: {mandates})."),
    ("unmandated-form", Grade.URGE): _(
        "No mandate names the form of exploitation {form} (mandates recorded: {mandates})."),
    ("unmandated-function", Grade.URGE): _(
        "No mandate holds the function {function} for the form of exploitation {form} for "
        "children in general (mandates recorded: {mandates})."),
    ("excluded", Grade.URGE): _(
        "Inclusion score of the group {group}: {score:.1f}, under half the threshold of "
        "{threshold:g}."),
    ("excluded", Grade.CONSIDER): _(
        "Inclusion score of the group {group}: {score:.1f}, under the threshold of "
        "{threshold:g} but at least half of it."),
    ("uncoordinated-provision", Grade.CONSIDER): _(
        "Pairs of sectors mandated for {provision} with no coordinating link between them: "
        "{n}."),
    ("uncoordinated-form", Grade.CONSIDER): _(
        "Pairs of sectors mandated for {form} with no coordinating link between them: {n}."),
    ("conflict", Grade.URGE): _(
        "A conflict is declared between {first} and {second} (link {link}); provisions and "
        "forms both their mandates name: {n}."),
}

MECHANISM_IN_TEXT = {
    Mechanism.CRC: _("the CRC Committee"), Mechanism.UPR: _("the Universal Periodic Review"),
    Mechanism.TREATY_BODY: _("another UN treaty body"),
    Mechanism.SPECIAL_PROCEDURES: _("the UN special procedures"),
    Mechanism.REGIONAL: _("a regional mechanism"), Mechanism.NATIONAL: _("a national body"),
    Mechanism.OTHER: _("another body")}
SOURCE_IN_TEXT = {
    StatusSource.STATE: _("the State"), StatusSource.NHRI: _("the NHRI or ombudsperson"),
    StatusSource.CIVIL_SOCIETY: _("civil society"), StatusSource.UN: _("the UN"),
    StatusSource.OTHER: _("another source")}
STATUS_IN_TEXT = {
    ImplementationStatus.NOT_STARTED: _("not started"), ImplementationStatus.PLANNED: _("planned"),
    ImplementationStatus.PARTIAL: _("partially implemented"),
    ImplementationStatus.IMPLEMENTED: _("implemented"),
    ImplementationStatus.REGRESSED: _("regressed"), ImplementationStatus.UNKNOWN: _("unknown")}

# (has a cycle, has a paragraph, has a status)
SUMMARIES: dict[tuple[bool, bool, bool], str] = {
    (True, True, True): _("Already recommended by {mechanism} in cycle {cycle} (para. "
                          "{paragraph}); latest status: {status} ({source}, {date})."),
    (True, True, False): _("Already recommended by {mechanism} in cycle {cycle} (para. "
                           "{paragraph}); not yet assessed."),
    (True, False, True): _("Already recommended by {mechanism} in cycle {cycle}; latest "
                           "status: {status} ({source}, {date})."),
    (True, False, False): _("Already recommended by {mechanism} in cycle {cycle}; not yet "
                            "assessed."),
    (False, True, True): _("Already recommended by {mechanism} (para. {paragraph}); latest "
                           "status: {status} ({source}, {date})."),
    (False, True, False): _("Already recommended by {mechanism} (para. {paragraph}); not yet "
                            "assessed."),
    (False, False, True): _("Already recommended by {mechanism}; latest status: {status} "
                            "({source}, {date})."),
    (False, False, False): _("Already recommended by {mechanism}; not yet assessed."),
}


# (has a paragraph, has a status): a treaty body's or another body's document, by its symbol
DOCUMENT_SUMMARIES: dict[tuple[bool, bool], str] = {
    (True, True): _("Already recommended by {mechanism} in {document}, para. {paragraph}; "
                    "latest status: {status} ({source}, {date})."),
    (True, False): _("Already recommended by {mechanism} in {document}, para. {paragraph}; "
                     "not yet assessed."),
    (False, True): _("Already recommended by {mechanism} in {document}; latest status: "
                     "{status} ({source}, {date})."),
    (False, False): _("Already recommended by {mechanism} in {document}; not yet assessed."),
}


# --- what the workspace and the catalogue say --------------------------------------------------

class _Lookup:
    """Titles of codes, actors' names and sectors, and who is mandated for what."""

    def __init__(self, data: WorkspaceData, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.titles = {v: {t.code: t.title for t in getattr(catalogue, v)}
                       for v in ("sectors", "child_groups", "forms", "mandate_functions")}
        self.titles["provisions"] = {p.code: p.title for p in catalogue.provisions()}
        self.articles = {p.code: ARTICLE.format(article=p.article, instrument=i.title)
                         for i in catalogue.instruments for p in i.provisions}
        self.form_provisions = {f.code: tuple(f.provisions) for f in catalogue.forms}
        self.sector_order = {code: i for i, code in enumerate(catalogue.codes("sectors"))}
        self.names = {a.key: a.name for a in data.actors}
        self.sector_of = {a.key: a.sector for a in data.actors}
        self.by_provision: dict[str, set[str]] = defaultdict(set)
        self.by_group: dict[str, set[str]] = defaultdict(set)
        for m in data.mandates:
            if m.actor_key in self.sector_of:
                for code in m.provisions:
                    self.by_provision[code].add(m.actor_key)
                for code in m.groups:
                    self.by_group[code].add(m.actor_key)
        self.n_mandates = len(data.mandates)

    def article(self, code: str) -> str:
        """How a treaty body cites a provision: "article 32 of the Convention on the Rights
        of the Child"; the code itself for one the catalogue does not know."""
        return self.articles.get(code, code)

    def title(self, vocabulary: str, code: str) -> str:
        return self.titles[vocabulary].get(code, code)

    def sectors(self, codes: Iterable[str]) -> tuple[str, ...]:
        """Distinct sector codes in catalogue order, unknown ones last."""
        return tuple(sorted(set(codes), key=lambda s: (self.sector_order.get(s, 1 << 30), s)))

    def sectors_of(self, actors: Iterable[str]) -> tuple[str, ...]:
        return self.sectors(self.sector_of[a] for a in actors if a in self.sector_of)

    def clusters(self, provisions: Sequence[str]) -> tuple[str, ...]:
        return tuple(c.code for c in self.catalogue.clusters
                     if any(p in c.provisions for p in provisions))


@dataclass(frozen=True, slots=True)
class _Proposal:
    key: str
    template: str
    grade: Grade
    basis: str
    basis_target: str
    values: dict[str, object]
    severity: float = 0.0
    actors: tuple[str, ...] = ()
    provisions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


def _slug(code: str) -> str:
    return re.sub(r"[^0-9a-z.]+", "-", code.lower()).strip("-")


# --- one generator per basis -----------------------------------------------------------------

def _gaps(report: AnalysisReport, look: _Lookup) -> Iterator[_Proposal]:
    threshold = look.catalogue.scoring.gap_threshold
    for gap in report.provision_gaps:
        law, practice = gap.law_policy.score, gap.practice.score
        if law is None or practice is None:
            continue
        template = "gap"
        if gap.significant:
            grade = Grade.URGE if round(practice, 9) < PRACTICE_NOT_MET else Grade.CONSIDER
        elif round(gap.gap, 9) > 0 and round(gap.gap, 9) >= threshold / 2:
            # "invite" means on track: only when practice itself is not below 50
            grade = Grade.INVITE if round(practice, 9) >= PRACTICE_NOT_MET else Grade.CONSIDER
            template = "gap" if grade is Grade.INVITE else "gap-low"
        else:
            continue
        actors = tuple(sorted(look.by_provision.get(gap.code, ())))
        yield _Proposal(
            key=f"gap-{_slug(gap.code)}", template=template, grade=grade, basis="law-practice-gap",
            basis_target=gap.target, severity=gap.gap, actors=actors, provisions=(gap.code,),
            sectors=look.sectors_of(actors),
            values={"provision": look.article(gap.code),
                    "provision_title": look.title("provisions", gap.code),
                    "law": law, "practice": practice, "gap": gap.gap, "threshold": threshold})


def _unmandated(report: AnalysisReport, look: _Lookup) -> Iterator[_Proposal]:
    mandates = look.n_mandates
    for item in report.uncovered_provisions:
        code = item.provision
        yield _Proposal(
            key=f"unmandated-{_slug(code)}", template="unmandated-provision", grade=Grade.URGE,
            basis="unmandated", basis_target=f"provision:{code}", provisions=(code,),
            values={"provision": look.article(code),
                    "provision_title": look.title("provisions", code),
                    "mandates": mandates})
    for form_item in report.uncovered_forms:
        form = form_item.form
        yield _Proposal(
            key=f"unmandated-{_slug(form)}", template="unmandated-form", grade=Grade.URGE,
            basis="unmandated", basis_target="", provisions=look.form_provisions.get(form, ()),
            values={"form": form, "form_title": look.title("forms", form),
                    "mandates": mandates})
    for gap in report.function_gaps:
        yield _Proposal(
            key=f"unmandated-{_slug(gap.form)}-{_slug(gap.function)}",
            template="unmandated-function", grade=Grade.URGE, basis="unmandated",
            basis_target="", provisions=look.form_provisions.get(gap.form, ()),
            groups=gap.groups,
            values={"form": gap.form, "form_title": look.title("forms", gap.form),
                    "function": gap.function,
                    "function_title": look.title("mandate_functions", gap.function),
                    "mandates": mandates})


def _excluded(report: AnalysisReport, look: _Lookup) -> Iterator[_Proposal]:
    threshold = look.catalogue.scoring.exclusion_threshold
    for exclusion in report.exclusions:
        score = exclusion.inclusion.score
        if score is None or round(score, 9) >= threshold:
            continue
        score = round(score, 9)
        group = exclusion.group
        low = [code for s in exclusion.by_sector if s.score is not None and s.score < threshold
               for kind, code in s.tags if kind == "sector"]
        yield _Proposal(
            key=f"excluded-{_slug(group)}", template="excluded",
            grade=Grade.URGE if score < threshold / 2 else Grade.CONSIDER,
            basis="excluded-group", basis_target=exclusion.target, severity=threshold - score,
            actors=tuple(sorted(look.by_group.get(group, ()))), sectors=look.sectors(low),
            groups=(group,),
            values={"group": group, "group_title": look.title("child_groups", group),
                    "score": score, "threshold": threshold})


def _coordination(report: AnalysisReport, look: _Lookup) -> Iterator[_Proposal]:
    for item in report.uncoordinated:
        pairs = "; ".join(f"{look.title('sectors', a)} / {look.title('sectors', b)}"
                          for a, b in item.missing_pairs)
        values: dict[str, object] = {"pairs": pairs, "n": len(item.missing_pairs)}
        provisions: tuple[str, ...]
        if item.subject == "provision":
            values.update(provision=look.article(item.code),
                          provision_title=look.title("provisions", item.code))
            provisions, target = (item.code,), f"provision:{item.code}"
        else:
            values.update(form=item.code, form_title=look.title("forms", item.code))
            provisions, target = look.form_provisions.get(item.code, ()), ""
        yield _Proposal(
            key=f"uncoordinated-{_slug(item.code)}", template=f"uncoordinated-{item.subject}",
            grade=Grade.CONSIDER, basis="uncoordinated", basis_target=target,
            actors=item.actor_keys, provisions=provisions, sectors=look.sectors(item.sectors),
            values=values)
    for conflict in report.conflicts:
        first, second = conflict.actor_keys
        shared = conflict.shared_provisions
        yield _Proposal(
            key=f"conflict-{_slug(conflict.link_key)}", template="conflict", grade=Grade.URGE,
            basis="conflicting-mandates",
            basis_target=f"provision:{shared[0]}" if shared else "",
            actors=tuple(sorted({first, second})), provisions=shared,
            sectors=look.sectors(conflict.sectors),
            values={"first": look.names.get(first, first),
                    "second": look.names.get(second, second), "link": conflict.link_key,
                    "n": len(shared) + len(conflict.shared_forms)})


# --- recommendations already made --------------------------------------------------------------

def _latest(history: Sequence[StatusAssessment]) -> StatusAssessment | None:
    """The most recent assessment from any source; on the same date, the one listed last."""
    latest: StatusAssessment | None = None
    for item in history:
        if latest is None or item.assessed_on >= latest.assessed_on:
            latest = item
    return latest


def _related(rec: Recommendation, history: Sequence[StatusAssessment]) -> RelatedRecommendation:
    latest = _latest(history)
    if rec.mechanism is not Mechanism.UPR and rec.document_symbol:
        template = DOCUMENT_SUMMARIES[(bool(rec.paragraph), latest is not None)]
    else:  # the UPR reviews by cycle; a treaty body's report without its symbol names none
        by_cycle = bool(rec.cycle) and rec.mechanism is Mechanism.UPR
        template = SUMMARIES[(by_cycle, bool(rec.paragraph), latest is not None)]
    values: dict[str, object] = {
        "mechanism": MECHANISM_IN_TEXT[rec.mechanism], "cycle": rec.cycle,
        "paragraph": rec.paragraph, "document": rec.document_symbol}
    if latest is not None:
        values.update(status=STATUS_IN_TEXT[latest.status], source=SOURCE_IN_TEXT[latest.source],
                      date=latest.assessed_on.isoformat())
    return RelatedRecommendation(
        key=rec.key, mechanism=rec.mechanism.value, cycle=rec.cycle, paragraph=rec.paragraph,
        latest_status=None if latest is None else latest.status.value,
        status_source=None if latest is None else latest.source.value,
        summary=template.format(**values))


class _Linker:
    """Finds the recommendations already made on a draft's subject (rule in the module doc)."""

    def __init__(self, recommendations: Sequence[Recommendation],
                 statuses: Mapping[str, Sequence[StatusAssessment]]) -> None:
        self.recommendations = sorted(recommendations,
                                      key=lambda r: (r.date is None, r.date or date.min, r.key))
        self.statuses = statuses
        self._made: dict[str, RelatedRecommendation] = {}

    def related(self, recommendation: OwnRecommendation) -> tuple[RelatedRecommendation, ...]:
        provisions, clusters = set(recommendation.provisions), set(recommendation.clusters)
        groups = (set(recommendation.groups) if recommendation.basis == "excluded-group"
                  else set())
        out = []
        for rec in self.recommendations:
            if (provisions.intersection(rec.provisions)
                    or (not rec.provisions and clusters.intersection(rec.clusters))
                    or groups.intersection(rec.groups)):
                if rec.key not in self._made:
                    self._made[rec.key] = _related(rec, self.statuses.get(rec.key, ()))
                out.append(self._made[rec.key])
        return tuple(out)


# --- drafting --------------------------------------------------------------------------------

def _proposed(proposal: _Proposal, look: _Lookup) -> OwnRecommendation:
    key = (proposal.template, proposal.grade)
    return OwnRecommendation(
        key=proposal.key, text=TEXTS[key].format(**proposal.values), grade=proposal.grade,
        basis=proposal.basis, basis_target=proposal.basis_target,
        rationale=RATIONALES[key].format(**proposal.values), actors=proposal.actors,
        provisions=proposal.provisions, clusters=look.clusters(proposal.provisions),
        sectors=proposal.sectors, groups=proposal.groups)


def draft_recommendations(
        data: WorkspaceData, catalogue: Catalogue, report: AnalysisReport, *,
        recommendations: Sequence[Recommendation] = (),
        statuses: Mapping[str, Sequence[StatusAssessment]] = NO_STATUSES,
        existing: Sequence[OwnRecommendation] = ()) -> tuple[Draft, ...]:
    """The assessing body's recommendations for what ``report`` (the analysis of ``data``
    with ``catalogue``) finds, by the rules of the module doc, in their order.

    ``recommendations`` are those already made to the State and ``statuses`` their status
    histories by recommendation key; ``existing`` the drafts made before, matched by key.
    """
    look = _Lookup(data, catalogue)
    linker = _Linker(recommendations, statuses)
    earlier = {r.key: r for r in existing}
    drafts = []
    for proposal in (*_gaps(report, look), *_unmandated(report, look),
                     *_excluded(report, look), *_coordination(report, look)):
        before = earlier.get(proposal.key)
        if before is not None and before.status != OwnStatus.DRAFT:
            continue
        edited = before is not None and before.version != 1
        # an edited draft is kept as the person left it; only what it relates to is new
        recommendation = replace(before) if before and edited else _proposed(proposal, look)
        related = linker.related(recommendation)
        if not edited:
            recommendation.related = tuple(r.key for r in related)
        drafts.append(Draft(recommendation, related, proposal.severity))
    return tuple(sorted(drafts, key=lambda d: (GRADE_ORDER.index(d.recommendation.grade),
                                               -d.severity, d.recommendation.key)))
