"""docs/data-formats.md documents every column the code writes and reads, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from impactkit.exchange.datapackage import ALL_TABLES
from impactkit.exchange.rows import ImportColumn
from impactkit.exchange.state_package import JURISDICTION
from impactkit.exchange.tables import Table
from impactkit.exchange.tabular import (
    ACTOR_COLUMNS,
    EVIDENCE_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_VALUE_COLUMNS,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"


def section(heading: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    following = re.search(r"\n#{2,3} ", text[start + 1:])
    return text[start: start + 1 + following.start()] if following else text[start:]


def documented_columns(heading: str) -> list[str]:
    """First cell of each table row in the section: `name` (or `name` (or `alias`))."""
    return re.findall(r"^\| `([a-z_]+)`", section(heading), flags=re.MULTILINE)


@pytest.mark.parametrize("table", [*ALL_TABLES, JURISDICTION], ids=lambda t: t.name)
def test_package_tables_are_documented(table: Table) -> None:
    assert documented_columns(f"### `{table.path}`") == [c.name for c in table.columns]


@pytest.mark.parametrize(("heading", "columns"), [
    ("### Findings", FINDING_COLUMNS), ("### Actors", ACTOR_COLUMNS),
    ("### Evidence", EVIDENCE_COLUMNS), ("### Indicator values", INDICATOR_VALUE_COLUMNS),
])
def test_import_columns_are_documented(heading: str, columns: tuple[ImportColumn, ...]) -> None:
    assert documented_columns(heading) == [c.name for c in columns]
