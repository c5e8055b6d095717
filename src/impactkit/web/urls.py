"""Where things are on the web app: every page address is built here, and only here.

The services return data (keys, targets, codes); the pages and the ``.json`` twins turn it
into links with these functions, so an address changes in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from impactkit.services.audit import RecordHistory, TrailEntry, TrailPage
from impactkit.services.findings_filter import FindingsFilter


def workspace_url(key: str) -> str:
    return f"/workspaces/{quote(key, safe='')}"


def dashboard_url(key: str, findings: FindingsFilter | None = None) -> str:
    """A workspace's dashboard, keeping the page's filter of findings."""
    url = workspace_url(key)
    return findings.link(url) if findings is not None else url


def explain_url(key: str, target: str, findings: FindingsFilter | None = None) -> str:
    """Where a number is explained, keeping the page's filter of findings."""
    url = f"{workspace_url(key)}/explain/{quote(target, safe=':+')}"
    return findings.link(url) if findings is not None else url


def explain_linker(base_url: str, findings: FindingsFilter | None = None
                   ) -> Callable[[str, str], str]:
    """The absolute address of each explanation on the web app at ``base_url``, keeping a
    filter of findings: what a report's notes link to (from the command line's
    ``--base-url``, or the server a download came from)."""
    base = base_url.rstrip("/")

    def link(workspace_key: str, target: str) -> str:
        return base + explain_url(workspace_key, target, findings)

    return link


def finding_url(key: str, finding_key: str) -> str:
    return f"{workspace_url(key)}/findings/{quote(finding_key, safe='')}"


def record_url(key: str, kind_path: str, record_key: str = "") -> str:
    """A record's page (``kind_path`` as in :mod:`impactkit.kinds`), or the kind's list."""
    base = f"{workspace_url(key)}/{kind_path}"
    return f"{base}/{quote(record_key, safe='')}" if record_key else base


def history_url(key: str, kind_path: str, record_key: str) -> str:
    """Every change to one record, from the audit trail."""
    return f"{record_url(key, kind_path, record_key)}/history"


def texts_url(key: str, section: str = "") -> str:
    """A workspace's report texts, or the page of one section (``cluster:violence``: the
    colon stays readable in the address)."""
    base = f"{workspace_url(key)}/texts"
    return f"{base}/{quote(section, safe=':')}" if section else base


def reports_url(key: str) -> str:
    """A workspace's Reports page: the form choosing a report to download."""
    return f"{workspace_url(key)}/reports"


def report_download_url(key: str, **choices: str) -> str:
    """The file of one report of a workspace, with the choices the page's form sends
    (``kind``, ``format``, ``status``...)."""
    url = f"{reports_url(key)}/download"
    return f"{url}?{urlencode(choices)}" if choices else url


def compare_url(keys: Sequence[str] = ()) -> str:
    """Workspaces side by side, ``keys`` chosen."""
    query = urlencode([("w", key) for key in keys])
    return f"/compare?{query}" if query else "/compare"


COMPARATIVE_REPORTS = "/reports/comparative"


def comparative_reports_url(keys: Sequence[str] = ()) -> str:
    """The comparative report's page, with the workspaces ``keys`` chosen already."""
    query = urlencode([("w", key) for key in keys])
    return f"{COMPARATIVE_REPORTS}?{query}" if query else COMPARATIVE_REPORTS


def comparative_download_url(keys: Sequence[str] = (), **choices: str) -> str:
    """The file of a comparative report of ``keys`` (``format``, ``status``...)."""
    query = urlencode([*(("w", key) for key in keys), *choices.items()])
    url = f"{COMPARATIVE_REPORTS}/download"
    return f"{url}?{query}" if query else url


def entry_links(entry: TrailEntry) -> dict[str, str | None]:
    """An audit entry's links: the record's page while it exists, and its history."""
    if not entry.has_page or entry.workspace_key is None or entry.record_key is None:
        return {"record_url": None, "history_url": None}
    return {"record_url": (record_url(entry.workspace_key, entry.entity, entry.record_key)
                           if entry.exists else None),
            "history_url": history_url(entry.workspace_key, entry.entity, entry.record_key)}


def trail_json(trail: TrailPage) -> dict[str, Any]:
    """A page of the audit trail as the API and the ``.json`` page give it, with links."""
    plain = trail.as_dict()
    for shown, entry in zip(plain["entries"], trail.entries, strict=True):
        shown.update(entry_links(entry))
    return plain


def history_json(history: RecordHistory) -> dict[str, Any]:
    """A record's history as the API and the ``.json`` page give it, with links."""
    plain = history.as_dict()
    plain["record_url"] = (record_url(history.workspace_key, history.kind.path,
                                      history.record_key) if history.exists else None)
    for shown, entry in zip(plain["entries"], history.entries, strict=True):
        shown.update(entry_links(entry))
    return plain
