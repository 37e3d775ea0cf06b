"""Experiments: results keyed by configuration and code, never used stale."""

import dataclasses
import json
import shutil

import numpy as np
import pytest

from lstm_explainer import experiments as ex

TINY = ex.Run("tiny", "lstm", "adding", {"T": 24}, H=4, max_sequences=128, profile_at=(0, 64))


def test_a_run_reports_what_the_tables_and_figures_need():
    result = ex.run_one(TINY)
    assert result["sequences_seen"] == 128
    assert 0 <= result["test_wrong"] <= result["test_sequences"] == 2560
    assert len(result["loss"]) == len(result["sequences"]) == 4
    assert sorted(result["profiles"]) == ["0", "64"]
    assert all(len(p) >= 24 for p in result["profiles"].values())
    assert ex.run_one(TINY)["loss"] == result["loss"]  # seeded: the same run twice


def test_the_key_follows_the_configuration_and_the_code(tmp_path, monkeypatch):
    base = ex.key([TINY])
    assert ex.key([dataclasses.replace(TINY, lr=0.02)]) != base
    src = tmp_path / "src"
    shutil.copytree(ex.SOURCE, src, ignore=shutil.ignore_patterns("__pycache__", "results"))
    monkeypatch.setattr(ex, "SOURCE", src)
    assert ex.key([TINY]) == base
    (src / "experiments.py").write_text("# the command line and loading do not compute results\n")
    assert ex.key([TINY]) == base
    (src / "train.py").write_text((src / "train.py").read_text() + "\n# an edit\n")
    assert ex.key([TINY]) != base


def test_load_refuses_missing_and_stale_results_naming_the_refresh_command(tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "RESULTS", tmp_path)
    with pytest.raises(ex.StaleResultError, match=r"python -m lstm_explainer\.experiments run clipping"):
        ex.load("clipping")
    (tmp_path / "clipping.json").write_text(json.dumps({"key": "0" * 16, "runs": []}))
    with pytest.raises(ex.StaleResultError, match=r"other code or settings.*run clipping"):
        ex.load("clipping")
    with pytest.raises(KeyError, match=r"unknown experiment 'clip'; known experiments: adding"):
        ex.load("clip")


def test_stored_results_are_up_to_date():
    """Every stored result must match the code and configuration that would compute it now."""
    for file in sorted(ex.RESULTS.glob("*.json")):
        assert file.stem in ex.EXPERIMENTS, f"{file.name} is no known experiment"
        result = ex.load(file.stem)  # StaleResultError, naming the refresh command, if outdated
        assert [r["label"] for r in result["runs"]] == [r.label for r in ex.EXPERIMENTS[file.stem]]


def test_training_stops_when_an_update_diverges():
    from lstm_explainer import tasks, train

    model = train.init_model("rnn", 2, 4, 1, rng=np.random.default_rng(0))
    _, log = train.train(model, tasks.AddingProblem(T=24), rng=np.random.default_rng(1), max_sequences=3200,
                         optimizer=train.SGD(1e308), clip=None)
    assert log.diverged
    assert log.sequences[-1] < 3200


def test_clipping_keeps_an_exploding_rnn_in_range_where_plain_sgd_blows_up():
    """The clipping experiment, reduced (T = 24, 3,200 sequences): the same seed and SGD step."""
    runs = [r for r in ex.EXPERIMENTS["clipping"] if r.seed == 0]
    small = {"task_options": {"T": 24}, "max_sequences": 3200}
    plain, clipped = (ex.run_one(dataclasses.replace(r, **small)) for r in runs)
    assert (runs[0].clip, runs[1].clip) == (None, 1.0)
    assert plain["max_loss"] > 1e50  # the mean's error is 0.042: this is the explosion
    assert plain["max_grad_norm"] > 1e30
    assert clipped["max_loss"] < 10
    assert not clipped["diverged"]
    assert clipped["max_grad_norm"] < 100  # the norm before clipping: the weights stayed in range


def test_every_experiment_has_a_stored_result():
    assert sorted(f.stem for f in ex.RESULTS.glob("*.json")) == sorted(ex.EXPERIMENTS)


def test_a_run_whose_loss_overflows_is_reported_as_diverged_and_not_tested():
    run = ex.Run("x", "rnn", "adding", {"T": 24}, H=4, optimizer="sgd", lr=1e150, clip=None, max_sequences=640)
    result = ex.run_one(run)
    assert result["diverged"]
    assert result["test_wrong"] is None
    assert result["sequences_seen"] < 640


def test_select_picks_stored_runs_by_their_configuration():
    plain = ex.select("clipping", clip=None)
    assert [r["label"] for r in plain] == ["clip none, seed 0", "clip none, seed 1", "clip none, seed 2"]
    assert [r["label"] for r in ex.select("clipping", clip=1.0, seed=2)] == ["clip 1.0, seed 2"]
    assert ex.select("clipping", clip=5.0) == []
