"""The numbers the site's prose quotes, each computed by the package at build time.

A sentence such as "after 50 steps the bound is 5.2 × 10⁻³" carries the shortcode
``{{ number("rnn-bound-0.9-50") }}``; the build calls the function registered here under
that id and writes the value the way a reader of the page's language writes numbers.
Each function reads the same demonstrations as the figures (`lstm_explainer.demos`),
so the prose, the curves and the code cannot disagree.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import demos
from .i18n import format_number


@dataclass(frozen=True)
class Number:
    """A quoted number: how to compute it and how to write it."""

    id: str
    compute: Callable[[], Any]  # a float, or what float() takes
    style: str = "auto"  # see lstm_explainer.i18n.format_number
    digits: int = 2


NUMBERS: dict[str, Number] = {}


def _register(num_id: str, compute: Callable[..., Any], style: str = "auto", digits: int = 2) -> None:
    if num_id in NUMBERS:
        raise RuntimeError(f"number {num_id!r} is registered twice")
    NUMBERS[num_id] = Number(num_id, compute, style, digits)


def number(num_id: str) -> Number:
    """The number registered under ``num_id``; ``KeyError`` naming the known ids if none."""
    try:
        return NUMBERS[num_id]
    except KeyError:
        raise KeyError(f"unknown number {num_id!r}; known numbers: {', '.join(NUMBERS)}") from None


def value(num_id: str) -> float:
    """Compute the number ``num_id``."""
    return float(number(num_id).compute())


def formatted(num_id: str, lang: str, raw: float | None = None) -> str:
    """The number ``num_id`` written for ``lang``; ``raw`` skips the computation (a cached value)."""
    num = number(num_id)
    return format_number(value(num_id) if raw is None else raw, lang, num.style, num.digits)


# The demonstrations' set-up, quoted where the figures are described.
_register("demo-steps", lambda: demos.T, "int")
_register("demo-hidden", lambda: demos.H, "int")
_register("demo-burn-in", lambda: demos.BURN_IN, "int")
_register("demo-sequence", lambda: demos.BURN_IN + demos.T, "int")
_register("demo-weak-recurrence", lambda: demos.WEAK_RECURRENCE)
for _r in demos.RADII:
    _register(f"demo-radius-{_r:g}", lambda r=_r: r, "fixed", 1)
for _b in demos.FORGET_BIASES:
    _register(f"demo-bias-{_b:g}", lambda b=_b: b, "fixed", 0)
for _f in demos.FORGET_VALUES:
    _register(f"demo-forget-{_f:g}", lambda f=_f: f, "fixed", len(f"{_f:g}") - 2)

# The RNN: the bound of Pascanu et al. (2013) and what the network actually does.
_register("rnn-bound-0.9-50", lambda: demos.bound_at(0.9, 50))
for _r in demos.RADII:
    for _d in (50, demos.T):
        _register(f"rnn-{_r:g}-{_d}", lambda r=_r, d=_d: demos.rnn_decay(r).values[d])


def _radii_above_one() -> list[float]:
    """The interactive figure's σ_max(W_h) above 1 and below the static figure's 2."""
    from .explore import RADII

    return [r for r in RADII if 1 < r < 2]


def _longest_window() -> int:
    """The interactive figures' longest sequence length T."""
    from .explore import STEPS

    return max(STEPS)


# The LSTM at several forget-gate biases, at the far end of the sequence.
for _b in demos.FORGET_BIASES:
    for _d in (50, demos.T):
        _register(f"lstm-bf{_b:g}-{_d}", lambda b=_b, d=_d: demos.lstm_decay(b).values[d])


