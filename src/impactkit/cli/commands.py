"""The commands of ``impact``, each loaded only when it runs.

Starting the CLI used to import every command's module, and through them the web app,
scikit-learn and scipy: ``impact --version`` took seconds. The root group here knows each
command by name and the module that defines it, and imports that module when the command is
asked for (to run it, or to print its help); ``impact --help`` lists them all, so it loads
them all. The modules keep their ``register(app)`` functions: each is called on a Typer app
of its own, whose commands then join the root group.
"""

from __future__ import annotations

import importlib

import typer
from typer.core import TyperGroup
from typer.main import get_group

COMMANDS: dict[str, str] = {
    "init": "setup",
    "demo": "setup",
    "analyse": "analysis",
    "explain": "analysis",
    "compare": "analysis",
    "report": "report",
    "import": "exchange",
    "export": "exchange",
    "serve": "web",
    "workspace": "workspace",
    "user": "users",
    "recs": "recs",
    "indicators": "indicators",
    "vulnerability": "indicators",
    "determinants": "determinants",
    "own-recs": "determinants",
    "map": "system_map",
    "catalogue": "catalogue",
}
"""Command name -> module of :mod:`impactkit.cli` that registers it, in the order help lists
them."""


class LazyCommands(TyperGroup):
    """A root group whose commands are imported on first use (see the module doc)."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: typer.Context,  # type: ignore[override]
                    cmd_name: str) -> typer.core.TyperCommand | TyperGroup | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self._load(COMMANDS[cmd_name])
        return self.commands.get(cmd_name)  # type: ignore[return-value]

    def resolve_command(self, ctx: typer.Context,  # type: ignore[override]
                        args: list[str]) -> tuple[str | None, object, list[str]]:
        """An unknown name loads every command first, so the "did you mean" hint can name
        any of them."""
        if args and args[0] not in COMMANDS:
            for module in dict.fromkeys(COMMANDS.values()):
                self._load(module)
        return super().resolve_command(ctx, args)

    def _load(self, module: str) -> None:
        own = typer.Typer(pretty_exceptions_enable=False, rich_markup_mode=None,
                          add_completion=False)
        importlib.import_module(f"impactkit.cli.{module}").register(own)
        for name, command in get_group(own).commands.items():
            self.commands.setdefault(name, command)
