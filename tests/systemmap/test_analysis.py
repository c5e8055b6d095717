"""The map analysis on a small hand-built map with answers worked out by hand."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest

from impactkit.systemmap import (
    COORDINATING_KINDS,
    FUNCTION_CHAIN,
    SUPPORTING_FUNCTIONS,
    analyse_map,
    build_graph,
    responsible,
)
from impactkit.systemmap.bridges import cut_points
from tests.systemmap.conftest import link


def test_graph_has_actor_nodes_and_keyed_link_edges(data):
    graph = build_graph(data)
    assert graph.nodes["shelter"] == {"name": "Shelter", "sector": "child-protection",
                                      "level": "local", "type": "service"}
    assert graph.number_of_edges() == 5
    edge = graph.edges["social", "shelter", "social-referral-shelter"]
    assert edge == {"kind": "referral", "legal_basis": "act", "notes": ""}
    assert "funding" not in COORDINATING_KINDS and "conflict" not in COORDINATING_KINDS


def test_general_mandates_cover_every_form_and_group_specific_ones_only_theirs(data):
    assert responsible(data, form="labour-exploitation", group=None,
                       function="identification") == ["social"]
    assert responsible(data, form="sexual-exploitation", group=None,
                       function="identification") == ["border", "police", "social"]
    assert responsible(data, form="labour-exploitation", group=None,
                       function="assessment") == ["social"]
    assert responsible(data, form="labour-exploitation", group="unaccompanied",
                       function="assessment") == ["guardians", "immigration", "social"]
    assert responsible(data, form=None, group=None, function="protection") == ["social"]


def test_chain_has_every_cell_with_the_same_answer_as_responsible(data, catalogue):
    report = analyse_map(data, catalogue)
    forms, groups = catalogue.codes("forms"), catalogue.codes("child_groups")
    functions = FUNCTION_CHAIN + SUPPORTING_FUNCTIONS
    assert len(report.chain) == len(forms) * (len(groups) + 1) * len(functions)
    for cell in random.Random(5).sample(report.chain, 200):
        assert list(cell.actors) == responsible(data, form=cell.form, group=cell.group,
                                                function=cell.function)


def test_gaps_are_cells_nobody_holds_with_a_reason(data, catalogue):
    report = analyse_map(data, catalogue)
    gaps = {(g.form, g.group, g.function): g for g in report.gaps}
    # durable solution only for unaccompanied children
    dur = gaps[("labour-exploitation", None, "durable-solution")]
    assert "limited to other cases" in dur.reason and "groups unaccompanied" in dur.reason
    assert ("labour-exploitation", "unaccompanied", "durable-solution") not in gaps
    # nobody holds prevention or monitoring at all
    assert "no mandate names this function at all" in gaps[
        ("sale-of-children", "girls", "monitoring")].reason
    # prosecution exists only for sexual exploitation
    assert ("sexual-exploitation", None, "prosecution") not in gaps
    assert ("organ-removal", None, "prosecution") in gaps
    assert {(c.form, c.group, c.function) for c in report.chain if not c.actors} == set(gaps)


def test_overlap_with_and_without_coordination(data, catalogue):
    report = analyse_map(data, catalogue)
    overlaps = {(o.form, o.group, o.function): o for o in report.overlaps}
    ident = overlaps[("sexual-exploitation", None, "identification")]
    # general 'social' is not counted; police and border both name the form; funding is not
    # coordination
    assert ident.actors == ("border", "police")
    assert ident.uncoordinated == (("border", "police"),)
    # only the shelter names the form for protection: one specialist is no overlap
    assert ("sexual-exploitation", None, "protection") not in overlaps
    # no group names sexual exploitation specifically, so no group cell repeats the overlap
    assert not any(o.group for o in report.overlaps)


def test_members_of_one_coordination_body_count_as_coordinated(data, catalogue):
    data.mandates[0] = data.mandates[0].__class__(
        key="m-social", actor_key="social", functions=("identification",),
        forms=("sexual-exploitation",))
    data.links.append(link("border", "data-sharing", "police"))
    report = analyse_map(data, catalogue)
    ident = next(o for o in report.overlaps if (o.form, o.group, o.function)
                 == ("sexual-exploitation", None, "identification"))
    assert ident.actors == ("border", "police", "social")
    # border-police: data sharing; police-social: both on 'body'; border-social: nothing
    assert ident.uncoordinated == (("border", "social"),)


def test_conflicts_isolated_and_counts(data, catalogue):
    report = analyse_map(data, catalogue)
    [conflict] = report.conflicts
    assert (conflict.link_key, conflict.actor_keys, conflict.legal_basis, conflict.notes) == (
        "immigration-conflict-guardians", ("immigration", "guardians"), "act",
        "Who decides on age and return.")
    assert conflict.to_dict()["type"] == "mandate-conflict"
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
    assert list(report) == ["chain", "gaps", "overlaps", "conflicts", "isolated", "bridges",
                            "density", "actors", "links"]
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
