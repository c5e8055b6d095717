"""Parsing form and JSON input into records, and records back into form values."""

from __future__ import annotations

import pytest

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import RatingState
from impactkit.errors import ValidationError
from impactkit.services.record_fields import (
    FIELDS,
    default_fields,
    differing,
    field_choices,
    record_from_fields,
    record_to_fields,
)
from tests.services.sample import sample_data

ENTITY_TABLES = {"findings": "findings", "evidence": "evidence", "actors": "actors",
                 "instruments": "instruments", "mandates": "mandates", "links": "links",
                 "indicator-values": "indicator_values"}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_default_catalogue()


@pytest.mark.parametrize("entity", list(ENTITY_TABLES))
def test_every_record_round_trips_through_form_values(entity: str,
                                                      catalogue: Catalogue) -> None:
    for record in getattr(sample_data(), ENTITY_TABLES[entity]):
        fields = record_to_fields(entity, record)
        parsed = record_from_fields(entity, fields, catalogue)
        if entity == "findings":  # review fields are never input
            parsed.status, parsed.author = record.status, record.author
            parsed.reviewed_by, parsed.validated_by = record.reviewed_by, record.validated_by
        assert parsed == record


def test_every_problem_is_reported_under_its_field(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError) as refused:
        record_from_fields("findings", {"key": "F|1", "area": "complience", "layer": "",
                                        "provisions": ["CRC-32", "CRC-45"], "rating": "7",
                                        "confidence": "sure"}, catalogue)
    fields = [p.field for p in refused.value.problems]
    assert fields == ["key", "area", "layer", "provisions", "sectors", "rating", "confidence"]
    messages = {p.field: p.message for p in refused.value.problems}
    assert "did you mean 'compliance'" in messages["area"]
    assert "procedural provision" in messages["provisions"]
    assert "not on the scale 0-4" in messages["rating"]
    assert refused.value.summary == "this finding was not saved: 7 problems to fix"


def test_numbers_that_are_not_numbers_are_named(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError) as refused:
        record_from_fields("indicator-values", {"key": "I", "indicator": "minimum-age-employment",
                                                "year": "20x4", "value": "lots"}, catalogue)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("year", "'20x4' is not a whole number"),
        ("value", "'lots' is not a number (use digits and a decimal point, e.g. 4.25)")]
    value = record_from_fields("indicator-values", {
        "key": "I", "indicator": "minimum-age-employment", "year": "2020", "value": "4,25",
        "group": "", "sector": "labour"}, catalogue)
    assert (value.year, value.value, value.group, value.sector) == (2020, 4.25, None, "labour")


@pytest.mark.parametrize(("given", "rating", "state"), [
    ({"rating": "3"}, 3, RatingState.RATED),
    ({"rating": "0"}, 0, RatingState.RATED),
    ({"rating": "not-applicable"}, None, RatingState.NOT_APPLICABLE),
    ({"rating": ""}, None, RatingState.NOT_ASSESSED),
    ({}, None, RatingState.NOT_ASSESSED),
    ({"rating": "2", "rating_state": "rated"}, 2, RatingState.RATED),
])
def test_ratings_and_their_states(catalogue: Catalogue, given: dict[str, str],
                                  rating: int | None, state: RatingState) -> None:
    finding = record_from_fields("findings", {"key": "F", "area": "compliance",
                                              "layer": "practice", "clusters": "violence",
                                              "sectors": "labour", "confidence": "low",
                                              **given}, catalogue)
    assert (finding.rating, finding.rating_state) == (rating, state)


def test_a_rating_contradicting_its_state_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValidationError) as refused:
        record_from_fields("findings", {"key": "F", "area": "compliance", "layer": "practice",
                                        "clusters": "violence", "sectors": "labour",
                                        "confidence": "low", "rating": "2",
                                        "rating_state": "not-assessed"}, catalogue)
    assert [p.field for p in refused.value.problems] == ["rating"]


def test_lists_and_yes_no_values(catalogue: Catalogue) -> None:
    base = {"key": "lc", "title": "Code", "kind": "law"}
    parsed = record_from_fields("instruments", {**base, "sectors": "labour, education|labour",
                                                "in_force": ["false", "true"]}, catalogue)
    assert (parsed.sectors, parsed.in_force) == (("labour", "education"), True)
    assert record_from_fields("instruments", {**base, "in_force": ["false"]},
                              catalogue).in_force is False
    assert record_from_fields("instruments", base, catalogue).in_force is True
    with pytest.raises(ValidationError, match="'maybe' is neither yes nor no"):
        record_from_fields("instruments", {**base, "in_force": "maybe"}, catalogue)


def test_differences_are_found_field_by_field() -> None:
    mine = {"key": "I", "indicator": "x", "year": "2020", "value": "4.0", "group": "",
            "sector": "labour", "source": "A", "note": ""}
    theirs = {**mine, "value": "4", "source": "B"}
    assert differing("indicator-values", mine, theirs) == ["source"]
    assert differing("mandates", {"provisions": ["CRC-1", "CRC-2"]},
                     {"provisions": ["CRC-2", "CRC-1"]}) == ["provisions"]


def test_choices_come_from_the_catalogue(catalogue: Catalogue) -> None:
    specs = {e: {s.name: s for s in FIELDS[e]} for e in FIELDS}
    for_finding = [c.code for c in field_choices(specs["findings"]["provisions"], catalogue,
                                                 {}, entity="findings")]
    for_law = [c.code for c in field_choices(specs["instruments"]["provisions"], catalogue,
                                             {}, entity="instruments")]
    assert "CRC-32" in for_finding and "CRC-45" not in for_finding  # procedural
    assert "CRC-45" in for_law
    assert len(for_law) == len(catalogue.provisions())
    rating = [c.code for c in field_choices(specs["findings"]["rating"], catalogue, {})]
    assert rating == ["not-assessed", "not-applicable", "0", "1", "2", "3", "4"]
    actors = field_choices(specs["mandates"]["actor_key"], catalogue,
                           {"actors": [("moj", "Ministry of Justice")]})
    assert [(c.code, c.label) for c in actors] == [("moj", "moj · Ministry of Justice")]
    sectors = field_choices(specs["actors"]["sector"], catalogue, {})
    assert [c.code for c in sectors] == catalogue.codes("sectors")


def test_new_records_start_from_the_domain_defaults() -> None:
    assert default_fields("actors") == {"key": "", "name": "", "sector": "",
                                        "level": "national", "type": "agency",
                                        "description": ""}
    finding = default_fields("findings")
    assert (finding["rating"], finding["confidence"], finding["provisions"]) == (
        "not-assessed", "medium", [])
    assert default_fields("instruments")["in_force"] == "true"