# Just above σ_max(W_h) = 1 (the interactive figure's grid), tanh's saturation still wins.
_register("explore-radius-above-one-min", lambda: min(_radii_above_one()), "fixed", 1)
_register("explore-radius-above-one-max", lambda: max(_radii_above_one()), "fixed", 1)
_register(
    "rnn-just-above-one-lo",
    lambda: demos.rnn_decay(min(_radii_above_one())).values[demos.T],
)
_register(
    "rnn-just-above-one-hi",
    lambda: demos.rnn_decay(max(_radii_above_one())).values[demos.T],
)
_register("lstm-bf3-longest", lambda: demos.lstm_decay(3.0, _longest_window()).values[-1])
_register("explore-steps-max", lambda: _longest_window(), "int")
_register("lstm-bf3-max", lambda: demos.lstm_decay(3.0).values.max())
_register("lstm-bf3-cell-path-150", lambda: demos.lstm_flow(3.0)[1].values[demos.T])
_register("lstm-bf3-min", lambda: demos.lstm_decay(3.0).values.min())

# The cell-state path alone (∏ f_t) and the total dC_T/dC_k, per forget-gate value.
_forget: float | None
for _forget in (*demos.FORGET_VALUES, None):  # None: the 1997 cell, f ≡ 1
    _name = "1997" if _forget is None else f"{_forget:g}"
    for _d in (50, 100, demos.T):
        _register(f"cell-path-{_name}-{_d}", lambda f=_forget, d=_d: demos.cell_flow(f)[1].values[d])
        _register(f"cell-total-{_name}-{_d}", lambda f=_forget, d=_d: demos.cell_flow(f)[0].values[d])
    _register(f"cell-total-{_name}-max", lambda f=_forget: demos.cell_flow(f)[0].values.max(), "fixed", 0)


# Memory and gradient are one product: with f constant, what the cell keeps of C_k after n steps is
# f^n = e^(n ln f) ≈ e^(−n/τ), τ = 1/(1 − f) (exactly −1/ln f); after τ steps about 1/e is left.
MEMORY_FORGET_VALUES = (0.9, 0.99)
for _f in MEMORY_FORGET_VALUES:
    _register(f"memory-tau-{_f:g}", lambda f=_f: 1 / (1 - f), "int")
    _register(f"memory-tau-exact-{_f:g}", lambda f=_f: -1 / math.log(f), "fixed", 1)
    _register(f"memory-share-{_f:g}-tau", lambda f=_f: f ** round(1 / (1 - f)), "fixed", 2)
_register("memory-e-inverse", lambda: math.exp(-1), "fixed", 2)
# The RNN at σ_max(W_h) = 1: the geometric mean of the factor by which each step shrinks the norm.
_register("rnn-1-per-step", lambda: demos.rnn_decay(1.0).values[demos.T] ** (1 / demos.T), "fixed", 2)

# The papers' experiments: their settings (lstm_explainer.experiments.EXPERIMENTS) and their stored
# results; a stale result fails the build, naming the command that recomputes it. Runs are picked by
# their configuration and their cell (`experiments.SETUPS`); a statistic over several seeds is
# `experiments.summary`'s.


def _experiments():
    from . import experiments

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


_register("exp-lr", lambda: _setting("adding-100", "lr"), "auto", 1)
_register("exp-batch", lambda: _setting("adding-100", "batch_size"), "int")
_register("exp-clip", lambda: _setting("adding-100", "clip"), "int")
_register("exp-input-bias", lambda: _setting("adding-100", "layer", "input_bias"), "int")
_register("exp-uniform", lambda: _setting("adding-100", "layer", "uniform", "1997"), "fixed", 1)
_register("exp-H", lambda: _setting("adding-100", "H"), "int")
_register("exp-profile-probe", lambda: _experiments().PROBE_SEQUENCES, "int")
_register("exp-window", lambda: _experiments().FINAL_WINDOW, "int")
_register("adding-mean-answer", lambda: 0.5, "fixed", 1)  # E[0.5 + (X1 + X2)/4]: the answer of the mean
for _name in ("adding-100", "adding-500", "adding-1000", "temporal-order"):
    _register(f"paper-{_name}-sequences", lambda n=_name: _experiments().PAPER[n]["sequences"], "int")
    _register(f"paper-{_name}-wrong", lambda n=_name: _experiments().PAPER[n]["wrong"], "int")
    _register(f"paper-{_name}-trials", lambda n=_name: _experiments().PAPER[n]["trials"], "int")
    _register(f"exp-{_name}-T", lambda n=_name: _setting(n, "task_options", "T"), "int")
    _register(f"exp-{_name}-bf", lambda n=_name: _setting(n, "layer", "forget_bias"), "int")
    _register(f"exp-{_name}-tau", lambda n=_name: 1 + math.exp(_setting(n, "layer", "forget_bias")), "int")
