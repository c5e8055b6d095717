"""Importing an indicator panel from the browser (curators): the web form of
``impact indicators import FILE [--map COLUMN=FIELD]... [--indicator CODE] [--layout ...]
[--source TEXT] [--where DIM=VALUE]``.

``/indicators/import`` shows the form (``.json``: what it offers); a post writes the upload to
a temporary folder under its own (sanitised) file name, because the reader names the file in
every problem and the audit trail records it, and hands it to
:func:`impactkit.services.indicators.import_panel`: all or nothing. The result page shows
what the import did; a refused file comes back as the form with every problem listed by
file, row and column, and nothing stored (422).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from gettext import gettext as _
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from impactkit.errors import Problem, UsageError, ValidationError
from impactkit.exchange.panel import LAYOUTS, PANEL_FIELDS, parse_mapping
from impactkit.input_rules import text_problem
from impactkit.limits import MAX_UPLOAD_BYTES
from impactkit.services.accounts import Principal
from impactkit.services.catalogue import stored_catalogue
from impactkit.services.indicators import (
    PanelImport,
    defined_indicators,
    import_panel,
    require_curator,
)
from impactkit.store.db import Database
from impactkit.web.deps import database, principal, render
from impactkit.web.routes.indicators import DEFINE_URL
from impactkit.web.routes.recommendation_import import CHUNK, safe_name

router = APIRouter()
IMPORT_URL = "/indicators/import"
UPLOADS = (IMPORT_URL,)
"""The upload route of this module: its body may be as big as limits.MAX_UPLOAD_BYTES once
the app's request guard lists it (web.app passes the upload routes to web.guard)."""
TO = "import indicator panels"


