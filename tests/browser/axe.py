"""Accessibility checks with axe-core, run inside the browser on the page as it is now.

Only violations axe rates "serious" or "critical" fail a test; the message lists each rule,
what it means, where to read more and every offending element, so the fix is obvious from
the test output alone.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

BLOCKING = frozenset({"serious", "critical"})
_AXE = Axe()


def blocking_violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on this page with impact serious or critical."""
    results = _AXE.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


def describe(violations: list[dict[str, Any]], where: str) -> str:
    """A readable report: rule, impact, help text and link, then each element."""
    lines = [f"{len(violations)} serious/critical accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    violations = blocking_violations(page)
    assert not violations, describe(violations, where)
