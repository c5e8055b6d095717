"""A bounded load on the web app: concurrent logged-in clients on loopback against `impact serve`.

    .venv/bin/python bench/web.py                      # 20 clients x 50 requests per page
    .venv/bin/python bench/web.py --clients 5 --requests 20 --workers 2

What it does, all on 127.0.0.1 and in a temporary folder it deletes afterwards:
1. builds the demo database fresh (``impact --db ... demo --fresh``) and creates an admin
   account (``impact user create --admin --password-stdin``), exactly as a user would;
2. starts ``impact serve`` on a free loopback port in a subprocess and waits for it;
3. logs every client in through the login form (its own session cookie and CSRF token);
4. per page (the dashboard, then a findings list), after one warm-up request per client, has
   every client send a fixed number of requests over its own keep-alive connection, all
   clients at once, and records each request's latency (time to the full body);
5. prints, per page: requests, failures, requests/s over the phase's wall time, and the
   p50/p95/p99/max latency; then stops the server.

The load is bounded: a fixed number of requests, a per-request timeout, nothing runs on after
the last response. The target is p95 < 100 ms on the demo; the script prints the figure next
to the target and never fails on it (machines differ). It exits 1 when any request failed
(a non-200 answer), because latencies of error pages say nothing. Standard library only, so
it runs with ``make bench`` (no dev extras).
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
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
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
SESSION_COOKIE = "impact_session"


@dataclass
class PageResult:
    name: str
    path: str
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wall_s: float = 0.0


# --- the server -------------------------------------------------------------------------


def run_impact(db: Path, *args: str, stdin: str | None = None) -> None:
    done = subprocess.run([*IMPACT, "--db", str(db), "--user", "bench", *args], input=stdin,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"impact {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stdout}{done.stderr}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(db: Path, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    # Several workers must share one session key (the server refuses otherwise).
    env = {**os.environ, "IMPACT_SECRET_KEY": os.environ.get("IMPACT_SECRET_KEY")
           or secrets.token_urlsafe(32)}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*IMPACT, "--db", str(db), "serve", "--host", HOST, "--port", str(port),
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
            form: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request on a keep-alive connection; the whole body is read (timed by callers)."""
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
    if form is None:
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


def load(clients: list[tuple[http.client.HTTPConnection, str]], name: str, path: str,
         count: int) -> PageResult:
    """All clients at once on one page; wall time from the common start to the last reply."""
    result = PageResult(name=name, path=path)
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    threads = [threading.Thread(target=client_run, args=(conn, cookie, path, count, start,
                                                          result, lock), daemon=True)
               for conn, cookie in clients]
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
    result.wall_s = time.perf_counter() - began
    return result


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
    if result.failures:
        verdict = "not meaningful: some requests failed"
    lines = [
        f"{result.name} ({result.path})",
        f"  requests {done} in {result.wall_s:.2f} s: {done / result.wall_s:.1f} requests/s"
        f", failures {len(result.failures)}",
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
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="impact-bench-web-") as folder:
        db = Path(folder) / "impact.db"
        print("building the demo database ...", flush=True)
        run_impact(db, "demo", "--fresh")
        run_impact(db, "user", "create", USERNAME, "--admin", "--password-stdin",
                   stdin=PASSWORD + "\n")
        port = free_port()
        server = start_server(db, port, args.workers, Path(folder) / "serve.log")
        try:
            print(f"impact serve on http://{HOST}:{port}/ ({args.workers} worker(s)); "
                  f"{args.clients} clients x {args.requests} requests per page", flush=True)
            clients = [log_in(port) for _ in range(args.clients)]
            results = [load(clients, name, path, args.requests)
                       for name, path in PAGES.items()]
            for conn, _ in clients:
                conn.close()
        finally:
            stop_server(server)
    for result in results:
        print(report(result))
    return 1 if any(result.failures for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
