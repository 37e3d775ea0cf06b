"""The interactive figures' data: every stored curve is the package's gradient flow at that position.

Each expected curve is recomputed here from `gradflow` and `init` with the demos' seed and set-up
(not through `demos`), and compared with the stored log10 values to their rounding.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from lstm_explainer import demos, explore
from lstm_explainer.gradflow import cell_path, lstm_gradient_flow, pascanu_bound, rnn_gradient_flow
from lstm_explainer.init import init_lstm, init_rnn
from lstm_explainer.lstm import LSTMParams, lstm_forward

HALF_STEP = 0.5 * 10**-explore.DECIMALS + 1e-12  # the largest rounding error of a stored log10


def inputs(T):
    """The demos' inputs: a burn-in from the zero state, then the T measured steps."""
    return np.random.default_rng(demos.SEED).standard_normal((1, demos.BURN_IN + T, 1)) * 0.5


def window(norms):
    """By distance T − k = 0 … T, for k in the measured window (after the burn-in)."""
    return norms[0, demos.BURN_IN :][::-1]


def stored(payload, series_id, **at):
    """The stored curve of ``series_id`` at slider values ``at`` (not indices), with its distances."""
    s = next(s for s in payload["series"] if s["id"] == series_id)
    values = s["log10"]
    for slider in s["by"]:
        values = values[payload["sliders"][slider].index(at[slider])]
    x = payload["x"][payload["sliders"]["steps"].index(at["steps"])]
    return np.array(x), np.array(values)


def assert_log10_close(values, expected):
    assert values.shape == expected.shape
    np.testing.assert_array_less(np.abs(values - np.log10(expected)), HALF_STEP)


@pytest.fixture(scope="module")
def decay():
    return explore.gradient_decay(radii=(0.7, 1.0, 1.3), biases=(0.0, 1.0), steps=(10, 50, 100, 150))


@pytest.fixture(scope="module")
def forget():
    return explore.forget_gate(biases=(-2.0, 2.0, 4.5), steps=(25, 100))


@pytest.mark.parametrize(("radius", "T"), [(1.0, 150), (0.7, 50), (1.3, 100), (1.0, 10)])
def test_rnn_curves_and_bound_are_the_gradient_flow_of_a_sequence_of_that_length(decay, radius, T):
    params = init_rnn(1, demos.H, rng=np.random.default_rng(demos.SEED), max_singular_value=radius)
    flow = rnn_gradient_flow(inputs(T), params)
    x, rnn = stored(decay, "rnn", radius=radius, steps=T)
    assert x[0] == 0
    assert x[-1] == T
    assert len(x) <= explore.MAX_POINTS
    assert_log10_close(rnn, window(flow.dh_norm)[x])  # ‖∂h_T/∂h_k‖ at distance T − k
    _, bound = stored(decay, "bound", radius=radius, steps=T)
    assert_log10_close(bound, pascanu_bound(params.Wh, x))  # the bound depends on the distance only
    assert bound[-1] == pytest.approx(T * math.log10(radius), abs=HALF_STEP)  # σ_max^T


def test_a_shorter_sequence_is_computed_not_sliced_from_a_longer_one(decay):
    # ∂h_50/∂h_k and ∂h_150/∂h_k are products of different Jacobians: the curves differ.
    x, short = stored(decay, "rnn", radius=1.0, steps=50)
    assert x.tolist() == list(range(51))
    sliced = np.log10(demos.rnn_decay(1.0, 150).values[:51])  # the first 50 distances from step 150
    assert np.max(np.abs(short - sliced)) > 0.1


@pytest.mark.parametrize(("bias", "T"), [(1.0, 150), (0.0, 50)])
def test_lstm_curves_are_its_gradient_flow(decay, bias, T):
    params = init_lstm(1, demos.H, rng=np.random.default_rng(demos.SEED), forget_bias=bias)
    x, lstm = stored(decay, "lstm", bias=bias, steps=T)
    assert_log10_close(lstm, window(lstm_gradient_flow(inputs(T), params).dh_norm)[x])


