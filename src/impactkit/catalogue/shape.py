"""The schema check: pydantic validation, with its errors rewritten for the people who
write catalogues.

Pydantic already finds every shape problem in one pass; this module only turns its
``loc`` tuples into locations and its messages into ones that say the fix (which fields a
mapping accepts, what a code must look like, that ``1.0`` needs quotes to be text).
"""

from __future__ import annotations

from typing import Any, get_args

import pydantic
from pydantic import BaseModel

from impactkit.catalogue.locations import Issue, Loc
from impactkit.catalogue.schema import Catalogue

_CODE_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "use lowercase letters, digits and hyphens, e.g. 'child-protection'",
    r"^[A-Z0-9]+-[0-9A-Za-z.]+$": "use INSTRUMENT-ARTICLE, e.g. 'CRC-32'",
    r"^[A-Z0-9]+$": "use capital letters and digits only, e.g. 'CRC' or 'ILO182'",
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    return repr(value)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def fields_at(loc: Loc) -> list[str]:
    """The field names the schema accepts at a location (empty if it is not a model)."""
    model: type[BaseModel] | None = Catalogue
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field is not None else None
    return list(model.model_fields) if model is not None else []


def _message(error: Any) -> str:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if kind == "missing":
        return "missing: this field is required"
    if kind == "extra_forbidden":
        allowed = fields_at(loc[:-1])
        hint = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "string_pattern_mismatch":
        hint = _CODE_HINTS.get(error.get("ctx", {}).get("pattern"), error["msg"])
        return f"{_describe(value)} is not a valid code: {hint}"
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"expected text, got the number {value!r}; put it in quotes: \"{value}\""
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {_describe(value)}"
    if kind == "list_type":
        return f"expected a list, got {_describe(value)}"
    if isinstance(value, dict | list):
        return str(error["msg"])
    return f"{error['msg']} (got {_describe(value)})"


def check_shape(data: dict[str, Any]) -> tuple[Catalogue | None, list[Issue]]:
    """Validate the joined document against the schema: the catalogue, or every problem."""
    try:
        return Catalogue.model_validate(data), []
    except pydantic.ValidationError as exc:
        issues = []
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"] if part != "[key]")
            issues.append(Issue(loc, _message(error)))
        return None, issues
