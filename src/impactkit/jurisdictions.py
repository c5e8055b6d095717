"""Turning what a user types ("GRC", "GR", "Greece", "GR-I") into a Jurisdiction, via ISO 3166
(pycountry), so that comparisons across countries line up on standard codes."""

from __future__ import annotations

from typing import Any

import pycountry

from impactkit.domain import Jurisdiction, JurisdictionKind
from impactkit.errors import UsageError


def resolve_jurisdiction(text: str, *, name: str | None = None,
                         fictional: bool = False) -> Jurisdiction:
    """A country by ISO 3166-1 alpha-2/alpha-3 code or name, or a subdivision by ISO 3166-2
    code. Codes starting with "X" are user-assigned in ISO 3166 and name a custom
    jurisdiction (Kosovo uses XK, and training material a fictional one); they need ``name``.
    Only a custom code can be ``fictional``: a real country can never be flagged as one."""
    value = text.strip()
    if not value:
        raise UsageError("a jurisdiction is needed: an ISO 3166 code such as 'GRC' or 'GR-I'")
    upper = value.upper()
    if upper.startswith("X") and len(upper) in (2, 3):
        if not name:
            raise UsageError(f"'{value}' is a user-assigned code: give the jurisdiction a name")
        return Jurisdiction(code=upper, name=name, fictional=fictional)
    if fictional:
        raise UsageError(f"'{value}' is a real ISO 3166 code; a fictional jurisdiction needs a "
                         "user-assigned code starting with X (e.g. XVM)")
    if "-" in upper:
        subdivision = pycountry.subdivisions.get(code=upper)
        if subdivision is None:
            raise UsageError(f"'{value}' is not an ISO 3166-2 subdivision code (e.g. 'GR-I')")
        country = pycountry.countries.get(alpha_2=subdivision.country_code)
        return Jurisdiction(code=upper, name=name or subdivision.name,
                            kind=JurisdictionKind.REGION,
                            parent_code=country.alpha_3 if country else None)
    country = _country(value)
    return Jurisdiction(code=country.alpha_3, name=name or country.name)


def _country(value: str) -> Any:
    upper = value.upper()
    found = None
    if len(upper) == 2:
        found = pycountry.countries.get(alpha_2=upper)
    elif len(upper) == 3 and upper.isalpha():
        found = pycountry.countries.get(alpha_3=upper)
    if found is None:
        try:
            matches = pycountry.countries.search_fuzzy(value)
        except LookupError:
            matches = []
        if len(matches) == 1 or (matches and matches[0].name.lower() == value.lower()):
            found = matches[0]
        elif matches:
            names = ", ".join(f"{m.name} ({m.alpha_3})" for m in matches[:5])
            raise UsageError(f"'{value}' matches several countries: {names}; use the code")
    if found is None:
        raise UsageError(f"'{value}' is not an ISO 3166 country code or name")
    return found
