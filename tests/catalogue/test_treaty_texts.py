"""Full treaty texts are read from JSON, matched by code or alias, and rejected with paths
when the file is malformed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from catalogue_helpers import places, treaty_texts_file

from impactkit.catalogue import (
    TreatyTexts,
    load_default_catalogue,
    read_treaty_texts,
    with_texts,
)
from impactkit.catalogue.schema import Catalogue
from impactkit.errors import CatalogueError


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_default_catalogue()


def write_json(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "texts.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_shared_file_gives_every_crc_article(catalogue: Catalogue) -> None:
    texts = read_treaty_texts(treaty_texts_file(), catalogue)
    crc = {code: text for code, text in texts.texts.items() if code.startswith("CRC-")}
    assert sorted(crc, key=lambda c: int(c.split("-")[1])) == [f"CRC-{n}" for n in range(1, 55)]
    assert crc["CRC-1"].startswith("For the purposes of the present Convention, a child means")
    assert "nationality and. as far as possible" in crc["CRC-7"]  # the original typo is kept
    assert texts.instruments == {"CRC": 54, "OPSC": 17, "OPAC": 13, "PALERMO": 20,
                                 "ILO182": 16, "ILO138": 18, "CETS197": 47, "CETS201": 50}
    assert texts.unmatched == []
    assert len(texts.texts) == 235  # every instrument but the EU directive, which has no text


def test_matching_by_code_and_alias_and_unmatched(tmp_path: Path,
                                                  catalogue: Catalogue) -> None:
    path = write_json(tmp_path, {"instruments": [
        {"code": "CRC", "articles": [{"number": 32, "text": "  Article 32 text.\n"},
                                     {"number": "55", "text": "No such article."}]},
        {"code": "ILO_C182", "title": "ignored", "articles": [{"number": 3, "text": "Worst."}]},
        {"code": "ECHR", "articles": [{"number": 3, "text": "Torture."}]},
    ]})
    texts = read_treaty_texts(path, catalogue)
    assert texts == TreatyTexts(texts={"CRC-32": "Article 32 text.", "ILO182-3": "Worst."},
                                instruments={"CRC": 1, "ILO182": 1},
                                unmatched=["CRC-55", "ECHR"])


def test_malformed_file_reports_every_problem_with_its_path(tmp_path: Path,
                                                            catalogue: Catalogue) -> None:
    path = write_json(tmp_path, {"instruments": [
        {"code": "CRC", "articles": [{"number": 1, "text": "ok"}, {"number": 2},
                                     {"number": True, "text": "x"}, {"number": 1, "text": "y"}]},
        {"articles": []},
        {"code": "OPSC", "articles": "all of them"},
        {"code": "OPAC", "articles": [{"number": 1, "text": "   "}, "article two"]},
        {"code": "CRC", "articles": []},
    ]})
    with pytest.raises(CatalogueError) as raised:
        read_treaty_texts(path, catalogue)
    problems = list(raised.value.problems)
    assert [(p.field, p.message) for p in problems] == [
        ("instruments[0].articles[1].text", "missing"),
        ("instruments[0].articles[2].number", "expected an article number, got true/false"),
        ("instruments[0].articles[3].number", "article 1 appears twice (also "
                                              "instruments[0].articles[0])"),
        ("instruments[1].code", "missing"),
        ("instruments[2].articles", "expected a list, got text"),
        ("instruments[3].articles[0].text", "empty"),
        ("instruments[3].articles[1]", "expected an object, got text"),
        ("instruments[4].code", "'CRC' is instrument CRC, already given at instruments[0]"),
    ]
    assert {p.location for p in problems} == {str(path)}
    assert raised.value.summary == f"{path}: 8 problems in the treaty texts file"


@pytest.mark.parametrize(("document", "field", "message"), [
    ([], None, "expected an object with an 'instruments' list, got a list"),
    ({"treaties": []}, "instruments", "missing"),
    ({"instruments": {"CRC": []}}, "instruments", "expected a list, got an object"),
])
def test_wrong_top_level(tmp_path: Path, catalogue: Catalogue, document: Any,
                         field: str | None, message: str) -> None:
    with pytest.raises(CatalogueError) as raised:
        read_treaty_texts(write_json(tmp_path, document), catalogue)
    assert [(p.field, p.message) for p in raised.value.problems] == [(field, message)]


def test_not_json(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "texts.json"
    path.write_text('{"instruments": [\n  {"code": "CRC",}\n]}', encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        read_treaty_texts(path, catalogue)
    assert places(list(raised.value.problems)) == [(str(path), None)]
    assert raised.value.problems[0].message == ("not valid JSON: Expecting property name "
                                                "enclosed in double quotes at line 2, column 18")


def test_not_utf8(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "texts.json"
    path.write_bytes('{"instruments": [{"code": "CRC", "articles": [{"number": 1, "text": '
                     '"Niño"}]}]}'.encode("latin-1"))
    with pytest.raises(CatalogueError) as raised:
        read_treaty_texts(path, catalogue)
    assert raised.value.problems[0].message.startswith("not UTF-8 text: byte 0xf1 at line 1")


def test_with_texts_returns_a_copy_with_texts(catalogue: Catalogue) -> None:
    assert catalogue.provision("CRC-32") is not None  # fill the look-up cache first
    texts = TreatyTexts(texts={"CRC-32": "Full text of article 32."},
                        instruments={"CRC": 1}, unmatched=[])
    enriched = with_texts(catalogue, texts)
    provision = enriched.provision("CRC-32")
    assert provision is not None and provision.text == "Full text of article 32."
    assert provision.title == "Protection from economic exploitation and hazardous work"
    assert provision.related == catalogue.provision("CRC-32").related  # type: ignore[union-attr]
    original = catalogue.provision("CRC-32")
    assert original is not None and original.text is None
    assert enriched.provision("CRC-1").text is None  # type: ignore[union-attr]


def test_with_texts_accepts_a_mapping_and_ignores_unknown_codes(catalogue: Catalogue) -> None:
    enriched = with_texts(catalogue, {"OPSC-2": "Definitions.", "CRC-99": "gone"})
    assert enriched.provision("OPSC-2").text == "Definitions."  # type: ignore[union-attr]
    assert enriched.provision("CRC-99") is None
    assert sum(p.text is not None for p in enriched.provisions()) == 1
