"""The analysis as a user meets it: a stored workspace of many findings, from the command.

    .venv/bin/python bench/e2e.py                       # 100,000 and 1,000,000 findings
    .venv/bin/python bench/e2e.py --sizes 100000        # one size
    .venv/bin/python bench/e2e.py --postgres postgresql+psycopg://user:pw@127.0.0.1/postgres

For each size, in a temporary folder (or a database it creates on the PostgreSQL server and
drops afterwards):
1. writes a seeded, realistic findings table as CSV (the synthetic workspace of
   ``bench/analysis.py``: areas, layers, 1-3 provisions, sectors, groups, exclusion criteria,
   tensions, ratings with not-assessed and not-applicable ones; drafts and reviewed ones, as
   validated findings need evidence from another table);
2. ``impact init``, ``impact workspace create``, and times ``impact import FILE --kind
   findings`` (rows per second);
3. times ``impact analyse -w W --json`` end to end (a fresh process: start-up, reading the
   store, the analysis, the JSON), with its peak memory (the process's max RSS);
4. times the raw read of the same rows: every finding with its provisions and sectors, read
   with plain SQL by the same driver, which no analysis can beat;
5. times the dashboard's first render: ``impact serve`` started on a free loopback port,
   an admin logged in through the login form, then the workspace's dashboard requested
   twice (the first reads the store and analyses, the second is answered from the
   analysis cache);
6. prints them and the ratio of the command to the raw read. Targets: 100,000 findings
   under 1.5 s and 1,000,000 under 15 s end to end, within 3x of the raw read; import at
   20,000 rows/s or more.

Never fails on a target (machines differ); exits 1 when a command or a page fails.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis import load_catalogue, synthetic_workspace  # bench/analysis.py
from web import (  # bench/web.py: the database, the server and a logged-in client
    PASSWORD,
    USERNAME,
    database,
    free_port,
    log_in,
    request,
    run_impact,
    start_server,
    stop_server,
    user_env,
)

IMPACT = [sys.executable, "-c",
          "import atexit, resource, sys\n"
          "atexit.register(lambda: print(f'MAXRSS {resource.getrusage(resource.RUSAGE_SELF)"
          ".ru_maxrss}', file=sys.stderr))\n"
          "from impactkit.cli.app import run\nrun()"]
DEFAULT_SIZES = (100_000, 1_000_000)
TARGETS_S = {100_000: 1.5, 1_000_000: 15.0}
TARGET_RATIO = 3.0
TARGET_ROWS_PER_S = 20_000
WORKSPACE = "bench-e2e"
COLUMNS = ("key", "area", "layer", "provisions", "clusters", "sectors", "groups", "rating",
           "confidence", "exclusion_criteria", "tension_sectors", "status", "author",
           "reviewed_by", "validated_by")
RAW_READ = """
import sys, time, sqlalchemy as sa
engine = sa.create_engine(sys.argv[1])
started = time.perf_counter()
with engine.connect() as conn:
    ws = conn.execute(sa.text("SELECT id FROM workspaces WHERE key = :k"),
                      {"k": sys.argv[2]}).scalar_one()
    findings = conn.execute(sa.text(
        "SELECT id, key, area, layer, rating, rating_state, confidence, status "
        "FROM findings WHERE workspace_id = :w"), {"w": ws}).all()
    tags = conn.execute(sa.text(
        "SELECT t.owner_id, t.kind, t.code FROM finding_tags t JOIN findings f "
        "ON f.id = t.owner_id WHERE f.workspace_id = :w"), {"w": ws}).all()
