"""Re-running the papers' long-range experiments with this package's numpy models.

Each experiment is a list of runs (a cell, a task, a seed, a training set-up); `run`
trains them and returns JSON-able results: sequences to the papers' criterion, whether and
when the run diverged, the training loss over the last sequences, test errors on 2,560 fresh
sequences beside those of answering the mean target, wall time, loss, gradient-norm and
weight-norm curves, and, where asked, the gradient profile ‖∂L/∂h_k‖ at several points of
training and ‖∂h_T/∂h_k‖ against the distance T − k at the start and the end. Results are
stored under ``lstm_explainer/results/<name>.json`` with a *key*: a hash of the experiment's
configuration and of the code it runs. `load` refuses a result whose key no longer
matches, naming the command that refreshes it:

    python -m lstm_explainer.experiments run [NAME ...]
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from . import gradflow, tasks, train
from .lstm import LSTMParams

SOURCE = Path(__file__).resolve().parent
RESULTS = SOURCE / "results"
_CODE = ("tasks.py", "train.py", "lstm.py", "rnn.py", "_stacked.py", "init.py")


@dataclass(frozen=True)
class Run:
    """One training run: ``cell`` on ``task`` (a name of `lstm_explainer.tasks.TASKS` and its
    options), a layer of ``H`` units with ``layer`` options, Adam at ``lr`` or SGD, ``clip``;
    it diverges when ‖θ‖ grows beyond ``max_weight_growth`` times its start (see
    `lstm_explainer.train.train`)."""

    label: str
    cell: str
    task: str
    task_options: dict = field(default_factory=dict)
    H: int = 16
    layer: dict = field(default_factory=dict)
    optimizer: str = "adam"
    lr: float = 0.01
    batch_size: int = 32
    clip: float | None = 1.0
    max_sequences: int = 100_000
    seed: int = 0
    max_weight_growth: float | None = None
    profile_at: tuple[int, ...] = ()  # sequences seen at which to record ‖∂L/∂h_k‖ (and at the end)
    flow: bool = False  # record ‖∂h_T/∂h_k‖ against T − k at the start and at the end


class StaleResultError(RuntimeError):
    """A stored result was computed by other code or another configuration."""


def key(runs: list[Run]) -> str:
    """A hash of the runs' configuration and of the code they run: the modules in ``_CODE`` and,
    of this module, only what computes a result (not the command line or the loading)."""
    h = hashlib.sha256(json.dumps([dataclasses.asdict(r) for r in runs], sort_keys=True).encode())
    for name in _CODE:
        h.update((SOURCE / name).read_bytes())
    for part in (Run, _every, _finite, _marked_ratio, _flow, run_one):
        h.update(inspect.getsource(part).encode())
    return h.hexdigest()[:16]


def _every(values: Sequence[float], n: int = 200) -> list[float | None]:
    """At most ``n`` points of a curve, evenly spaced (for compact result files)."""
    idx = np.unique(np.linspace(0, len(values) - 1, min(n, len(values))).astype(int))
    return [float(values[i]) if np.isfinite(values[i]) else None for i in idx]  # JSON has no inf


def _finite(v: float | None) -> float | None:
    """``v`` as a JSON number, or None if it is missing or not finite (JSON has no inf)."""
    return None if v is None or not np.isfinite(v) else float(v)


def _marked_ratio(norms: np.ndarray, probe: tasks.Batch) -> float:
    """On the adding problem: ‖∂L/∂h_k‖ at the two marked steps k (where X1 and X2 are; the mark
    is the second input component) over ‖∂L/∂h_T‖ at the last step, per sequence and mark, then
    their geometric mean over the probe batch (0 if a norm underflowed to 0)."""
    marked = probe.x[..., 1] == 1.0  # (N, T): two True per sequence
    ratios = (norms / norms[:, -1:])[marked]  # (2N,)
    with np.errstate(divide="ignore"):
        return float(10 ** np.mean(np.log10(ratios)))


def _flow(layer, probe: tasks.Batch) -> dict:
    """‖∂h_T/∂h_k‖ of ``layer`` on the probe's inputs, per distance T − k = 0 … T (index = distance):
    its geometric mean over the probe batch and the growth factor per step, 10^slope of a
    least-squares line through its log10 at distances 1 … T (> 1: it grows exponentially)."""
    flow = (gradflow.lstm_gradient_flow if isinstance(layer, LSTMParams) else gradflow.rnn_gradient_flow)(
        probe.x, layer
    )
    with np.errstate(divide="ignore"):
        log_norm = np.log10(flow.dh_norm).mean(axis=0)[::-1]  # (T+1,), index = distance
    distance = np.arange(1, len(log_norm))
    slope = np.polyfit(distance, log_norm[1:], 1)[0] if np.isfinite(log_norm).all() else None
    return {
        "dh_norm": [_finite(10.0**v) for v in log_norm],
        "growth_per_step": None if slope is None else float(10.0**slope),
    }


PROBE_SEQUENCES = 256
"""Sequences of the probe batch (drawn apart from training and test) on which a run's gradient
profiles, marked-position ratios and ‖∂h_T/∂h_k‖ are measured."""
FINAL_WINDOW = 1024
"""Sequences over which a run's final training loss is averaged (32 minibatches of 32)."""


