"""Reiterated recommendations: near-duplicates across States, mechanisms and cycles form one
family named by its earliest member."""

from __future__ import annotations

import numpy as np
import pytest

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.exchange.recommendations import read_recommendations
from impactkit.recommendations import reiteration
from impactkit.recommendations.model import Mechanism, Recommendation
from impactkit.recommendations.reiteration import (
    THRESHOLD,
    ReiterationIndex,
    comparable_text,
    families,
    similarity,
)
from tests.conftest import shared_file


def rec(key: str, text: str, cycle: str = "", mechanism: Mechanism = Mechanism.UPR
        ) -> Recommendation:
    return Recommendation(key=key, mechanism=mechanism, text=text, cycle=cycle)


RECS = [
    rec("upr-4-140.1", "Ratify the International Convention for the Protection of All Persons "
                       "from Enforced Disappearance (Chile);", "4"),
    rec("upr-3-121.1", "Ratify the International Convention for the Protection of All Persons "
                       "from Enforced Disappearance (France) (Lithuania);", "3"),
    rec("crc-5-aa", "Consider ratifying the International Convention for the Protection of "
                    "All Persons from Enforced Disappearance", "5", Mechanism.CRC),
    rec("upr-3-121.9", "Adopt a national action plan against domestic violence (Peru);", "3"),
    rec("upr-4-140.7", "Improve the access of Roma children to preschool education (Spain);",
        "4"),
    rec("upr-4-140.8", "Improve access to preschool education for Roma children (Italy);", "4"),
]


def test_comparable_text_drops_every_attribution():
    text = ("Complete the ratification of the Convention (Ukraine); Increase efforts towards "
            "ratification of the Convention (Slovakia);")
    assert comparable_text(text) == ("complete the ratification of the convention; increase "
                                     "efforts towards ratification of the convention")
    kept = "Ratify the Forced Labour Convention, 1930 (No. 29) and its Protocol (Chile)"
    assert "(no. 29) and its protocol" in comparable_text(kept)


def test_reiterations_form_families_named_by_the_earliest():
    found = families(RECS)
    assert found["upr-4-140.1"] == found["crc-5-aa"] == found["upr-3-121.1"] == "upr-3-121.1"
    assert found["upr-3-121.9"] == "upr-3-121.9"  # unrelated: its own family
    assert found["upr-4-140.7"] == found["upr-4-140.8"] == "upr-4-140.7"


def test_earliest_compares_cycles_and_keys_as_numbers():
    twins = [rec("upr-10-1", "Ratify the Lanzarote Convention", "10"),
             rec("upr-9-122.10", "Ratify the Lanzarote Convention", "9"),
             rec("upr-9-122.2", "Ratify the Lanzarote Convention", "9"),
             rec("x", "Ratify the Lanzarote Convention")]
    assert set(families(twins).values()) == {"upr-9-122.2"}


def test_threshold_separates_rewording_from_a_shared_formula():
    index = ReiterationIndex.build(RECS)
    assert index.similarity("upr-3-121.1", "upr-4-140.1") == pytest.approx(1.0)
    assert index.similarity("upr-4-140.7", "upr-4-140.8") >= THRESHOLD
    assert index.similarity("upr-3-121.9", "upr-4-140.7") < 0.1
    assert similarity(RECS[0], RECS[2], among=RECS) == \
        pytest.approx(index.similarity("upr-4-140.1", "crc-5-aa"))
    # the pairs found are exactly those at or above the threshold
    pairs = {(index.keys[i], index.keys[j]) for i, j, _ in index.pairs()}
    assert ("upr-4-140.1", "upr-3-121.1") in pairs
    assert all(index.similarity(a, b) >= THRESHOLD for a, b in pairs)


def test_common_terms_are_left_out_of_the_search_but_counted(monkeypatch):
    """With a small budget the commonest terms are not searched for candidates, but a
    candidate's similarity still counts them: the same pairs, with the same scores."""
    filler = [rec(f"f{i}", f"Ensure children are safe in town{i}") for i in range(50)]
    pair = [rec("a", "Ensure children are protected under the Lanzarote Convention (Chile)"),
            rec("b", "Ensure that children are protected by the Lanzarote Convention (Peru)")]
    index = ReiterationIndex.build([*filler, *pair])
    exact = index.pairs()
    monkeypatch.setattr(reiteration, "PRODUCT_BUDGET", 1000.0)
    used_by = np.bincount(index.vectors.indices, minlength=index.vectors.shape[1])
    searched = reiteration._searched_terms(used_by)
    assert used_by[searched].max() < 50 <= used_by.max()  # "ensure", "children" left out
    assert index.pairs() == exact
    assert [(index.keys[i], index.keys[j]) for i, j, _ in exact] == [("a", "b")]


def test_members_are_close_to_the_first_and_chains_do_not_join():
    chain = [rec("a", "Ratify the Lanzarote Convention", "1"),
             rec("b", "Ratify the Lanzarote Convention and the Istanbul Convention", "2"),
             rec("c", "Ratify the Istanbul Convention", "3")]
    index = ReiterationIndex.build(chain)
    assert index.similarity("a", "b") >= THRESHOLD
    assert index.similarity("b", "c") >= THRESHOLD
    assert index.similarity("a", "c") < THRESHOLD
    assert index.families() == {"a": "a", "b": "a", "c": "c"}


def test_empty_and_degenerate_inputs():
    assert families([]) == {}
    assert families([rec("a", "The")]) == {"a": "a"}
    assert families([rec("a", "the"), rec("b", "of")]) == {"a": "a", "b": "b"}


@pytest.fixture(scope="module")
def slovenia():
    path = shared_file("ohchr_upr_thematic_SVN_c3c4.csv")
    recs = read_recommendations(path, catalogue=load_default_catalogue())
    return recs, ReiterationIndex.build(recs)


@pytest.mark.parametrize(("third", "fourth"), [
    ("upr-3-122.2", "upr-4-140.3"),  # ratify the migrant workers convention
    ("upr-3-121.36", "upr-4-140.179"),  # prevent and combat violence against women
    ("upr-3-121.51", "upr-4-140.246"),  # protect the rights of migrants and asylum seekers
    ("upr-3-122.1", "upr-4-140.7"),  # the optional protocol to the ICESCR
])
def test_slovenia_reiterations_across_cycles(slovenia, third, fourth):
    _, index = slovenia
    found = index.families()
    assert found[fourth] == found[third]
    assert found[third] == found[found[third]]  # a family key is its own family


@pytest.mark.parametrize(("a", "b"), [
    ("upr-3-122.4", "upr-4-140.14"),  # "complete the ratification of" two other conventions
    ("upr-3-122.24", "upr-4-140.151"),  # promote gender equality / economic life
    ("upr-3-121.1", "upr-4-140.3"),  # two different conventions to ratify
])
def test_slovenia_related_but_different_are_apart(slovenia, a, b):
    _, index = slovenia
    found = index.families()
    assert found[a] != found[b]


def test_slovenia_families_start_in_the_earlier_cycle(slovenia):
    recs, index = slovenia
    found = index.families()
    cycles = {r.key: r.cycle for r in recs}
    grouped = [k for k, f in found.items() if k != f]
    assert grouped, "some recommendations are reiterations"
    assert all(cycles[found[k]] <= cycles[k] for k in grouped)
    crossing = {found[k] for k in grouped if cycles[k] != cycles[found[k]]}
    assert len(crossing) >= 5
    assert all(index.similarity(k, found[k]) >= THRESHOLD for k in grouped)
