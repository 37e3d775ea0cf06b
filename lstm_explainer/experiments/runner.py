"""Running experiments: every run in its own process, on every core, resumable.

`run_all` trains the runs of the named experiments, ``jobs`` at a time (one process each, one
BLAS thread each: the command line sets ``OPENBLAS_NUM_THREADS=1`` before anything starts), shows
one progress bar for the whole set with the time left, and stores an experiment's result as soon
as its last run ends (`store.save`). Each finished run is kept at once under
``results/.partial/<name>/`` with its own key (`store.run_key`: its configuration and the code it
runs), so that an interrupted refresh resumes without redoing finished runs, and a run that the
experiment's last stored result already holds under the same key is not computed again (adding a
seed computes that seed only); a run of other code or settings is never reused. The runs are
independent and seeded, so the results do not depend on ``jobs`` (only the wall times do).
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from . import store, training
from .config import Run, check


def _partial(name: str, index: int) -> Path:
    return store.RESULTS / ".partial" / name / f"{index:03d}.json"


def _finished(name: str) -> dict[int, dict]:
    """The runs of experiment ``name`` already computed by the same code and configuration
    (`store.run_key`): kept by an interrupted refresh, or stored in the experiment's last result
    (a run added to an experiment, or one whose settings changed, is the only one to compute)."""
    known: dict[str, dict] = {}
    if store.path(name).exists():
        last = json.loads(store.path(name).read_text(encoding="utf-8"))
        known.update(zip(last.get("run_keys", []), last["runs"], strict=False))
    for file in sorted((store.RESULTS / ".partial" / name).glob("*.json")):
        kept = json.loads(file.read_text(encoding="utf-8"))
        known[kept["key"]] = kept["result"]
    keys = store.run_keys(check(name))
    return {i: known[k] for i, k in enumerate(keys) if k in known}


def _keep(name: str, index: int, result: dict) -> None:
    file = _partial(name, index)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": store.run_key(check(name)[index]), "result": result}), encoding="utf-8")
    tmp.replace(file)  # whole or absent: an interruption never leaves half a file


def _worker(run: Run, tag: tuple[str, int], queue) -> dict:
    """One run in a worker process; ``queue`` receives (tag, sequences seen) as it goes."""
    return training.run_one(run, lambda seen: queue.put((tag, seen)))


def run_all(
    names: list[str], jobs: int = 2, progress: Callable[[int, int], None] | None = None, fresh: bool = False
) -> dict[str, dict]:
    """Run experiments ``names``, ``jobs`` runs at a time, reusing the runs already computed by the
    same code and configuration (`_finished`; none if ``fresh``); store each result and return
    them. ``progress(done, total)`` is called with the sequences trained so far (a finished run
    counts its whole budget) out of all the budgets."""
    results: dict[str, dict[int, dict]] = {name: {} if fresh else _finished(name) for name in names}
    pending = [(n, i, r) for n in names for i, r in enumerate(check(n)) if i not in results[n]]
    total = sum(r.max_sequences for n in names for r in check(n))
    done = sum(check(n)[i].max_sequences for n in names for i in results[n])
    seen: dict[tuple[str, int], int] = {}  # sequences seen by the runs under way

    def report() -> None:
        if progress is not None:
            progress(done + sum(seen.values()), total)

    def finish(name: str, index: int, result: dict) -> None:
        nonlocal done
        _keep(name, index, result)
        results[name][index] = result
        seen.pop((name, index), None)
        done += check(name)[index].max_sequences
        report()
        if len(results[name]) == len(check(name)):
            store.save(name, [results[name][i] for i in range(len(check(name)))])
            shutil.rmtree(store.RESULTS / ".partial" / name)

    report()
    if jobs <= 1:  # in this process: what the tests drive, and what a single run needs
        for name, index, run in pending:

            def step(n: int, tag: tuple[str, int] = (name, index)) -> None:
                seen[tag] = n
                report()

            finish(name, index, training.run_one(run, step))
    elif pending:
        context = multiprocessing.get_context("spawn")  # fresh interpreters: no forked BLAS state
        with context.Manager() as manager, ProcessPoolExecutor(jobs, mp_context=context) as pool:
            queue = manager.Queue()
            futures = {pool.submit(_worker, run, (n, i), queue): (n, i) for n, i, run in pending}
            while futures:
                finished, _ = wait(futures, timeout=0.5, return_when=FIRST_COMPLETED)
                while not queue.empty():
                    tag, n = queue.get()
                    if tag in futures.values():  # not a late message of a run already finished
                        seen[tag] = n
                for future in finished:
                    finish(*futures.pop(future), future.result())
                report()
    partial = store.RESULTS / ".partial"
    if partial.is_dir() and not any(partial.iterdir()):
        partial.rmdir()
    return {name: store.load(name) for name in names}


def run(name: str) -> dict:
    """Run experiment ``name`` from scratch in this process, store its result and return it."""
    return run_all([name], jobs=1)[name]
