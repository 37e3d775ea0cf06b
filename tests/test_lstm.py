"""LSTM forward/backward: finite differences, closed forms, variants, stability."""

import numpy as np
import pytest

import lstm_explainer as lx
from lstm_explainer.gradcheck import assert_gradients_close


def _loss_and_grads(rng, params, N=2, T=5):
    D, H = params.D, params.H
    point = {
        "x": rng.standard_normal((N, T, D)),
        "h0": rng.standard_normal((N, H)) * 0.5,
        "c0": rng.standard_normal((N, H)) * 0.5,
        "Wx": params.Wx,
        "Wh": params.Wh,
        "b": params.b,
    }
    dh, dhT, dcT = (rng.standard_normal(s) for s in ((N, T, H), (N, H), (N, H)))

    def loss(p):
        q = lx.LSTMParams(p["Wx"], p["Wh"], p["b"], params.variant)
        (h, c), _ = lx.lstm_forward(p["x"], q, p["h0"], p["c0"])
        return np.sum(h * dh) + np.sum(h[:, -1] * dhT) + np.sum(c[:, -1] * dcT)

    _, cache = lx.lstm_forward(point["x"], params, point["h0"], point["c0"])
    g = lx.lstm_backward(dh, cache, dhT=dhT, dcT=dcT)
    grads = {"x": g.dx, "h0": g.dh0, "c0": g.dc0, "Wx": g.dWx, "Wh": g.dWh, "b": g.db}
    return loss, point, grads


@pytest.mark.equation("lstm-preactivation")
@pytest.mark.equation("lstm-gates")
@pytest.mark.equation("lstm-cell")
@pytest.mark.equation("lstm-hidden")
@pytest.mark.equation("lstm-cell-grad")
def test_lstm_backward_matches_finite_differences(rng, random_lstm):
    loss, point, grads = _loss_and_grads(rng, random_lstm(rng))
    errors = assert_gradients_close(loss, point, grads, rng=rng, rtol=1e-6)
    assert set(errors) == {"x", "h0", "c0", "Wx", "Wh", "b"}


@pytest.mark.equation("lstm-cell-1997")
def test_no_forget_variant_backward_matches_finite_differences(rng, random_lstm):
    loss, point, grads = _loss_and_grads(rng, random_lstm(rng, variant="no_forget"))
    assert_gradients_close(loss, point, grads, rng=rng, rtol=1e-6)


