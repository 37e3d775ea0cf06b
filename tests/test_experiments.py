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
    assert len(result["loss"]) == len(result["sequences"]) == len(result["weight_norm"]) == 4
    assert list(result["profiles"]) == list(result["marked_ratio"]) == ["0", "64", "128"]  # and the end
    assert all(len(p) >= 24 for p in result["profiles"].values())
    assert all(0 < r < 10 for r in result["marked_ratio"].values())
    assert result["final_loss"] == pytest.approx(np.mean(ex.run_one(TINY)["loss"]))  # 4 minibatches < 1,024
    # Answering the mean scores Var(y) = (1.9 - 0.9/10) / 48 at T = 24 (see test_train), ± 4 standard errors
    assert result["baseline_test_mse"] == pytest.approx((1.9 - 0.09) / 48, abs=0.004)
    assert result["mean_target"] == [pytest.approx(0.5, abs=0.01)]
    assert ex.run_one(TINY)["loss"] == result["loss"]  # seeded: the same run twice


def test_the_key_follows_the_configuration_and_the_code_a_run_imports(tmp_path, monkeypatch):
    base = ex.key([TINY])
    assert ex.key([dataclasses.replace(TINY, lr=0.02)]) != base
    names = {f.relative_to(ex.store.PACKAGE).as_posix() for f in ex.code_files()}
    runs_code = {"experiments/training.py", "experiments/config.py", "train.py", "lstm.py", "rnn.py"}
    assert runs_code | {"tasks.py", "gradflow.py", "_stacked.py", "init.py"} <= names
    assert not names & {"experiments/store.py", "cli.py", "figures/__init__.py"}
    assert not any(n.startswith(("claims/", "numbers/")) for n in names)
    assert not any(n.startswith("site/") for n in names)
    # On a copy of the package: loading is not in the key, what a run imports is.
    package = tmp_path / "lstm_explainer"
    shutil.copytree(ex.store.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "results"))
    monkeypatch.setattr(ex.store, "PACKAGE", package)
    assert ex.key([TINY]) == base
    (package / "experiments" / "store.py").write_text("# loading does not compute results\n")
    assert ex.key([TINY]) == base
    # Comments and docstrings are not what a run computes; the rest of the configuration file is
    # not either (each experiment's runs are hashed one by one): editing them keeps results valid.
    train_py = package / "train.py"
    train_py.write_text(
        train_py.read_text().replace('"""', '"""An edited docstring. ', 1) + "\n# a comment\n"
    )
    (package / "experiments" / "config.py").write_text(
        (package / "experiments" / "config.py").read_text() + "\nANOTHER_EXPERIMENT = []  # added\n"
    )
    assert ex.key([TINY]) == base
    train_py.write_text(train_py.read_text() + "\nCHANGED = 1\n")
    assert ex.key([TINY]) != base


def test_load_refuses_missing_and_stale_results_naming_the_refresh_command(tmp_path, monkeypatch):
    monkeypatch.setattr(ex.store, "RESULTS", tmp_path)
    with pytest.raises(ex.StaleResultError, match=r"python -m lstm_explainer experiments run clipping"):
        ex.load("clipping")
    (tmp_path / "clipping.json").write_text(json.dumps({"key": "0" * 16, "runs": []}))
    with pytest.raises(ex.StaleResultError, match=r"other code or settings.*run clipping"):
        ex.load("clipping")
    with pytest.raises(KeyError, match=r"unknown experiment 'clip'; known experiments: adding-100"):
        ex.load("clip")


def test_every_experiment_has_a_stored_result_and_it_is_up_to_date():
    """One result per experiment, none else, each matching the code and configuration that would
    compute it now."""
    assert sorted(f.stem for f in ex.RESULTS.glob("*.json")) == sorted(ex.EXPERIMENTS)
    for name, runs in ex.EXPERIMENTS.items():
        result = ex.load(name)  # StaleResultError, naming the refresh command, if outdated
        assert [r["label"] for r in result["runs"]] == [r.label for r in runs]


def test_training_stops_when_an_update_diverges():
    from lstm_explainer import tasks, train

    model = train.init_model("rnn", 2, 4, 1, rng=np.random.default_rng(0))
    _, log = train.train(
        model,
        tasks.AddingProblem(T=24),
        rng=np.random.default_rng(1),
        max_sequences=3200,
        optimizer=train.SGD(1e308),
        clip=None,
    )
    assert log.diverged
    assert log.sequences[-1] < 3200
    assert log.diverged_after_updates == len(log.losses) >= 1


