"""The follow-up of recommendations made to the State, for one workspace.

First the tallies a national mechanism reports: recommendations by mechanism, by reporting
cluster, by responsible actor, and by the latest status each source gives (the State, the
NHRI or ombudsperson, civil society, the UN): sources often disagree, so each is counted on
its own. Then the full table, with actions, due dates and the evidence behind each status.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from gettext import gettext as _
from gettext import ngettext

from impactkit.recommendations.model import ImplementationStatus, Recommendation, StatusSource
from impactkit.reports import editorial as ed
from impactkit.reports.common import (
    MECHANISM_TITLES,
    SOURCE_TITLES,
    SOURCES,
    STATUS_TITLES,
    Labels,
    action_text,
    editorial_section,
    in_cluster,
    latest_by_source,
    overdue,
    plain,
    recommendation_reference,
    recommendation_sort_key,
)
from impactkit.reports.inputs import ReportOptions, WorkspaceInput
from impactkit.reports.model import Chart, Column, Document, Figure, Row, Section, Table
from impactkit.reports.national import provenance

NO_STATUS = _("no status recorded")


def build(ws: WorkspaceInput, options: ReportOptions) -> Document:
    labels = Labels(ws.catalogue)
    recs = sorted(ws.recommendations, key=recommendation_sort_key)
    clusters = {r.key: _clusters_of(ws, r) for r in recs}
    sections: list[Section] = []
    sections += editorial_section(ws.sections, ed.INTRODUCTION, _("Introduction"))
    sections.append(tallies(ws, labels, recs, clusters, options))
    sections.append(Section("recommendations-table", _("Every recommendation"),
                            (plain(_("Each recommendation with the latest status each source "
                                     "gives, the actions taken on it and the evidence "
                                     "cited.")),
                             full_table(ws, labels, recs, clusters,
                                        options.generated_at[:10]))))
    sections += editorial_section(ws.sections, ed.CONCLUSIONS, _("Conclusions"))
    sections += editorial_section(ws.sections, ed.STATE_COMMENTS,
                                  _("Comments of the State (right of reply)"))
    workspace = ws.data.workspace
    return Document(
        kind="recommendations",
        title=_("Follow-up of recommendations: {title}").format(title=ws.title),
        subtitle=_("{country}, {cycle}").format(country=workspace.jurisdiction.name,
                                                cycle=workspace.cycle),
        language=options.language, provenance=provenance([ws], options),
        sections=tuple(sections))


def _clusters_of(ws: WorkspaceInput, rec: Recommendation) -> list[str]:
    """The catalogue clusters a recommendation is about (read once per report)."""
    return [c.code for c in ws.catalogue.clusters
            if in_cluster(rec, frozenset(c.provisions), (c.code,))]


def tallies(ws: WorkspaceInput, labels: Labels, recs: list[Recommendation],
            clusters_of: Mapping[str, list[str]], options: ReportOptions) -> Section:
    n = len(recs)
    by_mechanism = Counter(r.mechanism.value for r in recs)
    mechanisms = Table(
        _("Recommendations by mechanism"), (Column(_("Mechanism")),
                                            Column(_("Recommendations"), numeric=True)),
        tuple(Row((MECHANISM_TITLES.get(m, m), str(c)))
              for m, c in sorted(by_mechanism.items(), key=lambda kv: (-kv[1], kv[0]))),
        data_name="recommendations-by-mechanism", empty=_("No recommendation is recorded."))

    acted = {k for a in ws.actions for k in a.recommendations}
    cluster_rows = []
    for cluster in ws.catalogue.clusters:
        mine = [r for r in recs if cluster.code in clusters_of[r.key]]
        if not mine:
            continue
        implemented = sum(1 for r in mine if any(
            a.status is ImplementationStatus.IMPLEMENTED and s is not StatusSource.STATE
            for s, a in latest_by_source(ws.history.get(r.key, ())).items()))
        cluster_rows.append(Row((cluster.title, str(len(mine)),
                                 str(sum(1 for r in mine if r.key in acted)),
                                 str(implemented))))
    untagged = sum(1 for r in recs if not clusters_of[r.key])
    if untagged:
        cluster_rows.append(Row((_("Not tagged with a cluster"), str(untagged), "-", "-")))
    clusters = Table(
        _("Recommendations by reporting cluster"),
        (Column(_("Cluster")), Column(_("Recommendations"), numeric=True),
         Column(_("With an action"), numeric=True),
         Column(_("Implemented according to a source other than the State"),
                numeric=True)),
        tuple(cluster_rows), data_name="recommendations-by-cluster",
        empty=_("No recommendation is recorded."))

    names = {a.key: a.name for a in ws.data.actors}
    per_actor: dict[str, tuple[set[str], int, int]] = {}
    today = options.generated_at[:10]
    for action in ws.actions:
        for actor in action.actors or ("",):
            recs_of, count, late = per_actor.get(actor, (set(), 0, 0))
            per_actor[actor] = (recs_of | set(action.recommendations), count + 1,
                                late + overdue(action, today))
    actors = Table(
        _("Recommendations by responsible actor"),
        (Column(_("Actor")), Column(_("Recommendations"), numeric=True),
         Column(_("Actions"), numeric=True),
         Column(_("Actions past their due date on {date}").format(date=today),
                numeric=True)),
        tuple(Row((names.get(k, k) if k else _("No actor named"), str(len(v[0])), str(v[1]),
                   str(v[2])))
              for k, v in sorted(per_actor.items(), key=lambda kv: names.get(kv[0], kv[0]))),
        data_name="recommendations-by-actor", empty=_("No action is recorded."))

    statuses = [*ImplementationStatus]
    counts: dict[str, Counter[str]] = {s.value: Counter() for s in SOURCES}
    for rec in recs:
        latest = latest_by_source(ws.history.get(rec.key, ()))
        for source in SOURCES:
            item = latest.get(source)
            counts[source.value][item.status.value if item else "none"] += 1
    used = [s for s in SOURCES if sum(c for k, c in counts[s.value].items() if k != "none")]
    shown = used or [SOURCES[0]]
    status_rows = (
        *(Row((STATUS_TITLES[st], *(str(counts[s.value][st.value]) for s in shown)))
          for st in statuses),
        Row((NO_STATUS, *(str(counts[s.value]["none"]) for s in shown))))
    status_table = Table(
        _("Latest status of each recommendation, by source"),
        (Column(_("Status")), *(Column(SOURCE_TITLES[s], numeric=True) for s in shown)),
        status_rows, data_name="recommendations-by-status")
    figure = Figure(
        Chart("grouped-bars", _("Latest status by source"),
              (*(STATUS_TITLES[st] for st in statuses), NO_STATUS),
              tuple(tuple(float(counts[s.value][st]) for s in shown)
                    for st in [*(x.value for x in statuses), "none"]),
              series=tuple(SOURCE_TITLES[s] for s in shown), axis=_("Recommendations"),
              high=float(max([1, *(c for s in shown for k, c in counts[s.value].items())]))),
        _("How many recommendations each source assesses at each status (its latest "
          "assessment)."),
        _("Bar chart of the number of recommendations at each implementation status, one "
          "series per source of assessment; the table that follows gives every value."),
        status_table)
    views = [latest_by_source(ws.history.get(r.key, ())) for r in recs]
    disputed = sum(1 for by_source in views
                   if len({a.status for a in by_source.values()}) > 1)
    unassessed = sum(1 for by_source in views if not by_source)
    return Section("tallies", _("Summary"), (
        plain(ngettext("{n} recommendation made to the State up to this cycle is recorded; "
                       "{acted} of them with at least one action.",
                       "{n} recommendations made to the State up to this cycle are recorded; "
                       "{acted} of them with at least one action.", n).format(
            n=n, acted=sum(1 for r in recs if r.key in acted))),
        plain(_("Sources disagree on the status of {disputed} of them, and no source has "
                "assessed {unassessed}. A recommendation tagged with several clusters is "
                "counted under each; dates are compared with {date}, the day the report was "
                "generated.").format(disputed=disputed, unassessed=unassessed, date=today)),
        mechanisms, clusters, actors, figure))


def full_table(ws: WorkspaceInput, labels: Labels, recs: list[Recommendation],
               clusters_of: Mapping[str, list[str]], today: str) -> Table:
    names = {a.key: a.name for a in ws.data.actors}
    by_rec: dict[str, list[str]] = {}
    for action in sorted(ws.actions, key=lambda a: a.key):
        who = ", ".join(names.get(k, k) for k in action.actors) or _("no actor named")
        text = _("{action}; responsible: {actors}").format(
            action=action_text(action, today), actors=who)
        for key in action.recommendations:
            by_rec.setdefault(key, []).append(text)
    rows = []
    for rec in recs:
        history = ws.history.get(rec.key, ())
        latest = latest_by_source(history)
        status = "; ".join(_("{source}: {status} ({date})").format(
            source=SOURCE_TITLES[s], status=STATUS_TITLES[latest[s].status],
            date=latest[s].assessed_on.isoformat()) for s in SOURCES if s in latest) \
            or NO_STATUS
        evidence = "; ".join(a.evidence for a in history if a.evidence) or "-"
        clusters = ", ".join(labels.of("clusters", c) for c in clusters_of[rec.key]) or "-"
        rows.append(Row((recommendation_reference(rec), rec.text, clusters, status,
                         " | ".join(by_rec.get(rec.key, ())) or _("none recorded"), evidence)))
    return Table(_("Recommendations, actions and status"),
                 (Column(_("Recommendation")), Column(_("Text"), wide=True),
                  Column(_("Clusters")),
                  Column(_("Latest status per source")), Column(_("Actions and due dates")),
                  Column(_("Evidence"))), tuple(rows),
                 empty=_("No recommendation is recorded."))