@dataclass(frozen=True, slots=True)
class ImportForm:
    """What the form sent, as typed: shown again as it was when the import is refused."""

    indicator: str = ""
    layout: str = "auto"
    mapping: str = ""
    where: str = ""
    source: str = ""

    @classmethod
    def of(cls, form: FormData) -> ImportForm:
        def text(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        return cls(indicator=text("indicator"), layout=text("layout") or "auto",
                   mapping=text("mapping"), where=text("where"), source=text("source"))


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """The form read into the service's arguments."""

    indicator: str | None
    layout: str
    mapping: dict[str, str] | None
    where: dict[str, str] | None
    source: str


def field_help() -> list[tuple[str, str]]:
    """The fields a column can be mapped to, each with what it holds (the form's help)."""
    return [
        ("jurisdiction", _("required: the ISO 3166-1 alpha-3 or alpha-2 code, or the M49 "
                           "number, of the country (names are not guessed)")),
        ("year", _("required: a whole year between 1900 and 2100")),
        ("value", _("required: a number with a decimal point")),
        ("indicator", _("the indicator code of each row, unless the indicator is chosen "
                        "above for every row")),
        ("source", _("optional: where the value comes from")),
        ("note", _("optional: a note kept with the value")),
    ]


def layout_labels() -> dict[str, str]:
    return {"auto": _("Recognise it: SDMX-CSV when the header has REF_AREA, TIME_PERIOD and "
                      "OBS_VALUE, else a plain table"),
            "columns": _("A plain table, one row per jurisdiction, year and value"),
            "sdmx": _("SDMX-CSV (UN SDG database, UNICEF data warehouse)")}


# --- reading the form ------------------------------------------------------------------------
def lines_of(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of a textarea with their numbers (counting from 1)."""
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip()]


def read_mapping(text: str) -> tuple[dict[str, str] | None, list[Problem]]:
    """``COLUMN=FIELD`` lines (the CLI's ``--map``), checked by the panel reader's own rule."""
    pairs = [line for _number, line in lines_of(text)]
    if not pairs:
        return None, []
    try:
        return parse_mapping(pairs), []
    except UsageError as error:
        return None, [Problem(line, field="mapping") for line in error.message.splitlines()]


def read_where(text: str) -> tuple[dict[str, str] | None, list[Problem]]:
    """``DIMENSION=VALUE`` lines (the CLI's ``--where``); the first ``=`` separates."""
    conditions: dict[str, str] = {}
    problems: list[Problem] = []
    for number, line in lines_of(text):
        column, sep, value = line.partition("=")
        if not sep or not column.strip() or not value.strip():
            problems.append(Problem(_("line {number}: {line!r} is not DIMENSION=VALUE (e.g. "
                                      "SEX=F)").format(number=number, line=line),
                                    field="where"))
        else:
            conditions[column.strip()] = value.strip()
    return conditions or None, problems


def options_of(sent: ImportForm) -> tuple[ImportOptions, list[Problem]]:
    """The service's arguments, and every problem of a field that cannot be read."""
    problems = [Problem(message, field=name) for name, value in asdict(sent).items()
                if (message := text_problem(value, field=name)) is not None]
    mapping, wrong = read_mapping(sent.mapping)
    where, unreadable = read_where(sent.where)
    options = ImportOptions(indicator=sent.indicator or None, layout=sent.layout,
                            mapping=mapping, where=where, source=sent.source)
    return options, problems + wrong + unreadable


def form_refused() -> str:
    return _("Nothing was imported: the form has problems to fix.")


# --- pages -----------------------------------------------------------------------------------
def indicator_choices(db: Database) -> dict[str, list[tuple[str, str]]]:
    """The indicators a panel may hold, as (code, title): the catalogue's, then those
    defined in this database."""
    defined = {d.indicator.code for d in defined_indicators(db)}
    catalogue = stored_catalogue(db).indicators
    return {"catalogue": sorted((i.code, i.title) for i in catalogue if i.code not in defined),
            "defined": sorted((i.code, i.title) for i in catalogue if i.code in defined)}


def problems_of(error: UsageError | ValidationError) -> list[Problem]:
    """Every problem of a refusal: a usage error's lines each become one."""
    if isinstance(error, ValidationError):
        return list(error.problems)
    return [Problem(line) for line in error.message.splitlines() if line.strip()]


def form_page(request: Request, *, sent: ImportForm | None = None,
              error: UsageError | ValidationError | None = None) -> Response:
    choices = indicator_choices(database(request))
    problems = problems_of(error) if error is not None else []
    summary = (error.summary if isinstance(error, ValidationError)
               else _("Nothing was imported.") if error is not None else "")
    context: dict[str, Any] = {
        "action": IMPORT_URL, "define_url": DEFINE_URL, "sent": sent or ImportForm(),
        "choices": choices, "layouts": layout_labels(), "fields": field_help(),
        "summary": summary, "problems": problems}
    return render(request, "indicators/import.html", context,
                  status_code=422 if error is not None else 200, json_context=lambda: {
                      "indicators": [code for group in choices.values() for code, _t in group],
                      "layouts": list(LAYOUTS), "fields": list(PANEL_FIELDS),
                      "summary": summary, "problems": [p.as_dict() for p in problems]})


def result_context(name: str, result: PanelImport) -> dict[str, Any]:
    """What an import did, as the result page shows it."""
    read, counts = result.read, result.counts
    per_indicator = Counter(v.indicator for v in read.values)
    summary = _("{values} values for {jurisdictions} jurisdictions read from {file} "
                "({layout} layout): {added} added, {replaced} replaced, {unchanged} "
                "unchanged.").format(
        values=len(read.values), jurisdictions=len(read.jurisdictions), file=name,
        layout=read.layout, added=counts["added"], replaced=counts["replaced"],
        unchanged=counts["unchanged"])
    return {"file": name, "layout": read.layout, "values": len(read.values),
            "counts": {k: counts[k] for k in ("added", "replaced", "unchanged")},
            "summary": summary,
            "indicators": [{"code": code, "values": n}
                           for code, n in sorted(per_indicator.items())],
            "jurisdictions": [{"code": code, "name": jname}
                              for code, jname in sorted(read.jurisdictions.items())],
            "skipped": [{"reason": reason, "rows": n} for reason, n in read.skipped.items()],
            "ignored_columns": list(read.ignored_columns)}


# (decorators apply bottom-up: the .json route must be registered first)
@router.get(IMPORT_URL, include_in_schema=False)
@router.get(IMPORT_URL + ".json", include_in_schema=False)
def import_form(request: Request) -> Response:
    require_curator(database(request), principal(request), to=TO)
    return form_page(request)


@router.post(IMPORT_URL, include_in_schema=False)
async def import_upload(request: Request) -> Response:
    form = await request.form()  # already read (and cached) by the CSRF check
    try:
        require_curator(database(request), principal(request), to=TO)
        sent = ImportForm.of(form)
        try:
            result = await _import(database(request), principal(request), sent,
                                   form.get("file"))
        except (ValidationError, UsageError) as error:
            return form_page(request, sent=sent, error=error)
    finally:
        await form.close()  # the request's spooled copy of the upload, closed at once
    name, done = result
    return render(request, "indicators/imported.html",
                  {"action": IMPORT_URL, "result": result_context(name, done)})


async def _import(db: Database, who: Principal, sent: ImportForm,
                  upload: UploadFile | str | None) -> tuple[str, PanelImport]:
    """The upload stored under its own name in a temporary folder, imported, then deleted;
    ValidationError with every problem of the form before a byte of the file is stored."""
    options, problems = options_of(sent)
    if not isinstance(upload, UploadFile) or not upload.filename:
        no_file = Problem(_("choose a file to import (CSV or XLSX)"), field="file")
        raise ValidationError([no_file, *problems], summary=form_refused())
    if problems:
        raise ValidationError(problems, summary=form_refused())
    with tempfile.TemporaryDirectory(prefix="impact-panel-") as folder:
        path = Path(folder) / safe_name(upload.filename)
        with path.open("wb") as out:
            written = 0
            while chunk := await upload.read(CHUNK):
                written += len(chunk)
                if written > MAX_UPLOAD_BYTES:
                    raise ValidationError([Problem(_(
                        "the file is larger than {limit} MB; import it with 'impact "
                        "indicators import' instead").format(limit=MAX_UPLOAD_BYTES >> 20),
                        location=path.name, field="file")], summary=form_refused())
                out.write(chunk)
        # reading and checking a big file takes seconds: off the event loop
        done = await run_in_threadpool(_store, db, who, path, options)
    return path.name, done


def _store(db: Database, who: Principal, path: Path, options: ImportOptions) -> PanelImport:
    return import_panel(db, who, path=path, catalogue=stored_catalogue(db),
                        mapping=options.mapping, indicator=options.indicator,
                        layout=options.layout, source=options.source, where=options.where)
