"""The national assessment of one workspace.

Its order follows the IMPACT method's national reports: a summary of the key findings, the
method, structural vulnerability, the system (actors, mandates, coordination and what the
map lacks), the findings per CRC reporting cluster, indicators beside the area scores,
law-practice gaps, excluded groups, coherence between sectors, key determinants of risk and
protection, the recommendations made to the State, our own recommendations, conclusions,
then annexes holding every score with its coverage, the evidence sources, the scoring rules
in plain words, the instruments, and the arithmetic of structural vulnerability and every
key determinant when the report has them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from gettext import gettext as _
from gettext import ngettext

from impactkit.analysis.exclusion import GroupExclusion
from impactkit.reports import (
    determinant_sections,
    figures,
    indicator_sections,
    own_sections,
    vulnerability_sections,
)
from impactkit.reports import editorial as ed
from impactkit.reports.common import (
    Labels,
    coverage_text,
    editorial,
    editorial_section,
    evidence_citation,
    fill,
    finding_blocks,
    finding_in,
    in_cluster,
    number_text,
    plain,
    recommendation_table,
    score_ref,
    score_table,
    score_text,
)
from impactkit.reports.inputs import ReportOptions, WorkspaceInput
from impactkit.reports.model import (
    Block,
    Column,
    Document,
    ItemList,
    Paragraph,
    Provenance,
    Ref,
    Row,
    Run,
    Section,
    Table,
    runs,
)
from impactkit.systemmap.analysis import analyse_map

MAX_CODES = 8
"""A table cell names at most this many provisions, then says how many more there are."""
MAX_LISTED = 8
"""A summary lists at most this many findings; the sections that follow hold them all."""
FIXED_ANNEXES = 4
"""Scores, evidence, scoring rules and instruments; the annexes of structural vulnerability
and of every key determinant follow when the report has them."""
SCORE_KINDS = (("area", _("Scores of the areas of analysis")),
               ("cluster", _("Scores of the reporting clusters")),
               ("layer", _("Scores of the layers")), ("sector", _("Scores of the sectors")),
               ("group", _("Scores of the groups of children")),
               ("provision", _("Scores of the provisions")))


def codes_text(codes: tuple[str, ...]) -> str:
    """Provision codes for a table cell: all of them when few, else the first and a count."""
    if not codes:
        return "-"
    if len(codes) <= MAX_CODES:
        return ", ".join(codes)
    return _("{codes} and {n} more").format(codes=", ".join(codes[:MAX_CODES]),
                                            n=len(codes) - MAX_CODES)


def provenance(inputs: list[WorkspaceInput], options: ReportOptions) -> Provenance:
    catalogue = inputs[0].catalogue
    filters = [(_("Findings included"), options.status_label)]
    if options.scheme:
        filters.append((_("Cluster scheme"), options.scheme))
    return Provenance(
        catalogue=_("{title} ({key}, version {version})").format(
            title=catalogue.title, key=catalogue.key, version=catalogue.version),
        data_versions=tuple((ws.key, ws.data_version) for ws in inputs),
        generated_at=options.generated_at, filters=tuple(filters))


def build(ws: WorkspaceInput, options: ReportOptions) -> Document:
    labels = Labels(ws.catalogue)
    tables = score_tables(ws, labels)  # in the annex and attached to the PDF whole
    sections: list[Section] = []
    sections += editorial_section(ws.sections, ed.INTRODUCTION, _("Introduction"))
    sections.append(summary(ws, labels, options))
    sections += editorial_section(ws.sections, ed.CONTEXT, _("Context"))
    sections.append(method(ws, labels, options))
    sections.append(vulnerability_sections.national(ws, labels, FIXED_ANNEXES + 1))
    sections.append(system(ws, labels))
    sections.append(findings_by_cluster(ws, labels, options))
    sections.append(indicator_sections.indicators(ws, labels))
    sections.append(gaps(ws, labels))
    sections.append(exclusion(ws, labels))
    sections.append(coherence(ws, labels))
    extra = [a for a in (vulnerability_sections.annex(ws, labels, FIXED_ANNEXES + 1),)
             if a is not None]
    determinants_annex = FIXED_ANNEXES + len(extra) + 1
    sections.append(determinant_sections.national(ws, determinants_annex))
    extra += [a for a in (determinant_sections.annex(ws, determinants_annex),) if a is not None]
    sections.append(recommendations(ws, labels))
    sections.append(own_sections.own_recommendations(ws, labels, options))
    sections += editorial_section(ws.sections, ed.CONCLUSIONS, _("Conclusions"))
    sections += editorial_section(ws.sections, ed.STATE_COMMENTS,
                                  _("Comments of the State (right of reply)"))
    sections.append(annexes(ws, labels, options, tables, extra))
    return Document(
        kind="national", title=_("National assessment: {title}").format(title=ws.title),
        subtitle=_("{country}, {cycle}").format(country=ws.data.workspace.jurisdiction.name,
                                                cycle=ws.data.workspace.cycle),
        language=options.language, provenance=provenance([ws], options),
        sections=tuple(sections), attachments=tables)


# --- summary -----------------------------------------------------------------------------------

def summary(ws: WorkspaceInput, labels: Labels, options: ReportOptions) -> Section:
    report, key = ws.report, ws.key
    s = report.summary
    blocks: list[Block] = [plain(ngettext(
        "This assessment rests on {findings} finding, of which {rated} carries a rating; it "
        "reaches {covered} of the {cells} cells of the assessment grid that apply "
        "(provisions by sectors by layers). Findings included: {statuses}.",
        "This assessment rests on {findings} findings, of which {rated} carry a rating; they "
        "reach {covered} of the {cells} cells of the assessment grid that apply (provisions "
        "by sectors by layers). Findings included: {statuses}.", s.findings).format(
        findings=s.findings, rated=s.rated, covered=f"{s.cells_covered:,}",
        cells=f"{s.cells_in_universe:,}", statuses=options.status_label))]
    blocks.append(plain(_(
        "Scores run from 0 to 100 and describe only the cells a rated finding reaches; where "
        "coverage is low they say what was assessed, not how the country does overall, and "
        "differences of a few points between them are within what one more finding would "
        "change.")))
    areas = [a for a in report.scores["area"] if a.score is not None]
    if areas:
        items = tuple(fill(_("{area}: {score} (coverage {coverage})"),
                           area=labels.of("areas", a.code), score=score_ref(key, a),
                           coverage=coverage_text(a.coverage))
                      for a in sorted(areas, key=lambda a: a.score or 0))
        blocks.append(plain(_("Scores by area of analysis, lowest first:")))
        blocks.append(ItemList(items))
    large = [g for g in report.cluster_gaps if g.significant][:3]
    if large:
        blocks.append(plain(ngettext(
            "The largest gap between law and practice (25 points or more) is in:",
            "The largest gaps between law and practice (25 points or more) are in:",
            len(large))))
        blocks.append(ItemList(tuple(fill(
            _("{cluster}: {gap} points (law and policy {law}, practice {practice})"),
            cluster=labels.of("clusters", g.code), gap=Ref(number_text(g.gap), key, g.target),
            law=score_text(g.law_policy.score), practice=score_text(g.practice.score))
            for g in large)))
    weakest = [f for f in ws.findings(options)
               if f.rating is not None and f.rating <= 1 and f.layer != "law-policy"]
    if weakest:
        if len(weakest) <= MAX_LISTED:
            intro = ngettext(
                "{n} finding on practice or the child's perspective is rated weak or worse:",
                "{n} findings on practice or the child's perspective are rated weak or worse:",
                len(weakest))
        else:
            intro = _("{n} findings on practice or the child's perspective are rated weak or "
                      "worse; the {shown} lowest:")
        blocks.append(plain(intro.format(n=len(weakest), shown=MAX_LISTED)))
        blocks.append(ItemList(tuple(runs(_("{title} ({rating})").format(
            title=(f.title or f.key).rstrip("."), rating=labels.rating(f)))
            for f in sorted(weakest, key=lambda f: (f.rating or 0, f.key))[:MAX_LISTED])))
    excluded = [e for e in report.exclusions if exclusion_reading(e) == "excluded"]
    if excluded:
        names = ", ".join(labels.of("child_groups", e.group) for e in excluded)
        blocks.append(plain(_("Groups of children excluded from protection: {groups}.").format(
            groups=names)))
    if report.uncovered_provisions:
        n = len(report.uncovered_provisions)
        blocks.append(plain(ngettext(
            "{n} assessable provision is in no actor's mandate (see the section on the "
            "system).",
            "{n} assessable provisions are in no actor's mandate (listed in the section on the "
            "system).", n).format(n=n)))
    if report.conflicts:
        n = len(report.conflicts)
        blocks.append(plain(ngettext("{n} conflict between mandates is declared.",
                                     "{n} conflicts between mandates are declared.", n
                                     ).format(n=n)))
    return Section("summary", _("Summary of key findings"), tuple(blocks))


# --- method ------------------------------------------------------------------------------------

def method(ws: WorkspaceInput, labels: Labels, options: ReportOptions) -> Section:
    catalogue, report = ws.catalogue, ws.report
    blocks: list[Block] = [
        plain(_("The assessment follows the IMPACT method as written in the catalogue "
                "{catalogue}. Each finding states how one area of analysis holds for a scope "
                "of provisions, sectors and groups of children, on one layer, rated on an "
                "ordinal scale from {low} to {high}.").format(
            catalogue=catalogue.title, low=report.scale_min, high=report.scale_max)),
        plain(_("The five areas of analysis:")),
        ItemList(tuple(runs(_("{title}: {description}").format(
            title=a.title, description=a.description.strip() or a.title))
            for a in catalogue.areas)),
        plain(_("The layers:")),
        ItemList(tuple(runs(_("{title}: {description}").format(
            title=t.title, description=t.description.strip() or t.title))
            for t in catalogue.layers)),
        figures.coverage_chart(ws.key, report, labels),
    ]
    unassessed = [labels.of("clusters", s.code) for s in report.scores["cluster"]
                  if s.score is None]
    if unassessed:
        blocks.append(plain(_("Not assessed: no rated finding reaches these reporting "
                              "clusters, which therefore have no score: {clusters}.").format(
            clusters=", ".join(unassessed))))
    else:
        blocks.append(plain(_("Every reporting cluster has at least one rated finding.")))
    blocks.append(plain(_("A score is never computed from cells nobody assessed: each score "
                          "is printed with its coverage, and the annex gives the rules.")))
    return Section("method", _("Method"), tuple(blocks))


# --- the system --------------------------------------------------------------------------------

def system(ws: WorkspaceInput, labels: Labels) -> Section:
    data, report = ws.data, ws.report
    names = {a.key: a.name for a in data.actors}
    levels = [lv.code for lv in ws.catalogue.actor_levels]
    by_cell = Counter((a.sector, a.level) for a in data.actors)
    sectors = [s.code for s in ws.catalogue.sectors if any(a.sector == s.code
                                                            for a in data.actors)]
    actors_by_sector = Table(
        _("Actors by sector and level"),
        (Column(_("Sector")), *(Column(labels.of("actor_levels", lv), numeric=True)
                                 for lv in levels)),
        tuple(Row((labels.of("sectors", s), *(str(by_cell.get((s, lv), 0)) for lv in levels)))
              for s in sectors), empty=_("No actor is recorded."))
    actors = Table(_("Actors"), (Column(_("Actor")), Column(_("Sector")), Column(_("Level")),
                                 Column(_("Type"))),
                   tuple(Row((a.name, labels.of("sectors", a.sector),
                              labels.of("actor_levels", a.level),
                              labels.of("actor_types", a.type)))
                         for a in sorted(data.actors, key=lambda a: (a.sector, a.name))),
                   empty=_("No actor is recorded."))
    instruments = {i.key: i.title for i in data.instruments}
    mandates = Table(
        _("Mandates"), (Column(_("Actor")), Column(_("Provisions")), Column(_("Functions")),
                        Column(_("Legal basis"))),
        tuple(Row((names.get(m.actor_key, m.actor_key), codes_text(m.provisions),
                   ", ".join(labels.of("mandate_functions", f) for f in m.functions) or "-",
                   instruments.get(m.legal_basis or "", _("none recorded"))))
              for m in sorted(data.mandates, key=lambda m: (names.get(m.actor_key, ""), m.key))),
        empty=_("No mandate is recorded."))
    links = Table(
        _("Coordination links"), (Column(_("From")), Column(_("Kind")), Column(_("To")),
                                  Column(_("Legal basis"))),
        tuple(Row((names.get(lk.source_key, lk.source_key), labels.of("link_kinds", lk.kind),
                   names.get(lk.target_key, lk.target_key),
                   instruments.get(lk.legal_basis or "", _("none recorded"))))
              for lk in sorted(data.links, key=lambda lk: lk.key)),
        empty=_("No coordination link is recorded."))
    blocks: list[Block] = [
        plain(_("The system is mapped as {actors} actors, {mandates} mandates and {links} "
                "coordination links.").format(actors=len(data.actors),
                                              mandates=len(data.mandates),
                                              links=len(data.links))),
        actors_by_sector, actors, mandates, links]
    gaps: list[Block] = []
    if report.uncovered_provisions:
        gaps.append(plain(_("Provisions in no actor's mandate ({n}):").format(
            n=len(report.uncovered_provisions))))
        gaps.append(ItemList(tuple(runs(labels.provision(u.provision))
                                   for u in report.uncovered_provisions)))
    if report.uncovered_forms:
        gaps.append(plain(_("Forms of exploitation in no actor's mandate: {forms}.").format(
            forms=", ".join(labels.of("forms", u.form) for u in report.uncovered_forms))))
    if report.function_gaps:
        gaps.append(Table(
            _("Functions of the protection chain nobody holds"),
            (Column(_("Form of exploitation")), Column(_("Function")),
             Column(_("Groups without a specific mandate either"))),
            tuple(Row((labels.of("forms", g.form), labels.of("mandate_functions", g.function),
                       _("All groups") if set(g.groups) >= set(ws.catalogue.codes(
                           "child_groups")) else ", ".join(labels.of("child_groups", c)
                                                          for c in g.groups) or "-"))
                  for g in report.function_gaps)))
    if report.specialised_gaps:
        gaps.append(plain(_("Specialised functions of the protection pathway nobody holds: "
                            "{functions}.").format(functions=", ".join(
            labels.of("mandate_functions", g.function) for g in report.specialised_gaps))))
    if report.uncoordinated:
        gaps.append(Table(
            _("Shared responsibilities without coordination"),
            (Column(_("Subject")), Column(_("Actors")), Column(_("Sectors"))),
            tuple(Row((u.title, ", ".join(names.get(k, k) for k in u.actor_keys),
                       ", ".join(labels.of("sectors", s) for s in u.sectors)))
                  for u in report.uncoordinated)))
    overlaps = analyse_map(data, ws.catalogue).overlaps
    if overlaps:
        gaps.append(Table(
            _("Responsibilities several actors hold"),
            (Column(_("Form of exploitation")), Column(_("Function")),
             Column(_("Actors")), Column(_("Pairs without a coordinating link"))),
            tuple(Row((labels.of("forms", o.form),
                       labels.of("mandate_functions", o.function),
                       ", ".join(names.get(a, a) for a in o.actors),
                       _("{count} of {pairs}, among them {listed}").format(
                           count=o.uncoordinated_count, pairs=o.pairs,
                           listed="; ".join(_("{first} and {second}").format(
                               first=names.get(x, x), second=names.get(y, y))
                               for x, y in o.uncoordinated))))
                  for o in overlaps)))
    if report.conflicts:
        gaps.append(Table(
            _("Declared conflicts between mandates"),
            (Column(_("Actors")), Column(_("Shared provisions")), Column(_("What it is about"))),
            tuple(Row((_("{first} and {second}").format(
                first=names.get(c.actor_keys[0], c.actor_keys[0]),
                second=names.get(c.actor_keys[1], c.actor_keys[1])),
                ", ".join(c.shared_provisions) or "-", c.notes or "-"))
                for c in report.conflicts)))
    if not gaps:
        gaps.append(plain(_("The map shows no provision, form or function left without an "
                            "actor, no overlap and no declared conflict.")))
    return Section("system", _("The child protection system"), tuple(blocks), (
        Section("system-gaps", _("Gaps, overlaps and conflicts in the map"), tuple(gaps)),))


# --- findings by cluster ------------------------------------------------------------------------

def findings_by_cluster(ws: WorkspaceInput, labels: Labels, options: ReportOptions) -> Section:
    """Each finding is printed once, under the first of its clusters in the Committee's
    order; the other clusters it concerns list it by title, pointing to where it is."""
    findings = ws.findings(options)
    evidence = ws.evidence_by_finding
    cluster_scores = {s.code: s for s in ws.report.scores["cluster"]}
    areas = [a.code for a in ws.catalogue.areas]
    placed: dict[str, str] = {}
    subsections = []
    for cluster in ws.catalogue.clusters:
        provisions = frozenset(cluster.provisions)
        mine = [f for f in findings if finding_in(f, provisions, (cluster.code,))]
        blocks: list[Block] = list(editorial(ws.sections, ed.cluster_section(cluster.code)))
        score = cluster_scores.get(cluster.code)
        if score is not None:
            blocks.append(Paragraph(fill(
                ngettext("Score of the cluster: {score} (coverage {coverage}; {n} rated "
                         "finding).",
                         "Score of the cluster: {score} (coverage {coverage}; {n} rated "
                         "findings).", score.n_findings),
                score=score_ref(ws.key, score), coverage=coverage_text(score.coverage),
                n=score.n_findings)))
        elsewhere = [f for f in mine if f.key in placed]
        for area in areas:
            for finding in (f for f in mine if f.area == area and f.key not in placed):
                blocks += finding_blocks(finding, evidence.get(finding.key, ()), labels)
                placed[finding.key] = cluster.title
        if elsewhere:
            blocks.append(plain(_("Findings presented under an earlier cluster that also "
                                  "concern this one:")))
            blocks.append(ItemList(tuple(runs(_("{finding} (under {cluster})").format(
                finding=f.title or f.key, cluster=placed[f.key])) for f in elsewhere)))
        if not mine:
            blocks.append(plain(_("No finding included in this report concerns this "
                                  "cluster.")))
        subsections.append(Section(f"cluster-{cluster.code}", cluster.title, tuple(blocks)))
    others = [f for f in findings if f.key not in placed]
    if others:  # scoped to instruments no reporting cluster groups (Palermo, CETS 197...)
        blocks = [plain(_("These findings concern provisions of other instruments (the "
                          "Optional Protocols, the Palermo Protocol, regional conventions) "
                          "that no reporting cluster groups."))]
        for area in areas:
            for finding in (f for f in others if f.area == area):
                blocks += finding_blocks(finding, evidence.get(finding.key, ()), labels)
        subsections.append(Section("cluster-other", _("Findings on other instruments"),
                                   tuple(blocks)))
    intro = (plain(_("Findings are grouped by the CRC Committee's reporting clusters, then by "
                     "area of analysis. A finding whose scope spans several clusters is "
                     "presented under the first and listed under the others.")),
             figures.heatmap(ws.key, ws.matrix, labels))
    return Section("findings", _("Findings by reporting cluster"), intro, tuple(subsections))


# --- gaps, exclusion, coherence ----------------------------------------------------------------

def gaps(ws: WorkspaceInput, labels: Labels) -> Section:
    report, key = ws.report, ws.key
    threshold = report.scoring["gap_threshold"]
    blocks: list[Block] = [
        plain(_("The implementation gap of a provision or cluster is its law-and-policy score "
                "minus its practice score. A gap of {threshold:.0f} points or more (one step "
                "of the rating scale) is reported as large; it rests on the findings of each "
                "layer, often few, and no statistical test is made.").format(
            threshold=threshold)),
        figures.gap_chart(key, report.cluster_gaps, labels),
        Table(_("Implementation gaps by provision, largest first"),
              (Column(_("Provision")), Column(_("Law and policy"), numeric=True),
               Column(_("Practice"), numeric=True), Column(_("Gap (points)"), numeric=True)),
              tuple(Row((labels.provision(g.code), score_text(g.law_policy.score),
                         score_text(g.practice.score), Ref(number_text(g.gap), key, g.target)))
                    for g in report.provision_gaps),
              data_name="provision-gaps",
              empty=_("No provision has a score on both layers."))]
    if report.unmeasurable_gaps:
        n = len(report.unmeasurable_gaps)
        blocks.append(plain(ngettext(
            "{n} provision or cluster has a score on one layer only, so its gap cannot be "
            "measured.",
            "{n} provisions or clusters have a score on one layer only, so their gap cannot be "
            "measured.", n).format(n=n)))
    return Section("gaps", _("Law-practice gaps"), tuple(blocks))


MIN_EXCLUSION_FINDINGS = 2
"""Fewer rated findings than this on a group's inclusion is too little to read either way."""


