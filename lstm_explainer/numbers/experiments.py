"""Numbers of the papers' experiments: their settings and their stored results
(`lstm_explainer.experiments`)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from . import register

# The papers' experiments: their settings (lstm_explainer.experiments.EXPERIMENTS) and their stored
# results; a stale result fails the build, naming the command that recomputes it. Runs are picked by
# their configuration and their cell (`experiments.SETUPS`); a statistic over several seeds is
# `experiments.summary`'s.


def _experiments():
    from .. import experiments

    return experiments


def _setting(name: str, field: str, option: str | None = None, cell_setup: str | None = None) -> float:
    """A setting of the first run of experiment ``name`` (of this cell, if given): a `Run` field, or
    one of its options (``field`` a dict: ``layer``, ``task_options``)."""
    ex = _experiments()
    run = next(r for r in ex.EXPERIMENTS[name] if cell_setup in (None, ex.setup(dataclasses.asdict(r))))
    value = getattr(run, field)
    return float(value if option is None else value[option])


def _runs(name: str, cell_setup: str | None = None, **config) -> list[dict]:
    return _experiments().runs(name, cell_setup, **config)


def _one(name: str, field: str, cell_setup: str | None = None, **config) -> float:
    """``field`` of the one stored run of experiment ``name`` with this cell and configuration."""
    return float(_experiments().one(name, cell_setup, **config)[field])


def _stat(name: str, cell_setup: str, stat: str, **config) -> float:
    """A statistic of `experiments.summary` over the seeds of one cell; an error if no run met the
    criterion (a page must not quote the mean of nothing)."""
    row = _experiments().summary(_runs(name, cell_setup, **config))
    if row[stat] is None:
        raise ValueError(f"no {cell_setup} run of experiment {name!r} with {config} met the criterion")
    return float(row[stat])


def _all(name: str, cell_setup: str, field: str, **config) -> list[float]:
    """``field`` of every stored run of one cell (tested runs: none of these experiments diverges)."""
    return [float(r[field]) for r in _runs(name, cell_setup, **config)]


register("exp-lr", lambda: _setting("adding-100", "lr"), "auto", 1)
register("exp-batch", lambda: _setting("adding-100", "batch_size"), "int")
register("exp-clip", lambda: _setting("adding-100", "clip"), "int")
register("exp-input-bias", lambda: _setting("adding-100", "layer", "input_bias"), "int")
register("exp-uniform", lambda: _setting("adding-100", "layer", "uniform", "1997"), "fixed", 1)
register("exp-H", lambda: _setting("adding-100", "H"), "int")
register("exp-profile-probe", lambda: _experiments().PROBE_SEQUENCES, "int")
register("exp-window", lambda: _experiments().FINAL_WINDOW, "int")
register("adding-mean-answer", lambda: 0.5, "fixed", 1)  # E[0.5 + (X1 + X2)/4]: the answer of the mean
for _name in ("adding-100", "adding-500", "adding-1000", "temporal-order"):
    register(f"paper-{_name}-sequences", lambda n=_name: _experiments().PAPER[n]["sequences"], "int")
    register(f"paper-{_name}-wrong", lambda n=_name: _experiments().PAPER[n]["wrong"], "int")
    register(f"paper-{_name}-trials", lambda n=_name: _experiments().PAPER[n]["trials"], "int")
    register(f"exp-{_name}-T", lambda n=_name: _setting(n, "task_options", "T"), "int")
    register(f"exp-{_name}-bf", lambda n=_name: _setting(n, "layer", "forget_bias"), "int")
    register(f"exp-{_name}-tau", lambda n=_name: 1 + math.exp(_setting(n, "layer", "forget_bias")), "int")
for _name in ("adding-100", "adding-500", "adding-1000"):  # chrono's top for T_max = T: ln(T − 1)
    register(
        f"exp-{_name}-chrono-top", lambda n=_name: math.log(_setting(n, "task_options", "T") - 1), "fixed", 1
    )
    for _end, _pick in (("min", min), ("max", max)):  # over both LSTM cells, the runs that met it
        register(
            f"exp-{_name}-learners-{_end}",
            lambda n=_name, f=_pick: f(
                r["sequences_to_criterion"]
                for c in ("lstm", "1997")
                for r in _experiments().select(n, c)
                if r["solved"]
            ),
            "int",
        )
register(
    "exp-runs-total",
    lambda: sum(len(_experiments().stored(n)["runs"]) for n in _experiments().EXPERIMENTS),
    "int",
)
register(
    "exp-core-hours",
    lambda: (
        sum(r["wall_time"] for n in _experiments().EXPERIMENTS for r in _experiments().stored(n)["runs"])
        / 3600
    ),
    "fixed",
    1,
)
for _end in ("min", "max"):
    register(f"paper-adding-1000-{_end}", lambda e=_end: _experiments().PAPER["adding-1000"][e], "int")

# Per experiment and cell, over its seeds: how many runs and how many met the criterion, the budget;
# for the cells that learn, the sequences to the criterion (mean, median, range), the weight updates
# that makes (sequences / minibatch size; the 1997 paper updated after every sequence) and the test
# errors; for the RNN, the test errors of every run beside those of answering the mean.
_LEARNERS = {
    "adding-100": ("lstm", "1997"),
    "adding-500": ("lstm", "1997"),
    "adding-1000": ("lstm", "1997"),
    "temporal-order": ("lstm", "1997"),
}
for _name, _setups in _LEARNERS.items():
    for _s in (*_setups, "rnn"):
        if _s == "rnn" and _name not in ("adding-100", "temporal-order"):
            continue
        _id = f"exp-{_name}-{_s}"
        register(f"{_id}-runs", lambda n=_name, c=_s: len(_runs(n, c)), "int")
        register(f"{_id}-solved", lambda n=_name, c=_s: sum(r["solved"] for r in _runs(n, c)), "int")
        register(f"{_id}-budget", lambda n=_name, c=_s: _setting(n, "max_sequences", cell_setup=c), "int")
        if _s == "rnn":
            for _field, _k in (("test_wrong", "wrong"), ("baseline_test_wrong", "baseline-wrong")):
                register(f"{_id}-{_k}-min", lambda n=_name, c=_s, f=_field: min(_all(n, c, f)), "int")
                register(f"{_id}-{_k}-max", lambda n=_name, c=_s, f=_field: max(_all(n, c, f)), "int")
            for _field, _k in (("final_loss", "final-loss"), ("baseline_test_mse", "baseline-mse")):
                register(f"{_id}-{_k}-min", lambda n=_name, c=_s, f=_field: min(_all(n, c, f)), "fixed", 3)
                register(f"{_id}-{_k}-max", lambda n=_name, c=_s, f=_field: max(_all(n, c, f)), "fixed", 3)
            continue
        for _st in ("mean", "median", "min", "max", "wrong_mean", "wrong_median", "wrong_min", "wrong_max"):
            register(
                f"{_id}-{_st.replace('_', '-')}",
                lambda n=_name, c=_s, st=_st: _stat(n, c, st),
                "fixed" if _st == "wrong_mean" else "int",
                1,
            )
        register(  # how many runs the paper's "never more than 3" test errors describe
            f"{_id}-wrong-within-paper",
            lambda n=_name, c=_s: sum(r["test_wrong"] <= 3 for r in _runs(n, c) if r["solved"]),
            "int",
        )
        register(  # every run counted, one that missed the criterion at its whole budget
            f"{_id}-paper-percent",
            lambda n=_name, c=_s: (
                100
                * np.mean([r["sequences_to_criterion"] or r["sequences_seen"] for r in _runs(n, c)])
                / _experiments().PAPER[n]["sequences"]
            ),
            "int",
        )
        register(
            f"{_id}-updates-mean",
            lambda n=_name, c=_s: _stat(n, c, "mean") / _setting(n, "batch_size", cell_setup=c),
            "int",
        )


def rnn_curve(run: dict, field: str, second_half: bool) -> list[float]:
    """A stored RNN run's curve ``field`` (``loss``, ``grad_norm``: minibatch values, 200 kept),
    only over the second half of its budget if ``second_half``."""
    budget = _setting("adding-100", "max_sequences", cell_setup="rnn")
    return [
        float(v)
        for n, v in zip(run["sequences"], run[field], strict=True)
        if not second_half or n > budget / 2
    ]


# The RNN of the adding problem: its error falls from the first minibatch's to near the mean's, and
# its whole gradient (the norm over every parameter, before clipping) does not vanish on the way.
for _end, _pick in (("min", min), ("max", max)):
    register(
        f"exp-adding-100-rnn-first-loss-{_end}",
        lambda f=_pick: f(rnn_curve(r, "loss", False)[0] for r in _runs("adding-100", "rnn")),
        "fixed",
        2,
    )
    register(
        f"exp-adding-100-rnn-late-grad-{_end}",
        lambda f=_pick: f(
            float(np.median(rnn_curve(r, "grad_norm", True))) for r in _runs("adding-100", "rnn")
        ),
        "fixed",
        2,
    )


def _orders(ratio: float) -> float:
    """How many orders of magnitude below 1 a ratio is."""
    return -math.log10(ratio)


register("exp-profile-seed", lambda: _experiments().PROFILE_SEED, "int")


def _profile_at(i: int) -> int:
    """The number of sequences seen at the RNN's i-th stored gradient profile (0: before training)."""
    run = _experiments().one("adding-100", "rnn", seed=_experiments().PROFILE_SEED)
    return int(list(run["profiles"])[i])


