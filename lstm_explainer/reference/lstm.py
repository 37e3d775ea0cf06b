r"""The LSTM as the equations read, with a forget gate and without (the 1997 cell).

Shapes: x_t (N, D); h_t and C_t (N, H); Wx (D, 4H), Wh (H, 4H), b (4H,) with gate columns
``[i, f, o, g]``; the 1997 cell has no forget gate: (D, 3H), (H, 3H), (3H,), columns ``[i, o, g]``.
"""

from __future__ import annotations

import numpy as np


def sigmoid(a):
    """The logistic sigmoid σ(a) = 1/(1 + e^(−a)), computed as (1 + tanh(a/2))/2.

    The two are the same function; this form never overflows (e^(−a) does for a < −709).
    """
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    r"""One step of the LSTM with a forget gate.

    Computes equation `lstm-preactivation`:

    $$
    a_t = x_t W_x + h_{t-1} W_h + b = \left[a^{i}_t,\ a^{f}_t,\ a^{o}_t,\ a^{g}_t\right]
    $$

    Computes equation `lstm-gates`:

    $$
    i_t = \sigma(a^{i}_t),\quad f_t = \sigma(a^{f}_t),\quad o_t = \sigma(a^{o}_t),
    \quad \tilde{C}_t = \tanh(a^{g}_t)
    $$

    Computes equation `lstm-cell`:

    $$
    C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t
    $$

    Computes equation `lstm-hidden`:

    $$
    h_t = o_t \odot \tanh(C_t)
    $$

    Args:
        x: x_t, shape (N, D).
        h_prev: h_{t-1}, shape (N, H).
        c_prev: C_{t-1}, shape (N, H).
        Wx: input weights, shape (D, 4H), gate columns [i, f, o, g].
        Wh: recurrent weights, shape (H, 4H).
        b: bias, shape (4H,).

    Returns:
        ``((h, c), cache)``: h_t and C_t, shape (N, H), and what `lstm_step_backward` needs.
    """
    a = x @ Wx + h_prev @ Wh + b  # lstm-preactivation, (N, 4H)
    a_i, a_f, a_o, a_g = np.split(a, 4, axis=1)  # lstm-preactivation: the gates' blocks, (N, H) each
    i, f, o = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o)  # lstm-gates
    g = np.tanh(a_g)  # lstm-gates: g is C̃_t
    c = f * c_prev + i * g  # lstm-cell
    h = o * np.tanh(c)  # lstm-hidden
    return (h, c), (x, h_prev, c_prev, i, f, o, g, c, Wx, Wh)


