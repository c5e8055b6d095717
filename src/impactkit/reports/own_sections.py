"""The assessing body's own recommendations in the national assessment ("Our
recommendations"), after the recommendations already made to the State.

Only accepted recommendations are printed by default: a draft is the machine's proposal or
a person's work in progress, not the body's word. When the report includes draft findings
(``--status all``, or a list naming ``reviewed`` or ``draft``), reviewed and draft
recommendations are printed as well, each labelled; rejected ones never are. Each one is
placed under the first reporting cluster it concerns (the others are named beside it),
graded as GRETA grades (urge, consider, invite), addressed to actors by name, and followed
by the recommendations already made to the State on the same provisions with their latest
status per source.
"""

from __future__ import annotations

from collections.abc import Sequence
from gettext import gettext as _
from gettext import ngettext

from impactkit.recommendations.model import Recommendation
from impactkit.recommendations.own import GRADE_ORDER, Grade, OwnRecommendation, OwnStatus
from impactkit.reports.common import Labels, fill, plain, recommendation_reference, status_summary
from impactkit.reports.inputs import ReportOptions, WorkspaceInput
from impactkit.reports.model import Block, ItemList, Paragraph, Ref, Run, Section, Text, runs

GRADE_TITLES = {Grade.URGE: _("Urge"), Grade.CONSIDER: _("Consider"),
                Grade.INVITE: _("Invite")}
STATUS_LABELS = {OwnStatus.DRAFT: _("[Draft recommendation, not yet accepted]"),
                 OwnStatus.REVIEWED: _("[Reviewed, not yet accepted]")}
BASIS_TITLES = {"law-practice-gap": _("a law-practice gap"),
                "unmandated": _("a provision or function in no actor's mandate"),
                "excluded-group": _("an excluded group of children"),
                "uncoordinated": _("a shared responsibility without coordination"),
                "conflicting-mandates": _("a declared conflict between mandates"),
                "person": _("the assessing body's own judgement")}


def shown_statuses(options: ReportOptions) -> frozenset[OwnStatus]:
    """Accepted always; reviewed and draft ones when the report includes findings of that
    review status (every status when it includes all findings)."""
    wanted = {OwnStatus.ACCEPTED}
    if options.statuses is None or "reviewed" in options.statuses:
        wanted.add(OwnStatus.REVIEWED)
    if options.statuses is None or "draft" in options.statuses:
        wanted.add(OwnStatus.DRAFT)
    return frozenset(wanted)


def _sort_key(record: OwnRecommendation) -> tuple[int, str]:
    return (GRADE_ORDER.index(record.grade), record.key)


def _related(record: OwnRecommendation, ws: WorkspaceInput) -> tuple[Run, ...] | None:
    made = {r.key: r for r in ws.recommendations}
    found: Sequence[Recommendation] = [made[k] for k in record.related if k in made]
    if not found:
        return None
    listed = "; ".join(_("{reference} ({status})").format(
        reference=recommendation_reference(r), status=status_summary(ws.history.get(r.key, ())))
        for r in found)
    return runs(_("Already recommended to the State on the same provisions: "
                  "{recommendations}.").format(recommendations=listed))


def _blocks(record: OwnRecommendation, ws: WorkspaceInput, labels: Labels, placed_in: str
            ) -> list[Block]:
    head: list[Run] = []
    draft = record.status is not OwnStatus.ACCEPTED
    if draft:
        head += [Text(STATUS_LABELS.get(record.status, f"[{record.status.value}]"), "strong"),
                 Text(" ")]
    head += fill(_("{grade}: {text}"), grade=Text(GRADE_TITLES[record.grade], "strong"),
                 text=record.text.strip())
    names = {a.key: a.name for a in ws.data.actors}
    actors = [names[k] for k in record.actors if k in names]
    details: list[tuple[Run, ...]] = [
        runs(_("Addressed to: {actors}.").format(actors=", ".join(actors))) if actors
        else runs(_("Addressed to the authorities in general."))]
    basis: Run | str = BASIS_TITLES.get(record.basis, record.basis)
    if record.basis_target:
        basis = Ref(str(basis), ws.key, record.basis_target)
    if record.rationale.strip():
        details.append(fill(_("Basis: {basis}. {rationale}"), basis=basis,
                            rationale=record.rationale.strip()))
    else:
        details.append(fill(_("Basis: {basis}."), basis=basis))
    others = [labels.of("clusters", c) for c in record.clusters if c != placed_in]
    if others:
        details.append(runs(_("Also concerns: {clusters}.").format(clusters=", ".join(others))))
    related = _related(record, ws)
    if related is not None:
        details.append(related)
    return [Paragraph(tuple(head), draft=draft), ItemList(tuple(details))]


def own_recommendations(ws: WorkspaceInput, labels: Labels, options: ReportOptions
                        ) -> Section:
    wanted = shown_statuses(options)
    shown = sorted((r for r in ws.own_recommendations if r.status in wanted), key=_sort_key)
    held = sum(1 for r in ws.own_recommendations
               if r.status not in wanted and r.status is not OwnStatus.REJECTED)
    title = _("Our recommendations")
    blocks: list[Block] = [plain(_(
        "The recommendations the assessing body makes to the State on the strength of this "
        "assessment, graded as the Council of Europe's experts on trafficking grade theirs: "
        "urge where the standard is not met, consider where it needs improvement, invite "
        "where it is on track but can be strengthened. Each names the actors it is addressed "
        "to, the finding it rests on (its note names the explanation) and the "
        "recommendations already made to the State on the same provisions."))]
    if shown:
        counts = {g: sum(1 for r in shown if r.grade is g) for g in GRADE_ORDER}
        blocks.append(plain(ngettext(
            "{n} recommendation is printed: {urge} urge, {consider} consider, {invite} "
            "invite.",
            "{n} recommendations are printed: {urge} urge, {consider} consider, {invite} "
            "invite.", len(shown)).format(n=len(shown), urge=counts[Grade.URGE],
                                           consider=counts[Grade.CONSIDER],
                                           invite=counts[Grade.INVITE])))
        if wanted != {OwnStatus.ACCEPTED}:
            blocks.append(plain(_("Recommendations not yet accepted are printed too, each "
                                  "labelled as a draft or as reviewed.")))
    else:
        blocks.append(plain(_("No recommendation of the assessing body has been accepted "
                              "yet.")))
    if held:
        blocks.append(plain(ngettext(
            "{n} more is a draft or under review and is not printed.",
            "{n} more are drafts or under review and are not printed.", held).format(n=held)))
    subsections = []
    placed: set[str] = set()
    for cluster in ws.catalogue.clusters:
        mine = [r for r in shown if r.key not in placed and cluster.code in r.clusters]
        placed.update(r.key for r in mine)
        if mine:
            body = [b for r in mine for b in _blocks(r, ws, labels, cluster.code)]
            subsections.append(Section(f"own-recommendations-{cluster.code}", cluster.title,
                                       tuple(body)))
    rest = [r for r in shown if r.key not in placed]
    if rest:
        body = [b for r in rest for b in _blocks(r, ws, labels, "")]
        subsections.append(Section("own-recommendations-other",
                                   _("Not tied to a reporting cluster"), tuple(body)))
    return Section("own-recommendations", title, tuple(blocks), tuple(subsections))
