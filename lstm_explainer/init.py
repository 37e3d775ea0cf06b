"""Initialisers whose knobs are the quantities the gradient story depends on.

* the recurrent matrix's spectral radius or largest singular value (vanilla RNN:
  below 1 the gradient vanishes, above 1 it can explode);
* the forget-gate bias of an LSTM (Jozefowicz, Zaremba & Sutskever 2015 recommend 1).

All randomness comes from the ``rng`` argument (a ``numpy.random.Generator``).
"""

from __future__ import annotations

import numpy as np

from .lstm import LSTMParams, n_gates
from .rnn import RNNParams


def _check_sizes(D: int, H: int) -> None:
    for name, v in (("D", D), ("H", H)):
        if not isinstance(v, int | np.integer) or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}")


def _check_rng(rng: object) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator (e.g. numpy.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng


def scale_recurrent(
    W: np.ndarray, *, spectral_radius: float | None = None, max_singular_value: float | None = None
) -> np.ndarray:
    """Return ``W`` (H, H) rescaled to the given spectral radius or largest singular value.

    Exactly one of the two keywords must be given. The spectral radius is
    max |eigenvalue|; the largest singular value σ_max(W) is the quantity in the
    bound of Pascanu, Mikolov & Bengio (2013). For an orthogonal W they coincide.
    """
    if (spectral_radius is None) == (max_singular_value is None):
        raise ValueError("give exactly one of spectral_radius= or max_singular_value=")
    target = spectral_radius if spectral_radius is not None else max_singular_value
    assert target is not None  # exactly one was given
    if not np.isfinite(target) or target < 0:
        raise ValueError(f"the target scale must be a finite number >= 0, got {target!r}")
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be square (H, H), got shape {W.shape}")
    if spectral_radius is not None:
        current = np.max(np.abs(np.linalg.eigvals(W)))
    else:
        current = np.linalg.norm(W, 2)
    if current == 0:
        raise ValueError("W is zero (or nilpotent): it cannot be rescaled to a target")
    return (W * (target / current)).astype(W.dtype, copy=False)


def _recurrent(H: int, rng: np.random.Generator, kind: str, dtype) -> np.ndarray:
    if kind == "orthogonal":
        q, r = np.linalg.qr(rng.standard_normal((H, H)))
        return (q * np.sign(np.diag(r))).astype(dtype)  # Haar-distributed orthogonal
    if kind == "gaussian":
        return (rng.standard_normal((H, H)) / np.sqrt(H)).astype(dtype)
    raise ValueError(f"unknown recurrent init {kind!r}; expected 'orthogonal' or 'gaussian'")


def init_rnn(
    D: int,
    H: int,
    *,
    rng: np.random.Generator,
    spectral_radius: float | None = None,
    max_singular_value: float | None = None,
    recurrent: str = "orthogonal",
    input_scale: float = 1.0,
    dtype: type = np.float64,
) -> RNNParams:
    """A tanh RNN with a chosen recurrent scale.

    Args:
        D: input size.
        H: hidden size.
        rng: the random generator.
        spectral_radius: if given, W_h is rescaled to this spectral radius.
        max_singular_value: if given, W_h is rescaled to this σ_max (not with the above).
        recurrent: ``"orthogonal"`` (default; radius and σ_max are both 1 before
            rescaling) or ``"gaussian"`` (entries N(0, 1/H)).
        input_scale: W_x entries are N(0, input_scale² / D).
        dtype: float64 (default) or float32.
    """
    _check_sizes(D, H)
    rng = _check_rng(rng)
    Wh = _recurrent(H, rng, recurrent, np.float64)
    if spectral_radius is not None or max_singular_value is not None:
        Wh = scale_recurrent(Wh, spectral_radius=spectral_radius, max_singular_value=max_singular_value)
    Wx = rng.standard_normal((D, H)) * (input_scale / np.sqrt(D))
    return RNNParams(Wx.astype(dtype), Wh.astype(dtype), np.zeros(H, dtype=dtype))


def init_lstm(
    D: int,
    H: int,
    *,
    rng: np.random.Generator,
    forget_bias: float = 1.0,
    input_bias: float = 0.0,
    variant: str = "forget",
    recurrent: str = "orthogonal",
    input_scale: float = 1.0,
    uniform: float | None = None,
    dtype: type = np.float64,
) -> LSTMParams:
    """An LSTM layer; each gate's recurrent block is an independent orthogonal (or Gaussian) matrix.

    Args:
        D: input size.
        H: hidden size.
        rng: the random generator.
        forget_bias: the initial bias b_f of the forget gate (1 is the usual
            remedy, Jozefowicz et al. 2015; ignored by the ``"no_forget"`` variant).
        input_bias: the initial bias b_i of the input gate. Hochreiter & Schmidhuber (1997)
            start it negative (−3 and −6 on the adding problem) against "internal state drift":
            a half-open input gate adds to C_t at every step until tanh(C_t) saturates.
        variant: ``"forget"`` or ``"no_forget"`` (the 1997 cell, f ≡ 1).
        recurrent: ``"orthogonal"`` or ``"gaussian"``, as in `init_rnn`.
        input_scale: W_x entries are N(0, input_scale² / D).
        uniform: if given, every entry of W_x and W_h is drawn from U[−uniform, uniform]
            instead (``recurrent`` and ``input_scale`` are then unused): 0.1 is the 1997 paper's.
        dtype: float64 (default) or float32.
    """
    _check_sizes(D, H)
    rng = _check_rng(rng)
    G = n_gates(variant)
    for name, value in (("forget_bias", forget_bias), ("input_bias", input_bias)):
        if not np.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
    if uniform is None:
        Wh = np.concatenate([_recurrent(H, rng, recurrent, np.float64) for _ in range(G)], axis=1)
        Wx = rng.standard_normal((D, G * H)) * (input_scale / np.sqrt(D))
    elif not (np.isfinite(uniform) and uniform > 0):
        raise ValueError(f"uniform must be a finite number > 0, got {uniform!r}")
    else:
        Wh = rng.uniform(-uniform, uniform, (H, G * H))
        Wx = rng.uniform(-uniform, uniform, (D, G * H))
    b = np.zeros(G * H)
    b[:H] = input_bias  # columns [i, f, o, g] ([i, o, g]): i is the first block
    if G == 4:
        b[H : 2 * H] = forget_bias  # f is the second block
    return LSTMParams(Wx.astype(dtype), Wh.astype(dtype), b.astype(dtype), variant)
