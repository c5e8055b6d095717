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
from gettext import ngettext

from impactkit.catalogue.schema import ClusterScheme, SchemeCluster
from impactkit.domain import Finding
from impactkit.recommendations.model import ImplementationStatus, Mechanism, Recommendation
from impactkit.reports import editorial as ed
from impactkit.reports.common import (
    SOURCE_IN_TEXT,
    STATUS_TITLES,
    Labels,
    coverage_text,
    editorial,
    editorial_section,
    fill,
    finding_in,
    finding_table,
    in_cluster,
    latest_by_source,
    number_text,
    plain,
    recommendation_reference,
    recommendation_sort_key,
    recommendation_table,
    score_ref,
    score_text,
)
from impactkit.reports.inputs import ReportOptions, WorkspaceInput
from impactkit.reports.model import (
    Block,
    Document,
    ItemList,
    Paragraph,
    Ref,
    Section,
    count_words,
    runs,
)
from impactkit.reports.national import exclusion_reading, provenance

EARLIER = (Mechanism.CRC, Mechanism.UPR)
"""Whose earlier recommendations each cluster reviews: the Committee's and the UPR's."""
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
    placed: set[str] = set()
    for number, entry in enumerate(scheme.clusters, start=1):
        sections.append(cluster_section(ws, labels, entry, number, findings))
        placed.update(f.key for f in _cluster_findings(ws, entry, findings))
    others = [f for f in findings if f.key not in placed]
    if others:  # the Optional Protocols, Palermo, regional conventions: after the clusters
        sections.append(Section("other-instruments", _("Other instruments"), (
            plain(_("Findings on provisions of other instruments (the Optional Protocols, "
                    "the Palermo Protocol, regional conventions) that no cluster of the "
                    "guidelines groups.")),
            finding_table(others, ws.evidence_by_finding, labels,
                          _("Findings of the assessment on other instruments")))))
    sections += editorial_section(ws.sections, ed.CONCLUSIONS, _("Conclusions"))
    return Document(
        kind="alternative",
        title=_("Alternative report to the Committee on the Rights of the Child: "
                "{country}").format(country=workspace.jurisdiction.name),
        subtitle=_("{cycle}. Structured by the clusters of the {scheme} ({source}).").format(
            cycle=workspace.cycle, scheme=scheme.title, source=scheme.source),
        language=options.language, provenance=provenance([ws], options),
        sections=tuple(sections), toc_depth=0,
        # notes and paragraph numbers (added by finish) are not words: counted here
        word_count=count_words(sections), word_limit=options.word_limit)