for _name in ("adding-100", "adding-500", "adding-1000"):  # chrono's top for T_max = T: ln(T − 1)
    _register(
        f"exp-{_name}-chrono-top", lambda n=_name: math.log(_setting(n, "task_options", "T") - 1), "fixed", 1
    )
    for _end, _pick in (("min", min), ("max", max)):  # over both LSTM cells, the runs that met it
        _register(
            f"exp-{_name}-learners-{_end}",
            lambda n=_name, f=_pick: f(
                r["sequences_to_criterion"]
                for c in ("lstm", "1997")
                for r in _experiments().select(n, c)
                if r["solved"]
            ),
            "int",
        )
_register(
    "exp-runs-total",
    lambda: sum(len(_experiments().stored(n)["runs"]) for n in _experiments().EXPERIMENTS),
    "int",
)
_register(
    "exp-core-hours",
    lambda: (
        sum(r["wall_time"] for n in _experiments().EXPERIMENTS for r in _experiments().stored(n)["runs"])
        / 3600
    ),
    "fixed",
    1,
)
for _end in ("min", "max"):
    _register(f"paper-adding-1000-{_end}", lambda e=_end: _experiments().PAPER["adding-1000"][e], "int")

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
        _register(f"{_id}-runs", lambda n=_name, c=_s: len(_runs(n, c)), "int")
        _register(f"{_id}-solved", lambda n=_name, c=_s: sum(r["solved"] for r in _runs(n, c)), "int")
        _register(f"{_id}-budget", lambda n=_name, c=_s: _setting(n, "max_sequences", cell_setup=c), "int")
        if _s == "rnn":
            for _field, _k in (("test_wrong", "wrong"), ("baseline_test_wrong", "baseline-wrong")):
                _register(f"{_id}-{_k}-min", lambda n=_name, c=_s, f=_field: min(_all(n, c, f)), "int")
                _register(f"{_id}-{_k}-max", lambda n=_name, c=_s, f=_field: max(_all(n, c, f)), "int")
            for _field, _k in (("final_loss", "final-loss"), ("baseline_test_mse", "baseline-mse")):
                _register(f"{_id}-{_k}-min", lambda n=_name, c=_s, f=_field: min(_all(n, c, f)), "fixed", 3)
                _register(f"{_id}-{_k}-max", lambda n=_name, c=_s, f=_field: max(_all(n, c, f)), "fixed", 3)
            continue
        for _st in ("mean", "median", "min", "max", "wrong_mean", "wrong_median", "wrong_min", "wrong_max"):
            _register(
                f"{_id}-{_st.replace('_', '-')}",
                lambda n=_name, c=_s, st=_st: _stat(n, c, st),
                "fixed" if _st == "wrong_mean" else "int",
                1,
            )
        _register(  # how many runs the paper's "never more than 3" test errors describe
            f"{_id}-wrong-within-paper",
            lambda n=_name, c=_s: sum(r["test_wrong"] <= 3 for r in _runs(n, c) if r["solved"]),
            "int",
        )
        _register(  # every run counted, one that missed the criterion at its whole budget
            f"{_id}-paper-percent",
            lambda n=_name, c=_s: (
                100
                * np.mean([r["sequences_to_criterion"] or r["sequences_seen"] for r in _runs(n, c)])
                / _experiments().PAPER[n]["sequences"]
            ),
            "int",
        )
        _register(
            f"{_id}-updates-mean",
            lambda n=_name, c=_s: _stat(n, c, "mean") / _setting(n, "batch_size", cell_setup=c),
            "int",
        )


