"""Gradient-flow analysis: Jacobians against finite differences, BPTT and closed forms."""

import numpy as np
import pytest

import lstm_explainer as lx
from lstm_explainer.gradcheck import numerical_jvp, relative_error


def _lstm_step_map(p, x_t):
    """s_{t-1} = [h; C] (2H,) -> s_t, one sample: the map whose Jacobian is checked."""
    H = p.H

    def f(s):
        (h, c), _ = lx.lstm_forward(x_t[None, None], p, s[None, :H], s[None, H:])
        return np.concatenate([h[0, 0], c[0, 0]])

    return f


@pytest.mark.equation("lstm-jacobian-cc")
@pytest.mark.equation("lstm-jacobian-ch")
@pytest.mark.parametrize("variant", lx.VARIANTS)
def test_lstm_step_jacobians_match_finite_differences(rng, variant, random_lstm):
    p = random_lstm(rng, variant=variant)
    x = rng.standard_normal((2, 4, p.D))
    _, cache = lx.lstm_forward(x, p, rng.standard_normal((2, p.H)), rng.standard_normal((2, p.H)))
    J = lx.lstm_step_jacobians(cache)
    assert J.shape == (2, 4, 2 * p.H, 2 * p.H)
    for n in range(2):
        for t in range(4):
            s_prev = np.concatenate([cache.h[n, t], cache.c[n, t]])
            f = _lstm_step_map(p, x[n, t])
            for _ in range(3):
                v = rng.standard_normal(2 * p.H)
                assert relative_error(J[n, t] @ v, numerical_jvp(f, s_prev, v)) < 1e-6


@pytest.mark.equation("rnn-jacobian")
def test_rnn_step_jacobians_match_finite_differences(rng, random_rnn):
    p = random_rnn(rng)
    x = rng.standard_normal((2, 5, p.D))
    _, cache = lx.rnn_forward(x, p)
    J = lx.rnn_step_jacobians(cache)
    for n in range(2):
        for t in range(5):
            f = lambda h, n=n, t=t: lx.rnn_forward(x[n : n + 1, t : t + 1], p, h[None])[0][0, 0]  # noqa: E731
            v = rng.standard_normal(p.H)
            assert relative_error(J[n, t] @ v, numerical_jvp(f, cache.h[n, t], v)) < 1e-6


@pytest.mark.equation("jacobian-product")
def test_jacobian_products_match_the_multi_step_map(rng, random_rnn):
    """∂h_T/∂h_k from the products equals finite differences of running steps k+1 … T."""
    p = random_rnn(rng)
    T = 7
    x = rng.standard_normal((1, T, p.D))
    _, cache = lx.rnn_forward(x, p)
    P = lx.jacobian_products(lx.rnn_step_jacobians(cache))
    np.testing.assert_array_equal(P[0, T], np.eye(p.H))
    for k in range(T):
        f = lambda h, k=k: lx.rnn_forward(x[:, k:], p, h[None])[0][0, -1]  # noqa: E731
        v = rng.standard_normal(p.H)
        assert relative_error(P[0, k] @ v, numerical_jvp(f, cache.h[0, k], v)) < 1e-6


def test_lstm_flow_norms_match_finite_differences_of_the_sequence(rng, random_lstm):
    """‖∂h_T/∂h_k‖ (C_k fixed) and ‖dC_T/dC_k‖ (through h_k too) from full FD Jacobians."""
    p = random_lstm(rng, H=3)
    T, H = 5, 3
    x = rng.standard_normal((1, T, p.D))
    flow = lx.lstm_gradient_flow(x, p)
    _, cache = lx.lstm_forward(x, p)
    eye = np.eye(H)
    for k in range(1, T):
        h_k, c_k, o_k = cache.h[0, k], cache.c[0, k], cache.gate("o")[0, k - 1]
        run = lambda h, c, k=k: lx.lstm_forward(x[:, k:], p, h[None], c[None])[0]  # noqa: E731
        h_T = lambda h, c_k=c_k, run=run: run(h, c_k)[0][0, -1]  # noqa: E731
        c_T = lambda c, o_k=o_k, run=run: run(o_k * np.tanh(c), c)[1][0, -1]  # noqa: E731
        dh = np.stack([numerical_jvp(h_T, h_k, e) for e in eye], 1)
        dc = np.stack([numerical_jvp(c_T, c_k, e) for e in eye], 1)
        assert relative_error(flow.dh_norm[0, k], np.linalg.norm(dh, 2)) < 1e-6
        assert relative_error(flow.dc_norm[0, k], np.linalg.norm(dc, 2)) < 1e-6


