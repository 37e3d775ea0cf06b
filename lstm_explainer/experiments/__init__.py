"""Re-running the papers' long-range experiments with this package's numpy models.

Each experiment is a list of runs (a cell, a task, a seed, a training set-up), in three parts:

- `config`: what each run is (`Run`, `EXPERIMENTS`, `CLIPPING`);
- `training`: one run, trained and measured (`run_one`): sequences to the papers' criterion,
  whether and when it diverged, the training loss over the last sequences, test errors on 2,560
  fresh sequences beside those of answering the mean target, wall time, loss, gradient-norm and
  weight-norm curves, and, where asked, the gradient profile ‖∂L/∂h_k‖ at several points of
  training and ‖∂h_T/∂h_k‖ against the distance T − k at the start and the end;
- `store`: results stored under ``lstm_explainer/results/<name>.json`` with a key that hashes
  the configuration and the code a run imports; `load` refuses a stale result, naming the
  command that refreshes it, and `select` picks runs by their configuration;
- `runner`: `run_all` trains the runs of several experiments on every core, one process a run,
  with one progress bar, and resumes an interrupted refresh without redoing finished runs.

The command line is the package's (`lstm_explainer.cli`):

    python -m lstm_explainer experiments list
    python -m lstm_explainer experiments run [NAME ...]   (without names: all but `SLOW`)
"""

from .config import (
    CLIPPING,
    EXPERIMENTS,
    FINAL_WINDOW,
    PAPER,
    PROBE_SEQUENCES,
    PROFILE_SEED,
    SLOW,
    Run,
    check,
)
from .runner import run, run_all
from .store import (
    GROUPS,
    RESULTS,
    SETUPS,
    StaleResultError,
    clipping_runs,
    code_files,
    key,
    load,
    one,
    path,
    provenance,
    runs,
    save,
    select,
    setup,
    stored,
    summary,
)
from .training import run_one

__all__ = [
    "CLIPPING",
    "EXPERIMENTS",
    "FINAL_WINDOW",
    "GROUPS",
    "PAPER",
    "PROBE_SEQUENCES",
    "PROFILE_SEED",
    "RESULTS",
    "SETUPS",
    "SLOW",
    "Run",
    "StaleResultError",
    "check",
    "clipping_runs",
    "code_files",
    "key",
    "load",
    "one",
    "path",
    "provenance",
    "run",
    "run_all",
    "run_one",
    "runs",
    "save",
    "select",
    "setup",
    "stored",
    "summary",
]
