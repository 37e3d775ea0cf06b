"""Solutions to `lstm_explainer.exercises`, written out the way a student would.

Kept apart from the exercises so that a course can hand out the checks without them. They are
deliberately plain (one step, no fused tricks); the package's own code is faster.
"""

from __future__ import annotations

import numpy as np


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-a))


def lstm_step_backward(dh, dc, x, h_prev, c_prev, Wx, Wh, b):
    """Backward of one LSTM step; gate columns [i, f, o, g]; returns dx, dh_prev, dc_prev, dWx, dWh, db."""
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b  # (N, 4H): recompute the forward step
    i, f, o = _sigmoid(a[:, :H]), _sigmoid(a[:, H : 2 * H]), _sigmoid(a[:, 2 * H : 3 * H])
    g = np.tanh(a[:, 3 * H :])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    dc_total = dc + dh * o * (1 - tc**2)  # through h = o * tanh(c)
    di, df, do, dg = dc_total * g, dc_total * c_prev, dh * tc, dc_total * i
    da = np.hstack([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g**2)])  # (N, 4H)
    return da @ Wx.T, da @ Wh.T, dc_total * f, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def rnn_jacobian_product(x, Wx, Wh, b, k):
    """∂h_T/∂h_k of a tanh RNN run from h_0 = 0 over one sequence x (T, D)."""
    H = Wh.shape[0]
    h, hs = np.zeros(H), []
    for x_t in x:
        h = np.tanh(x_t @ Wx + h @ Wh + b)
        hs.append(h)
    J = np.eye(H)
    for t in range(len(x), k, -1):  # t = T … k+1; hs[t-1] is h_t
        J = J @ (np.diag(1 - hs[t - 1] ** 2) @ Wh.T)
    return J


def cell_path(f):
    """P[k] = f_{k+1} * … * f_T for k = 0 … T, with P[T] = 1."""
    P = np.ones((f.shape[0] + 1, f.shape[1]))
    for k in range(f.shape[0] - 1, -1, -1):
        P[k] = f[k] * P[k + 1]
    return P
