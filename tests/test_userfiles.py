"""Opening a user's file: regular files only, nothing outside a package's folder, and no
nesting deep enough to crash a parser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from impactkit.errors import FileRefused
from impactkit.limits import MAX_NESTING_DEPTH
from impactkit.userfiles import json_nesting_problem, read_user_file, yaml_nesting_problem


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    table = tmp_path / "findings.csv"
    table.write_bytes(b"key,area\nF1,compliance\n")
    assert read_user_file(table, "findings.csv") == b"key,area\nF1,compliance\n"
    assert read_user_file(table, "findings.csv", inside=tmp_path) == table.read_bytes()


def test_missing_files_and_folders_fail_as_python_says(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_user_file(tmp_path / "nowhere.csv", "nowhere.csv")
    with pytest.raises(IsADirectoryError):
        read_user_file(tmp_path, "a folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(FileRefused, match="not a regular file") as refused:
        read_user_file(pipe, "pipe.csv")
    assert refused.value.problems[0].location == "pipe.csv"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(FileRefused, match="device"):
        read_user_file(Path("/dev/zero"), "zero")


def test_a_package_keeps_to_its_folder(tmp_path: Path) -> None:
    package, outside = tmp_path / "package", tmp_path / "secret.txt"
    package.mkdir()
    outside.write_text("do not show", encoding="utf-8")
    (package / "linked.csv").symlink_to(outside)
    (package / "sub").symlink_to(tmp_path, target_is_directory=True)
    for path in (package / "linked.csv", package / "sub" / "secret.txt",
                 package / ".." / "secret.txt", outside):
        with pytest.raises(FileRefused) as refused:
            read_user_file(path, "resource", inside=package)
        assert "do not show" not in str(refused.value.problems[0])
    assert read_user_file(package / "linked.csv", "not a package") == b"do not show"


def test_deep_nesting_is_found_where_it_starts() -> None:
    fine = "[" * MAX_NESTING_DEPTH + "]" * MAX_NESTING_DEPTH
    assert json_nesting_problem(fine, "ok.json") is None
    deep = '{"a": "[[[[ in a string ]",\n "b": ' + "[" * (MAX_NESTING_DEPTH + 1)
    problem = json_nesting_problem(deep, "deep.json")
    assert problem is not None and problem.location == "deep.json"
    assert "line 2" in str(problem)
    nested_yaml = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_NESTING_DEPTH + 2)) + \
        f"{'  ' * (MAX_NESTING_DEPTH + 2)}leaf\n"
    assert yaml_nesting_problem(nested_yaml, "deep.yaml") is not None
    assert yaml_nesting_problem("a:\n  b: [1, 2]\n", "ok.yaml") is None
