"""The kinds of record, named once: every layer that names them draws from
``impactkit.kinds``, so the names, labels and references agree everywhere."""

from __future__ import annotations

import dataclasses

import pytest

from impactkit import kinds, validation
from impactkit.domain import WorkspaceData
from impactkit.errors import UsageError
from impactkit.exchange.tables import TABLES_BY_NAME
from impactkit.services import audit as audit_service
from impactkit.services.exchange import TABLE_KINDS
from impactkit.store import rows
from impactkit.web.api.serialise import ENTITY_CLASSES
from impactkit.web.routes.records import GENERIC


def test_each_name_path_and_field_is_used_once() -> None:
    for attribute in ("name", "path", "field", "label", "labels", "heading", "cls"):
        values = [getattr(kind, attribute) for kind in kinds.KINDS]
        assert len(set(values)) == len(values), attribute


def test_fields_are_those_of_a_workspace_and_references_point_backwards() -> None:
    workspace_fields = {f.name for f in dataclasses.fields(WorkspaceData)} - {"workspace"}
    assert {kind.field for kind in kinds.KINDS} == workspace_fields
    seen: set[str] = set()
    for kind in kinds.KINDS:
        record_fields = {f.name for f in dataclasses.fields(kind.cls)}
        for ref in kind.references:
            assert ref.attribute in record_fields
            assert ref.target in seen or ref.target == kind.name, (kind.name, ref)
        assert kind.title_attribute in record_fields
        seen.add(kind.name)


def test_every_layer_draws_the_kinds_from_one_table() -> None:
    assert set(rows.ENTITIES) == set(kinds.BY_NAME)
    assert all(spec.kind is kinds.BY_NAME[name] for name, spec in rows.ENTITIES.items())
    assert set(validation.TABLES) == set(kinds.BY_FIELD)
    assert all(field in validation._RECORD_CHECKS for field in kinds.BY_FIELD)
    assert {(k.path, k.name, k.label) for k in audit_service.RECORD_KINDS} == {
        (k.path, k.name, k.label) for k in kinds.KINDS}
    assert {k.path: k.cls for k in kinds.KINDS} == ENTITY_CLASSES
    assert set(GENERIC) == set(kinds.BY_PATH) - {"findings"}
    assert set(TABLE_KINDS) <= set(kinds.BY_PATH)
    for kind in kinds.KINDS:
        assert TABLES_BY_NAME[kind.field].record_type is kind.cls


def test_a_reference_is_checked_with_the_targets_label() -> None:
    mandate = kinds.BY_NAME["mandate"]
    legal_basis = next(r for r in mandate.references if r.attribute == "legal_basis")
    assert kinds.BY_NAME[legal_basis.target].label == "law or policy"
    stored = rows.ENTITIES["mandate"].references
    assert [(r.attribute, r.column) for r in stored] == [("actor_key", "actor_id"),
                                                         ("legal_basis", "legal_basis_id")]
    assert rows.ENTITIES["finding"].references == ()  # tension instruments are tags


def test_unknown_kinds_are_refused_with_the_known_ones() -> None:
    assert kinds.kind_named("indicator-value").path == "indicator-values"
    assert kinds.kind_at("indicator-values").field == "indicator_values"
    with pytest.raises(UsageError, match="use one of: actor, instrument"):
        kinds.kind_named("instruments")
    with pytest.raises(UsageError, match="use one of: actors, instruments"):
        kinds.kind_at("instrument")
