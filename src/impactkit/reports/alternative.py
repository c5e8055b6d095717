"""The alternative report to the Committee on the Rights of the Child.

An alternative ("shadow") report follows the order of the State party's periodic report,
which the Committee's treaty-specific guidelines set: its sections are the clusters of the
scheme chosen (the catalogue's current scheme, CRC/C/58/Rev.3, by default; the 2005
grouping for a report prepared under the older guidelines). For each cluster: the situation
(the findings and their evidence), progress on the Committee's and the UPR's earlier
recommendations with their status, the gaps, suggested questions for the list of issues,
and proposed recommendations, each saying what it rests on. The word count is printed on
the cover against the limit the user sets.
"""

from __future__ import annotations

from gettext import gettext as _

from impactkit.catalogue.schema import ClusterScheme, SchemeCluster
from impactkit.domain import Finding
from impactkit.recommendations.model import ImplementationStatus, Mechanism, Recommendation
from impactkit.reports import editorial as ed
from impactkit.reports.common import (
    SOURCE_TITLES,
    STATUS_TITLES,
    Labels,
    coverage_text,
    editorial,
    editorial_section,
    finding_in,
    finding_table,
    in_cluster,
    latest_by_source,
    plain,
    recommendation_reference,
    recommendation_sort_key,
    recommendation_table,
    score_ref,
)
from impactkit.reports.inputs import ReportOptions, WorkspaceInput
from impactkit.reports.model import Block, Document, ItemList, Paragraph, Ref, Section, runs
from impactkit.reports.national import provenance

EARLIER = (Mechanism.CRC, Mechanism.UPR)
"""Whose earlier recommendations each cluster reviews: the Committee's and the UPR's."""
OPEN = (ImplementationStatus.NOT_STARTED, ImplementationStatus.PLANNED,
        ImplementationStatus.PARTIAL, ImplementationStatus.REGRESSED,
        ImplementationStatus.UNKNOWN)
MAX_QUESTIONS = 5
"""The Committee's list of issues is short: a few questions per cluster, strongest first."""


def build(ws: WorkspaceInput, options: ReportOptions) -> Document:
    labels = Labels(ws.catalogue)
    scheme = ws.catalogue.cluster_scheme(options.scheme)
    workspace = ws.data.workspace
    sections: list[Section] = []
    sections += editorial_section(ws.sections, ed.INTRODUCTION, _("Introduction"))
    sections += editorial_section(ws.sections, ed.CONTEXT, _("Context"))
    sections.append(about(ws, scheme, options))
    findings = ws.findings(options)
    for number, entry in enumerate(scheme.clusters, start=1):
        sections.append(cluster_section(ws, labels, entry, number, findings))
    sections += editorial_section(ws.sections, ed.CONCLUSIONS, _("Conclusions"))
    return Document(
        kind="alternative",
        title=_("Alternative report to the Committee on the Rights of the Child: "
                "{country}").format(country=workspace.jurisdiction.name),
        subtitle=_("{cycle}. Structured by the clusters of the {scheme} ({source}).").format(
            cycle=workspace.cycle, scheme=scheme.title, source=scheme.source),
        language=options.language, provenance=provenance([ws], options), cover=(),
        sections=tuple(sections), toc_depth=0)


def about(ws: WorkspaceInput, scheme: ClusterScheme, options: ReportOptions) -> Section:
    s = ws.report.summary
    return Section("about", _("About this report"), (
        plain(_("This report follows the order of the {scheme} ({source}), so that each "
                "section can be read beside the corresponding section of the State party's "
                "report.").format(scheme=scheme.title, source=scheme.source)),
        plain(_("It rests on {findings} findings of the assessment (findings included: "
                "{statuses}), each rated on the IMPACT method's scale with its evidence; "
                "each cluster lists them in a table, and the national assessment gives "
                "their full narratives. Scores are given with their coverage; each one "
                "names, in a note, where it is explained.").format(
            findings=s.findings, statuses=options.status_label)),
    ))


def _cluster_findings(ws: WorkspaceInput, entry: SchemeCluster, findings: list[Finding]
                      ) -> list[Finding]:
    provisions = ws.catalogue.scheme_provisions(entry)
    return [f for f in findings if finding_in(f, provisions, entry.clusters)]


def _recommendations(ws: WorkspaceInput, entry: SchemeCluster) -> list[Recommendation]:
    provisions = ws.catalogue.scheme_provisions(entry)
    return sorted((r for r in ws.recommendations if r.mechanism in EARLIER
                   and in_cluster(r, provisions, entry.clusters)), key=recommendation_sort_key)


