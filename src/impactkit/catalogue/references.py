"""The checks a schema cannot express: codes that must be unique, codes that must exist,
links that must go both ways, weights that must cover every confidence and status.

They run on the joined *raw* document, not on a validated catalogue, so they still report
when the schema check found problems elsewhere: the user sees everything at once. Each
check therefore skips quietly what is malformed (the schema check already reports that).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from impactkit.catalogue.locations import Issue, Loc
from impactkit.domain import AGE_BANDS, Confidence, FindingStatus

Describe = Callable[[Loc], str]

CODED_SECTIONS = (
    "instruments", "clusters", "areas", "layers", "needs_dimensions", "systemic_dimensions",
    "sectors", "child_groups", "forms", "exclusion_criteria", "mandate_functions",
    "actor_types", "actor_levels", "instrument_kinds", "link_kinds", "evidence_kinds",
    "indicators", "pathway",
)
PROVISION_LISTS = (("clusters", "provisions"), ("needs_dimensions", "provisions"),
                   ("forms", "provisions"), ("indicators", "provisions"),
                   ("child_groups", "provisions"), ("mandate_functions", "provisions"),
                   ("pathway", "provisions"), ("pathway", "trafficking_provisions"))
INDICATOR_TERMS = (("areas", "areas", "area"), ("sectors", "sectors", "sector"))
WEIGHTS = (("confidence_weights", "confidence", [c.value for c in Confidence]),
           ("status_weights", "status", [s.value for s in FindingStatus]))


class _Document:
    """Tolerant read access to the joined document."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def items(self, section: str) -> Iterator[tuple[int, dict[str, Any]]]:
        value = self.data.get(section)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield index, item

    def codes(self, section: str) -> list[str] | None:
        """Codes of a section, or None when the section itself is malformed (then checks
        against it would only repeat the schema's complaint)."""
        if not isinstance(self.data.get(section), list):
            return None
        return [item["code"] for _, item in self.items(section)
                if isinstance(item.get("code"), str)]

    def provisions(self) -> Iterator[tuple[Loc, Any, dict[str, Any]]]:
        """(location, instrument code, provision) for every provision."""
        for i, instrument in self.items("instruments"):
            provisions = instrument.get("provisions")
            if not isinstance(provisions, list):
                continue
            code = instrument.get("code")
            for j, provision in enumerate(provisions):
                if isinstance(provision, dict):
                    yield ("instruments", i, "provisions", j), code, provision

    def provision_codes(self) -> set[str]:
        return {p["code"] for _, _, p in self.provisions() if isinstance(p.get("code"), str)}


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item


def unknown(kind: str, value: str, known: list[str]) -> str:
    """``unknown area 'efectiveness' (did you mean 'effectiveness'?)``."""
    message = f"unknown {kind} '{value}'"
    known = list(dict.fromkeys(known))
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.75)
    if close:
        return f"{message} (did you mean '{close[0]}'?)"
    if len(known) <= 12:
        return f"{message}; expected one of: {', '.join(known)}"
    return message


def unknown_provision(value: str, doc: _Document) -> str:
    instrument, _, article = value.rpartition("-")
    instruments = doc.codes("instruments") or []
    if instrument in instruments:
        return f"unknown provision '{value}': {instrument} has no article '{article}' here"
    return (f"unknown provision '{value}': no instrument '{instrument or value}' "
            f"(instruments: {', '.join(instruments)}; codes are INSTRUMENT-ARTICLE, e.g. CRC-32)")


# --- the checks -------------------------------------------------------------------------
def duplicate_codes(doc: _Document, describe: Describe) -> Iterator[Issue]:
    for section in CODED_SECTIONS:
        first: dict[str, Loc] = {}
        for index, item in doc.items(section):
            code = item.get("code")
            if isinstance(code, str):
                loc: Loc = (section, index, "code")
                if code in first:
                    yield Issue(loc, f"duplicate code '{code}': already used at "
                                     f"{describe(first[code])}")
                else:
                    first[code] = loc
    seen: dict[str, Loc] = {}
    for loc, _, provision in doc.provisions():
        code = provision.get("code")
        if isinstance(code, str):
            if code in seen:
                yield Issue((*loc, "code"), f"duplicate provision '{code}': already used at "
                                            f"{describe(seen[code])}")
            else:
                seen[code] = (*loc, "code")


def provision_codes_match(doc: _Document, describe: Describe) -> Iterator[Issue]:
    for loc, instrument, provision in doc.provisions():
        code, article = provision.get("code"), provision.get("article")
        if not isinstance(instrument, str) or not isinstance(code, str):
            continue
        prefix, _, suffix = code.rpartition("-")
        if prefix != instrument:
            yield Issue((*loc, "code"), f"provision '{code}' is listed under instrument "
                                        f"'{instrument}': its code must start with "
                                        f"'{instrument}-'")
        elif isinstance(article, str) and suffix != article:
            yield Issue((*loc, "code"), f"provision code '{code}' does not match its article "
                                        f"'{article}': expected '{instrument}-{article}'")


