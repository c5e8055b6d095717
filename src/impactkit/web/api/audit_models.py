"""Pydantic mirrors of the audit trail's JSON shape (``as_dict`` of
:mod:`impactkit.services.audit`'s TrailPage, TrailEntry and RecordHistory)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(Shape):
    """One field's difference: a list field shows ``added`` and ``removed`` items, any
    other field ``before`` and ``after`` (null where the record did not exist)."""

    field: str
    before: Any = None
    after: Any = None
    added: list[Any] | None = None
    removed: list[Any] | None = None


class TrailEntry(Shape):
    id: int
    at: datetime
    user: str
    action: str = Field(description="create, update, delete, a review step, comment...")
    entity: str = Field(description="findings, evidence, ..., members, workspace.")
    record_key: str | None
    summary: str
    changes: list[Change]
    record_url: str | None = Field(description="The record's page (null once deleted).")
    history_url: str | None


class TrailFilters(Shape):
    entity: str | None
    user: str | None
    since: str | None
    until: str | None


class TrailPage(Shape):
    """A page of a workspace's changes, newest first."""

    workspace: str
    filters: TrailFilters
    page: int
    per_page: int
    pages: int
    total: int
    entries: list[TrailEntry]


class RecordHistory(Shape):
    """Every change to one record, newest first."""

    workspace: str
    entity: str
    record_key: str
    exists: bool
    record_url: str | None
    entries: list[TrailEntry]
