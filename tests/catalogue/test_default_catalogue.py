"""The default catalogue holds the IMPACT methodology with the fixed codes of the project."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from catalogue_helpers import treaty_texts_file

from impactkit.catalogue import DEFAULT_KEY, load_default_catalogue, validate_catalogue
from impactkit.catalogue.schema import Catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_default_catalogue()


INSTRUMENT_SIZES = {"CRC": 54, "OPSC": 17, "OPAC": 13, "PALERMO": 20, "ILO138": 18,
                    "ILO182": 16, "CETS197": 47, "CETS201": 50, "EUATD": 25}

CLUSTERS = {
    "general-measures": [4, 42, 44],
    "definition": [1],
    "general-principles": [2, 3, 6, 12],
    "civil-rights": [7, 8, 13, 14, 15, 16, 17],
    "violence": [19, 24, 28, 34, 37, 39],
    "family-care": [5, 9, 10, 11, 18, 20, 21, 25, 27],
    "health-welfare": [6, 18, 23, 24, 26, 27, 33],
    "education-leisure": [28, 29, 30, 31],
    "special-protection": [22, 30, 32, 33, 34, 35, 36, 37, 38, 39, 40],
}

VOCABULARIES = {
    "areas": "inclusion compliance appropriateness effectiveness coherence",
    "layers": "law-policy practice child-perspective",
    "needs_dimensions": "survival development protection participation",
    "systemic_dimensions": "quantitative qualitative mediation coordination legislative economic",
    "sectors": "child-protection law-enforcement judiciary labour education health immigration "
               "social-economic finance-budget governance",
    "child_groups": "unaccompanied separated asylum-seeking refugee undocumented stateless "
                    "ethnic-minority disability alternative-care out-of-school "
                    "street-connected working trafficking-victims in-conflict-with-law "
                    "deprived-of-liberty girls boys lgbtqi rural poverty left-behind",
    "forms": "sexual-exploitation online-sexual-exploitation labour-exploitation "
             "domestic-servitude forced-begging forced-criminality child-marriage "
             "illegal-adoption organ-removal armed-recruitment sale-of-children",
    "exclusion_criteria": "status age nationality documents place form-of-exploitation",
    "mandate_functions": "identification referral assessment protection prosecution "
                         "prevention monitoring durable-solution age-assessment "
                         "accommodation guardianship best-interests legal-aid "
                         "residence-status non-punishment child-friendly-justice "
                         "compensation family-tracing follow-up",
    "actor_types": "ministry agency court police prosecution municipality service ngo "
                   "ombudsperson guardianship coordination-body international",
    "actor_levels": "national regional local",
    "instrument_kinds": "law regulation policy plan protocol budget-line",
    "link_kinds": "referral coordination-body data-sharing funding supervision conflict",
    "evidence_kinds": "desk-review statistics key-informant-interview child-consultation "
                      "validation-workshop case-file-review ngo-report monitoring-report",
}


def test_is_the_impact_default(catalogue: Catalogue) -> None:
    assert catalogue.key == DEFAULT_KEY == "impact-default"
    assert catalogue.version == "1.0"
    assert catalogue.title


def test_is_loaded_once(catalogue: Catalogue) -> None:
    assert load_default_catalogue() is catalogue


def test_package_folder_validates_cleanly() -> None:
    folder = resources.files("impactkit.catalogue").joinpath("default")
    assert validate_catalogue(Path(str(folder))) == []


def test_has_the_nine_instruments_in_order(catalogue: Catalogue) -> None:
    assert {i.code: len(i.provisions) for i in catalogue.instruments} == INSTRUMENT_SIZES
    assert [i.code for i in catalogue.instruments] == list(INSTRUMENT_SIZES)


@pytest.mark.parametrize(("code", "size"), INSTRUMENT_SIZES.items())
def test_provisions_are_numbered_articles_with_own_titles(catalogue: Catalogue, code: str,
                                                         size: int) -> None:
    instrument = next(i for i in catalogue.instruments if i.code == code)
    assert [p.code for p in instrument.provisions] == [f"{code}-{n}" for n in range(1, size + 1)]
    assert [p.article for p in instrument.provisions] == [str(n) for n in range(1, size + 1)]
    titles = [p.title for p in instrument.provisions]
    assert len(set(titles)) == size, "each article of an instrument has its own title"


def test_aliases_match_the_treaty_texts_file(catalogue: Catalogue) -> None:
    aliases = {i.code: i.aliases for i in catalogue.instruments}
    assert aliases == {"CRC": [], "OPSC": [], "OPAC": [], "PALERMO": ["PALERMO_TIP"],
                       "ILO138": ["ILO_C138"], "ILO182": ["ILO_C182"],
                       "CETS197": ["COE_CETS197"], "CETS201": ["COE_CETS201"], "EUATD": []}


def test_crc_parts_two_and_three_are_not_assessable(catalogue: Catalogue) -> None:
    crc = next(i for i in catalogue.instruments if i.code == "CRC")
    not_assessable = [int(p.article) for p in crc.provisions if not p.assessable]
    assert not_assessable == list(range(43, 55))


def test_substantive_articles_of_protocols_are_assessable(catalogue: Catalogue) -> None:
    for code in ("OPSC-1", "OPSC-8", "OPAC-4", "PALERMO-3", "ILO182-3", "CETS197-10",
                 "CETS201-23", "EUATD-16"):
        provision = catalogue.provision(code)
        assert provision is not None and provision.assessable, code
    for code in ("OPSC-17", "OPAC-13", "PALERMO-20", "ILO182-16", "CETS197-47", "EUATD-25"):
        provision = catalogue.provision(code)
        assert provision is not None and not provision.assessable, code


def test_clusters_are_the_crc_reporting_clusters(catalogue: Catalogue) -> None:
    assert {c.code: c.provisions for c in catalogue.clusters} == {
        code: [f"CRC-{n}" for n in articles] for code, articles in CLUSTERS.items()}
    assert catalogue.clusters_of("CRC-6") == ["general-principles", "health-welfare"]


@pytest.mark.parametrize(("vocabulary", "codes"), VOCABULARIES.items())
def test_vocabularies_use_the_fixed_codes(catalogue: Catalogue, vocabulary: str,
                                          codes: str) -> None:
    assert catalogue.codes(vocabulary) == codes.split()
    assert all(item.title for item in getattr(catalogue, vocabulary))


def test_each_area_has_three_to_six_questions(catalogue: Catalogue) -> None:
    for area in catalogue.areas:
        assert 3 <= len(area.questions) <= 6, area.code


def test_needs_dimensions_and_forms_name_their_provisions(catalogue: Catalogue) -> None:
    needs = {d.code: d.provisions for d in catalogue.needs_dimensions}
    assert "CRC-6" in needs["survival"]
    assert "CRC-12" in needs["participation"]
    assert {"CRC-32", "CRC-34", "CRC-35"} <= set(needs["protection"])
    forms = {f.code: f.provisions for f in catalogue.forms}
    assert forms["armed-recruitment"] == ["CRC-38", "CRC-39", "OPAC-1", "OPAC-2", "OPAC-3",
                                          "OPAC-4", "OPAC-6", "ILO182-3"]
    assert all(forms.values()), "every form of exploitation names its key provisions"


def test_related_links_go_both_ways(catalogue: Catalogue) -> None:
    pairs = set()
    for provision in catalogue.provisions():
        for other in provision.related:
            target = catalogue.provision(other)
            assert target is not None, f"{provision.code} -> {other}"
            assert provision.code in target.related, f"{other} does not link back"
            pairs.add(frozenset((provision.code, other)))
    assert len(pairs) >= 25


@pytest.mark.parametrize(("code", "related"), [
    ("CRC-32", {"ILO182-3", "ILO138-2"}),
    ("CRC-34", {"OPSC-3", "CETS201-18", "CETS201-19", "CETS201-20", "CETS201-21",
                "CETS201-22", "CETS201-23"}),
    ("CRC-35", {"OPSC-1", "PALERMO-3", "CETS197-4", "EUATD-2"}),
    ("CRC-38", {"OPAC-1", "OPAC-2", "OPAC-3", "OPAC-4"}),
    ("CRC-20", {"CETS197-10", "EUATD-16"}),
    ("CRC-22", {"PALERMO-7", "CETS197-14", "EUATD-16"}),
])
def test_key_cross_references(catalogue: Catalogue, code: str, related: set[str]) -> None:
    provision = catalogue.provision(code)
    assert provision is not None
    assert related <= set(provision.related)


def test_indicator_library(catalogue: Catalogue) -> None:
    indicators = {i.code: i for i in catalogue.indicators}
    assert 45 <= len(indicators) <= 60
    assert {i.type for i in indicators.values()} == {"structural", "process", "outcome"}
    assert indicators["national-referral-mechanism"].type == "structural"
    assert indicators["guardian-within-72h"].unit == "percent"
    assert indicators["guardian-within-72h"].direction == "higher-is-better"
    assert indicators["child-marriage-sdg-5-3-1"].direction == "lower-is-better"
    assert indicators["identified-child-victims"].direction == "neutral"
    for indicator in indicators.values():
        assert indicator.areas and indicator.provisions and indicator.sectors, indicator.code
        assert indicator.suggested_sources, indicator.code


def test_rating_scale_is_zero_to_four(catalogue: Catalogue) -> None:
    scale = catalogue.rating_scale
    assert [(level.value, level.label) for level in scale.levels] == [
        (0, "Absent or contrary"), (1, "Weak"), (2, "Partial"), (3, "Substantial"),
        (4, "Full")]
    assert (scale.minimum, scale.maximum) == (0, 4)
    assert all(len(level.description) > 80 for level in scale.levels)


def test_scoring_rules_are_published(catalogue: Catalogue) -> None:
    scoring = catalogue.scoring
    assert scoring.confidence_weights == {"high": 1.0, "medium": 0.7, "low": 0.4}
    assert scoring.status_weights == {"draft": 1.0, "reviewed": 1.0, "validated": 1.0}
    assert (scoring.exclusion_threshold, scoring.gap_threshold) == (50.0, 25.0)
    assert scoring.coordinating_link_kinds == ["referral", "coordination-body", "data-sharing",
                                               "supervision"]
    # the plain-words rule states the numbers actually configured
    for number in ("1.0", "0.7", "0.4", "below 50", "25"):
        assert number in scoring.rule


def test_titles_are_ours_not_the_official_headings(catalogue: Catalogue) -> None:
    document = json.loads(treaty_texts_file().read_text(encoding="utf-8"))
    names = {name: i.code for i in catalogue.instruments for name in (i.code, *i.aliases)}
    compared = 0
    for instrument in document["instruments"]:
        for article in instrument["articles"]:
            if not article.get("title"):
                continue
            ours = catalogue.provision(f"{names[instrument['code']]}-{article['number']}")
            assert ours is not None
            assert ours.title.lower() != article["title"].strip().rstrip(".").lower(), ours.code
            compared += 1
    assert compared == 117  # PALERMO 20 + CETS197 47 + CETS201 50 have official headings


def test_vulnerability_starter_set_covers_every_dimension_with_official_sources(
        catalogue: Catalogue) -> None:
    model = [i for i in catalogue.indicators if i.in_vulnerability_model]
    assert {i.dimension for i in model} == set(catalogue.vulnerability.dimensions)
    assert {i.factor for i in model} == {"risk", "resilience"}
    for indicator in model:
        assert indicator.source, indicator.code
        assert indicator.goalposts is not None
        assert indicator.direction != "neutral"
    by_code = {i.code: i for i in model}
    assert by_code["under5-mortality-sdg-3-2-1"].series == ["SH_DYN_MORT", "CME_MRY0T4"]
    assert by_code["under5-mortality-sdg-3-2-1"].log
    assert by_code["birth-registration-sdg-16-9-1"].factor == "resilience"
    assert by_code["child-marriage-sdg-5-3-1"].sdg == "5.3.1"
