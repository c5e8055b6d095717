"""The review queue of tag suggestions, one row per recommendation: those with pending
suggestions in the order of the source's paragraphs (121.2 before 121.10), a page of
recommendations at a time, each with its suggested tags grouped by kind; filtered by kind and
minimum confidence. A reviewer accepts or rejects each tag, or all of a row's tags at once,
or in bulk at or above a threshold they choose; and runs the tagger and retrains it.

Keyboard first (``static/js/queue.js``): j/k or the arrow keys move between rows, ``a``
accepts and ``r`` rejects all of a row's tags (accepting all takes only the tags at 0.5
confidence or more: the others stay pending, to be decided one by one). Decisions post
inline with htmx (the decided tag or row is swapped in place) and work without JavaScript
(a plain form with its CSRF token returns to the queue, with its filters and page, or to the
recommendation's page it was sent from).
"""

from __future__ import annotations

from gettext import gettext as _
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from impactkit.errors import UsageError
from impactkit.input_rules import check_paging
from impactkit.plain import record_json as as_json
from impactkit.recommendations.model import TAG_KINDS
from impactkit.recommendations.tagging.zero_shot import TITLE_SUPPORT
from impactkit.services import recommendation_tagging as tagging
from impactkit.services.accounts import Role
from impactkit.services.records import RecordPage
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.recommendation_forms import (
    BASE,
    form_list,
    form_text,
    rec_url,
    section_context,
)
from impactkit.web.routes.records import require_role, workspace

router = APIRouter()
QUEUE = BASE + "/suggestions"
PER_PAGE = 25
"""Recommendations per page of the queue."""


def kind_labels() -> dict[str, str]:
    """The heading of each kind of tag in a row of the queue."""
    return {"provisions": _("Provisions"), "clusters": _("Reporting clusters"),
            "sectors": _("Sectors"), "groups": _("Child groups"),
            "forms": _("Forms of exploitation"), "sdgs": _("SDG targets"),
            "themes": _("Themes"), "summary": _("Summary tags")}


TITLE_LISTS = {"provisions": "provisions", "clusters": "clusters", "sectors": "sectors",
               "groups": "child_groups", "forms": "forms"}
"""Kind of tag -> the catalogue list that gives its codes' titles."""


def title_only(support: tuple[str, ...]) -> bool:
    """Whether a suggestion's only support is the catalogue title of its tag (no words or
    passage of the text of its own): shown as such, for the reviewer to weigh."""
    return bool(support) and all(w.startswith(TITLE_SUPPORT) for w in support)


def _filters(kind: str | None, min_confidence: float, page: int = 1) -> dict[str, str]:
    found = {"kind": kind} if kind else {}
    if min_confidence > 0:
        found["min_confidence"] = f"{min_confidence:g}"
    if page > 1:
        found["page"] = str(page)
    return found


def _page_links(key: str, result: RecordPage, filters: dict[str, str]) -> dict[str, Any]:
    def url(number: int) -> str:
        return f"{rec_url(key)}/suggestions?{urlencode({**filters, 'page': str(number)})}"
    return {"prev": url(result.page - 1) if result.page > 1 else None,
            "next": url(result.page + 1) if result.page < result.pages else None}


def queue_page(request: Request, key: str, *, kind: str | None = None,
               min_confidence: float = 0.0, page: int = 1, status_code: int = 200,
               action_error: Exception | None = None) -> Response:
    view = workspace(request, key)
    kind = kind if kind in TAG_KINDS else None
    min_confidence = min(max(min_confidence, 0.0), 1.0)
    check_paging(page=page)  # before it becomes an offset: a refusal names ``page``
    found = tagging.review(database(request), principal(request), workspace_key=key,
                           min_confidence=min_confidence, kind=kind, limit=PER_PAGE,
                           offset=(page - 1) * PER_PAGE)
    result = RecordPage(items=found.rows, total=found.total, page=page, per_page=PER_PAGE)
    filters = _filters(kind, min_confidence)
    context: dict[str, Any] = {
        **section_context(view), "rows": found.rows, "result": result,
        "pending": found.suggestions, "kinds": TAG_KINDS, "kind_labels": kind_labels(),
        "title_lists": TITLE_LISTS, "kind": kind or "", "min_confidence": min_confidence,
        "filters": filters, "back_filters": _filters(kind, min_confidence, page),
        "links": _page_links(key, result, filters),
        "first": f"{rec_url(key)}/suggestions?{urlencode(filters)}".rstrip("?"),
        "action_error": action_error, "title_only": title_only,
        "accept_all_minimum": tagging.ACCEPT_ALL_MINIMUM,
        "notice": {name: request.query_params.get(name) for name in (
            "accepted", "suggested", "trained", "decided", "kept")
            if request.query_params.get(name)}}

    def twin() -> dict[str, Any]:
        return {"workspace": key, "filters": filters, "page": page, "per_page": PER_PAGE,
                "pages": result.pages, "total": found.total, "suggestions": found.suggestions,
                "rows": [{"recommendation": as_json(row.recommendation),
                          "suggestions": [{**(as_json(s) or {}),
                                           "title_only": title_only(s.support)}
                                          for s in row.suggestions]}
                         for row in found.rows]}

    return render(request, "recommendations/queue.html", context, status_code=status_code,
                  json_context=twin)


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
        raise UsageError(_("{value!r} is not a confidence: write a number above 0 and at "
                           "most 1, e.g. 0.8").format(value=value)) from None


