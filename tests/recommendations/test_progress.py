"""The progress tallies, without a database: counts by cluster, mechanism, responsible actor
and latest status per source, each with the keys behind it."""

from __future__ import annotations

from datetime import date

from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    Recommendation,
    StatusAssessment,
    StatusSource,
)
from impactkit.recommendations.progress import ANY_SOURCE, NONE, STATUS_ORDER, tally


def rec(key: str, mechanism: Mechanism, paragraph: str, *clusters: str) -> Recommendation:
    return Recommendation(key=key, mechanism=mechanism, text=key, paragraph=paragraph,
                          clusters=clusters)


def said(key: str, source: StatusSource, status: ImplementationStatus, day: int
         ) -> StatusAssessment:
    return StatusAssessment(recommendation=key, source=source, status=status,
                            assessed_on=date(2024, 1, day))


RECS = [rec("upr-4-121.10", Mechanism.UPR, "121.10", "viii"),
        rec("upr-4-121.2", Mechanism.UPR, "121.2", "viii", "v"),
        rec("crc-5-35", Mechanism.CRC, "35"),
        rec("crc-5-9", Mechanism.CRC, "9", "v")]
ACTIONS = [Action(key="a1", title="Referral", recommendations=("upr-4-121.2", "crc-5-35"),
                  actors=("police", "ministry")),
           Action(key="a2", title="Law", recommendations=("crc-5-35", "gone"),
                  actors=("ministry",)),
           Action(key="a3", title="Nobody's", recommendations=("crc-5-9",))]
HISTORIES = {
    "upr-4-121.2": [said("upr-4-121.2", StatusSource.STATE, ImplementationStatus.PLANNED, 1),
                    said("upr-4-121.2", StatusSource.NHRI, ImplementationStatus.NOT_STARTED, 3),
                    said("upr-4-121.2", StatusSource.STATE, ImplementationStatus.IMPLEMENTED,
                         2)],
    # two on the same day: the one recorded later is the latest
    "crc-5-35": [said("crc-5-35", StatusSource.NHRI, ImplementationStatus.PARTIAL, 5),
                 said("crc-5-35", StatusSource.NHRI, ImplementationStatus.REGRESSED, 5)],
}


def counts(items) -> dict[str, tuple[str, ...]]:
    return {c.value: c.keys for c in items}


def test_tallies_keep_the_keys_behind_every_number() -> None:
    progress = tally(RECS, ACTIONS, HISTORIES)
    assert progress.total == 4
    # clusters: largest first, the recommendations without one last; keys in paragraph order
    assert counts(progress.clusters) == {"v": ("crc-5-9", "upr-4-121.2"),
                                         "viii": ("upr-4-121.2", "upr-4-121.10"),
                                         NONE: ("crc-5-35",)}
    assert [c.value for c in progress.clusters][-1] == NONE
    assert counts(progress.mechanisms) == {"upr": ("upr-4-121.2", "upr-4-121.10"),
                                           "crc": ("crc-5-9", "crc-5-35")}
    # actors through the actions; an unknown recommendation ("gone") is not counted
    assert counts(progress.actors) == {"ministry": ("crc-5-35", "upr-4-121.2"),
                                       "police": ("crc-5-35", "upr-4-121.2"),
                                       NONE: ("crc-5-9", "upr-4-121.10")}
    assert [c.value for c in progress.actors] == ["ministry", "police", NONE]


def test_latest_status_per_source_counts_no_assessment_too() -> None:
    progress = tally(RECS, ACTIONS, HISTORIES)
    assert set(progress.statuses) == {*(s.value for s in StatusSource), ANY_SOURCE}
    for rows in progress.statuses.values():  # every status, zeros included, adds up
        assert [c.value for c in rows] == list(STATUS_ORDER)
        assert sum(c.count for c in rows) == progress.total
    state = counts(progress.statuses["state"])
    assert state["implemented"] == ("upr-4-121.2",)  # assessed on the 2nd, after "planned"
    assert state["planned"] == ()
    assert state[NONE] == ("crc-5-9", "crc-5-35", "upr-4-121.10")
    nhri = counts(progress.statuses["nhri"])
    assert nhri["regressed"] == ("crc-5-35",) and nhri["partially-implemented"] == ()
    assert nhri["not-started"] == ("upr-4-121.2",)
    # any source: the latest of all (the NHRI's, on the 3rd, for upr-4-121.2)
    anyone = counts(progress.statuses[ANY_SOURCE])
    assert anyone["not-started"] == ("upr-4-121.2",)
    assert anyone["regressed"] == ("crc-5-35",)
    assert anyone[NONE] == ("crc-5-9", "upr-4-121.10")
    assert progress.count("status-nhri", "regressed").keys == ("crc-5-35",)
    assert progress.count("cluster", "viii").count == 2
    assert progress.count("actor", "nobody") is None


def test_nothing_to_count() -> None:
    progress = tally([], [], {})
    assert progress.total == 0 and progress.clusters == () and progress.actors == ()
    assert all(c.count == 0 for c in progress.statuses["state"])
