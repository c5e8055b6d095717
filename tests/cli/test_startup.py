"""Starting ``impact`` loads only what the command run needs: a fact checked in a fresh
interpreter (this test process has imported everything already). The time it takes is
measured by ``bench/cli.py``, not here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from impactkit.cli.commands import COMMANDS

HEAVY = ("impactkit.web", "sklearn", "scipy", "plotly")

PROBE = """
import sys
from impactkit.cli.app import main
code = main(sys.argv[1:]) if len(sys.argv) > 1 else 0
loaded = sorted({h for h in HEAVY for m in sys.modules if m == h or m.startswith(h + ".")})
print("LOADED:" + ",".join(loaded), file=sys.stderr)
print("STORE:" + str("sqlalchemy" in sys.modules), file=sys.stderr)
sys.exit(code)
""".replace("HEAVY", repr(HEAVY))


def probe(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str], bool]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, check=False, env=env, timeout=120)
    lines = done.stderr.splitlines()
    loaded = next(line for line in lines if line.startswith("LOADED:"))[len("LOADED:"):]
    store = next(line for line in lines if line.startswith("STORE:")) == "STORE:True"
    return done.returncode, [name for name in loaded.split(",") if name], store


def test_importing_the_cli_loads_no_web_app_machine_learning_or_plots() -> None:
    code, loaded, store = probe()
    assert code == 0
    assert loaded == []
    assert not store  # not even the database layer


def test_the_version_needs_no_database_layer() -> None:
    code, loaded, store = probe("--version")
    assert (code, loaded, store) == (0, [], False)


def test_listing_workspaces_loads_the_store_but_nothing_heavy(tmp_path: Path) -> None:
    env = {**os.environ, "IMPACT_DATABASE_URL": f"sqlite:///{tmp_path / 'impact.db'}",
           "IMPACT_USER": "tester"}
    assert probe("init", env=env)[0] == 0
    code, loaded, store = probe("workspace", "list", env=env)
    assert (code, loaded, store) == (0, [], True)


def test_serving_is_what_loads_the_web_app() -> None:
    """The probe itself: a command that needs the web app does load it (``serve --help``
    imports the module that defines ``serve``)."""
    code, loaded, _ = probe("serve", "--help")
    assert code == 0 and "impactkit.web" in loaded


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_lazy_command_resolves_to_its_module(name: str) -> None:
    from typer.main import get_command

    from impactkit.cli.app import app

    group = get_command(app)
    command = group.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and command.name == name


def test_an_unknown_command_is_a_usage_error_naming_the_closest_one() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, "analyze"], capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 2
    assert "analyse" in done.stderr
