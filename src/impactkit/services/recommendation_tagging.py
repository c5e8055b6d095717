"""Tag suggestions for the recommendations made to a workspace's State, people's decisions
on them, and retraining the tagger on those decisions.

``suggest`` runs the workspace's tagger (the learned one once someone has trained it, else
zero-shot) and stores its suggestions as *pending*: nothing becomes a tag until a person
accepts it (``decide``), or asks for bulk acceptance above a confidence they choose
(``accept_above``). Each decision is kept beside the suggestion (who, when), never suggested
again, and feeds ``train``, which fits a new learned tagger on every decision and tag so far
and stores it for the next ``suggest``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from impactkit.errors import UsageError
from impactkit.input_rules import check_paging, check_search
from impactkit.recommendations.model import (
    TAG_KINDS,
    Recommendation,
    Suggestion,
    SuggestionState,
)
from impactkit.recommendations.tagging import (
    DECISION_THRESHOLD,
    CatalogueView,
    LearnedTagger,
    Tagger,
    ZeroShotTagger,
    training_set,
)
from impactkit.services.accounts import Principal, Role, require, require_read
from impactkit.services.recommendations import Progress, check_tags
from impactkit.services.records import workspace_catalogue
from impactkit.store import audit, suggestion_queue
from impactkit.store import recommendation_tracking as tracking
from impactkit.store import recommendations as store
from impactkit.store.db import Connection, Database
from impactkit.store.suggestion_queue import ReviewPage

BATCH = 500
"""Recommendations tagged per step (the progress bar moves per batch)."""

MIN_CONFIDENCE = 0.2
"""Suggestions below this confidence are not stored: they would only bury the queue."""


@dataclass(frozen=True)
class SuggestReport:
    recommendations: int
    suggestions: int
    tagger: str  # "zero-shot" or "learned"


@dataclass(frozen=True)
class TrainReport:
    examples: int
    tags: tuple[str, ...]


def tagger_for(db: Database, workspace_key: str) -> Tagger:
    """The learned tagger last trained for the workspace, else zero-shot on its catalogue."""
    zero_shot = ZeroShotTagger(CatalogueView.from_catalogue(
        workspace_catalogue(db, workspace_key)))
    with db.connect() as conn:
        saved = tracking.latest_model(conn, workspace_key=workspace_key)
    if saved is None:
        return zero_shot
    return LearnedTagger.from_bytes(saved, zero_shot=zero_shot)


def suggest(db: Database, principal: Principal, *, workspace_key: str,
            keys: Sequence[str] | None = None, progress: Progress | None = None
            ) -> SuggestReport:
    """Suggest tags for the State's recommendations (or those with ``keys``), replacing
    earlier pending suggestions; a tag a recommendation already has is not suggested."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    tagger = tagger_for(db, workspace_key)
    with db.connect() as conn:
        recs = store.load_recommendations(conn, workspace_key=workspace_key, keys=keys)
    found: list[Suggestion] = []
    for start in range(0, len(recs), BATCH):
        batch = recs[start:start + BATCH]
        results = tagger.predict([r.text for r in batch], [r.language for r in batch])
        for rec, result in zip(batch, results, strict=True):
            found += [Suggestion(recommendation=rec.key, kind=s.kind, code=s.code,
                                 confidence=s.confidence, support=s.support)
                      for s in result.suggestions.values()
                      if s.confidence >= MIN_CONFIDENCE and s.code not in getattr(rec, s.kind)]
        if progress is not None:
            progress("suggesting", min(start + BATCH, len(recs)), len(recs))
    with db.begin() as conn:
        stored = tracking.store_suggestions(conn, workspace_key=workspace_key,
                                            suggestions=found, tagged=[r.key for r in recs])
        audit.record(conn, user=principal.name, workspace_key=workspace_key,
                     entity="tag-suggestions", action="create",
                     summary=f"{stored} suggestions for {len(recs)} recommendations "
                             f"({getattr(tagger, 'name', 'tagger')})")
    return SuggestReport(recommendations=len(recs), suggestions=stored,
                         tagger=getattr(tagger, "name", type(tagger).__name__))


MAX_QUEUE_LIMIT = 1000
"""The most suggestions one page of the review queue holds."""

