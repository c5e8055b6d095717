"""Full-text search over recommendations, with filters, on SQLite (FTS5) and PostgreSQL.

The words are matched with stemming on both databases ("trafficked" finds "trafficking"):
SQLite through an FTS5 table with the Porter tokenizer, PostgreSQL through ``to_tsvector``
('english') and a GIN index (both made by migration 0003). The query language is the one
web search engines taught everyone, the same on both: words (all must occur), ``"a
phrase"``, ``OR`` between alternatives, ``-word`` to exclude. PostgreSQL parses it itself
(``websearch_to_tsquery``); for SQLite :func:`fts5_query` translates it, quoting every word so
that nothing the user types is read as FTS5 syntax.

Filters narrow the result: mechanism, cycle, a tag (``provision:CRC-32``, ``theme:...``),
the latest implementation status (from any source), and a responsible actor (through the
actions that answer the recommendation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from impactkit.errors import Problem, ValidationError
from impactkit.recommendations.model import SUMMARY_TAGS, Recommendation
from impactkit.store.recommendations import TAGS, from_rows
from impactkit.store.schema import (
    action_tags,
    actions,
    recommendation_tags,
    recommendations,
    status_assessments,
)
from impactkit.store.workspaces import workspace_id

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"\w+", re.UNICODE)
TAG_KINDS = {kind: attribute for attribute, kind in TAGS.items()}


@dataclass(frozen=True)
class SearchFilters:
    text: str | None = None
    mechanism: str | None = None
    cycle: str | None = None
    tag: str | None = None  # "kind:code", kind as in TAGS values (provision, theme ...)
    status: str | None = None
    actor: str | None = None
    family: str | None = None


@dataclass(frozen=True)
class SearchPage:
    items: list[Recommendation]
    total: int
    offset: int
    limit: int


def fts5_query(text: str) -> str | None:
    """The web-search syntax as an FTS5 query, every word quoted (so ``NEAR``, ``*``, ``:``
    or a stray quote the user types stay plain words). None when nothing searchable is left.
    """
    included: list[str] = []
    excluded: list[str] = []
    pending_or = False
    for token in _TOKEN.findall(text):
        if token == "OR":
            pending_or = bool(included)
            continue
        negative = token.startswith("-") and len(token) > 1
        words = _WORD.findall(token[1:] if negative else token)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if negative:
            excluded.append(term)
        elif pending_or:
            included[-1] = f"({included[-1]} OR {term})"
        else:
            included.append(term)
        pending_or = False
    if not included:
        return None
    query = " AND ".join(included)
    for term in excluded:
        query = f"({query}) NOT {term}"
    return query


def search(conn: sa.Connection, *, workspace_key: str, filters: SearchFilters,
           offset: int = 0, limit: int = 50) -> SearchPage:
    """One page of matches, best first when there are words (by the database's ranking),
    else in key order; and how many match in all."""
    ws = workspace_id(conn, key=workspace_key)
    conditions: list[sa.ColumnElement[bool]] = [recommendations.c.workspace_id == ws]
    conditions += _filter_conditions(filters)
    source: Any = recommendations
    order: list[Any] = [recommendations.c.key]
    text = (filters.text or "").strip()
    if text:
        source, condition, rank = _text_match(conn, text)
        if condition is not None:
            conditions.append(condition)
        order = [rank, recommendations.c.key]
    select = sa.select(recommendations.c.id, *(recommendations.c[c] for c in (
        "key", "mechanism", "text", "document_symbol", "paragraph", "cycle", "session", "date",
        "position", "language", "family", "version"))).select_from(source)
    total = conn.execute(sa.select(sa.func.count()).select_from(source)
                         .where(*conditions)).scalar_one()
    rows = list(conn.execute(select.where(*conditions).order_by(*order)
                             .offset(offset).limit(limit)))
    return SearchPage(items=from_rows(conn, rows), total=int(total), offset=offset,
                      limit=limit)


def _text_match(conn: sa.Connection, text: str
                ) -> tuple[Any, sa.ColumnElement[bool] | None, Any]:
    """What to select from, the condition the words add, and the ranking to order by.
    On SQLite the FTS5 matches are computed once (a materialised CTE) and joined to the
    recommendations by primary key: left to itself the planner walks the workspace's
    recommendations and runs the full-text query once per row, 100 times slower."""
    if conn.dialect.name == "postgresql":
        vector = sa.func.to_tsvector(sa.literal_column("'english'"), recommendations.c.text)
        query = sa.func.websearch_to_tsquery(sa.literal_column("'english'"), text)
        return recommendations, vector.op("@@")(query), sa.func.ts_rank(vector, query).desc()
    if conn.dialect.name == "sqlite":
        expression = fts5_query(text)
        if expression is None:
            raise ValidationError([Problem(f"{text!r} has no word to search for",
                                           field="text")],
                                  summary="the search needs at least one word")
        matched = (sa.select(sa.column("rowid").label("rowid"), sa.column("rank").label("rank"))
                   .select_from(sa.table("recommendations_fts"))
                   .where(sa.text("recommendations_fts MATCH :fts").bindparams(fts=expression))
                   .cte("matched").prefix_with("MATERIALIZED"))
        joined = matched.join(recommendations, matched.c.rowid == recommendations.c.id)
        return joined, None, matched.c.rank
    words = _WORD.findall(text)  # other databases: every word as a substring
    return (recommendations,
            sa.and_(*(recommendations.c.text.ilike(f"%{w}%") for w in words)),
            recommendations.c.key)


def _filter_conditions(filters: SearchFilters) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    if filters.mechanism:
        found.append(recommendations.c.mechanism == filters.mechanism)
    if filters.cycle:
        found.append(recommendations.c.cycle == filters.cycle)
    if filters.family:
        found.append(recommendations.c.family == filters.family)
    if filters.tag:
        kind, _, code = filters.tag.partition(":")
        if not code and kind in SUMMARY_TAGS:  # written as the tagger writes it
            kind, code = "summary", kind
        if kind not in TAG_KINDS or not code:
            raise ValidationError([Problem(
                f"{filters.tag!r} is not a tag filter: write KIND:CODE with KIND one of "
                f"{', '.join(sorted(TAG_KINDS))} (e.g. provision:CRC-32)", field="tag")],
                summary="the tag filter is not one the search understands")
        found.append(recommendations.c.id.in_(sa.select(recommendation_tags.c.owner_id).where(
            recommendation_tags.c.kind == kind, recommendation_tags.c.code == code)))
    if filters.status:
        latest = (sa.select(status_assessments.c.status)
                  .where(status_assessments.c.recommendation_id == recommendations.c.id)
                  .order_by(status_assessments.c.assessed_on.desc(),
                            status_assessments.c.id.desc())
                  .limit(1).scalar_subquery())
        found.append(latest == filters.status)
    if filters.actor:
        answered = action_tags.alias("answered")
        responsible = action_tags.alias("responsible")
        found.append(recommendations.c.key.in_(
            sa.select(answered.c.code)
            .join(responsible, responsible.c.owner_id == answered.c.owner_id)
            .join(actions, actions.c.id == answered.c.owner_id)
            .where(actions.c.workspace_id == recommendations.c.workspace_id,
                   answered.c.kind == "recommendation", responsible.c.kind == "actor",
                   responsible.c.code == filters.actor)))
    return found
