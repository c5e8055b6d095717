"""What an import is refused for: only the problems it would bring, never those already
stored (pure: no database)."""

from __future__ import annotations

import dataclasses

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.domain import Evidence, Finding, FindingStatus, WorkspaceData
from impactkit.services.exchange import introduced_problems

from .sample import sample_data


def incoming(*findings: Finding, evidence: tuple[Evidence, ...] = ()) -> WorkspaceData:
    return WorkspaceData(workspace=sample_data().workspace, findings=list(findings),
                         evidence=list(evidence))


def test_a_stored_problem_never_blocks_an_import() -> None:
    existing = sample_data()
    # stored before a rule existed: an unknown sector, and a validated finding without evidence
    existing.findings.append(Finding(key="OLD", area="compliance", layer="practice",
                                     provisions=("CRC-32",), sectors=("nowhere",),
                                     status=FindingStatus.VALIDATED, validated_by="lead"))
    new = Finding(key="NEW", area="compliance", layer="practice", provisions=("CRC-32",),
                  sectors=("labour",))
    assert introduced_problems(existing, incoming(new), load_default_catalogue(),
                               location="f.csv") == []


def test_the_problems_an_import_brings_are_named_in_the_merged_workspace() -> None:
    catalogue = load_default_catalogue()
    bad = Finding(key="NEW", area="compliance", layer="practice", provisions=("CRC-32",),
                  sectors=("nowhere",), status=FindingStatus.VALIDATED, validated_by="lead")
    twin = dataclasses.replace(sample_data().findings[0], title="same key again")
    problems = introduced_problems(sample_data(), incoming(bad, twin), catalogue,
                                   location="f.csv")
    fields = sorted(p.field or "" for p in problems)
    assert "findings[NEW].sectors" in fields  # its own check
    assert any((p.field or "").startswith("findings[NEW].") and "evidence" in p.message
               for p in problems)  # across records: validated without evidence
    assert any("duplicate key" in p.message for p in problems)  # across records
    assert {p.location for p in problems} == {"f.csv"}


def test_records_the_reader_checked_are_not_checked_again() -> None:
    bad = Finding(key="NEW", area="compliance", layer="practice", provisions=("CRC-32",),
                  sectors=("nowhere",))
    catalogue = load_default_catalogue()
    assert introduced_problems(sample_data(), incoming(bad), catalogue, location="f") != []
    assert introduced_problems(sample_data(), incoming(bad), catalogue, location="f",
                               records_checked=True) == []
