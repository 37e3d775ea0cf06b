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

from . import demos
from .i18n import format_number


@dataclass(frozen=True)
class Number:
    """A quoted number: how to compute it and how to write it."""

    id: str
    compute: Callable[[], float]
    style: str = "auto"  # see lstm_explainer.i18n.format_number
    digits: int = 2


NUMBERS: dict[str, Number] = {}


def _register(num_id: str, compute: Callable[[], float], style: str = "auto", digits: int = 2) -> None:
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

# The LSTM at several forget-gate biases, at the far end of the sequence.
for _b in demos.FORGET_BIASES:
    for _d in (50, demos.T):
        _register(f"lstm-bf{_b:g}-{_d}", lambda b=_b, d=_d: demos.lstm_decay(b).values[d])


def _growth_percent(values, near: int = demos.GROWTH_FROM) -> float:
    """The mean growth per step of a curve from distance ``near`` to `demos.T`, in percent."""
    return 100 * ((values[demos.T] / values[near]) ** (1 / (demos.T - near)) - 1)


_register("demo-growth-from", lambda: demos.GROWTH_FROM, "int")


_register("lstm-bf3-growth", lambda: _growth_percent(demos.lstm_decay(3.0).values), "fixed", 1)
_register("lstm-bf3-compound-1000", lambda: (1 + _growth_percent(demos.lstm_decay(3.0).values) / 100) ** 1000)
_register("lstm-bf3-max", lambda: demos.lstm_decay(3.0).values.max())
_register("lstm-bf3-min", lambda: demos.lstm_decay(3.0).values.min())

# The cell-state path alone (∏ f_t) and the total dC_T/dC_k, per forget-gate value.
for _f in (*demos.FORGET_VALUES, None):
    _name = "1997" if _f is None else f"{_f:g}"
    for _d in (50, 100, demos.T):
        _register(f"cell-path-{_name}-{_d}", lambda f=_f, d=_d: demos.cell_flow(f)[1].values[d])
        _register(f"cell-total-{_name}-{_d}", lambda f=_f, d=_d: demos.cell_flow(f)[0].values[d])
    _register(
        f"cell-total-{_name}-max", lambda f=_f: demos.cell_flow(f)[0].values.max(), "fixed", 0
    )
_register("cell-total-1997-growth", lambda: _growth_percent(demos.cell_flow(None)[0].values), "fixed", 1)

# The experiments' settings, from their configuration (lstm_explainer.experiments.EXPERIMENTS).


def _setting(name: str, field: str, option: str | None = None) -> float:
    """A setting of the first run of experiment ``name``: a `Run` field, or one of its options."""
    from .experiments import EXPERIMENTS

    value = getattr(EXPERIMENTS[name][0], field)
    return float(value if option is None else value[option])


_register("exp-adding-T", lambda: _setting("adding", "task_options", "T"), "int")
_register("exp-adding-batch", lambda: _setting("adding", "batch_size"), "int")
_register("exp-adding-lr", lambda: _setting("adding", "lr"), "auto", 1)
_register("exp-adding-lstm-bf", lambda: _setting("adding", "layer", "forget_bias"), "fixed", 0)
_register("adding-mean-answer", lambda: 0.5, "fixed", 1)  # E[0.5 + (X1 + X2)/4]: the answer of the mean


def _updates(name: str) -> float:
    """The weight updates of the LSTM run (the first) of experiment ``name`` until its criterion:
    minibatches of `Run.batch_size` sequences (the 1997 paper updated after every sequence)."""
    from .experiments import EXPERIMENTS, stored

    return stored(name)["runs"][0]["sequences_to_criterion"] / EXPERIMENTS[name][0].batch_size


for _name in ("adding", "temporal-order"):
    _register(f"exp-{_name}-lstm-updates", lambda n=_name: _updates(n), "int")

# The papers' experiments, from their stored results (lstm_explainer.experiments): a stale result
# fails the build, naming the command that recomputes it.


def _run(name: str, i: int, field: str) -> float:
    from .experiments import stored

    return float(stored(name)["runs"][i][field])


for _name, _runs in (("adding", ("lstm", "rnn")), ("temporal-order", ("lstm", "rnn"))):
    for _i, _cell in enumerate(_runs):
        _register(f"exp-{_name}-{_cell}-wrong", lambda n=_name, i=_i: _run(n, i, "test_wrong"), "int")
        _register(f"exp-{_name}-{_cell}-seen", lambda n=_name, i=_i: _run(n, i, "sequences_seen"), "int")
        _register(f"exp-{_name}-{_cell}-seconds", lambda n=_name, i=_i: _run(n, i, "wall_time"), "int")
    _register(f"exp-{_name}-lstm-sequences", lambda n=_name: _run(n, 0, "sequences_to_criterion"), "int")
for _i, _b in enumerate((0, 1, 2, 4)):
    _register(f"exp-forget-bias-{_b}-wrong", lambda i=_i: _run("forget-bias", i, "test_wrong"), "int")
_register("exp-forget-bias-seen", lambda: _run("forget-bias", 0, "sequences_seen"), "int")
for _b in (1, 4):  # the cell-state path over 90 steps at the forget gate's starting value σ(b_f)
    _register(f"forget-path-b{_b}-90", lambda b=_b: (1 / (1 + math.exp(-b))) ** 90)


def _clipping(clip: float | None) -> list[dict]:
    """The stored runs of the clipping experiment's exploding RNN (σ_max(W_h) = 3) without clipping
    (None) or clipped at ``clip``."""
    from .experiments import select

    return select("clipping", clip=clip, layer={"max_singular_value": 3.0})


_register("exp-clipping-seeds", lambda: len(_clipping(None)), "int")
_register("exp-clipping-none-min-peak", lambda: min(r["max_loss"] for r in _clipping(None)))
_register("exp-clipping-none-max-peak", lambda: max(r["max_loss"] for r in _clipping(None)))
_register("exp-clipping-none-max-norm", lambda: max(r["max_grad_norm"] for r in _clipping(None)))
_register("exp-clipping-clip-diverged", lambda: sum(r["diverged"] for r in _clipping(10.0)), "int")
_register("exp-clipping-clip-max-peak", lambda: max(r["max_loss"] for r in _clipping(10.0)))
_register("exp-clipping-clip-loss",  # the mean training loss over each run's last 1,024 sequences
          lambda: sum(r["final_loss"] for r in _clipping(10.0)) / len(_clipping(10.0)), "fixed", 3)