def about(ws: WorkspaceInput, scheme: ClusterScheme, options: ReportOptions) -> Section:
    s = ws.report.summary
    return Section("about", _("About this report"), (
        plain(_("This report follows the order of the {scheme} ({source}), so that each "
                "section can be read beside the corresponding section of the State party's "
                "report.").format(scheme=scheme.title, source=scheme.source)),
        plain(_("It rests on {findings} findings of the assessment (findings included: "
                "{statuses}), each rated on the IMPACT method's scale with its evidence; "
                "each cluster lists them in a table, and the assessment's national report "
                "gives their full narratives. Scores are given with their coverage; each one "
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
    evidence = ws.evidence_by_finding
    situation: list[Block] = []
    for code in entry.clusters:
        situation += editorial(ws.sections, ed.cluster_section(code))
    scores = {s.code: s for s in ws.report.scores["cluster"]}
    for code in entry.clusters:
        score = scores.get(code)
        if score is not None and score.score is not None:
            situation.append(Paragraph(fill(
                _("The assessment scores {cluster} at {score} out of 100, on {coverage} of "
                  "its cells."), cluster=labels.of("clusters", code),
                score=score_ref(ws.key, score), coverage=coverage_text(score.coverage))))
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


def article(code: str, labels: Labels) -> str:
    """A provision as the Committee writes it: "article 32" for the Convention's own, the
    code and title for others."""
    if code.startswith("CRC-"):
        return _("article {number}").format(number=code.removeprefix("CRC-"))
    return labels.provision(code)


SEVERITY = (ImplementationStatus.REGRESSED, ImplementationStatus.NOT_STARTED,
            ImplementationStatus.UNKNOWN, ImplementationStatus.PLANNED,
            ImplementationStatus.PARTIAL, ImplementationStatus.IMPLEMENTED)
"""Statuses from the worst: the one an alternative report cites when sources disagree."""


def _gaps_questions_proposals(ws: WorkspaceInput, labels: Labels, entry: SchemeCluster,
                              provisions: frozenset[str], earlier: list[Recommendation]
                              ) -> tuple[list[Block], list[Block], list[Block]]:
    report, key = ws.report, ws.key
    gaps = [g for g in report.provision_gaps if g.code in provisions and g.significant]
    uncovered = [u for u in report.uncovered_provisions if u.provision in provisions]
    gap_blocks: list[Block] = [Paragraph(fill(
        _("{provision}: law and policy score {law}, practice {practice}, a gap of {gap} "
          "points."), provision=labels.provision(gap.code),
        law=score_text(gap.law_policy.score), practice=score_text(gap.practice.score),
        gap=Ref(number_text(gap.gap), key, gap.target))) for gap in gaps]
    if uncovered:
        gap_blocks.append(plain(_("No actor's mandate covers: {provisions}.").format(
            provisions=", ".join(labels.provision(u.provision) for u in uncovered))))
    if not gap_blocks:
        gap_blocks.append(plain(_("The assessment shows no law-practice gap of 25 points or "
                                  "more and no unmandated provision in this cluster.")))

    # (rank, text): what nobody is responsible for first, then groups left out, then what
    # earlier recommendations left undone, then the largest gaps
    questions: list[tuple[int, str]] = []
    proposals: list[str] = []
    for item in uncovered:
        name = article(item.provision, labels)
        questions.append((0, _("Which authority is responsible for implementing {provision}, "
                               "under which legal basis and with which resources?").format(
            provision=name)))
        proposals.append(_("We recommend that the Committee urge the State party to assign "
                           "responsibility for {provision} to an authority by law, with the "
                           "resources to carry it out (the assessment finds it in no actor's "
                           "mandate).").format(provision=name))
    if entry.code == "general-principles":
        for exclusion in report.exclusions:
            if exclusion_reading(exclusion) == "excluded":
                questions.append((1, _("How does the State party ensure that {group} have "
                                       "access to protection without discrimination?").format(
                    group=labels.of("child_groups", exclusion.group).lower())))
    for rec in earlier:
        reference = recommendation_reference(rec)
        latest = latest_by_source(ws.history.get(rec.key, ()))
        if not latest:
            questions.append((2, _("What has been done to implement the recommendation in "
                                   "{reference}?").format(reference=reference)))
            continue
        worst_source, worst = min(latest.items(), key=lambda kv: SEVERITY.index(kv[1].status))
        if worst.status is ImplementationStatus.IMPLEMENTED:
            continue
        others = sorted({a.status for a in latest.values()} - {worst.status},
                        key=SEVERITY.index)
        values = {"reference": reference, "source": SOURCE_IN_TEXT[worst_source],
                  "status": STATUS_TITLES[worst.status],
                  "others": _(" or ").join(STATUS_TITLES[s] for s in others)}
        if rec.mechanism is Mechanism.CRC:  # the Committee's own: it reiterates
            proposal = _("We recommend that the Committee reiterate its recommendation in "
                         "{reference}: {source} assesses it as {status}, while other sources "
                         "report it as {others}.") if others else _(
                "We recommend that the Committee reiterate its recommendation in "
                "{reference}, which {source} assesses as {status}.")
        else:  # another mechanism's: the Committee can only ask for it to be carried out
            proposal = _("We recommend that the Committee urge the State party to implement "
                         "the recommendation it received in {reference}: {source} assesses "
                         "it as {status}, while other sources report it as {others}."
                         ) if others else _(
                "We recommend that the Committee urge the State party to implement the "
                "recommendation it received in {reference}, which {source} assesses as "
                "{status}.")
        proposals.append(proposal.format(**values))
        if worst.status in (ImplementationStatus.REGRESSED, ImplementationStatus.NOT_STARTED):
            questions.append((2, _("Why has the recommendation in {reference} not been acted "
                                   "upon, and when will it be?").format(reference=reference)))
    for gap in gaps:
        name = article(gap.code, labels)
        questions.append((3, _("What measures is the State party taking so that {provision} "
                               "is applied in practice, and what data show their effect?"
                               ).format(provision=name)))
        proposals.append(_("We recommend that the Committee urge the State party to apply "
                           "{provision} in practice, with procedures, trained staff and "
                           "resources that reach every child concerned (the assessment rates "
                           "practice about {gap:.0f} points below law and policy).").format(
            provision=name, gap=gap.gap))
    ranked = [text for _rank, text in sorted(questions, key=lambda q: q[0])]
    question_blocks: list[Block] = []
    if ranked:
        question_blocks.append(ItemList(tuple(runs(q) for q in ranked[:MAX_QUESTIONS]),
                                        ordered=True))
        if len(ranked) > MAX_QUESTIONS:
            question_blocks.append(plain(ngettext(
                "{n} further question the assessment suggests is left out, to keep the list "
                "short; the gaps above show what it would ask.",
                "{n} further questions the assessment suggests are left out, to keep the list "
                "short; the gaps above show what they would ask.",
                len(ranked) - MAX_QUESTIONS).format(n=len(ranked) - MAX_QUESTIONS)))
    else:
        question_blocks.append(plain(_("The assessment suggests no question on this "
                                       "cluster.")))
    proposal_blocks: list[Block] = [ItemList(tuple(runs(p) for p in proposals), ordered=True)] \
        if proposals else [plain(_("The assessment suggests no recommendation on this "
                                   "cluster."))]
    return gap_blocks, question_blocks, proposal_blocks
