"""init, workspaces and the catalogue commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import ALL_DEMO, Impact
from tests.conftest import shared_file


def test_init_is_idempotent(impact: Impact) -> None:
    first = impact("init")
    assert first.code == 0, first.err
    assert "loaded" in first.out
    again = impact("init")
    assert again.code == 0
    assert "already current" in again.out


def test_create_a_workspace_for_a_real_country(impact: Impact) -> None:
    impact("init")
    created = impact("workspace", "create", "grc-2025", "--jurisdiction", "GR", "--cycle",
                     "2025")
    assert created.code == 0, created.err
    [listed] = impact("workspace", "list", "--json").json()
    assert listed["jurisdiction"] == "GRC"
    assert listed["title"] == "Greece 2025"
    assert listed["findings"] == 0
    duplicate = impact("workspace", "create", "grc-2025", "--jurisdiction", "GRC", "--cycle",
                       "2025")
    assert duplicate.code == 2
    assert "already exists" in duplicate.err


def test_a_made_up_jurisdiction_code_is_refused(impact: Impact) -> None:
    impact("init")
    result = impact("workspace", "create", "x", "--jurisdiction", "Narnia", "--cycle", "1")
    assert result.code == 2
    assert "not an ISO 3166" in result.err


def test_delete_a_workspace(demo: Impact) -> None:
    assert demo("workspace", "delete", "demo-veldmark-2019", "--yes").code == 0
    assert [w["key"] for w in demo("workspace", "list", "--json").json()] == [
        key for key in ALL_DEMO if key != "demo-veldmark-2019"]


def test_catalogue_show_works_before_init_without_creating_a_database(
    tmp_path: Path, impact: Impact,
) -> None:
    database = tmp_path / "never.db"
    result = impact("--db", str(database), "catalogue", "show", "CRC-32", "--json")
    assert result.code == 0, result.err
    provision = result.json()
    assert provision["code"] == "CRC-32"
    assert "special-protection" in provision["clusters"]
    assert "ILO182-3" in provision["related"]
    assert not database.exists()


def test_catalogue_show_vocabularies_and_instruments(impact: Impact) -> None:
    areas = impact("catalogue", "show", "areas", "--json").json()
    assert [a["code"] for a in areas] == ["inclusion", "compliance", "appropriateness",
                                          "effectiveness", "coherence"]
    crc = impact("catalogue", "show", "CRC", "--json").json()
    assert len(crc["provisions"]) == 54
    unknown = impact("catalogue", "show", "CRC-99")
    assert unknown.code == 1
    assert "neither a provision" in unknown.err


def test_load_texts_gives_all_54_crc_articles_their_text(impact: Impact) -> None:
    treaties = shared_file("treaties_en.json")
    impact("init")
    loaded = impact("catalogue", "load-texts", str(treaties))
    assert loaded.code == 0, loaded.err
    assert "CRC: 54 provision texts" in loaded.out
    crc = impact("catalogue", "show", "CRC", "--json").json()
    texts = {p["code"]: p.get("text") for p in crc["provisions"]}
    assert len(texts) == 54
    assert all(texts.values())
    assert "economic exploitation" in texts["CRC-32"]
    assert "nationality and. as far as possible" in texts["CRC-7"]  # the original's typo


def test_validate_reports_every_problem_with_its_path(impact: Impact, tmp_path: Path) -> None:
    framework = tmp_path / "mine.yaml"
    framework.write_text(
        "extends: impact-default\nkey: mine\nversion: '1'\ntitle: Mine\n"
        "indicators:\n  - code: my-indicator\n    title: Mine\n    type: outcome\n"
        "    unit: count\n    areas: [efectiveness]\n    provisions: [CRC-99]\n",
        encoding="utf-8")
    result = impact("catalogue", "validate", str(framework))
    assert result.code == 1
    assert "indicators[0].areas[0]" in result.err
    assert "efectiveness" in result.err
    assert "CRC-99" in result.err


def test_validate_accepts_a_good_extension(impact: Impact, tmp_path: Path) -> None:
    framework = tmp_path / "mine.yaml"
    framework.write_text(
        "extends: impact-default\nkey: mine\nversion: '1'\ntitle: Mine\n"
        "child_groups:\n  - code: island-children\n    title: Children on small islands\n",
        encoding="utf-8")
    result = impact("catalogue", "validate", str(framework))
    assert result.code == 0, result.err
    assert "valid" in result.out


def test_version_and_help(impact: Impact) -> None:
    assert impact("--version").out.startswith("impact ")
    assert "analyse" in impact("--help").out


def test_a_custom_jurisdiction_is_fictional_only_when_said(impact: Impact) -> None:
    impact("init")
    assert impact("workspace", "create", "xk-2025", "--jurisdiction", "XKS", "--name",
                  "Kosovo", "--cycle", "2025").code == 0
    assert impact("workspace", "create", "xt-1", "--jurisdiction", "XTR", "--name",
                  "Trainingland", "--fictional", "--cycle", "1").code == 0
    flags = {w["key"]: w["fictional"] for w in impact("workspace", "list", "--json").json()}
    assert flags == {"xk-2025": False, "xt-1": True}
    refused = impact("workspace", "create", "g", "--jurisdiction", "GRC", "--fictional",
                     "--cycle", "1")
    assert refused.code == 2
    assert "real ISO 3166 code" in refused.err


def test_init_with_a_framework_of_ones_own(impact: Impact, tmp_path: Path) -> None:
    framework = tmp_path / "mine.yaml"
    framework.write_text(
        "extends: impact-default\nkey: mine\nversion: '1'\ntitle: Mine\n"
        "child_groups:\n  - code: island-children\n    title: Children on small islands\n",
        encoding="utf-8")
    assert impact("init", "--catalogue", str(framework)).code == 0
    created = impact("workspace", "create", "isl", "--jurisdiction", "MLT", "--cycle", "1",
                     "--catalogue", "mine")
    assert created.code == 0, created.err
    [listed] = impact("workspace", "list", "--json").json()
    assert listed["catalogue"] == "mine"
    unknown = impact("workspace", "create", "x", "--jurisdiction", "MLT", "--cycle", "1",
                     "--catalogue", "theirs")
    assert unknown.code == 2
    assert "mine" in unknown.err


def test_a_missing_database_file_is_not_created(impact: Impact, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = impact("--db", str(missing), "analyse")
    assert result.code == 1
    assert "impact init" in result.err
    assert not missing.exists()


def test_an_unreachable_server_is_named_without_a_traceback(impact: Impact,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv("IMPACT_DATABASE_URL",
                       "postgresql+psycopg://someone:secret@127.0.0.1:1/nothing")
    result = impact("analyse")
    assert result.code == 1
    assert "cannot connect to the database at" in result.err
    assert "secret" not in result.err
    assert "Traceback" not in result.err
