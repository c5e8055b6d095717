"""The review queue one row per recommendation: the recommendations of the workspace's State
(shared by all its workspaces) that have pending tag suggestions (of one kind, at or above
a confidence, when asked), in the order of the source's paragraphs, a page at a time, each
with its pending suggestions grouped by kind.

The page is cut in Python after a light query (key, document, paragraph of each
recommendation waiting for review, and how many of its suggestions match): a natural order
(121.2 before 121.10) is one :func:`~impactkit.recommendations.model.natural_key` away, on
both databases, and the queue of a State holds hundreds of recommendations, not millions.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from impactkit.recommendations.model import (
    TAG_KINDS,
    Recommendation,
    Suggestion,
    SuggestionState,
    natural_key,
)
from impactkit.store import audit
from impactkit.store.recommendations import load_recommendations
from impactkit.store.schema import recommendations, tag_suggestions
from impactkit.store.workspaces import state_id


@dataclass(frozen=True)
class ReviewRow:
    """A recommendation and its pending suggestions, grouped by kind (in the order of
    ``TAG_KINDS``), most confident first within a kind."""

    recommendation: Recommendation
    suggestions: tuple[Suggestion, ...]

    @property
    def by_kind(self) -> list[tuple[str, list[Suggestion]]]:
        groups: dict[str, list[Suggestion]] = {}
        for suggestion in self.suggestions:
            groups.setdefault(suggestion.kind, []).append(suggestion)
        return [(kind, groups[kind]) for kind in TAG_KINDS if kind in groups]


@dataclass(frozen=True)
class ReviewPage:
    rows: list[ReviewRow]
    total: int  # recommendations waiting for a review (with these filters)
    suggestions: int  # pending suggestions they hold in all (with these filters)
    offset: int
    limit: int


def paragraph_order(symbol: str, paragraph: str, key: str) -> tuple[str, str, str]:
    """Where a recommendation stands in the queue: by document, then paragraph number in
    natural order (121.2 before 121.10), then key."""
    return natural_key(symbol), natural_key(paragraph), natural_key(key)


def _pending(state: int, kind: str | None, min_confidence: float
             ) -> list[sa.ColumnElement[bool]]:
    conditions = [recommendations.c.jurisdiction_id == state,
                  tag_suggestions.c.state == SuggestionState.PENDING.value,
                  tag_suggestions.c.confidence >= min_confidence]
    if kind is not None:
        conditions.append(tag_suggestions.c.kind == kind)
    return conditions


def review_page(conn: sa.Connection, *, workspace_key: str, kind: str | None = None,
                min_confidence: float = 0.0, offset: int = 0, limit: int = 25) -> ReviewPage:
    """The ``limit`` recommendations from ``offset`` (in paragraph order) with pending
    suggestions matching the filters, each with those suggestions."""
    conditions = _pending(state_id(conn, workspace_key), kind, min_confidence)
    waiting = list(conn.execute(
        sa.select(recommendations.c.id, recommendations.c.key,
                  recommendations.c.document_symbol, recommendations.c.paragraph,
                  sa.func.count().label("pending"))
        .join(tag_suggestions, tag_suggestions.c.recommendation_id == recommendations.c.id)
        .where(*conditions)
        .group_by(recommendations.c.id, recommendations.c.key,
                  recommendations.c.document_symbol, recommendations.c.paragraph)))
    waiting.sort(key=lambda r: paragraph_order(r.document_symbol, r.paragraph, r.key))
    shown = waiting[offset:offset + limit]
    found: dict[int, list[Suggestion]] = {r.id: [] for r in shown}
    if shown:
        query = (sa.select(tag_suggestions, recommendations.c.key.label("rec_key"))
                 .join(recommendations,
                       recommendations.c.id == tag_suggestions.c.recommendation_id)
                 .where(*conditions, tag_suggestions.c.recommendation_id.in_(list(found)))
                 .order_by(tag_suggestions.c.confidence.desc(), tag_suggestions.c.code))
        for r in conn.execute(query):
            found[r.recommendation_id].append(Suggestion(
                recommendation=r.rec_key, kind=r.kind, code=r.code, confidence=r.confidence,
                support=tuple(r.support), state=SuggestionState(r.state),
                decided_by=r.decided_by or "",
                decided_at=audit.as_utc(r.decided_at) if r.decided_at else None))
    recs = {rec.key: rec for rec in load_recommendations(
        conn, workspace_key=workspace_key, keys=[r.key for r in shown])}
    rows = [ReviewRow(recommendation=recs[r.key], suggestions=tuple(
        sorted(found[r.id], key=lambda s: TAG_KINDS.index(s.kind)
               if s.kind in TAG_KINDS else len(TAG_KINDS))))
        for r in shown if r.key in recs]
    return ReviewPage(rows=rows, total=len(waiting),
                      suggestions=sum(int(r.pending) for r in waiting), offset=offset,
                      limit=limit)