for _i in (1, 2):  # the profiles the gradient-profile figure's caption names
    register(f"exp-profile-at-{_i}", lambda i=_i: _profile_at(i), "int")


def _profile_orders(cell_setup: str, during: bool = True) -> list[float]:
    """Per snapshot of seed 0 of the adding problem at T = 100, the orders of magnitude by which
    ‖∂L/∂h_k‖ at the marked steps is below its value at the last step (geometric mean over the
    probe sequences): during training (``during``), or only after it."""
    *before, after = (
        _experiments()
        .one("adding-100", cell_setup, seed=_experiments().PROFILE_SEED)["marked_ratio"]
        .values()
    )
    return [_orders(r) for r in (before if during else [after])]


def _curve_orders(cell_setup: str) -> list[float]:
    """What the gradient-profile figure draws: per plotted curve of seed 0, the orders of magnitude
    by which ‖∂L/∂h_k‖ at the first step is below its value at the last (a curve that reaches exactly
    zero at the first step, the RNN's after training, left out)."""
    profiles = _experiments().one("adding-100", cell_setup, seed=_experiments().PROFILE_SEED)["profiles"]
    return [_orders(p[0] / p[-1]) for p in profiles.values() if p[0] > 0]


for _s in ("lstm", "rnn"):
    register(f"exp-profile-{_s}-curve-min", lambda c=_s: min(_curve_orders(c)), "fixed", 1)
    register(f"exp-profile-{_s}-curve-max", lambda c=_s: max(_curve_orders(c)), "fixed", 1)
    register(f"exp-profile-{_s}-min", lambda c=_s: min(_profile_orders(c)), "fixed", 1)
    register(f"exp-profile-{_s}-max", lambda c=_s: max(_profile_orders(c)), "fixed", 1)
    register(
        f"exp-profile-{_s}-end-seen",
        lambda c=_s: float(
            list(_experiments().one("adding-100", c, seed=_experiments().PROFILE_SEED)["marked_ratio"])[-1]
        ),
        "int",
    )
