"""Initialisers: the knobs set exactly what they say."""

import numpy as np
import pytest

import lstm_explainer as lx
from lstm_explainer import tasks


@pytest.mark.parametrize("recurrent", ["orthogonal", "gaussian"])
def test_init_rnn_sets_spectral_radius_and_sigma_max(rng, recurrent):
    p = lx.init_rnn(3, 20, rng=rng, spectral_radius=0.9, recurrent=recurrent)
    np.testing.assert_allclose(np.max(np.abs(np.linalg.eigvals(p.Wh))), 0.9, rtol=1e-12)
    q = lx.init_rnn(3, 20, rng=rng, max_singular_value=1.7, recurrent=recurrent)
    np.testing.assert_allclose(np.linalg.svd(q.Wh, compute_uv=False)[0], 1.7, rtol=1e-12)


def test_orthogonal_init_is_orthogonal(rng):
    p = lx.init_rnn(2, 10, rng=rng)
    np.testing.assert_allclose(p.Wh @ p.Wh.T, np.eye(10), atol=1e-12)


@pytest.mark.parametrize("bias", [0.0, 1.0, 3.0])
def test_init_lstm_forget_bias_sets_the_forget_gate(rng, bias):
    """With zero input and state, f_1 = σ(b_f) and the other gates are σ(0) = 1/2."""
    p = lx.init_lstm(2, 5, rng=rng, forget_bias=bias)
    _, cache = lx.lstm_forward(np.zeros((1, 1, 2)), p)
    np.testing.assert_allclose(cache.gate("f"), 1 / (1 + np.exp(-bias)), rtol=1e-14)
    np.testing.assert_allclose(cache.gate("i"), 0.5, rtol=1e-14)
    np.testing.assert_allclose(cache.gate("o"), 0.5, rtol=1e-14)


def test_init_lstm_input_bias_sets_the_input_gate_and_stops_the_state_drift(rng):
    """b_i = −3 (the 1997 paper's remedy): i_1 = σ(−3) with zero input and state, and on the
    adding problem's inputs the cell states stay small instead of saturating tanh."""
    p = lx.init_lstm(2, 5, rng=rng, input_bias=-3.0, forget_bias=4.0)
    _, cache = lx.lstm_forward(np.zeros((1, 1, 2)), p)
    np.testing.assert_allclose(cache.gate("i"), 1 / (1 + np.exp(3.0)), rtol=1e-14)
    np.testing.assert_allclose(cache.gate("f"), 1 / (1 + np.exp(-4.0)), rtol=1e-14)
    x = tasks.AddingProblem(T=100).sample(64, np.random.default_rng(1)).x
    drift = {}
    for b_i in (0.0, -3.0):
        q = lx.init_lstm(2, 16, rng=np.random.default_rng(2), forget_bias=4.0, input_bias=b_i)
        (_, c), _ = lx.lstm_forward(x, q)
        drift[b_i] = (np.median(np.abs(c[:, -1])), np.mean(np.abs(np.tanh(c[:, -1])) > 0.9))
    assert drift[0.0][0] > 5 * drift[-3.0][0]  # |C_T| several times larger without the bias
    assert drift[0.0][1] > 0.3  # tanh(C_T) saturated in many cells without it
    assert drift[-3.0][1] < 0.05


def test_init_lstm_uniform_is_the_1997_initialisation(rng):
    p = lx.init_lstm(3, 50, rng=rng, uniform=0.1, variant="no_forget")
    for W in (p.Wx, p.Wh):
        assert np.all(np.abs(W) <= 0.1)
        assert np.abs(W).max() > 0.099  # the whole interval, not a narrower draw
    assert np.all(p.b == 0.0)
    with pytest.raises(ValueError, match=r"uniform must be a finite number > 0, got -0.1"):
        lx.init_lstm(3, 5, rng=rng, uniform=-0.1)
    with pytest.raises(ValueError, match=r"input_bias must be finite, got inf"):
        lx.init_lstm(3, 5, rng=rng, input_bias=np.inf)


def test_init_is_reproducible_and_respects_dtype():
    a = lx.init_lstm(3, 4, rng=np.random.default_rng(1), dtype=np.float32)
    b = lx.init_lstm(3, 4, rng=np.random.default_rng(1), dtype=np.float32)
    assert a.Wh.dtype == np.float32
    np.testing.assert_array_equal(a.Wh, b.Wh)
    assert lx.init_lstm(3, 4, rng=np.random.default_rng(1), variant="no_forget").Wh.shape == (4, 12)
