"""The map analysis on a small hand-built map with answers worked out by hand."""

from __future__ import annotations

import dataclasses
import json
import random

import networkx as nx
import pytest

from impactkit.analysis import analyse
from impactkit.analysis.index import CatalogueIndex
from impactkit.analysis.mandates import mandate_coverage
from impactkit.domain import Actor, Mandate, WorkspaceData
from impactkit.systemmap import (
    COORDINATING_KINDS,
    FUNCTION_CHAIN,
    SUPPORTING_FUNCTIONS,
    analyse_map,
    build_graph,
    responsible,
)
from impactkit.systemmap.analysis import (
    PAIR_SAMPLE,
    map_gap,
    uncoordinated_page,
)
from impactkit.systemmap.bridges import cut_points
from tests.systemmap.conftest import link, small_map


def test_graph_has_actor_nodes_and_keyed_link_edges(data):
    graph = build_graph(data)
    assert graph.nodes["shelter"] == {"name": "Shelter", "sector": "child-protection",
                                      "level": "local", "type": "service"}
    assert graph.number_of_edges() == 5
    edge = graph.edges["social", "shelter", "social-referral-shelter"]
    assert edge == {"kind": "referral", "legal_basis": "act", "notes": ""}
    assert "funding" not in COORDINATING_KINDS and "conflict" not in COORDINATING_KINDS


def limited(data: WorkspaceData) -> WorkspaceData:
    """The hand-built map with the guardians' and immigration's mandates limited to
    unaccompanied children (in the fixture they serve them in particular, and every child)."""
    data.mandates[:] = [dataclasses.replace(m, limited_to_groups=True) if m.groups else m
                        for m in data.mandates]
    return data


def test_a_mandate_with_groups_covers_other_children_unless_limited(data):
    assert responsible(data, form="labour-exploitation", group=None,
                       function="identification") == ["social"]
    assert responsible(data, form="sexual-exploitation", group=None,
                       function="identification") == ["border", "police", "social"]
    # guardians and immigration name unaccompanied children: in particular, not only
    assert responsible(data, form="labour-exploitation", group="girls",
                       function="assessment") == ["guardians", "immigration", "social"]
    limited(data)
    assert responsible(data, form="labour-exploitation", group="girls",
                       function="assessment") == ["social"]
    assert responsible(data, form="labour-exploitation", group="unaccompanied",
                       function="assessment") == ["guardians", "immigration", "social"]
    assert responsible(data, form=None, group=None, function="protection") == ["social"]


def test_chain_has_every_cell_with_the_same_answer_as_responsible(data, catalogue):
    report = analyse_map(limited(data), catalogue)
    forms, groups = catalogue.codes("forms"), catalogue.codes("child_groups")
    functions = FUNCTION_CHAIN + SUPPORTING_FUNCTIONS
    assert len(report.chain) == len(forms) * (len(groups) + 1) * len(functions)
    for cell in random.Random(5).sample(report.chain, 200):
        assert list(cell.actors) == responsible(data, form=cell.form, group=cell.group,
                                                function=cell.function)


def test_a_gap_is_reported_once_with_the_groups_it_leaves_out(data, catalogue):
    report = analyse_map(limited(data), catalogue)
    forms, groups = catalogue.codes("forms"), catalogue.codes("child_groups")
    gaps = {(g.form, g.function): g for g in report.gaps}
    # durable solution held only for unaccompanied children (limited): one gap per form,
    # every other group its detail; prevention and monitoring held by nobody; prosecution
    # only for sexual exploitation
    assert len(report.gaps) == 4 * len(forms) - 1
    dur = gaps[("labour-exploitation", "durable-solution")]
    assert dur.groups == tuple(g for g in groups if g != "unaccompanied")
    assert dur.reason.endswith("every mandate holding this function is limited to other child "
                               "groups (unaccompanied children).")
    assert gaps[("sale-of-children", "monitoring")].groups == tuple(groups)
    # the detail page reads one gap without the rest of the analysis: the same gap
    assert map_gap(limited(data), catalogue, form="labour-exploitation",
                   function="durable-solution") == dur
    assert map_gap(limited(data), catalogue, form="labour-exploitation",
                   function="identification") is None
    assert "no mandate names this function at all" in gaps[
        ("sale-of-children", "monitoring")].reason
    assert ("sexual-exploitation", "prosecution") not in gaps
    assert ("organ-removal", "prosecution") in gaps
    # a gap is exactly a function with no actor for any child; no group has a gap of its own
    assert {(c.form, c.function) for c in report.chain
            if c.group is None and not c.actors} == set(gaps)
    assert not [c for c in report.chain if c.group is not None and not c.actors
                and (c.form, c.function) not in gaps]


