"""Loading and validating catalogues: the default one shipped with the package, or a user's.

A catalogue is YAML: one file, or a folder of files (read recursively, in path order).
Each file is a mapping of the sections of :class:`~impactkit.catalogue.schema.Catalogue`
(``key``, ``instruments``, ``areas``, ``indicators``, ``rating_scale``, ``scoring``...).
A section whose value is a list may be spread over several files and is concatenated in
path order (the default catalogue numbers its instrument files to keep the CRC first); any
other section appears in exactly one file.

A user catalogue can build on the default one instead of copying it::

    extends: impact-default
    key: my-framework          # its own key, version and title: it is another methodology
    version: "1.0"
    title: The default framework plus our national indicators
    indicators:                # new items are added after the default's
      - code: shelter-places-per-1000
        ...
    replace:                   # an item with an existing code goes here, whole
      indicators:
        - code: guardian-within-72h
          ...
    scoring:                   # fields override the default's one by one
      gap_threshold: 20
      rule: ...                # required when weights, thresholds or the scale change

Adding an item whose code already exists is an error, as is replacing a code that does not
exist; the full rules are in :mod:`impactkit.catalogue.extends`.

Validation reports every problem at once, each as a :class:`~impactkit.errors.Problem`
whose ``location`` is the file and ``field`` the path inside it
(``indicators[12].areas[0]: unknown area 'efectiveness' (did you mean 'effectiveness'?)``):
YAML syntax and encoding errors, schema errors, and the reference checks of
:mod:`impactkit.catalogue.references`. A file that cannot be read stops the check there,
because every later check would report noise about the sections it holds.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from impactkit.catalogue.compose import REPLACE, compose
from impactkit.catalogue.extends import extend
from impactkit.catalogue.locations import Issue, Provenance
from impactkit.catalogue.references import check_references
from impactkit.catalogue.schema import Catalogue
from impactkit.catalogue.shape import check_shape
from impactkit.catalogue.sources import read_sources
from impactkit.errors import CatalogueError, Problem

DEFAULT_KEY = "impact-default"
EXTENDS = "extends"


@dataclass(frozen=True, slots=True)
class _Checked:
    catalogue: Catalogue | None
    problems: list[Problem]


def default_catalogue_root() -> Traversable:
    """The folder of the default catalogue's YAML files, inside the installed package."""
    return resources.files("impactkit.catalogue").joinpath("default")


@functools.cache
def _default_document() -> tuple[dict[str, Any], Provenance]:
    """The default catalogue as a joined raw document: the base that ``extends`` builds on.
    Callers must not modify it (:func:`extend` works on a copy)."""
    root = default_catalogue_root()
    sources, problems = read_sources(root)
    data, provenance, joined = compose(sources, str(root))
    if problems or joined:
        raise CatalogueError([*problems, *joined], summary="the default catalogue is broken")
    return data, provenance


def _check(root: Traversable) -> _Checked:
    sources, problems = read_sources(root)
    if problems:
        return _Checked(None, problems)
    data, provenance, problems = compose(sources, str(root))
    base = data.pop(EXTENDS, None)
    if base is not None:
        if base != DEFAULT_KEY:
            message = f"cannot extend {base!r}: the catalogue that can be extended is " \
                      f"'{DEFAULT_KEY}'"
            return _Checked(None, [*problems, provenance.problem(Issue((EXTENDS,), message))])
        base_data, base_provenance = _default_document()
        data, provenance, extended = extend(data, provenance, base_data, base_provenance,
                                            DEFAULT_KEY)
        problems += extended
    elif REPLACE in data:
        data.pop(REPLACE)
        problems.append(provenance.problem(Issue(
            (REPLACE,), f"only works together with extends: {DEFAULT_KEY}")))
    catalogue, issues = check_shape(data)
    issues += check_references(data, provenance.describe)
    problems += [provenance.problem(issue) for issue in issues]
    problems.sort(key=_reading_order)
    return _Checked(None if problems else catalogue, problems)


def _reading_order(problem: Problem) -> tuple[str, list[str | int]]:
    """File by file, and inside a file by path with numbers compared as numbers, so the
    problems of ``indicators[2]`` come before those of ``indicators[10]``."""
    parts = re.split(r"(\d+)", problem.field or "")
    return problem.location or "", [int(p) if p.isdigit() else p for p in parts]


def validate_catalogue(path: Path | str) -> list[Problem]:
    """Every problem in a catalogue file or folder; an empty list means it loads."""
    return _check(Path(path)).problems


def load_catalogue(path: Path | str) -> Catalogue:
    """Load a catalogue file or folder, or raise :class:`CatalogueError` with every problem."""
    checked = _check(Path(path))
    if checked.problems or checked.catalogue is None:
        count = len(checked.problems)
        raise CatalogueError(checked.problems,
                             summary=f"{path}: {count} problem{'s' if count != 1 else ''} "
                                     "in the catalogue")
    return checked.catalogue


@functools.cache
def load_default_catalogue() -> Catalogue:
    """The IMPACT default catalogue shipped with the package (loaded once; it is immutable)."""
    checked = _check(default_catalogue_root())
    if checked.problems or checked.catalogue is None:
        raise CatalogueError(checked.problems, summary="the default catalogue is broken")
    return checked.catalogue
