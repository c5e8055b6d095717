"""Key determinants of risk and protection in the reports: the national assessment's
section (this workspace alone) with its annex, and the comparative report's section (what
the workspaces share and what is particular to one, by reporting cluster).

A determinant pools the rated findings a factor touches. Where an explanation gives the
same number (a child group's, a sector's or a tension's score, the practice score behind a
law-practice gap), the score carries that explanation's note; the score of "the other
findings" and the factors no explanation covers (exclusion criteria, functions nobody
holds, missing coordination) are listed, finding by finding, by ``impact determinants``,
which the section names. Counts of findings carry no note, as elsewhere.
"""

from __future__ import annotations

from gettext import gettext as _

from impactkit.analysis.determinants import PROTECTION, RISK, Determinant, DeterminantReport
from impactkit.reports.common import Labels, fill, plain, score_text
from impactkit.reports.inputs import ComparisonInput, WorkspaceInput
from impactkit.reports.model import (
    Block,
    Cell,
    Column,
    Paragraph,
    Ref,
    Row,
    Section,
    Table,
)

MAX_SHOWN = 12
"""The body shows this many risks and this many protections; the annex holds them all."""

DIRECTIONS = {RISK: _("risk"), PROTECTION: _("protection")}
TARGETS = {"child-group": "group:{code}", "sector": "sector:{code}",
           "sector-tension": "tension:{code}", "law-practice-gap": "gap:{code}"}
"""The explanation that gives a determinant's score in a single workspace (the practice
score of a law-practice gap is shown by the gap's explanation)."""


def _score(workspace: str, item: Determinant) -> Cell:
    text = score_text(item.score)
    target = TARGETS.get(item.factor)
    if item.score is None or target is None:
        return text
    return Ref(text, workspace, target.format(code=item.code))


def _difference(item: Determinant) -> str:
    """The difference of the two scores as they are printed (so that the row adds up)."""
    if item.score is None or item.rest is None:
        return "-"
    return f"{round(item.score, 1) - round(item.rest, 1) + 0.0:+.1f}"


def _table(workspace: str, items: tuple[Determinant, ...], caption: str, data_name: str,
           *, kind: bool = False) -> Table:
    columns = [Column(_("Determinant"), wide=True)]
    if kind:
        columns.append(Column(_("Kind")))
    columns += [Column(_("Rated findings"), numeric=True),
                Column(_("Score of these findings"), numeric=True),
                Column(_("Score of the other findings"), numeric=True),
                Column(_("Difference (points)"), numeric=True)]
    rows = []
    for item in items:
        cells: list[Cell] = [item.title]
        if kind:
            cells.append(DIRECTIONS.get(item.direction, item.direction))
        cells += [str(item.findings), _score(workspace, item), score_text(item.rest),
                  _difference(item)]
        rows.append(Row(tuple(cells)))
    return Table(caption, tuple(columns), tuple(rows), data_name=data_name,
                 empty=_("No factor enters as a key determinant."))


def _rules(report: DeterminantReport, workspaces: int) -> Paragraph:
    if workspaces == 1:
        return plain(_(
            "A key determinant is a factor that recurs where children are left unprotected (a "
            "risk) or protected (a protection). An exclusion criterion, a group of children, a "
            "sector or a tension between sectors enters when at least {least} rated findings "
            "touch it and they score at least {points:g} points below (a risk) or above (a "
            "protection) the workspace's other rated findings; law-practice gaps, functions "
            "nobody is mandated for and missing coordination enter wherever they occur, as "
            "risks. Risks are ranked by the findings they touch, then by the difference. No "
            "statistical test is made: a determinant describes the findings.").format(
            least=report.min_findings, points=report.min_difference))
    return plain(_(
        "A key determinant is a factor that recurs where children are left unprotected (a "
        "risk) or protected (a protection), read within each workspace: an exclusion "
        "criterion, a group of children, a sector or a tension between sectors holds in a "
        "workspace where at least two rated findings touch it and score at least {points:g} "
        "points apart from the workspace's other rated findings, and enters with at least "
        "{least} rated findings over the workspaces where it holds; law-practice gaps, "
        "functions nobody is mandated for and missing coordination hold wherever they occur, "
        "unless the findings on them score above the rest. It is common when it holds in "
        "several workspaces (with more than three, in at least half of them), shared when in "
        "two or more but fewer than half, and particular when it holds in one only. These "
        "are associations in the findings, not causes, and no statistical test is made: a "
        "factor picked because its few findings differ may differ by chance.").format(
        least=report.min_findings, points=report.min_difference))


