"""How far a State's recommendations are implemented, counted: by reporting cluster, by
mechanism, by responsible actor (through the actions answering them) and by the latest status
each source gave.

Pure functions over the domain objects of :mod:`impactkit.recommendations.model`, no I/O.
Every count keeps the keys of the recommendations behind it, so a page can link each number
to exactly those (and a test can check that it does). The rules follow the recommendations
list's filters, so that a number and the list it links to agree:

- a cluster counts the recommendations tagged with it (``tag=cluster:X``);
- an actor counts the recommendations answered by an action the actor is responsible for
  (``actor=X``);
- a source's status is the latest assessment of that source (by date, then by the order
  they were recorded); the ``any`` row takes the latest of every source (``status=X``);
  :data:`NONE` counts the recommendations without an assessment (from that source).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    Recommendation,
    StatusAssessment,
    StatusSource,
    natural_key,
)

NONE = "none"
"""The value counting the recommendations without a cluster, an actor or an assessment."""
ANY_SOURCE = "any"
"""The row of the latest assessment from any source (what the list's status filter reads)."""
STATUS_ORDER: tuple[str, ...] = (
    ImplementationStatus.IMPLEMENTED, ImplementationStatus.PARTIAL,
    ImplementationStatus.PLANNED, ImplementationStatus.NOT_STARTED,
    ImplementationStatus.REGRESSED, ImplementationStatus.UNKNOWN, NONE)
"""Statuses from the furthest along, then "no assessment": the columns of the status table."""
SOURCE_ORDER: tuple[str, ...] = (*(s.value for s in StatusSource), ANY_SOURCE)


@dataclass(frozen=True, slots=True)
class Count:
    """How many recommendations have ``value`` (a cluster code, a mechanism, an actor key, a
    status or :data:`NONE`), and which (their keys, in paragraph order)."""

    value: str
    keys: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.keys)


@dataclass(frozen=True, slots=True)
class Progress:
    """The tallies of one State's recommendations. ``statuses`` maps each source (and
    :data:`ANY_SOURCE`) to one count per status of :data:`STATUS_ORDER`, zeros included."""

    total: int
    clusters: tuple[Count, ...]
    mechanisms: tuple[Count, ...]
    actors: tuple[Count, ...]
    statuses: Mapping[str, tuple[Count, ...]] = field(default_factory=dict)

    def count(self, dimension: str, value: str) -> Count | None:
        """The count of ``value`` along ``dimension`` (``cluster``, ``mechanism``, ``actor``
        or ``status-<source>``), None when there is none."""
        if dimension.startswith("status-"):
            counts: Sequence[Count] = self.statuses.get(dimension.removeprefix("status-"), ())
        else:
            counts = {"cluster": self.clusters, "mechanism": self.mechanisms,
                      "actor": self.actors}.get(dimension, ())
        return next((c for c in counts if c.value == value), None)


def tally(recommendations: Iterable[Recommendation], actions: Iterable[Action],
          histories: Mapping[str, Sequence[StatusAssessment]]) -> Progress:
    """Count the recommendations (see the module doc). ``histories`` maps a recommendation's
    key to its assessments, oldest first (as the store gives them); actions naming a
    recommendation that is not among ``recommendations`` are ignored."""
    recs = sorted(recommendations, key=lambda r: (natural_key(r.paragraph), natural_key(r.key)))
    keys = [r.key for r in recs]
    known = set(keys)
    clusters: dict[str, list[str]] = {}
    mechanisms: dict[str, list[str]] = {}
    for rec in recs:
        for code in rec.clusters or (NONE,):
            clusters.setdefault(code, []).append(rec.key)
        mechanisms.setdefault(str(rec.mechanism), []).append(rec.key)
    responsible: dict[str, set[str]] = {}
    for action in actions:
        for actor in action.actors:
            responsible.setdefault(actor, set()).update(
                k for k in action.recommendations if k in known)
    with_actor = set().union(*responsible.values()) if responsible else set()
    actor_keys = {actor: [k for k in keys if k in answered]
                  for actor, answered in responsible.items() if answered}
    if len(with_actor) < len(keys):
        actor_keys[NONE] = [k for k in keys if k not in with_actor]
    latest = {key: latest_statuses(histories.get(key, ())) for key in keys}
    statuses = {source: tuple(Count(status, tuple(k for k in keys
                                                  if latest[k].get(source, NONE) == status))
                              for status in STATUS_ORDER)
                for source in SOURCE_ORDER}
    mechanism_order = [m.value for m in Mechanism]
    return Progress(
        total=len(keys),
        clusters=_ordered(clusters, natural_key),
        mechanisms=_ordered(mechanisms, lambda m: f"{mechanism_order.index(m):03d}"
                            if m in mechanism_order else m),
        actors=_ordered(actor_keys, natural_key),
        statuses=statuses)


def latest_statuses(history: Sequence[StatusAssessment]) -> dict[str, str]:
    """Each source's latest status, and the latest of all under :data:`ANY_SOURCE`.
    ``history`` is oldest first; on the same date the one recorded later is the later."""
    found: dict[str, str] = {}
    for item in sorted(history, key=lambda a: a.assessed_on):  # stable: ties keep their order
        found[str(item.source)] = str(item.status)
        found[ANY_SOURCE] = str(item.status)
    return found


def _ordered(groups: Mapping[str, list[str]], order: Callable[[str], str]
             ) -> tuple[Count, ...]:
    """Counts by size, largest first, ties by ``order``; :data:`NONE` always last."""
    real = sorted((v for v in groups if v != NONE), key=lambda v: (-len(groups[v]), order(v)))
    tail = [NONE] if NONE in groups else []
    return tuple(Count(value, tuple(groups[value])) for value in [*real, *tail])
