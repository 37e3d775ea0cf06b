"""Claims on the demonstrations (`lstm_explainer.demos`): gradient decay and the forget gate."""

from __future__ import annotations

import itertools
import math

import numpy as np

from .. import demos
from . import register


def _rate(values, near: int, far: int) -> float:
    """The mean growth factor per step of a curve between distances ``near`` and ``far``."""
    return (values[far] / values[near]) ** (1 / (far - near))


T = demos.T


@register(
    "rnn-below-bound",
    "every RNN curve stays under its Pascanu bound; at ρ = 0.9 and 50 steps, 10× under",
)
def _():
    worst = max(float((demos.rnn_decay(r).values / demos.rnn_decay(r).bound).max()) for r in demos.RADII)
    at = demos.rnn_decay(0.9).values[50] / demos.rnn_decay(0.9).bound[50]
    return worst <= 1 + 1e-9 and at < 0.1, {"max value/bound": worst, "value/bound at 0.9, 50": at}


@register(
    "rnn-vanishes-below-one",
    "with σ_max(W_h) = 0.5, 0.9 and 1 the RNN's curve falls by ten orders or more",
)
def _():
    far = {f"ρ = {r:g}": demos.rnn_decay(r).values[T] for r in demos.RADII if r <= 1}
    return max(far.values()) < 1e-10, far


@register(
    "rnn-explodes-above-one",
    "with σ_max(W_h) = 2 and 3 the RNN's curve grows exponentially with the distance",
)
def _():
    rates = {
        f"growth per step, ρ = {r:g}": _rate(demos.rnn_decay(r).values, demos.GROWTH_FROM, T)
        for r in demos.RADII
        if r > 1
    }
    return min(rates.values()) > 1.05, rates


@register("lstm-bias-orders-decay", "the larger the LSTM's forget-gate bias, the slower its curve decays")
def _():
    far = {f"b_f = {b:g}": demos.lstm_decay(b).values[T] for b in demos.FORGET_BIASES}
    values = list(far.values())
    return all(a < b for a, b in itertools.pairwise(values)), far


@register("lstm-bf0-below-rnn", "the LSTM with b_f = 0 ends lower than the RNN with σ_max(W_h) = 0.9")
def _():
    lstm, rnn = demos.lstm_decay(0.0).values[T], demos.rnn_decay(0.9).values[T]
    return lstm < rnn, {"LSTM b_f = 0": lstm, "RNN ρ = 0.9": rnn}


@register(
    "lstm-bf3-order-one",
    "with b_f = 3 the LSTM's curve stays within a factor 10 of 1 over the whole window",
)
def _():
    v = demos.lstm_decay(3.0).values
    return 0.1 <= v.min() and v.max() <= 10, {"min": v.min(), "max": v.max()}


@register(
    "lstm-bf3-grows-slowly",
    "with b_f = 3 the LSTM's curve grows from GROWTH_FROM steps to T, by less than 5% a step",
)
def _():
    rate = _rate(demos.lstm_decay(3.0).values, demos.GROWTH_FROM, T)
    return 1 < rate < 1.05, {"growth per step": rate}


@register(
    "lstm-bf3-grows-in-longer-windows",
    "over the sliders' longest window the b_f = 3 curve keeps growing, slowly: higher than at T, under 100",
)
def _():
    from ..explore import STEPS

    v = demos.lstm_decay(3.0, max(STEPS)).values
    return v[T] < v[-1] < 100, {f"at {T}": v[T], f"at {max(STEPS)}": v[-1]}


@register(
    "lstm-routes-mixed",
    "in every LSTM of the gradient-decay figure, at the end of the window, the route along the carousel "
    "alone and the routes through h alone each end 10× or more below ‖∂h_T/∂h_k‖: routes that mix the "
    "two carry most of it",
)
def _():
    measured, holds = {}, True
    for b in demos.FORGET_BIASES:
        total = demos.lstm_decay(b).values[T]
        carousel, recurrence = (c.values[T] for c in demos.lstm_routes(b))
        holds &= bool(max(carousel, recurrence) * 10 <= total)
        measured |= {
            f"b_f = {b:g}: all": total,
            f"b_f = {b:g}: carousel": carousel,
            f"b_f = {b:g}: h": recurrence,
        }
    return holds, measured


