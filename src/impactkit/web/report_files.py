"""Reports as files, for the Reports pages and the API alike.

The user's choices are read and checked here, each refusal naming the field it is about
(``UsageError``: a 400 page, or the API's one error shape); the report's notes link to the
explanation pages of this very server (the address the request came to); and the bytes go
back as a download that no cache keeps.

The routes check read access first (as the dashboard does), then call these: a visitor who
may not read a workspace hears that, not what is wrong with the choices. The service
(:mod:`impactkit.services.reports`) checks access and the choices once more and refuses
drafts to a reader who sees the workspace only because it is public.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response

from impactkit.catalogue.schema import Catalogue, ClusterScheme
from impactkit.errors import UsageError
from impactkit.reports.model import Linker
from impactkit.services.accounts import Principal
from impactkit.services.findings_filter import FindingsFilter, page_filter
from impactkit.services.reports import (
    FORMATS,
    MAX_COMPARED,
    ReportRequest,
    file_name,
    report_bytes,
)
from impactkit.store.db import Database  # the type only: data access goes through services
from impactkit.web.urls import explain_linker


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of the form: the value sent, its label and one sentence about it."""

    value: str
    label: str
    about: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"value": self.value, "label": self.label, "about": self.about}


WORKSPACE_KINDS = (
    Choice("national", "National assessment",
           "The whole analysis of this workspace: the key findings, the system of actors, "
           "mandates and coordination, the findings per CRC reporting cluster, gaps between "
           "law and practice, excluded groups and recommendations, with every score in an "
           "annex."),
    Choice("alternative", "Alternative report to the CRC Committee",
           "A civil-society (\"shadow\") report in the order of the Committee's reporting "
           "clusters: the situation, progress on earlier recommendations, gaps, questions "
           "for the list of issues and proposed recommendations, counted against a word "
           "limit."),
    Choice("recommendations", "Follow-up of recommendations",
           "The recommendations made to the State, counted by mechanism, cluster, "
           "responsible actor and status as each source assesses it, then each with its "
           "actions and the evidence behind its status."),
)
"""The reports of one workspace (the comparative report has its own page)."""

FORMAT_CHOICES = (
    Choice("html", "HTML", "A web page in one file: opens in any browser, prints as the PDF "
                           "does."),
    Choice("pdf", "PDF", "Laid out in pages, to print or send; takes a few seconds."),
    Choice("docx", "Word", "A .docx file to edit further in a word processor."),
)

VALIDATED, ALL = "validated", "all"
STATUS_CHOICES = (
    Choice(VALIDATED, "Validated findings only", "What may be published."),
    Choice(ALL, "All findings, drafts labelled as drafts",
           "For members' working copies: drafts and findings in review are included and "
           "marked."),
)

# --- the choices -------------------------------------------------------------------------------

def _choice(field: str, value: str | None, allowed: Sequence[str]) -> str:
    if value is None or not value.strip():
        raise UsageError(f"the field '{field}' is missing: choose one of {', '.join(allowed)}")
    if value not in allowed:
        raise UsageError(f"the field '{field}' must be one of {', '.join(allowed)}, "
                         f"not {value!r}")
    return value


MAX_WORD_LIMIT = 9_999_999


