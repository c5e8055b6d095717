"""The kinds of record a workspace holds, each named once.

A finding, an evidence item, an actor, a law or policy, a mandate, a coordination link and
an indicator value are each spelled three ways by necessity: a **name** for the audit trail
and the store (``indicator-value``), a **path** for URLs, the API and the command line
(``indicator-values``), and a **field** of :class:`~impactkit.domain.WorkspaceData`, which
validation uses in its field paths (``indicator_values[I-1].year``). What people read is
the **label** (``indicator value``), its plural and a page **heading**. Every layer draws
these from :data:`KINDS`, so that a kind cannot be "instrument" on one page and "law or
policy" on the next:

* the store's tables and id columns (:mod:`impactkit.store.rows`) and its bulk loader;
* the references between records, checked by validation and resolved by the store;
* the services' entity names, the forms' record classes, the audit trail's kinds;
* the API's serialisers and the pages' headings; the command line's counts.

The checks of each kind's records are validation's (:mod:`impactkit.validation`, keyed by
:attr:`RecordKind.field`); a test holds that every kind has one.

``KINDS`` lists the kinds in the order records are added: a reference always points to a
kind listed earlier (a mandate names an actor and a law or policy, evidence a finding).
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.domain import (
    Actor,
    CoordinationLink,
    Evidence,
    Finding,
    IndicatorValue,
    Mandate,
    NationalInstrument,
)
from impactkit.errors import UsageError


@dataclass(frozen=True, slots=True)
class Reference:
    """A field holding the key of another record of the workspace (or a tuple of keys)."""

    attribute: str  # "actor_key"
    target: str  # the name of the kind referred to: "actor"
    required: bool = True  # a record must name one (a tuple of keys may be empty)
    many: bool = False  # a tuple of keys, stored with the record's tags


@dataclass(frozen=True, slots=True)
class RecordKind:
    """One kind of record (see the module doc for what each name is for)."""

    name: str
    path: str
    field: str
    label: str
    labels: str
    heading: str
    cls: type
    references: tuple[Reference, ...] = ()
    title_attribute: str = "title"  # what a list of choices shows beside the key


KINDS: tuple[RecordKind, ...] = (
    RecordKind("actor", "actors", "actors", "actor", "actors", "Actors", Actor,
               title_attribute="name"),
    RecordKind("instrument", "instruments", "instruments", "law or policy",
               "laws and policies", "Laws and policies", NationalInstrument),
    RecordKind("mandate", "mandates", "mandates", "mandate", "mandates", "Mandates", Mandate,
               references=(Reference("actor_key", "actor"),
                           Reference("legal_basis", "instrument", required=False)),
               title_attribute="notes"),
    RecordKind("link", "links", "links", "coordination link", "coordination links",
               "Coordination links", CoordinationLink,
               references=(Reference("source_key", "actor"), Reference("target_key", "actor"),
                           Reference("legal_basis", "instrument", required=False)),
               title_attribute="kind"),
    RecordKind("finding", "findings", "findings", "finding", "findings", "Findings", Finding,
               references=(Reference("tension_instruments", "instrument", required=False,
                                     many=True),)),
    RecordKind("evidence", "evidence", "evidence", "evidence item", "evidence items",
               "Evidence", Evidence, references=(Reference("finding_key", "finding"),)),
    RecordKind("indicator-value", "indicator-values", "indicator_values", "indicator value",
               "indicator values", "Indicator values", IndicatorValue,
               title_attribute="indicator"),
)

BY_NAME: dict[str, RecordKind] = {kind.name: kind for kind in KINDS}
BY_PATH: dict[str, RecordKind] = {kind.path: kind for kind in KINDS}
BY_FIELD: dict[str, RecordKind] = {kind.field: kind for kind in KINDS}


def kind_named(name: str) -> RecordKind:
    """The kind with this name (``indicator-value``); UsageError listing the names."""
    return _find(BY_NAME, name)


def kind_at(path: str) -> RecordKind:
    """The kind a URL or command names (``indicator-values``); UsageError listing them."""
    return _find(BY_PATH, path)


def _find(kinds: dict[str, RecordKind], text: str) -> RecordKind:
    found = kinds.get(text)
    if found is None:
        raise UsageError(f"unknown kind of record '{text}'; use one of: {', '.join(kinds)}")
    return found
