"""The documentation cannot drift from the code.

Checks that every command has a section in the generated command reference, every setting is
documented, every relative link (and its #anchor) leads somewhere, the README quick start names
exactly the two make targets that exist, and every key of the analysis JSON is named on the
scoring page. (That docs/cli.md matches ``--help`` word for word is cog's check, run by
``make test``.)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import typer

from impactkit.analysis import Notice, analyse, compare, explain
from impactkit.catalogue.loader import load_default_catalogue
from impactkit.cli.app import app
from impactkit.demo import build_demo_cycles
from impactkit.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def command_paths() -> list[str]:
    """``impact``, ``impact init``, ... ``impact catalogue load-texts``: every command and
    subcommand of the CLI, walked the way docs/cli.md's cog block walks them."""
    root = typer.main.get_command(app)

    def walk(command: Any, ctx: Any) -> Iterator[str]:
        yield ctx.command_path
        for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
            sub = command.get_command(ctx, name)
            yield from walk(sub, command.context_class(sub, info_name=name, parent=ctx))

    return list(walk(root, root.context_class(root, info_name="impact")))


def prose(text: str) -> str:
    """Markdown without fenced code blocks and HTML comments (cog's generator code)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def headings(text: str) -> list[str]:
    return [m.group(2).strip() for m in re.finditer(r"^(#{1,6}) (.+)$", prose(text), re.M)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    kept = "".join(c for c in heading.lower() if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for heading in headings(path.read_text(encoding="utf-8")):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def relative_links(path: Path) -> list[str]:
    targets = re.findall(r"\[[^\]]*\]\(([^)\s]+)\)", prose(path.read_text(encoding="utf-8")))
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t)]


# --- 1. commands --------------------------------------------------------------------------


def test_every_command_has_a_section_in_the_command_reference() -> None:
    documented = [
        h for h in headings((DOCS / "cli.md").read_text(encoding="utf-8")) if h.startswith("impact")
    ]
    commands = command_paths()
    assert {"impact analyse", "impact catalogue validate", "impact workspace create"} <= set(
        commands
    )
    assert sorted(documented) == sorted(commands), "run 'make docs' to regenerate docs/cli.md"


def test_the_command_reference_is_generated_at_a_fixed_width_without_colour() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    generated = text.split("]]] -->", 1)[1]
    assert "\x1b[" not in generated
    assert max(len(line) for line in generated.splitlines()) <= 100


# --- 2. settings --------------------------------------------------------------------------


def test_every_setting_is_documented_in_configuration() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    names = [f"IMPACT_{name.upper()}" for name in Settings.model_fields]
    assert "IMPACT_DATABASE_URL" in names
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == []


def test_environment_variables_read_outside_settings_are_documented_too() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for name in ("IMPACT_USER", "IMPACT_TEST_POSTGRES_URL"):
        assert f"`{name}`" in text


# --- 3. links -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_existing_files_and_headings(page: Path) -> None:
    broken = []
    for link in relative_links(page):
        target, _, anchor = link.partition("#")
        resolved = (page.parent / target).resolve() if target else page
        if not resolved.exists():
            broken.append(f"{link}: no file {resolved}")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{link}: no heading #{anchor} in {resolved.name}")
    assert broken == []


def test_docs_pages_are_all_reachable_from_the_index() -> None:
    linked = {link.partition("#")[0] for link in relative_links(DOCS / "index.md")}
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    assert pages <= linked


def test_slug_follows_github() -> None:
    assert slug("`impact analyse --json`") == "impact-analyse---json"
    assert slug("Not assessed and not applicable") == "not-assessed-and-not-applicable"
    assert slug("1. A database and a workspace") == "1-a-database-and-a-workspace"


# --- 4. quick start -----------------------------------------------------------------------


def test_readme_quick_start_names_exactly_the_two_make_targets_and_they_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section is not None
    targets = re.findall(r"^make (\S+)", section.group(1), re.M)
    assert targets == ["demo", "test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    defined = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.M))
    assert {"demo", "test"} <= defined


# --- 5. JSON keys -------------------------------------------------------------------------

#: Objects whose keys are codes of the catalogue (tag kinds, confidences, statuses), not
#: fields of the schema.
CODE_KEYED = {"tags", "confidence_weights", "status_weights"}


def keys_of(value: Any) -> set[str]:
    if isinstance(value, dict):
        out = set(value)
        for key, item in value.items():
            if key not in CODE_KEYED:
                out |= keys_of(item)
        return out
    if isinstance(value, list):
        return set().union(*map(keys_of, value)) if value else set()
    return set()


@pytest.fixture(scope="module")
def json_keys() -> set[str]:
    """Every key of analyse, explain (a score and a gap) and compare JSON on the demo."""
    catalogue = load_default_catalogue()
    cycles = build_demo_cycles()
    reports = [analyse(data, catalogue) for data in cycles]
    latest = cycles[-1]
    keys = keys_of(reports[-1].to_dict()) | keys_of(compare(reports).to_dict())
    for target in ("provision:CRC-32", "gap:CRC-32"):
        keys |= keys_of(explain(latest, catalogue, target).to_dict())
    return keys | {"type"} | {f.name for f in fields(Notice)}


def test_every_key_of_the_json_output_is_named_in_the_scoring_page(json_keys: set[str]) -> None:
    assert {
        "schema_version",
        "summary",
        "covered_cells",
        "weighted_contribution",
        "score_difference",
        "missing_pairs",
    } <= json_keys
    text = (DOCS / "scoring.md").read_text(encoding="utf-8")
    missing = sorted(k for k in json_keys if not re.search(rf"[`\"]{re.escape(k)}[`\"]", text))
    assert missing == []


def test_vulnerability_page_lists_every_model_indicator_with_its_goalposts() -> None:
    from impactkit.catalogue import load_default_catalogue

    page = (Path(__file__).resolve().parents[1] / "docs" / "vulnerability.md").read_text(
        encoding="utf-8")
    catalogue = load_default_catalogue()
    for indicator in catalogue.indicators:
        if not indicator.in_vulnerability_model:
            continue
        assert indicator.goalposts is not None
        row = next((line for line in page.splitlines() if f"`{indicator.code}`" in line), "")
        low, high = indicator.goalposts.lower, indicator.goalposts.upper
        if indicator.direction == "higher-is-better":
            low, high = high, low
        assert f"{low:g} ... {high:g}" in row, indicator.code
        assert ("| log |" in row) == indicator.log, indicator.code
