"""Importing a file of recommendations from the browser (contributors).

The upload is written to a temporary folder under its own file name (so every problem
names the file the person chose, not a temporary one) and handed to
:func:`impactkit.services.recommendations.import_file`: all or nothing, and a rejected file
comes back as the list of its problems with file, row and column.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from impactkit.errors import Problem, UsageError, ValidationError
from impactkit.limits import MAX_UPLOAD_BYTES
from impactkit.recommendations.model import Mechanism
from impactkit.services import recommendations as service
from impactkit.services.accounts import Role
from impactkit.services.recommendations import FORMATS
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.recommendations import BASE, form_text, section_context
from impactkit.web.routes.records import require_role, workspace

router = APIRouter()
IMPORT = BASE + "/import"
CHUNK = 1 << 20
MAX_UPLOAD = MAX_UPLOAD_BYTES
"""Largest file accepted (see limits.MAX_UPLOAD_BYTES); the whole request is bounded while
it streams (web.guard), so a bigger one is refused before it fills the disk."""
UPLOADS = (IMPORT,)
"""The upload routes: their bodies may be as big as limits.MAX_UPLOAD_BYTES (web.guard)."""


def parse_mapping(text: str) -> dict[str, str]:
    """``FIELD=Column`` lines (the CLI's ``--map``) as a dict; the first ``=`` separates,
    so a column name may itself hold one."""
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        field, sep, column = line.partition("=")
        if not sep or not field.strip() or not column.strip():
            problems.append(Problem(f"line {number}: {line.strip()!r} is not FIELD=Column "
                                    "(e.g. text=Recommendation)", field="mapping"))
            continue
        mapping[field.strip()] = column.strip()
    if problems:
        raise ValidationError(problems, summary="the column mapping is not readable")
    return mapping


def safe_name(filename: str) -> str:
    """The upload's own name without any folder part or unusual character."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = re.sub(r"[^0-9A-Za-z._ -]+", "_", base).strip(" .")
    return cleaned or "upload.csv"


def import_page(request: Request, key: str, *, status_code: int = 200,
                sent: dict[str, str] | None = None, error: Exception | None = None,
                report: service.ImportReport | None = None) -> Response:
    view = workspace(request, key)
    problems = list(error.problems) if isinstance(error, ValidationError) else []
    context: dict[str, Any] = {
        **section_context(view), "formats": FORMATS, "mechanisms": list(Mechanism),
        "sent": sent or {"format": "auto"}, "error": error, "problems": problems,
        "report": report}
    return render(request, "recommendations/import.html", context, status_code=status_code,
                  json_context=lambda: {
                      "workspace": key, "formats": list(FORMATS),
                      "error": error.as_dict() if isinstance(error, ValidationError | UsageError)
                      else None,
                      "report": vars_of(report)})


def vars_of(report: service.ImportReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {"read": report.read, "added": report.added, "updated": report.updated,
            "unchanged": report.unchanged, "families": report.families}


# (decorators apply bottom-up: the .json route must be registered first)
@router.get(IMPORT, include_in_schema=False)
@router.get(IMPORT + ".json", include_in_schema=False)
def import_form(request: Request, key: str) -> Response:
    require_role(request, workspace(request, key), Role.CONTRIBUTOR, "import recommendations")
    return import_page(request, key)


@router.post(IMPORT, include_in_schema=False)
async def import_upload(request: Request, key: str) -> Response:
    require_role(request, workspace(request, key), Role.CONTRIBUTOR, "import recommendations")
    form = await request.form()
    sent = {name: form_text(form, name) for name in ("format", "mapping", "mechanism")}
    upload = form.get("file")
    try:
        return await _import(request, key, sent, upload)
    finally:
        if isinstance(upload, UploadFile):  # the request's spooled copy, closed at once
            await upload.close()


async def _import(request: Request, key: str, sent: dict[str, str], upload: Any) -> Response:
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationError([Problem("choose a file to import (CSV or XLSX)",
                                           field="file")], summary="nothing was imported")
        mapping = parse_mapping(sent["mapping"]) or None
        with tempfile.TemporaryDirectory(prefix="impact-import-") as folder:
            path = Path(folder) / safe_name(upload.filename)
            with path.open("wb") as out:
                written = 0
                while chunk := await upload.read(CHUNK):
                    written += len(chunk)
                    if written > MAX_UPLOAD:
                        raise ValidationError([Problem(
                            f"the file is larger than {MAX_UPLOAD >> 20} MB; import it with "
                            "'impact recs import' instead", field="file")],
                            summary="nothing was imported")
                    out.write(chunk)
            # a big file takes seconds: off the event loop, so other requests go on
            report = await run_in_threadpool(
                service.import_file, database(request), principal(request),
                workspace_key=key, path=path, file_format=sent["format"] or "auto",
                mapping=mapping, mechanism=sent["mechanism"] or None)
    except ValidationError as error:
        return import_page(request, key, status_code=422, sent=sent, error=error)
    except UsageError as error:
        return import_page(request, key, status_code=400, sent=sent, error=error)
    return import_page(request, key, sent={"format": "auto"}, report=report)
