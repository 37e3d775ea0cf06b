r"""The tanh RNN as the equations read: one step forward, one step back, and the loops over time.

Shapes: x_t (N, D); h_t (N, H); Wx (D, H); Wh (H, H); b (H,).
"""

from __future__ import annotations

import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    r"""One step of a tanh RNN.

    Computes equation `rnn-state`:

    $$
    h_t = \tanh\left(x_t W_x + h_{t-1} W_h + b\right)
    $$

    Args:
        x: x_t, shape (N, D).
        h_prev: h_{t-1}, shape (N, H).
        Wx: input weights, shape (D, H).
        Wh: recurrent weights, shape (H, H).
        b: bias, shape (H,).

    Returns:
        ``(h, cache)``: h_t, shape (N, H), and what `rnn_step_backward` needs.
    """
    h = np.tanh(x @ Wx + h_prev @ Wh + b)  # rnn-state, (N, H)
    return h, (x, h_prev, h, Wx, Wh)


def rnn_step_backward(dh, cache):
    r"""One step back through `rnn_step_forward`: the chain rule, one gradient a line.

    Computes equation `rnn-grad`:

    $$
    \frac{\partial L}{\partial h_{t-1}}
    = \left(\frac{\partial L}{\partial h_t} \odot (1 - h_t^2)\right) W_h^\top
    $$

    Args:
        dh: ∂L/∂h_t, all of it (from the loss at step t and from step t + 1), shape (N, H).
        cache: from `rnn_step_forward`.

    Returns:
        ``(dx, dh_prev, dWx, dWh, db)``: ∂L/∂x_t (N, D); the part of ∂L/∂h_{t-1} sent back
        through step t (N, H), the equation's right-hand side (the whole ∂L/∂h_{t-1} adds the
        loss's own term at t − 1, as `rnn_backward` does); this step's share of ∂L/∂W_x (D, H),
        ∂L/∂W_h (H, H), ∂L/∂b (H,).
    """
    x, h_prev, h, Wx, Wh = cache
    da = dh * (1 - h**2)  # back through tanh: ∂L/∂a_t, a_t = x_t W_x + h_{t-1} W_h + b, (N, H)
    dh_prev = da @ Wh.T  # rnn-grad, (N, H)
    dx = da @ Wx.T  # (N, D)
    dWx = x.T @ da  # (D, H)
    dWh = h_prev.T @ da  # (H, H)
    db = da.sum(axis=0)  # (H,)
    return dx, dh_prev, dWx, dWh, db


def rnn_forward(x, Wx, Wh, b, h0=None):
    """`rnn_step_forward` over a sequence.

    Args:
        x: inputs, shape (N, T, D).
        Wx: (D, H), as in `rnn_step_forward`.
        Wh: (H, H).
        b: (H,).
        h0: initial state, shape (N, H); zeros if None.

    Returns:
        ``(h, caches)``: h_1 … h_T, shape (N, T, H), and one cache per step.
    """
    N, T, _ = x.shape
    h = np.zeros((N, Wh.shape[0])) if h0 is None else h0
    hs, caches = [], []
    for t in range(T):
        h, cache = rnn_step_forward(x[:, t], h, Wx, Wh, b)
        hs.append(h)
        caches.append(cache)
    return np.stack(hs, axis=1), caches


def rnn_backward(dh, caches, dhT=None):
    """Backpropagation through time: `rnn_step_backward` from the last step to the first.

    Args:
        dh: ∂L/∂h_t from the loss at every step, shape (N, T, H).
        caches: from `rnn_forward`.
        dhT: an extra gradient on h_T, shape (N, H), or None.

    Returns:
        dict with ``dx`` (N, T, D), ``dh0`` (N, H), ``dWx``, ``dWh``, ``db`` (summed over the
        steps) and ``dh_total`` (N, T, H), the whole ∂L/∂h_t at every step.
    """
    N, T, H = dh.shape
    dh_next = np.zeros((N, H)) if dhT is None else dhT  # what step t + 1 sends back to h_t
    grads = {"dWx": 0.0, "dWh": 0.0, "db": 0.0}
    dxs, dh_total = [None] * T, np.empty((N, T, H))
    for t in reversed(range(T)):
        dh_total[:, t] = dh[:, t] + dh_next  # from the loss at t, and from step t + 1
        dxs[t], dh_next, dWx, dWh, db = rnn_step_backward(dh_total[:, t], caches[t])
        grads["dWx"], grads["dWh"], grads["db"] = grads["dWx"] + dWx, grads["dWh"] + dWh, grads["db"] + db
    return {"dx": np.stack(dxs, axis=1), "dh0": dh_next, **grads, "dh_total": dh_total}
