"""Property tests over shapes, batch sizes, T, variants and dtypes (hypothesis, derandomized)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import lstm_explainer as lx
from lstm_explainer.gradcheck import assert_gradients_close

sizes = st.tuples(st.integers(1, 4), st.integers(1, 12), st.integers(1, 5), st.integers(1, 6))  # N, T, D, H
dtypes = st.sampled_from([np.float64, np.float32])
variants = st.sampled_from(lx.VARIANTS)
seeds = st.integers(0, 2**32 - 1)


@given(size=sizes, dtype=dtypes, variant=variants, seed=seeds)
def test_lstm_shapes_dtypes_and_bounds(size, dtype, variant, seed, random_lstm):
    N, T, D, H = size
    rng = np.random.default_rng(seed)
    p = random_lstm(rng, D=D, H=H, variant=variant, dtype=dtype)
    x = rng.standard_normal((N, T, D)).astype(dtype)
    (h, c), cache = lx.lstm_forward(x, p)
    assert h.shape == c.shape == (N, T, H)
    assert h.dtype == dtype
    assert np.all(np.abs(h) <= 1)  # |o tanh(C)| <= 1
    for name in "ifo":
        gate = cache.gate(name)
        assert gate.shape == (N, T, H)
        assert np.all((gate >= 0) & (gate <= 1))
    g = lx.lstm_backward(np.ones_like(h), cache)
    assert (g.dx.shape, g.dWh.shape, g.db.shape) == (x.shape, p.Wh.shape, p.b.shape)
    assert g.dh0.shape == g.dc0.shape == (N, H)
    assert g.dh_norm.shape == g.dc_norm.shape == (N, T)
    assert all(a.dtype == dtype for a in (g.dx, g.dWx, g.dWh, g.db, g.dh0, g.dc0))


@given(size=sizes, dtype=dtypes, seed=seeds)
def test_rnn_shapes_dtypes_and_bounds(size, dtype, seed, random_rnn):
    N, T, D, H = size
    rng = np.random.default_rng(seed)
    p = random_rnn(rng, D=D, H=H, dtype=dtype)
    h, cache = lx.rnn_forward(rng.standard_normal((N, T, D)).astype(dtype), p)
    assert h.shape == (N, T, H)
    assert h.dtype == dtype
    assert np.all(np.abs(h) <= 1)
    g = lx.rnn_backward(np.ones_like(h), cache)
    assert (g.dWh.shape, g.dh_norm.shape, g.dWh.dtype) == ((H, H), (N, T), dtype)


@given(size=sizes, variant=variants, seed=seeds)
def test_lstm_gradients_match_finite_differences_for_any_shape(size, variant, seed, random_lstm):
    N, T, D, H = size
    rng = np.random.default_rng(seed)
    p = random_lstm(rng, D=D, H=H, variant=variant)
    x, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, H))

    def loss(q):
        (h, _), _ = lx.lstm_forward(q["x"], lx.LSTMParams(q["Wx"], q["Wh"], q["b"], variant))
        return float(np.sum(h * dh))

    _, cache = lx.lstm_forward(x, p)
    g = lx.lstm_backward(dh, cache)
    point = {"x": x, "Wx": p.Wx, "Wh": p.Wh, "b": p.b}
    assert_gradients_close(
        loss, point, {"x": g.dx, "Wx": g.dWx, "Wh": g.dWh, "b": g.db}, rng=rng, directions=1
    )


@given(size=sizes, seed=seeds)
def test_batch_samples_are_independent(size, seed, random_lstm):
    """Running a batch equals running each sample alone (no mixing across the batch axis)."""
    N, T, D, H = size
    rng = np.random.default_rng(seed)
    p = random_lstm(rng, D=D, H=H)
    x = rng.standard_normal((N, T, D))
    (h, _), _ = lx.lstm_forward(x, p)
    for n in range(N):
        (hn, _), _ = lx.lstm_forward(x[n : n + 1], p)
        np.testing.assert_allclose(h[n], hn[0], rtol=1e-12, atol=1e-14)


@given(T=st.integers(1, 30), radius=st.floats(0.1, 3.0), seed=seeds)
def test_rnn_flow_never_exceeds_the_pascanu_bound(T, radius, seed):
    rng = np.random.default_rng(seed)
    p = lx.init_rnn(2, 5, rng=rng, spectral_radius=radius, recurrent="gaussian")
    flow = lx.rnn_gradient_flow(rng.standard_normal((2, T, 2)), p)
    assert np.all(flow.dh_norm <= flow.bound * (1 + 1e-10))
    np.testing.assert_allclose(flow.dh_norm[:, -1], 1.0)  # ∂h_T/∂h_T = I


@given(T=st.integers(1, 30), seed=seeds)
def test_lstm_cell_path_is_monotone_in_distance(T, seed, random_lstm):
    rng = np.random.default_rng(seed)
    flow = lx.lstm_gradient_flow(rng.standard_normal((1, T, 2)), random_lstm(rng, D=2, H=3))
    assert np.all(np.diff(flow.cell_path_norm[0]) >= 0)  # further back: more factors f <= 1