def run_one(r: Run, progress=None) -> dict:
    """Train and test one run; ``progress(sequences_seen)`` is called as it goes."""
    task = tasks.task(r.task, **r.task_options)
    rng = np.random.default_rng(r.seed)  # one stream: weights, then every batch
    model = train.init_model(r.cell, task.D, r.H, task.K, rng=rng, **r.layer)
    optimizer = train.Adam(r.lr) if r.optimizer == "adam" else train.SGD(r.lr)
    probe = task.sample(PROBE_SEQUENCES, np.random.default_rng(r.seed + 1))
    profiles: dict[int, list[float]] = {}
    marked: dict[int, float] = {}
    wanted = sorted(r.profile_at)

    def snapshot(at: int, m: train.Model) -> None:
        norms = train.gradient_norms(m, probe, task.loss)  # (N, T)
        profiles[at] = norms.mean(axis=0).tolist()
        if r.task == "adding":
            marked[at] = _marked_ratio(norms, probe)

    def callback(seen: int, m: train.Model) -> None:
        while wanted and seen >= wanted[0]:
            snapshot(wanted.pop(0), m)
        if progress is not None:
            progress(seen)

    flow_init = _flow(model.layer, probe) if r.flow else None
    model, log = train.train(
        model,
        task,
        rng=rng,
        max_sequences=r.max_sequences,
        batch_size=r.batch_size,
        optimizer=optimizer,
        clip=r.clip,
        max_weight_growth=r.max_weight_growth,
        callback=callback,
    )
    seen = log.sequences[-1] if log.sequences else 0
    if r.profile_at:
        snapshot(seen, model)  # after learning: the criterion met, the budget spent or diverged
    # A diverged run stopped before its divergent update: it is not tested, and it has no final
    # loss (its last minibatches are those before the blow-up, not a level that training reached).
    test = (
        (None, None)
        if log.diverged
        else train.assess(
            lambda b: train.predict(model, b.x, task.loss), task, rng=np.random.default_rng(r.seed + 2)
        )
    )
    mean = train.mean_target(task, rng=np.random.default_rng(r.seed + 3))
    baseline = train.assess(
        lambda b: np.broadcast_to(mean, b.y.shape), task, rng=np.random.default_rng(r.seed + 2)
    )  # the same test sequences
    last = -(-FINAL_WINDOW // r.batch_size)  # the minibatches of the last FINAL_WINDOW sequences
    finite_norms = [g for g in log.grad_norms if np.isfinite(g)]
    # The second half of the budget, from every minibatch (the stored curves keep only 200 points):
    # the largest gradient norm before clipping and how many minibatches were clipped there.
    late = [
        g
        for n, g in zip(log.sequences, log.grad_norms, strict=True)
        if n > r.max_sequences / 2 and np.isfinite(g)
    ]
    return {
        "label": r.label,
        "solved": log.solved,
        "diverged": log.diverged,
        "diverged_after_updates": log.diverged_after_updates,
        "diverged_weight_norm": _finite(log.diverged_weight_norm),  # None: it overflowed
        "max_loss": _finite(max(log.losses, default=None)),
        "max_grad_norm": float(max(finite_norms, default=0.0)),
        "max_weight_norm": _finite(max(log.weight_norms, default=None)),
        "late_max_grad_norm": float(max(late, default=0.0)),
        "late_clipped_updates": None if r.clip is None else sum(g > r.clip for g in late),
        "final_loss": None if log.diverged else float(np.mean(log.losses[-last:])),
        "final_loss_sequences": FINAL_WINDOW,
        "sequences_to_criterion": log.sequences_to_criterion,
        "sequences_seen": seen,
        "test_wrong": test[0],
        "test_mse": test[1],
        "test_sequences": 2560,
        "mean_target": mean.tolist(),
        "baseline_test_wrong": baseline[0],
        "baseline_test_mse": baseline[1],
        "wall_time": round(log.wall_time, 2),
        "sequences": _every(log.sequences),
        "loss": _every(log.losses),
        "grad_norm": _every(log.grad_norms),
        "weight_norm": _every(log.weight_norms),
        "profiles": {str(k): v for k, v in profiles.items()},
        "marked_ratio": {str(k): v for k, v in marked.items()},
        "flow_init": flow_init,
        "flow_end": _flow(model.layer, probe) if r.flow else None,
    }


_ADD = {"T": 100}
# Measured while choosing the set-ups (T = 100, H = 16, Adam 0.01, batch 32): with b_f = 1 the
# LSTM stayed on the 0.042 plateau of predicting the mean for 600,000 sequences (f ≈ 0.73 at the
# start: the signal of X1 fades as 0.73^90); with b_f = 4 it reached MSE 7e-5 and 5 of 2,560 test
# errors after 150,000 sequences (79 s), short of the criterion's 2,000 solved in a row.
_LSTM = {"forget_bias": 4.0}
CLIPPING = {"control": (0.9, None), "plain": (3.0, None), "clipped": (3.0, 10.0)}
"""The clipping experiment's three settings: name -> (σ_max(W_h), clipping threshold or None)."""
EXPERIMENTS: dict[str, list[Run]] = {
    # Hochreiter & Schmidhuber (1997), Experiment 4; the RNN gets the LSTM's budget.
    "adding": [
        Run(
            "LSTM",
            "lstm",
            "adding",
            _ADD,
            layer=_LSTM,
            max_sequences=300_000,
            profile_at=(0, 5_000, 20_000, 60_000),
        ),  # and at the end of training
        Run("RNN", "rnn", "adding", _ADD, max_sequences=300_000, profile_at=(0, 5_000, 20_000, 60_000)),
    ],
    # Experiment 6a of the same paper.
    "temporal-order": [
        Run("LSTM", "lstm", "temporal-order", {"T": 100}, layer=_LSTM, max_sequences=200_000),
        Run("RNN", "rnn", "temporal-order", {"T": 100}, max_sequences=200_000),
    ],
    # Jozefowicz, Zaremba & Sutskever (2015): the forget-gate bias, on the adding problem.
    "forget-bias": [
        Run(f"b_f = {b:g}", "lstm", "adding", _ADD, layer={"forget_bias": b}, max_sequences=200_000)
        for b in (0.0, 1.0, 2.0, 4.0)
    ],
    # Pascanu, Mikolov & Bengio (2013): exploding gradients through time and norm clipping. A tanh
    # RNN with W_h = σ_max · (an orthogonal matrix), trained by plain SGD (Adam would hide the
    # explosion: its steps stay near its learning rate whatever the gradient's size), five seeds:
    # - control, σ_max = 0.9: ‖∂h_T/∂h_k‖ shrinks with the distance T − k; no clipping;
    # - σ_max = 3, the chaotic regime: ‖∂h_T/∂h_k‖ grows about 1.2x a step (10^4.7 at distance 50,
    #   measured: flow_init), the first gradient is ~10^6 and the first step throws the weights
    #   out; once the units saturate their gradient is 0, so the weights stay out and the loss
    #   stays finite: divergence is read from ‖θ‖, not from the loss;
    # - the same with the global norm clipped at 10, above every gradient norm of the control
    #   (at most 4), so clipping acts only on exploding gradients.
    # The step, 0.03, keeps the linear read-out stable even when every unit saturates (SGD on
    # ‖h W_y − y‖² is stable while 2 · lr · ‖h‖² < 2, and ‖h‖² ≤ H = 16); at 0.3 the read-out
    # alone overflowed, whatever σ_max. Divergence: ‖θ‖ above 10 times its start (5.3 to 5.9 for
    # the control, 12.6 to 12.9 for σ_max = 3). Measured: the control and the clipped runs never
    # passed 1.1 times their start; without clipping, σ_max = 3 jumped to 32 to 8,700 times its
    # start in the first update, and its units then saturate for good (1 − h² = 0).
    "clipping": [
        Run(
            f"σ_max {s:g}, clip {c or 'none'}, seed {seed}",
            "rnn",
            "adding",
            {"T": 50},
            layer={"max_singular_value": s},
            optimizer="sgd",
            lr=0.03,
            clip=c,
            max_sequences=60_000,
            max_weight_growth=10.0,
            seed=seed,
            flow=True,
        )
        for s, c in CLIPPING.values()
        for seed in range(5)
    ],
}
"""Experiment name -> its runs."""


def _check(name: str) -> list[Run]:
    if name not in EXPERIMENTS:
        raise KeyError(f"unknown experiment {name!r}; known experiments: {', '.join(EXPERIMENTS)}")
    return EXPERIMENTS[name]


def path(name: str) -> Path:
    """Where the result of experiment ``name`` is stored."""
    _check(name)
    return RESULTS / f"{name}.json"


def run(name: str, progress: bool = True) -> dict:
    """Run experiment ``name`` from scratch, store its result and return it."""
    runs = _check(name)
    results = []
    for r in runs:
        bar = None
        if progress:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs, an optional extra
            except ModuleNotFoundError:
                raise ModuleNotFoundError(
                    "the progress bar needs tqdm: pip install 'lstm-explainer[experiments]'"
                ) from None
            bar = tqdm(total=r.max_sequences, desc=f"{name}: {r.label}", unit="seq", leave=True)
        results.append(run_one(r, None if bar is None else lambda n, b=bar: b.update(n - b.n)))
        if bar is not None:
            bar.close()
    out = {
        "experiment": name,
        "key": key(runs),
        "runs": results,
        "provenance": {
            "config": [dataclasses.asdict(r) for r in runs],
            "computed": datetime.now(UTC).strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}, "
            f"numpy {np.__version__}",
        },
    }
    RESULTS.mkdir(exist_ok=True)
    path(name).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return out


