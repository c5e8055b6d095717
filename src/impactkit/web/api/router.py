"""The JSON API under ``/api``: the same operations as the pages, for scripts.

Every operation goes through :mod:`impactkit.services` (the permission checks live there),
so the API and the pages enforce the same rules. Modules:

* :mod:`.workspaces`: workspaces, analysis, explain, compare;
* :mod:`.records`: list, read, create, update, delete for every record kind;
* :mod:`.review`: the review workflow of findings (transitions, comments, events);
* :mod:`.recommendations`: recommendations, their tags, suggestions, actions and status;
* :mod:`.audit`: a workspace's audit trail;
* :mod:`.texts`: a workspace's report texts (introduction, conclusions...);
* :mod:`.reports`: reports as files (HTML, PDF, Word), of a workspace or comparative;
* :mod:`.indicators`: indicator readings, structural vulnerability, key determinants and the
  assessing body's own recommendations;
* :mod:`.docs`: the Swagger UI page at ``/api/docs`` (the schema is ``/api/openapi.json``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from impactkit.web.api import (
    audit,
    docs,
    indicators,
    recommendations,
    records,
    reports,
    review,
    texts,
    workspaces,
)
from impactkit.web.api.common import api_principal

router = APIRouter(prefix="/api", dependencies=[Depends(api_principal)])
router.include_router(docs.router)
router.include_router(workspaces.router)
router.include_router(recommendations.router)
router.include_router(review.router)  # before records: /findings/{fkey}/... paths
router.include_router(records.router)
router.include_router(audit.router)
router.include_router(texts.router)
router.include_router(reports.router)
router.include_router(indicators.router)