def test_marked_ratio_is_the_geometric_mean_at_the_two_marks_over_the_last_step():
    from lstm_explainer import tasks

    probe = tasks.AddingProblem(T=30).sample(8, np.random.default_rng(0))
    T = probe.x.shape[1]
    norms = np.broadcast_to(10.0 ** (np.arange(T) - (T - 1.0)), (8, T))  # 10^(k - T) at step k
    k = np.nonzero(probe.x[..., 1] == 1.0)[1]  # the 16 marked steps
    assert len(k) == 16
    assert ex.training._marked_ratio(norms, probe) == pytest.approx(10.0 ** (k.mean() - (T - 1)))


def _clipping_runs(seed: int, **small) -> dict[str, dict]:
    """The clipping experiment's three settings for one seed, reduced by ``small``."""
    names = {(0.9, None): "control", (3.0, None): "exploding", (3.0, 10.0): "clipped"}
    return {
        names[r.layer["max_singular_value"], r.clip]: ex.run_one(dataclasses.replace(r, **small))
        for r in ex.EXPERIMENTS["clipping"]
        if r.seed == seed
    }


def test_clipping_experiment_explodes_through_time_without_clipping_and_not_with_it():
    """Reduced to 3,200 sequences (100 updates): the same seeds, T = 50, SGD step and ranges."""
    for seed in (0, 1):
        runs = _clipping_runs(seed, max_sequences=3200)
        control, exploding, clipped = runs["control"], runs["exploding"], runs["clipped"]
        # At the start, ‖∂h_T/∂h_k‖ shrinks with the distance for σ_max = 0.9 and grows for 3.
        assert control["flow_init"]["growth_per_step"] < 0.8
        assert exploding["flow_init"]["growth_per_step"] > 1.15
        assert exploding["flow_init"]["dh_norm"][50] > 1e4 > 1e-5 > control["flow_init"]["dh_norm"][50]
        assert not control["diverged"]
        assert control["max_weight_norm"] < 2 * control["weight_norm"][0]
        # Without clipping, the first gradient (> 10^4) throws ‖θ‖ out of range in one update.
        assert exploding["diverged"]
        assert exploding["diverged_after_updates"] == 1
        assert exploding["max_grad_norm"] > 1e4
        assert exploding["diverged_weight_norm"] > 10 * exploding["weight_norm"][0]
        assert exploding["final_loss"] is None
        assert exploding["test_wrong"] is None
        assert exploding["flow_end"] == exploding["flow_init"]  # the last weights before the blow-up
        # With clipping, the same initial weights and gradients stay in range.
        assert clipped["flow_init"] == exploding["flow_init"]
        assert clipped["max_grad_norm"] > 1e4
        assert not clipped["diverged"]
        assert clipped["max_weight_norm"] < 2 * clipped["weight_norm"][0]
        assert 0 <= clipped["test_wrong"] <= 2560


def test_a_run_whose_loss_overflows_is_reported_as_diverged_and_not_tested():
    run = ex.Run(
        "x", "rnn", "adding", {"T": 24}, H=4, optimizer="sgd", lr=1e150, clip=None, max_sequences=640
    )
    result = ex.run_one(run)
    assert result["diverged"]
    assert result["test_wrong"] is None
    assert result["sequences_seen"] < 640


def test_select_picks_stored_runs_by_their_configuration():
    clipped = ex.select("clipping", clip=10.0)
    assert [r["label"] for r in clipped] == [f"σ_max 3, clip 10.0, seed {s}" for s in range(5)]
    control = ex.select("clipping", layer={"max_singular_value": 0.9}, seed=2)
    assert [r["label"] for r in control] == ["σ_max 0.9, clip none, seed 2"]
    assert ex.select("clipping", clip=5.0) == []
    # a dict matches the items it names; the cell is one of SETUPS
    found = ex.select("forget-bias", layer={"forget_bias": 2.0}, task_options={"placement": "halves"})
    assert [r["label"] for r in found] == [f"b_f = 2, halves placement, seed {s}" for s in range(5)]
    assert [r["label"] for r in ex.select("adding-100", "1997", seed=3)] == ["1997 LSTM, T = 100, seed 3"]
    assert len(ex.select("adding-100", "rnn")) == 5
    with pytest.raises(KeyError, match=r"unknown set-up 'gru'; expected one of lstm, 1997, rnn"):
        ex.select("adding-100", "gru")