READINGS = {"not-assessed": _("not assessed"), "thin": _("too little evidence to tell"),
            "excluded": _("excluded"), "included": _("no exclusion found")}


def exclusion_reading(item: GroupExclusion) -> str:
    """How a group's inclusion reads (a key of :data:`READINGS`): never "not excluded" for
    a group nobody assessed."""
    if item.inclusion.score is None:
        return "not-assessed"
    if item.inclusion.n_findings < MIN_EXCLUSION_FINDINGS:
        return "thin"
    return "excluded" if item.excluded else "included"


def exclusion(ws: WorkspaceInput, labels: Labels) -> Section:
    report, key = ws.report, ws.key
    rows = []
    for item in report.exclusions:
        criteria = "; ".join(_("{criterion} ({n})").format(criterion=c.title, n=c.count)
                             for c in item.criteria) or _("none recorded")
        rows.append(Row((labels.of("child_groups", item.group), score_ref(key, item.inclusion),
                         coverage_text(item.inclusion.coverage),
                         str(item.inclusion.n_findings), READINGS[exclusion_reading(item)],
                         criteria)))
    blocks: list[Block] = [
        plain(_("A group of children is reported as excluded when its inclusion score is "
                "below {threshold:.0f}. A group no rated finding reaches is not assessed, and "
                "one reached by fewer than {least} rated findings has too little evidence to "
                "tell; neither means the group is included. The criteria are those the "
                "findings record as excluding the group (status, age, nationality, documents, "
                "place, form of exploitation), with how many findings record each.").format(
            threshold=report.scoring["exclusion_threshold"], least=MIN_EXCLUSION_FINDINGS)),
        Table(_("Inclusion of groups of children"),
              (Column(_("Group")), Column(_("Inclusion score"), numeric=True),
               Column(_("Coverage"), numeric=True), Column(_("Rated findings"), numeric=True),
               Column(_("Reading")), Column(_("Criteria that exclude"))), tuple(rows),
              data_name="group-inclusion",
              empty=_("No finding on inclusion is tagged with a group of children."))]
    return Section("exclusion", _("Excluded groups of children"), tuple(blocks))