MAX_REVIEW_ROWS = 200
"""The most recommendations one page of the review queue holds."""


def queue(db: Database, principal: Principal, *, workspace_key: str,
          min_confidence: float = 0.0, kind: str | None = None, recommendation: str | None = None,
          limit: int | None = 50, offset: int = 0) -> list[Suggestion]:
    """Pending suggestions one by one, most confident first (what the API lists; the web
    queue shows them a recommendation at a time, see :func:`review`)."""
    require_read(db, principal, workspace_key)
    check_paging(offset=offset, per_page=limit, max_per_page=MAX_QUEUE_LIMIT)
    check_search({"kind": kind, "recommendation": recommendation})
    with db.connect() as conn:
        return tracking.load_suggestions(conn, workspace_key=workspace_key,
                                         min_confidence=min_confidence, kind=kind,
                                         recommendation=recommendation, limit=limit,
                                         offset=offset)


def review(db: Database, principal: Principal, *, workspace_key: str,
           min_confidence: float = 0.0, kind: str | None = None, limit: int = 25,
           offset: int = 0) -> ReviewPage:
    """The review queue one row per recommendation: those with pending suggestions (of
    ``kind``, at or above ``min_confidence``) in the order of the source's paragraphs
    (121.2 before 121.10), each with its suggestions grouped by kind."""
    require_read(db, principal, workspace_key)
    check_paging(offset=offset, per_page=limit, max_per_page=MAX_REVIEW_ROWS)
    check_search({"kind": kind})
    with db.connect() as conn:
        return suggestion_queue.review_page(conn, workspace_key=workspace_key, kind=kind,
                                            min_confidence=min_confidence, offset=offset,
                                            limit=limit)


def decide(db: Database, principal: Principal, *, workspace_key: str, recommendation: str,
           kind: str, code: str, accept: bool) -> Recommendation:
    """Accept (the tag is added to the recommendation) or reject a suggestion (the tag is not
    added; one already set by a person stays). Either way the decision is recorded with who
    and when, and audited."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    _check_decision(db, workspace_key, [(kind, code)], accept)
    with db.begin() as conn:
        return _decide(conn, workspace_key, recommendation, [(kind, code)], accept,
                       principal.name)


@dataclass(frozen=True)
class RowDecision:
    recommendation: Recommendation  # as it is after the decisions
    decided: tuple[tuple[str, str], ...]  # (kind, code) of each suggestion decided
    accepted: bool
    kept: tuple[tuple[str, str], ...] = ()  # left pending: below the confidence to accept


ACCEPT_ALL_MINIMUM = DECISION_THRESHOLD
"""Accepting all of a row's tags takes only those at this confidence or more: the tagger
itself does not say yes below it, so a person decides such a tag on its own."""


def decide_all(db: Database, principal: Principal, *, workspace_key: str, recommendation: str,
               tags: Sequence[tuple[str, str]], accept: bool,
               minimum: float = ACCEPT_ALL_MINIMUM) -> RowDecision:
    """Accept or reject, at once, the suggested tags (kind, code) of one recommendation a
    reviewer saw in its row of the queue: those still pending (one decided meanwhile, by
    them or someone else, is left as decided). Accepting takes only the tags at ``minimum``
    confidence or more; the others stay pending (``kept``); rejecting takes them all. One
    transaction and at most one new version of the recommendation; each decision recorded
    with who and when, as by :func:`decide`."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    wanted = list(dict.fromkeys(tags))
    if not wanted:
        raise UsageError("name at least one suggested tag to accept or reject")
    _check_decision(db, workspace_key, wanted, accept)
    with db.begin() as conn:
        pending = {(s.kind, s.code): s.confidence for s in tracking.load_suggestions(
            conn, workspace_key=workspace_key, recommendation=recommendation)}
        chosen = [tag for tag in wanted if tag in pending
                  and (not accept or pending[tag] >= minimum)]
        kept = tuple(tag for tag in wanted if tag in pending and tag not in chosen)
        if chosen:
            rec = _decide(conn, workspace_key, recommendation, chosen, accept, principal.name)
        else:
            rec = store.get_recommendation(conn, workspace_key=workspace_key,
                                           key=recommendation)
    return RowDecision(recommendation=rec, decided=tuple(chosen), accepted=accept, kept=kept)


