"""How long the ``impact`` command takes to start, as a user meets it.

    .venv/bin/python bench/cli.py                 # 10 runs of each command
    .venv/bin/python bench/cli.py --runs 30

Builds the demo database in a temporary folder (``impact demo``), then runs each command in a
fresh process, the way a shell runs it, and prints the median, the fastest and the slowest
wall time of its runs next to the target (under 0.3 s for ``impact --version`` and ``impact
workspace list``; ``impact catalogue show CRC-32`` and ``impact analyse --json`` have no
target and show what loading the catalogue and the analysis engine adds). Each run's output
is read to the end, so it is timed whole. It also names the heavy packages each command
imported (the web app, scikit-learn, scipy, plotly), which starting the CLI must not pull
in. Never fails on a target (machines differ); exits 1 when a command fails.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web import user_env  # bench/web.py: the environment of a user's process

TARGET_S = 0.3
IMPACT = [sys.executable, "-c", "from impactkit.cli.app import run; run()"]
HEAVY = ("impactkit.web", "sklearn", "scipy", "plotly")
REPORT_HEAVY = """
import sys
from impactkit.cli.app import main
try:
    main(sys.argv[1:])
finally:
    heavy = sorted({h for h in HEAVY for m in sys.modules if m == h or m.startswith(h + ".")})
    print(", ".join(heavy) or "none", file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([*IMPACT, *args], env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"impact {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stdout.decode()}{done.stderr.decode()}")
    return elapsed


def heavy_imports(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", REPORT_HEAVY, *args], env=env,
                          capture_output=True, text=True, check=False)
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="Runs of each command.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="impact-bench-cli-") as folder:
        db = Path(folder) / "demo.db"
        env = user_env(IMPACT_DATABASE_URL=f"sqlite:///{db}", IMPACT_USER="bench")
        subprocess.run([*IMPACT, "demo", "--fresh"], env=env, capture_output=True, check=True)
        commands: list[tuple[list[str], float | None]] = [
            (["--version"], TARGET_S),
            (["workspace", "list"], TARGET_S),
            (["catalogue", "show", "CRC-32"], None),
            (["analyse", "-w", "demo-veldmark-2024", "--json"], None),
        ]
        print(f"{options.runs} runs each, fresh process per run, demo database (SQLite)")
        for args, target in commands:
            timed(args, env)  # warm the file cache and the bytecode
            times = sorted(timed(args, env) for _ in range(options.runs))
            median = statistics.median(times)
            verdict = ("no target" if target is None else
                       f"target < {target} s: {'meets' if median < target else 'misses'}")
            print(f"impact {' '.join(args)}")
            print(f"  wall s: median {median:.3f}  fastest {times[0]:.3f}  "
                  f"slowest {times[-1]:.3f}  ({verdict})")
            print(f"  heavy packages imported: {heavy_imports(args, env)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
