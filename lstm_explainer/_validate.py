"""Input checks shared by every public function: clear errors for bad arrays.

Each check names the argument, the expected shape or dtype, and what it received,
so that a student who passes ``(T, N, D)`` instead of ``(N, T, D)`` learns which
axis is wrong.
"""

from __future__ import annotations

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def as_float_array(name: str, value: object, dtype: np.dtype | None = None) -> np.ndarray:
    """Return ``value`` as a finite float32/float64 array, or raise a clear error.

    Args:
        name: the argument's name, used in error messages.
        value: the array (or array-like of floats) to check.
        dtype: if given, the dtype the array must already have (all arrays of one
            call share one dtype; nothing is cast silently).
    """
    arr = np.asarray(value)
    if arr.dtype not in FLOAT_DTYPES:
        raise TypeError(f"{name} must be a float32 or float64 array, got dtype {arr.dtype}")
    if dtype is not None and arr.dtype != dtype:
        raise TypeError(
            f"{name} has dtype {arr.dtype} but the other arrays of this call are "
            f"{np.dtype(dtype)}; pass arrays of one dtype (float32 or float64)"
        )
    if not np.isfinite(arr).all():
        bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must be finite, but it has {bad} NaN or infinite value(s)")
    return arr


def check_shape(name: str, arr: np.ndarray, expected: tuple, letters: str) -> None:
    """Raise ``ValueError`` unless ``arr.shape`` matches ``expected``.

    Args:
        name: the argument's name.
        arr: the array to check.
        expected: one entry per axis: an int that must match, or ``None`` for any size.
        letters: the axes' letters for the message, e.g. ``"(N, T, D)"``.
    """
    ok = arr.ndim == len(expected) and all(
        e is None or e == s for e, s in zip(expected, arr.shape, strict=False)
    )
    if not ok:
        want = ", ".join("?" if e is None else str(e) for e in expected)
        want += "," if len(expected) == 1 else ""
        raise ValueError(f"{name} must have shape {letters} = ({want}), got shape {tuple(arr.shape)}")


def check_params_finite(params: object) -> None:
    """Raise ``ValueError`` if a weight array of ``params`` holds NaN or inf.

    Weights are checked at construction, but arrays are mutable: a diverged
    training step can write NaN into them later, so every forward pass checks again.
    """
    for name in ("Wx", "Wh", "b"):
        as_float_array(name, getattr(params, name))


def check_variant(variant: str, allowed: tuple[str, ...]) -> str:
    """Return ``variant`` if it is one of ``allowed``, else raise ``ValueError``."""
    if variant not in allowed:
        raise ValueError(f"unknown variant {variant!r}; expected one of {', '.join(allowed)}")
    return variant
