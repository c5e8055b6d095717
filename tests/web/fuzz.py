"""Schemathesis over every operation of the API, in process (ASGI: nothing listens on a
port), on a fresh demo database: generated requests, valid and invalid, must never get a
server error (5xx), and every error must come in the documented shape.

``make fuzz`` runs it (``python -m tests.web.fuzz --examples 10``: some 1,300 requests, a few
minutes). It is not part of pytest: even 3 examples per operation take over a minute.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

from impactkit.services import accounts
from impactkit.services.accounts import operator
from impactkit.services.demo import build_demo_database
from impactkit.settings import Settings
from impactkit.store.db import Database
from impactkit.web.app import create_app

WORKSPACE = "demo-veldmark-2024"


@dataclass
class FuzzReport:
    operations: int = 0
    examples: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    without_invalid: list[str] = field(default_factory=list)

    def summary(self) -> str:
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        lines = [f"{self.operations} operations, {self.examples} requests ({codes}); "
                 f"{len(self.failures)} failures"]
        return "\n".join([*lines, *(f"  - {f}" for f in self.failures[:50])])


def _shape_problem(response: Any) -> str | None:
    """Why an error response is not in the documented shape, or None."""
    if response.status_code < 400:
        return None
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} with a body that is not JSON"
    if not isinstance(body, dict) or not isinstance(body.get("error"), str) \
            or not isinstance(body.get("message"), str):
        return f"{response.status_code} not in the error shape: {str(body)[:200]}"
    return None


def fuzz(db: Database, *, examples: int, seed: int = 0) -> FuzzReport:
    """``examples`` generated requests per operation and mode (valid and invalid input)
    against an app on ``db`` (a populated demo database), as the site administrator."""
    app = create_app(Settings(secret_key="fuzz-secret-key-not-for-production"), database=db)
    token = accounts.create_token(db, operator("fuzz"), username="fuzzer", name="fuzz")
    auth = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    report = FuzzReport()
    for result in schema.get_all_operations():
        operation = result.ok()
        report.operations += 1
        names = {p.name for p in operation.path_parameters}
        fixed = {"key": WORKSPACE} if "key" in names else {}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed,
                                             headers=auth)
            _run(strategy, operation.label, report, examples=examples, seed=seed)
    return report


def _run(strategy: st.SearchStrategy[Any], label: str, report: FuzzReport, *,
         examples: int, seed: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def one(case: Any) -> None:
        response = case.call()
        report.examples += 1
        report.statuses[response.status_code] += 1
        problem = _shape_problem(response)
        if problem is not None:
            report.failures.append(f"{label}: {problem} for {case.method} "
                                   f"{case.formatted_path} query={case.query!r}")

    del seed  # derandomized: the same examples every run
    try:
        one()
    except Unsatisfiable:  # nothing invalid can be sent to an operation without input
        report.without_invalid.append(label)


def demo_database(folder: Path) -> Database:
    db = Database(f"sqlite:///{folder / 'fuzz.db'}")
    build_demo_database(db, user="setup")
    accounts.create_user(db, operator("setup"),
                         username="fuzzer", password="fuzz horse battery staple",
                         is_admin=True)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10,
                        help="generated requests per operation and mode (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="impact-fuzz-") as folder:
        db = demo_database(Path(folder))
        try:
            report = fuzz(db, examples=args.examples)
        finally:
            db.dispose()
    print(report.summary())
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
