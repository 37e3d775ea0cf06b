r"""Gradient-flow analysis: how ‖∂h_T/∂h_k‖ and ‖∂C_T/∂C_k‖ shrink or grow with T − k.

Jacobians use the column convention
$J[i, j] = \partial\,\text{out}_i / \partial\,\text{in}_j$.
The LSTM's state is $s_t = [h_t; C_t]$ (2H); its one-step Jacobian
$\partial s_t / \partial s_{t-1}$ holds h_{t-1} and C_{t-1} as independent inputs.
Norms are spectral norms (largest singular value), as in Pascanu, Mikolov & Bengio (2013).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .lstm import LSTMCache, LSTMParams, lstm_forward
from .rnn import RNNCache, RNNParams, rnn_forward


def rnn_step_jacobians(cache: RNNCache) -> np.ndarray:
    r"""One-step Jacobians of a tanh RNN, for t = 1 … T.

    Implements `lstm_explainer.reference.jacobians.rnn_step_jacobian` (equation `rnn-jacobian`) for every
    step and sequence at once.

    Args:
        cache: from `lstm_explainer.rnn.rnn_forward`.

    Returns:
        (N, T, H, H): entry ``[n, t-1]`` is ∂h_t/∂h_{t-1} for sample n.
    """
    if not isinstance(cache, RNNCache):
        raise TypeError(f"cache must be an RNNCache from rnn_forward, got {type(cache).__name__}")
    h = cache.h[:, 1:]  # (N, T, H)
    return (1.0 - h * h)[..., :, None] * cache.params.Wh.T  # (N, T, H, H)


def lstm_step_jacobians(cache: LSTMCache) -> np.ndarray:
    r"""One-step Jacobians of the LSTM state $s_t = [h_t; C_t]$, for t = 1 … T.

    Implements `lstm_explainer.reference.jacobians.lstm_step_jacobian` (equations
    `lstm-jacobian-cc`, `lstm-jacobian-ch`) for every step and sequence at once.

    and, with $u_t = o_t \odot (1 - \tanh^2 C_t)$,
    ∂h_t/∂C_{t-1} = diag(u_t ⊙ f_t) and
    ∂h_t/∂h_{t-1} = diag(tanh C_t ⊙ o_t ⊙ (1 − o_t)) W_{h,o}ᵀ + diag(u_t) ∂C_t/∂h_{t-1}.
    ``W_{h,f}`` is the forget gate's column block of W_h (and so on); without a
    forget gate, f_t = 1 and its term is absent.

    Args:
        cache: from `lstm_explainer.lstm.lstm_forward`.

    Returns:
        (N, T, 2H, 2H): entry ``[n, t-1]`` is ∂s_t/∂s_{t-1}, blocks
        ``[[∂h/∂h, ∂h/∂C], [∂C/∂h, ∂C/∂C]]``.
    """
    if not isinstance(cache, LSTMCache):
        raise TypeError(f"cache must be an LSTMCache from lstm_forward, got {type(cache).__name__}")
    p = cache.params
    H = p.H
    i, f, o, g = (cache.gate(k) for k in "ifog")  # (N, T, H) each
    c_prev = cache.c[:, :-1]
    tc = cache.tanh_c
    blocks = dict(zip("ifog" if p.G == 4 else "iog", np.split(p.Wh, p.G, axis=1), strict=True))
    WhT = {k: W.T for k, W in blocks.items()}  # (H, H): row = gate unit, column = h_{t-1} unit

    def rows(v, W):  # diag(v) W, batched: (N, T, H, 1) * (H, H)
        return v[..., :, None] * W

    dC_dh = rows(g * i * (1 - i), WhT["i"]) + rows(i * (1 - g * g), WhT["g"])
    if p.G == 4:
        dC_dh += rows(c_prev * f * (1 - f), WhT["f"])
    u = o * (1 - tc * tc)
    N, T = i.shape[:2]
    J = np.zeros((N, T, 2 * H, 2 * H), dtype=p.dtype)
    eye = np.eye(H, dtype=p.dtype)
    J[..., H:, H:] = f[..., :, None] * eye  # ∂C_t/∂C_{t-1} = diag(f_t)
    J[..., H:, :H] = dC_dh
    J[..., :H, H:] = (u * f)[..., :, None] * eye  # ∂h_t/∂C_{t-1}
    J[..., :H, :H] = rows(tc * o * (1 - o), WhT["o"]) + u[..., :, None] * dC_dh
    return J


def _products_from_end(J: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (k, P_k) for k = T … 0, P_k = J_T J_{T-1} … J_{k+1} (P_T = I); J is (N, T, S, S)."""
    N, T, S, _ = J.shape
    P = np.broadcast_to(np.eye(S, dtype=J.dtype), (N, S, S)).copy()
    yield T, P
    for k in range(T - 1, -1, -1):
        P = P @ J[:, k]  # J[:, k] is ∂s_{k+1}/∂s_k
        yield k, P


def jacobian_products(J: np.ndarray) -> np.ndarray:
    r"""All products of one-step Jacobians, from the end of the sequence back to step k.

    Implements `lstm_explainer.reference.jacobians.jacobian_product` (equation `jacobian-product`) for every
    k at once.

    (ordered with t = T on the left; numerator layout, J[i, j] = ∂out_i/∂in_j).
    Args: J, (N, T, S, S) one-step Jacobians.
    Returns (N, T+1, S, S): entry ``[n, k]`` is ∂s_T/∂s_k; entry ``[n, T]`` is the identity.
    """
    J = np.asarray(J)
    if J.ndim != 4 or J.shape[2] != J.shape[3]:
        raise ValueError(f"J must have shape (N, T, S, S), got shape {J.shape}")
    out = np.empty((J.shape[0], J.shape[1] + 1, *J.shape[2:]), dtype=J.dtype)
    for k, P in _products_from_end(J):
        out[:, k] = P
    return out


