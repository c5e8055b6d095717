"""Reading catalogue files: finding them, decoding them, parsing the YAML.

Only this module touches bytes. It reports what a person can fix (a file that is not UTF-8,
a YAML syntax error with its line and column, a key written twice) and hands back plain
Python data. The YAML dialect is deliberately plain: dates stay text (``adopted:
2005-05-16`` is a string, as the schema expects) and a key repeated in one mapping is an
error instead of silently keeping the last value.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from impactkit.errors import FileRefused, Problem
from impactkit.userfiles import read_user_file, yaml_nesting_problem

SUFFIXES = (".yaml", ".yml")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CatalogueLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader without implicit dates and with duplicate-key detection."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: let the base class say so
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark,
                    f"the key {key!r} appears twice; keep only one", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


_CatalogueLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class Source:
    """One parsed catalogue file. ``data`` is whatever the YAML held (None if empty)."""

    location: str
    data: Any


def decode(location: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (a byte-order mark is accepted), or say exactly where it is not."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(
            f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at line {line} cannot be read; "
            "save the file with UTF-8 encoding", location=location)


def parse_yaml(location: str, raw: bytes) -> tuple[Any, list[Problem]]:
    text, problem = decode(location, raw)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    too_deep = yaml_nesting_problem(text, location)
    if too_deep is not None:
        return None, [too_deep]
    try:
        data = yaml.load(text, Loader=_CatalogueLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "malformed YAML"
        return None, [Problem(f"invalid YAML{where}: {what}", location=location)]
    except yaml.YAMLError as exc:
        return None, [Problem(f"invalid YAML: {exc}", location=location)]
    if data is not None and not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else f"the value {data!r}"
        return None, [Problem("a catalogue file must be a mapping of sections (key:, "
                              f"instruments:, indicators: ...), not {shape}", location=location)]
    return data, []


def _yaml_files(root: Traversable) -> list[Traversable]:
    """YAML files under a folder, in path order (which is the order lists are joined in)."""
    found: list[tuple[str, Traversable]] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.name.startswith("."):
                continue
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                walk(entry, f"{name}/")
            elif entry.name.endswith(SUFFIXES):
                found.append((name, entry))

    walk(root, "")
    return [entry for _, entry in sorted(found, key=lambda item: item[0])]


def read_sources(root: Traversable) -> tuple[list[Source], list[Problem]]:
    """Parse one YAML file, or every YAML file under a folder.

    Works on a :class:`pathlib.Path` and on a package resource alike, so the default
    catalogue is read the same way whether the package is installed or not.
    """
    location = str(root)
    if root.is_file():
        files = [root]
    elif root.is_dir():
        files = _yaml_files(root)
        if not files:
            return [], [Problem("no .yaml or .yml files in this folder", location=location)]
    else:
        return [], [Problem("no such file or folder", location=location)]
    sources: list[Source] = []
    problems: list[Problem] = []
    for file in files:
        try:
            raw = read_user_file(file, str(file)) if isinstance(file, Path) \
                else file.read_bytes()  # a package resource, part of IMPACT itself
        except FileRefused as exc:
            problems.append(exc.problem)
            continue
        except OSError as exc:
            problems.append(Problem(f"The file cannot be read: {exc.strerror or exc}.",
                                    location=str(file)))
            continue
        data, found = parse_yaml(str(file), raw)
        problems.extend(found)
        if not found:
            sources.append(Source(str(file), data))
    return sources, problems
