"""Values derived from a catalogue, computed once per catalogue object.

Pages need the same catalogue-derived lists on every view (the titles of every code, the
options of every filter: hundreds of entries). ``workspace_catalogue`` hands out the very
same :class:`Catalogue` object until the stored copy changes, so that object can key what is
derived from it; a changed catalogue is a new object and gets fresh values. The cache holds
the catalogue itself beside each value, so an id is never reused while its entry lives.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Concatenate, ParamSpec, TypeVar

from impactkit.catalogue.schema import Catalogue

P = ParamSpec("P")
T = TypeVar("T")

KEPT = 64
"""Entries per derived function: a few catalogues times a few argument combinations."""


def per_catalogue(function: Callable[Concatenate[Catalogue, P], T]
                  ) -> Callable[Concatenate[Catalogue, P], T]:
    """Memoise ``function(catalogue, *args)`` on the catalogue's identity and the (hashable)
    other arguments. The values are shared between requests: callers must not change them."""
    entries: OrderedDict[tuple[Hashable, ...], tuple[Catalogue, T]] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(function)
    def memoised(catalogue: Catalogue, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (id(catalogue), *args, *sorted(kwargs.items()))
        with lock:
            kept = entries.get(key)
            if kept is not None and kept[0] is catalogue:
                entries.move_to_end(key)
                return kept[1]
        value = function(catalogue, *args, **kwargs)
        with lock:
            entries[key] = (catalogue, value)
            while len(entries) > KEPT:
                entries.popitem(last=False)
        return value

    return memoised
