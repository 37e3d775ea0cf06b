"""Bad input gets a clear error naming what was expected and what was received."""

import numpy as np
import pytest

import lstm_explainer as lx
from lstm_explainer.gradcheck import gradient_errors


@pytest.fixture
def lstm(rng, random_lstm):
    return random_lstm(rng, D=3, H=4)


@pytest.fixture
def rnn(rng, random_rnn):
    return random_rnn(rng, D=3, H=4)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.zeros((2, 5, 7)), r"x must have shape \(N, T, D\) = \(\?, \?, 3\), got shape \(2, 5, 7\)"),
        (np.zeros((5, 3)), r"x must have shape \(N, T, D\).*got shape \(5, 3\)"),
        (np.zeros((2, 0, 3)), r"T >= 1.*\(2, 0, 3\)"),
        (np.full((1, 2, 3), np.nan), r"x must be finite, but it has 6 NaN or infinite"),
        (np.array([[[0.0, np.inf, 0.0]]]), r"x must be finite, but it has 1 NaN"),
    ],
)
@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_bad_x(lstm, rnn, x, message, cell):
    forward = lx.lstm_forward if cell == "lstm" else lx.rnn_forward
    with pytest.raises(ValueError, match=message):
        forward(x, lstm if cell == "lstm" else rnn)


@pytest.mark.parametrize("cell", ["lstm", "rnn"])
def test_non_float_and_mixed_dtypes(lstm, rnn, cell):
    forward, p = (lx.lstm_forward, lstm) if cell == "lstm" else (lx.rnn_forward, rnn)
    with pytest.raises(TypeError, match=r"x must be a float32 or float64 array, got dtype int64"):
        forward(np.zeros((1, 2, 3), dtype=np.int64), p)
    with pytest.raises(TypeError, match=r"x has dtype float32 but the other arrays .* float64"):
        forward(np.zeros((1, 2, 3), dtype=np.float32), p)


def test_mismatched_initial_state_batch(lstm, rnn):
    x = np.zeros((2, 5, 3))
    with pytest.raises(ValueError, match=r"h0 must have shape \(N, H\) = \(2, 4\), got shape \(3, 4\)"):
        lx.lstm_forward(x, lstm, h0=np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"c0 must have shape \(N, H\) = \(2, 4\), got shape \(2, 5\)"):
        lx.lstm_forward(x, lstm, c0=np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"h0 must have shape \(N, H\) = \(2, 4\)"):
        lx.rnn_forward(x, rnn, h0=np.zeros((4,)))


def test_bad_params():
    with pytest.raises(
        ValueError, match=r"Wh must have shape \(H, 4\*H\) for variant 'forget', got \(4, 12\)"
    ):
        lx.LSTMParams(np.zeros((3, 16)), np.zeros((4, 12)), np.zeros(16))
    with pytest.raises(ValueError, match=r"Wx must have shape \(D, 4\*H\) = \(\?, 16\), got shape \(3, 12\)"):
        lx.LSTMParams(np.zeros((3, 12)), np.zeros((4, 16)), np.zeros(16))
    with pytest.raises(ValueError, match=r"b must have shape \(4\*H,\) = \(16,\), got shape \(4,\)"):
        lx.LSTMParams(np.zeros((3, 16)), np.zeros((4, 16)), np.zeros(4))
    Wh = np.zeros((4, 16))
    Wh[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"Wh must be finite, but it has 1 NaN"):
        lx.LSTMParams(np.zeros((3, 16)), Wh, np.zeros(16))
    with pytest.raises(ValueError, match=r"unknown variant 'gru'; expected one of forget, no_forget"):
        lx.LSTMParams(np.zeros((3, 16)), np.zeros((4, 16)), np.zeros(16), "gru")
    with pytest.raises(ValueError, match=r"Wh must have shape \(H, H\), got shape \(4, 5\)"):
        lx.RNNParams(np.zeros((3, 5)), np.zeros((4, 5)), np.zeros(5))
    with pytest.raises(TypeError, match=r"Wx has dtype float32 but the other arrays"):
        lx.RNNParams(np.zeros((3, 4), np.float32), np.zeros((4, 4)), np.zeros(4))
    with pytest.raises(TypeError, match=r"params must be an LSTMParams, got RNNParams"):
        lx.lstm_forward(np.zeros((1, 1, 3)), lx.RNNParams(np.zeros((3, 4)), np.eye(4), np.zeros(4)))


def test_weights_turned_nan_after_construction_are_caught(lstm):
    lstm.Wh[0, 0] = np.inf  # e.g. a diverged training step
    with pytest.raises(ValueError, match=r"Wh must be finite"):
        lx.lstm_forward(np.zeros((1, 2, 3)), lstm)


def test_bad_backward_inputs(lstm, rnn):
    (h, _), cache = lx.lstm_forward(np.zeros((2, 5, 3)), lstm)
    with pytest.raises(
        ValueError, match=r"dh must have shape \(N, T, H\) = \(2, 5, 4\), got shape \(5, 2, 4\)"
    ):
        lx.lstm_backward(np.zeros((5, 2, 4)), cache)
    with pytest.raises(ValueError, match=r"dcT must have shape \(N, H\) = \(2, 4\)"):
        lx.lstm_backward(np.zeros((2, 5, 4)), cache, dcT=np.zeros(4))
    with pytest.raises(ValueError, match=r"dh must be finite"):
        lx.lstm_backward(np.full((2, 5, 4), np.nan), cache)
    with pytest.raises(TypeError, match=r"cache must be the LSTMCache from lstm_forward, got RNNCache"):
        lx.lstm_backward(h, lx.rnn_forward(np.zeros((2, 5, 3)), rnn)[1])
    _, rcache = lx.rnn_forward(np.zeros((2, 5, 3)), rnn)
    with pytest.raises(ValueError, match=r"dhT must have shape \(N, H\) = \(2, 4\)"):
        lx.rnn_backward(np.zeros((2, 5, 4)), rcache, dhT=np.zeros((1, 4)))
    with pytest.raises(TypeError, match=r"cache must be the RNNCache"):
        lx.rnn_backward(np.zeros((2, 5, 4)), cache)


