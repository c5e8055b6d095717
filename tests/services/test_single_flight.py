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
