"""Every router of the web app, in the order they are matched. Each module owns one concern
and is a thin view over :mod:`impactkit.services`."""

from __future__ import annotations

from fastapi import APIRouter

from impactkit.web.api.router import router as api_router
from impactkit.web.routes import (
    accounts,
    admin,
    audit,
    auth,
    compare,
    dashboard,
    findings,
    home,
    indicator_import,
    indicators,
    map_templates,
    own_recommendations,
    recommendation_import,
    recommendation_queue,
    recommendations,
    records,
    reports,
    review,
    system_map,
    system_map_navigator,
    texts,
    vulnerability,
)

ROUTERS: list[APIRouter] = [
    # The most viewed pages first: a request is matched against the routes in this order,
    # one by one, and the API alone has some seventy (none of these paths overlap theirs).
    dashboard.router, findings.router,
    auth.router, home.router, api_router, compare.router,
    indicators.router, indicator_import.router, vulnerability.router, own_recommendations.router,
    review.router, system_map.router, system_map_navigator.router,
    map_templates.router,  # before the records' /workspaces/{key}/{entity} routes
    records.router,
    texts.router, reports.router, audit.router, admin.router, accounts.router,
    # the queue and import pages before the recommendation pages: /recommendations/{rkey}
    recommendation_queue.router, recommendation_import.router, recommendations.router,
]
