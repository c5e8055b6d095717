"""Mandate coverage, coordination and conflicts, by hand."""

from __future__ import annotations

import pytest

from impactkit.analysis import analyse
from impactkit.analysis.index import CatalogueIndex
from impactkit.analysis.mandates import mandate_coverage
from impactkit.catalogue.loader import load_default_catalogue
from impactkit.demo import build_demo
from impactkit.domain import Actor, CoordinationLink, Mandate

from .conftest import workspace

ACTORS = [Actor(key="A1", name="Care", sector="child-protection"),
          Actor(key="A2", name="Borders", sector="immigration"),
          Actor(key="A3", name="Inspectorate", sector="labour"),
          Actor(key="A4", name="Shelter", sector="child-protection")]
MANDATES = [Mandate(key="M1", actor_key="A1", provisions=("CRC-1", "CRC-2"),
                    forms=("labour-exploitation",)),
            Mandate(key="M2", actor_key="A2", provisions=("CRC-1",)),
            Mandate(key="M3", actor_key="A3", provisions=("CRC-1", "CRC-2")),
            Mandate(key="M4", actor_key="A4", provisions=("CRC-3", "CRC-5")),
            Mandate(key="M5", actor_key="AX", provisions=("CRC-4",))]  # no such actor
LINKS = [CoordinationLink(key="L1", source_key="A1", target_key="A2", kind="referral"),
         CoordinationLink(key="L2", source_key="A3", target_key="A1", kind="funding"),
         CoordinationLink(key="L3", source_key="A2", target_key="A3", kind="conflict")]


@pytest.fixture
def report(catalogue):
    return analyse(workspace(actors=ACTORS, mandates=MANDATES, links=LINKS), catalogue)


def test_uncovered_provisions_and_forms(report):
    # CRC-4's only mandate names an actor that does not exist; CRC-5 is procedural
    assert [u.provision for u in report.uncovered_provisions] == ["CRC-4", "OPSC-1"]
    assert [u.form for u in report.uncovered_forms] == ["sexual-exploitation"]
    assert report.uncovered_provisions[0].type == "uncovered-provision"
    unknown = [n for n in report.notices if n.type == "unknown-actor"]
    assert [(n.code, n.record_keys) for n in unknown] == [("AX", ("M5",))]


def test_uncoordinated_mandates_name_the_sector_pairs(report):
    found = {(u.subject, u.code): u for u in report.uncoordinated}
    assert set(found) == {("provision", "CRC-1"), ("provision", "CRC-2")}
    crc1 = found[("provision", "CRC-1")]
    # child-protection - immigration is linked by a referral (L1); funding (L2) and
    # conflict (L3) do not coordinate
    assert crc1.sectors == ("child-protection", "immigration", "labour")
    assert crc1.missing_pairs == (("child-protection", "labour"), ("immigration", "labour"))
    assert crc1.actor_keys == ("A1", "A2", "A3")
    assert crc1.mandate_keys == ("M1", "M2", "M3")
    assert found[("provision", "CRC-2")].missing_pairs == (("child-protection", "labour"),)


def test_a_coordinating_link_counts_in_either_direction(catalogue):
    links = [*LINKS, CoordinationLink(key="L4", source_key="A3", target_key="A1",
                                      kind="supervision")]
    report = analyse(workspace(actors=ACTORS, mandates=MANDATES, links=links), catalogue)
    found = {u.code: u.missing_pairs for u in report.uncoordinated}
    assert found == {"CRC-1": (("immigration", "labour"),)}


def test_coordinating_kinds_come_from_the_catalogue():
    from .conftest import make_catalogue

    catalogue = make_catalogue(coordinating_link_kinds=["referral", "funding"])
    report = analyse(workspace(actors=ACTORS, mandates=MANDATES, links=LINKS), catalogue)
    assert {u.code: u.missing_pairs for u in report.uncoordinated} == {
        "CRC-1": (("immigration", "labour"),)}


def test_declared_conflicts(report):
    (conflict,) = report.conflicts
    assert conflict.type == "mandate-conflict"
    assert conflict.link_key == "L3"
    assert conflict.actor_keys == ("A2", "A3")
    assert conflict.sectors == ("immigration", "labour")
    assert conflict.shared_provisions == ("CRC-1",)
    assert conflict.shared_forms == ()


def test_a_conflict_keeps_its_notes_and_needs_two_known_actors(catalogue):
    links = [*LINKS,
             CoordinationLink(key="L0", source_key="A1", target_key="A4", kind="conflict",
                              notes="Who houses the child tonight.", legal_basis="act"),
             CoordinationLink(key="L9", source_key="A1", target_key="AX", kind="conflict")]
    report = analyse(workspace(actors=ACTORS, mandates=MANDATES, links=links), catalogue)
    assert [c.link_key for c in report.conflicts] == ["L0", "L3"]  # by key; AX unknown
    first = report.conflicts[0]
    assert (first.notes, first.legal_basis, first.sectors) == (
        "Who houses the child tonight.", "act", ("child-protection", "child-protection"))
    assert first.to_dict()["notes"] == "Who houses the child tonight."
    assert report.conflicts[1].notes == ""