def test_unlimited_groups_close_the_gap_for_every_child(data, catalogue):
    """Guardians name unaccompanied children in particular and hold durable solutions:
    unlimited, they hold them for every child, so that gap disappears."""
    report = analyse_map(data, catalogue)
    assert not [g for g in report.gaps if g.function == "durable-solution"]


def test_gap_counts_agree_between_the_map_and_the_analysis(data, catalogue):
    for variant in (data, limited(small_map())):
        report = analyse_map(variant, catalogue)
        analysed = analyse(variant, catalogue)
        assert [(g.form, g.function, g.groups) for g in report.gaps] == [
            (g.form, g.function, g.groups) for g in analysed.function_gaps]
        coverage = mandate_coverage(variant, CatalogueIndex.build(catalogue))
        assert [g.function for g in report.specialised] == [
            g.function for g in coverage.specialised_gaps]


def test_a_specialised_function_nobody_holds_is_one_gap(data, catalogue):
    specialised = [f.code for f in catalogue.mandate_functions if f.part_of]
    report = analyse_map(data, catalogue)
    assert [g.function for g in report.specialised] == specialised  # nobody holds any
    guardianship = next(f for f in catalogue.mandate_functions if f.code == "guardianship")
    # a protection mandate naming one of guardianship's provisions holds it
    data.mandates.append(Mandate(key="m-social-crc20", actor_key="social",
                                 functions=("protection",),
                                 provisions=(guardianship.provisions[0],)))
    data.mandates.append(Mandate(key="m-body-age", actor_key="body",
                                 functions=("age-assessment",)))
    report = analyse_map(data, catalogue)
    assert [g.function for g in report.specialised] == [
        f for f in specialised if f not in ("guardianship", "age-assessment")]
    [gap] = [g for g in analyse_map(small_map(), catalogue).specialised
             if g.function == "guardianship"]
    assert gap.part_of == "protection" and gap.type == "specialised-gap"
    assert "No actor holds guardianship" in gap.message


def test_overlap_with_and_without_coordination(data, catalogue):
    report = analyse_map(data, catalogue)
    overlaps = {(o.form, o.function): o for o in report.overlaps}
    ident = overlaps[("sexual-exploitation", "identification")]
    # general 'social' is not counted; police and border both name the form; funding is not
    # coordination
    assert ident.actors == ("border", "police")
    assert (ident.pairs, ident.uncoordinated_count) == (1, 1)
    assert ident.uncoordinated == (("border", "police"),)
    # only the shelter names the form for protection: one specialist is no overlap
    assert ("sexual-exploitation", "protection") not in overlaps
    assert len(report.overlaps) == 1


def test_members_of_one_coordination_body_count_as_coordinated(data, catalogue):
    data.mandates[0] = data.mandates[0].__class__(
        key="m-social", actor_key="social", functions=("identification",),
        forms=("sexual-exploitation",))
    data.links.append(link("border", "data-sharing", "police"))
    report = analyse_map(data, catalogue)
    ident = next(o for o in report.overlaps if (o.form, o.function)
                 == ("sexual-exploitation", "identification"))
    assert ident.actors == ("border", "police", "social")
    # border-police: data sharing; police-social: both on 'body'; border-social: nothing
    assert (ident.pairs, ident.uncoordinated_count) == (3, 1)
    assert ident.uncoordinated == (("border", "social"),)
    assert uncoordinated_page(data, catalogue, form="sexual-exploitation",
                              function="identification", page=1, size=50) == (
        1, 1, [("border", "social")])