def _check_decision(db: Database, workspace_key: str, tags: Sequence[tuple[str, str]],
                    accept: bool) -> None:
    """Known kinds; and, to accept them, codes of the workspace's catalogue."""
    for kind, _code in tags:
        if kind not in TAG_KINDS:
            raise UsageError(f"unknown kind of tag {kind!r}; use one of {', '.join(TAG_KINDS)}")
    if accept:
        grouped: dict[str, tuple[str, ...]] = {}
        for kind, code in tags:
            grouped[kind] = (*grouped.get(kind, ()), code)
        problems = check_tags(grouped, workspace_catalogue(db, workspace_key))
        if problems:
            raise UsageError(problems[0].message)


def _decide(conn: Connection, workspace_key: str, key: str, tags: Sequence[tuple[str, str]],
            accept: bool, by: str) -> Recommendation:
    rec = store.get_recommendation(conn, workspace_key=workspace_key, key=key)
    state = SuggestionState.ACCEPTED if accept else SuggestionState.REJECTED
    at = audit.now()
    for kind, code in tags:
        tracking.mark_decided(conn, workspace_key=workspace_key, recommendation=key,
                              kind=kind, code=code, state=state, by=by, at=at)
    said = ", ".join(f"{kind} {code}" for kind, code in tags)
    # a rejection only records the decision: a tag a person set stays (removing one is an
    # edit of the tags, with its version check)
    changes: dict[str, tuple[str, ...]] = {}
    for kind, code in tags if accept else ():
        current: tuple[str, ...] = changes.get(kind, getattr(rec, kind))
        if code not in current:
            changes[kind] = (*current, code)
    if not changes:
        audit.record(conn, user=by, workspace_key=workspace_key, entity="tag-suggestion",
                     action="update", record_key=key, summary=f"{state}: {said}")
        return rec
    edited: dict[str, Any] = dict(changes)
    return store.update_recommendation(conn, workspace_key=workspace_key,
                                       record=dataclasses.replace(rec, **edited),
                                       expected_version=rec.version, by=by,
                                       summary=f"suggestion {state}: {said}")


def accept_above(db: Database, principal: Principal, *, workspace_key: str, threshold: float,
                 kind: str | None = None) -> int:
    """Accept, in one transaction, every pending suggestion at or above ``threshold`` (a
    person's explicit bulk decision); returns how many."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    if not 0.0 < threshold <= 1.0:
        raise UsageError("the threshold must be above 0 and at most 1")
    pending = queue(db, principal, workspace_key=workspace_key, min_confidence=threshold,
                    kind=kind, limit=None)
    per_recommendation: dict[str, list[tuple[str, str]]] = {}
    for suggestion in pending:
        per_recommendation.setdefault(suggestion.recommendation, []).append(
            (suggestion.kind, suggestion.code))
    with db.begin() as conn:
        for key, tags in per_recommendation.items():
            _decide(conn, workspace_key, key, tags, True, principal.name)
    return len(pending)


def train(db: Database, principal: Principal, *, workspace_key: str) -> TrainReport:
    """Fit a learned tagger on every decision and tag of the workspace and keep it for the
    next suggestions. Needs a few decided examples of a tag before it learns that tag (the
    others stay zero-shot)."""
    require(db, principal, workspace_key, Role.CONTRIBUTOR)
    with db.connect() as conn:
        recs = store.load_recommendations(conn, workspace_key=workspace_key)
        decided = tracking.load_suggestions(conn, workspace_key=workspace_key, state=None)
    examples = training_set(recs, decided)
    if not examples.texts:
        raise UsageError("nothing to learn from yet: accept or reject some suggestions, or "
                         "tag some recommendations, first")
    zero_shot = ZeroShotTagger(CatalogueView.from_catalogue(
        workspace_catalogue(db, workspace_key)))
    tagger = LearnedTagger(zero_shot).fit(examples.texts, examples.labels)
    with db.begin() as conn:
        tracking.save_model(conn, workspace_key=workspace_key, model=tagger.to_bytes(),
                            examples=len(examples.texts), by=principal.name)
    return TrainReport(examples=len(examples.texts), tags=tuple(tagger.learned_tags))
