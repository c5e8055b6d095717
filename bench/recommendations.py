"""Importing and searching many recommendations: prints import time and search latencies.

    .venv/bin/python bench/recommendations.py                  # 40k and 100k, SQLite file
    .venv/bin/python bench/recommendations.py --sizes 40000
    IMPACT_BENCH_POSTGRES_URL=postgresql+psycopg://... .venv/bin/python bench/recommendations.py

For each size, in a fresh SQLite database in a temporary folder (or a fresh PostgreSQL
database when IMPACT_BENCH_POSTGRES_URL is set): writes a seeded, synthetic but realistic
file of recommendations (UN-style sentences over the themes recommendations to States
actually cover, recommending States, mechanisms, cycles; about one in eight reiterates an
earlier one in other words), imports it through the service layer exactly as
``impact recs import --format generic`` does (reading, checking, grouping reiterations,
saving with the audit trail), then runs a mix of searches (words, phrases, filters) and prints
p50/p95/p99; and times the tagger's suggestions for all of them through the service layer
(``impact recs suggest``: load, tag in the stored language, store). Targets: 40k imported in
under 30 s; search p95 under 50 ms; suggestions at 1,000 recommendations/s or more.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from impactkit.services import recommendation_tagging as tagging
from impactkit.services import recommendations as service
from impactkit.services.accounts import operator
from impactkit.services.setup import init_database
from impactkit.services.workspaces import create_workspace
from impactkit.store.db import Database
from impactkit.store.recommendation_search import SearchFilters

WS = "bench"
SEED = 20261128
VERBS = ("Ensure", "Strengthen efforts to", "Take measures to", "Adopt legislation to",
         "Continue to", "Step up efforts to", "Allocate sufficient resources to",
         "Consider measures to", "Redouble efforts to", "Establish a mechanism to")
AIMS = (
    "eliminate the worst forms of child labour, in particular in agriculture and domestic work",
    "combat trafficking in persons, especially women and children",
    "identify child victims of trafficking and refer them to specialised services",
    "guarantee birth registration for all children, including Roma children",
    "prohibit corporal punishment of children in all settings",
    "ensure access to inclusive education for children with disabilities",
    "protect unaccompanied migrant children and appoint a guardian without delay",
    "end the immigration detention of children",
    "prevent the sexual exploitation of children online",
    "raise the minimum age of marriage to 18 years for girls and boys",
    "establish a juvenile justice system in line with international standards",
    "reduce child poverty through adequate social benefits",
    "investigate allegations of torture by law enforcement officials",
    "ensure the independence of the national human rights institution",
    "combat hate speech and discrimination against minorities",
    "guarantee equal pay for women and men",
    "ratify the Optional Protocol on a communications procedure",
    "improve conditions of detention and reduce overcrowding in prisons",
    "ensure access to safe drinking water and sanitation in rural areas",
    "strengthen the protection of journalists and human rights defenders",
)
CLAUSES = ("", ", including by training professionals", ", with the participation of children",
           " and monitor its implementation", ", in cooperation with civil society",
           " and allocate a dedicated budget", ", particularly in rural areas")
STATES = ("Chile", "Peru", "Norway", "Ghana", "Brazil", "Japan", "Mexico", "Kenya", "France",
          "Canada", "India", "Spain", "Italy", "Tunisia", "Nepal", "Iceland", "Uruguay",
          "Portugal", "Philippines", "Senegal")
MECHANISMS = ("upr", "upr", "upr", "crc", "treaty-body", "special-procedures", "regional",
              "national")
QUERIES = (SearchFilters(text="trafficking"), SearchFilters(text="child labour agriculture"),
           SearchFilters(text='"birth registration"'), SearchFilters(text="detention -prisons"),
           SearchFilters(text="guardian OR guardianship"),
           SearchFilters(text="exploitation", mechanism="crc"),
           SearchFilters(text="education", cycle="3"), SearchFilters(mechanism="regional"),
           SearchFilters(text="trafficked children", cycle="2"),
           SearchFilters(text="discrimination minorities", mechanism="upr"))


GROUPS = ("", " for children in street situations", " for Roma children", " for girls",
          " for children with disabilities", " for migrant and refugee children",
          " for children deprived of liberty", " for indigenous children",
          " for children in alternative care", " for adolescents")
PLACES = ("", " in all regions", " in rural areas", " at the municipal level",
          " in the northern provinces", " in border areas", " in the capital",
          " in schools", " in health facilities", " in places of detention")


def write_file(path: Path, size: int) -> None:
    """Mostly distinct recommendations; one in eight restates an earlier one (another
    verb, another State, a later cycle), as reiterated recommendations do."""
    rng = random.Random(SEED + size)
    written: list[tuple[str, int]] = []
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["key", "mechanism", "cycle", "session", "recommending", "text"])
        for number in range(size):
            if written and rng.random() < 0.125:
                body, cycle = rng.choice(written)
                cycle = min(cycle + 1, 4)
            else:
                body = (f"{rng.choice(AIMS)}{rng.choice(GROUPS)}{rng.choice(PLACES)}"
                        f"{rng.choice(CLAUSES)} by {rng.randint(2020, 2035)}")
                cycle = rng.randint(1, 4)
                written.append((body, cycle))
            text = f"{rng.choice(VERBS)} {body} ({rng.choice(STATES)});"
            writer.writerow([f"rec-{number:06d}", rng.choice(MECHANISMS), str(cycle),
                             str(rng.randint(1, 48)),
                             "|".join(rng.sample(STATES, rng.randint(1, 3))), text])


def fresh_database(folder: Path, size: int) -> tuple[Database, str | None]:
    url = os.environ.get("IMPACT_BENCH_POSTGRES_URL")
    if not url:
        return Database(f"sqlite:///{folder / f'recs-{size}.db'}"), None
    name = f"impact_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return Database(sa.make_url(url).set(database=name).render_as_string(
        hide_password=False)), name


def drop(name: str | None) -> None:
    if name is None:
        return
    admin = sa.create_engine(os.environ["IMPACT_BENCH_POSTGRES_URL"],
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(size: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        path = folder / "recommendations.csv"
        write_file(path, size)
        db, pg_name = fresh_database(folder, size)
        try:
            who = operator("bench")
            init_database(db, user="bench")
            create_workspace(db, who, key=WS, jurisdiction="XVM", jurisdiction_name="Veldmark",
                             fictional=True, cycle="bench")
            started = time.perf_counter()
            report = service.import_file(db, who, workspace_key=WS, path=path,
                                         file_format="generic", mapping={
                                             "key": "key", "mechanism": "mechanism",
                                             "cycle": "cycle", "session": "session",
                                             "recommending": "recommending", "text": "text"})
            imported = time.perf_counter() - started
            started = time.perf_counter()
            again = service.import_file(db, who, workspace_key=WS, path=path,
                                        file_format="generic", mapping={
                                            "key": "key", "mechanism": "mechanism",
                                            "cycle": "cycle", "session": "session",
                                            "recommending": "recommending", "text": "text"})
            reimported = time.perf_counter() - started
            started = time.perf_counter()
            suggested = tagging.suggest(db, who, workspace_key=WS)
            suggesting = time.perf_counter() - started
            latencies: list[float] = []
            for _ in range(rounds):
                for filters in QUERIES:
                    started = time.perf_counter()
                    service.find(db, who, workspace_key=WS, filters=filters, limit=20)
                    latencies.append((time.perf_counter() - started) * 1000)
            print(f"{size:>8} {db.dialect:<10} import {imported:6.1f} s "
                  f"({report.added} added, {report.families} reiteration groups); "
                  f"re-import {reimported:5.1f} s ({again.unchanged} unchanged); "
                  f"suggest {suggesting:5.1f} s ({size / suggesting:,.0f} recs/s, "
                  f"{suggested.suggestions} suggestions); "
                  f"search ms p50 {statistics.median(latencies):6.1f} "
                  f"p95 {percentile(latencies, 0.95):6.1f} p99 {percentile(latencies, 0.99):6.1f}"
                  f" over {len(latencies)} searches", flush=True)
        finally:
            db.dispose()
            drop(pg_name)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40_000, 100_000])
    parser.add_argument("--rounds", type=int, default=10, help="passes over the query mix")
    options = parser.parse_args(argv)
    print("targets: 40k imported in under 30 s; search p95 under 50 ms; suggest >= 1,000 "
          "recs/s")
    for size in options.sizes:
        run(size, options.rounds)


if __name__ == "__main__":
    main(sys.argv[1:])
