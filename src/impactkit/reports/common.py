"""Pieces every kind of report shares: names for codes, numbers with their explanations,
score tables, findings with their evidence, recommendations with their status.

Every sentence is one translatable message with named placeholders (``gettext`` marks them
for extraction), never text glued from pieces.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from gettext import gettext as _

from impactkit.analysis.results import Score
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Evidence, Finding, FindingStatus, RatingState
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Recommendation,
    StatusAssessment,
    StatusSource,
)
from impactkit.reports.editorial import EditorialSection
from impactkit.reports.markdown import blocks_of
from impactkit.reports.model import (
    Block,
    Column,
    Link,
    Paragraph,
    Ref,
    Row,
    Run,
    Section,
    Table,
    Text,
    runs,
)

NO_SCORE = _("no score")
NOT_APPLICABLE = _("n/a")


class Labels:
    """The catalogue's titles for its codes, with the code itself for anything unknown (a
    report never prints a blank where a name should be)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._titles: dict[str, dict[str, str]] = {}
        for vocabulary in ("clusters", "areas", "layers", "sectors", "child_groups", "forms",
                           "exclusion_criteria", "mandate_functions", "actor_types",
                           "actor_levels", "instrument_kinds", "link_kinds", "evidence_kinds",
                           "needs_dimensions"):
            self._titles[vocabulary] = {t.code: t.title for t in getattr(catalogue, vocabulary)}
        self._titles["provisions"] = {p.code: p.title for p in catalogue.provisions()}
        self.scale = {level.value: level.label for level in catalogue.rating_scale.levels}

    def of(self, vocabulary: str, code: str) -> str:
        return self._titles.get(vocabulary, {}).get(code, code)

    def provision(self, code: str) -> str:
        title = self._titles["provisions"].get(code)
        return _("{code} ({title})").format(code=code, title=title) if title else code

    def kind_of_slice(self, kind: str, code: str) -> str:
        vocabulary = {"area": "areas", "cluster": "clusters", "layer": "layers",
                      "sector": "sectors", "group": "child_groups"}.get(kind)
        if kind == "provision":
            return self.provision(code)
        return self.of(vocabulary, code) if vocabulary else code

    def rating(self, finding: Finding) -> str:
        if finding.rating_state is RatingState.NOT_ASSESSED:
            return self.catalogue.rating_scale.not_assessed
        if finding.rating_state is RatingState.NOT_APPLICABLE:
            return self.catalogue.rating_scale.not_applicable
        label = self.scale.get(finding.rating or 0, str(finding.rating))
        return _("{label} ({value} of {top})").format(
            label=label, value=finding.rating, top=max(self.scale))


# --- sentences with numbers in them ---------------------------------------------------------

_FORMATTER = string.Formatter()


def fill(message: str, **values: object) -> tuple[Run, ...]:
    """One translatable message with its placeholders filled: a value that is a run (a
    number with its note, a link) takes its place as that run, anything else is formatted
    into the text. So "The gap is {gap} points." stays one sentence for translators, and
    the number in it still carries its note."""
    out: list[Run] = []
    text = ""
    for literal, field, spec, conversion in _FORMATTER.parse(message):
        text += literal
        if field is None:
            continue
        value = values[field]
        if isinstance(value, Text | Link | Ref):
            if text:
                out.append(Text(text))
                text = ""
            out.append(value)
        else:
            converted = _FORMATTER.convert_field(value, conversion) if conversion else value
            text += _FORMATTER.format_field(converted, spec or "")
    if text:
        out.append(Text(text))
    return tuple(out)


# --- numbers ---------------------------------------------------------------------------------

def number_text(value: float) -> str:
    """A figure with one decimal, never "-0.0"."""
    return f"{round(value, 1) + 0.0:.1f}"


def score_text(value: float | None) -> str:
    """A 0-100 score as printed: one decimal, or "no score" (never 0 for nothing)."""
    return NO_SCORE if value is None else number_text(value)


