r"""How a gradient travels back in time, one sequence at a time: one-step Jacobians, their
product, the Pascanu bound and the cell-state path.

Jacobians are in numerator layout, $J[i, j] = \partial\,\text{out}_i / \partial\,\text{in}_j$;
with row vectors ($a_t = h_{t-1} W_h + \dots$) that makes $\partial a_t / \partial h_{t-1} = W_h^\top$.
"""

from __future__ import annotations

import numpy as np


def _one_sequence(**vectors) -> None:
    """Refuse a batch: these Jacobians are those of one sequence, vectors of shape (H,)."""
    for name, v in vectors.items():
        if np.ndim(v) != 1:
            raise ValueError(f"{name} must be one sequence's vector, shape (H,), got shape {np.shape(v)}")


def rnn_step_jacobian(h, Wh):
    r"""∂h_t/∂h_{t-1} of a tanh RNN.

    Computes equation `rnn-jacobian`:

    $$
    \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\!\left(1 - h_t^2\right) W_h^\top
    $$

    Args:
        h: h_t of one sequence, shape (H,) (not a batch: ``np.diag`` of a 2-D array is its diagonal).
        Wh: (H, H).

    Returns:
        (H, H).
    """
    _one_sequence(h=h)
    return np.diag(1 - h**2) @ Wh.T  # rnn-jacobian


def lstm_step_jacobian(c_prev, i, f, o, g, c, Wh):
    r"""∂s_t/∂s_{t-1} of the LSTM's whole state s_t = (h_t, C_t): four (H, H) blocks.

    Computes equation `lstm-jacobian-cc`:

    $$
    \frac{\partial C_t}{\partial C_{t-1}} = \operatorname{diag}(f_t)
    $$

    Computes equation `lstm-jacobian-ch`:

    $$
    \frac{\partial C_t}{\partial h_{t-1}} =
      \operatorname{diag}\!\big(C_{t-1} \odot f_t \odot (1 - f_t)\big) W_{h,f}^\top
    + \operatorname{diag}\!\big(\tilde{C}_t \odot i_t \odot (1 - i_t)\big) W_{h,i}^\top
    + \operatorname{diag}\!\big(i_t \odot (1 - \tilde{C}_t^2)\big) W_{h,g}^\top
    $$

    ``W_{h,f}`` is the forget gate's block of columns of W_h (and so on). The last three lines
    are the h rows, which the site shows no equation for: h_t = o_t ⊙ tanh(C_t) depends on
    s_{t-1} through o_t and through C_t, so by the chain rule
    ∂h_t/∂C_{t-1} = diag(o_t ⊙ (1 − tanh² C_t)) ∂C_t/∂C_{t-1} and
    ∂h_t/∂h_{t-1} = diag(tanh C_t ⊙ o_t ⊙ (1 − o_t)) W_{h,o}^⊤ + diag(o_t ⊙ (1 − tanh² C_t)) ∂C_t/∂h_{t-1}.

    Args:
        c_prev: C_{t-1} of one sequence, shape (H,); the next five have its shape.
        i: the input gate i_t.
        f: the forget gate f_t.
        o: the output gate o_t.
        g: the candidate C̃_t.
        c: C_t.
        Wh: (H, 4H), gate columns [i, f, o, g].

    Returns:
        (2H, 2H): blocks ``[[∂h_t/∂h_{t-1}, ∂h_t/∂C_{t-1}], [∂C_t/∂h_{t-1}, ∂C_t/∂C_{t-1}]]``.
    """
    _one_sequence(c_prev=c_prev, i=i, f=f, o=o, g=g, c=c)
    Wh_i, Wh_f, Wh_o, Wh_g = np.split(Wh, 4, axis=1)  # (H, H) each
    dC_dC = np.diag(f)  # lstm-jacobian-cc
    dC_dh = (
        np.diag(c_prev * f * (1 - f)) @ Wh_f.T  # lstm-jacobian-ch: through f_t
        + np.diag(g * i * (1 - i)) @ Wh_i.T  # ... through i_t
        + np.diag(i * (1 - g**2)) @ Wh_g.T  # ... through C̃_t
    )
    dh_dc = o * (1 - np.tanh(c) ** 2)  # ∂h_t/∂C_t (a diagonal), from h_t = o_t ⊙ tanh(C_t)
    dh_dC = np.diag(dh_dc) @ dC_dC  # ∂h_t/∂C_{t-1}: through C_t
    dh_dh = np.diag(np.tanh(c) * o * (1 - o)) @ Wh_o.T + np.diag(dh_dc) @ dC_dh  # through o_t and C_t
    return np.block([[dh_dh, dh_dC], [dC_dh, dC_dC]])


def jacobian_product(J, k):
    r"""∂s_T/∂s_k: the one-step Jacobians multiplied from the last step back to step k + 1.

    Computes equation `jacobian-product`:

    $$
    \frac{\partial h_T}{\partial h_k}
    = \frac{\partial h_T}{\partial h_{T-1}} \frac{\partial h_{T-1}}{\partial h_{T-2}}
      \cdots \frac{\partial h_{k+1}}{\partial h_k}
    = \prod_{t=k+1}^{T} \frac{\partial h_t}{\partial h_{t-1}}
    $$

    s_t is the state the step carries and S its size: for the RNN s_t = h_t (S = H), and this is
    the equation as written. For the LSTM s_t = (h_t, C_t) (S = 2H, the Jacobians of
    `lstm_step_jacobian`): ∂h_T/∂h_k is then the top-left (H, H) block of the product, which
    also counts the paths through the cell states; it is not the product of the h blocks alone.

    Args:
        J: one sequence's one-step Jacobians, shape (T, S, S): ``J[t - 1]`` is ∂s_t/∂s_{t-1}.
        k: the step the gradient travels back to, 0 ≤ k ≤ T.

    Returns:
        (S, S); the identity when k = T.
    """
    T = J.shape[0]
    P = np.eye(J.shape[1])
    for t in range(T, k, -1):  # t = T, T − 1, …, k + 1: the later step on the left
        P = P @ J[t - 1]  # jacobian-product
    return P


def pascanu_bound(Wh, distance, gamma=1.0):
    r"""Pascanu, Mikolov & Bengio (2013)'s bound on ‖∂h_T/∂h_k‖ for a vanilla RNN.

    Computes equation `pascanu-bound`:

    $$
    \left\lVert \frac{\partial h_T}{\partial h_k} \right\rVert_2
    \le \left(\gamma\, \sigma_{\max}(W_h)\right)^{T-k}
    $$

    Args:
        Wh: recurrent weights, shape (H, H).
        distance: T − k, any shape of non-negative integers.
        gamma: a bound on the activation's derivative (1 for tanh).

    Returns:
        The right-hand side, (γ σ_max(W_h))^(T−k), with the shape of ``distance``.
    """
    return (gamma * np.linalg.norm(Wh, 2)) ** distance  # pascanu-bound: ‖·‖₂ is σ_max


def cell_path(f, k):
    r"""The cell-state path from step T back to step k: the product of the forget gates.

    Computes equation `cell-path`:

    $$
    \prod_{t=k+1}^{T} \frac{\partial C_t}{\partial C_{t-1}} = \prod_{t=k+1}^{T} \operatorname{diag}(f_t)
    $$

    Args:
        f: one sequence's forget gates f_1 … f_T, shape (T, H) (``f[t - 1]`` is f_t).
        k: 0 ≤ k ≤ T.

    Returns:
        (H,): the diagonal of the product (ones when k = T).
    """
    return np.prod(f[k:], axis=0)  # cell-path: f_{k+1} ⊙ … ⊙ f_T
