"""Recommendations made to a State, what is done about them, and how far they are implemented.

Plain typed objects, like :mod:`impactkit.domain`: what readers produce, the store saves and
loads, the tagger reads and the CLI, web and API show. A recommendation belongs to one
workspace (the country under review); its ``key`` is stable across re-imports of the same
file (see :func:`recommendation_key`), so importing twice changes nothing.

Tags link a recommendation to the catalogue (provisions, clusters, sectors, child groups,
forms of exploitation) and to outside vocabularies (SDG targets, the source's own themes).
Tags are only ever set by a person or by an import that carries them: the tagger's output
is a :class:`Suggestion` until someone accepts it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Mechanism(StrEnum):
    """Who made the recommendation."""

    CRC = "crc"  # the Committee on the Rights of the Child (concluding observations)
    UPR = "upr"  # the Universal Periodic Review (States recommending to a State)
    TREATY_BODY = "treaty-body"  # other UN treaty bodies (CEDAW, CERD, CAT, CMW ...)
    SPECIAL_PROCEDURES = "special-procedures"  # special rapporteurs, working groups
    REGIONAL = "regional"  # GRETA, Lanzarote Committee, ECRI, the African Committee ...
    NATIONAL = "national"  # the ombudsperson, NHRI or another national body
    OTHER = "other"


class Position(StrEnum):
    """The State's response (the UPR's terms; other mechanisms use them too)."""

    SUPPORTED = "supported"
    SUPPORTED_IN_PART = "supported-in-part"
    NOTED = "noted"


class StatusSource(StrEnum):
    """Who assessed how far a recommendation is implemented: the sources often disagree,
    so each keeps its own history."""

    STATE = "state"
    NHRI = "nhri"  # the national human rights institution or ombudsperson
    CIVIL_SOCIETY = "civil-society"
    UN = "un"  # a UN body's follow-up assessment
    OTHER = "other"


class ImplementationStatus(StrEnum):
    NOT_STARTED = "not-started"
    PLANNED = "planned"
    PARTIAL = "partially-implemented"
    IMPLEMENTED = "implemented"
    REGRESSED = "regressed"
    UNKNOWN = "unknown"


class SuggestionState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


TAG_KINDS: tuple[str, ...] = ("provisions", "clusters", "sectors", "groups", "forms", "sdgs",
                              "themes", "summary")
"""Attribute names of :class:`Recommendation` that hold tags; ``summary`` holds the two
summary tags (``child-rights``, ``trafficking``) once a person has decided them."""

SUMMARY_TAGS: tuple[str, str] = ("child-rights", "trafficking")


@dataclass(slots=True)
class Recommendation:
    key: str
    mechanism: Mechanism
    text: str
    document_symbol: str = ""  # e.g. A/HRC/43/15, CRC/C/SVN/CO/3-4
    paragraph: str = ""  # e.g. 121.3 or 45(b)
    cycle: str = ""  # UPR cycle, reporting cycle
    session: str = ""
    date: date | None = None
    recommending: tuple[str, ...] = ()  # recommending States or the body
    position: Position | None = None
    language: str = "en"
    provisions: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    sdgs: tuple[str, ...] = ()  # SDG goals or targets, "16" or "16.2"
    themes: tuple[str, ...] = ()  # the source's own theme labels, as given
    affected_persons: tuple[str, ...] = ()  # the source's own labels of groups of persons
    summary: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()  # keys of findings of the same workspace
    family: str = ""  # key of the first recommendation of its reiteration group
    version: int = 1


@dataclass(slots=True)
class Action:
    """Something done (or planned) in answer to one or more recommendations."""

    key: str
    title: str
    description: str = ""
    recommendations: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # keys of the responsible actors of the workspace
    status: ImplementationStatus = ImplementationStatus.PLANNED
    due: date | None = None
    version: int = 1


@dataclass(slots=True)
class StatusAssessment:
    """One source's view, at one date, of how far a recommendation is implemented. The
    history is kept: a newer assessment never replaces an older one."""

    recommendation: str
    source: StatusSource
    status: ImplementationStatus
    assessed_on: date
    assessor: str = ""  # the organisation that assessed (not a person's name)
    evidence: str = ""  # a reference or address that supports the assessment
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None


@dataclass(slots=True)
class Suggestion:
    """A tag the tagger proposes for a recommendation, with its confidence and the words or
    passage that support it, until a person accepts or rejects it."""

    recommendation: str
    kind: str  # one of TAG_KINDS
    code: str
    confidence: float
    support: tuple[str, ...] = ()
    state: SuggestionState = SuggestionState.PENDING
    decided_by: str = ""
    decided_at: datetime | None = None


# --- stable identities ----------------------------------------------------------------------
_SPACE = re.compile(r"\s+")
_TRAILING_ATTRIBUTION = re.compile(r"(\s*\([^()]*\))+\s*[;.]?\s*$")


def normalised_text(text: str) -> str:
    """The text as compared for identity: Unicode-normalised, case-folded, spaces collapsed,
    trailing punctuation and the trailing "(Recommending State)" attributions dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _TRAILING_ATTRIBUTION.sub("", folded.strip())
    return _SPACE.sub(" ", folded).strip(" ;.")