def test_bad_step_inputs(lstm, rnn):
    with pytest.raises(ValueError, match=r"x_t must have shape \(N, D\), got shape \(1, 1, 3\)"):
        lx.lstm_step_forward(np.zeros((1, 1, 3)), np.zeros((1, 4)), np.zeros((1, 4)), lstm)
    with pytest.raises(ValueError, match=r"x_t must have shape \(N, D\)"):
        lx.rnn_step_forward(np.zeros(3), np.zeros((1, 4)), rnn)
    _, cache = lx.lstm_step_forward(np.zeros((1, 3)), np.zeros((1, 4)), np.zeros((1, 4)), lstm)
    with pytest.raises(ValueError, match=r"dh must have shape \(N, H\)"):
        lx.lstm_step_backward(np.zeros(4), np.zeros((1, 4)), cache)
    _, rc = lx.rnn_step_forward(np.zeros((1, 3)), np.zeros((1, 4)), rnn)
    with pytest.raises(ValueError, match=r"dh must have shape \(N, H\)"):
        lx.rnn_step_backward(np.zeros((1, 1, 4)), rc)


def test_bad_gate_and_analysis_inputs(lstm, rnn):
    _, cache = lx.lstm_forward(np.zeros((1, 2, 3)), lstm)
    with pytest.raises(KeyError, match=r"unknown gate 'forget'; expected one of 'i', 'f', 'o', 'g'"):
        cache.gate("forget")
    with pytest.raises(TypeError, match=r"cache must be an LSTMCache"):
        lx.lstm_step_jacobians(lx.rnn_forward(np.zeros((1, 2, 3)), rnn)[1])
    with pytest.raises(TypeError, match=r"cache must be an RNNCache"):
        lx.rnn_step_jacobians(cache)
    with pytest.raises(ValueError, match=r"J must have shape \(N, T, S, S\), got shape \(2, 3, 3\)"):
        lx.jacobian_products(np.zeros((2, 3, 3)))
    with pytest.raises(ValueError, match=r"f must have shape \(N, T, H\), got shape \(3, 4\)"):
        lx.cell_path(np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"Wh must have shape \(H, H\), got shape \(2, 3\)"):
        lx.pascanu_bound(np.zeros((2, 3)), np.arange(3))
    with pytest.raises(ValueError, match=r"distance T - k must be >= 0"):
        lx.pascanu_bound(np.eye(2), np.array([-1]))
    with pytest.raises(ValueError, match=r"x must be finite"):
        lx.lstm_gradient_flow(np.full((1, 2, 3), np.inf), lstm)


def test_bad_initialiser_arguments(rng):
    with pytest.raises(ValueError, match=r"exactly one of spectral_radius= or max_singular_value="):
        lx.init_rnn(2, 3, rng=rng, spectral_radius=1.0, max_singular_value=1.0)
    with pytest.raises(ValueError, match=r"H must be a positive integer, got 0"):
        lx.init_lstm(2, 0, rng=rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy.random.Generator .* got int"):
        lx.init_lstm(2, 3, rng=0)
    with pytest.raises(
        ValueError, match=r"unknown recurrent init 'identity'; expected 'orthogonal' or 'gaussian'"
    ):
        lx.init_rnn(2, 3, rng=rng, recurrent="identity")
    with pytest.raises(ValueError, match=r"forget_bias must be finite, got nan"):
        lx.init_lstm(2, 3, rng=rng, forget_bias=float("nan"))
    with pytest.raises(ValueError, match=r"the target scale must be a finite number >= 0, got -1"):
        lx.scale_recurrent(np.eye(3), spectral_radius=-1)
    with pytest.raises(ValueError, match=r"W is zero"):
        lx.scale_recurrent(np.zeros((3, 3)), spectral_radius=1.0)


def test_gradient_checker_rejects_float32_and_mismatched_shapes(rng):
    loss = lambda p: float(np.sum(p["w"] ** 2))  # noqa: E731
    with pytest.raises(TypeError, match=r"gradient checks need float64 inputs; w is float32"):
        gradient_errors(loss, {"w": np.ones(3, np.float32)}, {"w": np.ones(3)}, rng=rng)
    with pytest.raises(ValueError, match=r"gradient w has shape \(2,\), its input \(3,\)"):
        gradient_errors(loss, {"w": np.ones(3)}, {"w": np.ones(2)}, rng=rng)
    with pytest.raises(KeyError, match=r"gradient 'v' has no input of that name"):
        gradient_errors(loss, {"w": np.ones(3)}, {"v": np.ones(3)}, rng=rng)


def test_gradient_checker_catches_a_wrong_gradient(rng):
    """The checker itself can fail: a gradient off by 1e-3 in one entry is reported."""
    w = rng.standard_normal(5)
    loss = lambda p: float(np.sum(np.sin(p["w"])))  # noqa: E731
    good = np.cos(w)
    bad = good.copy()
    bad[2] += 1e-3
    assert gradient_errors(loss, {"w": w}, {"w": good}, rng=rng)["w"] < 1e-8
    assert gradient_errors(loss, {"w": w}, {"w": bad}, rng=rng)["w"] > 1e-5
