"""The validator reports every problem of a catalogue at once, each at its place in the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from catalogue_helpers import places, write_yaml

from impactkit.catalogue import load_catalogue, validate_catalogue
from impactkit.errors import CatalogueError, Problem


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def check(tmp_path: Path, data: Any) -> tuple[str, list[Problem]]:
    path = write_yaml(tmp_path / "catalogue.yaml", data)
    return str(path), validate_catalogue(path)


def test_minimal_catalogue_loads(tmp_path: Path, minimal: dict[str, Any]) -> None:
    path = write_yaml(tmp_path / "catalogue.yaml", minimal)
    assert validate_catalogue(path) == []
    catalogue = load_catalogue(path)
    assert catalogue.key == "mini"
    assert catalogue.provision("ILO182-3").related == ["CRC-32"]


# --- reading files ------------------------------------------------------------------------
def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_text('key: mini\nversion: "1"\ntitle: one: two\n', encoding="utf-8")
    problem = only(validate_catalogue(path))
    assert problem.location == str(path)
    # libyaml ends the sentence differently from pure-Python PyYAML ("here")
    assert problem.message.startswith("invalid YAML at line 3, column 11: mapping values are "
                                      "not allowed")


def test_key_written_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_text("key: a\nversion: '1'\nkey: b\n", encoding="utf-8")
    problem = only(validate_catalogue(path))
    assert problem.message == ("invalid YAML at line 3, column 1: the key 'key' appears "
                               "twice; keep only one")


def test_file_not_in_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.yaml"
    path.write_bytes("key: mini\ntitle: Catálogo\n".encode("latin-1"))
    problem = only(validate_catalogue(path))
    assert problem.location == str(path)
    assert problem.message == ("not UTF-8 text: byte 0xe1 at line 2 cannot be read; save the "
                               "file with UTF-8 encoding")


def test_missing_path(tmp_path: Path) -> None:
    problem = only(validate_catalogue(tmp_path / "nowhere.yaml"))
    assert (problem.location, problem.message) == (str(tmp_path / "nowhere.yaml"),
                                                   "no such file or folder")


def test_file_must_hold_a_mapping(tmp_path: Path) -> None:
    location, problems = check(tmp_path, ["key", "version"])
    assert str(only(problems)) == (f"{location}: a catalogue file must be a mapping of sections"
                                   " (key:, instruments:, indicators: ...), not a list")


def test_dates_stay_text(tmp_path: Path, minimal: dict[str, Any]) -> None:
    path = tmp_path / "catalogue.yaml"
    write_yaml(path, minimal)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "body: UN\n", "body: UN\n  adopted: 1989-11-20\n", 1), encoding="utf-8")
    assert load_catalogue(path).instruments[0].adopted == "1989-11-20"


# --- schema problems ----------------------------------------------------------------------
def test_schema_problems_have_dotted_paths(tmp_path: Path, minimal: dict[str, Any]) -> None:
    del minimal["indicators"][0]["title"]
    minimal["indicators"][0]["type"] = "result"
    minimal["instruments"][1]["provisions"][0]["titel"] = "typo"
    minimal["version"] = 1.0
    location, problems = check(tmp_path, minimal)
    assert [str(p) for p in problems] == [
        f"{location}, indicators[0].title: missing: this field is required",
        f"{location}, indicators[0].type: Input should be 'structural', 'process' or "
        "'outcome' (got 'result')",
        f"{location}, instruments[1].provisions[0].titel: unknown field 'titel'; expected one "
        "of: code, article, title, assessable, related, needs_actor, text",
        f"{location}, version: expected text, got the number 1.0; put it in quotes: \"1.0\"",
    ]


def test_bad_codes_say_what_a_code_looks_like(tmp_path: Path,
                                              minimal: dict[str, Any]) -> None:
    minimal["sectors"][0]["code"] = "Social Welfare"
    location, problems = check(tmp_path, minimal)
    # the indicator naming the sector is reported too: its code no longer exists
    assert places(problems) == [(location, "indicators[0].sectors[0]"),
                                (location, "sectors[0].code")]
    assert problems[1].message == ("'Social Welfare' is not a valid code: use lowercase "
                                   "letters, digits and hyphens, e.g. 'child-protection'")


# --- reference problems -------------------------------------------------------------------
def test_unknown_area_and_sector_in_indicators(tmp_path: Path,
                                               minimal: dict[str, Any]) -> None:
    minimal["indicators"][0]["areas"] = ["effectiveness", "efectiveness"]
    minimal["indicators"][0]["sectors"] = ["labour", "health"]
    location, problems = check(tmp_path, minimal)
    assert [str(p) for p in problems] == [
        f"{location}, indicators[0].areas[1]: unknown area 'efectiveness' (did you mean "
        "'effectiveness'?)",
        f"{location}, indicators[0].sectors[1]: unknown sector 'health'; expected one of: "
        "labour, education",
    ]


@pytest.mark.parametrize(("section", "field"), [
    ("clusters", "clusters[0].provisions[1]"),
    ("needs_dimensions", "needs_dimensions[0].provisions[1]"),
    ("forms", "forms[0].provisions[2]"),
    ("indicators", "indicators[0].provisions[1]"),
])
def test_unknown_provisions_are_found_everywhere(tmp_path: Path, minimal: dict[str, Any],
                                                 section: str, field: str) -> None:
    minimal[section][0]["provisions"].append("CRC-99")
    location, problems = check(tmp_path, minimal)
    assert places(problems) == [(location, field)]
    assert problems[0].message == "unknown provision 'CRC-99': CRC has no article '99' here"


def test_unknown_instrument_in_a_provision_code(tmp_path: Path,
                                                minimal: dict[str, Any]) -> None:
    minimal["clusters"][0]["provisions"] = ["ILO-3"]
    _, problems = check(tmp_path, minimal)
    assert only(problems).message == ("unknown provision 'ILO-3': no instrument 'ILO' "
                                      "(instruments: CRC, ILO182; codes are "
                                      "INSTRUMENT-ARTICLE, e.g. CRC-32)")


def test_related_must_exist_and_go_both_ways(tmp_path: Path, minimal: dict[str, Any]) -> None:
    minimal["instruments"][0]["provisions"][0]["related"] = ["CRC-32", "CRC-2", "CRC-1"]
    location, problems = check(tmp_path, minimal)
    assert [str(p) for p in problems] == [
        f"{location}, instruments[0].provisions[0].related[0]: 'CRC-1' lists 'CRC-32' as "
        "related but 'CRC-32' does not list 'CRC-1': add 'CRC-1' to the related of 'CRC-32'",
        f"{location}, instruments[0].provisions[0].related[1]: unknown provision 'CRC-2': "
        "CRC has no article '2' here",
        f"{location}, instruments[0].provisions[0].related[2]: a provision cannot be related "
        "to itself",
    ]


def test_duplicate_codes_in_a_vocabulary(tmp_path: Path, minimal: dict[str, Any]) -> None:
    minimal["child_groups"].append({"code": "working", "title": "Again"})
    minimal["indicators"].append(dict(minimal["indicators"][0]))
    location, problems = check(tmp_path, minimal)
    assert [str(p) for p in problems] == [
        f"{location}, child_groups[1].code: duplicate code 'working': already used at "
        f"{location}, child_groups[0].code",
        f"{location}, indicators[1].code: duplicate code 'child-labour-rate': already used at "
        f"{location}, indicators[0].code",
    ]


def test_provision_code_must_match_instrument_and_article(tmp_path: Path,
                                                          minimal: dict[str, Any]) -> None:
    provisions = minimal["instruments"][0]["provisions"]
    provisions[0]["code"] = "ILO182-1"
    provisions[1]["article"] = "33"
    location, problems = check(tmp_path, minimal)
    assert [str(p) for p in problems] == [
        # CRC-1 is gone, so the cluster that names it is now wrong too
        f"{location}, clusters[0].provisions[0]: unknown provision 'CRC-1': CRC has no "
        "article '1' here",
        f"{location}, instruments[0].provisions[0].code: provision 'ILO182-1' is listed under "
        "instrument 'CRC': its code must start with 'CRC-'",
        f"{location}, instruments[0].provisions[1].code: provision code 'CRC-32' does not "
        "match its article '33': expected 'CRC-33'",
    ]


def test_rating_levels_must_be_unique(tmp_path: Path, minimal: dict[str, Any]) -> None:
    minimal["rating_scale"]["levels"].append({"value": 1, "label": "Absent",
                                              "description": "Again."})
    location, problems = check(tmp_path, minimal)
    assert places(problems) == [(location, "rating_scale.levels[2].label"),
                                (location, "rating_scale.levels[2].value")]
    assert problems[1].message == (f"rating value 1 is used twice (also at {location}, "
                                   "rating_scale.levels[1].value); each level needs its own")


def test_scoring_weights_and_link_kinds(tmp_path: Path, minimal: dict[str, Any]) -> None:
    minimal["scoring"] = {
        "confidence_weights": {"high": 1.0, "medium": 0.5, "certain": 2.0},
        "status_weights": {"draft": -1.0, "reviewed": 1.0, "validated": 1.0},
        "coordinating_link_kinds": ["referral", "refferal-path"],
        "gap_threshold": 120,
    }
    location, problems = check(tmp_path, minimal)
    assert [(p.field, p.message) for p in problems] == [
        ("scoring.confidence_weights", "no weight for confidence low: give one for each of "
                                       "high, medium, low"),
        ("scoring.confidence_weights.certain", "unknown confidence 'certain'; expected one of:"
                                               " high, medium, low"),
        ("scoring.coordinating_link_kinds[1]", "unknown link kind 'refferal-path'; expected "
                                               "one of: referral, funding"),
        ("scoring.gap_threshold", "120 is outside 0-100, the range of scores"),
        ("scoring.status_weights.draft", "a weight cannot be negative"),
    ]
    assert {p.location for p in problems} == {location}


def test_instrument_aliases_must_not_collide(tmp_path: Path, minimal: dict[str, Any]) -> None:
    minimal["instruments"][0]["aliases"] = ["ILO182"]
    location, problems = check(tmp_path, minimal)
    assert str(only(problems)) == (f"{location}, instruments[0].aliases[0]: alias 'ILO182' "
                                   "already names instrument 'ILO182'")


def test_replace_needs_extends(tmp_path: Path, minimal: dict[str, Any]) -> None:
    minimal["replace"] = {"sectors": [{"code": "labour", "title": "Work"}]}
    location, problems = check(tmp_path, minimal)
    assert str(only(problems)) == (f"{location}, replace: only works together with "
                                   "extends: impact-default")


# --- everything at once -------------------------------------------------------------------
def test_every_problem_is_reported_at_once(tmp_path: Path, minimal: dict[str, Any]) -> None:
    minimal["indicators"][0]["areas"] = ["efectiveness"]
    minimal["indicators"][0]["unit"] = None
    minimal["forms"][0]["provisions"].append("OPSC-3")
    minimal["layers"].append({"code": "practice", "title": "Practice again"})
    minimal["scoring"]["coordinating_link_kinds"] = ["gossip"]
    del minimal["title"]
    location, problems = check(tmp_path, minimal)
    assert places(problems) == [
        (location, "forms[0].provisions[2]"),
        (location, "indicators[0].areas[0]"),
        (location, "indicators[0].unit"),
        (location, "layers[2].code"),
        (location, "scoring.coordinating_link_kinds[0]"),
        (location, "title"),
    ]
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(tmp_path / "catalogue.yaml")
    assert list(raised.value.problems) == problems
    assert raised.value.summary == f"{location}: 6 problems in the catalogue"
    assert f"  - {location}, indicators[0].areas[0]: unknown area 'efectiveness'" in str(
        raised.value)


# --- folders ------------------------------------------------------------------------------
def split(minimal: dict[str, Any], folder: Path) -> None:
    """Write the catalogue as a folder: identity, two instrument files, vocabularies split."""
    instruments = minimal.pop("instruments")
    areas = minimal.pop("areas")
    write_yaml(folder / "catalogue.yaml", {k: minimal.pop(k) for k in ("key", "version",
                                                                      "title")})
    write_yaml(folder / "instruments" / "1-crc.yaml", {"instruments": instruments[:1]})
    write_yaml(folder / "instruments" / "2-ilo182.yaml", {"instruments": instruments[1:]})
    write_yaml(folder / "areas-a.yaml", {"areas": areas[:1]})
    write_yaml(folder / "areas-b.yaml", {"areas": areas[1:]})
    write_yaml(folder / "rest.yaml", minimal)


def test_folder_joins_list_sections_in_path_order(tmp_path: Path,
                                                  minimal: dict[str, Any]) -> None:
    split(minimal, tmp_path)
    catalogue = load_catalogue(tmp_path)
    assert [i.code for i in catalogue.instruments] == ["CRC", "ILO182"]
    assert catalogue.codes("areas") == ["inclusion", "effectiveness"]


def test_folder_problems_name_the_file_and_its_own_path(tmp_path: Path,
                                                        minimal: dict[str, Any]) -> None:
    minimal["instruments"][1]["provisions"][0]["related"] = ["CRC-31"]
    minimal["areas"][1]["code"] = "inclusion"
    minimal["indicators"][0]["areas"] = ["inclusion"]
    split(minimal, tmp_path)
    write_yaml(tmp_path / "z-more.yaml", {"version": "2"})
    problems = validate_catalogue(tmp_path)
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'areas-b.yaml'}, areas[0].code: duplicate code 'inclusion': already used"
        f" at {tmp_path / 'areas-a.yaml'}, areas[0].code",
        f"{tmp_path / 'instruments' / '1-crc.yaml'}, instruments[0].provisions[1].related[0]: "
        "'CRC-32' lists 'ILO182-3' as related but 'ILO182-3' does not list 'CRC-32': add "
        "'CRC-32' to the related of 'ILO182-3'",
        f"{tmp_path / 'instruments' / '2-ilo182.yaml'}, instruments[0].provisions[0]."
        "related[0]: unknown provision 'CRC-31': CRC has no article '31' here",
        f"{tmp_path / 'z-more.yaml'}, version: 'version' is already given in "
        f"{tmp_path / 'catalogue.yaml'}, version; only list sections may be spread over "
        "several files",
    ]


def test_folder_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    problem = only(validate_catalogue(tmp_path))
    assert (problem.location, problem.message) == (str(tmp_path),
                                                   "no .yaml or .yml files in this folder")


def test_syntax_errors_in_several_files_are_all_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("key: [x\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("version: '1'\n  title: x\n", encoding="utf-8")
    assert places(validate_catalogue(tmp_path)) == [(str(tmp_path / "a.yaml"), None),
                                                    (str(tmp_path / "b.yaml"), None)]
