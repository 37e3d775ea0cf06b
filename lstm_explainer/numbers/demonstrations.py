"""Numbers of the demonstrations (`lstm_explainer.demos`): their set-up, the RNN's and the LSTM's
curves, the cell-state path, memory and gradient as one product."""

from __future__ import annotations

import math

from .. import demos
from . import register

# The demonstrations' set-up, quoted where the figures are described.
register("demo-steps", lambda: demos.T, "int")
register("demo-hidden", lambda: demos.H, "int")
register("demo-burn-in", lambda: demos.BURN_IN, "int")
register("demo-sequence", lambda: demos.BURN_IN + demos.T, "int")
register("demo-weak-recurrence", lambda: demos.WEAK_RECURRENCE)
for _r in demos.RADII:
    register(f"demo-radius-{_r:g}", lambda r=_r: r, "fixed", 1)
for _b in demos.FORGET_BIASES:
    register(f"demo-bias-{_b:g}", lambda b=_b: b, "fixed", 0)
for _f in demos.FORGET_VALUES:
    register(f"demo-forget-{_f:g}", lambda f=_f: f, "fixed", len(f"{_f:g}") - 2)

# The RNN: the bound of Pascanu et al. (2013) and what the network actually does.
register("rnn-bound-0.9-50", lambda: demos.bound_at(0.9, 50))
for _r in demos.RADII:
    for _d in (50, demos.T):
        register(f"rnn-{_r:g}-{_d}", lambda r=_r, d=_d: demos.rnn_decay(r).values[d])


def _radii_above_one() -> list[float]:
    """The interactive figure's σ_max(W_h) above 1 and below the static figure's 2."""
    from ..explore import RADII

    return [r for r in RADII if 1 < r < 2]


def _longest_window() -> int:
    """The interactive figures' longest sequence length T."""
    from ..explore import STEPS

    return max(STEPS)


# The LSTM at several forget-gate biases, at the far end of the sequence.
for _b in demos.FORGET_BIASES:
    for _d in (50, demos.T):
        register(f"lstm-bf{_b:g}-{_d}", lambda b=_b, d=_d: demos.lstm_decay(b).values[d])


# Just above σ_max(W_h) = 1 (the interactive figure's grid), tanh's saturation still wins.
register("explore-radius-above-one-min", lambda: min(_radii_above_one()), "fixed", 1)
register("explore-radius-above-one-max", lambda: max(_radii_above_one()), "fixed", 1)
register(
    "rnn-just-above-one-lo",
    lambda: demos.rnn_decay(min(_radii_above_one())).values[demos.T],
)
register(
    "rnn-just-above-one-hi",
    lambda: demos.rnn_decay(max(_radii_above_one())).values[demos.T],
)
register("lstm-bf3-longest", lambda: demos.lstm_decay(3.0, _longest_window()).values[-1])
register("explore-steps-max", lambda: _longest_window(), "int")
register("lstm-bf3-max", lambda: demos.lstm_decay(3.0).values.max())
register("lstm-bf3-cell-path-150", lambda: demos.lstm_flow(3.0)[1].values[demos.T])
# Two of its routes (lstm_explainer.routes): along the carousel alone, and through h alone.
for _b in demos.FORGET_BIASES:
    register(f"lstm-bf{_b:g}-carousel-150", lambda b=_b: demos.lstm_routes(b)[0].values[demos.T])
    register(f"lstm-bf{_b:g}-recurrence-150", lambda b=_b: demos.lstm_routes(b)[1].values[demos.T])
register("lstm-bf3-min", lambda: demos.lstm_decay(3.0).values.min())

# The cell-state path alone (∏ f_t) and the total dC_T/dC_k, per forget-gate value.
_forget: float | None
for _forget in (*demos.FORGET_VALUES, None):  # None: the 1997 cell, f ≡ 1
    _name = "1997" if _forget is None else f"{_forget:g}"
    for _d in (50, 100, demos.T):
        register(f"cell-path-{_name}-{_d}", lambda f=_forget, d=_d: demos.cell_flow(f)[1].values[d])
        register(f"cell-total-{_name}-{_d}", lambda f=_forget, d=_d: demos.cell_flow(f)[0].values[d])
    register(f"cell-total-{_name}-max", lambda f=_forget: demos.cell_flow(f)[0].values.max(), "fixed", 0)


# Memory and gradient are one product: with f constant, what the cell keeps of C_k after n steps is
# f^n = e^(n ln f) ≈ e^(−n/τ), τ = 1/(1 − f) (exactly −1/ln f); after τ steps about 1/e is left.
MEMORY_FORGET_VALUES = (0.9, 0.99)
for _f in MEMORY_FORGET_VALUES:
    register(f"memory-tau-{_f:g}", lambda f=_f: 1 / (1 - f), "int")
    register(f"memory-tau-exact-{_f:g}", lambda f=_f: -1 / math.log(f), "fixed", 1)
    register(f"memory-share-{_f:g}-tau", lambda f=_f: f ** round(1 / (1 - f)), "fixed", 2)
register("memory-e-inverse", lambda: math.exp(-1), "fixed", 2)
# The RNN at σ_max(W_h) = 1: the geometric mean of the factor by which each step shrinks the norm.
register("rnn-1-per-step", lambda: demos.rnn_decay(1.0).values[demos.T] ** (1 / demos.T), "fixed", 2)