def coherence(ws: WorkspaceInput, labels: Labels) -> Section:
    report, key = ws.report, ws.key
    table = Table(_("Sectors in tension"),
                  (Column(_("Sectors")), Column(_("Findings"), numeric=True),
                   Column(_("Coherence score"), numeric=True)),
                  tuple(Row((_("{first} and {second}").format(
                      first=labels.of("sectors", t.sectors[0]),
                      second=labels.of("sectors", t.sectors[1])), str(t.count),
                      score_ref(key, t.score))) for t in report.tensions),
                  data_name="tensions",
                  empty=_("No finding records two sectors in tension."))
    return Section("coherence", _("Coherence between sectors"), (
        plain(_("Findings on coherence name the sectors or laws that pull in different "
                "directions; the lowest-scoring pairs come first.")), table))


# --- recommendations ---------------------------------------------------------------------------

def recommendations(ws: WorkspaceInput, labels: Labels) -> Section:
    names = {a.key: a.name for a in ws.data.actors}
    subsections = []
    placed: set[str] = set()
    for cluster in ws.catalogue.clusters:
        provisions = frozenset(cluster.provisions)
        mine = [r for r in ws.recommendations if in_cluster(r, provisions, (cluster.code,))]
        placed.update(r.key for r in mine)
        if mine:
            subsections.append(Section(
                f"recommendations-{cluster.code}", cluster.title,
                (recommendation_table(mine, ws.actions, ws.history, names,
                                      _("Recommendations on {cluster}").format(
                                          cluster=cluster.title)),)))
    rest = [r for r in ws.recommendations if r.key not in placed]
    if rest:
        subsections.append(Section("recommendations-untagged", _("Not tagged with a cluster"), (
            recommendation_table(rest, ws.actions, ws.history, names,
                                 _("Recommendations not tagged with a cluster")),)))
    n = len(ws.recommendations)
    intro = plain(ngettext(
        "{n} recommendation made to the State is recorded, placed here under the reporting "
        "clusters it is tagged with.",
        "{n} recommendations made to the State are recorded, grouped here by the reporting "
        "clusters they are tagged with (a recommendation may concern several).", n
    ).format(n=n)) if n else plain(_("No recommendation made to the State up to this cycle "
                                     "is recorded."))
    notes = [intro, *cycle_notes(ws)]
    return Section("recommendations",
                   _("Earlier recommendations made to the State and their follow-up"),
                   tuple(notes), tuple(subsections))


