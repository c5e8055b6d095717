"""Benchmark of the system map on synthetic maps.

    .venv/bin/python bench/map.py                  # 1k, 10k and 100k actors
    .venv/bin/python bench/map.py --sizes 10000
    .venv/bin/python bench/map.py --sizes 10000 100000 --end-to-end

``--end-to-end`` also stores each map in a fresh SQLite database (the store's own insert) and
times the commands as a user runs them: ``impact map show`` and ``impact map path``, each a
new process (start-up, loading the workspace and the catalogue, analysis, printing).

Prints, per size: the time to build the map (not timed as analysis), the wall and CPU time of
``analyse_map`` and of one ``navigate`` (the pathway's steps, with referral paths), and what
the analysis found: gaps (one per form and function), specialised functions nobody holds,
overlaps and the uncoordinated pairs they hold. Targets: 10k actors analysed in under 2 s,
100k in under 20 s. The pairs are counted, not listed (a hundred thousand actors make
millions of them; listing them all took most of a minute): the map lists one overlap's pairs
on demand (:func:`impactkit.systemmap.analysis.uncoordinated_page`).

The maps are seeded and shaped like a country's: actors spread over the ten sectors and three
levels (about 5% national, 20% regional, 75% local, one municipality's worth of local actors
per "place"), one mandate per actor with 1-3 functions, 70% of them general (no form named),
20% naming 1-2 forms, 10% limited to 1-2 child groups; about 1.5 links per actor, mostly
within one place and sector, some to the same sector one level up, a few across sectors, 3%
funding or supervision, and one coordination body per region that a tenth of its actors sit on.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from impactkit.catalogue.loader import load_default_catalogue
from impactkit.catalogue.schema import Catalogue
from impactkit.domain import (
    Actor,
    CoordinationLink,
    Jurisdiction,
    Mandate,
    Workspace,
    WorkspaceData,
)
from impactkit.systemmap import Situation, analyse_map, navigate

T = TypeVar("T")

TYPES = {"child-protection": "municipality", "law-enforcement": "police", "judiciary": "court",
         "health": "service", "education": "service", "immigration": "agency"}


def synthetic_map(size: int, catalogue: Catalogue, seed: int = 7) -> WorkspaceData:
    rng = random.Random(seed)
    sectors = catalogue.codes("sectors")
    forms = catalogue.codes("forms")
    groups = catalogue.codes("child_groups")
    functions = catalogue.codes("mandate_functions")
    regions = max(1, size // 500)
    places = max(1, size // 40)
    actors: list[Actor] = []
    where: list[tuple[str, int, int]] = []  # level, region, place
    for i in range(size):
        roll = rng.random()
        level = "national" if roll < 0.05 else "regional" if roll < 0.25 else "local"
        sector = rng.choice(sectors)
        place = rng.randrange(places)
        region = place % regions
        actors.append(Actor(key=f"a{i:06d}", name=f"Actor {i}", sector=sector, level=level,
                            type=TYPES.get(sector, "agency")))
        where.append((level, region, place))
    bodies = [Actor(key=f"body-{r}", name=f"Body {r}", sector="governance", level="regional",
                    type="coordination-body") for r in range(regions)]
    mandates = []
    for actor in actors:
        kind = rng.random()
        mandates.append(Mandate(
            key=f"m-{actor.key}", actor_key=actor.key,
            functions=tuple(rng.sample(functions, rng.randint(1, 3))),
            forms=tuple(rng.sample(forms, rng.randint(1, 2))) if 0.7 <= kind < 0.9 else (),
            groups=tuple(rng.sample(groups, rng.randint(1, 2))) if kind >= 0.9 else ()))
    by_place: dict[int, list[int]] = {}
    by_region_level: dict[tuple[int, str, str], list[int]] = {}
    for i, (level, region, place) in enumerate(where):
        by_place.setdefault(place, []).append(i)
        by_region_level.setdefault((region, level, actors[i].sector), []).append(i)
    links: list[CoordinationLink] = []
    for i, actor in enumerate(actors):
        level, region, place = where[i]
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            roll = rng.random()
            if roll < 0.6:
                j = rng.choice(by_place[place])
            elif roll < 0.9:
                up = {"local": "regional", "regional": "national"}.get(level, "national")
                pool = by_region_level.get((region, up, actor.sector)) or by_place[place]
                j = rng.choice(pool)
            else:
                j = rng.randrange(size)
            if j == i:
                continue
            link_kind = ("funding" if rng.random() < 0.03 else
                         rng.choice(("referral", "referral", "data-sharing", "supervision")))
            links.append(CoordinationLink(key=f"l{len(links)}", source_key=actor.key,
                                          target_key=actors[j].key, kind=link_kind))
        if rng.random() < 0.1:
            links.append(CoordinationLink(key=f"l{len(links)}", source_key=actor.key,
                                          target_key=bodies[region].key,
                                          kind="coordination-body"))
    for _ in range(max(1, size // 2000)):
        a, b = rng.sample(actors, 2)
        links.append(CoordinationLink(key=f"l{len(links)}", source_key=a.key,
                                      target_key=b.key, kind="conflict"))
    return WorkspaceData(
        workspace=Workspace(key="bench", title="Bench", cycle="2024",
                            jurisdiction=Jurisdiction(code="XBM", name="Bench", fictional=True)),
        actors=actors + bodies, mandates=mandates, links=links)


def timed(call: Callable[[], T]) -> tuple[T, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--end-to-end", action="store_true",
                        help="also time impact map show and map path on a stored map")
    args = parser.parse_args()
    catalogue = load_default_catalogue()
    situation = Situation(age_band="15-17", groups=("unaccompanied",),
                          forms=("labour-exploitation",), needs=("protection",))
    print(f"{'actors':>8} {'links':>8} {'build s':>8} {'analyse wall s':>15} "
          f"{'analyse cpu s':>14} {'navigate s':>11} {'gaps':>5} {'special':>8} "
          f"{'overlaps':>9} {'pairs':>9} {'bridges':>8}")
    for size in args.sizes:
        data, build, _ = timed(partial(synthetic_map, size, catalogue))
        report, wall, cpu = timed(partial(analyse_map, data, catalogue))
        _, nav, _ = timed(partial(navigate, data, catalogue, situation))
        pairs = sum(o.uncoordinated_count for o in report.overlaps)
        print(f"{len(data.actors):>8} {len(data.links):>8} {build:>8.2f} {wall:>15.2f} "
              f"{cpu:>14.2f} {nav:>11.3f} {len(report.gaps):>5} "
              f"{len(report.specialised):>8} {len(report.overlaps):>9} {pairs:>9} "
              f"{len(report.bridges):>8}", flush=True)
    print("targets: 10k actors analysed in under 2 s, 100k in under 20 s")
    if args.end_to_end:
        end_to_end(args.sizes, catalogue)


def end_to_end(sizes: list[int], catalogue: Catalogue) -> None:
    """Store each map, then time ``impact map show`` and ``impact map path`` as commands."""
    from impactkit.services.accounts import operator
    from impactkit.services.workspaces import create_workspace
    from impactkit.store.db import Database
    from impactkit.store.records import add_records

    impact = [str(Path(sys.executable).parent / "impact")]
    print(f"{'actors':>8} {'store s':>8} {'map show s':>11} {'map path s':>11}")
    for size in sizes:
        data = synthetic_map(size, catalogue)
        with tempfile.TemporaryDirectory() as folder:
            file = f"{folder}/bench.db"
            subprocess.run([*impact, "--db", file, "init"], check=True,
                           stdout=subprocess.DEVNULL)
            db = Database(f"sqlite:///{file}")
            started = time.perf_counter()
            create_workspace(db, operator("bench"), key="bench", jurisdiction="XBM",
                             jurisdiction_name="Benchmark", fictional=True, cycle="2025")
            with db.begin() as conn:
                add_records(conn, workspace_key="bench", data=data, user="bench")
            stored = time.perf_counter() - started
            db.dispose()
            base = [*impact, "--db", file]
            show = _command([*base, "map", "show", "-w", "bench"])
            path = _command([*base, "map", "path", "-w", "bench", "--age-band", "15-17",
                             "--group", "unaccompanied", "--form", "labour-exploitation"])
            print(f"{len(data.actors):>8} {stored:>8.1f} {show:>11.2f} {path:>11.2f}",
                  flush=True)


def _command(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