def instrument_aliases(doc: _Document, describe: Describe) -> Iterator[Issue]:
    """Aliases find instruments in text files, so no name may point to two instruments."""
    owner: dict[str, tuple[str, Loc]] = {}
    for index, instrument in doc.items("instruments"):
        if isinstance(instrument.get("code"), str):
            owner.setdefault(instrument["code"], (instrument["code"], ("instruments", index)))
    for index, instrument in doc.items("instruments"):
        code = instrument.get("code")
        for k, alias in _strings(instrument.get("aliases")):
            holder = owner.get(alias)
            if holder is not None and holder[0] != code:
                yield Issue(("instruments", index, "aliases", k),
                            f"alias '{alias}' already names instrument '{holder[0]}'")
            else:
                owner[alias] = (code if isinstance(code, str) else "?", ("instruments", index))


def provision_references(doc: _Document, describe: Describe) -> Iterator[Issue]:
    if doc.codes("instruments") is None:
        return
    known = doc.provision_codes()
    for section, field in PROVISION_LISTS:
        for index, item in doc.items(section):
            for k, code in _strings(item.get(field)):
                if code not in known:
                    yield Issue((section, index, field, k), unknown_provision(code, doc))


def related_links(doc: _Document, describe: Describe) -> Iterator[Issue]:
    """``related`` must name existing provisions and go both ways."""
    related: dict[str, list[str]] = {}
    for _, _, provision in doc.provisions():
        if isinstance(provision.get("code"), str):
            related[provision["code"]] = [c for _, c in _strings(provision.get("related"))]
    for loc, _, provision in doc.provisions():
        code = provision.get("code")
        if not isinstance(code, str):
            continue
        listed: set[str] = set()
        for k, other in _strings(provision.get("related")):
            where = (*loc, "related", k)
            if other == code:
                yield Issue(where, "a provision cannot be related to itself")
            elif other not in related:
                yield Issue(where, unknown_provision(other, doc))
            elif other in listed:
                yield Issue(where, f"'{other}' is listed twice")
            elif code not in related[other]:
                yield Issue(where, f"'{code}' lists '{other}' as related but '{other}' does "
                                   f"not list '{code}': add '{code}' to the related of "
                                   f"'{other}'")
            listed.add(other)


def indicator_terms(doc: _Document, describe: Describe) -> Iterator[Issue]:
    for section, field, kind in INDICATOR_TERMS:
        known = doc.codes(section)
        if known is None:
            continue
        for index, indicator in doc.items("indicators"):
            for k, code in _strings(indicator.get(field)):
                if code not in known:
                    yield Issue(("indicators", index, field, k), unknown(kind, code, known))


def vulnerability_dimensions(doc: _Document, describe: Describe) -> Iterator[Issue]:
    """An indicator's dimension and the vulnerability model's dimensions are needs
    dimensions of the catalogue."""
    known = doc.codes("needs_dimensions")
    if known is None:
        return
    for index, indicator in doc.items("indicators"):
        code = indicator.get("dimension")
        if isinstance(code, str) and code not in known:
            yield Issue(("indicators", index, "dimension"),
                        unknown("needs dimension", code, known))
    model = doc.data.get("vulnerability")
    if isinstance(model, dict):
        for k, code in _strings(model.get("dimensions")):
            if code not in known:
                yield Issue(("vulnerability", "dimensions", k),
                            unknown("needs dimension", code, known))


def function_parents(doc: _Document, describe: Describe) -> Iterator[Issue]:
    """A specialised function's ``part_of`` names a broader function that is itself not
    specialised (one level, so the rule stays one a reader can follow)."""
    known = doc.codes("mandate_functions")
    if known is None:
        return
    parent_of = {item.get("code"): item.get("part_of") for _, item in
                 doc.items("mandate_functions")}
    for index, item in doc.items("mandate_functions"):
        parent = item.get("part_of")
        if parent is None:
            continue
        if parent not in known:
            yield Issue(("mandate_functions", index, "part_of"),
                        unknown("mandate function", str(parent), known))
        elif parent == item.get("code") or parent_of.get(parent) is not None:
            yield Issue(("mandate_functions", index, "part_of"),
                        f"'{parent}' is itself part of another function (or this one); "
                        "part_of must name a broader function")


