"""Fixtures for exchange tests: a small hand-built catalogue and a valid workspace."""

from __future__ import annotations

import pytest
from exchange_samples import build_catalogue, build_workspace_data

from impactkit.catalogue.schema import Catalogue
from impactkit.domain import WorkspaceData


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return build_catalogue()


@pytest.fixture
def sample_data() -> WorkspaceData:
    return build_workspace_data()
