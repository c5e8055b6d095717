"""Who is mandated for each step a child goes through, by hand: general mandates reach every
form and group, limited ones only theirs, groups named without a limit are served in
particular, and a gap says what the mandates cover instead."""

from __future__ import annotations

import pytest

from impactkit.analysis.chain import (
    FUNCTION_CHAIN,
    ChainIndex,
    Specialisations,
    applies,
    function_gaps,
    gap_reason,
    responsible,
    responsible_for,
)
from impactkit.catalogue.loader import load_default_catalogue
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import Actor, Mandate, WorkspaceData

from .conftest import workspace

ACTORS = [Actor(key=key, name=key.title(), sector="child-protection")
          for key in ("social", "labour", "shelter", "police")]
MANDATES = [
    # general: every form, every child
    Mandate(key="m-social", actor_key="social", functions=("identification", "referral")),
    # one form, every child
    Mandate(key="m-labour", actor_key="labour", forms=("labour-exploitation",),
            functions=("identification",)),
    # one group only, every form
    Mandate(key="m-shelter", actor_key="shelter", groups=("unaccompanied",),
            functions=("protection",), limited_to_groups=True),
    # one form and one group only
    Mandate(key="m-police", actor_key="police", forms=("sexual-exploitation",),
            groups=("unaccompanied",), functions=("prosecution",), limited_to_groups=True),
    # an actor that does not exist reaches nobody
    Mandate(key="m-ghost", actor_key="ghost", functions=("assessment",)),
]


@pytest.fixture(scope="module")
def default() -> Catalogue:
    return load_default_catalogue()


@pytest.fixture
def data() -> WorkspaceData:
    return workspace(actors=ACTORS, mandates=MANDATES)


def test_the_rule_for_forms_and_groups() -> None:
    general, labour, shelter, police = MANDATES[:4]
    assert applies(general, ["sexual-exploitation"], ["undocumented"])
    assert applies(labour, ["labour-exploitation", "forced-begging"], [])
    assert not applies(labour, ["forced-begging"], [])
    assert not applies(labour, [], [])  # asked about no form: only general mandates
    assert applies(shelter, ["forced-begging"], ["unaccompanied"])
    assert not applies(shelter, ["forced-begging"], [])
    assert applies(police, ["sexual-exploitation"], ["unaccompanied"])
    assert not applies(police, ["sexual-exploitation"], ["undocumented"])


def test_groups_named_without_a_limit_are_served_in_particular() -> None:
    centre = Mandate(key="m-centre", actor_key="centre", groups=("unaccompanied",),
                     functions=("protection",))
    assert applies(centre, ["forced-begging"], [])
    assert applies(centre, ["forced-begging"], ["girls"])
    data = workspace(actors=[Actor(key="centre", name="Centre", sector="child-protection")],
                     mandates=[centre])
    assert responsible(data, form="forced-begging", group=None, function="protection") == [
        "centre"]
    assert list(ChainIndex(data).cell("forced-begging", "girls", "protection")) == ["centre"]


def test_age_bands_limit_a_mandate_only_when_an_age_is_asked() -> None:
    shelter = Mandate(key="m", actor_key="a", functions=("protection",),
                      age_bands=("12-14", "15-17"))
    assert applies(shelter, [], [], "15-17")
    assert not applies(shelter, [], [], "6-11")
    assert applies(shelter, [], [])


def test_a_broader_function_with_the_catalogue_s_provision_holds_the_specialised_one(
        default: Catalogue) -> None:
    rules = Specialisations(default)
    authority = Mandate(key="m", actor_key="a", functions=("protection",),
                        provisions=("EUATD-16", "CRC-12"))
    shelter = Mandate(key="n", actor_key="b", functions=("protection",), provisions=("CRC-24",))
    assert "guardianship" in rules.held(authority)
    assert "guardianship" not in rules.held(shelter)
    assert rules.held(shelter) == ("protection",)
    assert "guardianship" not in Specialisations().held(authority)  # no catalogue: as named


def test_who_is_responsible(data: WorkspaceData) -> None:
    assert responsible(data, form="labour-exploitation", group=None,
                       function="identification") == ["labour", "social"]
    assert responsible(data, form="forced-begging", group=None, function="identification") == [
        "social"]
    assert responsible(data, form=None, group="unaccompanied", function="protection") == [
        "shelter"]
    assert responsible(data, form="sexual-exploitation", group="unaccompanied",
                       function="prosecution") == ["police"]
    assert responsible(data, form=None, group=None, function="assessment") == []  # a ghost
    assert responsible_for(data, forms=["forced-begging", "labour-exploitation"],
                           groups=["unaccompanied"], function="identification") == [
        "labour", "social"]


def test_the_index_answers_every_cell_as_the_rule_does(data: WorkspaceData,
                                                       default: Catalogue) -> None:
    index = ChainIndex(data)
    for form in default.codes("forms"):
        for group in (None, *default.codes("child_groups")):
            for function in (*FUNCTION_CHAIN, "prosecution"):
                assert list(index.cell(form, group, function)) == responsible(
                    data, form=form, group=group, function=function), (form, group, function)


def test_a_gap_says_what_the_mandates_cover_instead(data: WorkspaceData,
                                                    default: Catalogue) -> None:
    index = ChainIndex(data)
    nobody = gap_reason(index, default, "forced-begging", None, "durable-solution")
    assert nobody.endswith("no mandate names this function at all.")
    assert "in cases of" in nobody and "concerning any child" in nobody
    limited = gap_reason(index, default, "forced-begging", "undocumented", "prosecution")
    assert ("limited to other forms of exploitation (sexual exploitation) or to other child "
            "groups (unaccompanied children)") in limited


def test_function_gaps_are_one_per_hole(data: WorkspaceData, default: Catalogue) -> None:
    gaps = {(form, function): groups for form, function, groups, _ in
            function_gaps(data, default)}
    # identification and referral are held for every child by the general mandate
    assert not any(function in ("identification", "referral") for _, function in gaps)
    # protection only for unaccompanied children: a hole for children in general, and the
    # other groups are named as left without anyone
    groups = gaps[("forced-begging", "protection")]
    assert "unaccompanied" not in groups and "undocumented" in groups
    assert ("forced-begging", "durable-solution") in gaps
