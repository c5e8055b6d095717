"""Fixtures for the catalogue tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from catalogue_helpers import MINIMAL


@pytest.fixture
def minimal() -> dict[str, Any]:
    """A fresh copy of a small, valid standalone catalogue, to break on purpose."""
    return copy.deepcopy(MINIMAL)
