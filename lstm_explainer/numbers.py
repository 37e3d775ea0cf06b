"""The numbers the site's prose quotes, each computed by the package at build time.

A sentence such as "after 50 steps the bound is 5.2 × 10⁻³" carries the shortcode
``{{ number("rnn-bound-0.9-50") }}``; the build calls the function registered here under
that id and writes the value the way a reader of the page's language writes numbers.
Each function reads the same demonstrations as the figures (`lstm_explainer.demos`),
so the prose, the curves and the code cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


# The experiments' settings, from their configuration (lstm_explainer.experiments.EXPERIMENTS).


def _setting(name: str, field: str, option: str | None = None) -> float:
    """A setting of the first run of experiment ``name``: a `Run` field, or one of its options."""
    from .experiments import EXPERIMENTS

    value = getattr(EXPERIMENTS[name][0], field)
    return float(value if option is None else value[option])


_register("exp-adding-T", lambda: _setting("adding", "task_options", "T"), "int")
_register("exp-adding-batch", lambda: _setting("adding", "batch_size"), "int")
_register("exp-temporal-order-batch", lambda: _setting("temporal-order", "batch_size"), "int")
_register("exp-profile-probe", lambda: _experiments().PROBE_SEQUENCES, "int")
_register("exp-adding-lr", lambda: _setting("adding", "lr"), "auto", 1)
_register("exp-adding-lstm-bf", lambda: _setting("adding", "layer", "forget_bias"), "fixed", 0)
_register("adding-mean-answer", lambda: 0.5, "fixed", 1)  # E[0.5 + (X1 + X2)/4]: the answer of the mean


def _updates(name: str) -> float:
    """The weight updates of the LSTM run of experiment ``name`` until its criterion: minibatches
    of `Run.batch_size` sequences (the 1997 paper updated after every sequence)."""
    from .experiments import EXPERIMENTS, one

    (batch_size,) = {r.batch_size for r in EXPERIMENTS[name] if r.cell == "lstm"}
    return one(name, cell="lstm")["sequences_to_criterion"] / batch_size


for _name in ("adding", "temporal-order"):
    _register(f"exp-{_name}-lstm-updates", lambda n=_name: _updates(n), "int")

# The papers' experiments, from their stored results (lstm_explainer.experiments): a stale result
# fails the build, naming the command that recomputes it. Runs are picked by their configuration.


def _experiments():
    from . import experiments

    return experiments


def _runs(name: str, **config) -> list[dict]:
    return _experiments().runs(name, **config)


def _one(name: str, field: str, **config) -> float:
    """``field`` of the one stored run of experiment ``name`` with this configuration."""
    return float(_experiments().one(name, **config)[field])


for _name in ("adding", "temporal-order"):
    for _cell in ("lstm", "rnn"):
        for _field, _key in (
            ("test_wrong", "wrong"),
            ("sequences_seen", "seen"),
            ("wall_time", "seconds"),
            ("baseline_test_wrong", "baseline-wrong"),
        ):
            _register(
                f"exp-{_name}-{_cell}-{_key}", lambda n=_name, c=_cell, f=_field: _one(n, f, cell=c), "int"
            )
    _register(
        f"exp-{_name}-lstm-sequences", lambda n=_name: _one(n, "sequences_to_criterion", cell="lstm"), "int"
    )
_register(
    "exp-temporal-order-rnn-final-loss", lambda: _one("temporal-order", "final_loss", cell="rnn"), "fixed", 2
)
_register("exp-adding-baseline-mse", lambda: _one("adding", "baseline_test_mse", cell="rnn"), "fixed", 3)
_register("exp-adding-rnn-final-loss", lambda: _one("adding", "final_loss", cell="rnn"), "fixed", 3)


def _orders(ratio: float) -> float:
    """How many orders of magnitude below 1 a ratio is."""
    return -math.log10(ratio)


def _profile_orders(cell: str) -> list[float]:
    """Per snapshot of the adding experiment, the orders of magnitude by which ‖∂L/∂h_k‖ at the
    marked steps is below its value at the last step (geometric mean over the probe sequences)."""
    (run,) = _runs("adding", cell=cell)
    return [_orders(r) for r in run["marked_ratio"].values()]


for _cell in ("lstm", "rnn"):
    _register(f"exp-profile-{_cell}-min", lambda c=_cell: min(_profile_orders(c)[:-1]), "fixed", 1)
    _register(f"exp-profile-{_cell}-max", lambda c=_cell: max(_profile_orders(c)[:-1]), "fixed", 1)
    _register(f"exp-profile-{_cell}-end", lambda c=_cell: _profile_orders(c)[-1], "fixed", 1)
    _register(
        f"exp-profile-{_cell}-end-seen",
        lambda c=_cell: float(list(_runs("adding", cell=c)[0]["marked_ratio"])[-1]),
        "int",
    )

for _b in (0, 1, 2, 4):
    _register(
        f"exp-forget-bias-{_b}-wrong",
        lambda b=_b: _one("forget-bias", "test_wrong", layer={"forget_bias": float(b)}),
        "int",
    )
_register(
    "exp-forget-bias-seen", lambda: _one("forget-bias", "sequences_seen", layer={"forget_bias": 0.0}), "int"
)
_register(
    "exp-forget-bias-baseline-wrong",
    lambda: _one("forget-bias", "baseline_test_wrong", layer={"forget_bias": 0.0}),
    "int",
)
for _b in (0, 1, 2, 4):  # a bias the stored runs have (_runs raises if none has it)
    _register(
        f"exp-forget-bias-b{_b}",
        lambda b=_b: _runs("forget-bias", layer={"forget_bias": float(b)}) and b,
        "fixed",
        0,
    )
for _b in (1, 4):  # the cell-state path over 90 steps at the forget gate's starting value σ(b_f)
    _register(f"forget-path-b{_b}-90", lambda b=_b: (1 / (1 + math.exp(-b))) ** 90)


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
_register("exp-adding-window", lambda: _one("adding", "final_loss_sequences", cell="rnn"), "int")
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
_clip_range("exp-clipping-baseline-mse", "control", lambda r: r["baseline_test_mse"], "fixed", 3)
