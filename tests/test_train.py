"""The trainer: exact gradients of the losses, clipping, Adam's first step, and learning that shows."""

import numpy as np
import pytest

from lstm_explainer import tasks, train
from lstm_explainer.gradcheck import assert_gradients_close


@pytest.mark.parametrize("cell", train.CELLS)
@pytest.mark.parametrize(("name", "loss"), [("adding", "mse"), ("temporal-order", "xent"), ("copy", "xent")])
def test_loss_gradients_match_finite_differences(rng, cell, name, loss):
    task = {
        "adding": tasks.AddingProblem(T=24),
        "temporal-order": tasks.TemporalOrder(T=64),
        "copy": tasks.CopyTask(T=3, length=2),
    }[name]
    model = train.init_model(cell, task.D, 5, task.K, rng=rng)
    batch = task.sample(3, rng)
    _, grads, _ = train.loss_and_grads(model, batch, loss)

    def value(arrays):
        return train.loss_and_grads(model.replace(arrays), batch, loss)[0]

    errors = assert_gradients_close(value, model.arrays(), grads, rng=rng, rtol=1e-6)
    assert set(errors) == {"Wx", "Wh", "b", "Wy", "by"}


def test_clipping_rescales_the_global_norm_and_keeps_the_direction(rng):
    grads = {"a": rng.standard_normal((3, 4)), "b": rng.standard_normal(5)}
    norm = np.sqrt(sum(np.sum(g * g) for g in grads.values()))
    clipped, before = train.clip_by_norm(grads, norm / 4)
    assert before == pytest.approx(norm)
    assert np.sqrt(sum(np.sum(g * g) for g in clipped.values())) == pytest.approx(norm / 4)
    for k in grads:
        np.testing.assert_allclose(clipped[k], grads[k] / 4)
    same, _ = train.clip_by_norm(grads, 2 * norm)
    assert all(same[k] is grads[k] for k in grads)


def test_adam_first_step_moves_each_weight_by_lr_against_its_gradient_sign(rng):
    # After one step, m_hat = g and v_hat = g^2, so the update is lr * g / (|g| + eps).
    w, g = {"w": rng.standard_normal(6)}, {"w": rng.standard_normal(6)}
    new = train.Adam(lr=0.01, eps=0.0).step(w, g)
    np.testing.assert_allclose(new["w"], w["w"] - 0.01 * np.sign(g["w"]), rtol=1e-14)


def test_a_seed_gives_the_same_run(rng):
    def run():
        model = train.init_model("lstm", 2, 4, 1, rng=np.random.default_rng(1))
        return train.train(model, tasks.AddingProblem(T=24), rng=np.random.default_rng(2), max_sequences=256)

    (m1, log1), (m2, log2) = run(), run()
    assert log1.losses == log2.losses
    assert np.array_equal(m1.layer.Wh, m2.layer.Wh)
    assert log1.sequences[-1] == 256


def _adding(cell: str, T: int):
    """The adding problem with a budget of 20,000 sequences (a few seconds); Adam 0.01, clip 1."""
    task = tasks.AddingProblem(T=T)
    model = train.init_model(cell, 2, 16, 1, rng=np.random.default_rng(1))
    _, log = train.train(
        model, task, rng=np.random.default_rng(2), max_sequences=20_000, optimizer=train.Adam(0.01)
    )
    return log


@pytest.mark.slow  # about a minute: two trainings of 20,000 sequences
def test_the_lstm_learns_the_adding_problem_where_the_rnn_cannot():
    # Predicting the mean, 0.5, scores E[((X1 + X2)/4)^2] = 2 * (1/3) / 16 = 0.042.
    lstm = _adding("lstm", 30)
    assert np.mean(lstm.losses[-20:]) < 0.01
    rnn = _adding("rnn", 100)
    assert not rnn.solved
    assert np.mean(rnn.losses[-20:]) > 0.03


def test_gradient_profile_is_the_backward_pass_per_step_norm(rng):
    task = tasks.AddingProblem(T=40)
    model = train.init_model("rnn", 2, 8, 1, rng=rng, max_singular_value=0.5)
    batch = task.sample(4, rng)
    profile = train.gradient_profile(model, batch, "mse")
    assert profile.shape == (batch.x.shape[1],)
    # The loss sits at the last step; with sigma_max = 0.5 its gradient shrinks at least 2x a step.
    assert np.all(profile[:-1] <= 0.5 * profile[1:] + 1e-300)


