"""The hand-wired LSTM (its weights, its test error) and the gate traces of it and the trained one."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from lstm_explainer import experiments, gates, handwired, numbers, train
from lstm_explainer.lstm import LSTMParams, lstm_forward
from lstm_explainer.reference.lstm import sigmoid


def _gate_values(marker: float) -> dict[str, float]:
    """The hand-wired cell's gates for a pair with this marker (and value 0)."""
    model = handwired.handwired_model()
    x = np.array([[[0.0, marker]]])  # (1, 1, 2)
    tr = gates.trace(model, x)
    return {k: float(getattr(tr, k)[0, 0, 0]) for k in ("i", "f", "o")}


def test_the_weights_are_those_of_the_docstring():
    S, eps, b_f = handwired.GAIN, handwired.SCALE, handwired.FORGET_BIAS
    m = handwired.handwired_model()
    assert isinstance(m.layer, LSTMParams)
    # rows [v, m], columns [i, f, o, g]
    np.testing.assert_array_equal(m.layer.Wx, [[0, 0, 0, eps], [2 * S, 0, -2 * S, 0]])
    np.testing.assert_array_equal(m.layer.Wh, np.zeros((1, 4)))
    np.testing.assert_array_equal(m.layer.b, [-S, b_f, -S, 0])
    assert m.Wy[0, 0] == pytest.approx(1 / (4 * eps * sigmoid(S) ** 2), rel=1e-15)
    assert m.by[0] == 0.5
    # what the docstring says the gates do on each kind of pair
    marked, unmarked, end = _gate_values(1.0), _gate_values(0.0), _gate_values(-1.0)
    assert marked["i"] == pytest.approx(sigmoid(S))
    assert marked["i"] > 0.9999
    assert unmarked["i"] == pytest.approx(sigmoid(-S))
    assert unmarked["i"] < 1e-4
    assert end["i"] < 1e-12
    assert end["o"] == pytest.approx(sigmoid(S))
    assert max(unmarked["o"], marked["o"]) < 1e-4
    for g in (marked, unmarked, end):
        assert 1 - g["f"] == pytest.approx(2.06e-9, rel=1e-2)


def test_the_hand_wired_lstm_solves_the_experiments_test_set():
    e = handwired.handwired_errors()
    assert (e.sequences, e.wrong) == (2560, 0)
    assert e.mean_abs == pytest.approx(9.3144e-4, rel=1e-4)
    assert e.max_abs == pytest.approx(7.9800e-3, rel=1e-4)
    assert e.max_abs < handwired.task().tolerance / 4


def test_the_test_set_is_the_one_the_stored_run_was_tested_on():
    stored = experiments.one("adding-100", "lstm", seed=experiments.PROFILE_SEED)
    e = handwired.test_errors(gates.trained_model())
    assert e.wrong == stored["test_wrong"]
    assert e.mse == pytest.approx(stored["test_mse"], rel=1e-9)
    assert handwired.task().placement == "1997"
    assert handwired.task().first_value == "zeroed"


def test_a_smaller_candidate_weight_is_more_exact_a_large_one_fails():
    """ε keeps tanh nearly linear: the error shrinks with ε² and at ε = 1 the cell misses."""
    errors = {}
    for eps in (0.03, 0.1, 1.0):
        m = handwired.handwired_model()
        Wx = m.layer.Wx.copy()
        Wx[0, 3] = eps
        model = train.Model(LSTMParams(Wx, m.layer.Wh, m.layer.b), np.array([[m.Wy[0, 0] * 0.1 / eps]]), m.by)
        errors[eps] = handwired.test_errors(model)
        scaled = handwired.handwired_model(eps)  # the same cell, built with its scale
        np.testing.assert_allclose(scaled.layer.Wx, Wx, rtol=1e-15)
        np.testing.assert_allclose(scaled.Wy, model.Wy, rtol=1e-12)
    assert errors[0.1].max_abs == pytest.approx(handwired.handwired_errors().max_abs, rel=1e-12)
    assert errors[0.03].max_abs < errors[0.1].max_abs / 5
    assert errors[1.0].wrong > 500
    # the scales the site quotes, with the styles lstm_explainer.numbers registers for them
    assert handwired.SCALES_TRIED == (0.3, 1.0)