def _rnn_curve(run: dict, field: str, second_half: bool) -> list[float]:
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
    _register(
        f"exp-adding-100-rnn-first-loss-{_end}",
        lambda f=_pick: f(_rnn_curve(r, "loss", False)[0] for r in _runs("adding-100", "rnn")),
        "fixed",
        2,
    )
    _register(
        f"exp-adding-100-rnn-late-grad-{_end}",
        lambda f=_pick: f(
            float(np.median(_rnn_curve(r, "grad_norm", True))) for r in _runs("adding-100", "rnn")
        ),
        "fixed",
        2,
    )


def _orders(ratio: float) -> float:
    """How many orders of magnitude below 1 a ratio is."""
    return -math.log10(ratio)


_register("exp-profile-seed", lambda: _experiments().PROFILE_SEED, "int")


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


for _s in ("lstm", "rnn"):
    _register(f"exp-profile-{_s}-min", lambda c=_s: min(_profile_orders(c)), "fixed", 1)
    _register(f"exp-profile-{_s}-max", lambda c=_s: max(_profile_orders(c)), "fixed", 1)
    _register(
        f"exp-profile-{_s}-end-seen",
        lambda c=_s: float(
            list(_experiments().one("adding-100", c, seed=_experiments().PROFILE_SEED)["marked_ratio"])[-1]
        ),
        "int",
    )
_register(
    "exp-profile-lstm-end", lambda: _profile_orders("lstm", during=False)[0], "fixed", 1
)  # the RNN's: 0, see claims

