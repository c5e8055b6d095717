"""The API's OpenAPI schema and its documentation page (/api/docs)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from fastapi.testclient import TestClient

from impactkit.kinds import BY_PATH
from impactkit.web.api.models import ENTITY_MODELS
from impactkit.web.api.serialise import ENTITY_CLASSES

FINDING = "/api/workspaces/{key}/findings/{fkey}"
RECS = "/api/workspaces/{key}/recommendations"
EXPECTED = {
    ("get", "/api/workspaces"), ("get", "/api/workspaces/{key}"),
    ("patch", "/api/workspaces/{key}"),
    ("get", "/api/workspaces/{key}/analysis"), ("get", "/api/workspaces/{key}/explain/{target}"),
    ("get", "/api/compare"), ("get", "/api/workspaces/{key}/audit"),
    ("post", f"{FINDING}/transitions"), ("get", f"{FINDING}/comments"),
    ("post", f"{FINDING}/comments"), ("get", f"{FINDING}/events"),
    *((method, f"/api/workspaces/{{key}}/{entity}") for method in ("get", "post")
      for entity in ("findings", "evidence", "actors", "instruments", "mandates", "links",
                     "indicator-values")),
    *((method, f"/api/workspaces/{{key}}/{entity}/{{rkey}}{tail}")
      for method, tail in (("get", ""), ("put", ""), ("delete", ""), ("get", "/history"))
      for entity in ("findings", "evidence", "actors", "instruments", "mandates", "links",
                     "indicator-values")),
    ("get", RECS), ("get", f"{RECS}/suggestions"), ("post", f"{RECS}/suggestions"),
    ("post", f"{RECS}/suggestions/decisions"), ("post", f"{RECS}/suggestions/accept-above"),
    ("post", f"{RECS}/tagger"), ("get", f"{RECS}/actions"), ("post", f"{RECS}/actions"),
    ("put", f"{RECS}/actions/{{akey}}"), ("get", f"{RECS}/{{rkey}}"),
    ("get", f"{RECS}/{{rkey}}/family"), ("put", f"{RECS}/{{rkey}}/tags"),
    ("get", f"{RECS}/{{rkey}}/status"), ("post", f"{RECS}/{{rkey}}/status"),
    ("post", RECS), ("patch", f"{RECS}/{{rkey}}"), ("delete", f"{RECS}/{{rkey}}"),
    ("delete", f"{RECS}/actions/{{akey}}"), ("get", f"{RECS}/{{rkey}}/findings"),
    ("post", f"{RECS}/{{rkey}}/findings"), ("post", f"{RECS}/{{rkey}}/findings/unlink"),
    ("get", f"{FINDING}/recommendations"),
    ("get", "/api/workspaces/{key}/texts"), ("put", "/api/workspaces/{key}/texts/{section}"),
    ("get", "/api/workspaces/{key}/reports/{kind}"), ("get", "/api/reports/comparative"),
    *(("get", f"/api/workspaces/{{key}}/{name}") for name in (
        "indicators", "vulnerability", "determinants", "own-recommendations")),
    ("post", "/api/workspaces/{key}/own-recommendations/draft"),
    ("get", "/api/compare/vulnerability"),
}


def schema(client: TestClient) -> dict:  # type: ignore[type-arg]
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def api_operations(spec: dict) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    return {(method, path): op for path, item in spec["paths"].items()
            if path.startswith("/api/") for method, op in item.items()}


def test_the_schema_is_public_and_lists_every_endpoint(client: TestClient) -> None:
    operations = api_operations(schema(client))
    assert set(operations) == EXPECTED
    assert len(EXPECTED) == 7 + 4 + 7 * 6 + 14 + 8 + 2 + 2 + 6


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


def response_schema(op: dict, status: str = "200") -> dict:  # type: ignore[type-arg]
    schema: dict = op["responses"][status]["content"]["application/json"]["schema"]  # type: ignore[type-arg]
    return schema


def test_response_models_are_precise(client: TestClient) -> None:
    spec = schema(client)
    ops = api_operations(spec)
    components = spec["components"]["schemas"]
    assert response_schema(ops[("get", "/api/workspaces/{key}/analysis")]) == {
        "$ref": "#/components/schemas/AnalysisReport"}
    score = components["Score"]
    assert {"score", "coverage", "finding_keys", "target"} <= set(score["properties"])
    assert score["additionalProperties"] is False
    for models in ENTITY_MODELS:
        one = f"/api/workspaces/{{key}}/{models.entity}/{{rkey}}"
        name = models.out.__name__
        assert response_schema(ops[("get", one)]) == {"$ref": f"#/components/schemas/{name}"}
        conflict = response_schema(ops[("put", one)], "409")["$ref"].rpartition("/")[2]
        assert components[conflict]["properties"]["current"]["anyOf"][0] == {
            "$ref": f"#/components/schemas/{name}"}
        body = ops[("post", f"/api/workspaces/{{key}}/{models.entity}")]["requestBody"]
        assert body["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{models.create.__name__}"}
    finding = components["Finding"]["properties"]
    assert finding["status"]["enum"] == ["draft", "reviewed", "validated"]
    assert "status" not in components["FindingCreate"]["properties"]
    transition = components["TransitionRequest"]["properties"]["action"]
    assert transition["enum"] == ["review", "validate", "send-back", "reopen"]


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
    assert sorted(m.entity for m in ENTITY_MODELS) == sorted(BY_PATH)


@pytest.mark.parametrize("models", ENTITY_MODELS, ids=lambda m: m.entity)
def test_record_models_mirror_the_domain_dataclasses(models) -> None:  # type: ignore[no-untyped-def]
    fields = {f.name for f in dataclasses.fields(ENTITY_CLASSES[models.entity])}
    assert set(models.out.model_fields) == fields
    assert set(models.create.model_fields) <= fields
    assert "key" in models.create.model_fields and "version" not in models.create.model_fields
    assert "version" in models.update.model_fields
    review_fields = {"status", "author", "reviewed_by", "validated_by", "created_at",
                     "updated_at"}
    assert not review_fields & set(models.create.model_fields)
    assert not review_fields & set(models.update.model_fields)
