"""At most one rebuild of a cached value per key at a time (single flight).

A cached value is *current* for a caller when it was built at the caller's data version (and,
where the caller bounds it, is young enough). When it is not, the first caller rebuilds it
while every other caller asking for the same key meanwhile gets, without waiting, the last
value built, marked as being refreshed (``Flight.refreshing``); only when no value was ever
built do they wait for the rebuild and share its result. So a write followed by a burst of
views costs one rebuild, not one per view, and nobody is shown a value older than the last
rebuild. The caller that rebuilds, and every caller after the rebuild, gets the current value.

Under a stream of writes every view finds the value outdated, and rebuilding back to back
would take a whole core (an analysis costs tens of milliseconds; twenty clients writing make
dozens of versions a second). ``min_interval`` bounds that: within that many seconds of the
last rebuild's end, callers get the last value marked refreshing and nobody rebuilds; the
first caller after the interval rebuilds. Rebuilds then take at most
``build / (build + min_interval)`` of a core, and a value is never older than one interval
plus one rebuild. A lone user, whose views are further apart, always gets the current value.

Keys are opaque (any hashable: a database, a workspace, and whatever else selects what is
built, such as a filter); versions are opaque too, compared for equality only. A version of
None means "the data's version is not known to be exact": the value is built and kept as the
last value (for refreshing callers) but never counts as current.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Flight(Generic[T]):
    """A value and what the caller may say about it."""

    value: T
    version: Hashable | None
    """The data version the value was built at (None: not known to be exact)."""
    refreshing: bool
    """True when the value is the last one built while a newer one is being built."""


@dataclass
class _Built(Generic[T]):
    value: T
    version: Hashable | None
    at: float


class _Rebuild:
    """One rebuild in progress: those that wait for it, and how it ended."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.waiting = 0


class SingleFlight(Generic[T]):
    """Bounded map from a key to its last built value, rebuilt by one caller at a time."""

    def __init__(self, *, kept: int = 64, min_interval: float = 0.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.min_interval = min_interval
        """Seconds after a rebuild during which an outdated value is handed out, marked
        refreshing, instead of being rebuilt (0: rebuild whenever outdated)."""
        self._built: OrderedDict[Hashable, _Built[T]] = OrderedDict()
        self._rebuilds: dict[Hashable, _Rebuild] = {}
        self._kept = kept
        self._lock = threading.Lock()
        self._clock = clock  # seconds, only ever subtracted (tests move it by hand)
        self.rebuilds = 0
        """How many times ``build`` was called (for tests and figures)."""

    def get(self, key: Hashable, *, version: Hashable | None, build: Callable[[], T],
            max_age: float | None = None) -> Flight[T]:
        """The value for ``key`` at ``version``: kept if current, else rebuilt by this caller,
        or the last value marked refreshing when another caller is rebuilding it already or
        the last rebuild ended less than ``min_interval`` seconds ago.
        ``build`` reads the data after the caller read ``version`` (a change in between only
        costs another rebuild later). If it raises, the error is this caller's; a caller
        that waited for it then rebuilds itself. A caller that waited for the first value
        and finds it built at another version than its own is served as if just arrived:
        it rebuilds (it is then first), or after ``min_interval`` gets it marked
        refreshing."""
        while True:
            with self._lock:
                built = self._built.get(key)
                if built is not None and self._current(built, version, max_age):
                    self._built.move_to_end(key)
                    return Flight(built.value, built.version, refreshing=False)
                if built is not None and self._too_soon(built):
                    return Flight(built.value, built.version, refreshing=True)
                rebuild = self._rebuilds.get(key)
                if rebuild is None:
                    rebuild = self._rebuilds[key] = _Rebuild()
                    self.rebuilds += 1
                    break
                if built is not None:
                    return Flight(built.value, built.version, refreshing=True)
                rebuild.waiting += 1
            rebuild.done.wait()
            with self._lock:
                rebuild.waiting -= 1
            # then as if just arrived: the new value if current, else rebuild or refreshing
        try:
            value = build()
            with self._lock:
                self._built[key] = _Built(value, version, self._clock())
                self._built.move_to_end(key)
                while len(self._built) > self._kept:
                    self._built.popitem(last=False)
        finally:
            with self._lock:
                del self._rebuilds[key]
            rebuild.done.set()
        return Flight(value, version, refreshing=False)

    def waiting(self, key: Hashable) -> int:
        """How many callers wait for the rebuild of ``key`` in progress (0 if none)."""
        with self._lock:
            rebuild = self._rebuilds.get(key)
            return rebuild.waiting if rebuild is not None else 0

    def clear(self) -> None:
        """Forget every built value (rebuilds in progress finish and keep theirs)."""
        with self._lock:
            self._built.clear()

    def _too_soon(self, built: _Built[T]) -> bool:
        return self._clock() - built.at < self.min_interval

    def _current(self, built: _Built[T], version: Hashable | None, max_age: float | None
                 ) -> bool:
        return (version is not None and built.version == version
                and (max_age is None or self._clock() - built.at < max_age))
