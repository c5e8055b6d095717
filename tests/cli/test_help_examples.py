"""Every command's ``--help`` ends its description with an ``Example:`` block, and every
example is a command line that ``impact`` accepts: its command exists, its options are
known, its arguments are all there (parsed as the shell would pass them; nothing is run)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer._click.core import Command, Context  # Typer's own copy of Click
from typer._click.exceptions import NoSuchOption, UsageError

from impactkit.cli.app import app

ROOT = typer.main.get_command(app)


def is_group(command: Command) -> bool:
    return hasattr(command, "list_commands")


def leaves(command: Command, ctx: Context) -> Iterator[Context]:
    if is_group(command):
        for name in command.list_commands(ctx):  # type: ignore[attr-defined]
            sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
            assert sub is not None
            yield from leaves(sub, sub.context_class(sub, info_name=name, parent=ctx))
    else:
        yield ctx


LEAVES = list(leaves(ROOT, ROOT.context_class(ROOT, info_name="impact")))


def examples(help_text: str) -> list[str]:
    """The command lines of the help's Example block, continuation lines joined."""
    lines = help_text.split("Example:", 1)[1].split("\n\n", 1)[0].strip().splitlines()
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1].rstrip() + " " + line.strip()
        else:
            joined.append(line.strip())
    return joined


FILE_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml")


def make_named_files(line: str, folder: Path) -> None:
    """Create the files and folders an example names, as a user would have them (commands
    that read a file check that it exists while parsing)."""
    for word in shlex.split(line):
        if word.startswith("-"):
            continue
        if word.endswith("/"):
            (folder / word).mkdir(parents=True, exist_ok=True)
        elif word.endswith(FILE_SUFFIXES):
            (folder / word).touch()


def parse(line: str) -> Context:
    """Parse ``line`` down to its command, as ``impact`` would; raises on a bad line."""
    words = shlex.split(line)
    assert words[0] == "impact"
    words = words[1:words.index(">")] if ">" in words else words[1:]
    ctx = ROOT.make_context("impact", words)
    command: Command = ROOT
    while is_group(command):
        name, found, rest = command.resolve_command(  # type: ignore[attr-defined]
            ctx, [*ctx._protected_args, *ctx.args])
        assert found is not None and name is not None
        command = found
        ctx = command.make_context(name, rest, parent=ctx)
    return ctx


def test_there_are_commands_to_check() -> None:
    names = {ctx.command_path for ctx in LEAVES}
    assert {"impact analyse", "impact recs action", "impact map scenario save"} <= names


@pytest.mark.parametrize("ctx", LEAVES, ids=lambda ctx: ctx.command_path)
def test_every_command_shows_an_example_that_parses(ctx: Context, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = ctx.command.get_help(ctx)
    assert "Example:" in text, f"{ctx.command_path} --help has no Example: block"
    lines = examples(text)
    assert lines, f"{ctx.command_path}: the Example: block is empty"
    for line in lines:
        make_named_files(line, tmp_path)
        parsed = parse(line)
        assert parsed.command_path.replace("impact", "", 1).strip() in ctx.command_path, line


def test_a_wrong_example_is_caught() -> None:
    with pytest.raises(UsageError):
        parse("impact recs action act-1 --title x -w ws")  # --answers is required
    with pytest.raises(NoSuchOption):
        parse("impact analyse --worksapce ws")
