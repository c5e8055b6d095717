"""What the recommendation pages share: their addresses, the context of the section, and
reading their forms (texts, lists, dates, choices, the version a form was loaded at).

Kept apart from :mod:`.recommendations` so that the pages with fixed names under
``/recommendations/`` (:mod:`.recommendation_editing`, :mod:`.recommendation_progress`) can
use them and still be registered before ``/recommendations/{rkey}``.
"""

from __future__ import annotations

from datetime import date
from gettext import gettext as _
from typing import Any
from urllib.parse import quote

from fastapi import Request
from starlette.datastructures import FormData

from impactkit.errors import Problem, ValidationError
from impactkit.recommendations.progress import ANY_SOURCE, NONE
from impactkit.services.accounts import Role
from impactkit.services.record_fields import code_titles
from impactkit.services.records import WorkspaceView, reference_choices
from impactkit.web.deps import database, principal

BASE = "/workspaces/{key}/recommendations"


def rec_url(key: str, rkey: str = "") -> str:
    """A recommendations page, every key percent-encoded (keys may be Cyrillic)."""
    return (f"/workspaces/{quote(key, safe='')}/recommendations"
            + (f"/{quote(rkey, safe='')}" if rkey else ""))


def section_context(view: WorkspaceView) -> dict[str, Any]:
    return {"workspace": view, "section": "recommendations",
            "can_edit": view.can(Role.CONTRIBUTOR), "can_delete": view.can(Role.ADMIN),
            "titles": code_titles(view.catalogue), "source_labels": source_labels(),
            "status_labels": status_labels()}


def actor_choices(request: Request, key: str) -> list[tuple[str, str]]:
    """The workspace's actors as (key, name): mandates name their actor, so their
    references are every actor of the workspace."""
    found = reference_choices(database(request), principal(request), workspace_key=key,
                              entity="mandates")
    return found.get("actors", [])


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def form_list(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


def version_of(form: FormData, *, summary: str) -> int:
    """The version the form was loaded at; a form without one is refused (``summary`` says
    what was not done)."""
    raw = form_text(form, "version")
    if not raw.isdigit():
        raise ValidationError([Problem("this form carries no record version: reload the "
                                       "page and edit again", field="version")],
                              summary=summary)
    return int(raw)


def parse_date(value: str, field: str, *, required: bool) -> date | None:
    if not value:
        if required:
            raise ValidationError([Problem("a date is needed (YYYY-MM-DD)", field=field)])
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError([Problem(f"{value!r} is not a date: write YYYY-MM-DD",
                                       field=field)]) from None


def parse_choice(kind: type[Any], value: str, field: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        accepted = ", ".join(str(v) for v in kind)
        raise ValidationError([Problem(f"unknown {field} {value!r}; use one of {accepted}",
                                       field=field)]) from None


def source_labels() -> dict[str, str]:
    """The name of each source of assessments (translated when called, so per request)."""
    return {"state": _("The State"), "nhri": _("National human rights institution"),
            "civil-society": _("Civil society"), "un": _("A UN body"),
            "other": _("Another source"), ANY_SOURCE: _("Most recent assessment, whoever made it")}


def status_labels() -> dict[str, str]:
    """The name of each implementation status, and of "no assessment"."""
    return {"implemented": _("Implemented"),
            "partially-implemented": _("Partially implemented"),
            "planned": _("Planned"), "not-started": _("Not started"),
            "regressed": _("Regressed"), "unknown": _("Unknown"),
            NONE: _("No assessment")}