def test_at_the_static_length_the_curves_are_the_static_figures(decay, forget):
    x, rnn = stored(decay, "rnn", radius=1.0, steps=demos.T)
    assert_log10_close(rnn, demos.rnn_decay(1.0).values[x])
    _, lstm = stored(decay, "lstm", bias=1.0, steps=demos.T)
    assert_log10_close(lstm, demos.lstm_decay(1.0).values[x])


@pytest.mark.parametrize(("bias", "T"), [(2.0, 25), (4.5, 100), (-2.0, 100)])
def test_forget_gate_curves_are_the_cell_flow_at_that_bias(forget, bias, T):
    p = init_lstm(1, demos.H, rng=np.random.default_rng(demos.SEED), input_scale=0.5)
    b = p.b.copy()
    b[demos.H : 2 * demos.H] = bias  # columns [i, f, o, g]
    params = LSTMParams(p.Wx, p.Wh * 0.25, b)  # the demos' weak recurrence
    _, cache = lstm_forward(inputs(T), params)
    x, path = stored(forget, "path", bias=bias, steps=T)
    assert_log10_close(
        path, cell_path(cache.gate("f"))[0, demos.BURN_IN :][::-1].max(axis=1)[x]
    )  # max_j ∏ f_t[j]
    _, total = stored(forget, "total", bias=bias, steps=T)
    assert_log10_close(total, window(lstm_gradient_flow(inputs(T), params).dc_norm)[x])


def test_the_1997_cell_path_is_exactly_one(forget):
    for T in (25, 100):
        _, path = stored(forget, "path-1997", steps=T)
        assert set(path.tolist()) == {0.0}  # log10(1)
        _, total = stored(forget, "total-1997", steps=T)
        assert total[0] == 0.0
        assert np.all(np.isfinite(total))


def test_the_json_is_compact_and_identical_on_every_run():
    def fresh():
        for fn in (demos.rnn_decay, demos.lstm_flow, demos.cell_flow_bias):
            fn.cache_clear()
        return explore.to_json(explore.forget_gate(biases=(0.0, 3.0), steps=(10, 100)))

    first = fresh()
    assert first == fresh()
    payload = json.loads(first)
    assert payload["sliders"] == {"bias": [0.0, 3.0], "steps": [10, 100]}
    assert payload["ylim"] == [-20, 4]
    assert b" " not in first


@pytest.mark.parametrize("name", list(explore.EXPLORERS))
def test_each_figures_full_data_has_every_position_and_stays_small(name):
    payload = explore.data(name)
    size = len(explore.to_json(payload))
    # One fetch per figure, after the page: gradient-decay's five series are 79 KB (28 KB gzipped)
    assert size <= 90_000, size
    n_steps = len(explore.STEPS)
    assert payload["sliders"]["steps"] == list(explore.STEPS)
    for s in payload["series"]:
        values = s["log10"]
        for slider in s["by"]:
            assert len(values) == len(payload["sliders"][slider])
            values = values[-1]
        assert len(values) == len(payload["x"][n_steps - 1])


def test_bad_names_and_grids_raise_clear_errors():
    with pytest.raises(
        KeyError,
        match="figure 'cell-diagram' has no interactive data; figures that have: gradient-decay, forget-gate, "
        "gate-trace",
    ):
        explore.data("cell-diagram")
    with pytest.raises(
        ValueError, match=r"radii must be at least two increasing numbers in \[0.05, 5.0\], got \(1.0,\)"
    ):
        explore.gradient_decay(radii=(1.0,))
    with pytest.raises(ValueError, match="biases must be at least two increasing numbers"):
        explore.forget_gate(biases=(2.0, 1.0))
    with pytest.raises(ValueError, match=r"steps must be integers \(sequence lengths\), got \(10, 20.5\)"):
        explore.forget_gate(steps=(10, 20.5))
    with pytest.raises(ValueError, match="T = 75 is not a multiple of its stride 2: T would not be kept"):
        explore.distances(75)
    with pytest.raises(
        ValueError, match=r"steps \(the sequence length T\) must be a positive integer, got 0"
    ):
        demos.rnn_decay(1.0, 0)


