"""The experiments' refresh, measured: its wall time on every core, and the runner's speed-up
over one process.

Run:  python benchmarks/bench_experiments.py [NAME ...] [--full]

- speed-up: the named experiments (default: temporal-order, 45 runs) refreshed with
  ``--jobs 1`` and then with ``--jobs 2``, each into its own empty results folder; the stored
  results must be the same (the runs are seeded; only wall times differ), and the speed-up is
  printed against its goal;
- ``--full``: the default refresh (every experiment but `experiments.SLOW`) with ``--jobs 2``,
  against the issue's goal of 60 minutes on 2 cores.

The repository's stored results are not touched. One BLAS thread per process, as the command
line's refresh. Timings depend on the machine and its load: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lstm_explainer import experiments  # after the thread count is set

GOALS = {"speed-up": 1.6, "full": 60 * 60.0}  # times faster on 2 processes; seconds on 2 cores


def _refresh(names: list[str], jobs: int) -> tuple[float, dict]:
    """Refresh ``names`` into an empty folder with ``jobs`` processes: (seconds, results)."""
    with tempfile.TemporaryDirectory() as folder:
        experiments.store.RESULTS = Path(folder)
        experiments.stored.cache_clear()
        start = time.perf_counter()
        results = experiments.run_all(names, jobs=jobs)
        return time.perf_counter() - start, results


def _runs(results: dict) -> list[dict]:
    """Every run's result without its wall time (the only field that depends on the jobs)."""
    return [{k: v for k, v in r.items() if k != "wall_time"} for res in results.values() for r in res["runs"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=["temporal-order"], metavar="NAME")
    parser.add_argument("--full", action="store_true", help="also time the default refresh on 2 processes")
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"{machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    runs = sum(len(experiments.check(n)) for n in args.names)
    one, serial = _refresh(args.names, 1)
    two, parallel = _refresh(args.names, 2)
    same = _runs(serial) == _runs(parallel)
    speed_up = one / two
    verdict = "ok" if speed_up >= GOALS["speed-up"] and same else "MISSED"
    print(f"{', '.join(args.names)} ({runs} runs): --jobs 1 {one:.0f} s, --jobs 2 {two:.0f} s")
    print(f"speed-up {speed_up:.2f} (goal >= {GOALS['speed-up']}), same results: {same}  {verdict}")
    if args.full:
        names = [n for n in experiments.EXPERIMENTS if n not in experiments.SLOW]
        full, _ = _refresh(names, 2)
        verdict = "ok" if full <= GOALS["full"] else "MISSED"
        print(
            f"default refresh ({', '.join(names)}), --jobs 2: {full / 60:.1f} min (goal <= 60 min)  {verdict}"
        )


if __name__ == "__main__":
    main()
