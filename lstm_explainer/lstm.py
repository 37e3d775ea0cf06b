r"""LSTM: forward pass over a sequence and exact backpropagation through time.

Notation (the site's notation table uses the same letters):
N batch, T time steps, D input size, H hidden size, G gates (4 with a forget
gate, 3 without). Public arrays are batch-first: ``x`` is ``(N, T, D)``.
Row-vector convention: the pre-activations are ``a_t = x_t W_x + h_{t-1} W_h + b``.
The gate columns of ``W_x``, ``W_h`` and ``b`` are ordered ``[i, f, o, g]``
(``[i, o, g]`` without a forget gate), where ``g`` is the candidate
$\tilde{C}_t$. Sigmoid gates come first so that one ``tanh`` call
computes all gates (``sigmoid(a) = (1 + tanh(a / 2)) / 2``, exact in floating point
because halving is exact).

Internally the loop keeps arrays feature-major, ``(G*H, N)`` per step, so that each
gate is a contiguous block; the public outputs are batch-first views.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
            raise ValueError(
                f"Wh must have shape (H, {G}*H) for variant {self.variant!r}, got {Wh.shape}"
            )
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

    Feature-major internal arrays (each step's gate blocks contiguous):
    ``X`` (T, D, N), ``T_raw`` (T, G*H, N) the tanh of the (halved) pre-activations,
    ``S`` (T, S*H, N) the sigmoid gates, ``Hs`` and ``Cs`` (T+1, H, N) with the
    initial state at index 0, ``tanh_C`` (T, H, N).
    """

    params: LSTMParams
    X: np.ndarray
    T_raw: np.ndarray
    S: np.ndarray
    Hs: np.ndarray
    Cs: np.ndarray
    tanh_C: np.ndarray

    def gate(self, name: str) -> np.ndarray:
        """One gate's activations over the sequence, batch-first ``(N, T, H)``.

        ``name`` is ``"i"``, ``"f"``, ``"o"`` or ``"g"`` (``"f"`` is all ones for the
        ``"no_forget"`` variant).
        """
        H = self.params.H
        rows = {"i": 0, "f": 1, "o": 2} if self.params.G == 4 else {"i": 0, "o": 1}
        if name == "g":
            block = self.T_raw[:, -H:]
        elif name in rows:
            block = self.S[:, rows[name] * H : (rows[name] + 1) * H]
        elif name == "f":
            block = np.ones_like(self.tanh_C)
        else:
            raise KeyError(f"unknown gate {name!r}; expected one of 'i', 'f', 'o', 'g'")
        return block.transpose(2, 0, 1)

    @property
    def h(self) -> np.ndarray:
        """Hidden states h_0 … h_T, batch-first ``(N, T+1, H)`` (h_0 first)."""
        return self.Hs.transpose(2, 0, 1)

    @property
    def c(self) -> np.ndarray:
        """Cell states C_0 … C_T, batch-first ``(N, T+1, H)`` (C_0 first)."""
        return self.Cs.transpose(2, 0, 1)

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


def _gate_scale(G: int, H: int, dtype: np.dtype, value: float) -> np.ndarray:
    """(G*H,) vector: ``value`` on the sigmoid gates' columns, 1 on g's columns."""
    s = np.full(G * H, value, dtype=dtype)
    s[-H:] = 1.0
    return s


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

    Computes equation `lstm-cell-1997`:

    $$
    C_t = C_{t-1} + i_t \odot \tilde{C}_t
    $$

    Computes equation `lstm-hidden`:

    $$
    h_t = o_t \odot \tanh(C_t)
    $$

    `lstm-cell-1997` is the update of the ``"no_forget"`` variant (f ≡ 1).

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
    N, T, _ = x.shape
    H, G, dtype = params.H, params.G, params.dtype
    SH = (G - 1) * H  # rows of the sigmoid gates
    half = _gate_scale(G, H, dtype, 0.5)
    # sigma(a) = (1 + tanh(a/2)) / 2: pre-halve the sigmoid gates' weights once,
    # so that a single tanh over all G*H rows gives every gate.
    WxT = np.ascontiguousarray((params.Wx * half).T)  # (G*H, D)
    WhT = np.ascontiguousarray((params.Wh * half).T)  # (G*H, H)
    bh = (params.b * half)[:, None]  # (G*H, 1)

    X = np.ascontiguousarray(x.transpose(1, 2, 0))  # (T, D, N)
    T_raw = np.matmul(WxT, X)  # (T, G*H, N): input projection for all steps at once
    T_raw += bh
    S = np.empty((T, SH, N), dtype=dtype)
    Hs = np.empty((T + 1, H, N), dtype=dtype)
    Cs = np.empty((T + 1, H, N), dtype=dtype)
    tanh_C = np.empty((T, H, N), dtype=dtype)
    Hs[0] = h0.T
    Cs[0] = c0.T
    ig = np.empty((H, N), dtype=dtype)
    rec = np.empty((G * H, N), dtype=dtype)
    for t in range(T):
        z = T_raw[t]  # (G*H, N), holds x_t W_x + b; becomes tanh of the halved a_t
        np.matmul(WhT, Hs[t], out=rec)
        z += rec  # a_t (sigmoid rows halved)
        np.tanh(z, out=z)  # one tanh for every gate
        s = S[t]
        np.multiply(z[:SH], 0.5, out=s)
        s += 0.5  # sigmoid gates: i, f, o (or i, o)
        i, o, g = s[:H], s[SH - H :], z[SH:]
        c = Cs[t + 1]
        if G == 4:
            np.multiply(s[H : 2 * H], Cs[t], out=c)  # f_t * C_{t-1}
        else:
            c[...] = Cs[t]  # 1997: f == 1
        np.multiply(i, g, out=ig)
        c += ig  # C_t = f_t * C_{t-1} + i_t * g_t
        np.tanh(c, out=tanh_C[t])
        np.multiply(o, tanh_C[t], out=Hs[t + 1])  # h_t = o_t * tanh(C_t)
    cache = LSTMCache(params, X, T_raw, S, Hs, Cs, tanh_C)
    return (Hs[1:].transpose(2, 0, 1), Cs[1:].transpose(2, 0, 1)), cache


