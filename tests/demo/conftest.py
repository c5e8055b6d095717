"""The demo built once per session: building is deterministic, so sharing it is safe, and
tests must not mutate it (those that need to, build their own)."""

from __future__ import annotations

import pytest

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.catalogue.schema import Catalogue
from impactkit.demo import build_demo, build_demo_cycles
from impactkit.domain import WorkspaceData


@pytest.fixture(scope="session")
def demo() -> WorkspaceData:
    return build_demo()


@pytest.fixture(scope="session")
def cycles() -> list[WorkspaceData]:
    return build_demo_cycles()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_default_catalogue()