def cluster_section(ws: WorkspaceInput, labels: Labels, entry: SchemeCluster, number: int,
                    findings: list[Finding]) -> Section:
    provisions = ws.catalogue.scheme_provisions(entry)
    mine = _cluster_findings(ws, entry, findings)
    evidence = ws.evidence_by_finding()
    situation: list[Block] = []
    for code in entry.clusters:
        situation += editorial(ws.sections, ed.cluster_section(code))
    scores = {s.code: s for s in ws.report.scores["cluster"]}
    for code in entry.clusters:
        score = scores.get(code)
        if score is not None and score.score is not None:
            situation.append(Paragraph(runs(
                _("The assessment scores {cluster} at ").format(
                    cluster=labels.of("clusters", code)),
                score_ref(ws.key, score),
                _(" out of 100, with a coverage of {coverage}.").format(
                    coverage=coverage_text(score.coverage)))))
    if mine:
        situation.append(finding_table(mine, evidence, labels,
                                       _("Findings of the assessment on this cluster")))
    else:
        situation.append(plain(_("The assessment holds no finding on this cluster.")))

    earlier = _recommendations(ws, entry)
    names = {a.key: a.name for a in ws.data.actors}
    progress: list[Block] = [recommendation_table(
        earlier, ws.actions, ws.history, names,
        _("Earlier recommendations of the Committee and the UPR on this cluster"))]

    gap_blocks, questions, proposals = _gaps_questions_proposals(ws, labels, entry, provisions,
                                                                 earlier)
    title = _("{number}. {title} ({articles})").format(
        number=number, title=entry.title, articles=entry.articles) if entry.articles \
        else _("{number}. {title}").format(number=number, title=entry.title)
    return Section(f"cluster-{entry.code}", title, (), (
        Section(f"cluster-{entry.code}-situation", _("Situation"), tuple(situation)),
        Section(f"cluster-{entry.code}-progress", _("Progress on earlier recommendations"),
                tuple(progress)),
        Section(f"cluster-{entry.code}-gaps", _("Gaps"), tuple(gap_blocks)),
        Section(f"cluster-{entry.code}-questions",
                _("Suggested questions for the list of issues"), tuple(questions)),
        Section(f"cluster-{entry.code}-recommendations", _("Proposed recommendations"),
                tuple(proposals)),
    ))


def _gaps_questions_proposals(ws: WorkspaceInput, labels: Labels, entry: SchemeCluster,
                              provisions: frozenset[str], earlier: list[Recommendation]
                              ) -> tuple[list[Block], list[Block], list[Block]]:
    report, key = ws.report, ws.key
    gaps = [g for g in report.provision_gaps if g.code in provisions and g.significant]
    uncovered = [u for u in report.uncovered_provisions if u.provision in provisions]
    excluded = [e for e in report.exclusions if e.excluded]
    gap_blocks: list[Block] = []
    for gap in gaps:
        gap_blocks.append(Paragraph(runs(
            _("{provision}: law and policy score {law}, practice {practice}; a gap of ").format(
                provision=labels.provision(gap.code),
                law=f"{gap.law_policy.score:.1f}" if gap.law_policy.score is not None else "-",
                practice=f"{gap.practice.score:.1f}" if gap.practice.score is not None
                else "-"),
            Ref(f"{gap.gap:.1f}", key, gap.target), _(" points."))))
    if uncovered:
        gap_blocks.append(plain(_("No actor's mandate covers: {provisions}.").format(
            provisions=", ".join(labels.provision(u.provision) for u in uncovered))))
    if not gap_blocks:
        gap_blocks.append(plain(_("The assessment shows no significant law-practice gap and no "
                                  "unmandated provision in this cluster.")))

    questions: list[str] = []
    proposals: list[str] = []
    for gap in gaps:
        title = labels.provision(gap.code)
        questions.append(_("What measures is the State party taking so that {provision}, "
                           "provided for in law and policy, is applied in practice, and how "
                           "is their effect measured?").format(provision=title))
        proposals.append(_("Apply {provision} in practice, with procedures, trained staff "
                           "and resources that reach every child concerned (the assessment "
                           "measures a gap of {gap:.1f} points between law and practice).").format(
            provision=title, gap=gap.gap))
    for item in uncovered:
        title = labels.provision(item.provision)
        questions.append(_("Which authority is responsible for implementing {provision}, "
                           "under which legal basis, and with which resources?").format(
            provision=title))
        proposals.append(_("Assign responsibility for {provision} to an authority by law, "
                           "with a budget (the assessment finds it in no actor's "
                           "mandate).").format(provision=title))
    for rec in earlier:
        latest = latest_by_source(ws.history.get(rec.key, ()))
        open_sources = [s for s, a in latest.items() if a.status in OPEN]
        if latest and not open_sources:
            continue
        reference = recommendation_reference(rec)
        if not latest:
            questions.append(_("What has been done to implement the recommendation in "
                               "{reference}?").format(reference=reference))
            continue
        source = open_sources[0]
        proposals.append(_("Implement the recommendation in {reference} in full (status "
                           "according to {source}: {status}).").format(
            reference=reference, source=SOURCE_TITLES[source],
            status=STATUS_TITLES[latest[source].status]))
    if excluded and entry.code in ("general-principles",):
        for exclusion in excluded:
            questions.append(_("How does the State party ensure that {group} have access to "
                               "protection without discrimination?").format(
                group=labels.of("child_groups", exclusion.group)))
    question_blocks: list[Block] = [ItemList(tuple(runs(q) for q in questions[:MAX_QUESTIONS]),
                                             ordered=True)] if questions else [
        plain(_("The assessment suggests no question on this cluster."))]
    proposal_blocks: list[Block] = [ItemList(tuple(runs(p) for p in proposals), ordered=True)] \
        if proposals else [plain(_("The assessment suggests no recommendation on this "
                                   "cluster."))]
    return gap_blocks, question_blocks, proposal_blocks
