"""Opening a file a user handed over, and checking how deep its JSON or YAML nests, before any
parser sees it.

Every reader of a user's file (catalogue YAML, treaty-texts JSON, a data package's descriptor
and tables, CSV and XLSX imports) goes through here, so that a named pipe does not hang the
reader, ``/dev/zero`` does not fill the memory, a symbolic link in a data package does not
read a file outside it, and 60 KB of ``[[[[`` does not crash the parser: Python's JSON parser
and the YAML composer recurse once per level of nesting.

A refused file raises :class:`~impactkit.errors.FileRefused`; a nesting check returns a
:class:`~impactkit.errors.Problem` (or None). Callers report either in their own way: catalogue
readers collect problems, imports raise :class:`~impactkit.errors.ImportRejected`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from impactkit.errors import FileRefused, Problem
from impactkit.limits import MAX_NESTING_DEPTH


def read_user_file(path: Path, location: str, *, inside: Path | None = None) -> bytes:
    """The bytes of a regular file. Raises :class:`OSError` as :meth:`Path.read_bytes` does
    (a missing file, a folder, no permission) and :class:`~impactkit.errors.FileRefused` for a
    file that must not be read at all.

    Named pipes, devices and sockets are refused without reading them (opening is
    non-blocking, so a pipe cannot hang the reader). With ``inside``, the file must also be
    in that folder: a symbolic link (anywhere on the way) and a path that leaves the folder
    are refused before anything is read, so their target's content never reaches a message.
    """
    if inside is not None:
        _check_inside(path, location, inside)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if inside is not None:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        if inside is not None and os.path.islink(path):  # raced in after the check
            raise FileRefused(_LINK, location) from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise FileRefused("This is not a regular file (it is a named pipe, a device or a "
                              "socket); IMPACT reads only regular files.", location)
        return handle.read()


_LINK = ("The file is a symbolic link; a package must hold its files themselves, so links "
         "are not followed.")
_LEAVES = ("The path leaves the package folder; a resource must be a file inside the folder "
           "that holds datapackage.json.")


def _check_inside(path: Path, location: str, folder: Path) -> None:
    try:
        relative = path.relative_to(folder)
    except ValueError:
        raise FileRefused(_LEAVES, location) from None
    if ".." in relative.parts:
        raise FileRefused(_LEAVES, location)
    step = folder
    for part in relative.parts:
        step = step / part
        if step.is_symlink():
            raise FileRefused(_LINK, location)


# --- nesting --------------------------------------------------------------------------------
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_nesting_problem(text: str, location: str) -> Problem | None:
    """A problem if the JSON text nests objects and lists deeper than
    :data:`~impactkit.limits.MAX_NESTING_DEPTH`. Brackets inside strings do not count; the
    scan is one regular expression over the text, with no recursion."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                return _deep_problem("JSON", line, column, location)
        elif token in ("]", "}"):
            depth -= 1
    return None


_YAML_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_YAML_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_EventLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_nesting_problem(text: str, location: str) -> Problem | None:
    """A problem if the YAML text nests mappings and lists deeper than
    :data:`~impactkit.limits.MAX_NESTING_DEPTH`, found from the parser's event stream (which
    does not recurse) before anything is composed (which does). Syntax errors are left to the
    loader, which reports them with their line."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            if isinstance(event, _YAML_OPEN):
                depth += 1
                if depth > MAX_NESTING_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                    return _deep_problem("YAML", line, column, location)
            elif isinstance(event, _YAML_CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _deep_problem(kind: str, line: int, column: int, location: str) -> Problem:
    return Problem(f"The {kind} nests deeper than the limit of {MAX_NESTING_DEPTH} levels of "
                   f"lists and mappings inside each other (at line {line}, column {column}); "
                   "no IMPACT file needs that many.", location=location)
