"""Rendered parts of pages, kept while the data they show is unchanged.

A findings page lists 50 records with their codes and titles; drawing that table costs more
than everything else a view does, yet every member who opens the same filters sees the same
table until someone changes the data. So the table is kept, keyed by the data's version
(:mod:`impactkit.store.versions`) and everything else it depends on; a change to any record,
catalogue or setting writes a newer audit entry and so a new key (on PostgreSQL the version
also names the writes in flight, so one that commits behind a newer entry changes it too).
On PostgreSQL an entry also expires after ``max_age`` seconds (see the versions module for
what that bound covers).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

from markupsafe import Markup


class FragmentCache:
    """A bounded, thread-safe map from a key to rendered HTML (least recently used out)."""

    def __init__(self, *, kept: int = 256) -> None:
        self._entries: OrderedDict[Hashable, tuple[float, Markup]] = OrderedDict()
        self._kept = kept
        self._lock = threading.Lock()

    def get(self, key: Hashable, *, max_age: float | None = None) -> Markup | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if max_age is not None and time.monotonic() - found[0] > max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, html: Markup) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), html)
            self._entries.move_to_end(key)
            while len(self._entries) > self._kept:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
