"""Reports as a user meets them: ``impact report`` from the command, each kind in each format.

    .venv/bin/python bench/reports.py                  # the demo, 10,000 findings, 6 workspaces
    .venv/bin/python bench/reports.py --only demo      # one part: demo, large or six

In a temporary folder, on SQLite:
1. **demo**: ``impact demo``, then every kind (national, alternative and recommendations of
   ``demo-veldmark-2024``, comparative of both demo cycles) in HTML, PDF and Word;
2. **large**: a workspace of 10,000 synthetic findings (``bench/analysis.py``'s generator,
   imported with ``impact import``), its national, alternative and recommendations reports
   with ``--status all`` (the synthetic findings are drafts and reviewed ones) in each format;
3. **six**: six workspaces of 2,000 synthetic findings each (different seeds) and their
   comparative report in each format.

Each report is a fresh process (start-up, reading, analysis, building, rendering, writing),
timed end to end with its peak memory (the process's max RSS) and the file's size. Targets:
the demo's national report as PDF under 5 s, the comparative report of six workspaces under
15 s. Never fails on a target (machines differ); exits 1 when a command fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from e2e import impact as timed_impact  # bench/e2e.py: a timed command, findings as CSV
from e2e import write_findings

FORMATS = ("html", "pdf", "docx")
DEMO = "demo-veldmark-2024"
TARGETS_S = {("demo", "national", "pdf"): 5.0, ("six", "comparative", "pdf"): 15.0,
             ("six", "comparative", "html"): 15.0, ("six", "comparative", "docx"): 15.0}


def impact(url: str, *args: str) -> tuple[float, float]:
    """Run ``impact`` (every path it is given is absolute); (wall seconds, max RSS MB)."""
    seconds, rss, _ = timed_impact(url, *args)
    return seconds, rss


def report(part: str, url: str, folder: Path, kind: str, targets: list[str],
           *options: str) -> None:
    for fmt in FORMATS:
        out = folder / f"{part}-{kind}.{fmt}"
        where = targets if kind == "comparative" else ["-w", targets[0]]
        seconds, rss = impact(url, "report", kind, *where, "--format", fmt, "--out",
                              str(out), *options)
        target = TARGETS_S.get((part, kind, fmt))
        verdict = "" if target is None else \
            f"  (target < {target:.0f} s: {'meets' if seconds < target else 'misses'})"
        print(f"  {kind:<16} {fmt:<5} {seconds:6.2f} s  max RSS {rss:5.0f} MB  "
              f"{out.stat().st_size / 1024:8.0f} KB{verdict}", flush=True)


def synthetic(url: str, folder: Path, key: str, n: int, seed: int) -> None:
    table = folder / f"{key}.csv"
    write_findings(table, n, seed)
    impact(url, "workspace", "create", key, "--jurisdiction", "GRC", "--cycle",
           f"bench-{seed}")
    impact(url, "import", str(table), "--kind", "findings", "-w", key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("demo", "large", "six"), action="append")
    parser.add_argument("--size", type=int, default=10_000, help="findings of 'large'")
    options = parser.parse_args(argv)
    parts = options.only or ["demo", "large", "six"]
    with tempfile.TemporaryDirectory(prefix="impact-reports-") as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'bench.db'}"
        impact(url, "demo")
        if "demo" in parts:
            print("The demo (SQLite; validated findings):")
            for kind in ("national", "alternative", "recommendations"):
                report("demo", url, folder, kind, [DEMO])
            report("demo", url, folder, "comparative", ["demo-veldmark-2019", DEMO])
        if "large" in parts:
            synthetic(url, folder, "bench-large", options.size, 7)
            print(f"A workspace of {options.size:,} findings (--status all):")
            for kind in ("national", "alternative", "recommendations"):
                report("large", url, folder, kind, ["bench-large"], "--status", "all")
        if "six" in parts:
            keys = [f"bench-six-{i}" for i in range(6)]
            for i, key in enumerate(keys):
                synthetic(url, folder, key, 2_000, 100 + i)
            print("Six workspaces of 2,000 findings (--status all):")
            report("six", url, folder, "comparative", keys, "--status", "all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
