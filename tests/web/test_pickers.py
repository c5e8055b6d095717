"""Pickers of several values on record forms: the markup a browser gets without JavaScript.

Provisions come as checkboxes under a heading per instrument, with a second, nameless view by
reporting cluster that the script switches to; long lists carry a search box tied to the list
it filters and a live region; the values sent are the field's own, so a form ticked here saves
exactly as the old multiple select did.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.services.record_fields import Choices, field_choices, fields_of
from impactkit.store.db import Database
from impactkit.store.records import load_workspace_data
from tests.web.conftest import LATEST
from tests.web.test_recommendations import R, recs  # noqa: F401 (the fixture)
from tests.web.test_records import Login, W, form_values, post, soup

CATALOGUE = load_default_catalogue()


def picker(page: BeautifulSoup, field: str, prefix: str = "f") -> Tag:
    found = page.find("fieldset", id=f"{prefix}-{field}")
    assert isinstance(found, Tag), f"no picker for {field}"
    return found


def view(fieldset: Tag, name: str) -> Tag:
    found = fieldset.find(attrs={"data-view": name})
    assert isinstance(found, Tag), f"no {name} view"
    return found


def headings(body: Tag) -> list[str]:
    return [group.legend.get_text(strip=True) for group in body.find_all(
        "fieldset", class_="picker-group") if group.legend]


def ticked(body: Tag, *, attribute: str = "value") -> list[str]:
    return [str(box[attribute]) for box in body.find_all("input", type="checkbox")
            if box.has_attr("checked")]


def test_provisions_are_checkboxes_grouped_by_instrument(login: Login) -> None:
    page = soup(login("contributor").get(f"{W}/mandates/new"))
    provisions = picker(page, "provisions")
    assert page.find("select", attrs={"name": "provisions"}) is None
    by_instrument = view(provisions, "instrument")
    assert headings(by_instrument) == [i.short_title for i in CATALOGUE.instruments]
    boxes = by_instrument.find_all("input", type="checkbox")
    assert [b["value"] for b in boxes] == [p.code for p in CATALOGUE.provisions()]
    assert {b["name"] for b in boxes} == {"provisions"}
    for box in boxes:  # every box is named by the label around it
        assert box.find_parent("label") is not None, box["value"]
    crc32 = by_instrument.find("input", attrs={"value": "CRC-32"})
    assert crc32 is not None
    assert crc32.find_parent("fieldset").legend.get_text(strip=True) == "CRC"  # type: ignore[union-attr]
    assert "economic exploitation" in crc32.find_parent("label").get_text()  # type: ignore[union-attr]


def test_a_long_list_has_a_search_box_a_live_region_and_its_help_tied_to_it(
        login: Login) -> None:
    page = soup(login("contributor").get(f"{W}/findings/new"))
    provisions = picker(page, "provisions")
    assert "f-provisions-help" in str(provisions["aria-describedby"]).split()
    help_text = page.find(id="f-provisions-help")
    assert help_text is not None and "at least one provision" in help_text.get_text()
    search = provisions.find("input", type="search")
    assert isinstance(search, Tag)
    assert page.find(id=str(search["aria-controls"])) is provisions.find(class_="picker-list")
    label = provisions.find("label", attrs={"for": search["id"]})
    assert label is not None and label.get_text(strip=True) == "Search by code or words"
    keys = page.find(id=str(search["aria-describedby"]))
    assert keys is not None and "arrow keys" in keys.get_text()
    status = provisions.find(attrs={"role": "status"})
    assert status is not None and status.get_text(strip=True) == ""
    message = str(provisions["data-msg-count"])
    assert all(f"{{{name}}}" in message for name in ("field", "shown", "total"))
    assert provisions["data-field"] == "Provisions"
    # the tools need the script: without it they stay hidden and every box shows
    tools = provisions.find(class_="picker-tools")
    assert isinstance(tools, Tag) and tools.has_attr("hidden")
    script = page.find("script", src="/static/js/pickers.js")
    assert script is not None and script.has_attr("defer")


def test_a_short_list_stays_a_plain_group_of_checkboxes(login: Login) -> None:
    page = soup(login("contributor").get(f"{W}/findings/new"))
    sectors = picker(page, "sectors")
    assert sectors.find("input", type="search") is None
    assert not sectors.has_attr("data-picker")
    assert len(sectors.find_all("input", type="checkbox")) == len(CATALOGUE.sectors)
    groups = picker(page, "groups")  # 21 child groups: long enough to search
    assert groups.find("input", type="search") is not None
    assert groups.find(attrs={"data-view": "cluster"}) is None  # no second grouping


def test_the_cluster_view_shows_a_provision_under_each_cluster_and_sends_nothing(
        login: Login) -> None:
    page = soup(login("contributor").get(f"{W}/mandates/new"))
    clustered = view(picker(page, "provisions"), "cluster")
    assert clustered.has_attr("hidden")
    boxes = clustered.find_all("input", type="checkbox")
    assert boxes and all(not box.has_attr("name") for box in boxes)
    clusters = [c.title for c in CATALOGUE.clusters]
    assert headings(clustered)[:len(clusters)] == clusters
    in_cluster = {c.code for c in CATALOGUE.clusters if "CRC-6" in c.provisions}
    assert len(in_cluster) >= 2, "the catalogue puts CRC-6 in several clusters"
    shown_under = [box.find_parent("fieldset").legend.get_text(strip=True)  # type: ignore[union-attr]
                   for box in boxes if box["data-value"] == "CRC-6"]
    assert shown_under == [c.title for c in CATALOGUE.clusters if c.code in in_cluster]
    # every provision can be chosen in this view too: those of no cluster by instrument
    assert {box["data-value"] for box in boxes} == {p.code for p in CATALOGUE.provisions()}
    assert "Palermo Protocol" in headings(clustered)


def test_choices_of_provisions_carry_both_groupings() -> None:
    spec = next(s for s in fields_of("findings") if s.name == "provisions")
    choices = field_choices(spec, CATALOGUE, {}, entity="findings")
    assert isinstance(choices, Choices)
    assessable = {p.code for p in CATALOGUE.provisions() if p.assessable}
    assert [c.code for c in choices] == [p.code for p in CATALOGUE.provisions()
                                         if p.code in assessable]
    assert [g.title for g in choices.groups] == [
        i.short_title for i in CATALOGUE.instruments
        if any(p.code in assessable for p in i.provisions)]
    clustered = {c.code for g in choices.by_cluster for c in g.choices}
    assert clustered == assessable  # a finding is offered no procedural provision there either


def test_ticked_provisions_are_saved_and_shown_ticked_in_both_views(
        login: Login, web_database: Database) -> None:
    contributor = login("contributor")
    new = contributor.get(f"{W}/mandates/new")
    chosen = ["CETS197-10", "CRC-3", "EUATD-16"]
    values = [(n, v) for n, v in form_values(new) if n not in ("key", "actor_key")]
    values += [("key", "picked-mandate"), ("actor_key", "asylum-reception")]
    values += [("provisions", code) for code in chosen]  # as ticked boxes send them
    saved = post(contributor, f"{W}/mandates/new", values)
    assert saved.status_code == 303, saved.text[:2000]
    with web_database.connect() as conn:
        data = load_workspace_data(conn, workspace_key=LATEST)
    mandate = next(m for m in data.mandates if m.key == "picked-mandate")
    assert list(mandate.provisions) == chosen

    edit = soup(contributor.get(f"{W}/mandates/picked-mandate/edit"))
    provisions = picker(edit, "provisions")
    assert ticked(view(provisions, "instrument")) == ["CRC-3", "CETS197-10", "EUATD-16"]
    assert set(ticked(view(provisions, "cluster"), attribute="data-value")) == set(chosen)


def test_the_recommendation_tag_form_uses_the_same_pickers(login: Login,
                                                          recs: Database) -> None:  # noqa: F811
    page = soup(login("contributor").get(f"{R}/crc-5-32a"))
    provisions = picker(page, "provisions", prefix="tags")
    assert headings(view(provisions, "instrument"))[0] == "CRC"
    assert provisions.find("input", type="search") is not None
    summary = picker(page, "summary", prefix="tags")  # a plain list of choices: no headings
    assert [b["value"] for b in summary.find_all("input", type="checkbox")] == [
        "child-rights", "trafficking"]
    assert summary.find("fieldset", class_="picker-group") is None