def test_forward_matches_equations_written_out(rng, random_lstm):
    """The fast layer equals the equations written out here, inline, step by step."""
    p = random_lstm(rng, D=3, H=4)
    x = rng.standard_normal((2, 6, 3))
    (h, c), cache = lx.lstm_forward(x, p)
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    hp, cp = np.zeros((2, 4)), np.zeros((2, 4))
    for t in range(6):
        a = x[:, t] @ p.Wx + hp @ p.Wh + p.b
        i, f, o, g = sig(a[:, :4]), sig(a[:, 4:8]), sig(a[:, 8:12]), np.tanh(a[:, 12:])
        cp = f * cp + i * g
        hp = o * np.tanh(cp)
        np.testing.assert_allclose(c[:, t], cp, rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(h[:, t], hp, rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(cache.gate("f")[:, t], f, rtol=1e-13)
        np.testing.assert_allclose(cache.gate("o")[:, t], o, rtol=1e-13)


def test_no_forget_carries_cell_state_when_input_gate_closed(rng, random_lstm):
    """f ≡ 1 (1997) and i ≡ 0: the cell state is carried unchanged, exactly."""
    p = random_lstm(rng, variant="no_forget")
    b = p.b.copy()
    b[: p.H] = -1e4  # input gate: sigma(-1e4) == 0 in floating point
    p = lx.LSTMParams(p.Wx, p.Wh, b, "no_forget")
    c0 = rng.standard_normal((2, p.H))
    (_, c), _ = lx.lstm_forward(rng.standard_normal((2, 30, p.D)), p, c0=c0)
    np.testing.assert_array_equal(c[:, -1], c0)


def test_step_functions_equal_one_step_of_the_sequence(rng, random_lstm):
    p = random_lstm(rng)
    x = rng.standard_normal((3, 1, p.D))
    h0, c0 = rng.standard_normal((2, 3, p.H))
    (h, c), cache = lx.lstm_step_forward(x[:, 0], h0, c0, p)
    (hs, cs), _ = lx.lstm_forward(x, p, h0, c0)
    np.testing.assert_array_equal(h, hs[:, 0])
    np.testing.assert_array_equal(c, cs[:, 0])
    dh, dc = rng.standard_normal((2, 3, p.H))
    g = lx.lstm_step_backward(dh, dc, cache)
    # Backward of one step, written out: dL/dC_{t-1} = (dc + dh*o*(1-tanh^2 C)) * f.
    o, f = cache.gate("o")[:, 0], cache.gate("f")[:, 0]
    np.testing.assert_allclose(g.dc0, (dc + dh * o * (1 - np.tanh(c) ** 2)) * f, rtol=1e-13)


@pytest.mark.parametrize("variant", lx.VARIANTS)
def test_saturated_inputs_give_no_warning_and_no_nan(rng, variant, random_lstm):
    """Pre-activations of ±1e4: gates saturate to exactly 0 or 1, nothing overflows."""
    p = random_lstm(rng, variant=variant, scale=1.0)
    x = np.where(rng.random((2, 8, p.D)) < 0.5, -1e4, 1e4)
    (h, c), cache = lx.lstm_forward(x, p)  # filterwarnings=error turns any warning into a failure
    g = lx.lstm_backward(np.ones_like(h), cache)
    for arr in (h, c, g.dx, g.dWx, g.dWh, g.db, g.dh0, g.dc0):
        assert np.isfinite(arr).all()
    i = cache.gate("i")
    assert np.all(np.minimum(i, 1 - i) < 1e-200)  # saturated: 0 (or sigma(-1e3) ~ 1e-435 > 0) or 1


def test_float32_is_supported_and_close_to_float64(rng, random_lstm):
    p64 = random_lstm(rng)
    p32 = lx.LSTMParams(*(a.astype(np.float32) for a in (p64.Wx, p64.Wh, p64.b)))
    x = rng.standard_normal((2, 20, p64.D))
    (h64, _), c64 = lx.lstm_forward(x, p64)
    (h32, _), c32 = lx.lstm_forward(x.astype(np.float32), p32)
    assert h32.dtype == np.float32
    np.testing.assert_allclose(h32, h64, atol=1e-5)
    g64 = lx.lstm_backward(np.ones_like(h64), c64)
    g32 = lx.lstm_backward(np.ones_like(h32), c32)
    assert g32.dWh.dtype == np.float32
    np.testing.assert_allclose(g32.dWh, g64.dWh, rtol=1e-4, atol=1e-4)


def test_per_step_gradient_norms_are_the_norms_of_the_total_gradients(rng, random_lstm):
    """‖∂L/∂h_t‖ and ‖∂L/∂C_t‖ from BPTT equal the gradients w.r.t. states fed in at step t."""
    p = random_lstm(rng)
    x = rng.standard_normal((1, 6, p.D))
    dh = rng.standard_normal((1, 6, p.H))
    (h, c), cache = lx.lstm_forward(x, p)
    g = lx.lstm_backward(dh, cache)
    for t in (0, 2, 4):
        # Restart the sequence after step t from (h_t, C_t): the restarted run's dh0, dc0
        # are what flows back into h_t and C_t from later steps.
        _, tail = lx.lstm_forward(x[:, t + 1 :], p, h[:, t], c[:, t])
        gt = lx.lstm_backward(dh[:, t + 1 :], tail)
        total_h = gt.dh0 + dh[:, t]
        total_c = gt.dc0 + total_h * cache.gate("o")[:, t] * (1 - np.tanh(c[:, t]) ** 2)
        np.testing.assert_allclose(g.dh_norm[0, t], np.linalg.norm(total_h), rtol=1e-12)
        np.testing.assert_allclose(g.dc_norm[0, t], np.linalg.norm(total_c), rtol=1e-12)


@pytest.mark.parametrize("N", [1, 3])
def test_backward_leaves_its_inputs_unchanged(rng, N, random_lstm):
    """N = 1 makes some transposes contiguous: a copy that is really a view would write into dh."""
    p = random_lstm(rng)
    (h, _), cache = lx.lstm_forward(rng.standard_normal((N, 5, p.D)), p)
    dh = rng.standard_normal(h.shape)
    before = (dh.copy(), cache.Z.copy(), cache.C.copy(), cache.gates.copy())
    lx.lstm_backward(dh, cache)
    for a, b in zip(before, (dh, cache.Z, cache.C, cache.gates), strict=True):
        np.testing.assert_array_equal(a, b)


def test_each_call_owns_one_block_of_memory(rng, random_lstm):
    """A pass's arrays are views of one allocation (it spares page faults, see ``_stacked``),
    and two calls never share memory: backward on one cache cannot see the other."""
    p = random_lstm(rng)
    x = rng.standard_normal((3, 6, p.D))
    (h1, c1), cache1 = lx.lstm_forward(x, p)
    (h2, _), cache2 = lx.lstm_forward(x + 1.0, p)
    parts = (cache1.Z, cache1.gates, cache1.C, cache1.tanh_C)
    assert len({id(a.base) for a in parts}) == 1
    assert not any(np.shares_memory(a, b) for a in parts for b in (h2, cache2.gates, cache2.C))
    before = (h1.copy(), c1.copy())
    g = lx.lstm_backward(rng.standard_normal(h1.shape), cache1)
    assert not any(np.shares_memory(g.dx, a) for a in parts)
    np.testing.assert_array_equal(before[0], h1)
    np.testing.assert_array_equal(before[1], c1)
