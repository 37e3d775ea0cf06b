"""The shared memory layout: `empty_arrays` carves a pass's arrays from one allocation."""

import numpy as np
import pytest

from lstm_explainer._stacked import empty_arrays

SHAPES = [((161, 101, 32), (100, 512, 32), (100, 128, 32)), ((5, 8, 3), (7, 5, 3)), ((73, 1001, 1),)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shapes", SHAPES)
def test_arrays_are_disjoint_views_of_one_block(dtype, shapes):
    arrays = empty_arrays(dtype, *shapes, columns=(0,))
    assert [a.shape for a in arrays] == list(shapes)
    assert all(a.dtype == dtype for a in arrays)
    assert len({id(a.base) for a in arrays}) == 1
    for k, a in enumerate(arrays):  # no two overlap: each keeps what was written to it
        a[...] = k
    for k, a in enumerate(arrays):
        assert np.all(a == k)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shapes", SHAPES)
def test_column_arrays_have_rows_of_an_odd_number_of_cache_lines(dtype, shapes):
    """So a column's rows fall in different cache sets (see `lstm_explainer._stacked`)."""
    arrays = empty_arrays(dtype, *shapes, columns=(0,))
    a = arrays[0]
    row = a.strides[0]
    assert row % 64 == 0
    assert (row // 64) % 2 == 1
    assert row >= a[0].nbytes
    merged = a.reshape(a.shape[0], -1)  # (rows, T*N), as the weight gradients use it: a view
    assert np.shares_memory(merged, a)
    assert all(b.flags.c_contiguous for b in arrays[1:])
