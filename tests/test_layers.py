"""The layers stay apart: the pure packages reach neither the store nor any view.

``analysis/``, ``catalogue/``, ``recommendations/`` (the model, reiteration, tagging) and
``systemmap/`` are pure (methodology as data, rules as functions) so that every view and
every backend shares them; they must never import ``store``, ``cli``, ``exchange`` or
``web``, and analysis must never import SQLAlchemy. Checked twice: by reading every import
statement, and by importing the packages in a fresh interpreter and looking at what got
loaded.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import impactkit

PACKAGE_ROOT = Path(impactkit.__file__).resolve().parent
FORBIDDEN_LAYERS = ("impactkit.store", "impactkit.cli", "impactkit.exchange", "impactkit.web")
PURE = ("impactkit.analysis", "impactkit.catalogue", "impactkit.recommendations",
        "impactkit.reports", "impactkit.systemmap", "impactkit.kinds")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module an import statement in ``path`` names (relative ones resolved)."""
    return imports_in(path.read_text(encoding="utf-8"), module_name(path),
                      is_package=path.name == "__init__.py")


def imports_in(source: str, name: str, *, is_package: bool = False) -> set[str]:
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def pure_sources() -> list[Path]:
    return sorted(p for p in PACKAGE_ROOT.rglob("*.py") if within(module_name(p), PURE))


def test_there_is_something_to_check():
    names = {module_name(p) for p in pure_sources()}
    assert "impactkit.analysis.report" in names
    assert "impactkit.catalogue.schema" in names


def test_imports_are_resolved_so_a_breach_is_seen():
    source = ("from ..store import db\nfrom . import frame\nimport sqlalchemy as sa\n"
              "from impactkit import web\n")
    found = imports_in(source, "impactkit.analysis.fake")
    assert {"impactkit.store", "impactkit.store.db", "impactkit.analysis.frame", "sqlalchemy",
            "impactkit.web"} <= found
    assert within("impactkit.store.db", FORBIDDEN_LAYERS)
    assert not within("impactkit.storefront", FORBIDDEN_LAYERS)
    assert "impactkit.catalogue.schema" in imports_in(
        "from .schema import Catalogue", "impactkit.catalogue", is_package=True)


@pytest.mark.parametrize("path", pure_sources(), ids=module_name)
def test_pure_layers_import_no_store_and_no_view(path):
    modules = imported_modules(path)
    bad = sorted(m for m in modules if within(m, FORBIDDEN_LAYERS))
    assert not bad, f"{module_name(path)} imports {bad}; the pure layers stay pure"
    if within(module_name(path), ("impactkit.analysis",)):
        sql = sorted(m for m in modules if within(m, ("sqlalchemy",)))
        assert not sql, f"{module_name(path)} imports {sql}"
        above = sorted(m for m in modules if within(m, ("impactkit.systemmap",)))
        assert not above, (f"{module_name(path)} imports {above}: the system map builds on "
                           "the analysis, not the other way round")


def test_importing_the_pure_layers_loads_nothing_forbidden():
    code = ("import json, sys; import impactkit.analysis, impactkit.catalogue; "
            "import impactkit.recommendations.tagging, impactkit.recommendations.reiteration; "
            "import impactkit.systemmap; "
            "print(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True,
                                       capture_output=True, text=True).stdout)
    bad = [m for m in loaded if within(m, (*FORBIDDEN_LAYERS, "sqlalchemy"))]
    assert not bad, f"importing the pure layers loads {bad}"


VIEWS = ("impactkit.cli", "impactkit.web")
BOUNDARY_USERS = ("impactkit.services", *VIEWS)
DATABASE_HANDLE = "impactkit.store.db"


def sources_within(prefixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in PACKAGE_ROOT.rglob("*.py") if within(module_name(p), prefixes))


@pytest.mark.parametrize("path", sources_within(VIEWS), ids=module_name)
def test_views_reach_the_store_only_for_the_database_handle(path):
    """The CLI and the web app go through the services; of the store they may name only the
    database they hand to them."""
    bad = sorted(m for m in imported_modules(path)
                 if within(m, ("impactkit.store",)) and not within(m, (DATABASE_HANDLE,)))
    assert not bad, f"{module_name(path)} imports {bad}; go through impactkit.services"


@pytest.mark.parametrize("path", sources_within(BOUNDARY_USERS), ids=module_name)
def test_services_and_views_name_no_sqlalchemy(path):
    """SQL stays in the store: services hand its functions a transaction
    (``impactkit.store.db.Connection``), views never see one."""
    sql = sorted(m for m in imported_modules(path) if within(m, ("sqlalchemy",)))
    assert not sql, f"{module_name(path)} imports {sql}"


def test_a_view_reaching_into_the_store_is_seen():
    found = imports_in("from impactkit.store.audit import as_json\n"
                       "from impactkit.store.db import Database\n", "impactkit.cli.fake")
    bad = [m for m in found if within(m, ("impactkit.store",))
           and not within(m, (DATABASE_HANDLE,))]
    assert "impactkit.store.audit" in bad and "impactkit.store.db" not in bad


def page_addresses(source: str) -> list[str]:
    """String literals (plain or f-strings) that begin with a page address."""
    found = []
    for node in ast.walk(ast.parse(source)):  # an f-string's first part is walked too
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.startswith(("/workspaces", "/admin", "/api/")):
            found.append(node.value)
    return found


@pytest.mark.parametrize("path", sources_within(("impactkit.services",)), ids=module_name)
def test_services_build_no_page_address(path):
    """Links are the web layer's (``impactkit.web.urls``): a service returns keys and
    targets, never where a page is."""
    assert not page_addresses(path.read_text(encoding="utf-8")), module_name(path)


def test_a_page_address_built_in_code_is_seen():
    assert sorted(page_addresses('url = f"/workspaces/{key}/explain"\nother = "/api/x"')) == [
        "/api/x", "/workspaces/"]
    assert page_addresses('"""Pages such as /workspaces/demo."""') == []
