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

``Z`` and ``da`` are read and written one column ``[:, t]`` at a time: rows of N numbers, one
row length apart. When a row spans a multiple of 2^k cache lines, a column's rows fall in only
1/2^k of the cache sets and evict one another (float32 at T = 100, N = 32: 200 = 8 x 25 lines,
an eighth of the sets). So `empty_arrays` pads the rows of these arrays to an odd number of
64-byte lines, and a column's rows spread over every set. At (32, 100, 32, 128) in float32 this
took a step's strided multiply into ``da`` from 28 to 14-17 µs and its matmul from 58 to 46 µs;
the whole backward is 11-13% faster, the forward 0-5% (in float64 and at the other sizes, no
change either way). The padding is invisible to the math: the arrays keep their shapes, and
merging ``(T, N)`` into one axis (the weight gradients' matmul) is still a view.
"""

from __future__ import annotations

import math

import numpy as np

_LINE = 64  # bytes in a cache line


def _padded_row(n: int, itemsize: int) -> int:
    """Length, in items, of a row that holds ``n`` items and spans an odd number of cache lines."""
    lines = -(-n * itemsize // _LINE)
    lines += 1 - lines % 2
    return lines * _LINE // itemsize


def empty_arrays(
    dtype: np.dtype, *shapes: tuple[int, ...], columns: tuple[int, ...] = ()
) -> list[np.ndarray]:
    """Uninitialised arrays of the given shapes, views of one allocation.

    The arrays whose indices are in ``columns`` (shapes ``(rows, T, N)``, used a column
    ``[:, t]`` at a time) have their rows padded to an odd number of cache lines; the others
    are C-contiguous.
    """
    itemsize = np.dtype(dtype).itemsize
    rows = [
        (shape[0], _padded_row(math.prod(shape[1:]), itemsize)) if k in columns else (1, math.prod(shape))
        for k, shape in enumerate(shapes)
    ]
    flat = np.empty(sum(r * n for r, n in rows), dtype=dtype)
    arrays, start = [], 0
    for shape, (r, n) in zip(shapes, rows, strict=True):
        block = flat[start : start + r * n].reshape(r, n)
        arrays.append(block[:, : math.prod(shape) // r].reshape(shape))
        start += r * n
    return arrays


def weights(
    Wh: np.ndarray, Wx: np.ndarray, b: np.ndarray, scale: np.ndarray | None = None
) -> np.ndarray:
    """The stacked weights ``[W_h; W_x; b]`` transposed, ``(M, H+D+1)``, C-contiguous.

    ``Wh`` (H, M), ``Wx`` (D, M), ``b`` (M,); ``scale`` (M,), if given, multiplies each column.
    """
    W = np.vstack([Wh, Wx, b])
    if scale is not None:
        W = W * scale
    return np.ascontiguousarray(W.T)


def operands(x: np.ndarray, h0: np.ndarray, Z: np.ndarray) -> None:
    """Fill ``Z`` (H+D+1, T+1, N) from inputs ``x`` (N, T, D) and initial state ``h0`` (N, H).

    ``h_1 … h_T`` are left unset.
    """
    T, D, H = x.shape[1], x.shape[2], h0.shape[1]
    Z[:H, 0] = h0.T
    Z[H : H + D, :T] = x.transpose(2, 1, 0)
    Z[H : H + D, T] = 0.0
    Z[H + D] = 1.0


def weight_grads(
    Z: np.ndarray, da: np.ndarray, H: int, scale: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dW_h, dW_x, db)`` from ``Z`` and ``da`` (M, T, N), the gradient w.r.t. every ``a_t``.

    ``scale`` (M,), if given, multiplies each gradient column. The three are disjoint views of
    one ``(H+D+1, M)`` array: ``dW_h`` (H, M), ``dW_x`` (D, M), ``db`` (M,).
    """
    K, T, N = Z.shape[0], da.shape[1], Z.shape[2]
    dW = Z[:, :T].reshape(K, T * N) @ da.reshape(-1, T * N).T  # (H+D+1, M)
    if scale is not None:
        dW *= scale
    return dW[:H], dW[H:-1], dW[-1]


def input_grads(Wx: np.ndarray, da: np.ndarray) -> np.ndarray:
    """``dL/dx``, batch-first ``(N, T, D)``, from ``Wx`` (D, M) and ``da`` (M, T, N): one matmul."""
    M, T, N = da.shape
    return (Wx @ da.reshape(M, T * N)).reshape(-1, T, N).transpose(2, 1, 0)
