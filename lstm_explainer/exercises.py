"""Exercises with automatic checks: students implement a piece of the math, a check grades it.

Each ``check_*`` function calls the student's function on seeded random inputs (float64),
compares every returned array with the package's reference (itself verified against finite
differences and PyTorch), and either returns a short report or raises `ExerciseError` with a
specific message: which output is wrong, by how much, with which shapes. Nothing of the
reference is shown; the solutions live apart, in `lstm_explainer.solutions`.

1. `check_lstm_step_backward`: one LSTM step's backward pass (CS231n's interface).
2. `check_rnn_jacobian_product`: ∂h_T/∂h_k of a tanh RNN, as a product of one-step Jacobians.
3. `check_cell_path`: the cell-state path ∏ diag(f_t), for every k.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .gradcheck import relative_error
from .gradflow import cell_path, jacobian_products, rnn_step_jacobians
from .lstm import LSTMParams, lstm_step_backward, lstm_step_forward
from .rnn import RNNParams, rnn_forward

TOLERANCE = 1e-8  # relative error allowed (float64; the reference agrees with torch to ~1e-15)


class ExerciseError(AssertionError):
    """A student's answer that does not match the reference; the message says where."""


def _compare(names: list[str], got: tuple, expected: tuple, shapes: dict[str, str]) -> list[str]:
    if not isinstance(got, tuple) or len(got) != len(expected):
        n = len(got) if isinstance(got, tuple) else type(got).__name__
        raise ExerciseError(f"return a tuple of {len(expected)} arrays ({', '.join(names)}); got {n}")
    report = []
    for name, g, e in zip(names, got, expected, strict=True):
        g = np.asarray(g)
        if g.shape != e.shape:
            raise ExerciseError(f"{name} has shape {g.shape}, expected {e.shape} = {shapes[name]}")
        err = relative_error(g, e)
        if not err < TOLERANCE:  # also catches NaN
            worst = np.unravel_index(np.argmax(np.abs(g - e)), e.shape)
            raise ExerciseError(
                f"{name} is wrong: relative error {err:.2e} (allowed {TOLERANCE:g}); "
                f"largest difference at index {tuple(int(i) for i in worst)}: "
                f"got {g[worst]:.6g}, expected {e[worst]:.6g}"
            )
        report.append(f"{name}: relative error {err:.1e}")
    return report


def check_lstm_step_backward(fn: Callable, *, seed: int = 0, N: int = 3, D: int = 4, H: int = 5) -> str:
    """Grade ``fn(dh, dc, x, h_prev, c_prev, Wx, Wh, b) -> (dx, dh_prev, dc_prev, dWx, dWh, db)``.

    Shapes: dh, dc, h_prev, c_prev (N, H); x (N, D); Wx (D, 4H); Wh (H, 4H); b (4H,), gate
    columns ordered [i, f, o, g]. The forward step is ``a = x Wx + h_prev Wh + b``,
    ``i, f, o = σ(a_i), σ(a_f), σ(a_o)``, ``g = tanh(a_g)``, ``c = f ⊙ c_prev + i ⊙ g``,
    ``h = o ⊙ tanh(c)``; ``dh`` and ``dc`` are ∂L/∂h and ∂L/∂c from above.
    """
    rng = np.random.default_rng(seed)
    Wx, Wh, b = (rng.standard_normal(s) * 0.5 for s in ((D, 4 * H), (H, 4 * H), (4 * H,)))
    p = LSTMParams(Wx, Wh, b)
    x, h_prev, c_prev, dh, dc = (rng.standard_normal(s) for s in ((N, D), (N, H), (N, H), (N, H), (N, H)))
    _, cache = lstm_step_forward(x, h_prev, c_prev, p)
    ref = lstm_step_backward(dh, dc, cache)
    expected = (ref.dx[:, 0], ref.dh0, ref.dc0, ref.dWx, ref.dWh, ref.db)
    got = fn(*(a.copy() for a in (dh, dc, x, h_prev, c_prev, p.Wx, p.Wh, p.b)))  # copies: fn may write
    names = ["dx", "dh_prev", "dc_prev", "dWx", "dWh", "db"]
    shapes = {
        "dx": "(N, D)",
        "dh_prev": "(N, H)",
        "dc_prev": "(N, H)",
        "dWx": "(D, 4H)",
        "dWh": "(H, 4H)",
        "db": "(4H,)",
    }
    return "all right: " + "; ".join(_compare(names, got, expected, shapes))


def check_rnn_jacobian_product(fn: Callable, *, seed: int = 0, T: int = 12, D: int = 3, H: int = 4) -> str:
    """Grade ``fn(x, Wx, Wh, b, k) -> J``, the Jacobian ∂h_T/∂h_k (H, H) of a tanh RNN.

    ``x`` is one sequence (T, D); ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)`` from h_0 = 0, row
    vectors, so ∂h_t/∂h_{t-1} = diag(1 − h_t²) Whᵀ and J = ∂h_T/∂h_{T−1} ⋯ ∂h_{k+1}/∂h_k.
    Checked at k = 0, T/2 and T − 1.
    """
    rng = np.random.default_rng(seed)
    p = RNNParams(*(rng.standard_normal(s) * c for s, c in (((D, H), 0.5), ((H, H), 0.7), ((H,), 0.1))))
    x = rng.standard_normal((1, T, D))
    _, cache = rnn_forward(x, p)
    products = jacobian_products(rnn_step_jacobians(cache))[0]  # (T+1, H, H)
    report = []
    for k in (0, T // 2, T - 1):
        got = fn(x[0].copy(), p.Wx.copy(), p.Wh.copy(), p.b.copy(), k)
        report += _compare([f"J (k = {k})"], (got,), (products[k],), {f"J (k = {k})": "(H, H)"})
    return "all right: " + "; ".join(report)


def check_cell_path(fn: Callable, *, seed: int = 0, T: int = 20, H: int = 6) -> str:
    """Grade ``fn(f) -> P``: for forget gates ``f`` (T, H), ``P`` (T+1, H) with
    ``P[k] = f_{k+1} ⊙ … ⊙ f_T`` (the diagonal of ∏ diag(f_t)), and ``P[T] = 1``."""
    rng = np.random.default_rng(seed)
    f = rng.uniform(0.5, 1.0, (T, H))
    expected = cell_path(f[None])[0]
    return "all right: " + "; ".join(_compare(["P"], (fn(f.copy()),), (expected,), {"P": "(T+1, H)"}))
