"""The notebooks' training memo: what it gives back is what training gives, and only for the same
inputs and the same package."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from lstm_explainer import memo, tasks, train


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """`train.train` memoised under ``tmp_path/<folder>`` and the list of the real trainings."""
    calls = []
    real = train.train

    def counting(*args, **kwargs):
        calls.append(kwargs.get("max_sequences"))
        return real(*args, **kwargs)

    monkeypatch.setattr(train, "train", counting)
    memo.install(tmp_path / "package-A")
    return calls


def _run(max_sequences=64, seed=2):
    task = tasks.AddingProblem(T=24)
    model = train.init_model("lstm", task.D, 4, task.K, rng=np.random.default_rng(1))
    rng, optimizer = np.random.default_rng(seed), train.Adam(0.01)
    result = train.train(
        model, task, rng=rng, max_sequences=max_sequences, batch_size=16, optimizer=optimizer
    )
    return result, rng.random(), optimizer  # what the next cell would draw, the optimizer's state


def test_a_memoised_run_gives_back_what_training_gives(counted):
    (model, log), after, optimizer = _run()
    (model2, log2), after2, optimizer2 = _run()  # read back
    assert counted == [64]
    assert pickle.dumps(model.arrays()) == pickle.dumps(model2.arrays())
    assert (log2.losses, log2.sequences, log2.grad_norms) == (log.losses, log.sequences, log.grad_norms)
    assert after2 == after  # the generator was left where training leaves it
    assert optimizer2._t == optimizer._t == 4
    assert all(np.array_equal(optimizer2._m[k], optimizer._m[k]) for k in optimizer._m)


def test_other_inputs_or_another_package_train_again(counted, tmp_path):
    _run()
    _run(max_sequences=32)
    _run(seed=3)
    assert counted == [64, 32, 64]
    memo.install(tmp_path / "package-B")  # the build keys the folder by the package's content
    _run()
    assert counted == [64, 32, 64, 64]


def test_a_run_with_a_callback_is_never_memoised(counted):
    task = tasks.AddingProblem(T=24)
    for _ in range(2):
        model = train.init_model("rnn", task.D, 4, task.K, rng=np.random.default_rng(1))
        seen: list[int] = []

        def progress(n, _, seen=seen):
            seen.append(n)

        train.train(model, task, rng=np.random.default_rng(2), max_sequences=32, callback=progress)
        assert seen == [0, 32]
    assert counted == [32, 32]
