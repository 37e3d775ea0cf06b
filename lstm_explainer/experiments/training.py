"""One run of an experiment: train, test and measure (`run_one`), returning JSON-able results."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import gradflow, tasks, train
from ..lstm import LSTMParams
from .config import FINAL_WINDOW, PROBE_SEQUENCES, Run


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
        "weights": {k: v.tolist() for k, v in model.arrays().items()} if r.keep_weights else None,
    }