def lstm_backward(
    dh: np.ndarray,
    cache: LSTMCache,
    dhT: np.ndarray | None = None,
    dcT: np.ndarray | None = None,
) -> LSTMGrads:
    r"""Exact backpropagation through time for `lstm_forward`.

    Computes equation `lstm-cell-grad`:

    $$
    \frac{\partial L}{\partial C_{t-1}} = \frac{\partial L}{\partial C_t} \odot f_t
    + \frac{\partial L}{\partial h_{t-1}} \odot o_{t-1} \odot \left(1 - \tanh^2 C_{t-1}\right)
    $$

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
    SH = (G - 1) * H
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

    # d tanh(z)/dz = 1 - tanh^2; for a sigmoid gate s = (1 + tanh(a/2))/2, so
    # ds/da = (1 - tanh^2)/4. The 1/4 is folded into the weights (exact: a power of 2).
    quarter = _gate_scale(G, H, dtype, 0.25)
    Wh_q = p.Wh * quarter  # (H, G*H)
    dHin = dh.transpose(1, 2, 0)  # (T, H, N) view
    dZ = np.empty((T, G * H, N), dtype=dtype)  # gradient w.r.t. the scaled a_t
    dH_tot = np.empty((T, H, N), dtype=dtype)
    dC_tot = np.empty((T, H, N), dtype=dtype)
    dA = np.empty((G * H, N), dtype=dtype)  # gradient w.r.t. the gates i, f, o, g
    tmp = np.empty((H, N), dtype=dtype)
    for t in reversed(range(T)):
        s, z, tc = cache.S[t], cache.T_raw[t], cache.tanh_C[t]
        i, o, g = s[:H], s[SH - H :], z[SH:]
        dht = dH_tot[t]
        np.add(dHin[t], dh_next, out=dht)  # dL/dh_t: from the loss and from step t+1
        dc = dC_tot[t]
        np.multiply(tc, tc, out=tmp)
        np.subtract(1.0, tmp, out=tmp)  # backprop through tanh(C_t)
        tmp *= o
        tmp *= dht
        np.add(tmp, dc_next, out=dc)  # dL/dC_t
        np.multiply(dc, g, out=dA[:H])  # dL/di_t
        np.multiply(dht, tc, out=dA[SH - H : SH])  # dL/do_t
        np.multiply(dc, i, out=dA[SH:])  # dL/dg_t
        if G == 4:
            f = s[H : 2 * H]
            np.multiply(dc, cache.Cs[t], out=dA[H : 2 * H])  # dL/df_t
            np.multiply(dc, f, out=dc_next)  # the cell-state path: times f_t
        else:
            dc_next[...] = dc  # 1997: f == 1, the gradient passes unchanged
        dz = dZ[t]
        np.multiply(z, z, out=dz)
        np.subtract(1.0, dz, out=dz)  # backprop through the gates' tanh
        dz *= dA
        np.matmul(Wh_q, dz, out=dh_next)  # dL/dh_{t-1} through W_h

    # Weight gradients: one matmul each over all steps, after the loop.
    dWx = np.tensordot(cache.X, dZ, axes=([0, 2], [0, 2])) * quarter  # (D, G*H)
    dWh = np.tensordot(cache.Hs[:-1], dZ, axes=([0, 2], [0, 2])) * quarter  # (H, G*H)
    db = dZ.sum(axis=(0, 2)) * quarter  # (G*H,)
    dX = np.matmul(p.Wx * quarter, dZ)  # (T, D, N)
    return LSTMGrads(
        dx=dX.transpose(2, 0, 1),
        dh0=dh_next.T.copy(),
        dc0=dc_next.T.copy(),
        dWx=dWx,
        dWh=dWh,
        db=db,
        dh_norm=np.sqrt(np.einsum("thn,thn->nt", dH_tot, dH_tot)),
        dc_norm=np.sqrt(np.einsum("thn,thn->nt", dC_tot, dC_tot)),
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
