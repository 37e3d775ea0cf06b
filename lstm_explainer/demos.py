"""The gradient-flow demonstrations the site shows: the data behind its figures and numbers.

Figures and the numbers quoted in the prose call the same functions with the same
seeds, so a number in a sentence and the curve beside it cannot disagree. Each
function is cached: a build computes each demonstration once for every language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .gradflow import lstm_gradient_flow, pascanu_bound, rnn_gradient_flow
from .init import init_lstm, init_rnn
from .lstm import LSTMParams

SEED = 2013  # fixed: every build draws the same weights and inputs (Pascanu et al. 2013)
T = 150  # steps: long enough for the vanishing/exploding regimes to separate by decades
H = 32  # hidden units
RADII = (0.5, 0.9, 1.0, 2.0, 3.0)  # σ_max = spectral radius of the RNN's orthogonal, scaled W_h
FORGET_BIASES = (0.0, 1.0, 3.0)  # b_f of the LSTM (1: Jozefowicz et al. 2015; 0: no bias)
FORGET_VALUES = (0.5, 0.9, 0.99)  # forget-gate activations for the cell-state figure


@dataclass(frozen=True)
class Curve:
    """One curve of a figure: ``values[d]`` at distance d = T − k, d = 0 … T."""

    values: np.ndarray
    bound: np.ndarray | None = None


def _inputs(D: int = 1, scale: float = 0.5) -> np.ndarray:
    return np.random.default_rng(SEED).standard_normal((1, T, D)) * scale  # (1, T, D)


@functools.cache
def rnn_decay(radius: float) -> Curve:
    """‖∂h_T/∂h_k‖ of a tanh RNN with σ_max(W_h) = radius, and the Pascanu bound, by distance."""
    params = init_rnn(1, H, rng=np.random.default_rng(SEED), max_singular_value=radius)
    flow = rnn_gradient_flow(_inputs(), params)
    return Curve(flow.dh_norm[0, ::-1], flow.bound[::-1])


@functools.cache
def lstm_decay(forget_bias: float) -> Curve:
    """‖∂h_T/∂h_k‖ of an LSTM with forget-gate bias b_f, by distance."""
    params = init_lstm(1, H, rng=np.random.default_rng(SEED), forget_bias=forget_bias)
    flow = lstm_gradient_flow(_inputs(), params)
    return Curve(flow.dh_norm[0, ::-1])


def _lstm_with_forget_value(f: float | None) -> LSTMParams:
    """Small random weights and b_f = logit(f), so that f_t stays near f; f=None: the 1997 cell."""
    rng = np.random.default_rng(SEED)
    variant = "forget" if f is not None else "no_forget"
    p = init_lstm(1, H, rng=rng, variant=variant, input_scale=0.5)
    Wh = p.Wh * 0.25  # weak recurrence: the gates sit near their biases
    b = p.b.copy()
    if f is not None:
        b[H : 2 * H] = np.log(f / (1 - f))  # sigma(b_f) = f
    return LSTMParams(p.Wx, Wh, b, variant)


@functools.cache
def cell_flow(f: float | None) -> tuple[Curve, Curve]:
    """(total ‖dC_T/dC_k‖, cell-state path alone ‖∏ diag(f_t)‖) by distance; f=None: f ≡ 1 (1997)."""
    flow = lstm_gradient_flow(_inputs(), _lstm_with_forget_value(f))
    return Curve(flow.dc_norm[0, ::-1]), Curve(flow.cell_path_norm[0, ::-1])


def bound_at(radius: float, distance: int) -> float:
    """The Pascanu bound σ_max^d for an RNN whose W_h has σ_max = radius."""
    return float(pascanu_bound(radius * np.eye(1), np.asarray(distance)))
