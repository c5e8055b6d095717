"""Searching recommendations in the store: words with stemming, phrases, OR and exclusion,
the same on SQLite (FTS5) and PostgreSQL (tsvector); filters; paging."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from tests.store.recommendation_sample import WS, rec, save

from impactkit.errors import ValidationError
from impactkit.recommendations.model import (
    Action,
    ImplementationStatus,
    Mechanism,
    StatusAssessment,
    StatusSource,
)
from impactkit.store import recommendation_tracking
from impactkit.store.db import Database
from impactkit.store.recommendation_search import SearchFilters, search

Found = Callable[..., list[str]]
"""``found(text=..., cycle=...)``: the sorted keys a search with those filters finds."""

TEXTS = {
    "r1": "Combat the trafficking of children for sexual exploitation.",
    "r2": "Ensure that trafficked children are identified and referred to care.",
    "r3": "Strengthen labour inspection in agriculture.",
    "r4": "Raise the minimum age of marriage to 18 years.",
}


@pytest.fixture
def found(rec_db: Database) -> Found:
    save(rec_db, *(rec(key, text, provisions=("CRC-35",) if key in ("r1", "r2") else (),
                       mechanism=Mechanism.CRC if key == "r4" else Mechanism.UPR,
                       cycle="4" if key == "r3" else "3")
                   for key, text in TEXTS.items()))

    def keys(**filters: str) -> list[str]:
        with rec_db.connect() as conn:
            page = search(conn, workspace_key=WS, filters=SearchFilters(**filters))
        return sorted(r.key for r in page.items)
    return keys


def test_words_match_every_form_of_a_word(found: Found) -> None:
    assert found(text="trafficked") == ["r1", "r2"]
    assert found(text="children trafficking") == ["r1", "r2"]


def test_phrases_alternatives_and_exclusions(found: Found) -> None:
    assert found(text='"labour inspection"') == ["r3"]
    assert found(text="marriage OR agriculture") == ["r3", "r4"]
    assert found(text="children -sexual") == ["r2"]
    assert found(text='NEAR(child* "') == []  # typed syntax stays plain words


def test_filters_narrow_the_result(found: Found, rec_db: Database) -> None:
    assert found(mechanism="crc") == ["r4"]
    assert found(cycle="4") == ["r3"]
    assert found(tag="provision:CRC-35", text="children") == ["r1", "r2"]
    with rec_db.begin() as conn:
        recommendation_tracking.add_status(conn, workspace_key=WS, by="ana", assessment=(
            StatusAssessment(recommendation="r3", source=StatusSource.NHRI,
                             status=ImplementationStatus.PARTIAL,
                             assessed_on=date(2025, 1, 1))))
        recommendation_tracking.add_action(conn, workspace_key=WS, by="ana", action=Action(
            key="a1", title="Inspect farms", recommendations=("r3",),
            actors=("labour-inspectorate",)))
    assert found(status="partially-implemented") == ["r3"]
    assert found(actor="labour-inspectorate") == ["r3"]
    with pytest.raises(ValidationError, match="tag filter"):
        found(tag="nonsense")


def test_pages_are_counted_and_ordered(rec_db: Database) -> None:
    save(rec_db, *(rec(f"r{i:02d}", f"Recommendation about children number {i}.")
                   for i in range(12)))
    with rec_db.connect() as conn:
        first = search(conn, workspace_key=WS, filters=SearchFilters(), limit=5)
        last = search(conn, workspace_key=WS, filters=SearchFilters(), offset=10, limit=5)
        worded = search(conn, workspace_key=WS, filters=SearchFilters(text="children"),
                        limit=100)
    assert (first.total, [r.key for r in first.items]) == (12, [f"r{i:02d}" for i in range(5)])
    assert [r.key for r in last.items] == ["r10", "r11"]
    assert worded.total == len(worded.items) == 12