def coverage_text(value: float | None) -> str:
    """A coverage ratio as a percentage; below 1% with one decimal so it does not read 0."""
    if value is None:
        return NOT_APPLICABLE
    percent = value * 100
    return f"{percent:.1f}%" if 0 < percent < 1 else f"{percent:.0f}%"


def score_ref(workspace: str, score: Score) -> Ref | str:
    """A score as a number with its explanation (a bare string when no target reaches it)."""
    text = score_text(score.score)
    return Ref(text, workspace, score.target) if score.target and score.score is not None \
        else text


SCORE_COLUMNS = (Column(_("Slice")), Column(_("Score (0-100)"), numeric=True),
                 Column(_("Coverage"), numeric=True), Column(_("Rated findings"), numeric=True),
                 Column(_("Not assessed"), numeric=True))


def score_row(workspace: str, score: Score, label: str) -> Row:
    return Row((label, score_ref(workspace, score), coverage_text(score.coverage),
                str(score.n_findings), str(score.n_not_assessed)))


def score_table(workspace: str, scores: Sequence[Score], labels: Labels, caption: str,
                data_name: str | None = None) -> Table:
    return Table(caption, SCORE_COLUMNS,
                 tuple(score_row(workspace, s, labels.kind_of_slice(s.kind, s.code))
                       for s in scores),
                 data_name=data_name, empty=_("No scores in this slice."))


# --- findings and evidence -------------------------------------------------------------------

def is_draft(finding: Finding) -> bool:
    return finding.status is not FindingStatus.VALIDATED


def draft_label(finding: Finding) -> str:
    """How a finding not yet validated is labelled where it is printed."""
    if finding.status is FindingStatus.REVIEWED:
        return _("[Draft: reviewed, not yet validated]")
    return _("[Draft]")


def evidence_citation(item: Evidence, labels: Labels) -> tuple[Run, ...]:
    """How a source is cited. A confidential one (an interview, an unpublished file) is
    cited by its type and date only."""
    kind = labels.of("evidence_kinds", item.kind)
    date = item.date or _("undated")
    if getattr(item, "confidential", False):
        return runs(_("{kind}, {date} (confidential source)").format(kind=kind, date=date))
    text = _("{title} ({kind}, {source}, {date})").format(
        title=item.title, kind=kind, source=item.source or _("source not named"), date=date)
    if item.url.startswith(("http://", "https://")):
        return (Link(text, item.url),)
    return runs(text)


def finding_blocks(finding: Finding, evidence: Sequence[Evidence], labels: Labels
                   ) -> list[Block]:
    """A finding as a numbered paragraph (its rating, scope and narrative) and an unnumbered
    one citing its sources. A finding not yet validated says so in the paragraph itself.
    The scope names provisions by code: their titles are in the annex of scores."""
    scope = ", ".join(finding.provisions) or \
        ", ".join(labels.of("clusters", c) for c in finding.clusters) or _("no provision")
    meta = _("Area: {area}; layer: {layer}; rating: {rating}; confidence: {confidence}; "
             "scope: {scope}.").format(
        area=labels.of("areas", finding.area), layer=labels.of("layers", finding.layer),
        rating=labels.rating(finding), confidence=finding.confidence.value, scope=scope)
    parts: list[Run] = []
    if is_draft(finding):
        parts.append(Text(draft_label(finding), "strong"))
        parts.append(Text(" "))
    title = (finding.title or finding.key).rstrip(".")
    parts.append(Text(_("{title}.").format(title=title), "strong"))
    parts.append(Text(" "))
    parts.append(Text(meta, "em"))
    if finding.narrative.strip():
        parts.append(Text(" " + finding.narrative.strip()))
    blocks: list[Block] = [Paragraph(tuple(parts), draft=is_draft(finding))]
    if evidence:
        cited: list[Run] = [Text(_("Sources: "), "em")]
        for index, item in enumerate(evidence):
            if index:
                cited.append(Text("; "))
            cited.extend(evidence_citation(item, labels))
        cited.append(Text("."))
        blocks.append(Paragraph(tuple(cited), numbered=False, draft=is_draft(finding)))
    return blocks