# The forget-gate bias: per marker placement and b_f, how many of the seeds met the criterion and
# how many sequences they needed; at the start f ≈ σ(b_f): the time constant 1 + e^b_f and the cell
# path's factor σ(b_f)^d over the 50 and 90 steps between the marks of the 1997 placement and the end.
FORGET_BIASES = (0, 1, 2, 4)
_FORGET_LEARNED = {("1997", 4), ("halves", 0), ("halves", 1), ("halves", 2), ("halves", 4)}  # quoted means
_register("exp-forget-bias-runs", lambda: len(_runs("forget-bias", layer={"forget_bias": 0.0})) / 2, "int")
_register("exp-forget-bias-budget", lambda: _setting("forget-bias", "max_sequences"), "int")
for _b in FORGET_BIASES:
    _register(  # a bias the stored runs have (_runs raises if none has it)
        f"exp-forget-bias-b{_b}",
        lambda b=_b: _runs("forget-bias", layer={"forget_bias": float(b)}) and b,
        "int",
    )
    _register(f"forget-sigma-b{_b}", lambda b=_b: 1 / (1 + math.exp(-b)), "fixed", 2 if _b < 4 else 3)
    _register(f"forget-tau-b{_b}", lambda b=_b: 1 + math.exp(b), "fixed", 1)
    for _d in (50, 90):
        _register(f"forget-path-b{_b}-{_d}", lambda b=_b, d=_d: (1 / (1 + math.exp(-b))) ** d)
    for _p in ("1997", "halves"):
        _cfg = {"layer": {"forget_bias": float(_b)}, "task_options": {"placement": _p}}
        _register(
            f"exp-forget-bias-{_p}-{_b}-solved",
            lambda c=_cfg: sum(r["solved"] for r in _runs("forget-bias", **c)),
            "int",
        )
        if (_p, _b) in _FORGET_LEARNED:
            _register(
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
    _register(f"{num_id}-min", lambda: min(_clip_values(setting, value)), style, digits)
    _register(f"{num_id}-max", lambda: max(_clip_values(setting, value)), style, digits)


_register("exp-clipping-probe", lambda: _experiments().PROBE_SEQUENCES, "int")
_register("exp-clipping-seeds", lambda: len(_experiments().clipping_runs("plain")), "int")
_register("exp-clipping-lr", lambda: _setting("clipping", "lr"), "auto", 1)
_register("exp-clipping-T", lambda: _setting("clipping", "task_options", "T"), "int")
_register("exp-clipping-threshold", lambda: _experiments().CLIPPING["clipped"][1], "int")
_register("exp-clipping-weight-limit", lambda: _setting("clipping", "max_weight_growth"), "int")
_register("exp-clipping-sigma-control", lambda: _experiments().CLIPPING["control"][0], "fixed", 1)
_register("exp-clipping-sigma-chaotic", lambda: _experiments().CLIPPING["plain"][0], "int")
FLOW_DISTANCE = 50  # the distance T − k at which the clipping runs' ‖∂h_T/∂h_k‖ is quoted
_register("exp-clipping-flow-distance", lambda: FLOW_DISTANCE, "int")
_clip_range("exp-clipping-control-grad", "control", lambda r: r["max_grad_norm"])
_clip_range("exp-clipping-control-growth", "control", lambda r: r["flow_init"]["growth_per_step"])
_clip_range("exp-clipping-plain-growth", "plain", lambda r: r["flow_init"]["growth_per_step"], "auto", 3)
_clip_range("exp-clipping-control-flow50", "control", lambda r: r["flow_init"]["dh_norm"][FLOW_DISTANCE])
_clip_range("exp-clipping-plain-flow50", "plain", lambda r: r["flow_init"]["dh_norm"][FLOW_DISTANCE])
_clip_range("exp-clipping-plain-grad", "plain", lambda r: r["max_grad_norm"])
_register(
    "exp-clipping-clipped-late-grad-max",
    lambda: max(_clip_values("clipped", lambda r: r["late_max_grad_norm"])),
)
_register("exp-clipping-clipped-late-from", lambda: _setting("clipping", "max_sequences") / 2, "int")
_register(
    "exp-clipping-clipped-late-seeds",
    lambda: sum(n > 0 for n in _clip_values("clipped", lambda r: r["late_clipped_updates"])),
    "int",
)
_register(
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
_register("exp-clipping-plain-diverged", lambda: sum(_clip_values("plain", lambda r: r["diverged"])), "int")
_register(
    "exp-clipping-control-diverged", lambda: sum(_clip_values("control", lambda r: r["diverged"])), "int"
)
_register(
    "exp-clipping-clipped-diverged", lambda: sum(_clip_values("clipped", lambda r: r["diverged"])), "int"
)
_register(  # in percent, rounded up: "at most N %" stays true
    "exp-clipping-clipped-weight-growth",
    lambda: math.ceil(
        100 * (max(_clip_values("clipped", lambda r: r["max_weight_norm"] / r["weight_norm"][0])) - 1)
    ),
    "int",
)
_register(
    "exp-clipping-window", lambda: _clip_values("clipped", lambda r: r["final_loss_sequences"])[0], "int"
)
for _which in ("control", "clipped"):
    _clip_range(f"exp-clipping-{_which}-loss", _which, lambda r: r["final_loss"], "fixed", 3)
    _clip_range(f"exp-clipping-{_which}-wrong", _which, lambda r: r["test_wrong"], "int")
_clip_range("exp-clipping-baseline-wrong", "control", lambda r: r["baseline_test_wrong"], "int")
for _which in ("control", "clipped"):  # the largest minibatch loss of each run (early in training)
    _clip_range(f"exp-clipping-{_which}-max-loss", _which, lambda r: r["max_loss"], "fixed", 1)
_clip_range("exp-clipping-baseline-mse", "control", lambda r: r["baseline_test_mse"], "fixed", 3)


# The hand-wired LSTM (lstm_explainer.handwired) and the trained one read gate by gate
# (lstm_explainer.gates), on the experiments' own test set of the adding problem at T = 100.


def _handwired():
    from . import handwired

    return handwired


def _gates():
    from . import gates

    return gates


_register("handwired-gain", lambda: _handwired().GAIN, "int")
_register("handwired-gain-double", lambda: 2 * _handwired().GAIN, "int")
_register("handwired-gain-triple", lambda: 3 * _handwired().GAIN, "int")
_register("handwired-forget-bias", lambda: _handwired().FORGET_BIAS, "int")
_register("handwired-scale", lambda: _handwired().SCALE, "fixed", 1)
_register("handwired-input-open", lambda: 1 / (1 + math.exp(-_handwired().GAIN)), "fixed", 5)  # σ(S)
_register("handwired-input-shut", lambda: 1 / (1 + math.exp(_handwired().GAIN)))  # σ(−S)
_register("handwired-forget-gap", lambda: 1 / (1 + math.exp(_handwired().FORGET_BIAS)))  # 1 − f
_register(  # what the cell loses of its content over the longest test sequence, 1 − f^(T + T/10)
    "handwired-forget-loss",
    lambda: 1 - (1 / (1 + math.exp(-_handwired().FORGET_BIAS))) ** (1.1 * _handwired().task().T),
)
# The hand-wired weights, as the site's table shows them: W_x's rows [v, m], the bias, W_h's row,
# for each gate block [i, f, o, g].
_HANDWIRED_ROWS = ("value", "marker", "bias", "recurrent")
for _g, _gate in enumerate("ifog"):
    for _row in _HANDWIRED_ROWS:
        _register(
            f"handwired-w-{_row}-{_gate}",
            lambda g=_g, row=_row: _handwired_weight(row, g),
            "fixed" if (_row, _gate) == ("value", "g") else "auto",
            1 if (_row, _gate) == ("value", "g") else 2,
        )
_register("handwired-input-ends", lambda: 1 / (1 + math.exp(3 * _handwired().GAIN)))  # σ(−3S)
for _tried, _eps in enumerate((0.3, 1.0)):  # handwired.SCALES_TRIED, for the style (tests/test_gates.py)
    _register(
        f"handwired-scale-tried-{_tried + 1}",
        lambda t=_tried: _handwired().SCALES_TRIED[t],
        "fixed" if _eps < 1 else "int",
        1,
    )
    _register(
        f"handwired-wrong-scale-tried-{_tried + 1}",
        lambda t=_tried: (
            _handwired().test_errors(_handwired().handwired_model(_handwired().SCALES_TRIED[t])).wrong
        ),
        "int",
    )
_register("rnn-wired-hold-value", lambda: _handwired().HOLD_VALUE, "fixed", 2)
_register("rnn-wired-hold-steps", lambda: _handwired().HOLD_STEPS, "int")
_register("rnn-wired-hold-share", lambda: _handwired().rnn_hold_share(), "fixed", 3)
_register("handwired-readout", lambda: float(_handwired().handwired_model().Wy[0, 0]), "fixed", 2)
_register("handwired-readout-bias", lambda: float(_handwired().handwired_model().by[0]), "fixed", 1)
_register("handwired-tolerance", lambda: _handwired().task().tolerance, "fixed", 2)
_register("handwired-test-sequences", lambda: _handwired().handwired_errors().sequences, "int")
_register("handwired-wrong", lambda: _handwired().handwired_errors().wrong, "int")
_register("handwired-mean-error", lambda: _handwired().handwired_errors().mean_abs)
_register("handwired-max-error", lambda: _handwired().handwired_errors().max_abs)
_register("trained-mean-error", lambda: _handwired().test_errors(_gates().trained_model()).mean_abs)
_register("trained-max-error", lambda: _handwired().test_errors(_gates().trained_model()).max_abs)
# A one-unit tanh RNN wired like the hand-wired cell: how much of X1 + X2 its final state holds.
_register("rnn-wired-r2-best", lambda: _handwired().rnn_best_share()[0], "fixed", 3)
_register("rnn-wired-w-best", lambda: _handwired().rnn_best_share()[1], "fixed", 1)
_register("rnn-wired-u-best", lambda: _handwired().rnn_best_share()[2], "fixed", 2)
_register("rnn-wired-w-max", lambda: max(_handwired().RNN_SELF_WEIGHTS), "fixed", 1)
_register("rnn-wired-u-min", lambda: min(_handwired().RNN_INPUT_WEIGHTS), "fixed", 2)
_register("rnn-wired-u-max", lambda: max(_handwired().RNN_INPUT_WEIGHTS), "int")
_register("handwired-r2", lambda: float(_gates().handwired_stats().r2[0]), "fixed", 3)


def _handwired_weight(row: str, gate: int) -> float:
    """One weight of the hand-wired cell: W_x[v or m, gate], b[gate] or W_h[0, gate]."""
    layer = _handwired().handwired_model().layer
    rows = {"value": layer.Wx[0], "marker": layer.Wx[1], "bias": layer.b, "recurrent": layer.Wh[0]}
    return float(rows[row][gate])


def _trained(field: str) -> np.ndarray:
    """One field of `gates.trained_stats`, (H,)."""
    return getattr(_gates().trained_stats(), field)


def _opening(field: str) -> np.ndarray:
    """``field`` of the trained cells whose input gate opens on the markers."""
    g = _gates()
    return _trained(field)[g.opening_cells(g.trained_stats())]


def _closed_carriers() -> np.ndarray:
    """The trained cells that carry the sum though it was not written at the markers."""
    g = _gates()
    return g.carrying_from_elsewhere(g.trained_stats())


_register("trained-open-count", lambda: len(_opening("i_marked")), "int")
_register("trained-open-i-min", lambda: _opening("i_marked").min(), "fixed", 2)
_register("trained-open-i-max", lambda: _opening("i_marked").max(), "fixed", 2)
_register("trained-open-unmarked-max", lambda: _opening("i_unmarked").max(), "fixed", 3)
_register("trained-open-threshold", lambda: _gates().OPENS, "fixed", 2)
_register("trained-open-ratio", lambda: _gates().OPEN_RATIO, "int")
_register("trained-unmarked-i-max", lambda: _trained("i_unmarked").max(), "fixed", 3)
_register("trained-f-min", lambda: _trained("f_mean").min(), "fixed", 3)
_register("trained-f-max", lambda: _trained("f_mean").max(), "fixed", 3)
_register("trained-kept-min", lambda: _trained("kept").min(), "fixed", 2)
_register("trained-kept-max", lambda: _trained("kept").max(), "fixed", 2)
_register("trained-carry-threshold", lambda: _gates().CARRIES, "fixed", 1)
_register("trained-carry-count", lambda: len(_gates().carrying_cells(_gates().trained_stats())), "int")
_register("trained-closed-carry-count", lambda: len(_closed_carriers()), "int")
_register(
    "trained-carry-open-count", lambda: len(_gates().carriers_by_origin(_gates().trained_stats())[0]), "int"
)
_register("trained-o-min", lambda: _trained("o_mean").min(), "fixed", 2)
_register("trained-o-max", lambda: _trained("o_mean").max(), "fixed", 2)
_register("trained-closed-share", lambda: _gates().CLOSED_SHARE, "fixed", 1)
_register("trained-closed-carry-r2-min", lambda: _trained("r2")[_closed_carriers()].min(), "fixed", 2)
_register("trained-shown-count", lambda: _gates().SHOWN, "int")
_SHOWN = 3  # gates.SHOWN (tests/test_gates.py checks that they agree)
for _rank in range(_SHOWN):  # the cells the gate-trace figure shows, by rank (gates.cells_that_matter)
    _register(
        f"trained-cell-{_rank + 1}",
        lambda k=_rank: _gates().label(_gates().cells_that_matter(_gates().trained_stats())[k]),
        "int",
    )
    for _field, _digits in (("i_marked", 2), ("i_unmarked", 3), ("kept", 2), ("r2", 2), ("marked_share", 2)):
        _register(
            f"trained-cell-{_rank + 1}-{_field.replace('_', '-')}",
            lambda k=_rank, f=_field: _trained(f)[_gates().cells_that_matter(_gates().trained_stats())[k]],
            "fixed",
            _digits,
        )
_register("gate-trace-steps", lambda: _gates().sequence().x.shape[1], "int")
for _m in (0, 1):  # the traced sequence's marked steps, numbered from 1 (x_1 … x_T), and values
    _register(
        f"gate-trace-marker-{_m + 1}",
        lambda w=_m: 1 + np.flatnonzero(_gates().sequence().x[0, :, 1] == 1.0)[w],
        "int",
    )
    _register(
        f"gate-trace-value-{_m + 1}",
        lambda w=_m: _gates().sequence().x[0, _gates().sequence().x[0, :, 1] == 1.0, 0][w],
        "fixed",
        2,
    )
_register("gate-trace-target", lambda: _gates().sequence().y[0, -1, 0], "fixed", 2)