def national(ws: WorkspaceInput, annex_number: int) -> Section:
    """This workspace's determinants, the first :data:`MAX_SHOWN` risks and protections
    (all of them in the annex numbered ``annex_number`` when there are more)."""
    report = ws.determinants
    if report is None:
        return Section("determinants", _("Key determinants of risk and protection"),
                       (plain(_("Key determinants were not computed for this report.")),))
    risks, protections = report.risks, report.protections
    blocks: list[Block] = [_rules(report, 1), plain(_(
        "{risks} factors enter as risks and {protections} as protections.").format(
        risks=len(risks), protections=len(protections)))]
    blocks.append(_table(ws.key, risks[:MAX_SHOWN], _("Key determinants of risk"),
                         "determinants-risk"))
    blocks.append(_table(ws.key, protections[:MAX_SHOWN],
                         _("Key determinants of protection"), "determinants-protection"))
    if len(risks) > MAX_SHOWN or len(protections) > MAX_SHOWN:
        blocks.append(plain(_("The tables show the first {n} of each kind; Annex {annex} "
                              "lists them all.").format(n=MAX_SHOWN, annex=annex_number)))
    blocks.append(plain(_(
        "The score of a group of children, a sector or a tension between sectors, and the "
        "practice score behind a law-practice gap, carry the note of the explanation that "
        "gives them. The other figures pool findings no single explanation shows: the "
        "command impact determinants {workspace} --json lists the findings behind each "
        "determinant.").format(workspace=ws.key)))
    return Section("determinants", _("Key determinants of risk and protection"),
                   tuple(blocks))


def annex(ws: WorkspaceInput, number: int) -> Section | None:
    """Every determinant, when the body shows only the first ones."""
    report = ws.determinants
    if report is None or (len(report.risks) <= MAX_SHOWN
                          and len(report.protections) <= MAX_SHOWN):
        return None
    return Section("annex-determinants",
                   _("Annex {n}. Every key determinant").format(n=number),
                   (_table(ws.key, report.determinants, _("Key determinants, ranked"),
                           "determinants", kind=True),))


# --- the comparative report ------------------------------------------------------------------

def _workspaces(item: Determinant, total: int) -> str:
    """Where a determinant holds: "all 2" when in every workspace, else their names."""
    if len(item.jurisdictions) == total:
        return _("all {n}").format(n=total)
    return ", ".join(item.jurisdictions)


def _named(item: Determinant) -> str:
    return _("{title} ({kind})").format(title=item.title,
                                        kind=DIRECTIONS.get(item.direction, item.direction))


def _scope_paragraphs(items: tuple[Determinant, ...], labels: list[str]) -> list[Block]:
    blocks: list[Block] = []
    common = [d for d in items if d.scope == "common"]
    shared = [d for d in items if d.scope == "shared"]
    if common:
        blocks.append(Paragraph(fill(_("Common to several workspaces ({n}): {items}."),
                                     n=len(common), items="; ".join(map(_named, common)))))
    if shared:
        blocks.append(Paragraph(fill(_("Shared by some workspaces ({n}): {items}."),
                                     n=len(shared), items="; ".join(map(_named, shared)))))
    for label in labels:
        mine = [d for d in items if d.scope == "particular" and d.jurisdictions == (label,)]
        if mine:
            blocks.append(Paragraph(fill(_("Particular to {workspace} ({n}): {items}."),
                                         workspace=label, n=len(mine),
                                         items="; ".join(map(_named, mine)))))
    return blocks


def comparative(comparison: ComparisonInput, labels: Labels) -> Section:
    report = comparison.determinants
    title = _("Key determinants of risk and protection")
    if report is None:
        return Section("determinants", title,
                       (plain(_("Key determinants were not computed for this report.")),))
    names = list(report.jurisdictions)
    blocks: list[Block] = [_rules(report, len(names)), plain(_(
        "Of {total} key determinants, {common} are common to several workspaces (at least "
        "half of them), {shared} are shared by a few (two or more, fewer than half) and "
        "{particular} are particular to one.").format(
            total=len(report.determinants), common=len(report.common),
            shared=sum(d.scope == "shared" for d in report.determinants),
            particular=len(report.particular)))]
    blocks.append(Table(
        _("Common key determinants"),
        (Column(_("Determinant"), wide=True), Column(_("Kind")), Column(_("Workspaces")),
         Column(_("Rated findings"), numeric=True)),
        tuple(Row((d.title, DIRECTIONS.get(d.direction, d.direction),
                   _workspaces(d, len(names)), str(d.findings))) for d in report.common),
        data_name="determinants-common",
        empty=_("No determinant holds in several workspaces.")))
    blocks.append(Table(
        _("Key determinants particular to one workspace"),
        (Column(_("Determinant"), wide=True), Column(_("Kind")), Column(_("Workspace")),
         Column(_("Rated findings"), numeric=True)),
        tuple(Row((d.title, DIRECTIONS.get(d.direction, d.direction), d.jurisdictions[0],
                   str(d.findings))) for d in report.particular),
        data_name="determinants-particular",
        empty=_("No determinant holds in one workspace only.")))
    subsections = []
    for code, items in report.by_cluster.items():
        subsections.append(Section(f"determinants-{code}", labels.of("clusters", code),
                                   tuple(_scope_paragraphs(items, names))))
    placed = {d.key for items in report.by_cluster.values() for d in items}
    rest = tuple(d for d in report.determinants if d.key not in placed)
    if rest:
        subsections.append(Section("determinants-other", _("Not tied to a reporting cluster"),
                                   tuple(_scope_paragraphs(rest, names))))
    if subsections:
        blocks.append(plain(_("By reporting cluster (a determinant reaching several clusters "
                              "is named under each):")))
    return Section("determinants", title, tuple(blocks), tuple(subsections))
