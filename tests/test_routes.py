"""∂h_T/∂h_k split by route: each part is the product of the one-step Jacobians with only its
route's blocks kept, and the parts add up to the whole."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explainer import demos, routes
from lstm_explainer.gradflow import lstm_gradient_flow, lstm_step_jacobians
from lstm_explainer.lstm import lstm_forward


def _masked_product(J: np.ndarray, k: int, keep) -> np.ndarray:
    """The top-left (H, H) block of J_T ⋯ J_{k+1} of one sequence, each J_t with only the blocks
    ``keep(t)`` returns (a subset of "hh", "hc", "ch", "cc") left, the others zeroed."""
    T, S = J.shape[0], J.shape[1]
    H = S // 2
    where = {"hh": (slice(0, H), slice(0, H)), "hc": (slice(0, H), slice(H, S))}
    where |= {"ch": (slice(H, S), slice(0, H)), "cc": (slice(H, S), slice(H, S))}
    P = np.eye(S)
    for t in range(T, k, -1):
        Jt = np.zeros((S, S))
        for block in keep(t):
            Jt[where[block]] = J[t - 1][where[block]]
        P = P @ Jt
    return P[:H, :H]


def test_each_route_is_the_product_of_its_own_blocks_and_the_parts_add_up(rng, random_lstm):
    params = random_lstm(rng, D=2, H=3)
    x = rng.standard_normal((1, 6, 2))
    split = routes.lstm_routes(x, params)
    _, cache = lstm_forward(x, params)
    J = lstm_step_jacobians(cache)[0]  # (T, 2H, 2H)
    T = J.shape[0]
    for k in range(T + 1):
        whole = _masked_product(J, k, lambda t: ("hh", "hc", "ch", "cc"))
        h_only = _masked_product(J, k, lambda t: ("hh",))
        # into C at step k + 1, C_{t-1} -> C_t after it, out to h_T at the last step
        carousel = (
            _masked_product(J, k, lambda t, k=k: ("ch",) if t == k + 1 else ("hc",) if t == T else ("cc",))
            if k < T - 1
            else np.zeros((3, 3))
        )
        norm = lambda M: np.linalg.norm(M, 2)  # noqa: E731
        assert split.total[0, k] == pytest.approx(norm(whole), rel=1e-12, abs=1e-300)
        assert split.h_only[0, k] == pytest.approx(norm(h_only), rel=1e-12, abs=1e-300)
        assert split.carousel_only[0, k] == pytest.approx(norm(carousel), rel=1e-12, abs=1e-300)
        assert split.mixed[0, k] == pytest.approx(norm(whole - h_only - carousel), rel=1e-9, abs=1e-15)
    assert split.carousel_only[0, T - 1] == 0.0
    assert split.mixed[0, T] == 0.0


def test_the_total_is_gradflows_dh_norm(rng, random_lstm):
    params = random_lstm(rng, D=2, H=4)
    x = rng.standard_normal((2, 7, 2))
    np.testing.assert_allclose(
        routes.lstm_routes(x, params).total, lstm_gradient_flow(x, params).dh_norm, rtol=1e-12
    )


def test_the_1997_cell_is_refused_by_name(rng, random_lstm):
    with pytest.raises(ValueError, match="forget gate, got variant 'no_forget'"):
        routes.lstm_routes(rng.standard_normal((1, 3, 3)), random_lstm(rng, variant="no_forget"))


def test_in_the_figures_lstms_the_mixed_routes_carry_the_far_gradient():
    for b in demos.FORGET_BIASES:
        total = demos.lstm_decay(b).values[demos.T]
        carousel, recurrence = (c.values[demos.T] for c in demos.lstm_routes(b))
        assert carousel < total / 10
        assert recurrence < total / 10
    assert demos.lstm_routes(3.0)[0].values[demos.T] == pytest.approx(2.58e-4, rel=0.01)
    assert demos.lstm_routes(3.0)[1].values[demos.T] < 1e-90
