"""The trainer: exact gradients of the losses, clipping, Adam's first step, and learning that shows."""

import numpy as np
import pytest

from lstm_explainer import tasks, train
from lstm_explainer.gradcheck import assert_gradients_close


@pytest.mark.parametrize("cell", train.CELLS)
@pytest.mark.parametrize(("name", "loss"), [("adding", "mse"), ("temporal-order", "xent"), ("copy", "xent")])
def test_loss_gradients_match_finite_differences(rng, cell, name, loss):
    task = {"adding": tasks.AddingProblem(T=24), "temporal-order": tasks.TemporalOrder(T=64),
            "copy": tasks.CopyTask(T=3, length=2)}[name]
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
    _, log = train.train(model, task, rng=np.random.default_rng(2), max_sequences=20_000,
                         optimizer=train.Adam(0.01))
    return log


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
    train.train(model, tasks.AddingProblem(T=24), rng=rng, max_sequences=96, batch_size=32,
                callback=lambda n, m: seen.append(n))
    assert seen == [0, 32, 64, 96]