def test_callback_sees_every_update(rng):
    seen = []
    model = train.init_model("lstm", 2, 4, 1, rng=rng)
    train.train(
        model,
        tasks.AddingProblem(T=24),
        rng=rng,
        max_sequences=96,
        batch_size=32,
        callback=lambda n, m: seen.append(n),
    )
    assert seen == [0, 32, 64, 96]


def _overflowing_optimizer():
    class Overflow:
        """One step that sets W_y (1, 1) to 10^154: ‖θ‖² ≈ 10^308 is still finite, but the
        minibatch's summed squared error, about (10^154 h)² over 32 sequences, overflows."""

        def step(self, arrays, grads):
            return {**arrays, "Wy": np.full_like(arrays["Wy"], 1e154)}

    return Overflow()


def test_a_run_whose_loss_overflows_is_diverged_after_its_update_and_undone():
    model = train.init_model("rnn", 2, 1, 1, rng=np.random.default_rng(0))
    final, log = train.train(
        model,
        tasks.AddingProblem(T=24),
        rng=np.random.default_rng(1),
        max_sequences=640,
        optimizer=_overflowing_optimizer(),
        clip=None,
    )
    assert log.diverged
    assert log.diverged_after_updates == len(log.losses) == 1
    assert log.diverged_weight_norm == pytest.approx(1e154)  # finite: the loss overflowed, not θ
    assert np.array_equal(final.Wy, model.Wy)  # the divergent update is not kept


def test_an_update_that_leaves_the_weight_range_diverges():
    # A chaotic tanh RNN (σ_max(W_h) = 3): its first gradient is huge and one SGD step throws θ out.
    task = tasks.AddingProblem(T=50)
    model = train.init_model("rnn", 2, 16, 1, rng=np.random.default_rng(0), max_singular_value=3.0)
    start = train.weight_norm(model.arrays())

    def sgd(clip):
        rng = np.random.default_rng(0)
        return train.train(
            model,
            task,
            rng=rng,
            max_sequences=3200,
            optimizer=train.SGD(0.03),
            clip=clip,
            max_weight_growth=10.0,
        )

    final, log = sgd(clip=None)
    assert log.diverged
    assert log.diverged_after_updates == 1
    assert log.grad_norms[0] > 1e4
    assert log.diverged_weight_norm > 10 * start
    assert log.weight_norms == [pytest.approx(start)]
    assert final is model
    # The same run clipped at 10 stays in range.
    _, clipped = sgd(clip=10.0)
    assert not clipped.diverged
    assert clipped.diverged_after_updates is None
    assert max(clipped.weight_norms) < 2 * start


def test_weight_norm_is_the_global_norm_of_all_arrays():
    arrays = {"a": np.full((2, 2), 3.0), "b": np.array([4.0, 0.0])}
    assert train.weight_norm(arrays) == pytest.approx(np.sqrt(4 * 9 + 16))
    assert train.weight_norm({"a": np.array([1e200])}) == np.inf  # overflow is reported, not raised


def test_answering_the_mean_target_scores_its_variance():
    # y = 0.5 + (X1 + X2)/4, where a value marked at step 0 counts as 0: X1 is there 1 time in 10,
    # X2 (one of T/2 - 2 = 13 other steps) 0.9 / 13 of the time. With Var U(-1, 1) = 1/3:
    # Var(y) = (0.9 + 1 - 0.9/13) / 3 / 16 = 0.0381; the standard error over 2,560 sequences is ~0.001.
    task = tasks.AddingProblem(T=30)
    mean = train.mean_target(task, rng=np.random.default_rng(0))
    assert mean.shape == (1,)
    assert mean[0] == pytest.approx(0.5, abs=0.01)
    wrong, mse = train.assess(lambda b: np.broadcast_to(mean, b.y.shape), task, rng=np.random.default_rng(1))
    assert mse == pytest.approx((1.9 - 0.9 / 13) / 48, abs=0.004)
    # Wrong when |X1 + X2| >= 0.16: most sequences.
    assert 0.75 * 2560 < wrong < 0.9 * 2560
