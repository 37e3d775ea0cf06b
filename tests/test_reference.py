"""The reference cells (one line per equation) against the fast layers, and against finite
differences: the fast kernels are held to the code an equation links to."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lstm_explainer as lx
from lstm_explainer.gradcheck import assert_gradients_close, relative_error
from lstm_explainer.reference import jacobians as rj
from lstm_explainer.reference import lstm as rl
from lstm_explainer.reference import rnn as rr

TOL = 1e-12  # relative, float64: the fast kernels and the reference differ by rounding only
sizes = st.tuples(st.integers(1, 4), st.integers(1, 9), st.integers(1, 4), st.integers(1, 5))  # N, T, D, H
seeds = st.integers(0, 2**32 - 1)


def assert_same(pairs: dict[str, tuple]) -> None:
    errors = {name: relative_error(a, b) for name, (a, b) in pairs.items()}
    assert max(errors.values()) < TOL, errors


@given(size=sizes, seed=seeds, variant=st.sampled_from(lx.VARIANTS), initial=st.booleans())
def test_fast_lstm_is_the_reference(size, seed, variant, initial, random_lstm):
    N, T, D, H = size
    rng = np.random.default_rng(seed)
    p = random_lstm(rng, D=D, H=H, variant=variant)
    x, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, H))
    h0, c0, dhT, dcT = rng.standard_normal((4, N, H)) if initial else (None,) * 4
    (h, c), cache = lx.lstm_forward(x, p, h0, c0)
    g = lx.lstm_backward(dh, cache, dhT=dhT, dcT=dcT)
    (h_ref, c_ref), caches = rl.lstm_forward(x, p.Wx, p.Wh, p.b, h0, c0, variant)
    r = rl.lstm_backward(dh, caches, dhT, dcT, variant)
    assert_same(
        {
            "h": (h, h_ref),
            "c": (c, c_ref),
            "dx": (g.dx, r["dx"]),
            "dh0": (g.dh0, r["dh0"]),
            "dc0": (g.dc0, r["dc0"]),
            "dWx": (g.dWx, r["dWx"]),
            "dWh": (g.dWh, r["dWh"]),
            "db": (g.db, r["db"]),
            "dh_norm": (g.dh_norm, np.linalg.norm(r["dh_total"], axis=2)),
            "dc_norm": (g.dc_norm, np.linalg.norm(r["dc_total"], axis=2)),
        }
    )


@given(size=sizes, seed=seeds, initial=st.booleans())
def test_fast_rnn_is_the_reference(size, seed, initial, random_rnn):
    N, T, D, H = size
    rng = np.random.default_rng(seed)
    p = random_rnn(rng, D=D, H=H)
    x, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, H))
    h0, dhT = rng.standard_normal((2, N, H)) if initial else (None, None)
    h, cache = lx.rnn_forward(x, p, h0)
    g = lx.rnn_backward(dh, cache, dhT=dhT)
    h_ref, caches = rr.rnn_forward(x, p.Wx, p.Wh, p.b, h0)
    r = rr.rnn_backward(dh, caches, dhT)
    assert_same(
        {
            "h": (h, h_ref),
            "dx": (g.dx, r["dx"]),
            "dh0": (g.dh0, r["dh0"]),
            "dWx": (g.dWx, r["dWx"]),
            "dWh": (g.dWh, r["dWh"]),
            "db": (g.db, r["db"]),
            "dh_norm": (g.dh_norm, np.linalg.norm(r["dh_total"], axis=2)),
        }
    )


@given(size=sizes, seed=seeds)
def test_fast_gradient_flow_is_the_reference(size, seed, random_lstm, random_rnn):
    N, T, D, H = size
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, T, D))
    p = random_lstm(rng, D=D, H=H)
    (h, c), cache = lx.lstm_forward(x, p)
    J, P = lx.lstm_step_jacobians(cache), lx.jacobian_products(lx.lstm_step_jacobians(cache))
    i, f, o, g = (cache.gate(k) for k in "ifog")
    c_prev = np.concatenate([np.zeros((N, 1, H)), c[:, :-1]], axis=1)
    path = lx.cell_path(f)
    for n in range(N):
        J_ref = np.stack(
            [
                rj.lstm_step_jacobian(c_prev[n, t], i[n, t], f[n, t], o[n, t], g[n, t], c[n, t], p.Wh)
                for t in range(T)
            ]
        )
        assert_same({"J": (J[n], J_ref)})
        for k in range(T + 1):
            assert_same(
                {
                    "product": (P[n, k], rj.jacobian_product(J_ref, k)),
                    "path": (path[n, k], rj.cell_path(f[n], k)),
                }
            )
    q = random_rnn(rng, D=D, H=H)
    h, rcache = lx.rnn_forward(x, q)
    J = lx.rnn_step_jacobians(rcache)
    assert_same({"rnn J": (J[0], np.stack([rj.rnn_step_jacobian(h[0, t], q.Wh) for t in range(T)]))})
    d = np.arange(T + 1)
    assert_same({"bound": (lx.pascanu_bound(q.Wh, d), np.array([rj.pascanu_bound(q.Wh, k) for k in d]))})


@pytest.mark.parametrize("variant", lx.VARIANTS)
def test_reference_lstm_gradients_match_finite_differences(rng, variant, random_lstm):
    N, T, D, H = 2, 5, 3, 4
    p = random_lstm(rng, D=D, H=H, variant=variant)
    inputs = {
        "x": rng.standard_normal((N, T, D)),
        "h0": rng.standard_normal((N, H)),
        "c0": rng.standard_normal((N, H)),
        "Wx": p.Wx,
        "Wh": p.Wh,
        "b": p.b,
    }
    dh, dcT = rng.standard_normal((N, T, H)), rng.standard_normal((N, H))

    def loss(v):
        (h, c), _ = rl.lstm_forward(v["x"], v["Wx"], v["Wh"], v["b"], v["h0"], v["c0"], variant)
        return float(np.sum(h * dh) + np.sum(c[:, -1] * dcT))

    _, caches = rl.lstm_forward(inputs["x"], p.Wx, p.Wh, p.b, inputs["h0"], inputs["c0"], variant)
    r = rl.lstm_backward(dh, caches, dcT=dcT, variant=variant)
    assert_gradients_close(loss, inputs, {k: r["d" + k] for k in inputs}, rng=rng)


def test_reference_rnn_gradients_match_finite_differences(rng, random_rnn):
    N, T, D, H = 2, 6, 3, 4
    p = random_rnn(rng, D=D, H=H)
    inputs = {
        "x": rng.standard_normal((N, T, D)),
        "h0": rng.standard_normal((N, H)),
        "Wx": p.Wx,
        "Wh": p.Wh,
        "b": p.b,
    }
    dh = rng.standard_normal((N, T, H))

    def loss(v):
        h, _ = rr.rnn_forward(v["x"], v["Wx"], v["Wh"], v["b"], v["h0"])
        return float(np.sum(h * dh))

    _, caches = rr.rnn_forward(inputs["x"], p.Wx, p.Wh, p.b, inputs["h0"])
    r = rr.rnn_backward(dh, caches)
    assert_gradients_close(loss, inputs, {k: r["d" + k] for k in inputs}, rng=rng)


def test_the_sigmoid_is_the_logistic_function_without_overflow():
    a = np.array([-800.0, -3.0, 0.0, 2.5, 800.0])
    with np.errstate(over="ignore"):
        expected = 1 / (1 + np.exp(-a))
    assert relative_error(rl.sigmoid(a), expected) < 1e-15


def test_the_jacobians_refuse_a_batch():
    """np.diag of a (N, H) batch is its diagonal, not a matrix: the reference says so instead."""
    rng = np.random.default_rng(0)
    H = 3
    batch = rng.standard_normal((H, H))  # N = H: the silent case
    with pytest.raises(
        ValueError, match=r"h must be one sequence's vector, shape \(H,\), got shape \(3, 3\)"
    ):
        rj.rnn_step_jacobian(batch, rng.standard_normal((H, H)))
    vec = rng.standard_normal(H)
    with pytest.raises(ValueError, match=r"f must be one sequence's vector"):
        rj.lstm_step_jacobian(vec, vec, batch, vec, vec, vec, rng.standard_normal((H, 4 * H)))
