"""``/api/docs``: the API's documentation page (Swagger UI, served from this server).

Public: it holds no data, only the schema's operations; trying one needs a token or a
session like any other request.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from impactkit.web.deps import render

router = APIRouter()


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    return render(request, "api_docs.html",
                  {"openapi_url": request.app.openapi_url or "/api/openapi.json"})
