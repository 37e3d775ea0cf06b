"""The shared memory layout: `empty_arrays` carves a pass's arrays from one allocation."""

import numpy as np
import pytest

from lstm_explainer._stacked import empty_arrays

SHAPES = [((161, 101, 32), (100, 512, 32), (100, 128, 32)), ((5, 8, 3), (7, 5, 3)), ((73, 1001, 1),)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shapes", SHAPES)
def test_arrays_are_disjoint_views_of_one_block(dtype, shapes):
    arrays = empty_arrays(dtype, *shapes)
    assert [a.shape for a in arrays] == list(shapes)
    assert all(a.dtype == dtype for a in arrays)
    assert len({id(a.base) for a in arrays}) == 1
    assert all(a.flags.c_contiguous for a in arrays)
    for k, a in enumerate(arrays):  # no two overlap: each keeps what was written to it
        a[...] = k
    for k, a in enumerate(arrays):
        assert np.all(a == k)