register(
    "exp-profile-lstm-end", lambda: _profile_orders("lstm", during=False)[0], "fixed", 1
)  # the RNN's: 0, see claims

# The forget-gate bias: per marker placement and b_f, how many of the seeds met the criterion and
# how many sequences they needed; at the start f ≈ σ(b_f): the time constant 1 + e^b_f and the cell
# path's factor σ(b_f)^d over the 50 and 90 steps between the marks of the 1997 placement and the end.
FORGET_BIASES = (0, 1, 2, 4)
_FORGET_LEARNED = {("1997", 4), ("halves", 0), ("halves", 1), ("halves", 2), ("halves", 4)}  # quoted means
register("exp-forget-bias-runs", lambda: len(_runs("forget-bias", layer={"forget_bias": 0.0})) / 2, "int")
register("exp-forget-bias-budget", lambda: _setting("forget-bias", "max_sequences"), "int")
for _b in FORGET_BIASES:
    register(  # a bias the stored runs have (_runs raises if none has it)
        f"exp-forget-bias-b{_b}",
        lambda b=_b: _runs("forget-bias", layer={"forget_bias": float(b)}) and b,
        "int",
    )
    register(f"forget-sigma-b{_b}", lambda b=_b: 1 / (1 + math.exp(-b)), "fixed", 2 if _b < 4 else 3)
    register(f"forget-tau-b{_b}", lambda b=_b: 1 + math.exp(b), "fixed", 1)
    for _d in (50, 90):
        register(f"forget-path-b{_b}-{_d}", lambda b=_b, d=_d: (1 / (1 + math.exp(-b))) ** d)
    for _p in ("1997", "halves"):
        _cfg = {"layer": {"forget_bias": float(_b)}, "task_options": {"placement": _p}}
        register(
            f"exp-forget-bias-{_p}-{_b}-solved",
            lambda c=_cfg: sum(r["solved"] for r in _runs("forget-bias", **c)),
            "int",
        )
        if (_p, _b) in _FORGET_LEARNED:
            register(
                f"exp-forget-bias-{_p}-{_b}-mean",
                lambda c=_cfg: _stat("forget-bias", "lstm", "mean", **c),
                "int",
            )


# Clipping (Pascanu et al. 2013): three settings of a tanh RNN, several seeds each; "min"/"max" are
# the range over the seeds.
def _clip_values(setting: str, value: Callable[[dict], float]) -> list[float]:
    return [float(value(r)) for r in _experiments().clipping_runs(setting)]