def cycle_notes(ws: WorkspaceInput) -> list[Paragraph]:
    """What a reader of a cycle's report must know about the State's shared records: the
    undated recommendations shown whatever the cycle, and actions' statuses as of today."""
    notes: list[Paragraph] = []
    undated = sum(1 for r in ws.recommendations if r.date is None)
    if undated:
        notes.append(plain(ngettext(
            "{n} of them carries no date, so it is shown whatever the cycle: give the date "
            "when importing (impact recs import --cycle-date CYCLE=DATE).",
            "{n} of them carry no date, so they are shown whatever the cycle: give their date "
            "when importing (impact recs import --cycle-date CYCLE=DATE).", undated
        ).format(n=undated)))
    if ws.actions:
        notes.append(plain(_("Actions are shown with their status as recorded today: IMPACT "
                             "keeps no history of an action's status, unlike the status "
                             "assessments of a recommendation, which are shown as assessed up "
                             "to the end of this cycle.")))
    return notes


# --- annexes -----------------------------------------------------------------------------------

def score_tables(ws: WorkspaceInput, labels: Labels) -> tuple[Table, ...]:
    return tuple(score_table(ws.key, ws.report.scores[kind], labels, caption,
                             data_name=f"scores-{kind}") for kind, caption in SCORE_KINDS)