def pascanu_bound(Wh: np.ndarray, distance: np.ndarray, gamma: float = 1.0) -> np.ndarray:
    r"""Upper bound on ‖∂h_T/∂h_k‖ for a vanilla RNN (Pascanu, Mikolov & Bengio 2013).

    Implements `lstm_explainer.reference.jacobians.pascanu_bound` (equation `pascanu-bound`) for any
    array of distances.

    Args:
        Wh: recurrent weights, shape (H, H).
        distance: the distances T − k, any shape of non-negative integers.
        gamma: bound on the activation's derivative; 1 for tanh (the default), 1/4 for sigmoid.

    Returns:
        The bound for each distance, same shape as ``distance``.
    """
    Wh = np.asarray(Wh)
    if Wh.ndim != 2 or Wh.shape[0] != Wh.shape[1]:
        raise ValueError(f"Wh must have shape (H, H), got shape {Wh.shape}")
    distance = np.asarray(distance)
    if np.any(distance < 0):
        raise ValueError("distance T - k must be >= 0")
    return (gamma * np.linalg.norm(Wh, 2)) ** distance


@dataclass(frozen=True)
class RNNFlow:
    """Gradient flow through a tanh RNN, indexed by k = 0 … T (distance T − k).

    Attributes:
        dh_norm: (N, T+1), ‖∂h_T/∂h_k‖₂.
        bound: (T+1,), the Pascanu bound (σ_max(W_h))^(T−k).
    """

    dh_norm: np.ndarray
    bound: np.ndarray

    @property
    def distance(self) -> np.ndarray:
        """(T+1,): T − k for each k."""
        return np.arange(self.bound.shape[0])[::-1]


@dataclass(frozen=True)
class LSTMFlow:
    """Gradient flow through an LSTM, indexed by k = 0 … T (distance T − k).

    Attributes:
        dh_norm: (N, T+1), ‖∂h_T/∂h_k‖₂ (C_k held fixed).
        dc_norm: (N, T+1), ‖dC_T/dC_k‖₂, the total derivative: the cell-state path
            plus every path through h_k and the gates (h_0 held fixed at k = 0).
        cell_path_norm: (N, T+1), ‖∏_{t=k+1}^T diag(f_t)‖₂ = max_j ∏ f_t[j], the
            cell-state path alone.
    """

    dh_norm: np.ndarray
    dc_norm: np.ndarray
    cell_path_norm: np.ndarray

    @property
    def distance(self) -> np.ndarray:
        """(T+1,): T − k for each k."""
        return np.arange(self.dh_norm.shape[1])[::-1]


def _norm2(M: np.ndarray) -> np.ndarray:
    return np.linalg.norm(M, 2, axis=(-2, -1))


def rnn_gradient_flow(x: np.ndarray, params: RNNParams, h0: np.ndarray | None = None) -> RNNFlow:
    """‖∂h_T/∂h_k‖ for every k, with the Pascanu bound, for inputs x (N, T, D)."""
    _, cache = rnn_forward(x, params, h0)
    J = rnn_step_jacobians(cache)
    N, T = J.shape[:2]
    dh_norm = np.empty((N, T + 1))
    for k, P in _products_from_end(J):
        dh_norm[:, k] = _norm2(P)
    return RNNFlow(dh_norm, pascanu_bound(params.Wh, np.arange(T, -1, -1)))


def cell_path(f: np.ndarray) -> np.ndarray:
    r"""Diagonal of the cell-state path's product, for every k.

    Implements `lstm_explainer.reference.jacobians.cell_path` (equation `cell-path`) for every k at
    once.

    Args:
        f: forget-gate activations f_1 … f_T, shape (N, T, H).

    Returns:
        (N, T+1, H): entry ``[n, k]`` is the diagonal ∏_{t=k+1}^T f_t (ones at k = T).
    """
    f = np.asarray(f)
    if f.ndim != 3:
        raise ValueError(f"f must have shape (N, T, H), got shape {f.shape}")
    N, T, H = f.shape
    out = np.ones((N, T + 1, H), dtype=f.dtype)
    out[:, :T] = np.cumprod(f[:, ::-1], axis=1)[:, ::-1]  # suffix products
    return out


def lstm_gradient_flow(
    x: np.ndarray,
    params: LSTMParams,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
) -> LSTMFlow:
    """‖∂h_T/∂h_k‖, ‖dC_T/dC_k‖ and the cell-state path alone for every k; x: (N, T, D)."""
    _, cache = lstm_forward(x, params, h0, c0)
    J = lstm_step_jacobians(cache)
    N, T = J.shape[:2]
    H = params.H
    o, tc = cache.gate("o"), cache.tanh_c  # (N, T, H): steps 1 … T
    dh_norm, dc_norm = np.empty((N, T + 1)), np.empty((N, T + 1))
    for k, P in _products_from_end(J):
        dh_norm[:, k] = _norm2(P[:, :H, :H])
        dC = P[:, H:, H:]
        if k > 0:  # C_k also reaches step k+1 through h_k = o_k * tanh(C_k)
            dC = dC + P[:, H:, :H] * (o[:, k - 1] * (1 - tc[:, k - 1] ** 2))[:, None, :]
        dc_norm[:, k] = _norm2(dC)
    return LSTMFlow(dh_norm, dc_norm, cell_path(cache.gate("f")).max(axis=2))
