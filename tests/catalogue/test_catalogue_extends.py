"""A user catalogue can extend the default one: add items, replace items, adjust scoring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from catalogue_helpers import write_yaml

from impactkit.catalogue import load_catalogue, load_default_catalogue, validate_catalogue
from impactkit.errors import CatalogueError

INDICATOR = {"code": "shelter-places", "title": "Shelter places for child victims",
             "type": "structural", "unit": "count", "direction": "higher-is-better",
             "areas": ["effectiveness"], "provisions": ["CRC-39"], "sectors": ["child-protection"]}


def extension(**sections: Any) -> dict[str, Any]:
    return {"extends": "impact-default", "key": "national", "version": "2024",
            "title": "Default plus national indicators", **sections}


def test_adds_items_after_the_defaults(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", extension(
        indicators=[INDICATOR],
        child_groups=[{"code": "roma", "title": "Roma children"}]))
    catalogue = load_catalogue(path)
    default = load_default_catalogue()
    assert (catalogue.key, catalogue.version, catalogue.description) == ("national", "2024", "")
    assert catalogue.codes("indicators") == [*default.codes("indicators"), "shelter-places"]
    assert catalogue.codes("child_groups")[-1] == "roma"
    assert len(catalogue.child_groups) == len(default.child_groups) + 1
    assert catalogue.instruments == default.instruments
    assert catalogue.scoring == default.scoring
    assert load_default_catalogue().codes("indicators") == default.codes("indicators")


def test_existing_code_needs_replace(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", extension(indicators=[
        INDICATOR, {**INDICATOR, "code": "guardian-within-72h"}]))
    problems = validate_catalogue(path)
    assert [str(p) for p in problems] == [
        f"{path}, indicators[1].code: 'guardian-within-72h' is already in impact-default; to "
        "change it, put the whole item under replace: indicators:"]
    with pytest.raises(CatalogueError):
        load_catalogue(path)


def test_replace_takes_the_place_of_the_default_item(tmp_path: Path) -> None:
    replaced = {**INDICATOR, "code": "guardian-within-72h",
                "title": "Guardian appointed within 48 hours", "unit": "percent"}
    path = write_yaml(tmp_path / "national.yaml", extension(
        replace={"indicators": [replaced]}))
    catalogue = load_catalogue(path)
    default = load_default_catalogue()
    assert catalogue.codes("indicators") == default.codes("indicators")
    index = default.codes("indicators").index("guardian-within-72h")
    assert catalogue.indicators[index].title == "Guardian appointed within 48 hours"
    assert default.indicators[index].title != catalogue.indicators[index].title


def test_replace_of_an_unknown_code(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", extension(
        replace={"sectors": [{"code": "sport", "title": "Sport"}],
                 "key": [{"code": "x", "title": "X"}]}))
    assert [(p.field, p.message) for p in validate_catalogue(path)] == [
        ("replace.key", "'key' is not a list section of impact-default; replace: takes "
                        "instruments, clusters, cluster_schemes, areas, layers, needs_dimensions, "
                        "systemic_dimensions, sectors, child_groups, forms, exclusion_criteria,"
                        " mandate_functions, actor_types, actor_levels, instrument_kinds, "
                        "link_kinds, evidence_kinds, indicators, pathway"),
        ("replace.sectors[0].code", "impact-default has no 'sport' in sectors to replace; add "
                                    "new items under sectors: instead"),
    ]


def test_problems_in_replaced_items_point_at_the_user_file(tmp_path: Path) -> None:
    replaced = {**INDICATOR, "code": "guardian-within-72h", "areas": ["efficiency"]}
    path = write_yaml(tmp_path / "national.yaml", extension(
        indicators=[{**INDICATOR, "sectors": ["sport"]}], replace={"indicators": [replaced]}))
    assert [str(p) for p in validate_catalogue(path)] == [
        f"{path}, indicators[0].sectors[0]: unknown sector 'sport'; expected one of: "
        "child-protection, law-enforcement, judiciary, labour, education, health, "
        "immigration, social-economic, finance-budget, governance",
        f"{path}, replace.indicators[0].areas[0]: unknown area 'efficiency'; expected one of: "
        "inclusion, compliance, appropriateness, effectiveness, coherence",
    ]


def test_scoring_fields_override_one_by_one(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", extension(
        scoring={"gap_threshold": 20.0, "rule": "Our rule: gaps of 20 points count."}))
    scoring = load_catalogue(path).scoring
    default = load_default_catalogue().scoring
    assert scoring.gap_threshold == 20.0
    assert scoring.rule == "Our rule: gaps of 20 points count."
    assert scoring.confidence_weights == default.confidence_weights
    assert scoring.exclusion_threshold == default.exclusion_threshold


def test_changed_numbers_need_a_new_rule_text(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", extension(scoring={"gap_threshold": 20.0}))
    assert [(p.field, p.message) for p in validate_catalogue(path)] == [
        ("scoring", "changes gap_threshold but keeps the rule text of impact-default, which "
                    "describes other numbers; add scoring.rule stating your rule in plain "
                    "words")]


def test_own_key_version_and_title_are_required(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", {"extends": "impact-default",
                                                   "key": "impact-default"})
    assert [(p.location, p.field, p.message) for p in validate_catalogue(path)] == [
        (str(path), "key", "an extended catalogue needs its own key, not 'impact-default' "
                           "(workspaces assessed with it must not be read as the default)"),
        (str(path), "title", "missing: this field is required"),
        (str(path), "version", "missing: this field is required"),
    ]


def test_only_the_default_can_be_extended(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", extension(extends="impact-2030"))
    assert [(p.field, p.message) for p in validate_catalogue(path)] == [
        ("extends", "cannot extend 'impact-2030': the catalogue that can be extended is "
                    "'impact-default'")]


def test_new_instrument_is_linked_back_from_the_default(tmp_path: Path) -> None:
    instrument = {"code": "NATLAB", "title": "National Labour Code", "short_title": "Labour",
                  "body": "National", "provisions": [
                      {"code": "NATLAB-12", "article": "12", "title": "Minimum working age",
                       "related": ["CRC-32", "ILO138-2"]}]}
    path = write_yaml(tmp_path / "national.yaml", extension(instruments=[instrument]))
    catalogue = load_catalogue(path)
    crc32 = catalogue.provision("CRC-32")
    assert crc32 is not None and crc32.related[-1] == "NATLAB-12"
    ilo = catalogue.provision("ILO138-2")
    assert ilo is not None and "NATLAB-12" in ilo.related
    default_crc32 = load_default_catalogue().provision("CRC-32")
    assert default_crc32 is not None and "NATLAB-12" not in default_crc32.related


def test_extension_spread_over_a_folder(tmp_path: Path) -> None:
    write_yaml(tmp_path / "catalogue.yaml", extension())
    write_yaml(tmp_path / "indicators.yaml", {"indicators": [INDICATOR]})
    write_yaml(tmp_path / "replace.yaml", {"replace": {"sectors": [
        {"code": "labour", "title": "Labour market and inspection"}]}})
    catalogue = load_catalogue(tmp_path)
    assert catalogue.indicators[-1].code == "shelter-places"
    assert next(s for s in catalogue.sectors if s.code == "labour").title == (
        "Labour market and inspection")
