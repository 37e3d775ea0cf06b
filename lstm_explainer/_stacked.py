"""The layout both cells share: one matmul per step over the stacked column ``z_t = [h_{t-1}; x_t; 1]``.

The stacked weights ``[W_h; W_x; b]`` times ``z_t`` give the pre-activations ``a_t`` (the bias
is the weight of a constant input 1). The columns of all steps live in one ``(H+D+1, T+1, N)``
array ``Z``, column ``t`` holding ``[h_t; x_{t+1}; 1]`` (the input rows of column T are zeros;
the cell writes ``h_{t+1}`` into column ``t + 1`` as it goes). So after the loop every weight
gradient is one matmul over all steps, with no copy: ``[dW_h; dW_x; db] = Z da^T``.

A call's arrays are carved from one large allocation per pass (`empty_arrays`), not one
each. Memory fresh from the kernel costs a page fault per 4 KiB page at its first write. With
one allocation per array, glibc's malloc handed the freed arrays back to the kernel between
calls: a forward+backward at (N, T, D, H) = (32, 100, 32, 128) took about 7,000 page faults
and 30-40% longer. With one block per pass the allocator keeps the blocks for the next call:
no fault after the first. Blocks over 32 MiB (float64 at (64, 50, 64, 256)) are still mapped
afresh each call, mostly in huge pages (numpy asks for them from 4 MiB): about 900 faults.
"""

from __future__ import annotations

import math

import numpy as np


def empty_arrays(dtype: np.dtype, *shapes: tuple[int, ...]) -> list[np.ndarray]:
    """Uninitialised C-contiguous arrays of the given shapes, disjoint views of one allocation."""
    sizes = [math.prod(shape) for shape in shapes]
    flat = np.empty(sum(sizes), dtype=dtype)
    arrays, start = [], 0
    for shape, size in zip(shapes, sizes, strict=True):
        arrays.append(flat[start : start + size].reshape(shape))
        start += size
    return arrays


def weights(Wh: np.ndarray, Wx: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The stacked weights ``[W_h; W_x; b]`` transposed, ``(M, H+D+1)``, C-contiguous.

    ``Wh`` (H, M), ``Wx`` (D, M), ``b`` (M,).
    """
    return np.ascontiguousarray(np.vstack([Wh, Wx, b]).T)


def operands(x: np.ndarray, h0: np.ndarray, Z: np.ndarray) -> None:
    """Fill ``Z`` (H+D+1, T+1, N) from inputs ``x`` (N, T, D) and initial state ``h0`` (N, H).

    ``h_1 … h_T`` are left unset.
    """
    T, D, H = x.shape[1], x.shape[2], h0.shape[1]
    Z[:H, 0] = h0.T
    Z[H : H + D, :T] = x.transpose(2, 1, 0)
    Z[H : H + D, T] = 0.0
    Z[H + D] = 1.0


def weight_grads(Z: np.ndarray, da: np.ndarray, H: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dW_h, dW_x, db)`` from ``Z`` (H+D+1, T+1, N) and ``da`` (M, T, N), dL/da_t at every step.

    The three are disjoint views of one ``(H+D+1, M)`` array: ``dW_h`` (H, M), ``dW_x`` (D, M),
    ``db`` (M,).
    """
    K, T, N = Z.shape[0], da.shape[1], Z.shape[2]
    dW = Z[:, :T].reshape(K, T * N) @ da.reshape(-1, T * N).T  # (H+D+1, M)
    return dW[:H], dW[H:-1], dW[-1]


def input_grads(Wx: np.ndarray, da: np.ndarray) -> np.ndarray:
    """``dL/dx``, batch-first ``(N, T, D)``, from ``Wx`` (D, M) and ``da`` (M, T, N): one matmul."""
    M, T, N = da.shape
    return (Wx @ da.reshape(M, T * N)).reshape(-1, T, N).transpose(2, 1, 0)