def _clip_range(
    num_id: str, setting: str, value: Callable[[dict], float], style: str = "auto", digits: int = 2
):
    register(f"{num_id}-min", lambda: min(_clip_values(setting, value)), style, digits)
    register(f"{num_id}-max", lambda: max(_clip_values(setting, value)), style, digits)


register("exp-clipping-probe", lambda: _experiments().PROBE_SEQUENCES, "int")
register("exp-clipping-seeds", lambda: len(_experiments().clipping_runs("plain")), "int")
register("exp-clipping-lr", lambda: _setting("clipping", "lr"), "auto", 1)
register("exp-clipping-T", lambda: _setting("clipping", "task_options", "T"), "int")
register("exp-clipping-threshold", lambda: _experiments().CLIPPING["clipped"][1], "int")
register("exp-clipping-weight-limit", lambda: _setting("clipping", "max_weight_growth"), "int")
register("exp-clipping-sigma-control", lambda: _experiments().CLIPPING["control"][0], "fixed", 1)
register("exp-clipping-sigma-chaotic", lambda: _experiments().CLIPPING["plain"][0], "int")
FLOW_DISTANCE = 50  # the distance T − k at which the clipping runs' ‖∂h_T/∂h_k‖ is quoted
register("exp-clipping-flow-distance", lambda: FLOW_DISTANCE, "int")
_clip_range("exp-clipping-control-grad", "control", lambda r: r["max_grad_norm"])
_clip_range("exp-clipping-control-growth", "control", lambda r: r["flow_init"]["growth_per_step"])
_clip_range("exp-clipping-plain-growth", "plain", lambda r: r["flow_init"]["growth_per_step"], "auto", 3)
_clip_range("exp-clipping-control-flow50", "control", lambda r: r["flow_init"]["dh_norm"][FLOW_DISTANCE])
_clip_range("exp-clipping-plain-flow50", "plain", lambda r: r["flow_init"]["dh_norm"][FLOW_DISTANCE])
_clip_range("exp-clipping-plain-grad", "plain", lambda r: r["max_grad_norm"])
register(
    "exp-clipping-clipped-late-grad-max",
    lambda: max(_clip_values("clipped", lambda r: r["late_max_grad_norm"])),
)
register("exp-clipping-clipped-late-from", lambda: _setting("clipping", "max_sequences") / 2, "int")
register(
    "exp-clipping-clipped-late-seeds",
    lambda: sum(n > 0 for n in _clip_values("clipped", lambda r: r["late_clipped_updates"])),
    "int",
)
register(
    "exp-clipping-clipped-late-updates-max",
    lambda: max(_clip_values("clipped", lambda r: r["late_clipped_updates"])),
    "int",
)
_clip_range("exp-clipping-clipped-end-growth", "clipped", lambda r: r["flow_end"]["growth_per_step"])
_clip_range("exp-clipping-clipped-end-flow50", "clipped", lambda r: r["flow_end"]["dh_norm"][FLOW_DISTANCE])
_clip_range(
    "exp-clipping-plain-jump", "plain", lambda r: r["diverged_weight_norm"] / r["weight_norm"][0], "int"
)
_clip_range("exp-clipping-plain-updates", "plain", lambda r: r["diverged_after_updates"], "int")
register("exp-clipping-plain-diverged", lambda: sum(_clip_values("plain", lambda r: r["diverged"])), "int")
register(
    "exp-clipping-control-diverged", lambda: sum(_clip_values("control", lambda r: r["diverged"])), "int"
)
register(
    "exp-clipping-clipped-diverged", lambda: sum(_clip_values("clipped", lambda r: r["diverged"])), "int"
)
register(  # in percent, rounded up: "at most N %" stays true
    "exp-clipping-clipped-weight-growth",
    lambda: math.ceil(
        100 * (max(_clip_values("clipped", lambda r: r["max_weight_norm"] / r["weight_norm"][0])) - 1)
    ),
    "int",
)
register(
    "exp-clipping-window", lambda: _clip_values("clipped", lambda r: r["final_loss_sequences"])[0], "int"
)
for _which in ("control", "clipped"):
    _clip_range(f"exp-clipping-{_which}-loss", _which, lambda r: r["final_loss"], "fixed", 3)
    _clip_range(f"exp-clipping-{_which}-wrong", _which, lambda r: r["test_wrong"], "int")
_clip_range("exp-clipping-baseline-wrong", "control", lambda r: r["baseline_test_wrong"], "int")
for _which in ("control", "clipped"):  # the largest minibatch loss of each run (early in training)
    _clip_range(f"exp-clipping-{_which}-max-loss", _which, lambda r: r["max_loss"], "fixed", 1)
_clip_range("exp-clipping-baseline-mse", "control", lambda r: r["baseline_test_mse"], "fixed", 3)