def lstm_step_backward(dh, dc_next, cache):
    r"""One step back through `lstm_step_forward`: the chain rule, one gradient a line.

    Computes equation `lstm-cell-grad`:

    $$
    \frac{\partial L}{\partial C_{t-1}} = \frac{\partial L}{\partial C_t} \odot f_t
    + \frac{\partial L}{\partial h_{t-1}} \odot o_{t-1} \odot \left(1 - \tanh^2 C_{t-1}\right)
    $$

    No single call computes the whole equation: o_{t-1} and C_{t-1} belong to step t − 1. This
    call computes its first term, ``dc_prev = dc_total * f``, where ``dc_total`` is the whole
    ∂L/∂C_t. The call for step t − 1 then receives it as its ``dc_next`` and adds the second
    term: its ``dc_total = dc_next + dtanh_c * (1 − tanh² C)``, with ``dtanh_c = dh * o`` and ``dh`` the whole
    ∂L/∂h_{t-1}, is the equation's left-hand side. Read at step t, that same line is the
    equation one step later: ∂L/∂C_t = ∂L/∂C_{t+1} ⊙ f_{t+1} + ∂L/∂h_t ⊙ o_t ⊙ (1 − tanh² C_t).

    Args:
        dh: ∂L/∂h_t, all of it (from the loss at step t and from step t + 1), shape (N, H).
        dc_next: only the part of ∂L/∂C_t that comes back along the cell-state path from step
            t + 1, ∂L/∂C_{t+1} ⊙ f_{t+1} (zeros at the last step), shape (N, H).
        cache: from `lstm_step_forward`.

    Returns:
        ``(dx, dh_prev, dc_prev, dWx, dWh, db, dc_total)``: ∂L/∂x_t (N, D); the parts of
        ∂L/∂h_{t-1} and ∂L/∂C_{t-1} sent back through step t, the latter along the cell-state
        path only (N, H); this step's share of
        ∂L/∂W_x (D, 4H), ∂L/∂W_h (H, 4H), ∂L/∂b (4H,); and the whole ∂L/∂C_t (N, H).
    """
    x, h_prev, c_prev, i, f, o, g, c, Wx, Wh = cache
    tanh_c = np.tanh(c)
    do = dh * tanh_c  # back through h_t = o_t ⊙ tanh(C_t), to o_t
    dtanh_c = dh * o  # ... and to tanh(C_t)
    dc_total = dc_next + dtanh_c * (1 - tanh_c**2)  # lstm-cell-grad one step later: the whole ∂L/∂C_t
    di = dc_total * g  # back through C_t = f_t ⊙ C_{t-1} + i_t ⊙ C̃_t, to i_t
    df = dc_total * c_prev  # ... to f_t
    dg = dc_total * i  # ... to C̃_t
    dc_prev = dc_total * f  # lstm-cell-grad's first term: the cell-state path
    da_i = di * i * (1 - i)  # back through σ: σ' = σ (1 − σ)
    da_f = df * f * (1 - f)
    da_o = do * o * (1 - o)
    da_g = dg * (1 - g**2)  # back through tanh: tanh' = 1 − tanh²
    da = np.concatenate([da_i, da_f, da_o, da_g], axis=1)  # ∂L/∂a_t, (N, 4H)
    dx = da @ Wx.T  # (N, D)
    dh_prev = da @ Wh.T  # (N, H)
    dWx = x.T @ da  # (D, 4H)
    dWh = h_prev.T @ da  # (H, 4H)
    db = da.sum(axis=0)  # (4H,)
    return dx, dh_prev, dc_prev, dWx, dWh, db, dc_total


def lstm1997_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    r"""One step of the 1997 LSTM (Hochreiter & Schmidhuber): no forget gate, f ≡ 1.

    Computes equation `lstm-cell-1997`:

    $$
    C_t = C_{t-1} + i_t \odot \tilde{C}_t
    $$

    The other equations are those of `lstm_step_forward` without $f_t$.

    Args:
        x: x_t, shape (N, D).
        h_prev: h_{t-1}, shape (N, H).
        c_prev: C_{t-1}, shape (N, H).
        Wx: input weights, shape (D, 3H), gate columns [i, o, g].
        Wh: recurrent weights, shape (H, 3H).
        b: bias, shape (3H,).

    Returns:
        ``((h, c), cache)``: h_t and C_t, shape (N, H), and what `lstm1997_step_backward` needs.
    """
    a = x @ Wx + h_prev @ Wh + b  # lstm-preactivation without a^f, (N, 3H)
    a_i, a_o, a_g = np.split(a, 3, axis=1)  # (N, H) each
    i, o = sigmoid(a_i), sigmoid(a_o)  # lstm-gates
    g = np.tanh(a_g)  # lstm-gates: g is C̃_t
    c = c_prev + i * g  # lstm-cell-1997: the constant error carousel
    h = o * np.tanh(c)  # lstm-hidden
    return (h, c), (x, h_prev, c_prev, i, o, g, c, Wx, Wh)


def lstm1997_step_backward(dh, dc_next, cache):
    """One step back through `lstm1997_step_forward` (`lstm_step_backward` with f ≡ 1).

    Args and returns as in `lstm_step_backward`, with (D, 3H), (H, 3H), (3H,) weight gradients.
    """
    x, h_prev, _, i, o, g, c, Wx, Wh = cache  # as lstm_step_forward's without f; C_{t-1} unused
    tanh_c = np.tanh(c)
    do = dh * tanh_c  # back through h_t = o_t ⊙ tanh(C_t), to o_t
    dtanh_c = dh * o  # ... and to tanh(C_t)
    dc_total = dc_next + dtanh_c * (1 - tanh_c**2)  # lstm-cell-grad one step later: the whole ∂L/∂C_t
    di = dc_total * g  # back through C_t = C_{t-1} + i_t ⊙ C̃_t, to i_t
    dg = dc_total * i  # ... to C̃_t
    dc_prev = dc_total  # lstm-cell-grad's first term with f ≡ 1: the error flows back unchanged
    da_i = di * i * (1 - i)  # back through σ
    da_o = do * o * (1 - o)
    da_g = dg * (1 - g**2)  # back through tanh
    da = np.concatenate([da_i, da_o, da_g], axis=1)  # ∂L/∂a_t, (N, 3H)
    dx = da @ Wx.T  # (N, D)
    dh_prev = da @ Wh.T  # (N, H)
    dWx = x.T @ da  # (D, 3H)
    dWh = h_prev.T @ da  # (H, 3H)
    db = da.sum(axis=0)  # (3H,)
    return dx, dh_prev, dc_prev, dWx, dWh, db, dc_total