def short_citation(item: Evidence, labels: Labels) -> str:
    """A source in a few words: its kind and date (enough in a table; the national report
    cites it in full)."""
    return _("{kind}, {date}").format(kind=labels.of("evidence_kinds", item.kind),
                                      date=item.date or _("undated"))


def finding_table(findings: Sequence[Finding], evidence: Mapping[str, Sequence[Evidence]],
                  labels: Labels, caption: str) -> Table:
    """Findings in one row each: what a reader of a short report needs to see beside the
    narrative (a draft is labelled in its row)."""
    rows = []
    for finding in findings:
        title = (finding.title or finding.key).rstrip(".")
        if is_draft(finding):
            title = _("{label} {title}").format(label=draft_label(finding), title=title)
        rows.append(Row((title, labels.of("areas", finding.area),
                         labels.of("layers", finding.layer), labels.rating(finding),
                         "; ".join(short_citation(e, labels)
                                   for e in evidence.get(finding.key, ())) or "-"),
                        draft=is_draft(finding)))
    return Table(caption, (Column(_("Finding"), wide=True), Column(_("Area")),
                           Column(_("Layer")), Column(_("Rating")), Column(_("Evidence"))),
                 tuple(rows),
                 empty=_("No finding included in this report concerns this part."))


def finding_in(finding: Finding, provisions: frozenset[str], clusters: Iterable[str]) -> bool:
    """Whether a finding falls in a cluster: it names one of its provisions or the cluster
    itself."""
    wanted = set(clusters)
    return bool(provisions.intersection(finding.provisions)) or \
        bool(wanted.intersection(finding.clusters))


# --- recommendations -------------------------------------------------------------------------

SOURCES: tuple[StatusSource, ...] = (StatusSource.STATE, StatusSource.NHRI,
                                     StatusSource.CIVIL_SOCIETY, StatusSource.UN,
                                     StatusSource.OTHER)
SOURCE_TITLES = {StatusSource.STATE: _("State"), StatusSource.NHRI: _("NHRI or ombudsperson"),
                 StatusSource.CIVIL_SOCIETY: _("Civil society"), StatusSource.UN: _("UN"),
                 StatusSource.OTHER: _("Other")}
SOURCE_IN_TEXT = {StatusSource.STATE: _("the State"),
                  StatusSource.NHRI: _("the NHRI or ombudsperson"),
                  StatusSource.CIVIL_SOCIETY: _("civil society"), StatusSource.UN: _("the UN"),
                  StatusSource.OTHER: _("another source")}
"""Sources as a sentence names them (SOURCE_TITLES head a column)."""
STATUS_TITLES = {ImplementationStatus.NOT_STARTED: _("not started"),
                 ImplementationStatus.PLANNED: _("planned"),
                 ImplementationStatus.PARTIAL: _("partially implemented"),
                 ImplementationStatus.IMPLEMENTED: _("implemented"),
                 ImplementationStatus.REGRESSED: _("regressed"),
                 ImplementationStatus.UNKNOWN: _("unknown")}
MECHANISM_TITLES = {"crc": _("CRC Committee"), "upr": _("Universal Periodic Review"),
                    "treaty-body": _("Other treaty body"),
                    "special-procedures": _("Special procedures"),
                    "regional": _("Regional mechanism"), "national": _("National body"),
                    "other": _("Other")}


def latest_by_source(history: Sequence[StatusAssessment]
                     ) -> dict[StatusSource, StatusAssessment]:
    """Each source's most recent assessment (the history is kept; the latest one counts)."""
    out: dict[StatusSource, StatusAssessment] = {}
    for item in sorted(history, key=lambda a: (a.assessed_on, a.recorded_at or 0)):
        out[item.source] = item
    return out


def status_summary(history: Sequence[StatusAssessment]) -> str:
    latest = latest_by_source(history)
    if not latest:
        return _("no status recorded")
    return "; ".join(_("{source}: {status} ({date})").format(
        source=SOURCE_TITLES[s], status=STATUS_TITLES[a.status],
        date=a.assessed_on.isoformat()) for s, a in sorted(latest.items(),
                                                          key=lambda kv: SOURCES.index(kv[0])))


