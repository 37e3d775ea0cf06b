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
from .routes import lstm_routes as lstm_routes_of

SEED = 2013  # fixed: every build draws the same weights and inputs (Pascanu et al. 2013)
T = 150  # steps: long enough for the vanishing/exploding regimes to separate by decades
H = 32  # hidden units
RADII = (0.5, 0.9, 1.0, 2.0, 3.0)  # σ_max = spectral radius of the RNN's orthogonal, scaled W_h
FORGET_BIASES = (0.0, 1.0, 3.0)  # b_f of the LSTM (1: Jozefowicz et al. 2015; 0: no bias)
FORGET_VALUES = (0.5, 0.9, 0.99)  # forget-gate activations for the cell-state figure
GROWTH_FROM = 50  # growth per step is measured from this distance to T, past the first steps' transient
WEAK_RECURRENCE = 0.25  # the cell-state figure's W_h scale: the gates sit near their biases
BURN_IN = 150
"""Steps each network runs from the zero state before the measured window of ``steps`` steps.
Near h_0 = C_0 = 0 the Jacobians are those of a network that has not yet reached its usual
states (the LSTM's ‖∂h_T/∂h_k‖ at b_f = 3 jumped from 1.7 to 160 over the first 25 steps), so
every curve measures ∂h_T/∂h_k for k at least BURN_IN steps into the sequence."""


@dataclass(frozen=True)
class Curve:
    """One curve of a figure: ``values[d]`` at distance d = T − k, d = 0 … T."""

    values: np.ndarray
    bound: np.ndarray | None = None


def _inputs(steps: int, D: int = 1, scale: float = 0.5) -> np.ndarray:
    """(1, BURN_IN + steps, D) inputs; a shorter sequence is the start of a longer one (same draws)."""
    if not isinstance(steps, int | np.integer) or steps < 1:
        raise ValueError(f"steps (the sequence length T) must be a positive integer, got {steps!r}")
    return np.random.default_rng(SEED).standard_normal((1, BURN_IN + steps, D)) * scale


def _window(norms: np.ndarray) -> np.ndarray:
    """(T+1,) by distance d = 0 … steps: a flow's (1, BURN_IN + steps + 1) norms, k = BURN_IN … end."""
    return norms[0, BURN_IN:][::-1]


@functools.cache
def rnn_decay(radius: float, steps: int = T) -> Curve:
    """‖∂h_T/∂h_k‖ of a tanh RNN with σ_max(W_h) = radius, and the Pascanu bound, by distance
    d = 0 … steps, for the last ``steps`` steps of a sequence of BURN_IN + ``steps``."""
    params = init_rnn(1, H, rng=np.random.default_rng(SEED), max_singular_value=radius)
    flow = rnn_gradient_flow(_inputs(steps), params)
    return Curve(_window(flow.dh_norm), flow.bound[BURN_IN:][::-1])


def _demo_lstm(forget_bias: float) -> LSTMParams:
    """The LSTM of the gradient-decay figure: seeded weights, forget-gate bias ``forget_bias``."""
    return init_lstm(1, H, rng=np.random.default_rng(SEED), forget_bias=forget_bias)


@functools.cache
def lstm_flow(forget_bias: float, steps: int = T) -> tuple[Curve, Curve]:
    """(‖∂h_T/∂h_k‖, the cell-state path alone ‖∏ diag(f_t)‖) of an LSTM with forget-gate bias
    b_f, by distance d = 0 … steps."""
    params = _demo_lstm(forget_bias)
    flow = lstm_gradient_flow(_inputs(steps), params)
    return Curve(_window(flow.dh_norm)), Curve(_window(flow.cell_path_norm))


@functools.cache
def lstm_routes(forget_bias: float, steps: int = T) -> tuple[Curve, Curve]:
    """Two routes of the `lstm_flow` LSTM's ‖∂h_T/∂h_k‖ (`lstm_explainer.routes`), by distance
    d = 0 … steps: (along the carousel alone, C_{k+1} → … → C_T; through h's recurrence alone,
    never C_{t-1} → C_t). The first is 0 at d = 0 and 1, before the carousel is crossed."""
    params = _demo_lstm(forget_bias)
    routes = lstm_routes_of(_inputs(steps), params)
    return Curve(_window(routes.carousel_only)), Curve(_window(routes.h_only))


def lstm_decay(forget_bias: float, steps: int = T) -> Curve:
    """‖∂h_T/∂h_k‖ of an LSTM with forget-gate bias b_f, by distance d = 0 … steps."""
    return lstm_flow(forget_bias, steps)[0]


def _lstm_with_forget_bias(forget_bias: float | None) -> LSTMParams:
    """Small random weights and the given b_f, so that f_t stays near σ(b_f); None: the 1997 cell."""
    rng = np.random.default_rng(SEED)
    variant = "forget" if forget_bias is not None else "no_forget"
    p = init_lstm(1, H, rng=rng, variant=variant, input_scale=0.5)
    Wh = p.Wh * WEAK_RECURRENCE
    b = p.b.copy()
    if forget_bias is not None:
        b[H : 2 * H] = forget_bias
    return LSTMParams(p.Wx, Wh, b, variant)


@functools.cache
def cell_flow_bias(forget_bias: float | None, steps: int = T) -> tuple[Curve, Curve]:
    """(total ‖dC_T/dC_k‖, cell-state path alone ‖∏ diag(f_t)‖) by distance d = 0 … steps, for
    forget-gate bias b_f (f_t near σ(b_f)); None: the 1997 cell, f ≡ 1."""
    flow = lstm_gradient_flow(_inputs(steps), _lstm_with_forget_bias(forget_bias))
    return Curve(_window(flow.dc_norm)), Curve(_window(flow.cell_path_norm))


def cell_flow(f: float | None, steps: int = T) -> tuple[Curve, Curve]:
    """`cell_flow_bias` for forget gates near ``f``: b_f = logit(f), so that σ(b_f) = f; f=None: f ≡ 1."""
    return cell_flow_bias(None if f is None else float(np.log(f / (1 - f))), steps)


def bound_at(radius: float, distance: int) -> float:
    """The Pascanu bound σ_max^d for an RNN whose W_h has σ_max = radius."""
    return float(pascanu_bound(radius * np.eye(1), np.asarray(distance)))
