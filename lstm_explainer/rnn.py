r"""Vanilla (Elman) RNN with tanh: forward over a sequence and exact BPTT.

Notation as in `lstm_explainer.lstm`: N batch, T time, D input, H hidden;
public arrays batch-first, row-vector convention ``a_t = x_t W_x + h_{t-1} W_h + b``.
The loop keeps arrays feature-major, ``(H, N)`` per step. As in the LSTM, each step is one
matmul of the stacked weights ``[W_h; W_x; b]`` with the stacked column ``[h_{t-1}; x_t; 1]``
(the layout of `lstm_explainer._stacked`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._stacked import empty_arrays, input_grads, operands, weight_grads, weights
from ._validate import as_float_array, check_params_finite, check_shape


@dataclass(frozen=True)
class RNNParams:
    """Weights of a tanh RNN layer.

    Attributes:
        Wx: input weights, shape (D, H).
        Wh: recurrent weights, shape (H, H).
        b: bias, shape (H,).
    """

    Wx: np.ndarray
    Wh: np.ndarray
    b: np.ndarray

    def __post_init__(self) -> None:
        Wh = as_float_array("Wh", self.Wh)
        if Wh.ndim != 2 or Wh.shape[0] != Wh.shape[1]:
            raise ValueError(f"Wh must have shape (H, H), got shape {Wh.shape}")
        H = Wh.shape[0]
        Wx = as_float_array("Wx", self.Wx, Wh.dtype)
        check_shape("Wx", Wx, (None, H), "(D, H)")
        b = as_float_array("b", self.b, Wh.dtype)
        check_shape("b", b, (H,), "(H,)")
        object.__setattr__(self, "Wx", Wx)
        object.__setattr__(self, "Wh", Wh)
        object.__setattr__(self, "b", b)

    @property
    def D(self) -> int:
        return self.Wx.shape[0]

    @property
    def H(self) -> int:
        return self.Wh.shape[0]

    @property
    def dtype(self) -> np.dtype:
        return self.Wh.dtype


@dataclass(frozen=True)
class RNNCache:
    """What `rnn_backward` needs: ``Z`` (H+D+1, T+1, N), the stacked operands
    ``[h_t; x_{t+1}; 1]`` at column ``t`` (``h_0 … h_T``; the input rows of column T are zeros)."""

    params: RNNParams
    Z: np.ndarray

    @property
    def h(self) -> np.ndarray:
        """Hidden states h_0 … h_T, batch-first ``(N, T+1, H)`` (h_0 first)."""
        return self.Z[: self.params.H].transpose(2, 1, 0)


@dataclass(frozen=True)
class RNNGrads:
    """Gradients returned by `rnn_backward`.

    Attributes:
        dx: (N, T, D). dh0: (N, H). dWx: (D, H). dWh: (H, H). db: (H,).
        dh_norm: (N, T), the norm ‖∂L/∂h_t‖ of the total gradient reaching h_t.
    """

    dx: np.ndarray
    dh0: np.ndarray
    dWx: np.ndarray
    dWh: np.ndarray
    db: np.ndarray
    dh_norm: np.ndarray


def rnn_forward(
    x: np.ndarray, params: RNNParams, h0: np.ndarray | None = None
) -> tuple[np.ndarray, RNNCache]:
    r"""Run a tanh RNN over a sequence.

    Implements the reference `lstm_explainer.reference.rnn.rnn_step_forward` (equation `rnn-state`)
    over the whole sequence, with the stacked operand [h_(t−1); x_t; 1].

    Args:
        x: inputs, shape (N, T, D).
        params: the layer's weights (`RNNParams`).
        h0: initial hidden state, shape (N, H); zeros if None.

    Returns:
        ``(h, cache)``: h of shape (N, T, H), the states $h_1 \dots h_T$.
    """
    if not isinstance(params, RNNParams):
        raise TypeError(f"params must be an RNNParams, got {type(params).__name__}")
    check_params_finite(params)
    dtype = params.dtype
    x = as_float_array("x", x, dtype)
    check_shape("x", x, (None, None, params.D), "(N, T, D)")
    N, T, _ = x.shape
    if T == 0 or N == 0:
        raise ValueError(f"x must have N >= 1 and T >= 1, got shape {x.shape}")
    h0 = np.zeros((N, params.H), dtype=dtype) if h0 is None else as_float_array("h0", h0, dtype)
    check_shape("h0", h0, (N, params.H), "(N, H)")

    H = params.H
    W = weights(params.Wh, params.Wx, params.b)  # (H, H+D+1)
    (Z,) = empty_arrays(dtype, (H + params.D + 1, T + 1, N))
    operands(x, h0, Z)  # (H+D+1, T+1, N), column t: [h_t; x_{t+1}; 1]
    a = np.empty((H, N), dtype=dtype)
    for t in range(T):
        np.matmul(W, Z[:, t], out=a)  # a_t = x_t W_x + h_{t-1} W_h + b
        np.tanh(a, out=Z[:H, t + 1])  # h_t = tanh(a_t)
    return Z[:H, 1:].transpose(2, 1, 0), RNNCache(params, Z)


def rnn_backward(dh: np.ndarray, cache: RNNCache, dhT: np.ndarray | None = None) -> RNNGrads:
    r"""Exact backpropagation through time for `rnn_forward`.

    Implements the reference `lstm_explainer.reference.rnn.rnn_step_backward` (equation `rnn-grad`)
    over the whole sequence (the weight gradients are one matmul after the loop).

    Args:
        dh: ∂L/∂h_t for every step from the loss directly, shape (N, T, H).
        cache: from `rnn_forward`.
        dhT: extra gradient on the final state h_T, shape (N, H), or None.

    Returns:
        `RNNGrads`, with the per-step norms ‖∂L/∂h_t‖.
    """
    if not isinstance(cache, RNNCache):
        raise TypeError(f"cache must be the RNNCache from rnn_forward, got {type(cache).__name__}")
    p = cache.params
    H = p.H
    T, N = cache.Z.shape[1] - 1, cache.Z.shape[2]
    dh = as_float_array("dh", dh, p.dtype)
    check_shape("dh", dh, (N, T, H), "(N, T, H)")
    dh_next = np.zeros((H, N), dtype=p.dtype)
    if dhT is not None:
        dhT = as_float_array("dhT", dhT, p.dtype)
        check_shape("dhT", dhT, (N, H), "(N, H)")
        dh_next += dhT.T
    # dh_total: the total dL/dh_t, kept for the norms. da[:, t] is the gradient w.r.t. the
    # pre-activation a_t, laid out (H, T, N) like Z.
    dh_total, da = empty_arrays(p.dtype, (T, H, N), (H, T, N))
    dh_total[...] = dh.transpose(1, 2, 0)  # dL/dh_t from the loss directly; the loop adds the rest
    tmp = np.empty((H, N), dtype=p.dtype)
    for t in reversed(range(T)):
        h = cache.Z[:H, t + 1]
        dh_total[t] += dh_next  # dL/dh_t: from the loss and from step t+1
        np.multiply(h, h, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        da_t = da[:, t]
        np.multiply(tmp, dh_total[t], out=da_t)  # backprop through tanh
        np.matmul(p.Wh, da_t, out=dh_next)  # dL/dh_{t-1} through W_h

    # Weight gradients: one matmul over all steps, after the loop: [dW_h; dW_x; db] = Z da^T.
    dWh, dWx, db = weight_grads(cache.Z, da, H)
    return RNNGrads(
        dx=input_grads(p.Wx, da),
        dh0=dh_next.T.copy(),
        dWx=dWx,
        dWh=dWh,
        db=db,
        dh_norm=np.sqrt(np.einsum("thn,thn->nt", dh_total, dh_total)),
    )


def rnn_step_forward(
    x_t: np.ndarray, h_prev: np.ndarray | None, params: RNNParams
) -> tuple[np.ndarray, RNNCache]:
    """One RNN step: `rnn_forward` with T = 1.

    Args:
        x_t: input, shape (N, D).
        h_prev: previous state, shape (N, H), or None for zeros.
        params: the layer's weights.

    Returns:
        ``(h, cache)`` with h of shape (N, H).
    """
    x_t = np.asarray(x_t)
    if x_t.ndim != 2:
        raise ValueError(f"x_t must have shape (N, D), got shape {x_t.shape}")
    h, cache = rnn_forward(x_t[:, None, :], params, h_prev)
    return h[:, 0], cache


def rnn_step_backward(dh: np.ndarray, cache: RNNCache) -> RNNGrads:
    """Backward of `rnn_step_forward`.

    Args:
        dh: ∂L/∂h_t, shape (N, H).
        cache: from `rnn_step_forward`.

    Returns:
        `RNNGrads` for the single step (dx has shape (N, 1, D)).
    """
    dh = np.asarray(dh)
    if dh.ndim != 2:
        raise ValueError(f"dh must have shape (N, H), got shape {dh.shape}")
    return rnn_backward(dh[:, None, :], cache)