def test_the_experiments_run_the_papers_set_ups_on_enough_seeds():
    """Issue 17: ten seeds at T = 100 (as the paper's ten trials), five at T = 500, three at
    T = 1000, twenty on the temporal order (the paper's twenty); every run of a set-up differs
    from the others by its seed only; the 1997 cell as the paper set it up."""
    for name, seeds in (("adding-100", 10), ("adding-500", 5), ("adding-1000", 3), ("temporal-order", 20)):
        lstm = [r for r in ex.EXPERIMENTS[name] if r.label.startswith("LSTM")]
        assert [r.seed for r in lstm] == list(range(seeds)), name
        assert len({repr(dataclasses.replace(r, label="", seed=0, keep_weights=False)) for r in lstm}) == 1
    for run in ex.EXPERIMENTS["adding-100"]:
        assert run.task_options == {"T": 100, "placement": "1997", "first_value": "zeroed"}
        assert (run.lr, run.batch_size, run.clip) == (0.03, 16, 1.0)
        if run.label.startswith("1997"):
            assert run.layer == {"variant": "no_forget", "input_bias": -3.0, "uniform": 0.1}
    assert {
        r.layer["forget_bias"]
        for n in ("adding-100", "adding-500", "adding-1000")
        for r in ex.EXPERIMENTS[n]
        if r.label.startswith("LSTM")
    } == {5.0, 6.0, 7.0}  # round(ln T)
    assert [r.label for r in ex.EXPERIMENTS["adding-100"] if r.keep_weights] == ["LSTM, T = 100, seed 0"]
    assert ex.PAPER["adding-100"] == {"sequences": 74_000, "wrong": 1, "trials": 10}


def test_a_run_can_keep_its_trained_weights():
    result = ex.run_one(dataclasses.replace(TINY, keep_weights=True, max_sequences=32))
    assert {k: np.shape(v) for k, v in result["weights"].items()} == {
        "Wx": (2, 16),
        "Wh": (4, 16),
        "b": (16,),
        "Wy": (4, 1),
        "by": (1,),
    }
    assert ex.run_one(TINY)["weights"] is None


TRIO = [dataclasses.replace(TINY, label=f"tiny {s}", seed=s, profile_at=()) for s in range(3)]


@pytest.fixture
def trio(tmp_path, monkeypatch):
    """A small experiment of three runs, stored in a temporary folder."""
    monkeypatch.setitem(ex.EXPERIMENTS, "trio", TRIO)
    monkeypatch.setattr(ex.store, "RESULTS", tmp_path)
    ex.stored.cache_clear()
    yield "trio"
    ex.stored.cache_clear()


def _without_times(result):
    return [{k: v for k, v in r.items() if k != "wall_time"} for r in result["runs"]]


def test_runs_spread_over_processes_give_the_results_of_one_process(trio):
    serial = ex.run_all([trio], jobs=1)[trio]
    ticks = []
    parallel = ex.run_all(
        [trio], jobs=2, progress=lambda done, total: ticks.append((done, total)), fresh=True
    )[trio]
    assert _without_times(parallel) == _without_times(serial)
    assert parallel["key"] == serial["key"] == ex.key(TRIO)
    assert ticks[0] == (0, 3 * 128)
    assert ticks[-1] == (3 * 128, 3 * 128)  # every budget counted once the runs end
    assert not (ex.store.RESULTS / ".partial").exists()  # nothing left behind