def test_uncoordinated_pairs_are_counted_and_listed_a_page_at_a_time(data, catalogue):
    extra = [f"unit{i}" for i in range(12)]
    data.actors.extend(Actor(key=k, name=k.title(), sector="law-enforcement", level="local",
                             type="police") for k in extra)
    data.mandates.extend(Mandate(key=f"m-{k}", actor_key=k, functions=("identification",),
                                 forms=("sexual-exploitation",)) for k in extra)
    data.links.append(link("unit0", "referral", "unit1"))
    report = analyse_map(data, catalogue)
    ident = next(o for o in report.overlaps if (o.form, o.function)
                 == ("sexual-exploitation", "identification"))
    actors = sorted([*extra, "border", "police"])
    assert ident.actors == tuple(actors)
    assert ident.pairs == 14 * 13 // 2
    assert ident.uncoordinated_count == ident.pairs - 1  # unit0 - unit1 refer
    assert len(ident.uncoordinated) == PAIR_SAMPLE
    total, _, everything = uncoordinated_page(data, catalogue, form="sexual-exploitation",
                                              function="identification", page=1, size=1000)
    assert total == len(everything) == ident.uncoordinated_count
    assert ("unit0", "unit1") not in everything
    assert everything[:PAIR_SAMPLE] == list(ident.uncoordinated)
    _, _, second = uncoordinated_page(data, catalogue, form="sexual-exploitation",
                                      function="identification", page=2, size=10)
    assert second == everything[10:20]
    # a page past the end shows the last page, a page before the start the first
    total, shown, last = uncoordinated_page(data, catalogue, form="sexual-exploitation",
                                            function="identification", page=99, size=40)
    assert (total, shown, last) == (len(everything), 3, everything[80:])
    assert uncoordinated_page(data, catalogue, form="sexual-exploitation",
                              function="identification", page=0, size=40)[1:] == (
        1, everything[:40])


def test_conflicts_isolated_and_counts(data, catalogue):
    report = analyse_map(data, catalogue)
    [conflict] = report.conflicts
    assert (conflict.link_key, conflict.actor_keys, conflict.legal_basis, conflict.notes) == (
        "immigration-conflict-guardians", ("immigration", "guardians"), "act",
        "Who decides on age and return.")
    assert conflict.to_dict()["type"] == "mandate-conflict"
    # institutions by name, not key
    assert conflict.message == ("Declared conflict between Immigration and Guardians: Who "
                                "decides on age and return.")
    assert report.isolated == ["lonely"]
    assert (report.actors, report.links) == (8, 5)


def test_bridge_and_the_pieces_its_loss_leaves(data, catalogue):
    report = analyse_map(data, catalogue)
    # coordinating graph: shelter - social - body - police; border only funded (not linked)
    bridges = {b.actor: b for b in report.bridges}
    assert set(bridges) == {"social", "body"}
    assert bridges["social"].sizes == (2, 1)
    assert bridges["social"].separates == (("shelter",),)
    assert bridges["body"].separates == (("police",),)


def test_sector_density(data, catalogue):
    report = analyse_map(data, catalogue)
    density = {(d.sector_a, d.sector_b): d for d in report.density}
    sectors = catalogue.codes("sectors")
    assert len(density) == len(sectors) * (len(sectors) + 1) // 2
    within = density[("child-protection", "child-protection")]
    assert (within.links, within.possible, within.density) == (1, 3, 0.3333)
    cross = density[("child-protection", "governance")]
    assert (cross.links, cross.possible, cross.density) == (1, 6, pytest.approx(0.1667))
    enforcement = density[("law-enforcement", "law-enforcement")]
    assert (enforcement.links, enforcement.possible) == (0, 1)  # funding does not count
    assert density[("labour", "education")].possible == 0


def test_report_to_dict_is_json_ready(data, catalogue):
    report = analyse_map(data, catalogue).to_dict()
    assert list(report) == ["chain", "gaps", "specialised", "overlaps", "conflicts",
                            "isolated", "bridges", "density", "actors", "links"]
    assert json.loads(json.dumps(report)) == report


@pytest.mark.parametrize("seed", range(8))
def test_cut_points_agree_with_networkx(seed):
    graph = nx.gnm_random_graph(40, 45, seed=seed)
    graph = nx.relabel_nodes(graph, {n: f"a{n:02d}" for n in graph})
    cuts = cut_points(graph)
    assert [c.actor for c in cuts] == sorted(nx.articulation_points(graph))
    for cut in cuts:
        rest = graph.copy()
        rest.remove_node(cut.actor)
        component = nx.node_connected_component(graph, cut.actor) - {cut.actor}
        pieces = sorted((len(c) for c in nx.connected_components(rest) if c <= component),
                        reverse=True)
        assert list(cut.sizes) == pieces
        for piece in cut.separates:
            assert set(piece) in [set(c) for c in nx.connected_components(rest)]