def test_function_gaps_come_from_the_map_once_per_hole(catalogue):
    """The hand-built mandates above name no function, so every function of every form is a
    gap; give one actor identification for labour exploitation (any child) and another
    protection for it, for unaccompanied children only (a limited mandate)."""
    forms = [f.code for f in catalogue.forms]
    bare = analyse(workspace(actors=ACTORS, mandates=MANDATES, links=LINKS), catalogue)
    assert len(bare.function_gaps) == len(forms) * 8  # 5 chain + 3 supporting functions
    mandates = [*MANDATES,
                Mandate(key="M6", actor_key="A3", forms=("labour-exploitation",),
                        functions=("identification",)),
                Mandate(key="M7", actor_key="A4", forms=("labour-exploitation",),
                        groups=("unaccompanied",), functions=("protection",),
                        limited_to_groups=True)]
    report = analyse(workspace(actors=ACTORS, mandates=mandates, links=LINKS), catalogue)
    labour = {g.function: g for g in report.function_gaps if g.form == "labour-exploitation"}
    assert "identification" not in labour
    assert labour["protection"].groups == tuple(
        g.code for g in catalogue.child_groups if g.code != "unaccompanied")
    assert labour["referral"].type == "function-gap"
    assert "labour exploitation" in labour["referral"].message.lower()
    plain = report.to_dict()["mandates"]["function_gaps"]
    assert len(plain) == len(report.function_gaps)


# --- on the default catalogue ---------------------------------------------------------------
@pytest.fixture(scope="module")
def default_catalogue():
    return load_default_catalogue()


def test_clauses_no_actor_carries_out_are_never_uncovered(default_catalogue):
    """CRC-41 ('higher standards prevail') and the other interpretive and final clauses
    call for no implementing actor: a map with no mandate at all leaves every other
    assessable provision uncovered, and never them."""
    waived = {p.code for p in default_catalogue.provisions() if not p.needs_actor}
    assert "CRC-41" in waived
    bare = analyse(workspace(actors=ACTORS, catalogue_key=default_catalogue.key),
                   default_catalogue)
    listed = [u.provision for u in bare.uncovered_provisions]
    assert listed == [p.code for p in default_catalogue.provisions()
                      if p.assessable and p.needs_actor]
    assert not waived & set(listed)


def test_the_demo_never_lists_crc_41_as_unmandated(default_catalogue):
    report = analyse(build_demo(), default_catalogue)
    assert "CRC-41" not in {u.provision for u in report.uncovered_provisions}


def test_a_conflict_names_the_institutions_not_their_keys(catalogue):
    links = [CoordinationLink(key="L0", source_key="A2", target_key="A1", kind="conflict",
                              notes="Who decides on return.")]
    report = analyse(workspace(actors=ACTORS, mandates=MANDATES, links=links), catalogue)
    [conflict] = report.conflicts
    assert conflict.message == ("Declared conflict between Borders and Care: Who decides on "
                                "return.")
    assert conflict.title == "Conflicting mandates: Borders and Care"
    assert conflict.actor_keys == ("A2", "A1")  # the keys stay, for the navigator
    # without notes, what both mandates name
    [bare] = analyse(workspace(actors=ACTORS, mandates=MANDATES, links=LINKS),
                     catalogue).conflicts
    assert bare.message == ("Declared conflict between Borders and Inspectorate, whose "
                            "mandates both name CRC-1.")


def test_a_specialised_function_nobody_holds_is_one_gap(default_catalogue):
    specialised = [f.code for f in default_catalogue.mandate_functions if f.part_of]
    protection = Mandate(key="M9", actor_key="A1", functions=("protection",))
    data = workspace(actors=ACTORS, mandates=[protection],
                     catalogue_key=default_catalogue.key)
    report = analyse(data, default_catalogue)
    assert [g.function for g in report_gaps(data, default_catalogue)] == specialised
    # naming a provision the catalogue gives for guardianship, with protection, carries it
    [basis, *_] = next(f.provisions for f in default_catalogue.mandate_functions
                       if f.code == "guardianship")
    carried = workspace(actors=ACTORS, mandates=[
        Mandate(key="M9", actor_key="A1", functions=("protection",), provisions=(basis,))],
        catalogue_key=default_catalogue.key)
    assert "guardianship" not in [g.function for g in report_gaps(carried, default_catalogue)]
    # the function gaps stay one per form and function
    forms = default_catalogue.codes("forms")
    assert len(report.function_gaps) == len(forms) * 7  # all but protection


def report_gaps(data, catalogue):
    return mandate_coverage(data, CatalogueIndex.build(catalogue)).specialised_gaps
