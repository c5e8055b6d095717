"""Evaluation on labelled files: figures checked by hand on a tiny file, bad input named by
file, row and column, the CLI command, and the modes compared on the OHCHR file."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from impactkit.cli.recs_evaluate import evaluate_command
from impactkit.errors import UsageError, ValidationError
from impactkit.exchange.sources import read_table
from impactkit.recommendations.tagging import parse_mapping, read_labelled
from impactkit.recommendations.tagging.metrics import fold_indices, wilson_interval
from impactkit.services.tagging_evaluation import evaluate_file, evaluate_file_modes
from tests.conftest import shared_file

# Keyword baseline, by hand: child-rights TP (row 2), FP (row 3, "girls"), FN (row 4), so
# precision 1/2, recall 1/2, F1 1/2, support 2; trafficking TP (row 5) only: 1, 1, 1, support 1.
TINY = """text,topics
Protect children from violence in the family,Kids|Family
Ensure girls attend school,Education
Improve the pension system for the elderly,Kids
Combat trafficking in persons,Slavery
Reform the tax system,
"""
MAPPING = {"Kids": "child-rights", "Slavery": "trafficking"}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.csv"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_keyword_figures_match_a_hand_count(tiny: Path) -> None:
    report = evaluate_file(tiny, text_column="text", labels_column="topics", mapping=MAPPING,
                           mode="keywords")
    payload = report.to_dict()
    assert set(payload) == {"mode", "tags", "macro_f1", "per_second", "baseline",
                            "baseline_macro_f1"}
    assert payload["mode"] == "keywords"
    baseline = payload["baseline"]
    assert baseline["mode"] == "baseline" and "logistic regression" in baseline["model"]
    # 95% Wilson intervals, by hand: 1 of 2 gives 0.5 -+ 0.4055, 1 of 1 gives 0.2065 to 1
    half, one = [0.0945, 0.9055], [0.2065, 1.0]
    assert payload["tags"] == {
        "child-rights": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2,
                         "precision_95": half, "recall_95": half,
                         "baseline_f1": baseline["tags"]["child-rights"]["f1"]},
        "trafficking": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1,
                        "precision_95": one, "recall_95": one,
                        "baseline_f1": baseline["tags"]["trafficking"]["f1"]},
    }
    assert payload["macro_f1"] == 0.75
    assert payload["per_second"] > 0
    assert report.count == 5


def test_a_trailing_star_maps_by_prefix_and_several_columns_are_read(tmp_path: Path) -> None:
    path = tmp_path / "two-columns.csv"
    path.write_text("text,groups,themes\n"
                    "Protect children in care,Children in care (all),\n"
                    "Combat trafficking,,Trafficking\n"
                    "Reform taxes,,Tax\n", encoding="utf-8")
    labelled = read_labelled(read_table(path, location=str(path)), text_column="text",
                             labels_column=["groups", "themes"],
                             mapping={"children in*": "child-rights",
                                      "Trafficking": "trafficking"})
    assert labelled.labels == [{"child-rights"}, {"trafficking"}, set()]
    assert labelled.tags == ["child-rights", "trafficking"]


def test_an_empty_separator_keeps_one_label_per_cell(tmp_path: Path) -> None:
    path = tmp_path / "whole-cells.csv"
    path.write_text("text,topic\nProtect children,Kids|Family\nFight slavery,Slavery\n",
                    encoding="utf-8")
    labelled = read_labelled(read_table(path, location=str(path)), text_column="text",
                             labels_column="topic", separator="",
                             mapping={"Kids|Family": "child-rights", "Slavery": "trafficking"})
    assert labelled.labels == [{"child-rights"}, {"trafficking"}]


def test_catalogue_tags_can_be_evaluated(tiny: Path) -> None:
    report = evaluate_file(tiny, text_column="text", labels_column="topics",
                           mapping={"Family": "cluster:family-care", "Kids": "child-rights"},
                           mode="zero-shot")
    assert list(report.tags) == ["cluster:family-care", "child-rights"]
    assert report.tags["cluster:family-care"].support == 1


def test_without_a_mapping_labels_must_be_our_tags(tmp_path: Path) -> None:
    path = tmp_path / "ours.csv"
    path.write_text("text;tags\nProtect children;child-rights|provision:CRC-19\n"
                    "Fight slavery;trafficking\nBuild roads;roads\n", encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        read_labelled(read_table(path, location=str(path)), text_column="text",
                      labels_column="tags")
    (problem,) = raised.value.problems
    assert (problem.location, problem.row, problem.field) == (str(path), 4, "tags")
    assert "unknown tag 'roads'" in problem.message


def test_missing_columns_are_named_with_the_file(tiny: Path) -> None:
    with pytest.raises(ValidationError) as raised:
        evaluate_file(tiny, text_column="recommendation", labels_column="labels",
                      mapping=MAPPING)
    assert [(p.location, p.field) for p in raised.value.problems] == [
        (str(tiny), "recommendation"), (str(tiny), "labels")]
    assert "the columns are: text, topics" in raised.value.problems[0].message
    assert str(tiny) in raised.value.summary


def test_a_mapped_label_that_never_occurs_is_named(tiny: Path) -> None:
    with pytest.raises(ValidationError) as raised:
        evaluate_file(tiny, text_column="text", labels_column="topics",
                      mapping={**MAPPING, "Children": "child-rights"})
    (problem,) = raised.value.problems
    assert (problem.location, problem.field) == (str(tiny), "topics")
    assert "'Children' never occurs" in problem.message


def test_an_unknown_tag_of_ours_is_a_usage_error(tiny: Path) -> None:
    with pytest.raises(UsageError, match="no provision 'CRC-99'"):
        evaluate_file(tiny, text_column="text", labels_column="topics",
                      mapping={"Kids": "provision:CRC-99"})
    with pytest.raises(UsageError, match="unknown tag 'kids'"):
        evaluate_file(tiny, text_column="text", labels_column="topics",
                      mapping={"Kids": "kids"})
    with pytest.raises(UsageError, match="THEIR LABEL=OUR TAG"):
        parse_mapping(["Kids"])
    assert parse_mapping(["A=B=child-rights"]) == {"A=B": "child-rights"}


def test_empty_files_and_empty_texts_are_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"empty\.csv: cannot evaluate") as raised:
        evaluate_file(empty, text_column="text", labels_column="topics", mapping=MAPPING)
    assert "file is empty" in raised.value.problems[0].message
    header_only = tmp_path / "header.csv"
    header_only.write_text("text,topics\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="no data rows"):
        evaluate_file(header_only, text_column="text", labels_column="topics", mapping=MAPPING)
    blank = tmp_path / "blank.csv"
    blank.write_text("text,topics\nProtect children,Kids\n ,Slavery\n", encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        evaluate_file(blank, text_column="text", labels_column="topics", mapping=MAPPING)
    assert [(p.row, p.field) for p in raised.value.problems] == [(3, "text")]


def test_workbooks_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "labelled.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in TINY.strip().splitlines():
        sheet.append(line.split(","))
    workbook.save(path)
    report = evaluate_file(path, text_column="text", labels_column="topics", mapping=MAPPING,
                           mode="keywords")
    assert report.tags["child-rights"].f1 == 0.5


def test_learned_mode_is_scored_out_of_fold(tiny: Path) -> None:
    report = evaluate_file(tiny, text_column="text", labels_column="topics", mapping=MAPPING,
                           mode="learned", folds=2)
    assert report.folds == 2 and report.count == 5
    with pytest.raises(UsageError, match="more than the 5 labelled texts"):
        evaluate_file(tiny, text_column="text", labels_column="topics", mapping=MAPPING,
                      mode="learned", folds=6)
    with pytest.raises(UsageError, match="unknown mode 'magic'"):
        evaluate_file(tiny, text_column="text", labels_column="topics", mapping=MAPPING,
                      mode="magic")


def test_folds_are_disjoint_cover_everything_and_share_a_rare_tag() -> None:
    labels = [{"trafficking"}] * 5 + [{"child-rights"}] * 10 + [set()] * 33 + [
        {"child-rights", "trafficking"}] * 2
    folds = fold_indices(labels, ["child-rights", "trafficking"], 5, seed=3)
    assert sorted(i for fold in folds for i in fold) == list(range(50))
    assert all(any("trafficking" in labels[i] for i in fold) for fold in folds)
    assert fold_indices(labels, ["child-rights"], 5, seed=3) != fold_indices(
        labels, ["child-rights"], 5, seed=4)


# --- the command ----------------------------------------------------------------------------
def command() -> typer.Typer:
    app = typer.Typer()
    app.command("evaluate")(evaluate_command)
    app.callback()(lambda: None)
    return app


def test_command_compares_all_modes_by_default(tiny: Path) -> None:
    args = ["evaluate", str(tiny), "--text-column", "text", "--labels-column", "topics",
            "--map", "Kids=child-rights", "--map", "Slavery=trafficking", "--folds", "2"]
    result = CliRunner().invoke(command(), [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert [r["mode"] for r in json.loads(result.output)] == ["baseline", "keywords",
                                                               "zero-shot", "learned"]
    table = CliRunner().invoke(command(), args, env={"COLUMNS": "250"})
    assert table.exit_code == 0, table.output
    assert "macro-F1" in table.output and "recs/s" in table.output
    assert "TF-IDF" in table.output and "vs baseline" in table.output
    for mode in ("baseline", "keywords", "zero-shot", "learned"):
        assert mode in table.output
    single = CliRunner().invoke(command(), [*args, "--mode", "keywords", "--json"])
    assert json.loads(single.output)["tags"]["child-rights"]["f1"] == 0.5


def test_wilson_intervals_stay_honest_at_the_edges() -> None:
    low, high = wilson_interval(20, 20)  # 20 positives all found: not "certainly 1"
    assert (round(low, 3), high) == (0.839, 1.0)
    assert wilson_interval(0, 0) == (0.0, 1.0)  # nothing predicted: nothing known
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and 0.27 < high < 0.28


def test_redirected_output_has_one_line_per_mode_and_tag_uncut(
        tiny: Path) -> None:
    args = ["evaluate", str(tiny), "--text-column", "text", "--labels-column", "topics",
            "--map", "Kids=child-rights", "--map", "Slavery=trafficking", "--folds", "2",
            "--mode", "keywords"]
    result = CliRunner().invoke(command(), [*args, "--seed", "7"])  # no terminal: narrow
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert ("keywords  child-rights  support 2  P 0.500 [0.09-0.91]  R 0.500 [0.09-0.91]  "
            "F1 0.500  vs baseline ") in "\n".join(lines)
    assert "…" not in result.output and "(seed 7)" in result.output
    assert "warm-up excluded" in result.output


def test_command_raises_our_errors_for_the_app_to_print(tiny: Path) -> None:
    result = CliRunner().invoke(command(), ["evaluate", str(tiny), "--text-column", "nope",
                                            "--labels-column", "topics", "--map", "Kids=kids"])
    assert isinstance(result.exception, UsageError)


# --- the OHCHR file ---------------------------------------------------------------------------
OHCHR_MAPPING = {
    "Children": "child-rights",
    "Children in vulnerable situations*": "child-rights",
    "Prohibition of slavery, trafficking": "trafficking",
    "Human trafficking & contemporary forms of slavery": "trafficking",
}


def test_zero_shot_beats_the_keyword_baseline_on_the_ohchr_file() -> None:
    path = shared_file("ohchr_upr_thematic_SVN_c3c4.csv")
    keywords, zero_shot = evaluate_file_modes(
        path, text_column="recommendation", labels_column=["groups_of_persons", "themes"],
        mapping=OHCHR_MAPPING, modes=("keywords", "zero-shot"))
    assert keywords.tags["child-rights"].support == 67
    assert keywords.tags["trafficking"].support == 49
    for tag in ("child-rights", "trafficking"):
        assert zero_shot.tags[tag].f1 > keywords.tags[tag].f1
