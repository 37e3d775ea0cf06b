"""The long-range tasks: each batch follows the paper's recipe, recomputed here from the inputs."""

import numpy as np
import pytest

from lstm_explainer import tasks


@pytest.mark.parametrize("T", [30, 100])
def test_adding_problem_follows_hochreiter_schmidhuber_1997(rng, T):
    task = tasks.AddingProblem(T=T)
    b = task.sample(500, rng)
    N, length, D = b.x.shape
    assert (N, D) == (500, 2)
    assert T <= length <= T + T // 10
    values, marks = b.x[..., 0], b.x[..., 1]
    assert np.all(np.abs(values) <= 1)
    for n in range(N):
        ones = np.flatnonzero(marks[n] == 1.0)
        assert len(ones) == 2
        assert ones[0] < 10  # one of the first ten pairs
        assert ones[1] < T // 2 - 1  # and one of the first T/2 - 1 pairs
        assert marks[n, -1] == -1.0
        assert marks[n, 0] == (1.0 if ones[0] == 0 else -1.0)
        x1, x2 = (0.0 if i == 0 else values[n, i] for i in ones)  # a marked first pair counts 0
        assert b.y[n, -1, 0] == pytest.approx(0.5 + (x1 + x2) / 4)
    assert np.array_equal(b.mask[:, -1], np.ones(N))
    assert b.mask[:, :-1].sum() == 0


def test_the_paper_s_x1_rule_zeroes_a_marked_first_value_in_the_input_too(rng):
    """ "X1 is set to zero in the rare case where the first pair of the sequence got marked":
    with first_value="zeroed" the input carries the 0 the target counts; the default keeps the
    drawn value in the input and counts 0 in the target only (the stored experiments)."""
    kept, zeroed = (tasks.AddingProblem(T=30, first_value=v) for v in ("target", "zeroed"))
    a, b = kept.sample(2000, np.random.default_rng(5)), zeroed.sample(2000, np.random.default_rng(5))
    first_marked = b.x[:, 0, 1] == 1.0
    # X1 on the first pair 1 time in 10, X2 0.9/13 of the time (T/2 − 2 = 13 slots): 16.9%, ±4σ
    assert 270 < first_marked.sum() < 410
    assert np.all(b.x[first_marked, 0, 0] == 0.0)
    assert np.all(a.x[first_marked, 0, 0] != 0.0)  # the default leaves the drawn value
    np.testing.assert_array_equal(a.y, b.y)  # the same targets
    np.testing.assert_array_equal(a.x[~first_marked], b.x[~first_marked])
    values, marks = b.x[..., 0], b.x[..., 1]
    marked_sum = np.where(marks == 1.0, values, 0.0).sum(axis=1)
    np.testing.assert_allclose(b.y[:, -1, 0], 0.5 + marked_sum / 4)  # the sum of what is seen


def test_the_halves_placement_puts_one_marker_in_each_half(rng):
    b = tasks.AddingProblem(T=40, placement="halves").sample(1000, rng)
    length = b.x.shape[1]
    marks = b.x[..., 1]
    first, second = (np.sort(np.argwhere(marks == 1.0)[:, 1].reshape(-1, 2), axis=1)).T
    assert np.all(first < length // 2)
    assert np.all(second >= length // 2)
    assert np.all(marks[:, -1] == -1.0)  # the end marker is never overwritten
    assert second.max() > 3 * length // 4  # unlike the 1997 placement, late markers occur
    assert first.max() > 10


def test_adding_problem_criterion_is_an_absolute_error_below_0_04(rng):
    task = tasks.AddingProblem(T=30)
    b = task.sample(3, rng)
    out = b.y.copy()
    out[:, -1, 0] += [0.039, -0.039, 0.041]
    assert task.correct(out, b).tolist() == [True, True, False]


def test_temporal_order_follows_experiment_6a(rng):
    task = tasks.TemporalOrder()
    b = task.sample(300, rng)
    sym = b.x.argmax(-1)
    assert np.allclose(b.x.sum(-1), 1)  # one-hot
    assert 100 <= sym.shape[1] <= 110
    assert np.all(sym[:, 0] == 6)
    assert np.all(sym[:, -1] == 7)  # E ... B
    for n in range(len(sym)):
        pos = np.flatnonzero(sym[n] >= 4)[1:-1]  # X or Y, between E and B
        assert len(pos) == 2
        assert 10 <= pos[0] <= 20
        assert 50 <= pos[1] <= 60
        xy = sym[n, pos] - 4  # 0: X, 1: Y
        assert b.y[n, -1].argmax() == 2 * xy[0] + xy[1]  # XX, XY, YX, YY
    assert set(b.y[:, -1].argmax(-1)) == {0, 1, 2, 3}


def test_copy_task_asks_for_the_symbols_back_after_the_delay(rng):
    task = tasks.CopyTask(T=20, length=5)
    b = task.sample(4, rng)
    inp, out = b.x.argmax(-1), b.y.argmax(-1)
    assert inp.shape == (4, 30)
    assert np.array_equal(out[:, -5:], inp[:, :5])
    assert np.all(inp[:, 24] == 9)  # go
    assert np.array_equal(b.mask.sum(1), [5] * 4)
    assert task.correct(b.y, b).all()
    wrong = b.y.copy()
    wrong[0, -1] = np.roll(wrong[0, -1], 1)
    assert task.correct(wrong, b).tolist() == [False, True, True, True]


@pytest.mark.parametrize("name", list(tasks.TASKS))
def test_a_seed_gives_the_same_batch(name):
    task = tasks.task(name)
    a, b = (task.sample(8, np.random.default_rng(5)) for _ in range(2))
    assert np.array_equal(a.x, b.x)
    assert np.array_equal(a.y, b.y)


def test_bad_task_arguments_say_what_was_expected(rng):
    with pytest.raises(KeyError, match=r"unknown task 'add'; known tasks: adding, temporal-order, copy"):
        tasks.task("add")
    with pytest.raises(ValueError, match=r"T must be an integer >= 22, got 10"):
        tasks.AddingProblem(T=10)
    with pytest.raises(ValueError, match=r"N must be an integer >= 1, got 0"):
        tasks.AddingProblem().sample(0, rng)
    with pytest.raises(ValueError, match=r"placement must be '1997' or 'halves', got 'modern'"):
        tasks.AddingProblem(placement="modern")
    with pytest.raises(ValueError, match=r"first_value must be 'target' or 'zeroed', got 'zero'"):
        tasks.AddingProblem(first_value="zero")