def test_trace_is_the_training_layer_step_by_step():
    model = gates.trained_model()
    seq = gates.sequence()
    tr = gates.trace(model, seq.x)
    N, T, H = 1, seq.x.shape[1], 16
    for name in ("i", "f", "o", "g", "C", "h"):
        assert getattr(tr, name).shape == (N, T, H), name
    assert tr.out.shape == (N, T, 1)
    (h, c), cache = lstm_forward(seq.x, model.layer)  # the fast layer the trainer uses
    np.testing.assert_allclose(tr.h, h, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(tr.C, c, rtol=1e-12, atol=1e-14)
    for name in ("i", "f", "o", "g"):
        np.testing.assert_allclose(getattr(tr, name), cache.gate(name), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(tr.out, train.predict(model, seq.x, "mse"), rtol=1e-12, atol=1e-14)
    assert tr.markers.sum() == 2
    np.testing.assert_array_equal(np.flatnonzero(tr.markers[0]), [2, 25])  # the first test sequence


def test_the_final_state_is_the_sum_of_the_writes(rng, random_lstm):
    layer = random_lstm(rng, D=2, H=3)
    model = train.Model(layer, np.ones((3, 1)), np.zeros(1))
    tr = gates.trace(model, rng.standard_normal((4, 7, 2)))
    C_T = (gates.kept_until_end(tr) * tr.i * tr.g).sum(axis=1)
    np.testing.assert_allclose(C_T, tr.C[:, -1], rtol=1e-12)


def test_the_hand_wired_trace_writes_on_the_markers_only():
    seq = gates.sequence()
    tr = gates.trace(handwired.handwired_model(), seq.x)
    C = tr.C[0, :, 0]
    t1, t2 = np.flatnonzero(tr.markers[0])
    x1, x2 = seq.x[0, [t1, t2], 0]
    S, eps = handwired.GAIN, handwired.SCALE
    leak = sigmoid(-S) * eps  # the most an unmarked step can write: i = σ(−S), |C̃| ≤ tanh(ε) < ε
    assert C[t1] == pytest.approx(sigmoid(S) * np.tanh(eps * x1), abs=t1 * leak)  # the write at the marker
    assert C[t2] - C[t2 - 1] == pytest.approx(sigmoid(S) * np.tanh(eps * x2), abs=1e-8)
    assert np.ptp(C[t1:t2]) <= (t2 - t1) * leak
    assert np.ptp(C[t2:]) <= len(C) * leak
    assert tr.out[0, -1, 0] == pytest.approx(seq.y[0, -1, 0], abs=0.01)


def test_cell_statistics():
    hand = gates.handwired_stats()
    assert hand.r2[0] > 0.9999
    assert hand.marked_share[0] == pytest.approx(1, abs=1e-4)
    assert hand.kept[0] > 1 - 1e-6
    assert hand.i_marked[0] > 0.9999
    assert hand.i_unmarked[0] < 1e-4
    s = gates.trained_stats()
    for field in ("i_marked", "i_unmarked", "f_mean", "o_mean", "kept", "r2", "marked_share", "readout"):
        assert getattr(s, field).shape == (16,), field
    shown = gates.cells_that_matter(s)
    assert len(shown) == gates.SHOWN == numbers.gates.SHOWN
    assert list(s.readout[shown]) == sorted(s.readout, reverse=True)[: gates.SHOWN]
    assert [gates.label(k) for k in shown] == [7, 6, 9]
    assert set(gates.opening_cells(s)) == {4, 5, 6, 9}


def test_the_carriers_fall_into_three_disjoint_parts():
    s = gates.trained_stats()
    opening, elsewhere, rest = gates.carriers_by_origin(s)
    assert [list(part) for part in (opening, elsewhere, rest)] == [[4, 6], [8, 13, 14, 15], [11]]
    assert sorted([*opening, *elsewhere, *rest]) == list(gates.carrying_cells(s))
    # A cell counted both as opening on the markers and as fed elsewhere is refused, by number.
    overlap = dataclasses.replace(s, marked_share=np.where(np.arange(16) == 4, 0.0, s.marked_share))
    with pytest.raises(ValueError, match=r"cells \[5\] open on the markers yet got the sum elsewhere"):
        gates.carriers_by_origin(overlap)


def test_a_one_unit_rnn_cannot_single_out_the_marked_values():
    # w = 0: h_T depends on the last value only, which is no marked one
    assert handwired.rnn_state_share(0.0) < 1e-3
    # w = 1 in tanh's linear range: h_T ≈ u Σ v_t, of which the two marked values are 2 of ~T
    share = handwired.rnn_state_share(1.0, 0.01)
    assert 0.01 < share < 0.03
    r2, w, u = handwired.rnn_best_share()
    assert r2 < 0.05
    assert w in handwired.RNN_SELF_WEIGHTS
    assert u in handwired.RNN_INPUT_WEIGHTS


def test_a_one_unit_rnn_can_hold_a_lone_small_value():
    # tanh(h) ≈ h − h³/3: from h_0 = 0.01, about 1 − 100 · 0.01² / 3 is left after 100 steps
    share = handwired.rnn_hold_share()
    assert share == pytest.approx(1 - handwired.HOLD_STEPS * handwired.HOLD_VALUE**2 / 3, abs=1e-4)
    assert handwired.rnn_hold_share(0.5) < 1e-20  # w < 1: it fades like w^n


def test_trace_refuses_what_it_cannot_read():
    m = train.init_model("lstm", 2, 3, 1, rng=np.random.default_rng(0), variant="no_forget")
    with pytest.raises(TypeError, match=r"an LSTM with a forget gate"):
        gates.trace(m, np.zeros((1, 5, 2)))
    with pytest.raises(IndexError, match=r"2560 sequences"):
        gates.sequence(2560)