@register(
    "lstm-recurrence-routes-coincide",
    "the three LSTMs' routes that never take C_{t-1} -> C_t stay within a factor of 10 of each other "
    "wherever the gradient-decay figure shows them (above its 1e-40 floor)",
)
def _():
    from ..figures.gradient_decay import YLIM

    curves = np.array([demos.lstm_routes(b)[1].values for b in demos.FORGET_BIASES])
    shown = curves.min(axis=0) > YLIM[0]
    spread = float((curves.max(axis=0)[shown] / curves.min(axis=0)[shown]).max())
    return spread < 10, {"largest ratio between them": spread, "distances shown": float(shown.sum())}


@register(
    "lstm-without-carousel-vanishes",
    "without the carousel (the routes through h alone), every LSTM of the gradient-decay figure ends "
    "below the RNN with σ_max(W_h) = 0.5",
)
def _():
    rnn = demos.rnn_decay(0.5).values[T]
    ends = {f"b_f = {b:g}: h alone": demos.lstm_routes(b)[1].values[T] for b in demos.FORGET_BIASES}
    return all(v < rnn for v in ends.values()), {**ends, "RNN, σ_max 0.5": rnn}


@register(
    "rnn-saturates-just-above-one",
    "with σ_max(W_h) just above 1 (the interactive grid, below 2) the RNN's curve still ends below 1",
)
def _():
    from ..explore import RADII

    far = {f"ρ = {r:g}": demos.rnn_decay(r).values[T] for r in RADII if 1 < r < 2}
    return len(far) > 0 and max(far.values()) < 1, far


@register("lstm-bf0-gates-near-half", "with b_f = 0 the LSTM's forget gates average between 0.45 and 0.55")
def _():
    from ..init import init_lstm
    from ..lstm import lstm_forward

    params = init_lstm(1, demos.H, rng=np.random.default_rng(demos.SEED), forget_bias=0.0)
    _, cache = lstm_forward(demos._inputs(T), params)
    f = cache.gate("f")[:, demos.BURN_IN :]
    return 0.45 <= f.mean() <= 0.55, {"mean f": f.mean(), "min f": f.min(), "max f": f.max()}


@register(
    "cell-path-exact-1997",
    "without a forget gate (f ≡ 1) the cell-state path is exactly 1 at every distance",
)
def _():
    path = demos.cell_flow(None)[1].values
    return bool((path == 1).all()), {"min": path.min(), "max": path.max()}


@register(
    "cell-path-like-f",
    "the cell-state path falls like f^(T−k), within (1 ± 0.06)^(T−k) from 50 steps on",
)
def _():
    err = {
        f"f = {f:g}": max(
            abs(math.log(demos.cell_flow(f)[1].values[d]) - d * math.log(f)) / d for d in range(50, T + 1)
        )
        for f in demos.FORGET_VALUES
    }
    falls = all(bool((np.diff(demos.cell_flow(f)[1].values) < 0).all()) for f in demos.FORGET_VALUES)
    return falls and max(err.values()) < math.log(1.06), err


@register("cell-total-amplifies", "with f ≡ 1 and f ≈ 0.99 the total dC_T/dC_k grows with the distance")
def _():
    far = {"f ≡ 1": demos.cell_flow(None)[0].values[T], "f ≈ 0.99": demos.cell_flow(0.99)[0].values[T]}
    rate = _rate(demos.cell_flow(None)[0].values, demos.GROWTH_FROM, T)
    return min(far.values()) > 1 and rate > 1, {**far, "growth per step, f ≡ 1": rate}


# Memory and gradient, one product: f^n ≈ e^(−n/τ).
@register(
    "memory-time-constant",
    "with f = 0.9 and 0.99, f^n ≈ e^(−n/τ) with τ = 1/(1 − f): τ is within 6% of −1/ln f, and after τ "
    "steps f^τ is within 0.03 of 1/e",
)
def _():
    from ..numbers.demonstrations import MEMORY_FORGET_VALUES

    tau = {f: 1 / (1 - f) for f in MEMORY_FORGET_VALUES}
    gap = max(abs(tau[f] * -math.log(f) - 1) for f in MEMORY_FORGET_VALUES)
    off = max(abs(f ** round(tau[f]) - math.exp(-1)) for f in MEMORY_FORGET_VALUES)
    return gap < 0.06 and off < 0.03, {"largest |τ / (−1/ln f) − 1|": gap, "largest |f^τ − 1/e|": off}
