r"""LSTM: forward pass over a sequence and exact backpropagation through time.

Notation (the site's notation table uses the same letters):
N batch, T time steps, D input size, H hidden size, G gates (4 with a forget
gate, 3 without). Public arrays are batch-first: ``x`` is ``(N, T, D)``.
Row-vector convention: the pre-activations are ``a_t = x_t W_x + h_{t-1} W_h + b``.
The gate columns of ``W_x``, ``W_h`` and ``b`` are ordered ``[i, f, o, g]``
(``[i, o, g]`` without a forget gate), where ``g`` is the candidate
$\tilde{C}_t$.

Internally the loop keeps arrays feature-major, ``(G*H, N)`` per step, so that each
gate is a contiguous block; the public outputs are batch-first views. Each step is one
matmul of the stacked weights ``[W_h; W_x; b]`` with the stacked column ``[h_{t-1}; x_t; 1]``
(the layout of `lstm_explainer._stacked`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._stacked import empty_arrays, input_grads, operands, weight_grads, weights
from ._validate import as_float_array, check_params_finite, check_shape, check_variant

VARIANTS = ("forget", "no_forget")
"""``"forget"``: the LSTM with a forget gate (Gers, Schmidhuber & Cummins 2000), the
standard today. ``"no_forget"``: the 1997 cell update without a forget gate (f ≡ 1)."""


def n_gates(variant: str) -> int:
    """Number of gate blocks G in the fused weights: 4 (i, f, o, g) or 3 (i, o, g)."""
    return 4 if check_variant(variant, VARIANTS) == "forget" else 3


@dataclass(frozen=True)
class LSTMParams:
    """Weights of an LSTM layer.

    Attributes:
        Wx: input weights, shape (D, G*H); gate column blocks ordered [i, f, o, g].
        Wh: recurrent weights, shape (H, G*H), same column order.
        b: bias, shape (G*H,).
        variant: ``"forget"`` (with forget gate) or ``"no_forget"`` (1997, f ≡ 1).
    """

    Wx: np.ndarray
    Wh: np.ndarray
    b: np.ndarray
    variant: str = "forget"

    def __post_init__(self) -> None:
        G = n_gates(self.variant)
        Wh = as_float_array("Wh", self.Wh)
        if Wh.ndim != 2 or Wh.shape[1] != G * Wh.shape[0]:
            raise ValueError(f"Wh must have shape (H, {G}*H) for variant {self.variant!r}, got {Wh.shape}")
        H = Wh.shape[0]
        Wx = as_float_array("Wx", self.Wx, Wh.dtype)
        check_shape("Wx", Wx, (None, G * H), f"(D, {G}*H)")
        b = as_float_array("b", self.b, Wh.dtype)
        check_shape("b", b, (G * H,), f"({G}*H,)")
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
    def G(self) -> int:
        return n_gates(self.variant)

    @property
    def dtype(self) -> np.dtype:
        return self.Wh.dtype


@dataclass(frozen=True)
class LSTMCache:
    """What `lstm_backward` needs from `lstm_forward`.

    Feature-major internal arrays (each step's gate blocks contiguous), views of one allocation
    (see `lstm_explainer._stacked`):
    ``Z`` (H+D+1, T+1, N), the stacked operands ``[h_t; x_{t+1}; 1]`` at column ``t``
    (``h_0 … h_T``; the input rows of column T are zeros); ``gates`` (T, G*H, N), the gate
    values of every step in the rows ``[i, f, o, g]`` (``[i, o, g]`` without a forget gate);
    ``C`` (T+1, H, N), the cell states with ``C_0`` at index 0; ``tanh_C`` (T, H, N),
    tanh(C_1) … tanh(C_T).
    """

    params: LSTMParams
    Z: np.ndarray
    gates: np.ndarray
    C: np.ndarray
    tanh_C: np.ndarray

    def gate(self, name: str) -> np.ndarray:
        """One gate's activations over the sequence, batch-first ``(N, T, H)``.

        ``name`` is ``"i"``, ``"f"``, ``"o"`` or ``"g"`` (``"f"`` is all ones for the
        ``"no_forget"`` variant).
        """
        H = self.params.H
        rows = {"i": 0, "f": 1, "o": 2, "g": 3} if self.params.G == 4 else {"i": 0, "o": 1, "g": 2}
        if name in rows:
            block = self.gates[:, rows[name] * H : (rows[name] + 1) * H]
        elif name == "f":
            block = np.ones_like(self.tanh_C)
        else:
            raise KeyError(f"unknown gate {name!r}; expected one of 'i', 'f', 'o', 'g'")
        return block.transpose(2, 0, 1)

    @property
    def h(self) -> np.ndarray:
        """Hidden states h_0 … h_T, batch-first ``(N, T+1, H)`` (h_0 first)."""
        return self.Z[: self.params.H].transpose(2, 1, 0)

    @property
    def c(self) -> np.ndarray:
        """Cell states C_0 … C_T, batch-first ``(N, T+1, H)`` (C_0 first)."""
        return self.C.transpose(2, 0, 1)

    @property
    def tanh_c(self) -> np.ndarray:
        """tanh(C_1) … tanh(C_T), batch-first ``(N, T, H)``."""
        return self.tanh_C.transpose(2, 0, 1)


@dataclass(frozen=True)
class LSTMGrads:
    """Gradients returned by `lstm_backward`.

    Attributes:
        dx: (N, T, D). dh0, dc0: (N, H). dWx: (D, G*H). dWh: (H, G*H). db: (G*H,).
        dh_norm: (N, T), the norm ‖∂L/∂h_t‖ of the total gradient reaching h_t.
        dc_norm: (N, T), the norm ‖∂L/∂C_t‖ of the total gradient reaching C_t.
    """

    dx: np.ndarray
    dh0: np.ndarray
    dc0: np.ndarray
    dWx: np.ndarray
    dWh: np.ndarray
    db: np.ndarray
    dh_norm: np.ndarray
    dc_norm: np.ndarray


def _sigmoid(a: np.ndarray) -> None:
    """sigma(a) = 1 / (1 + exp(-a)) in place, ``a`` any shape.

    exp(-a) overflows to inf for a < -709 (float64), and 1 / (1 + inf) = 0 is then exact.
    """
    np.negative(a, out=a)
    with np.errstate(over="ignore"):
        np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)


def _check_inputs(x, params, h0, c0):
    if not isinstance(params, LSTMParams):
        raise TypeError(f"params must be an LSTMParams, got {type(params).__name__}")
    check_params_finite(params)
    dtype = params.dtype
    x = as_float_array("x", x, dtype)
    check_shape("x", x, (None, None, params.D), "(N, T, D)")
    N, T, _ = x.shape
    if T == 0 or N == 0:
        raise ValueError(f"x must have N >= 1 and T >= 1, got shape {x.shape}")
    zeros = np.zeros((N, params.H), dtype=dtype)
    h0 = zeros if h0 is None else as_float_array("h0", h0, dtype)
    c0 = zeros if c0 is None else as_float_array("c0", c0, dtype)
    check_shape("h0", h0, (N, params.H), "(N, H)")
    check_shape("c0", c0, (N, params.H), "(N, H)")
    return x, h0, c0


def lstm_forward(
    x: np.ndarray,
    params: LSTMParams,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], LSTMCache]:
    r"""Run an LSTM over a sequence.

    Implements the references `lstm_explainer.reference.lstm.lstm_step_forward` and
    `lstm_explainer.reference.lstm.lstm1997_step_forward` (equations `lstm-preactivation`,
    `lstm-gates`, `lstm-cell`, `lstm-cell-1997`, `lstm-hidden`) over the whole sequence,
    in a faster layout: one matmul per step over the stacked operand [h_(t−1); x_t; 1], the
    gates of each step contiguous, and one block of memory per pass (`lstm_explainer._stacked`).
    ``tests/test_reference.py`` holds it to the reference.

    What it trades: the sigmoid gates are computed in place as 1/(1 + e^(−a)) and the
    candidate and tanh(C_t) with ``np.tanh``, as the equations read. An earlier version scaled
    the weights by −1 and −2 so that one ``exp`` gave every gate (tanh(a) = 2σ(2a) − 1); with
    that trick gone, forward and backward together take 0–7% longer (float64 and float32, the
    benchmark's four sizes, one run on 2 cores): that is the price of a kernel that reads as
    the equations do.

    ``variant="no_forget"`` is the 1997 cell (f ≡ 1).

    Args:
        x: inputs, shape (N, T, D).
        params: the layer's weights (`LSTMParams`).
        h0: initial hidden state, shape (N, H); zeros if None.
        c0: initial cell state, shape (N, H); zeros if None.

    Returns:
        ``((h, c), cache)``: h and c, shape (N, T, H), the hidden and cell states
        $h_1 \dots h_T$ and $C_1 \dots C_T$; cache for `lstm_backward`.
    """
    x, h0, c0 = _check_inputs(x, params, h0, c0)
    N, T, D = x.shape
    H, G, dtype = params.H, params.G, params.dtype
    n_sig = (G - 1) * H  # rows of the sigmoid gates i, f, o (i, o without f); g's H rows follow
    W = weights(params.Wh, params.Wx, params.b)  # (G*H, H+D+1): [W_h; W_x; b] transposed
    Z, gates, C, tanh_C = empty_arrays(dtype, (H + D + 1, T + 1, N), (T, G * H, N), (T + 1, H, N), (T, H, N))
    operands(x, h0, Z)  # (H+D+1, T+1, N), column t: [h_t; x_{t+1}; 1]
    C[0] = c0.T
    i_g = np.empty((H, N), dtype=dtype)
    for t in range(T):
        gate = gates[t]  # (G*H, N): a_t, then the gates, in place
        np.matmul(W, Z[:, t], out=gate)  # a_t = x_t W_x + h_{t-1} W_h + b
        _sigmoid(gate[:n_sig])  # i_t, f_t, o_t = sigma(a_t)
        np.tanh(gate[n_sig:], out=gate[n_sig:])  # g_t = tanh(a^g_t), the candidate
        i, o, g = gate[:H], gate[n_sig - H : n_sig], gate[n_sig:]
        if G == 4:
            np.multiply(gate[H : 2 * H], C[t], out=C[t + 1])  # f_t * C_{t-1}
        else:
            C[t + 1] = C[t]  # 1997: f == 1
        np.multiply(i, g, out=i_g)
        C[t + 1] += i_g  # C_t = f_t * C_{t-1} + i_t * g_t
        np.tanh(C[t + 1], out=tanh_C[t])
        np.multiply(o, tanh_C[t], out=Z[:H, t + 1])  # h_t = o_t * tanh(C_t)
    cache = LSTMCache(params, Z, gates, C, tanh_C)
    return (Z[:H, 1:].transpose(2, 1, 0), C[1:].transpose(2, 0, 1)), cache


def lstm_backward(
    dh: np.ndarray,
    cache: LSTMCache,
    dhT: np.ndarray | None = None,
    dcT: np.ndarray | None = None,
) -> LSTMGrads:
    r"""Exact backpropagation through time for `lstm_forward`.

    Implements the references `lstm_explainer.reference.lstm.lstm_step_backward` and
    `lstm_explainer.reference.lstm.lstm1997_step_backward` (equation `lstm-cell-grad`) over the whole
    sequence, fused (the weight gradients are one matmul after the loop).

    The loop carries the gradient of the cell state backwards, multiplied by
    $f_t$ at every step (by 1 without a forget gate): the cell-state path. The
    second term collects what reaches $C_{t-1}$ through $h_{t-1}$.

    Args:
        dh: ∂L/∂h_t for every step from the loss directly, shape (N, T, H).
        cache: from `lstm_forward`.
        dhT: extra gradient on the final hidden state h_T, shape (N, H), or None.
        dcT: gradient on the final cell state C_T, shape (N, H), or None.

    Returns:
        `LSTMGrads`, with every parameter gradient, the gradients of the
        inputs and initial states, and the per-step norms ‖∂L/∂h_t‖ and ‖∂L/∂C_t‖.
    """
    if not isinstance(cache, LSTMCache):
        raise TypeError(f"cache must be the LSTMCache from lstm_forward, got {type(cache).__name__}")
    p = cache.params
    T, H, N = cache.tanh_C.shape
    G, dtype = p.G, p.dtype
    n_sig = (G - 1) * H  # rows of the sigmoid gates
    dh = as_float_array("dh", dh, dtype)
    check_shape("dh", dh, (N, T, H), "(N, T, H)")
    dh_next = np.zeros((H, N), dtype=dtype)
    dc_next = np.zeros((H, N), dtype=dtype)
    if dhT is not None:
        dhT = as_float_array("dhT", dhT, dtype)
        check_shape("dhT", dhT, (N, H), "(N, H)")
        dh_next += dhT.T
    if dcT is not None:
        dcT = as_float_array("dcT", dcT, dtype)
        check_shape("dcT", dcT, (N, H), "(N, H)")
        dc_next += dcT.T

    # da[:, t] is dL/da_t, (G*H, N), laid out (G*H, T, N) like Z so that the weight gradients
    # after the loop are one matmul with no copy. dh_total, dc_total: the whole dL/dh_t and
    # dL/dC_t, kept for the norms.
    da, dh_total, dc_total = empty_arrays(dtype, (G * H, T, N), (T, H, N), (T, H, N))
    dh_total[...] = dh.transpose(1, 2, 0)  # dL/dh_t from the loss directly; the loop adds the rest
    d_gate = np.empty((G * H, N), dtype=dtype)  # dL/d(gate value): i, f, o, g
    slope = np.empty((G * H, N), dtype=dtype)  # d(gate value)/da: sigma' or tanh'
    tmp = np.empty((H, N), dtype=dtype)
    for t in reversed(range(T)):
        gate, tc = cache.gates[t], cache.tanh_C[t]
        i, o, g = gate[:H], gate[n_sig - H : n_sig], gate[n_sig:]
        dh_t = dh_total[t]
        dh_t += dh_next  # dL/dh_t: from the loss and from step t+1
        dc_t = dc_total[t]
        np.multiply(tc, tc, out=tmp)
        np.subtract(1.0, tmp, out=tmp)  # back through tanh(C_t)
        tmp *= o
        tmp *= dh_t
        np.add(tmp, dc_next, out=dc_t)  # dL/dC_t
        np.multiply(dc_t, g, out=d_gate[:H])  # dL/di_t
        np.multiply(dh_t, tc, out=d_gate[n_sig - H : n_sig])  # dL/do_t
        np.multiply(dc_t, i, out=d_gate[n_sig:])  # dL/dg_t
        if G == 4:
            np.multiply(dc_t, cache.C[t], out=d_gate[H : 2 * H])  # dL/df_t
            np.multiply(dc_t, gate[H : 2 * H], out=dc_next)  # the cell-state path: times f_t
        else:
            dc_next[...] = dc_t  # 1997: f == 1, the gradient passes unchanged
        np.multiply(gate, gate, out=slope)
        np.subtract(gate[:n_sig], slope[:n_sig], out=slope[:n_sig])  # sigma' = s (1 - s)
        np.subtract(1.0, slope[n_sig:], out=slope[n_sig:])  # tanh' = 1 - g^2
        da_t = da[:, t]
        np.multiply(slope, d_gate, out=da_t)  # back through the gates
        np.matmul(p.Wh, da_t, out=dh_next)  # dL/dh_{t-1} through W_h

    # Weight gradients: one matmul over all steps, after the loop: [dW_h; dW_x; db] = Z da^T.
    dWh, dWx, db = weight_grads(cache.Z, da, H)
    return LSTMGrads(
        dx=input_grads(p.Wx, da),
        dh0=dh_next.T.copy(),
        dc0=dc_next.T.copy(),
        dWx=dWx,
        dWh=dWh,
        db=db,
        dh_norm=np.sqrt(np.einsum("thn,thn->nt", dh_total, dh_total)),
        dc_norm=np.sqrt(np.einsum("thn,thn->nt", dc_total, dc_total)),
    )


def lstm_step_forward(
    x_t: np.ndarray, h_prev: np.ndarray | None, c_prev: np.ndarray | None, params: LSTMParams
) -> tuple[tuple[np.ndarray, np.ndarray], LSTMCache]:
    """One LSTM step: `lstm_forward` with T = 1.

    Args:
        x_t: input, shape (N, D).
        h_prev: previous hidden state, shape (N, H), or None for zeros.
        c_prev: previous cell state, shape (N, H), or None for zeros.
        params: the layer's weights.

    Returns:
        ``((h, c), cache)`` with h and c of shape (N, H).
    """
    x_t = np.asarray(x_t)
    if x_t.ndim != 2:
        raise ValueError(f"x_t must have shape (N, D), got shape {x_t.shape}")
    (h, c), cache = lstm_forward(x_t[:, None, :], params, h_prev, c_prev)
    return (h[:, 0], c[:, 0]), cache


def lstm_step_backward(dh: np.ndarray, dc: np.ndarray | None, cache: LSTMCache) -> LSTMGrads:
    """Backward of `lstm_step_forward`.

    Args:
        dh: ∂L/∂h_t, shape (N, H).
        dc: ∂L/∂C_t, shape (N, H), or None.
        cache: from `lstm_step_forward`.

    Returns:
        `LSTMGrads` for the single step (dx has shape (N, 1, D)).
    """
    dh = np.asarray(dh)
    if dh.ndim != 2:
        raise ValueError(f"dh must have shape (N, H), got shape {dh.shape}")
    return lstm_backward(dh[:, None, :], cache, dcT=dc)
