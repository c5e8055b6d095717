"""Hypothesis strategies for whole workspaces that a data package must carry without loss.

Texts mix arbitrary Unicode with what CSV finds hard (commas, quotes, ``|``, line breaks of
every kind, leading and trailing spaces). The data is structurally sound (unique keys, references
that resolve, required cells non-empty) because the reader rightly rejects anything else; codes
are arbitrary because catalogue checks are not the reader's job. Three documented limits of the
format shape the data: keys carry no ``|`` and no surrounding spaces (list cells split on ``|``
and strip items), datetimes are timezone-aware (naive ones are read back as UTC), and texts
hold no control characters but tab and line breaks (the reader refuses them). Text that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is written with an
apostrophe and read back without it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st

from impactkit.domain import (
    Actor,
    Confidence,
    CoordinationLink,
    Evidence,
    Finding,
    FindingStatus,
    IndicatorValue,
    Jurisdiction,
    JurisdictionKind,
    Mandate,
    NationalInstrument,
    RatingState,
    Workspace,
    WorkspaceData,
)

_HARD = st.sampled_from([",", '"', "'", "|", ";", "\n", "\r", " ", "\t", "\u2028",
                         "é", "Σ", "中", "🙂", "\\", "=", "+", "-", "@"])
# Control characters other than tab and line breaks are refused by the reader (and
# PostgreSQL cannot store NUL), so no workspace holds them.
_REFUSED = "".join(chr(c) for c in [*range(0x20), 0x7F] if chr(c) not in "\t\n\r")
_CHARS = st.one_of(st.characters(codec="utf-8", exclude_characters=_REFUSED), _HARD)
text = st.text(_CHARS, max_size=25)
nonempty_text = st.text(_CHARS, min_size=1, max_size=25)
optional_text = st.none() | nonempty_text
key = st.text(st.characters(codec="utf-8", exclude_characters="|",
                            exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
              min_size=1, max_size=12)
code = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
codes = st.lists(code, max_size=4).map(tuple)
moment = st.none() | st.datetimes(min_value=datetime(1900, 1, 1),
                                  timezones=st.just(UTC))
small_int = st.integers(min_value=-(10**9), max_value=10**9)
number = st.floats(allow_nan=False)
version = st.integers(min_value=1, max_value=10**9)


def _unique_keys(draw: Any, max_size: int) -> list[str]:
    return draw(st.lists(key, unique=True, max_size=max_size))


def _refs(keys: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(keys), max_size=3).map(tuple) if keys else st.just(())


def _optional_ref(keys: list[str]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(keys) if keys else st.none()


@st.composite
def workspace_data(draw: Any) -> WorkspaceData:
    jurisdiction = Jurisdiction(code=draw(nonempty_text), name=draw(text),
                                kind=draw(st.sampled_from(JurisdictionKind)),
                                parent_code=draw(optional_text), fictional=draw(st.booleans()))
    workspace = Workspace(key=draw(key), title=draw(nonempty_text), jurisdiction=jurisdiction,
                          cycle=draw(nonempty_text), catalogue_key=draw(nonempty_text),
                          year=draw(st.none() | small_int), description=draw(text),
                          created_at=draw(moment))
    actor_keys = _unique_keys(draw, 4)
    actors = [Actor(key=k, name=draw(nonempty_text), sector=draw(code), level=draw(code),
                    type=draw(code), description=draw(text), version=draw(version))
              for k in actor_keys]
    instrument_keys = _unique_keys(draw, 3)
    instruments = [NationalInstrument(
        key=k, title=draw(nonempty_text), kind=draw(code), year=draw(st.none() | small_int),
        in_force=draw(st.booleans()), provisions=draw(codes), sectors=draw(codes),
        url=draw(text), notes=draw(text), version=draw(version)) for k in instrument_keys]
    mandates = [Mandate(key=k, actor_key=draw(st.sampled_from(actor_keys)),
                        provisions=draw(codes), forms=draw(codes), groups=draw(codes),
                        functions=draw(codes), legal_basis=draw(_optional_ref(instrument_keys)),
                        notes=draw(text), version=draw(version))
                for k in (_unique_keys(draw, 3) if actor_keys else [])]
    links = [CoordinationLink(key=k, source_key=draw(st.sampled_from(actor_keys)),
                              target_key=draw(st.sampled_from(actor_keys)), kind=draw(code),
                              legal_basis=draw(_optional_ref(instrument_keys)), notes=draw(text),
                              version=draw(version))
             for k in (_unique_keys(draw, 3) if actor_keys else [])]
    finding_keys = _unique_keys(draw, 4)
    findings = [Finding(
        key=k, area=draw(code), layer=draw(code), provisions=draw(codes), clusters=draw(codes),
        sectors=draw(codes), groups=draw(codes), forms=draw(codes),
        rating=draw(st.none() | small_int), rating_state=draw(st.sampled_from(RatingState)),
        confidence=draw(st.sampled_from(Confidence)), title=draw(text), narrative=draw(text),
        exclusion_criteria=draw(codes), tension_sectors=draw(codes),
        tension_instruments=draw(_refs(instrument_keys)),
        status=draw(st.sampled_from(FindingStatus)), author=draw(text),
        reviewed_by=draw(optional_text), validated_by=draw(optional_text),
        version=draw(version), created_at=draw(moment), updated_at=draw(moment))
        for k in finding_keys]
    evidence = [Evidence(key=k, finding_key=draw(st.sampled_from(finding_keys)),
                         kind=draw(code), title=draw(nonempty_text), source=draw(text),
                         url=draw(text), date=draw(text), reliability=draw(nonempty_text),
                         confidential=draw(st.booleans()), version=draw(version))
                for k in (_unique_keys(draw, 4) if finding_keys else [])]
    supported = {e.finding_key for e in evidence}  # a validated finding needs evidence
    findings = [f if f.status != FindingStatus.VALIDATED or f.key in supported
                else replace(f, status=FindingStatus.REVIEWED) for f in findings]
    values = [IndicatorValue(key=k, indicator=draw(code), year=draw(small_int),
                             value=draw(number), group=draw(st.none() | code),
                             sector=draw(st.none() | code), source=draw(text), note=draw(text),
                             version=draw(version))
              for k in _unique_keys(draw, 3)]
    return WorkspaceData(workspace=workspace, actors=actors, instruments=instruments,
                         mandates=mandates, links=links, findings=findings, evidence=evidence,
                         indicator_values=values)