STEPS = {
    "forget": (lstm_step_forward, lstm_step_backward),
    "no_forget": (lstm1997_step_forward, lstm1997_step_backward),
}
"""``variant`` -> (step forward, step backward), the names `lstm_explainer.lstm.LSTMParams` uses."""


def lstm_forward(x, Wx, Wh, b, h0=None, c0=None, variant="forget"):
    """The step of ``variant`` over a sequence.

    Args:
        x: inputs, shape (N, T, D).
        Wx: (D, G·H), as the step of ``variant`` takes it (G = 4, or 3 without a forget gate).
        Wh: (H, G·H).
        b: (G·H,).
        h0: initial hidden state, shape (N, H); zeros if None.
        c0: initial cell state, shape (N, H); zeros if None.
        variant: ``"forget"`` or ``"no_forget"`` (the 1997 cell).

    Returns:
        ``((h, c), caches)``: h_1 … h_T and C_1 … C_T, shape (N, T, H), and one cache per step.
    """
    step, _ = STEPS[variant]
    N, T, _ = x.shape
    H = Wh.shape[0]
    h = np.zeros((N, H)) if h0 is None else h0
    c = np.zeros((N, H)) if c0 is None else c0
    hs, cs, caches = [], [], []
    for t in range(T):
        (h, c), cache = step(x[:, t], h, c, Wx, Wh, b)
        hs.append(h)
        cs.append(c)
        caches.append(cache)
    return (np.stack(hs, axis=1), np.stack(cs, axis=1)), caches


def lstm_backward(dh, caches, dhT=None, dcT=None, variant="forget"):
    """Backpropagation through time: the backward step of ``variant``, last step first.

    Args:
        dh: ∂L/∂h_t from the loss at every step, shape (N, T, H).
        caches: from `lstm_forward`.
        dhT: an extra gradient on h_T, shape (N, H), or None.
        dcT: a gradient on C_T, shape (N, H), or None.
        variant: as given to `lstm_forward`.

    Returns:
        dict with ``dx`` (N, T, D), ``dh0``, ``dc0`` (N, H), ``dWx``, ``dWh``, ``db`` (summed over
        the steps), and ``dh_total``, ``dc_total`` (N, T, H): the whole ∂L/∂h_t and ∂L/∂C_t.
    """
    _, step_back = STEPS[variant]
    N, T, H = dh.shape
    dh_next = np.zeros((N, H)) if dhT is None else dhT  # what step t + 1 sends back to h_t
    dc_next = np.zeros((N, H)) if dcT is None else dcT  # ... and to C_t
    grads = {"dWx": 0.0, "dWh": 0.0, "db": 0.0}
    dxs, dh_total, dc_total = [None] * T, np.empty((N, T, H)), np.empty((N, T, H))
    for t in reversed(range(T)):
        dh_total[:, t] = dh[:, t] + dh_next
        dxs[t], dh_next, dc_next, dWx, dWh, db, dc_total[:, t] = step_back(dh_total[:, t], dc_next, caches[t])
        grads["dWx"], grads["dWh"], grads["db"] = grads["dWx"] + dWx, grads["dWh"] + dWh, grads["db"] + db
    return {
        "dx": np.stack(dxs, axis=1),
        "dh0": dh_next,
        "dc0": dc_next,
        **grads,
        "dh_total": dh_total,
        "dc_total": dc_total,
    }