def load(name: str) -> dict:
    """The stored result of experiment ``name``; `StaleResultError` if its key is outdated."""
    runs, file = _check(name), path(name)
    refresh = f"python -m lstm_explainer.experiments run {name}"
    if not file.exists():
        raise StaleResultError(f"no stored result for experiment {name!r}; compute it with: {refresh}")
    result = json.loads(file.read_text(encoding="utf-8"))
    if result.get("key") != key(runs):
        raise StaleResultError(
            f"the stored result of experiment {name!r} was computed by other code or settings "
            f"(key {result.get('key')} != {key(runs)}); refresh it with: {refresh}"
        )
    return result


@functools.cache
def stored(name: str) -> dict:
    """`load`, once per process: the site's figures, captions and numbers all read the same
    results, and its content is generated in a fresh process, so the code cannot change under it."""
    return load(name)


def select(name: str, **config) -> list[dict]:
    """The stored runs of experiment ``name`` whose configuration has these values, in order,
    e.g. ``select("clipping", clip=None)``: figures and numbers pick runs by what they are, not
    by parsing their labels."""
    result = stored(name)
    return [
        run
        for run, cfg in zip(result["runs"], result["provenance"]["config"], strict=True)
        if all(cfg[k] == v for k, v in config.items())
    ]


def runs(name: str, **config) -> list[dict]:
    """`select`, for figures, numbers and claims: ``KeyError`` if no stored run has this
    configuration (a page that quotes nothing must not build)."""
    found = select(name, **config)
    if not found:
        raise KeyError(f"no stored run of experiment {name!r} has the configuration {config}")
    return found


