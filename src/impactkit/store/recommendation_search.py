"""Full-text search over recommendations, with filters, on SQLite (FTS5) and PostgreSQL.

Words are matched by their stems in the recommendation's own language ("vittime" finds
"vittima", "θυμάτων" finds "θύμα", "trafficked" finds "trafficking"): each recommendation
stores its stems in ``search_terms`` (:func:`impactkit.recommendations.languages.search_terms`,
written with the row), indexed word for word by an FTS5 table on SQLite and a GIN index over
``to_tsvector('simple', search_terms)`` on PostgreSQL (migration 0011). The query's language is
unknown, so each word the user types is stemmed in every supported language and the variants
are alternatives. The query language is the one web search engines taught everyone, the same
on both databases: words (all must occur), ``"a phrase"``, ``OR`` between alternatives,
``-word`` to exclude. :func:`fts5_query` and :func:`tsquery` write it for each database, every
term quoted, so that nothing the user types is read as the database's own syntax.

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
from impactkit.recommendations.languages import query_variants
from impactkit.recommendations.model import SUMMARY_TAGS, Recommendation
from impactkit.store.recommendations import TAGS, from_rows
from impactkit.store.schema import (
    action_tags,
    actions,
    recommendation_tags,
    recommendations,
    status_assessments,
)
from impactkit.store.workspaces import state_id

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
    theme: str | None = None  # one of the source's own theme labels


@dataclass(frozen=True)
class SearchPage:
    items: list[Recommendation]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class ParsedQuery:
    """A query as alternatives of terms: ``included`` must all match (each a list of
    alternatives, each term a list of variants, each variant a list of consecutive stems),
    ``excluded`` must not."""
    included: list[list[list[list[str]]]]
    excluded: list[list[list[str]]]


def parse_query(text: str) -> ParsedQuery | None:
    """The web-search syntax read into terms and their stemmed variants (see
    :func:`~impactkit.recommendations.languages.query_variants`). None when nothing
    searchable is left."""
    included: list[list[list[list[str]]]] = []
    excluded: list[list[list[str]]] = []
    pending_or = False
    for token in _TOKEN.findall(text):
        if token == "OR":
            pending_or = bool(included)
            continue
        negative = token.startswith("-") and len(token) > 1
        variants = query_variants(token[1:] if negative else token)
        if not variants:
            continue
        if negative:
            excluded.append(variants)
        elif pending_or:
            included[-1].append(variants)
        else:
            included.append([variants])
        pending_or = False
    return ParsedQuery(included, excluded) if included else None


def fts5_query(text: str) -> str | None:
    """The web-search syntax as an FTS5 query over the stems, every stem quoted (so ``NEAR``,
    ``*``, ``:`` or a stray quote the user types stay plain words). None when nothing
    searchable is left."""
    parsed = parse_query(text)
    if parsed is None:
        return None

    def term(variants: list[list[str]]) -> str:
        phrases = ['"' + " ".join(stems) + '"' for stems in variants]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"

    def group(terms: list[list[list[str]]]) -> str:
        return term(terms[0]) if len(terms) == 1 else \
            "(" + " OR ".join(term(t) for t in terms) + ")"

    query = " AND ".join(group(terms) for terms in parsed.included)
    for variants in parsed.excluded:
        query = f"({query}) NOT {term(variants)}"
    return query


def tsquery(text: str) -> str | None:
    """The web-search syntax as a PostgreSQL ``to_tsquery`` expression over the stems, every
    stem quoted, phrases with ``<->``. None when nothing searchable is left."""
    parsed = parse_query(text)
    if parsed is None:
        return None

    def term(variants: list[list[str]]) -> str:
        return "(" + " | ".join("(" + " <-> ".join(f"'{s}'" for s in stems) + ")"
                                for stems in variants) + ")"

    query = " & ".join("(" + " | ".join(term(t) for t in terms) + ")"
                       for terms in parsed.included)
    for variants in parsed.excluded:
        query += f" & !{term(variants)}"
    return query


def search(conn: sa.Connection, *, workspace_key: str, filters: SearchFilters,
           offset: int = 0, limit: int = 50) -> SearchPage:
    """One page of matches, best first when there are words (by the database's ranking),
    else in key order; and how many match in all."""
    state = state_id(conn, workspace_key)
    conditions: list[sa.ColumnElement[bool]] = [recommendations.c.jurisdiction_id == state]
    conditions += _filter_conditions(filters)
    source: Any = recommendations
    order: list[Any] = [recommendations.c.sort_key]
    text = (filters.text or "").strip()
    if text:
        source, condition, rank = _text_match(conn, text)
        if condition is not None:
            conditions.append(condition)
        order = [rank, recommendations.c.sort_key]
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
    if conn.dialect.name not in ("postgresql", "sqlite"):
        words = _WORD.findall(text)  # other databases: every word as a substring
        return (recommendations,
                sa.and_(*(recommendations.c.text.ilike(f"%{w}%") for w in words)),
                recommendations.c.key)
    expression = (tsquery if conn.dialect.name == "postgresql" else fts5_query)(text)
    if expression is None:
        raise ValidationError([Problem(f"{text!r} has no word to search for", field="text")],
                              summary="the search needs at least one word")
    if conn.dialect.name == "postgresql":
        vector = sa.func.to_tsvector(sa.literal_column("'simple'"),
                                     recommendations.c.search_terms)
        query = sa.func.to_tsquery(sa.literal_column("'simple'"), expression)
        return recommendations, vector.op("@@")(query), sa.func.ts_rank(vector, query).desc()
    matched = (sa.select(sa.column("rowid").label("rowid"), sa.column("rank").label("rank"))
               .select_from(sa.table("recommendations_fts"))
               .where(sa.text("recommendations_fts MATCH :fts").bindparams(fts=expression))
               .cte("matched").prefix_with("MATERIALIZED"))
    joined = matched.join(recommendations, matched.c.rowid == recommendations.c.id)
    return joined, None, matched.c.rank


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
    if filters.theme:
        found.append(recommendations.c.id.in_(sa.select(recommendation_tags.c.owner_id).where(
            recommendation_tags.c.kind == TAGS["themes"],
            recommendation_tags.c.code == filters.theme)))
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
            .where(actions.c.jurisdiction_id == recommendations.c.jurisdiction_id,
                   answered.c.kind == "recommendation", responsible.c.kind == "actor",
                   responsible.c.code == filters.actor)))
    return found
