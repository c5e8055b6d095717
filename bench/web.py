"""A bounded load on the web app: concurrent logged-in clients on loopback against `impact serve`.

    .venv/bin/python bench/web.py                      # 20 clients x 50 requests per page
    .venv/bin/python bench/web.py --clients 5 --requests 20 --workers 2
    .venv/bin/python bench/web.py --postgres postgresql+psycopg://user:pw@127.0.0.1/postgres

What it does, all on 127.0.0.1 and in a temporary folder (or database) it deletes afterwards:
1. builds the demo database fresh (``impact demo``) in a new SQLite file, or with
   ``--postgres SERVER_URL`` in a new database it creates on that PostgreSQL server (and drops
   at the end), and creates an admin account (``impact user create --admin
   --password-stdin``) and an API token for it (``impact user token``), as a user would;
2. starts ``impact serve`` on a free loopback port in a subprocess and waits for it;
3. logs every client in through the login form (its own session cookie and CSRF token);
4. read-only, per page (the dashboard, then a findings list): after one warm-up request per
   client, every client sends a fixed number of requests over its own keep-alive
   connection, all clients at once, and each request's latency (to the full body) is kept;
5. mixed (``--writes``, 30% by default; 0 skips it): every client sends the same number of
   requests again, all clients at once, each request in turn a write with that probability
   (seeded, so runs repeat) or else a view of the dashboard or the findings list (half
   each). A write edits the rating of a finding of the client's own (``PUT`` on the JSON
   API with the token, version as last saved), so every write changes the analysis;
6. prints, per page and phase: requests, failures, server errors (5xx), requests/s over the
   phase's wall time, and the p50/p95/p99/max latency; then stops the server.

The load is bounded: a fixed number of requests, a per-request timeout, nothing runs on after
the last response. The target is p95 < 100 ms on the demo for the dashboard and the findings
list, read-only and mixed; the script prints the figure next to the target and never fails on
it (machines differ). It exits 1 when any request failed (a non-2xx answer), because
latencies of error pages say nothing. Standard library only, so it runs with ``make bench``
(no dev extras); the PostgreSQL database is created and dropped by the app's own
interpreter (``sys.executable``, which has SQLAlchemy).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
WORKSPACE = "demo-veldmark-2024"
PAGES = {
    "dashboard": f"/workspaces/{WORKSPACE}",
    "findings list": f"/workspaces/{WORKSPACE}/findings",
}
USERNAME = "bench"
PASSWORD = "bench-password-for-loopback-only"
TARGET_P95_MS = 100.0
REQUEST_TIMEOUT_S = 30.0
START_TIMEOUT_S = 120.0
IMPACT = [sys.executable, "-c", "from impactkit.cli.app import run; run()"]
WRITE = "write (API)"
SEED = 9
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
SESSION_COOKIE = "impact_session"


@dataclass
class PageResult:
    name: str
    path: str
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    server_errors: int = 0
    """Answers with a 5xx status (counted among the failures too)."""


# --- the server -------------------------------------------------------------------------


def user_env(**values: str) -> dict[str, str]:
    """The environment of an ``impact`` process as a user's: this one's plus ``values``, with
    compiled bytecode allowed. An installed package has it; ``PYTHONDONTWRITEBYTECODE``, set
    on some build machines, would make every run compile IMPACT's sources again (about
    0.2 s of each start-up on the machine the figures come from)."""
    kept = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**kept, **values}


def run_impact(db_url: str, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([*IMPACT, "--user", "bench", *args], input=stdin,
                          capture_output=True, text=True, check=False,
                          env=user_env(IMPACT_DATABASE_URL=db_url))
    if done.returncode != 0:
        raise SystemExit(f"impact {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stdout}{done.stderr}")
    return done.stdout


ADMIN_SQL = """
import sys, sqlalchemy as sa
engine = sa.create_engine(sys.argv[1], isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    conn.execute(sa.text(sys.argv[2]))
engine.dispose()
"""


@contextmanager
def database(folder: Path, postgres: str | None) -> Iterator[str]:
    """The URL of a new, empty database: a file in ``folder``, or a database created on the
    PostgreSQL server for this run and dropped after it."""
    if postgres is None:
        yield f"sqlite:///{folder / 'impact.db'}"
        return
    name = f"impact_bench_{uuid.uuid4().hex[:12]}"

    def admin(statement: str) -> None:
        subprocess.run([sys.executable, "-c", ADMIN_SQL, postgres, statement], check=True)

    admin(f'CREATE DATABASE "{name}"')
    try:
        base, _, query = postgres.partition("?")
        yield base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db_url: str, port: int, workers: int, log: Path
                 ) -> subprocess.Popen[bytes]:
    # Several workers must share one session key (the server refuses otherwise).
    env = user_env(IMPACT_DATABASE_URL=db_url, IMPACT_SECRET_KEY=os.environ.get(
        "IMPACT_SECRET_KEY") or secrets.token_urlsafe(32))
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*IMPACT, "serve", "--host", HOST, "--port", str(port),
             "--workers", str(workers)], stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"impact serve exited ({server.returncode}):\n{log.read_text()}")
        try:
            status, _, _ = request(http.client.HTTPConnection(HOST, port, timeout=2), "/login")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise SystemExit(f"impact serve did not answer on {HOST}:{port} within 60 s:\n"
                     f"{log.read_text()}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- one client -------------------------------------------------------------------------


def request(conn: http.client.HTTPConnection, path: str, *, cookie: str | None = None,
            form: dict[str, str] | None = None, token: str | None = None,
            put: dict[str, object] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request on a keep-alive connection; the whole body is read (timed by callers).
    ``form`` posts a form; ``put`` sends JSON with the API ``token``."""
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if put is not None:
        headers["Content-Type"] = "application/json"
        conn.request("PUT", path, body=json.dumps(put), headers=headers)
    elif form is None:
        conn.request("GET", path, headers=headers)
    else:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("POST", path, body=urllib.parse.urlencode(form), headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def session_from(headers: dict[str, str]) -> str | None:
    found = re.search(rf"{SESSION_COOKIE}=([^;]+)", headers.get("set-cookie", ""))
    return found.group(1) if found else None


def log_in(port: int) -> tuple[http.client.HTTPConnection, str]:
    """A connection and a logged-in session cookie, through the login form."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    status, headers, body = request(conn, "/login")
    token = CSRF_META.search(body.decode())
    cookie = session_from(headers)
    if status != 200 or not token or not cookie:
        raise SystemExit(f"the login page did not give a CSRF token and a session ({status})")
    status, headers, _ = request(conn, "/login", cookie=cookie, form={
        "username": USERNAME, "password": PASSWORD, "csrf_token": token.group(1),
        "next": "/"})
    logged_in = session_from(headers)
    if status != 303 or not logged_in:
        raise SystemExit(f"logging in failed ({status})")
    return conn, logged_in


def client_run(conn: http.client.HTTPConnection, cookie: str, path: str, count: int,
               start: threading.Barrier, result: PageResult, lock: threading.Lock) -> None:
    # A fresh connection (the server closes keep-alive connections left idle for 5 s, as
    # they are while the other clients log in) and one warm-up request, not counted.
    conn.close()
    try:
        request(conn, path, cookie=cookie)
    except (OSError, http.client.HTTPException) as failed:
        conn.close()
        with lock:
            result.failures.append(f"warm-up {type(failed).__name__}: {failed}")
    start.wait(timeout=START_TIMEOUT_S)
    latencies: list[float] = []
    failures: list[str] = []
    for _ in range(count):
        began = time.perf_counter()
        try:
            status, _, _ = request(conn, path, cookie=cookie)
        except (OSError, http.client.HTTPException) as failed:
            failures.append(f"{type(failed).__name__}: {failed}")
            conn.close()  # reconnects on the next request
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        if status != 200:
            failures.append(f"HTTP {status}")
    with lock:
        result.latencies_ms.extend(latencies)
        result.failures.extend(failures)
        result.server_errors += sum(f.startswith("HTTP 5") for f in failures)


def load(clients: list[tuple[http.client.HTTPConnection, str]], name: str, path: str,
         count: int) -> PageResult:
    """All clients at once on one page; wall time from the common start to the last reply."""
    result = PageResult(name=name, path=path)
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    threads = [threading.Thread(target=client_run, args=(conn, cookie, path, count, start,
                                                          result, lock), daemon=True)
               for conn, cookie in clients]
    result.wall_s = run_clients(name, threads, start, count)
    return result


def run_clients(name: str, threads: list[threading.Thread], start: threading.Barrier,
                count: int) -> float:
    """Start the client threads, release them together, wait (bounded) for them to finish;
    the wall time of the load in seconds."""
    for thread in threads:
        thread.start()
    try:
        start.wait(timeout=START_TIMEOUT_S)
    except threading.BrokenBarrierError:
        raise SystemExit(f"{name}: the clients were not ready within {START_TIMEOUT_S:.0f} s"
                         ) from None
    began = time.perf_counter()
    deadline = began + count * REQUEST_TIMEOUT_S
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.perf_counter()))
        if thread.is_alive():
            raise SystemExit(f"{name}: the load did not finish in time")
    return time.perf_counter() - began


# --- the mixed run: views and writes at once ---------------------------------------------


@dataclass
class Writer:
    """What a client needs to edit its own finding through the API."""

    token: str
    path: str
    record: dict[str, object]


READ_ONLY_FIELDS = {"status", "author", "reviewed_by", "validated_by", "created_at",
                    "updated_at"}


def writers(port: int, token: str, count: int) -> list[Writer]:
    """One rated finding per client (its own, so that writes never conflict), as the API
    gives it."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
    try:
        status, _, body = request(conn, f"/api/workspaces/{WORKSPACE}/findings?per_page=100",
                                  token=token)
        if status != 200:
            raise SystemExit(f"listing findings through the API failed ({status})")
        rated = [item for item in json.loads(body)["items"] if item["rating"] is not None]
    finally:
        conn.close()
    if len(rated) < count:
        raise SystemExit(f"the demo has {len(rated)} rated findings on its first page, fewer "
                         f"than the {count} clients of the mixed run")
    return [Writer(token=token, path=f"/api/workspaces/{WORKSPACE}/findings/{item['key']}",
                   record={k: v for k, v in item.items() if k not in READ_ONLY_FIELDS})
            for item in rated[:count]]


def write(conn: http.client.HTTPConnection, writer: Writer) -> int:
    """Move the finding's rating by one (0..4) and keep the version the server returns."""
    rating = writer.record["rating"]
    assert isinstance(rating, int)
    changed = {**writer.record, "rating": rating + 1 if rating < 4 else rating - 1}
    status, _, body = request(conn, writer.path, token=writer.token, put=changed)
    if status == 200:
        saved = json.loads(body)
        writer.record = {k: v for k, v in saved.items() if k not in READ_ONLY_FIELDS}
    return status


def mixed_client(conn: http.client.HTTPConnection, cookie: str, writer: Writer, count: int,
                 share: float, rng: random.Random, start: threading.Barrier,
                 results: dict[str, PageResult], lock: threading.Lock) -> None:
    conn.close()  # a fresh connection, as in the read-only phases
    start.wait(timeout=START_TIMEOUT_S)
    latencies: dict[str, list[float]] = {name: [] for name in results}
    failures: dict[str, list[str]] = {name: [] for name in results}
    for _ in range(count):
        if rng.random() < share:
            name = WRITE
        else:
            name = "dashboard" if rng.random() < 0.5 else "findings list"
        began = time.perf_counter()
        try:
            if name == WRITE:
                status = write(conn, writer)
            else:
                status, _, _ = request(conn, PAGES[name], cookie=cookie)
        except (OSError, http.client.HTTPException) as failed:
            failures[name].append(f"{type(failed).__name__}: {failed}")
            conn.close()
            continue
        latencies[name].append((time.perf_counter() - began) * 1000)
        if status != 200:
            failures[name].append(f"HTTP {status}")
    with lock:
        for name, result in results.items():
            result.latencies_ms.extend(latencies[name])
            result.failures.extend(failures[name])
            result.server_errors += sum(f.startswith("HTTP 5") for f in failures[name])


def mixed_load(clients: list[tuple[http.client.HTTPConnection, str]], own: list[Writer],
               count: int, share: float) -> list[PageResult]:
    """All clients at once, each request a write with probability ``share``."""
    results = {name: PageResult(name=f"{name}, mixed", path=path)
               for name, path in [*PAGES.items(), (WRITE, "PUT /api/.../findings/{key}")]}
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    threads = [threading.Thread(target=mixed_client, daemon=True, args=(
        conn, cookie, writer, count, share, random.Random(SEED + n), start, results, lock))
        for n, ((conn, cookie), writer) in enumerate(zip(clients, own, strict=True))]
    wall = run_clients("mixed", threads, start, count)
    for result in results.values():
        result.wall_s = wall
    return list(results.values())


# --- figures ----------------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def report(result: PageResult) -> str:
    values = sorted(result.latencies_ms)
    done = len(values)
    p95 = percentile(values, 95)
    verdict = "meets" if p95 < TARGET_P95_MS else "misses"
    if result.name.startswith(WRITE):
        verdict = "no target for writes"
    if result.failures:
        verdict = "not meaningful: some requests failed"
    lines = [
        f"{result.name} ({result.path})",
        f"  requests {done} in {result.wall_s:.2f} s: {done / result.wall_s:.1f} requests/s"
        f", failures {len(result.failures)} (server errors {result.server_errors})",
        f"  latency ms: p50 {percentile(values, 50):.1f}  p95 {p95:.1f}  "
        f"p99 {percentile(values, 99):.1f}  max {values[-1] if values else math.nan:.1f}"
        f"  (target p95 < {TARGET_P95_MS:.0f} ms: {verdict})",
    ]
    if result.failures:
        kinds = sorted(set(result.failures))
        lines.append(f"  failed: {', '.join(kinds[:5])}")
    return "\n".join(lines)


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer in [low, high], so the load always stays bounded."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=bounded(1, 200), default=20,
                        help="concurrent clients, 1..200 (default 20)")
    parser.add_argument("--requests", type=bounded(1, 10_000), default=50,
                        help="requests per client per page, 1..10000 (default 50)")
    parser.add_argument("--workers", type=bounded(1, 16), default=1,
                        help="impact serve worker processes, 1..16 (default 1)")
    parser.add_argument("--writes", type=bounded(0, 100), default=30,
                        help="percent of the mixed run's requests that write, 0..100 "
                        "(default 30; 0 skips the mixed run)")
    parser.add_argument("--postgres", metavar="SERVER_URL",
                        help="run on PostgreSQL: the URL of a server database (e.g. "
                        "postgresql+psycopg://user:pw@127.0.0.1/postgres) from which a new "
                        "database is created for the run and dropped after it")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="impact-bench-web-") as folder, \
            database(Path(folder), args.postgres) as db_url:
        print(f"building the demo database ({'PostgreSQL' if args.postgres else 'SQLite'})"
              " ...", flush=True)
        run_impact(db_url, "demo")
        run_impact(db_url, "user", "create", USERNAME, "--admin", "--password-stdin",
                   stdin=PASSWORD + "\n")
        token = run_impact(db_url, "user", "token", USERNAME, "--name", "bench").strip()
        port = free_port()
        server = start_server(db_url, port, args.workers, Path(folder) / "serve.log")
        try:
            print(f"impact serve on http://{HOST}:{port}/ ({args.workers} worker(s)); "
                  f"{args.clients} clients x {args.requests} requests per page, then "
                  f"{args.requests} each with {args.writes}% writes", flush=True)
            clients = [log_in(port) for _ in range(args.clients)]
            results = [load(clients, name, path, args.requests)
                       for name, path in PAGES.items()]
            if args.writes:
                results += mixed_load(clients, writers(port, token, args.clients),
                                      args.requests, args.writes / 100)
            for conn, _ in clients:
                conn.close()
        finally:
            stop_server(server)
        log = (Path(folder) / "serve.log").read_text(errors="replace")
    for result in results:
        print(report(result))
    if any(result.server_errors for result in results):
        print("the server's log ends:\n" + "\n".join(log.splitlines()[-40:]))
    return 1 if any(result.failures for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