def annex_scores(ws: WorkspaceInput, labels: Labels, tables: tuple[Table, ...]
                 ) -> tuple[Block, ...]:
    """Every score with its coverage. Provisions no finding reaches are named in one
    paragraph rather than as rows of "no score" (the CSV attached to the PDF lists them
    all)."""
    blocks: list[Block] = [plain(_("Each score carries a note naming its explanation: the "
                                   "findings behind it, their weights and the arithmetic."))]
    for table in tables:
        if table.data_name != "scores-provision":
            blocks.append(table)
            continue
        reached = [s for s in ws.report.scores["provision"] if s.n_findings or s.n_not_assessed]
        unreached = [s.code for s in ws.report.scores["provision"]
                     if not (s.n_findings or s.n_not_assessed)]
        blocks.append(score_table(ws.key, reached, labels, table.caption,
                                  data_name=table.data_name))
        if unreached:
            blocks.append(plain(_("No finding reaches the other {n} provisions, which "
                                  "therefore have no score: {codes}.").format(
                n=len(unreached), codes=", ".join(unreached))))
    return tuple(blocks)


def annexes(ws: WorkspaceInput, labels: Labels, options: ReportOptions,
            tables: tuple[Table, ...], extra: Sequence[Section] = ()) -> Section:
    """The :data:`FIXED_ANNEXES` annexes every assessment has, then ``extra`` (numbered
    from the next, by their builders)."""
    evidence = ws.evidence_by_finding
    cited: dict[tuple[Run, ...], list[str]] = {}
    for finding in ws.findings(options):
        for item in evidence.get(finding.key, ()):
            cited.setdefault(evidence_citation(item, labels), []).append(finding.key)
    sources = Table(
        _("Evidence sources"), (Column(_("Source")), Column(_("Findings citing it"),
                                                           numeric=True)),
        tuple(Row((citation, str(len(keys)))) for citation, keys in
              sorted(cited.items(), key=lambda kv: "".join(r.text for r in kv[0]).casefold())),
        empty=_("No evidence is recorded for the findings included."))
    scoring = ws.catalogue.scoring
    rules: list[Block] = [
        plain(scoring.rule.strip() or _(
            "A score is the weighted mean of the ratings that reach a slice, rescaled to "
            "0-100; the weight of a finding is the weight of its confidence times the weight "
            "of its review status.")),
        ItemList(tuple(runs(_("Weight of {confidence} confidence: {weight}").format(
            confidence=k, weight=v)) for k, v in scoring.confidence_weights.items())
            + tuple(runs(_("Weight of a {status} finding: {weight}").format(status=k, weight=v))
                    for k, v in scoring.status_weights.items())),
        plain(_("Coverage is the share of a slice's cells (provision by sector by layer) that a "
                "rated finding reaches. A law-practice gap is reported as large from "
                "{gap:.0f} points; a group is reported as excluded below an inclusion score of "
                "{exclusion:.0f}.").format(gap=scoring.gap_threshold,
                                           exclusion=scoring.exclusion_threshold)),
        Table(_("The rating scale"), (Column(_("Rating"), numeric=True), Column(_("Label")),
                                     Column(_("Meaning"))),
              tuple(Row((str(level.value), level.label, level.description.strip()))
                    for level in ws.catalogue.rating_scale.levels)),
    ]
    return Section("annexes", _("Annexes"), (), (
        Section("annex-scores", _("Annex 1. Every score with its coverage"),
                annex_scores(ws, labels, tables)),
        Section("annex-evidence", _("Annex 2. Evidence sources"), (sources,)),
        Section("annex-rules", _("Annex 3. Scoring rules in plain words"), tuple(rules)),
        Section("annex-instruments", _("Annex 4. The instruments and their codes"),
                (instruments_table(ws),)),
        *extra,
    ))


def instruments_table(ws: WorkspaceInput) -> Table:
    """What the codes of provisions stand for (CETS197-10 is article 10 of the Council of
    Europe Convention on Action against Trafficking in Human Beings)."""
    return Table(_("Instruments of the catalogue"),
                 (Column(_("Code")), Column(_("Instrument"), wide=True), Column(_("Body")),
                  Column(_("Adopted"))),
                 tuple(Row((i.code, i.title, i.body, i.adopted or "-"))
                       for i in ws.catalogue.instruments))