def clipping_runs(setting: str) -> list[dict]:
    """The stored runs of one setting of `CLIPPING` (``"control"``, ``"plain"``, ``"clipped"``)."""
    sigma, clip = CLIPPING[setting]
    return runs("clipping", layer={"max_singular_value": sigma}, clip=clip)


def main(argv: list[str] | None = None) -> None:
    """``python -m lstm_explainer.experiments {list,run} [NAME ...]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m lstm_explainer.experiments", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", choices=("list", "run"))
    parser.add_argument("names", nargs="*", help=f"experiments (default: all): {', '.join(EXPERIMENTS)}")
    args = parser.parse_args(argv)
    names = args.names or list(EXPERIMENTS)
    for name in names:
        try:
            _check(name)
        except KeyError as err:
            parser.error(err.args[0])
    if args.command == "run" and os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        # A long training run depends on the BLAS thread count (another summation order, another
        # trajectory: the adding LSTM met its criterion at 208,480 sequences on one thread and at
        # 235,424 on two). The stored results use one thread, so a refresh runs on one too.
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        argv = sys.argv[1:] if argv is None else argv
        os.execve(sys.executable, [sys.executable, "-m", "lstm_explainer.experiments", *argv], env)
    for name in names:
        if args.command == "list":
            try:
                load(name)
                state = "stored, up to date"
            except StaleResultError as err:
                state = str(err)
            print(f"{name}: {state}")  # noqa: T201 (the CLI's output)
            continue
        start = time.perf_counter()
        result = run(name)
        for r in result["runs"]:
            print(  # noqa: T201 (the CLI's output)
                f"{name} / {r['label']}: solved={r['solved']} sequences={r['sequences_to_criterion']} "
                f"test wrong={r['test_wrong']}/{r['test_sequences']} time={r['wall_time']} s"
            )
        print(f"{name}: {time.perf_counter() - start:.0f} s, stored in {path(name)}")  # noqa: T201


if __name__ == "__main__":
    main()
