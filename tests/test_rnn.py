"""Vanilla RNN forward/backward: finite differences, equations written out, stability."""

import numpy as np
import pytest

import lstm_explainer as lx
from lstm_explainer.gradcheck import assert_gradients_close


@pytest.mark.equation("rnn-state")
@pytest.mark.equation("rnn-grad")
def test_rnn_backward_matches_finite_differences(rng, random_rnn):
    p = random_rnn(rng)
    N, T = 2, 6
    point = {
        "x": rng.standard_normal((N, T, p.D)),
        "h0": rng.standard_normal((N, p.H)),
        "Wx": p.Wx,
        "Wh": p.Wh,
        "b": p.b,
    }
    dh, dhT = rng.standard_normal((N, T, p.H)), rng.standard_normal((N, p.H))

    def loss(q):
        h, _ = lx.rnn_forward(q["x"], lx.RNNParams(q["Wx"], q["Wh"], q["b"]), q["h0"])
        return np.sum(h * dh) + np.sum(h[:, -1] * dhT)

    _, cache = lx.rnn_forward(point["x"], p, point["h0"])
    g = lx.rnn_backward(dh, cache, dhT=dhT)
    grads = {"x": g.dx, "h0": g.dh0, "Wx": g.dWx, "Wh": g.dWh, "b": g.db}
    assert_gradients_close(loss, point, grads, rng=rng, rtol=1e-6)


def test_rnn_forward_matches_equation_written_out(rng, random_rnn):
    p = random_rnn(rng)
    x = rng.standard_normal((2, 5, p.D))
    h, _ = lx.rnn_forward(x, p)
    hp = np.zeros((2, p.H))
    for t in range(5):
        hp = np.tanh(x[:, t] @ p.Wx + hp @ p.Wh + p.b)
        np.testing.assert_allclose(h[:, t], hp, rtol=1e-13, atol=1e-15)


def test_rnn_step_functions(rng, random_rnn):
    p = random_rnn(rng)
    x, h0 = rng.standard_normal((2, p.D)), rng.standard_normal((2, p.H))
    h, cache = lx.rnn_step_forward(x, h0, p)
    np.testing.assert_allclose(h, np.tanh(x @ p.Wx + h0 @ p.Wh + p.b), rtol=1e-14)
    dh = rng.standard_normal((2, p.H))
    g = lx.rnn_step_backward(dh, cache)
    np.testing.assert_allclose(g.dh0, (dh * (1 - h**2)) @ p.Wh.T, rtol=1e-13)


def test_rnn_saturated_inputs_are_stable(rng, random_rnn):
    p = random_rnn(rng, scale=1.0)
    x = np.full((1, 10, p.D), 1e4)
    h, cache = lx.rnn_forward(x, p)
    g = lx.rnn_backward(np.ones_like(h), cache)
    assert np.isfinite(h).all()
    assert np.isfinite(g.dWh).all()
