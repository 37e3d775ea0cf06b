"""The author's loop, measured: a clean build, a cached build and a prose edit under `mkdocs serve`.

Run:  python benchmarks/bench_build.py [--edits 3]

Everything happens in a fresh clone of this repository's HEAD (the working tree is not touched),
with its own empty content cache, so that "clean" means what a new contributor gets:

- clean:   ``python -m lstm_explainer.site build`` (every language, every figure, notebook and
           number) with nothing cached;
- cached:  the same command again, everything cached;
- serve:   ``python -m lstm_explainer.site serve`` (Portuguese); a line is appended to a page and
           the time until the served page shows it is taken, ``--edits`` times (the median is
           compared with the goal).

Each figure is printed against its goal (issue 18). The clone imports its own copy of the
package (PYTHONPATH) and reuses this repository's ``node_modules/`` (uPlot). Timings depend on the
machine and its load: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"clean": 60.0, "cached": 10.0, "serve": 1.5}  # seconds, on 2 cores


def _build(clone: Path, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lstm_explainer.site", "build"],
        cwd=clone,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _serve_edits(clone: Path, env: dict, edits: int) -> list[float]:
    """Seconds from a prose edit to the served page showing it, one per edit."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/conclusion/"
    cmd = [
        sys.executable,
        "-m",
        "lstm_explainer.site",
        "serve",
        "--lang",
        "pt",
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    # A session of its own: stopping it stops mkdocs too (`site serve` runs it as a child).
    server = subprocess.Popen(
        cmd, cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 600
        while _get(url) is None:  # the first build
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("mkdocs serve did not come up")
            time.sleep(0.5)
        page = clone / "docs" / "pt" / "conclusion.md"
        times = []
        for k in range(edits):
            marker = f"bench-edit-{k}-{time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle between edits
            start = time.perf_counter()
            page.write_text(page.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            while marker not in (_get(url) or ""):
                if time.perf_counter() - start > 120:
                    raise RuntimeError(f"edit {k} did not appear within 120 s")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
        return times
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=3, help="prose edits timed under mkdocs serve")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        clone = Path(tmp) / "repo"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        (clone / "node_modules").symlink_to(ROOT / "node_modules")
        env = {
            **os.environ,
            "PYTHONPATH": str(clone),
            "LSTM_EXPLAINER_CACHE_DIR": str(Path(tmp) / "cache"),
            "NO_MKDOCS_2_WARNING": "1",
        }
        clean = _build(clone, env)
        cached = _build(clone, env)
        serve = _serve_edits(clone, env, args.edits)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    rows = [("clean build, six languages", clean), ("cached build", cached)]
    rows.append((f"serve, prose edit to page (median of {len(serve)})", statistics.median(serve)))
    misses = 0
    for (label, seconds), goal in zip(rows, GOALS.values(), strict=True):
        ok = seconds <= goal
        misses += not ok
        print(f"{label:45} {seconds:7.1f} s   goal <= {goal:g} s  {'ok' if ok else 'MISSED'}")
    print(f"serve edits: {', '.join(f'{s:.2f}' for s in serve)} s")
    print(f"goals missed: {misses}")


if __name__ == "__main__":
    main()