def test_lstm_jacobian_products_agree_with_bptt(rng, random_lstm):
    """Two independent routes to ∂L/∂h_k: Jacobian products (gradflow) and BPTT (lstm_backward)."""
    p = random_lstm(rng)
    T = 12
    x = rng.standard_normal((1, T, p.D))
    (h, _), cache = lx.lstm_forward(x, p)
    u = rng.standard_normal((1, p.H))  # L = <u, h_T>
    g = lx.lstm_backward(np.zeros_like(h), cache, dhT=u)
    P = lx.jacobian_products(lx.lstm_step_jacobians(cache))
    for k in range(1, T + 1):  # BPTT's dh_norm[:, t] is ∂L/∂h_{t+1}
        via_products = u[0] @ P[0, k, : p.H, : p.H]
        np.testing.assert_allclose(g.dh_norm[0, k - 1], np.linalg.norm(via_products), rtol=1e-10)


@pytest.mark.equation("pascanu-bound")
def test_pascanu_bound_holds_and_is_tight_in_the_linear_regime(rng):
    """Linear regime (x = 0, b = 0, h_0 = 0: tanh' = 1) with an orthogonal W_h scaled by r:
    ‖∂h_T/∂h_k‖ = r^(T-k) exactly, the bound itself; with inputs, the bound still holds."""
    for r in (0.8, 1.2):
        p = lx.init_rnn(2, 6, rng=rng, max_singular_value=r)
        zero = lx.RNNParams(p.Wx, p.Wh, np.zeros(6))
        flow = lx.rnn_gradient_flow(np.zeros((1, 40, 2)), zero)
        np.testing.assert_allclose(flow.dh_norm[0], r**flow.distance, rtol=1e-10)
        np.testing.assert_allclose(flow.bound, r**flow.distance, rtol=1e-12)
        driven = lx.rnn_gradient_flow(rng.standard_normal((3, 40, 2)), p)
        assert np.all(driven.dh_norm <= driven.bound * (1 + 1e-12))


@pytest.mark.equation("cell-path")
def test_cell_path_is_the_suffix_product_of_forget_gates(rng):
    f = rng.random((2, 6, 3))
    cp = lx.cell_path(f)
    for k in range(7):
        np.testing.assert_allclose(cp[:, k], np.prod(f[:, k:], axis=1), rtol=1e-14)


def test_constant_forget_gate_gives_geometric_cell_flow(rng):
    """W_x = W_h = 0: constant gates, no indirect paths, so dC_T/dC_k = f^(T-k) I exactly."""
    H, T = 4, 50
    for bias in (0.0, 2.0, 5.0):
        b = np.zeros(4 * H)
        b[H : 2 * H] = bias
        p = lx.LSTMParams(np.zeros((1, 4 * H)), np.zeros((H, 4 * H)), b)
        flow = lx.lstm_gradient_flow(np.zeros((1, T, 1)), p)
        f = 1 / (1 + np.exp(-bias))
        np.testing.assert_allclose(flow.dc_norm[0], f**flow.distance, rtol=1e-12)
        np.testing.assert_allclose(flow.cell_path_norm[0], f**flow.distance, rtol=1e-12)


def test_1997_cell_with_closed_input_gate_has_identity_cell_flow(rng, random_lstm):
    """f ≡ 1 and i ≡ 0: ∂C_T/∂C_k = I at every distance (the constant error carousel)."""
    p = random_lstm(rng, variant="no_forget")
    b = p.b.copy()
    b[: p.H] = -1e4
    p = lx.LSTMParams(p.Wx, p.Wh, b, "no_forget")
    flow = lx.lstm_gradient_flow(rng.standard_normal((2, 60, p.D)), p)
    np.testing.assert_array_equal(flow.dc_norm, 1.0)
    np.testing.assert_array_equal(flow.cell_path_norm, 1.0)


def test_vanishing_and_exploding_regimes(rng):
    """Radius 0.5: ‖∂h_T/∂h_k‖ vanishes over 100 steps. Radius 2: it grows, though far
    below the bound 2^100, because the states saturate tanh (tanh' < 1)."""
    x = rng.standard_normal((1, 100, 2)) * 0.1
    small = lx.rnn_gradient_flow(x, lx.init_rnn(2, 16, rng=rng, spectral_radius=0.5))
    large = lx.rnn_gradient_flow(x, lx.init_rnn(2, 16, rng=rng, spectral_radius=2.0))
    assert small.dh_norm[0, 0] < 1e-25
    assert large.dh_norm[0, 0] > 1e4
    assert large.dh_norm[0, 0] < 1e-20 * large.bound[0]
