"""Initialisers: the knobs set exactly what they say."""

import numpy as np
import pytest

import lstm_explainer as lx


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


def test_init_is_reproducible_and_respects_dtype():
    a = lx.init_lstm(3, 4, rng=np.random.default_rng(1), dtype=np.float32)
    b = lx.init_lstm(3, 4, rng=np.random.default_rng(1), dtype=np.float32)
    assert a.Wh.dtype == np.float32
    np.testing.assert_array_equal(a.Wh, b.Wh)
    assert lx.init_lstm(3, 4, rng=np.random.default_rng(1), variant="no_forget").Wh.shape == (4, 12)
