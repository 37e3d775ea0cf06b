"""Exercise checks pass the right answers and name what is wrong in a wrong one."""

import numpy as np
import pytest

from lstm_explainer import exercises, solutions
from lstm_explainer.exercises import ExerciseError


def test_the_solutions_pass():
    assert exercises.check_lstm_step_backward(solutions.lstm_step_backward).startswith("all right: dx:")
    assert "J (k = 0)" in exercises.check_rnn_jacobian_product(solutions.rnn_jacobian_product)
    assert exercises.check_cell_path(solutions.cell_path).startswith("all right: P:")


def test_a_cell_gradient_that_skips_the_forget_gate_is_named():
    def wrong(*args):
        dx, dh_prev, dc_prev, dWx, dWh, db = solutions.lstm_step_backward(*args)
        H = args[3].shape[1]
        i_f = 1 / (1 + np.exp(-(args[2] @ args[5] + args[3] @ args[6] + args[7])[:, H : 2 * H]))
        return dx, dh_prev, dc_prev / i_f, dWx, dWh, db  # dc_prev without the factor f

    with pytest.raises(
        ExerciseError, match=r"^dc_prev is wrong: relative error \d\.\d\de[+-]\d\d \(allowed 1e-08\)"
    ):
        exercises.check_lstm_step_backward(wrong)


def test_shapes_and_tuple_length_are_explained():
    def keepdims(*args):
        *rest, db = solutions.lstm_step_backward(*args)
        return (*rest, db[None, :])

    with pytest.raises(ExerciseError, match=r"db has shape \(1, 20\), expected \(20,\) = \(4H,\)"):
        exercises.check_lstm_step_backward(keepdims)
    with pytest.raises(ExerciseError, match=r"return a tuple of 6 arrays \(dx, dh_prev, .*\); got 5"):
        exercises.check_lstm_step_backward(lambda *a: solutions.lstm_step_backward(*a)[:5])


def test_a_jacobian_with_an_untransposed_weight_is_caught():
    def untransposed(x, Wx, Wh, b, k):  # the right forward pass, but diag(1 - h_t^2) W_h for W_h^T
        h, hs = np.zeros(Wh.shape[0]), []
        for x_t in x:
            h = np.tanh(x_t @ Wx + h @ Wh + b)
            hs.append(h)
        J = np.eye(Wh.shape[0])
        for t in range(len(x), k, -1):
            J = J @ (np.diag(1 - hs[t - 1] ** 2) @ Wh)
        return J

    with pytest.raises(ExerciseError, match=r"J \(k = 0\) is wrong"):
        exercises.check_rnn_jacobian_product(untransposed)


def test_an_off_by_one_cell_path_is_caught():
    def off_by_one(f):
        P = solutions.cell_path(f)
        return np.vstack([P[1:], P[-1:]])

    with pytest.raises(ExerciseError, match=r"P is wrong: .*largest difference at index \(\d+, \d+\)"):
        exercises.check_cell_path(off_by_one)