def recommendation_key(mechanism: Mechanism | str, *, text: str, cycle: str = "",
                       paragraph: str = "", document_symbol: str = "") -> str:
    """A stable, readable key: ``upr-3-121.3`` when the source numbers its recommendations,
    else the mechanism, cycle and a digest of the normalised text (``crc-5-3f9a1c0d2e``).
    The same recommendation read again from the same file always gets the same key.

    A cycle and a paragraph name one recommendation only for the UPR and the CRC Committee
    (one report per State and cycle); other mechanisms group several bodies (CEDAW and CAT
    are both treaty bodies, GRETA and the Lanzarote Committee both regional), so there the
    document symbol joins the key: ``treaty-body-5-cedaw-c-svn-co-5-20``."""
    mechanism = Mechanism(mechanism)
    parts = [mechanism.value] + [p for p in (_slug(cycle),) if p]
    if paragraph.strip():
        reference = _slug(paragraph)
        if document_symbol and (not cycle or mechanism not in _ONE_REPORT_PER_CYCLE):
            parts.append(_slug(document_symbol))
        return "-".join([*parts, reference])
    digest = hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()[:10]
    return "-".join([*parts, digest])


_ONE_REPORT_PER_CYCLE = frozenset({Mechanism.UPR, Mechanism.CRC})


def _slug(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z.()]+", "-", value.strip()).strip("-").lower()


# --- ordering and references ----------------------------------------------------------------
_NUMBER = re.compile(r"(\d+)")
_SORT_WIDTH = 10


def natural_key(value: str) -> str:
    """``value`` with every run of digits zero-padded, so that a plain text sort (in Python or
    in the database's ``ORDER BY``) puts 121.2 before 121.10 and ``upr-4-9`` before
    ``upr-4-10``: the order of the source's paragraphs. Case-folded, so the order does not
    depend on the database's collation."""
    return _NUMBER.sub(_padded, value.casefold())


def _padded(match: re.Match[str]) -> str:
    digits = match.group(1).lstrip("0") or "0"
    return digits.rjust(_SORT_WIDTH, "0")


FINDING_SEPARATOR = "/"


def finding_ref(workspace_key: str, finding_key: str) -> str:
    """How a recommendation names a finding: recommendations belong to the State and are
    shared by all its workspaces (cycles), findings to one workspace, so a link names both
    (``veldmark-2024/F-12``)."""
    return f"{workspace_key}{FINDING_SEPARATOR}{finding_key}"


def split_finding_ref(ref: str) -> tuple[str, str]:
    """(workspace key, finding key) of a reference made by :func:`finding_ref`; a bare key
    (written before recommendations were shared) has an empty workspace."""
    workspace, separator, finding = ref.rpartition(FINDING_SEPARATOR)
    return (workspace, finding) if separator else ("", ref)
