"""Single flight: at most one rebuild per key at a time, counted (never timed).

Builds here block on an event the test releases, so which callers arrive during a rebuild is
decided by the test, not by the scheduler. Waiting is bounded (``WAIT_S``) only so that a
broken implementation fails instead of hanging.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from impactkit.services.single_flight import Flight, SingleFlight

CALLERS = 12
WAIT_S = 10.0


def blocked_build(value: str, release: threading.Event, calls: list[str]
                  ) -> Callable[[], str]:
    def build() -> str:
        calls.append(value)
        assert release.wait(WAIT_S), "the test never released the build"
        return value

    return build


def wait_until(condition: Callable[[], bool]) -> None:
    """Until ``condition()`` holds, checked as the other threads move (bounded)."""
    done = threading.Event()
    for _ in range(int(WAIT_S * 100)):
        if condition():
            return
        done.wait(0.01)
    pytest.fail("the other callers never got there")


def test_a_value_at_the_same_version_is_kept() -> None:
    flights: SingleFlight[str] = SingleFlight()
    assert flights.get("ws", version=1, build=lambda: "one") == Flight("one", 1, False)
    assert flights.get("ws", version=1, build=lambda: "again") == Flight("one", 1, False)
    assert flights.rebuilds == 1
    assert flights.get("ws", version=2, build=lambda: "two") == Flight("two", 2, False)
    assert flights.get("other", version=2, build=lambda: "x").value == "x"  # keys apart
    assert flights.rebuilds == 3


def test_callers_during_a_rebuild_get_the_previous_value_marked_refreshing() -> None:
    flights: SingleFlight[str] = SingleFlight()
    flights.get("ws", version=1, build=lambda: "old")
    release, calls = threading.Event(), []
    with ThreadPoolExecutor(max_workers=1) as pool:
        leader = pool.submit(flights.get, "ws", version=2,
                             build=blocked_build("new", release, calls))
        wait_until(lambda: calls == ["new"])  # the leader is rebuilding
        # everyone else after the write, while the rebuild runs: served at once
        others = [flights.get("ws", version=2, build=blocked_build("dup", release, calls))
                  for _ in range(CALLERS)]
        release.set()
        assert leader.result(WAIT_S) == Flight("new", 2, refreshing=False)
    assert calls == ["new"] and flights.rebuilds == 2  # the first build and this one
    assert others == [Flight("old", 1, refreshing=True)] * CALLERS
    assert flights.get("ws", version=2, build=lambda: "later") == Flight("new", 2, False)


def test_with_no_previous_value_callers_wait_for_the_one_rebuild() -> None:
    flights: SingleFlight[str] = SingleFlight()
    release, calls = threading.Event(), []
    build = blocked_build("first", release, calls)
    with ThreadPoolExecutor(max_workers=CALLERS) as pool:
        futures: list[Future[Flight[str]]] = [
            pool.submit(flights.get, "ws", version=1, build=build) for _ in range(CALLERS)]
        wait_until(lambda: flights.waiting("ws") == CALLERS - 1)
        release.set()
        results = [future.result(WAIT_S) for future in futures]
    assert calls == ["first"] and flights.rebuilds == 1
    assert results == [Flight("first", 1, refreshing=False)] * CALLERS


def test_a_failed_rebuild_is_the_leaders_error_and_a_waiter_rebuilds() -> None:
    flights: SingleFlight[str] = SingleFlight()
    release, started = threading.Event(), threading.Event()

    def failing() -> str:
        started.set()
        assert release.wait(WAIT_S)
        raise RuntimeError("the database went away")

    with ThreadPoolExecutor(max_workers=2) as pool:
        leader = pool.submit(flights.get, "ws", version=1, build=failing)
        assert started.wait(WAIT_S)
        waiter = pool.submit(flights.get, "ws", version=1, build=lambda: "second try")
        wait_until(lambda: flights.waiting("ws") == 1)
        release.set()
        with pytest.raises(RuntimeError, match="went away"):
            leader.result(WAIT_S)
        assert waiter.result(WAIT_S) == Flight("second try", 1, refreshing=False)
    assert flights.rebuilds == 2


def test_an_unknown_version_is_built_and_never_current() -> None:
    flights: SingleFlight[str] = SingleFlight()
    assert flights.get("ws", version=None, build=lambda: "a") == Flight("a", None, False)
    assert flights.get("ws", version=None, build=lambda: "b") == Flight("b", None, False)
    assert flights.rebuilds == 2


def test_a_value_older_than_max_age_is_rebuilt() -> None:
    flights: SingleFlight[str] = SingleFlight()
    flights.get("ws", version=1, build=lambda: "a")
    assert flights.get("ws", version=1, build=lambda: "b", max_age=3600).value == "a"
    assert flights.get("ws", version=1, build=lambda: "c", max_age=0).value == "c"


def test_only_the_newest_keys_are_kept() -> None:
    flights: SingleFlight[int] = SingleFlight(kept=2)
    for n in range(3):
        flights.get(n, version=1, build=lambda n=n: n)  # type: ignore[misc]
    flights.get(0, version=1, build=lambda: 99)
    assert flights.rebuilds == 4  # key 0 was pushed out


class Clock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_within_the_interval_after_a_rebuild_the_last_value_is_served_marked_refreshing(
        ) -> None:
    clock = Clock()
    flights: SingleFlight[str] = SingleFlight(min_interval=1.0, clock=clock)
    assert flights.get("ws", version=1, build=lambda: "one") == Flight("one", 1, False)
    clock.now += 0.4  # writes made versions 2 and 3 meanwhile
    assert flights.get("ws", version=2, build=lambda: "two") == Flight("one", 1, True)
    assert flights.get("ws", version=3, build=lambda: "three") == Flight("one", 1, True)
    assert flights.rebuilds == 1
    assert flights.get("other", version=3, build=lambda: "x") == Flight("x", 3, False)
    clock.now += 0.6  # the interval is over: the next caller rebuilds, at its own version
    assert flights.get("ws", version=3, build=lambda: "three") == Flight("three", 3, False)
    assert flights.get("ws", version=3, build=lambda: "again") == Flight("three", 3, False)
    assert flights.rebuilds == 3


def test_the_interval_runs_from_the_end_of_the_rebuild() -> None:
    clock = Clock()
    flights: SingleFlight[str] = SingleFlight(min_interval=1.0, clock=clock)

    def slow_build() -> str:
        clock.now += 5.0  # a rebuild longer than the interval
        return "one"

    flights.get("ws", version=1, build=slow_build)
    clock.now += 0.5
    assert flights.get("ws", version=2, build=lambda: "two").refreshing
    clock.now += 0.5
    assert flights.get("ws", version=2, build=lambda: "two") == Flight("two", 2, False)


def test_without_an_interval_every_outdated_view_rebuilds() -> None:
    clock = Clock()
    flights: SingleFlight[str] = SingleFlight(clock=clock)
    flights.get("ws", version=1, build=lambda: "one")
    assert flights.get("ws", version=2, build=lambda: "two") == Flight("two", 2, False)
    assert flights.rebuilds == 2