def word_limit(value: str | int | None) -> int | None:
    """The word limit typed (empty: none), a whole number of words from 1."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_WORD_LIMIT:
        raise UsageError(f"the field 'word_limit' must be a whole number of words from 1 to "
                         f"{MAX_WORD_LIMIT:,}, or be left empty; not {value!r}")
    return int(text)


def findings_filter(values: Sequence[str] | None) -> FindingsFilter:
    """The findings a report includes: ``validated`` (the default), ``all``, or review
    statuses (repeated, or comma-separated)."""
    parts = [part.strip() for value in values or () for part in value.split(",")
             if part.strip()]
    try:
        return page_filter(parts)
    except UsageError as error:
        raise UsageError(f"the field 'status': {error.message}") from None


def _status(findings: FindingsFilter) -> str:
    """The filter as :class:`ReportRequest` takes it."""
    return ALL if findings.statuses is None else ",".join(findings.statuses)


def schemes(catalogue: Catalogue) -> list[ClusterScheme]:
    """The cluster schemes an alternative report may follow, the current one first."""
    return list(catalogue.cluster_schemes) or [catalogue.cluster_scheme(None)]


def _scheme(catalogue: Catalogue, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return catalogue.cluster_scheme(value.strip()).code
    except UsageError as error:
        raise UsageError(f"the field 'scheme': {error.message}") from None


@dataclass(frozen=True, slots=True)
class Asked:
    """A report asked for, and the findings it counts (its notes' links keep that filter,
    so an explanation counts what the report counted)."""

    report: ReportRequest
    findings: FindingsFilter


def workspace_report(key: str, catalogue: Catalogue, *, kind: str | None,
                     format: str | None, status: Sequence[str] | None = None,
                     scheme: str | None = None, words: str | int | None = None) -> Asked:
    """A report of one workspace from the choices sent. The scheme and the word limit are
    checked whatever the kind, and used by the alternative report only (the form sends them
    with every kind)."""
    chosen_kind = _choice("kind", kind, [c.value for c in WORKSPACE_KINDS])
    chosen_format = _choice("format", format, list(FORMATS))
    findings = findings_filter(status)
    limit, scheme_code = word_limit(words), _scheme(catalogue, scheme)
    alternative = chosen_kind == "alternative"
    return Asked(ReportRequest(
        kind=chosen_kind, workspaces=(key,), format=chosen_format, status=_status(findings),
        word_limit=limit if alternative else None,
        scheme=scheme_code if alternative else None), findings)


def compared_keys(keys: Sequence[str] | None) -> tuple[str, ...]:
    """The workspaces chosen for a comparative report, each once, in the order given."""
    return tuple(dict.fromkeys(k.strip() for k in keys or () if k.strip()))


def comparative_report(keys: Sequence[str] | None, *, format: str | None,
                       status: Sequence[str] | None = None) -> Asked:
    """A comparative report of two to :data:`MAX_COMPARED` workspaces (the field ``w``)."""
    chosen = compared_keys(keys)
    if not 2 <= len(chosen) <= MAX_COMPARED:
        raise UsageError(f"the field 'w' must name 2 to {MAX_COMPARED} different workspaces "
                         f"for a comparative report; it names {len(chosen)}")
    chosen_format = _choice("format", format, list(FORMATS))
    findings = findings_filter(status)
    return Asked(ReportRequest(kind="comparative", workspaces=chosen, format=chosen_format,
                               status=_status(findings)), findings)


# --- the file ----------------------------------------------------------------------------------

def linker(request: Request, findings: FindingsFilter) -> Linker:
    """The absolute address of an explanation page on the server the request came to,
    counting the findings the report counts."""
    return explain_linker(str(request.base_url), findings)


def content_disposition(how: str, name: str) -> str:
    """``attachment; filename="..."``, with the RFC 6266 ``filename*`` form beside an ASCII
    fallback when the name is not ASCII (a workspace key in another script)."""
    if name.isascii():
        return f'{how}; filename="{name}"'
    fallback = "".join(ch if ch.isascii() else "_" for ch in name)
    return f"{how}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(report: ReportRequest, content: bytes, *, inline: bool = False
                  ) -> Response:
    """The report's bytes with their media type, named for saving, kept by no cache (a
    report shows what its reader may see, as of now)."""
    media_type = FORMATS[report.format][0]
    disposition = content_disposition("inline" if inline else "attachment",
                                      file_name(report))
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


def download(request: Request, db: Database, principal: Principal, asked: Asked, *,
             inline: bool = False) -> Response:
    """Build, render and answer with the file."""
    _, content = report_bytes(db, principal, asked.report,
                              link=linker(request, asked.findings))
    return file_response(asked.report, content, inline=inline)


def form_choices(catalogue: Catalogue, *, member: bool) -> dict[str, Any]:
    """What a workspace's Reports page offers: drafts only to members (a public
    workspace's other readers get validated findings only)."""
    return {"kinds": [c.as_dict() for c in WORKSPACE_KINDS],
            **comparative_choices(member=member),
            "schemes": [{"code": s.code, "title": s.title, "source": s.source}
                        for s in schemes(catalogue)]}


def comparative_choices(*, member: bool) -> dict[str, Any]:
    """The formats, and the findings included: drafts only for those logged in (the
    service refuses them still for a workspace they read only because it is public)."""
    return {"formats": [c.as_dict() for c in FORMAT_CHOICES],
            "statuses": [c.as_dict() for c in STATUS_CHOICES[:2 if member else 1]]}