def _back(form: FormData) -> dict[str, str]:
    """The queue's filters and page a form carries, so a plain browser returns to the same
    view."""
    kind = form_text(form, "filter_kind")
    try:
        least = float(form_text(form, "filter_min_confidence") or 0)
    except ValueError:
        least = 0.0
    page = form_text(form, "filter_page")
    return _filters(kind or None, least, int(page) if page.isdigit() else 1)


def _decision(form: FormData) -> bool:
    decision = form_text(form, "decision")
    if decision not in ("accept", "reject"):
        raise UsageError(_("Say whether to accept or reject the suggestion."))
    return decision == "accept"


def _to_queue(key: str, form: FormData, decision: str, kept: int = 0) -> Response:
    query = urlencode({**_back(form), "decided": decision,
                       **({"kept": str(kept)} if kept else {})})
    return RedirectResponse(f"{rec_url(key)}/suggestions?{query}", status_code=303)


@router.post(QUEUE + "/decide", include_in_schema=False)
async def decide(request: Request, key: str) -> Response:
    """Accept or reject one suggestion. htmx gets the decided tag back (or the reason it
    was refused, 422); a plain browser returns where the form was."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "decide on tag suggestions")
    form = await request.form()
    rkey, kind, code = (form_text(form, n) for n in ("recommendation", "kind", "code"))
    accept = _decision(form)
    where = "queue" if form_text(form, "back") == "queue" else "recommendation"
    inline = request.headers.get("hx-request") == "true"
    error: UsageError | None = None
    try:
        tagging.decide(database(request), principal(request), workspace_key=key,
                       recommendation=rkey, kind=kind, code=code, accept=accept)
    except UsageError as refused:
        if not inline:
            raise
        error = refused
    decision = "accept" if accept else "reject"
    if not inline:
        if where == "queue":
            return _to_queue(key, form, decision)
        return RedirectResponse(f"{rec_url(key, rkey)}?done=decided#suggestions",
                                status_code=303)
    context = {**section_context(view), "where": where, "rkey": rkey, "kind": kind,
               "code": code, "decision": decision, "error": error}
    return render(request, "recommendations/_decided.html", context,
                  status_code=422 if error else 200)


def _tags(form: FormData) -> list[tuple[str, str]]:
    """The tags a row's form lists, each sent as ``KIND:CODE``."""
    found: list[tuple[str, str]] = []
    for value in form_list(form, "tag"):
        kind, _sep, code = value.partition(":")
        if kind not in TAG_KINDS or not code:
            raise UsageError(_("{value!r} is not a suggested tag: the form sends KIND:CODE, "
                               "e.g. provisions:CRC-32").format(value=value))
        found.append((kind, code))
    return found


@router.post(QUEUE + "/decide-all", include_in_schema=False)
async def decide_all(request: Request, key: str) -> Response:
    """Accept or reject every tag of a row (those still pending of the ones it lists;
    accepting takes only those at :data:`~impactkit.services.recommendation_tagging.
    ACCEPT_ALL_MINIMUM` confidence or more, the others stay pending). htmx gets the decided
    row back (or the row with the reason it was refused, 422); a plain browser returns to
    the queue, with its filters and page."""
    view = workspace(request, key)
    require_role(request, view, Role.CONTRIBUTOR, "decide on tag suggestions")
    form = await request.form()
    rkey = form_text(form, "recommendation")
    accept = _decision(form)
    inline = request.headers.get("hx-request") == "true"
    error: UsageError | None = None
    decided: tuple[tuple[str, str], ...] = ()
    kept: tuple[tuple[str, str], ...] = ()
    try:
        done = tagging.decide_all(database(request), principal(request), workspace_key=key,
                                  recommendation=rkey, tags=_tags(form), accept=accept)
        decided, kept = done.decided, done.kept
    except UsageError as refused:
        if not inline:
            raise
        error = refused
    decision = "accept" if accept else "reject"
    if not inline:
        return _to_queue(key, form, decision, len(kept))
    context = {**section_context(view), "where": "queue-row", "rkey": rkey,
               "decided": decided, "decision": decision, "error": error, "kept": kept,
               "queue_url": f"{rec_url(key)}/suggestions",
               "accept_all_minimum": tagging.ACCEPT_ALL_MINIMUM}
    template = "_row_kept.html" if kept and not error else "_decided.html"
    return render(request, f"recommendations/{template}", context,
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
