"""The review queue of tag suggestions: pending ones most confident first, filtered by kind
and minimum confidence, decided one by one, or in bulk at or above a threshold a person
chooses; and the buttons that run the tagger and retrain it.

Decisions post inline with htmx (the decided row is swapped in place) and work without it
(a plain form returns to the queue, or to the recommendation's page it was sent from).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from impactkit.errors import UsageError
from impactkit.input_rules import check_paging
from impactkit.plain import record_json as as_json
from impactkit.recommendations.model import TAG_KINDS, Recommendation
from impactkit.services import recommendation_tagging as tagging
from impactkit.services import recommendations as service
from impactkit.services.accounts import Role
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.recommendations import (
    BASE,
    form_text,
    rec_url,
    section_context,
)
from impactkit.web.routes.records import require_role, workspace

router = APIRouter()
QUEUE = BASE + "/suggestions"
PER_PAGE = 50


def _filters(kind: str | None, min_confidence: float) -> dict[str, str]:
    found = {"kind": kind} if kind else {}
    if min_confidence > 0:
        found["min_confidence"] = f"{min_confidence:g}"
    return found


def queue_page(request: Request, key: str, *, kind: str | None = None,
               min_confidence: float = 0.0, page: int = 1, status_code: int = 200,
               action_error: Exception | None = None) -> Response:
    view = workspace(request, key)
    db, who = database(request), principal(request)
    kind = kind if kind in TAG_KINDS else None
    min_confidence = min(max(min_confidence, 0.0), 1.0)
    check_paging(page=page)  # before it becomes an offset: a refusal names ``page``
    found = tagging.queue(db, who, workspace_key=key, min_confidence=min_confidence,
                          kind=kind, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    shown, more = found[:PER_PAGE], len(found) > PER_PAGE
    texts: dict[str, Recommendation] = {}
    for suggestion in shown:
        if suggestion.recommendation not in texts:
            texts[suggestion.recommendation] = service.get(
                db, who, workspace_key=key, key=suggestion.recommendation)
    filters = _filters(kind, min_confidence)
    query = urlencode(filters)

    def link(number: int) -> str:
        return f"{rec_url(key)}/suggestions?{urlencode({**filters, 'page': str(number)})}"

    context: dict[str, Any] = {
        **section_context(view), "suggestions": shown, "recs": texts, "kinds": TAG_KINDS,
        "kind": kind or "", "min_confidence": min_confidence, "filters": filters,
        "query": query, "page": page, "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if more else None, "action_error": action_error,
        "notice": {name: request.query_params.get(name) for name in (
            "accepted", "suggested", "trained", "decided") if request.query_params.get(name)}}
    return render(request, "recommendations/queue.html", context, status_code=status_code,
                  json_context=lambda: {"workspace": key, "filters": filters, "page": page,
                                        "more": more,
                                        "suggestions": [as_json(s) for s in shown]})


# (decorators apply bottom-up: the .json route must be registered first)
@router.get(QUEUE, include_in_schema=False)
@router.get(QUEUE + ".json", include_in_schema=False)
def suggestion_queue(request: Request, key: str, kind: str | None = None,
                     min_confidence: float = 0.0, page: int = 1) -> Response:
    return queue_page(request, key, kind=kind, min_confidence=min_confidence, page=page)


def _threshold(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a confidence: write a number above 0 and at "
                         "most 1, e.g. 0.8") from None


def _back(form: Any) -> dict[str, str]:
    """The queue's filters a form carries, so a plain browser returns to the same view."""
    kind = form_text(form, "filter_kind")
    try:
        least = float(form_text(form, "filter_min_confidence") or 0)
    except ValueError:
        least = 0.0
    return _filters(kind or None, least)


@router.post(QUEUE + "/decide", include_in_schema=False)
async def decide(request: Request, key: str) -> Response:
    """Accept or reject one suggestion. htmx gets the decided row back (or the row with the
    reason it was refused, 422); a plain browser returns where the form was."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "decide on tag suggestions")
    form = await request.form()
    rkey, kind, code = (form_text(form, n) for n in ("recommendation", "kind", "code"))
    decision = form_text(form, "decision")
    if decision not in ("accept", "reject"):
        raise UsageError("say whether to accept or reject the suggestion")
    where = "queue" if form_text(form, "back") == "queue" else "recommendation"
    inline = request.headers.get("hx-request") == "true"
    error: UsageError | None = None
    try:
        tagging.decide(database(request), principal(request), workspace_key=key,
                       recommendation=rkey, kind=kind, code=code, accept=decision == "accept")
    except UsageError as refused:
        if not inline:
            raise
        error = refused
    if not inline:
        if where == "queue":
            query = urlencode({**_back(form), "decided": decision})
            return RedirectResponse(f"{rec_url(key)}/suggestions?{query}", status_code=303)
        return RedirectResponse(f"{rec_url(key, rkey)}?done=decided#suggestions",
                                status_code=303)
    context = {**section_context(view), "where": where, "rkey": rkey, "kind": kind,
               "code": code, "decision": decision, "error": error}
    return render(request, "recommendations/_decided.html", context,
                  status_code=422 if error else 200)


@router.post(QUEUE + "/accept-above", include_in_schema=False)
async def accept_above(request: Request, key: str) -> Response:
    require_role(request, workspace(request, key), Role.CONTRIBUTOR,
                 "accept tag suggestions")
    form = await request.form()
    threshold = _threshold(form_text(form, "threshold"))
    kind = form_text(form, "kind") or None
    try:
        count = tagging.accept_above(database(request), principal(request), workspace_key=key,
                                     threshold=threshold, kind=kind)
    except UsageError as error:
        return queue_page(request, key, kind=kind, status_code=400, action_error=error)
    query = urlencode({**_filters(kind, threshold), "accepted": str(count)})
    return RedirectResponse(f"{rec_url(key)}/suggestions?{query}", status_code=303)


@router.post(QUEUE + "/suggest", include_in_schema=False)
async def suggest_now(request: Request, key: str) -> Response:
    require_role(request, workspace(request, key), Role.CONTRIBUTOR, "suggest tags")
    report = tagging.suggest(database(request), principal(request), workspace_key=key)
    query = urlencode({"suggested": str(report.suggestions)})
    return RedirectResponse(f"{rec_url(key)}/suggestions?{query}", status_code=303)


@router.post(QUEUE + "/train", include_in_schema=False)
async def retrain(request: Request, key: str) -> Response:
    require_role(request, workspace(request, key), Role.CONTRIBUTOR, "retrain the tagger")
    try:
        report = tagging.train(database(request), principal(request), workspace_key=key)
    except UsageError as error:
        return queue_page(request, key, status_code=400, action_error=error)
    query = urlencode({"trained": str(report.examples)})
    return RedirectResponse(f"{rec_url(key)}/suggestions?{query}", status_code=303)
