"""The recommendation list and the suggestion queue check the paging the visitor sent
(``input_rules.check_paging``) before turning it into an offset.

Reproduction of the defect: ``?page=0`` and ``?page=-1`` were silently read as page 1, and
``?page=10**20`` gave a 422 about ``offset``, a parameter the visitor never sent.
"""

from __future__ import annotations

import pytest

from tests.web.test_recommendations import Login, R, recs  # noqa: F401 (the fixture)

BAD_PAGES = ["0", "-1", str(10**20)]
pytestmark = pytest.mark.usefixtures("recs")


@pytest.mark.parametrize("page", BAD_PAGES)
def test_the_list_refuses_a_page_out_of_bounds_naming_page(
        login: Login, page: str) -> None:
    viewer = login("viewer")
    answer = viewer.get(f"{R}.json?page={page}")
    assert answer.status_code == 422, answer.text[:500]
    assert [p["field"] for p in answer.json()["problems"]] == ["page"]
    html = viewer.get(f"{R}?page={page}")
    assert html.status_code == 422
    assert "page is" in html.text and "offset" not in html.text


@pytest.mark.parametrize("page", BAD_PAGES)
def test_the_queue_refuses_a_page_out_of_bounds_naming_page(
        login: Login, page: str) -> None:
    answer = login("reviewer").get(f"{R}/suggestions?page={page}")
    assert answer.status_code == 422, answer.text[:500]
    assert "page is" in answer.text and "offset" not in answer.text