def test_the_gate_trace_data_are_the_traces_rounded():
    from lstm_explainer import gates, handwired

    payload = explore.gate_trace()
    seq = gates.sequence()
    T = seq.x.shape[1]
    assert payload["steps"] == T
    assert [c["model"] for c in payload["cells"]] == ["hand", "trained", "trained", "trained"]
    assert [c["cell"] for c in payload["cells"]] == [
        1,
        *(gates.label(k) for k in gates.cells_that_matter(gates.trained_stats())),
    ]
    assert np.flatnonzero(payload["marked"]).tolist() == np.flatnonzero(seq.x[0, :, 1] == 1).tolist()
    half = 0.5 * 10**-explore.TRACE_DECIMALS + 1e-12
    trained = gates.trace(gates.trained_model(), seq.x)
    k = gates.cells_that_matter(gates.trained_stats())[0]
    for g in ("i", "f", "o", "C"):
        assert len(payload["cells"][1][g]) == T
        np.testing.assert_array_less(
            np.abs(np.array(payload["cells"][1][g]) - getattr(trained, g)[0, :, k]), half
        )
    hand_out = gates.trace(handwired.handwired_model(), seq.x).out[0, :, 0]
    np.testing.assert_array_less(np.abs(np.array(payload["out"]["hand"]) - hand_out), half)
    assert payload["out"]["hand"][-1] == pytest.approx(payload["target"], abs=handwired.task().tolerance)
    data = explore.to_json(payload)
    assert data == explore.to_json(explore.gate_trace())
    assert len(data) < 20_000


@pytest.fixture(scope="module")
def trace_data():
    return explore.data("gate-trace")


@pytest.mark.parametrize("step", ["first", "marker-1", "marker-2", "middle", "last"])
def test_each_cell_of_the_stepping_data_is_gates_trace_at_that_step(trace_data, step):
    """Every cell drawn, hand-wired and trained, at the steps the live text is most read at."""
    from lstm_explainer import gates, handwired

    seq = gates.sequence()
    T = seq.x.shape[1]
    marked = np.flatnonzero(seq.x[0, :, 1] == 1)
    t = {"first": 0, "marker-1": marked[0], "marker-2": marked[1], "middle": T // 2, "last": T - 1}[step]
    traces = {
        "hand": gates.trace(handwired.handwired_model(), seq.x),
        "trained": gates.trace(gates.trained_model(), seq.x),
    }
    shown = {"hand": [0], "trained": gates.cells_that_matter(gates.trained_stats())}
    half = 0.5 * 10**-explore.TRACE_DECIMALS + 1e-12
    cells = [(model, k) for model in ("hand", "trained") for k in shown[model]]
    assert [(c["model"], c["cell"]) for c in trace_data["cells"]] == [(m, gates.label(k)) for m, k in cells]
    for c, (model, k) in zip(trace_data["cells"], cells, strict=True):
        for g in ("i", "f", "o", "C"):
            assert len(c[g]) == T
            assert abs(c[g][t] - getattr(traces[model], g)[0, t, k]) < half, (model, k, g)
        assert abs(trace_data["out"][model][t] - traces[model].out[0, t, 0]) < half
    assert abs(trace_data["value"][t] - seq.x[0, t, 0]) < half
    assert trace_data["marked"][t] == int(t in marked)


def test_the_stepping_data_carry_the_static_figures_scales_and_one_kind_per_figure(trace_data):
    from lstm_explainer.figures import gate_trace as fig

    assert set(explore.STEPPED).isdisjoint(explore.EXPLORERS)
    assert trace_data["ylim"]["i"] == trace_data["ylim"]["o"] == list(fig.GATE_YLIM)
    assert trace_data["ylim"]["x"] == list(fig.INPUT_YLIM)
    low, high = trace_data["ylim"]["f"]
    trained_f = [v for c in trace_data["cells"] if c["model"] == "trained" for v in c["f"]]
    assert low <= min(trained_f) < max(trained_f) <= high == 1.005
    assert low == min(0.9, math.floor(20 * min(trained_f)) / 20)
    assert "C" not in trace_data["ylim"]  # each side's cell states on their own scale
    assert len(explore.STEPPED["gate-trace"].cells) == len(trace_data["cells"])
    assert sum(trace_data["marked"]) == 2