def test_an_interrupted_refresh_resumes_without_redoing_finished_runs(trio, monkeypatch):
    reference = _without_times(ex.run_all([trio], jobs=1)[trio])
    ex.path(trio).unlink()
    real, calls = ex.training.run_one, []

    def interrupted(run, progress=None):
        calls.append(run.label)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the second run is cut off
        return real(run, progress)

    monkeypatch.setattr(ex.training, "run_one", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ex.run_all([trio], jobs=1)
    assert not ex.path(trio).exists()  # nothing stored until every run has ended
    monkeypatch.setattr(
        ex.training, "run_one", lambda run, progress=None: calls.append(run.label) or real(run)
    )
    resumed = ex.run_all([trio], jobs=1)[trio]
    assert calls == ["tiny 0", "tiny 1", "tiny 1", "tiny 2"]  # run 0 is not trained again
    assert _without_times(resumed) == reference


def test_a_finished_run_of_other_code_or_settings_is_not_reused(trio, monkeypatch):
    ex.run_all([trio], jobs=1)
    ex.path(trio).unlink()  # no stored result: only the partial run below could be reused
    partial = ex.store.RESULTS / ".partial" / trio / "000.json"
    partial.parent.mkdir(parents=True)
    partial.write_text(json.dumps({"key": "0" * 16, "result": {"label": "stale"}}))
    calls = []
    real = ex.training.run_one
    monkeypatch.setattr(
        ex.training, "run_one", lambda run, progress=None: calls.append(run.label) or real(run)
    )
    result = ex.run_all([trio], jobs=1)[trio]
    assert calls == ["tiny 0", "tiny 1", "tiny 2"]
    assert result["runs"][0]["label"] == "tiny 0"


def test_a_refresh_computes_only_the_runs_the_stored_result_lacks(trio, monkeypatch):
    first = ex.run_all([trio], jobs=1)[trio]
    real, calls = ex.training.run_one, []
    monkeypatch.setattr(
        ex.training, "run_one", lambda run, progress=None: calls.append(run.label) or real(run)
    )
    assert ex.run_all([trio], jobs=1)[trio]["runs"] == first["runs"]  # nothing to compute
    assert calls == []
    more = [*TRIO, dataclasses.replace(TRIO[0], label="tiny 3", seed=3)]  # a seed added
    monkeypatch.setitem(ex.EXPERIMENTS, trio, more)
    grown = ex.run_all([trio], jobs=1)[trio]
    assert calls == ["tiny 3"]
    assert grown["runs"][:3] == first["runs"]
    assert grown["run_keys"] == [ex.store.run_key(r) for r in more]
    ex.run_all([trio], jobs=1, fresh=True)  # --fresh: every run again
    assert calls == ["tiny 3", "tiny 0", "tiny 1", "tiny 2", "tiny 3"]


def test_a_summary_over_seeds_counts_every_run_and_keeps_the_misses_apart():
    runs = [
        {"solved": True, "sequences_to_criterion": 30_000, "test_wrong": 1},
        {"solved": False, "sequences_to_criterion": None, "test_wrong": 900},  # missed its budget
        {"solved": True, "sequences_to_criterion": 10_000, "test_wrong": 0},
        {"solved": True, "sequences_to_criterion": 50_000, "test_wrong": 3},
    ]
    assert ex.summary(runs) == {
        "runs": 4,
        "solved": 3,
        "mean": 30_000.0,
        "median": 30_000.0,
        "min": 10_000,
        "max": 50_000,
        "wrong_mean": pytest.approx(4 / 3),
        "wrong_median": 1.0,
        "wrong_min": 0,
        "wrong_max": 3,
    }
    nothing = ex.summary(runs[1:2])
    assert (nothing["runs"], nothing["solved"], nothing["mean"], nothing["wrong_max"]) == (1, 0, None, None)


def test_every_configured_set_up_runs_on_a_reduced_budget():
    """Each distinct set-up of every experiment (seeds aside), 64 sequences with 4 units: the
    configuration the refresh will run is one that runs."""
    seen = set()
    for runs in ex.EXPERIMENTS.values():
        for run in runs:
            small = dataclasses.replace(run, label="small", seed=0, H=4, max_sequences=64, profile_at=())
            if repr(small) in seen:
                continue
            seen.add(repr(small))
            result = ex.run_one(small)
            assert result["sequences_seen"] <= 64
            assert result["test_sequences"] == 2560
    assert len(seen) >= 10


def test_a_caption_names_each_experiments_seeds_when_they_differ():
    seed_text = ex.store._seed_text
    assert seed_text(("a", "b"), [[0, 1, 2, 3], [0, 1, 2, 3]]) == "0–3"
    assert seed_text(("a", "b"), [[0, 1, 2, 3], [0, 1, 2]]) == "0–3 (a), 0–2 (b)"  # not a union
    assert seed_text(("a",), [[0, 2, 5]]) == "0, 2, 5"  # a gap is not a range
    assert seed_text(("a",), [[0, 1]]) == "0, 1"
