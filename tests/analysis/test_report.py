"""The report as data: its JSON shape, its order, its typed results."""

from __future__ import annotations

import json
import random
import re

import pytest

from impactkit.analysis import analyse
from impactkit.domain import Actor, CoordinationLink, Mandate

from .conftest import finding, workspace

FINDINGS = [
    finding("F1", provisions=["CRC-1"], rating=3, sectors=["labour"], groups=["girls"]),
    finding("F2", provisions=["CRC-1", "CRC-2"], rating=1, confidence="medium",
            sectors=["immigration"]),
    finding("F3", area="inclusion", provisions=["CRC-2"], rating=0, groups=["girls"],
            exclusion_criteria=["documents"], sectors=["immigration"]),
    finding("F4", area="coherence", layer="law-policy", provisions=["CRC-3"], rating=2,
            tension_sectors=["immigration", "child-protection"]),
    finding("F5", provisions=["CRC-9"], rating=2),
]
ACTORS = [Actor(key="A", name="A", sector="child-protection"),
          Actor(key="B", name="B", sector="immigration")]
MANDATES = [Mandate(key="M", actor_key="A", provisions=("CRC-1",)),
            Mandate(key="N", actor_key="B", provisions=("CRC-1",))]
LINKS = [CoordinationLink(key="L", source_key="A", target_key="B", kind="conflict")]


@pytest.fixture
def report(catalogue):
    return analyse(workspace(FINDINGS, actors=ACTORS, mandates=MANDATES, links=LINKS),
                   catalogue)


def test_documented_top_level_shape(report):
    plain = report.to_dict()
    assert list(plain) == ["schema_version", "type", "workspace", "catalogue", "filter",
                           "scale", "scoring", "summary", "scores", "gaps", "exclusion",
                           "mandates", "tensions", "notices"]
    assert plain["schema_version"] == 1
    assert plain["type"] == "analysis-report"
    assert plain["catalogue"] == {"key": "tiny", "version": "1"}
    assert plain["filter"] == {"statuses": None}
    assert plain["scale"] == {"min": 0, "max": 4}
    assert list(plain["scores"]) == ["area", "cluster", "provision", "layer", "sector",
                                     "group"]
    assert list(plain["gaps"]) == ["provision", "cluster", "unmeasurable"]
    assert list(plain["mandates"]) == ["uncovered_provisions", "uncovered_forms",
                                       "uncoordinated", "conflicts", "function_gaps",
                                       "specialised_gaps"]
    # covered: CRC-1/compliance/practice (F1, F2), CRC-2/compliance/practice (F2),
    # CRC-2/inclusion/practice (F3), CRC-3/coherence/law-policy (F4); F5 reaches nothing
    assert plain["summary"] == {
        "findings": 5, "filtered_out": 0, "rated": 5, "not_assessed": 0, "not_applicable": 0,
        "unscoped": 1, "cells": 30, "cells_not_applicable": 0, "cells_in_universe": 30,
        "cells_covered": 4, "coverage": 0.1333}
    json.dumps(plain)  # serialisable as is


def test_a_score_renders_with_type_first_and_rounded_floats(report):
    compliance = report.to_dict()["scores"]["area"][1]
    assert list(compliance) == ["type", "kind", "code", "target", "score", "coverage",
                                "covered_cells", "total_cells", "n_findings", "n_not_assessed",
                                "total_weight", "title", "message", "tags", "finding_keys",
                                "rule"]
    # (3 + 0.7 x 1) / 1.7 = 2.17647 -> 54.4117... -> 54.41; coverage 2/10
    assert compliance["score"] == 54.41
    assert compliance["coverage"] == 0.2
    assert compliance["tags"] == {"area": ["compliance"]}
    assert compliance["finding_keys"] == ["F1", "F2"]


def test_every_result_is_typed_and_traceable(report):
    kinds = set()
    for result in report.results():
        plain = result.to_dict()
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", plain["type"])
        for field in ("title", "message", "tags", "finding_keys", "rule"):
            assert field in plain, (plain["type"], field)
        assert plain["title"] and plain["message"] and plain["rule"]
        kinds.add(plain["type"])
    assert kinds >= {"score", "implementation-gap", "gap-unmeasurable", "group-exclusion",
                     "uncovered-provision", "uncovered-form", "uncoordinated-mandate",
                     "mandate-conflict", "coherence-tension", "unknown-code"}


def test_finding_keys_can_be_left_out(report):
    text = json.dumps(report.to_dict(finding_keys=False))
    assert "finding_keys" not in text
    assert '"score": 54.41' in text


def test_input_order_does_not_matter(catalogue):
    shuffled = FINDINGS[:]
    random.Random(3).shuffle(shuffled)
    assert shuffled != FINDINGS
    first = analyse(workspace(FINDINGS, actors=ACTORS, mandates=MANDATES, links=LINKS),
                    catalogue)
    second = analyse(workspace(shuffled, actors=ACTORS[::-1], mandates=MANDATES[::-1],
                               links=LINKS), catalogue)
    assert first.to_dict() == second.to_dict()


def test_score_lookup_by_target(report):
    assert report.score("cluster:violence") is report.scores["cluster"][0]
    assert report.score("tension:child-protection+immigration") is report.tensions[0].score
    assert report.score("area:nothing") is None