def pathway_terms(doc: _Document, describe: Describe) -> Iterator[Issue]:
    """Each pathway step names a mandate function, and its conditions name known groups,
    forms and age bands."""
    functions = doc.codes("mandate_functions")
    vocabularies = {"groups": doc.codes("child_groups"), "forms": doc.codes("forms"),
                    "age_bands": list(AGE_BANDS)}
    kinds = {"groups": "child group", "forms": "form of exploitation", "age_bands": "age band"}
    for index, step in doc.items("pathway"):
        code = step.get("function")
        if functions is not None and isinstance(code, str) and code not in functions:
            yield Issue(("pathway", index, "function"),
                        unknown("mandate function", code, functions))
        conditions = step.get("when")
        for c, condition in enumerate(conditions if isinstance(conditions, list) else ()):
            if not isinstance(condition, dict):
                continue
            for field, known in vocabularies.items():
                if known is None:
                    continue
                for k, value in _strings(condition.get(field)):
                    if value not in known:
                        yield Issue(("pathway", index, "when", c, field, k),
                                    unknown(kinds[field], value, known))


def rating_levels(doc: _Document, describe: Describe) -> Iterator[Issue]:
    scale = doc.data.get("rating_scale")
    levels = scale.get("levels") if isinstance(scale, dict) else None
    if not isinstance(levels, list):
        return
    for field in ("value", "label"):
        first: dict[Any, int] = {}
        for index, level in enumerate(levels):
            value = level.get(field) if isinstance(level, dict) else None
            if value is None or isinstance(value, dict | list):
                continue
            if value in first:
                yield Issue(("rating_scale", "levels", index, field),
                            f"rating {field} {value!r} is used twice (also at "
                            f"{describe(('rating_scale', 'levels', first[value], field))}); "
                            "each level needs its own")
            else:
                first[value] = index


def scoring_rules(doc: _Document, describe: Describe) -> Iterator[Issue]:
    scoring = doc.data.get("scoring")
    if not isinstance(scoring, dict):
        return
    for field, kind, expected in WEIGHTS:
        weights = scoring.get(field)
        if not isinstance(weights, dict):
            continue
        for key, weight in weights.items():
            if key not in expected:
                yield Issue(("scoring", field, str(key)), unknown(kind, str(key), expected))
            elif isinstance(weight, int | float) and weight < 0:
                yield Issue(("scoring", field, key), "a weight cannot be negative")
        missing = [key for key in expected if key not in weights]
        if missing:
            yield Issue(("scoring", field), f"no weight for {kind} {', '.join(missing)}: give "
                                            f"one for each of {', '.join(expected)}")
    for field in ("exclusion_threshold", "gap_threshold"):
        value = scoring.get(field)
        if isinstance(value, int | float) and not 0 <= value <= 100:
            yield Issue(("scoring", field), f"{value} is outside 0-100, the range of scores")
    link_kinds = doc.codes("link_kinds")
    if link_kinds is not None:
        for k, code in _strings(scoring.get("coordinating_link_kinds")):
            if code not in link_kinds:
                yield Issue(("scoring", "coordinating_link_kinds", k),
                            unknown("link kind", code, link_kinds))


def scheme_references(doc: _Document, describe: Describe) -> Iterator[Issue]:
    """A reporting scheme's clusters name catalogue clusters and provisions that exist,
    and each scheme lists a cluster code once."""
    schemes = doc.data.get("cluster_schemes")
    if not isinstance(schemes, list):
        return
    clusters = doc.codes("clusters")
    provisions = doc.provision_codes() if doc.codes("instruments") is not None else None
    for s, scheme in enumerate(schemes):
        entries = scheme.get("clusters") if isinstance(scheme, dict) else None
        if not isinstance(entries, list):
            continue
        seen: set[str] = set()
        for e, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            code = entry.get("code")
            if isinstance(code, str):
                if code in seen:
                    yield Issue(("cluster_schemes", s, "clusters", e, "code"),
                                f"cluster '{code}' is listed twice in this scheme")
                seen.add(code)
            for k, named in _strings(entry.get("clusters")):
                if clusters is not None and named not in clusters:
                    yield Issue(("cluster_schemes", s, "clusters", e, "clusters", k),
                                unknown("cluster", named, clusters))
            for k, provision in _strings(entry.get("provisions")):
                if provisions is not None and provision not in provisions:
                    yield Issue(("cluster_schemes", s, "clusters", e, "provisions", k),
                                unknown_provision(provision, doc))


CHECKS: tuple[Callable[[_Document, Describe], Iterator[Issue]], ...] = (
    duplicate_codes, provision_codes_match, instrument_aliases, provision_references,
    related_links, indicator_terms, vulnerability_dimensions, function_parents,
    pathway_terms, rating_levels, scoring_rules,
    scheme_references,
)


def check_references(data: Mapping[str, Any], describe: Describe) -> list[Issue]:
    """Every reference problem in a joined catalogue document. ``describe`` renders a second
    location inside a message ("already used at clusters.yaml, clusters[2].code")."""
    doc = _Document(data)
    return [issue for check in CHECKS for issue in check(doc, describe)]
