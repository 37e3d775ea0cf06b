"""A shared gradient checker: analytic gradients against central finite differences.

Like autograd's ``check_grads``: instead of perturbing every entry, perturb along a
few random directions v and compare the directional derivative ⟨∇L, v⟩ with
(L(p + εv) − L(p − εv)) / 2ε. That costs two loss evaluations per direction, whatever
the size of the array, and still catches any wrong entry (with probability 1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np


def numerical_jvp(
    f: Callable[[np.ndarray], np.ndarray | float], x: np.ndarray, v: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Central-difference estimate of the Jacobian-vector product J_f(x) v."""
    return (np.asarray(f(x + eps * v)) - np.asarray(f(x - eps * v))) / (2 * eps)


def relative_error(a: np.ndarray | float, b: np.ndarray | float) -> float:
    """max |a − b| / max(max |a|, max |b|), 0 when both are zero."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b), initial=0.0) / scale)


def _loss_at(loss: Callable, inputs: Mapping[str, np.ndarray], name: str, x: np.ndarray) -> float:
    """``loss`` with the input ``name`` replaced by ``x``."""
    return loss({**inputs, name: x})


def gradient_errors(
    loss: Callable[[dict[str, np.ndarray]], float],
    inputs: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    *,
    rng: np.random.Generator,
    directions: int = 3,
    eps: float = 1e-6,
) -> dict[str, float]:
    """Relative error of each analytic gradient along random directions.

    Args:
        loss: maps a dict of float64 arrays (same keys as ``inputs``) to a scalar.
        inputs: the point at which to check, name -> float64 array.
        grads: the analytic gradients to check, name -> array of the input's shape
            (a subset of ``inputs``' names).
        rng: random generator for the directions.
        directions: random directions per array.
        eps: finite-difference step.

    Returns:
        name -> the largest relative error over the directions.
    """
    errors = {}
    for name, grad in grads.items():
        if name not in inputs:
            known = ", ".join(inputs)
            raise KeyError(f"gradient {name!r} has no input of that name; inputs: {known}")
        x = inputs[name]
        if x.dtype != np.float64:
            raise TypeError(f"gradient checks need float64 inputs; {name} is {x.dtype}")
        if np.shape(grad) != x.shape:
            raise ValueError(f"gradient {name} has shape {np.shape(grad)}, its input {x.shape}")
        worst = 0.0
        for _ in range(directions):
            v = rng.standard_normal(x.shape)
            analytic = float(np.sum(grad * v))
            numeric = float(numerical_jvp(partial(_loss_at, loss, inputs, name), x, v, eps))
            worst = max(worst, relative_error(analytic, numeric))
        errors[name] = worst
    return errors


def assert_gradients_close(
    loss: Callable[[dict[str, np.ndarray]], float],
    inputs: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    *,
    rng: np.random.Generator,
    rtol: float = 1e-6,
    **kwargs,
) -> dict[str, float]:
    """Like `gradient_errors`, but raise ``AssertionError`` naming each gradient off by > rtol."""
    errors = gradient_errors(loss, inputs, grads, rng=rng, **kwargs)
    bad = {k: e for k, e in errors.items() if not e < rtol}
    if bad:
        lines = ", ".join(f"{k}: relative error {e:.2e}" for k, e in bad.items())
        raise AssertionError(f"gradients differ from finite differences (rtol {rtol:g}): {lines}")
    return errors