print(time.perf_counter() - started, len(findings), len(tags))
"""


def write_findings(path: Path, n: int, seed: int) -> None:
    catalogue, _ = load_catalogue()
    data = synthetic_workspace(catalogue, n, seed)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for f in data.findings:
            # validated findings need evidence (another table): those are imported reviewed;
            # four eyes: reviewed by someone other than the author
            status = "reviewed" if f.status.value == "validated" else f.status.value
            writer.writerow((f.key, f.area, f.layer, "|".join(f.provisions),
                             "|".join(f.clusters), "|".join(f.sectors), "|".join(f.groups),
                             f.rating_state.value if f.rating is None else f.rating,
                             f.confidence.value, "|".join(f.exclusion_criteria),
                             "|".join(f.tension_sectors), status, "author",
                             "" if status == "draft" else "reviewer", ""))


def impact(url: str, *args: str) -> tuple[float, float, bytes]:
    """Run ``impact``; (wall seconds, max RSS MB of that process, stdout)."""
    started = time.perf_counter()
    done = subprocess.run([*IMPACT, *args], capture_output=True, check=False,
                          env=user_env(IMPACT_DATABASE_URL=url, IMPACT_USER="bench"))
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"impact {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stderr.decode()[-3000:]}")
    rss_kb = next(int(line.split()[1]) for line in done.stderr.decode().splitlines()
                  if line.startswith("MAXRSS "))
    return elapsed, rss_kb / 1024, done.stdout


def run_size(n: int, seed: int, postgres: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="impact-e2e-") as tmp:
        folder = Path(tmp)
        table = folder / "findings.csv"
        write_findings(table, n, seed)
        with database(folder, postgres) as url:
            impact(url, "init")
            impact(url, "workspace", "create", WORKSPACE, "--jurisdiction", "GRC",
                   "--cycle", "bench")
            imported_s, import_rss, _ = impact(url, "import", str(table), "--kind",
                                               "findings", "-w", WORKSPACE)
            impact(url, "analyse", "-w", WORKSPACE, "--json")  # warm the file cache
            analysed_s, rss, out = impact(url, "analyse", "-w", WORKSPACE, "--json")
            raw = subprocess.run([sys.executable, "-c", RAW_READ, url, WORKSPACE],
                                 capture_output=True, text=True, check=True).stdout.split()
            first_s, cached_s = dashboard(url, folder)
        raw_s, rows, tags = float(raw[0]), int(raw[1]), int(raw[2])
        target = TARGETS_S.get(n)
        verdict = "" if target is None else \
            f" (target < {target} s: {'meets' if analysed_s < target else 'misses'})"
        ratio = analysed_s / raw_s
        rate = n / imported_s
        print(f"{n:,} findings ({'PostgreSQL' if postgres else 'SQLite'}; {rows:,} rows and "
              f"{tags:,} tags read raw)")
        print(f"  import: {imported_s:.1f} s, {rate:,.0f} rows/s "
              f"(target >= {TARGET_ROWS_PER_S:,}: "
              f"{'meets' if rate >= TARGET_ROWS_PER_S else 'misses'}); "
              f"max RSS {import_rss:,.0f} MB")
        print(f"  impact analyse --json: {analysed_s:.2f} s{verdict}; max RSS {rss:,.0f} MB; "
              f"{len(out) / 2**20:.1f} MB of JSON")
        print(f"  raw read: {raw_s:.2f} s; ratio {ratio:.1f}x "
              f"(target <= {TARGET_RATIO:.0f}x: {'meets' if ratio <= TARGET_RATIO else 'misses'})")
        print(f"  dashboard: first render {first_s:.2f} s, then {cached_s * 1000:.0f} ms "
              "from the analysis cache", flush=True)


def dashboard(url: str, folder: Path) -> tuple[float, float]:
    """Seconds to the dashboard's first full response in a fresh ``impact serve``, and to
    the next one (cached)."""
    run_impact(url, "user", "create", USERNAME, "--admin", "--password-stdin",
               stdin=PASSWORD + "\n")
    port = free_port()
    server = start_server(url, port, 1, folder / "serve.log")
    try:
        conn, cookie = log_in(port)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            status, _, _ = request(conn, f"/workspaces/{WORKSPACE}", cookie=cookie)
            times.append(time.perf_counter() - started)
            if status != 200:
                raise SystemExit(f"the dashboard answered {status}")
        return times[0], times[1]
    finally:
        stop_server(server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", metavar="SERVER_URL",
                        help="run on a new database created on this PostgreSQL server")
    options = parser.parse_args(argv)
    for n in options.sizes:
        run_size(n, options.seed, options.postgres)
    return 0


if __name__ == "__main__":
    sys.exit(main())