def recommendation_reference(rec: Recommendation) -> str:
    where = rec.document_symbol or MECHANISM_TITLES.get(rec.mechanism.value, rec.mechanism)
    if rec.paragraph:
        return _("{document}, para. {paragraph}").format(document=where,
                                                         paragraph=rec.paragraph)
    return str(where)


def paragraph_sort_key(paragraph: str) -> tuple[tuple[int, str], ...]:
    """Paragraph numbers in document order (121.2 before 121.10), not as text."""
    out: list[tuple[int, str]] = []
    for part in paragraph.replace("(", ".").replace(")", "").split("."):
        out.append((int(part), "") if part.isdigit() else (10**9, part))
    return tuple(out)


def recommendation_sort_key(rec: Recommendation) -> tuple[object, ...]:
    return (rec.mechanism.value, rec.cycle, rec.document_symbol,
            paragraph_sort_key(rec.paragraph), rec.key)


def in_cluster(rec: Recommendation, provisions: frozenset[str], clusters: Iterable[str]) -> bool:
    """Whether a recommendation concerns a cluster: by its cluster tags when it has some
    (a person chose them), else by its provisions. A recommendation on immigration
    detention tagged "special protection" and article 37 is not also about violence, where
    article 37 (a) sits."""
    if rec.clusters:
        return bool(set(clusters).intersection(rec.clusters))
    return bool(provisions.intersection(rec.provisions))


def overdue(action: Action, today: str) -> bool:
    """Past its due date (ISO ``today``) and not implemented."""
    return bool(action.due and action.due.isoformat() < today
                and action.status is not ImplementationStatus.IMPLEMENTED)


def action_text(action: Action, today: str = "") -> str:
    if action.due and today and overdue(action, today):
        return _("{title} ({status}, due {date}, overdue)").format(
            title=action.title, status=STATUS_TITLES[action.status], date=action.due.isoformat())
    if action.due:
        return _("{title} ({status}, due {date})").format(
            title=action.title, status=STATUS_TITLES[action.status], date=action.due.isoformat())
    return _("{title} ({status})").format(title=action.title,
                                          status=STATUS_TITLES[action.status])


def recommendation_table(recs: Sequence[Recommendation], actions: Sequence[Action],
                         history: Mapping[str, tuple[StatusAssessment, ...]],
                         actor_names: Mapping[str, str], caption: str) -> Table:
    """Recommendations with their status per source and the actions taken on them."""
    by_rec: dict[str, list[Action]] = {}
    for action in actions:
        for key in action.recommendations:
            by_rec.setdefault(key, []).append(action)
    rows = []
    for rec in sorted(recs, key=recommendation_sort_key):
        done = "; ".join(action_text(a) for a in sorted(by_rec.get(rec.key, ()),
                                                        key=lambda a: a.key)) \
            or _("none recorded")
        responsible = sorted({actor_names.get(k, k) for a in by_rec.get(rec.key, ())
                              for k in a.actors})
        rows.append(Row((recommendation_reference(rec), rec.text,
                         status_summary(history.get(rec.key, ())), done,
                         ", ".join(responsible) or _("not assigned"))))
    return Table(caption, (Column(_("Recommendation")), Column(_("Text"), wide=True),
                           Column(_("Latest status per source")), Column(_("Actions")),
                           Column(_("Responsible actors"))), tuple(rows),
                 empty=_("No recommendation recorded for this part."))


# --- editorial sections ----------------------------------------------------------------------

def editorial(sections: Mapping[str, EditorialSection], key: str) -> tuple[Block, ...]:
    section = sections.get(key)
    return blocks_of(section.body) if section is not None and section.body.strip() else ()


def editorial_section(sections: Mapping[str, EditorialSection], key: str, title: str
                      ) -> list[Section]:
    """A section holding a person's text, or nothing when nobody has written it."""
    blocks = editorial(sections, key)
    return [Section(key, title, blocks)] if blocks else []


def plain(text: str) -> Paragraph:
    return Paragraph((Text(text),))
