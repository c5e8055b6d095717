"""The protection pathway as catalogue data: the default's steps and their legal basis, the
checks on a step's references, and a user catalogue that adds or replaces steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalogue_helpers import write_yaml

from impactkit.analysis.chain import Specialisations
from impactkit.catalogue import load_catalogue, load_default_catalogue, validate_catalogue
from impactkit.domain import Mandate

STEP = {"code": "child-impact-statement", "title": "Child impact statement", "order": 135,
        "function": "child-friendly-justice", "provisions": ["CRC-12"],
        "when": [{"exploitation": True}]}


def extension(**sections: Any) -> dict[str, Any]:
    return {"extends": "impact-default", "key": "national", "version": "2025",
            "title": "Default plus a national step", **sections}


def test_the_default_pathway_follows_the_standards_in_order() -> None:
    catalogue = load_default_catalogue()
    steps = {s.code: s for s in catalogue.pathway_steps()}
    order = [s.code for s in catalogue.pathway_steps()]
    assert order.index("identification") < order.index("referral") < order.index(
        "best-interests") < order.index("durable-solution") < order.index("follow-up")
    assert order.index("guardian") < order.index("best-interests")  # "without delay"
    assert steps["guardian"].function == "guardianship" and steps["guardian"].urgent
    assert {"EUATD-14", "EUATD-16", "CETS197-10"} <= set(steps["guardian"].trafficking_provisions)
    assert steps["reflection-period"].trafficking_provisions == ["CETS197-13"]
    assert {"CETS197-26", "EUATD-8"} <= set(steps["non-punishment"].trafficking_provisions)
    assert steps["identification"].when == []  # every child
    age = steps["age-assessment"]
    assert any(c.age_in_doubt for c in age.when)
    assert any(c.age_bands == ["15-17"] and "unaccompanied" in c.groups for c in age.when)


def test_forms_that_count_as_trafficking_and_clauses_no_actor_carries_out() -> None:
    catalogue = load_default_catalogue()
    trafficking = {f.code for f in catalogue.forms if f.trafficking}
    assert {"domestic-servitude", "forced-begging", "forced-criminality",
            "labour-exploitation", "sexual-exploitation"} <= trafficking
    assert "online-sexual-exploitation" not in trafficking
    provision = catalogue.provision("CRC-41")
    assert provision is not None and not provision.needs_actor
    crc39 = catalogue.provision("CRC-39")
    assert crc39 is not None and crc39.needs_actor
    groups = {g.code: g.provisions for g in catalogue.child_groups}
    assert {"CRC-20", "CRC-22"} <= set(groups["unaccompanied"])
    assert {"CRC-35", "CRC-39"} <= set(groups["trafficking-victims"])


def test_a_broader_mandate_with_a_listed_provision_carries_a_step_s_function() -> None:
    rules = Specialisations(load_default_catalogue())
    court = Mandate(key="m", actor_key="court", functions=("protection", "durable-solution"),
                    provisions=("CRC-3", "EUATD-16", "CRC-10"))
    held = rules.held(court)
    assert {"guardianship", "family-tracing"} <= set(held)
    assert "legal-aid" not in held
    # CRC-20 alone (special protection of a child without family care) is any shelter's:
    # it does not make the holder a guardianship body
    shelter = Mandate(key="s", actor_key="shelter", functions=("protection",),
                      provisions=("CRC-20",))
    assert "guardianship" not in rules.held(shelter)


def test_an_extension_adds_a_step_by_order_and_replaces_one(tmp_path: Path) -> None:
    replaced = {"code": "follow-up", "title": "Follow-up until 21", "order": 170,
                "function": "follow-up", "provisions": ["CRC-39"]}
    path = write_yaml(tmp_path / "national.yaml", extension(
        pathway=[STEP], replace={"pathway": [replaced]}))
    catalogue = load_catalogue(path)
    order = [s.code for s in catalogue.pathway_steps()]
    assert order.index("investigation") < order.index("child-impact-statement") < order.index(
        "child-friendly-justice")
    assert catalogue.pathway_steps()[-1].title == "Follow-up until 21"


def test_a_step_naming_unknown_terms_is_refused_with_its_place(tmp_path: Path) -> None:
    bad = {**STEP, "function": "adoption", "provisions": ["CRC-99"],
           "when": [{"groups": ["orphans"], "age_bands": ["18-21"]}]}
    path = write_yaml(tmp_path / "national.yaml", extension(pathway=[bad]))
    messages = [str(p) for p in validate_catalogue(path)]
    assert any("pathway[0].function" in m and "adoption" in m for m in messages)
    assert any("pathway[0].provisions[0]" in m and "CRC-99" in m for m in messages)
    assert any("pathway[0].when[0].groups[0]" in m and "orphans" in m for m in messages)
    assert any("pathway[0].when[0].age_bands[0]" in m and "18-21" in m for m in messages)


def test_part_of_names_a_broader_function(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "national.yaml", extension(mandate_functions=[
        {"code": "peer-support", "title": "Peer support", "part_of": "guardianship"},
        {"code": "mentoring", "title": "Mentoring", "part_of": "coaching"}]))
    messages = [str(p) for p in validate_catalogue(path)]
    assert any("mandate_functions[0].part_of" in m and "guardianship" in m for m in messages)
    assert any("mandate_functions[1].part_of" in m and "coaching" in m for m in messages)
