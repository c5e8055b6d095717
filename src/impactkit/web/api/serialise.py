"""Domain objects as JSON, and JSON request bodies as domain objects.

One function each way, so every endpoint writes records the same way: enums by their value,
tuples as lists, datetimes in ISO 8601. Which pydantic models describe those shapes lives in
:mod:`impactkit.web.api.models`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from impactkit import domain
from impactkit.kinds import KINDS

#: The API's entity names (the URL segment) and the domain class each one holds.
ENTITY_CLASSES: dict[str, type] = {kind.path: kind.cls for kind in KINDS}


def to_domain(entity: str, key: str, fields: Mapping[str, Any]) -> Any:
    """A domain record of ``entity`` named ``key`` from a validated request body.

    Lists become tuples (the domain's collections are immutable tuples) and enum fields are
    built from their values; fields the body does not carry keep the domain defaults.
    """
    cls = ENTITY_CLASSES[entity]
    known = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {"key": key}
    for name, value in fields.items():
        if name not in known or name == "key":
            continue
        values[name] = tuple(value) if isinstance(value, list) else value
    if cls is domain.Finding:
        values = _finding_enums(values)
    return cls(**values)


def _finding_enums(values: dict[str, Any]) -> dict[str, Any]:
    """A finding's state, confidence and status as enums; a finding given a rating but no
    rating state is a rated one (the only reading that keeps the rating)."""
    if values.get("rating_state") is None:
        rated = values.get("rating") is not None
        values["rating_state"] = (domain.RatingState.RATED if rated
                                  else domain.RatingState.NOT_ASSESSED)
    for name, kind in (("rating_state", domain.RatingState),
                       ("confidence", domain.Confidence), ("status", domain.FindingStatus)):
        if name in values and not isinstance(values[name], kind):
            values[name] = kind(values[name])
    return values
