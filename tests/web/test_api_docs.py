"""The API's OpenAPI schema and its documentation page (/api/docs)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from impactkit.web.api.models import ENTITY_MODELS

READ_ONLY = {
    ("get", "/api/workspaces"), ("get", "/api/workspaces/{key}"),
    ("get", "/api/workspaces/{key}/analysis"), ("get", "/api/workspaces/{key}/explain/{target}"),
    ("get", "/api/compare"),
}


def schema(client: TestClient) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def api_operations(spec: dict) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    return {(method, path): op for path, item in spec["paths"].items()
            if path.startswith("/api/") for method, op in item.items()}


def test_the_schema_is_public_and_lists_the_read_only_endpoints(client: TestClient) -> None:
    operations = api_operations(schema(client))
    assert set(operations) >= READ_ONLY


def test_every_api_operation_uses_the_bearer_scheme_and_the_one_error_shape(
        client: TestClient) -> None:
    spec = schema(client)
    assert spec["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http", "scheme": "bearer", "bearerFormat": "imp_...",
        "description": spec["components"]["securitySchemes"]["bearerToken"]["description"]}
    operations = api_operations(spec)
    assert operations
    ids = [op["operationId"] for op in operations.values()]
    assert len(ids) == len(set(ids))
    for (method, path), op in operations.items():
        assert op["security"] == [{"bearerToken": []}], (method, path)
        assert op["responses"]["401"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"}, (method, path)
        refs = str(op["responses"])
        assert "HTTPValidationError" not in refs, (method, path)
    assert "/api/docs" not in spec["paths"]


def test_response_models_are_precise(client: TestClient) -> None:
    spec = schema(client)
    ops = api_operations(spec)
    ok = ops[("get", "/api/workspaces/{key}/analysis")]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AnalysisReport"}
    score = spec["components"]["schemas"]["Score"]
    assert {"score", "coverage", "finding_keys", "target"} <= set(score["properties"])
    assert score["additionalProperties"] is False


def test_docs_page_is_public_and_uses_only_local_assets(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert 'data-openapi-url="/api/openapi.json"' in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in assets
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui.css" in assets
    assert "/static/js/swagger-init.js" in assets
    init = client.get("/static/js/swagger-init.js")
    assert init.status_code == 200
    for text in (page.text, init.text):
        assert not re.search(r"https?://", text)
    assert "<script>" not in page.text  # no inline script: the CSP forbids them
    for asset in assets:
        if asset.startswith("/"):
            assert client.get(asset).status_code == 200, asset
        else:
            assert asset.startswith("#"), asset
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_entity_models_cover_every_entity_of_the_records_service() -> None:
    assert tuple(m.entity for m in ENTITY_MODELS) == (
        "findings", "evidence", "actors", "instruments", "mandates", "links",
        "indicator-values")
