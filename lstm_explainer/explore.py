"""The data behind the site's interactive figures: every slider position, computed at build time.

Two kinds. Sliders over a grid (`EXPLORERS`, below); and stepping figures (`STEPPED`), whose one
slider, the step t, moves a cursor over curves drawn whole: `gate_trace`, one test sequence
of the adding problem gate by gate, traced at build time.

The reader moves sliders (the RNN's σ_max(W_h), the forget-gate bias b_f, the sequence length
T) and the page draws the curves stored here for that position; the browser only looks them
up. Every curve comes from `lstm_explainer.demos`, the functions, seeds and set-up of the
static figures: at T = `demos.T` a curve is the static figure's curve.

A curve for a sequence of T steps is computed for that sequence: ‖∂h_T/∂h_k‖ for a shorter
sequence is not the start of a longer sequence's curve (its products end at another step),
so nothing is sliced. To keep the file small, a curve keeps at most `MAX_POINTS` distances
(every step up to T = 50, every 2nd, 3rd or 4th beyond; the chart's lines join them), and
its values are stored as log10, rounded to `DECIMALS` decimals (a relative error under 0.12%).

The data of one figure (`data`) is a dict; `to_json` writes it compactly and identically
on every run::

    sliders  {name: [values]}, the grid of each slider (``steps`` is always one)
    x        (len(steps), n_T): the distances T − k kept for each T
    series   [{id, by, log10}], ``log10`` nested by the sliders named in ``by``, then the
             distances: log10[i][j][n] for by = [a, "steps"] is at sliders[a][i], steps[j], x[j][n]
    ylim     [lo, hi] in log10: the static figure's y range (curves leaving it are clipped)
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from . import demos
from .figures import forget_gate as forget_gate_fig
from .figures import gate_trace as gate_trace_fig
from .figures import gradient_decay as gradient_decay_fig

STEPS = (10, 25, 50, 100, 150, 200)
"""Sequence lengths T the slider offers; `demos.T` (150) is the static figures' length."""
RADII = tuple(round(0.5 + 0.1 * i, 1) for i in range(11))
"""σ_max(W_h) of the RNN, 0.5 … 1.5: vanishing below 1, exploding (or saturating) above."""
BIASES = tuple(-2.0 + 0.5 * i for i in range(15))
"""Forget-gate biases b_f, −2 … 5, so forget gates near σ(b_f) ≈ 0.12 … 0.993 (forget-gate figure)."""
LSTM_BIASES = tuple(-2.0 + i for i in range(8))
"""The LSTM's b_f beside the RNN, −2 … 5 in steps of 1 (gradient-decay figure: 0, 1 and 3 static)."""
MAX_POINTS = 51
DECIMALS = 3


def distances(steps: int) -> np.ndarray:
    """The distances T − k kept for a sequence of ``steps`` steps: 0 … T, at most `MAX_POINTS`.

    Returns (n,) integers from 0 to T (both kept) with a constant stride."""
    stride = math.ceil(steps / (MAX_POINTS - 1))
    if steps % stride:
        raise ValueError(f"T = {steps} is not a multiple of its stride {stride}: T would not be kept")
    return np.arange(0, steps + 1, stride)


def _check_grid(name: str, values, low: float, high: float) -> tuple:
    values = tuple(values)
    ok = len(values) >= 2 and all(isinstance(v, int | float) and low <= v <= high for v in values)
    if not ok or list(values) != sorted(set(values)):
        raise ValueError(f"{name} must be at least two increasing numbers in [{low}, {high}], got {values!r}")
    if name == "steps" and not all(isinstance(v, int) for v in values):
        raise ValueError(f"steps must be integers (sequence lengths), got {values!r}")
    return values


def _log10(values: np.ndarray, gaps: bool = False) -> list[float | None]:
    """log10 of positive values, rounded; ``+ 0.0`` writes -0.0 as 0.0. With ``gaps``, a value of
    0 is a gap in the curve (None: JSON's null, which the chart leaves undrawn)."""
    ok = np.isfinite(values) & (values > 0)
    if not np.all(ok | (gaps & (values == 0))):
        raise ValueError("a curve has a value that is not positive and finite: no log10 to store")
    return [
        round(float(np.log10(v)), DECIMALS) + 0.0 if good else None
        for v, good in zip(values, ok, strict=True)
    ]


def _rnn_values(radius: float, T: int) -> np.ndarray:
    return demos.rnn_decay(radius, T).values


def _rnn_bound(radius: float, T: int) -> np.ndarray:
    bound = demos.rnn_decay(radius, T).bound
    assert bound is not None  # an RNN curve always carries its bound
    return bound


def _lstm_values(bias: float, T: int) -> np.ndarray:
    return demos.lstm_decay(bias, T).values


def _lstm_carousel(bias: float, T: int) -> np.ndarray:
    return demos.lstm_routes(bias, T)[0].values


def _lstm_recurrence(bias: float, T: int) -> np.ndarray:
    return demos.lstm_routes(bias, T)[1].values


def gradient_decay(radii=RADII, biases=LSTM_BIASES, steps=STEPS) -> dict:
    """The gradient-decay figure at every position: the RNN's ‖∂h_T/∂h_k‖ and its Pascanu bound
    per (σ_max, T), and the LSTM's ‖∂h_T/∂h_k‖ with two of its routes (along the carousel alone,
    null before it is crossed; through h alone) per (b_f, T), by distance T − k."""
    radii = _check_grid("radii", radii, 0.05, 5.0)
    biases = _check_grid("biases", biases, -10.0, 10.0)
    steps = _check_grid("steps", steps, 1, 1000)
    xs = [distances(T) for T in steps]

    def per_steps(curve: Callable[[int], np.ndarray], gaps: bool = False) -> list[list[float | None]]:
        return [_log10(curve(T)[x], gaps) for T, x in zip(steps, xs, strict=True)]  # [T index][point]

    rnn = [per_steps(partial(_rnn_values, r)) for r in radii]
    bound = [per_steps(partial(_rnn_bound, r)) for r in radii]
    lstm = [per_steps(partial(_lstm_values, b)) for b in biases]
    carousel = [per_steps(partial(_lstm_carousel, b), gaps=True) for b in biases]
    recurrence = [per_steps(partial(_lstm_recurrence, b)) for b in biases]
    return _assemble(
        {"radius": radii, "bias": biases, "steps": steps},
        xs,
        gradient_decay_fig.YLIM,
        [
            ("rnn", ["radius", "steps"], rnn),
            ("bound", ["radius", "steps"], bound),
            ("lstm", ["bias", "steps"], lstm),
            ("carousel", ["bias", "steps"], carousel),
            ("recurrence", ["bias", "steps"], recurrence),
        ],
    )


def forget_gate(biases=BIASES, steps=STEPS) -> dict:
    """The forget-gate figure at every position: ‖dC_T/dC_k‖ and the cell-state path alone
    ‖∏ diag(f_t)‖ per (b_f, T), and both for the 1997 cell (f ≡ 1) per T, by distance T − k."""
    biases = _check_grid("biases", biases, -10.0, 10.0)
    steps = _check_grid("steps", steps, 1, 1000)
    xs = [distances(T) for T in steps]

    def curves(b: float | None, which: int) -> list[list[float | None]]:
        return [_log10(demos.cell_flow_bias(b, T)[which].values[x]) for T, x in zip(steps, xs, strict=True)]

    return _assemble(
        {"bias": biases, "steps": steps},
        xs,
        forget_gate_fig.YLIM,
        [
            ("total", ["bias", "steps"], [curves(b, 0) for b in biases]),
            ("path", ["bias", "steps"], [curves(b, 1) for b in biases]),
            ("total-1997", ["steps"], curves(None, 0)),
            ("path-1997", ["steps"], curves(None, 1)),
        ],
    )


TRACE_DECIMALS = 4
"""Decimals kept of the gate-trace data's values (gates in 0 … 1, states of order 1)."""


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), TRACE_DECIMALS) + 0.0 for v in values]


def gate_trace() -> dict:
    """The gate-trace figure's data, for a page that steps through its test sequence
    (`lstm_explainer.gates`: the sequence, the hand-wired cell, the trained cells that matter)::

        steps    T, the sequence's length; step t (from 1) is at index t − 1 of every list
        value    [T] the input values v_t;  marked  [T] 1 on the two marked pairs, else 0
        target   the answer wanted at the last step
        cells    [{model, cell, i, f, o, C}]: ``model`` "hand" or "trained", ``cell`` its
                 number (from 1), i_t, f_t, o_t, C_t over the steps, [T] each
        out      {model: [T]} the read-out h_t W_y + b_y at every step (the answer is the last)
        ylim     {row: [lo, hi]} the static figure's scales of the rows "x" (the input), "i",
                 "f" and "o"; C_t has none (each side is scaled to its own cells)

    A `STEPPED` figure: one slider, the step, over a sequence traced at build time."""
    from . import gates, handwired

    seq = gates.sequence()
    models = {"hand": handwired.handwired_model(), "trained": gates.trained_model()}
    traces = {name: gates.trace(m, seq.x) for name, m in models.items()}
    shown = {"hand": [0], "trained": gates.cells_that_matter(gates.trained_stats())}
    f_min = traces["trained"].f[0][:, shown["trained"]].min()
    return {
        "steps": int(seq.x.shape[1]),
        "value": _rounded(seq.x[0, :, 0]),
        "marked": [int(m) for m in traces["hand"].markers[0]],
        "target": round(float(seq.y[0, -1, 0]), TRACE_DECIMALS),
        "cells": [
            {
                "model": name,
                "cell": gates.label(k),
                **{g: _rounded(getattr(traces[name], g)[0, :, k]) for g in ("i", "f", "o", "C")},
            }
            for name in models
            for k in shown[name]
        ],
        "out": {name: _rounded(tr.out[0, :, 0]) for name, tr in traces.items()},
        "ylim": {
            "x": list(gate_trace_fig.INPUT_YLIM),
            "i": list(gate_trace_fig.GATE_YLIM),
            "f": list(gate_trace_fig.forget_ylim(f_min)),
            "o": list(gate_trace_fig.GATE_YLIM),
        },
    }


def _assemble(sliders: dict, xs: list[np.ndarray], ylim: tuple[float, float], series: list[tuple]) -> dict:
    return {
        "sliders": {k: list(v) for k, v in sliders.items()},
        "x": [x.tolist() for x in xs],
        "series": [{"id": sid, "by": by, "log10": values} for sid, by, values in series],
        "ylim": [round(math.log10(v)) for v in ylim],
    }


@dataclass(frozen=True)
class Series:
    """How the page draws one curve: its id (its label is ``<figure>.explore.<id>`` in the
    catalogues), colour, dash pattern in CSS pixels (None: solid) and width."""

    id: str
    stroke: str
    dash: tuple[int, ...] | None = None
    width: float = 2


@dataclass(frozen=True)
class Explorer:
    """One interactive figure, declared once: the function that computes its data, how its
    curves are drawn (the static figure's colours) and where its sliders start (its set-up)."""

    compute: Callable[[], dict]
    series: tuple[Series, ...]
    start: dict[str, float]


_DASHED = (6, 4)
_DOTTED = (1, 3)
EXPLORERS: dict[str, Explorer] = {
    "gradient-decay": Explorer(
        gradient_decay,
        (
            Series("rnn", gradient_decay_fig.RNN_COLORS[0.9]),
            Series("bound", gradient_decay_fig.RNN_COLORS[0.9], _DASHED, width=1),
            Series("lstm", gradient_decay_fig.LSTM_COLORS[3.0]),
            Series("carousel", gradient_decay_fig.LSTM_COLORS[3.0], _DASHED, width=1),
            Series("recurrence", gradient_decay_fig.LSTM_COLORS[3.0], _DOTTED, width=1.5),
        ),
        {"radius": 1.0, "bias": 1.0, "steps": demos.T},
    ),
    "forget-gate": Explorer(
        forget_gate,
        (
            Series("total", forget_gate_fig.COLORS[0]),
            Series("path", forget_gate_fig.COLORS[0], _DASHED, width=1.5),
            Series("total-1997", forget_gate_fig.COLORS[-1], width=1),
            Series("path-1997", forget_gate_fig.COLORS[-1], _DASHED, width=1),
        ),
        {"bias": 2.0, "steps": demos.T},
    ),
}
"""Figure name -> its interactive figure (a figure of `figures.FIGURES`)."""


@dataclass(frozen=True)
class Stepper:
    """An interactive figure of another kind, declared once: one slider, the step t, moves a
    cursor over curves drawn whole, those of a sequence traced at build time by ``compute``;
    the block starts at the first marked step. Drawn as the static figure: ``cells`` the lines
    of the data's cells in their order (the hand-wired cell's, then the trained cells'),
    ``value`` the input's, ``mark`` the marked steps' shading, ``cursor`` the chosen step's line."""

    compute: Callable[[], dict]
    cells: tuple[Series, ...]
    value: Series
    mark: str
    cursor: str


_CANVAS_DASHES = {"-": None, "--": _DASHED, "-.": (7, 3, 2, 3)}  # matplotlib's line styles
STEPPED: dict[str, Stepper] = {
    "gate-trace": Stepper(
        gate_trace,
        (
            Series("hand", gate_trace_fig.HAND, width=1.5),
            *(
                Series(f"trained-{rank}", color, _CANVAS_DASHES[dash], width=1.5)
                for rank, (color, dash) in enumerate(
                    zip(gate_trace_fig.CELL_COLORS, gate_trace_fig.CELL_DASHES, strict=True), 1
                )
            ),
        ),
        Series("value", "#8c8c8c", width=1),  # matplotlib's grey "0.55", the static figure's
        gate_trace_fig.MARK,
        "#CC79A7",  # Okabe & Ito's reddish purple: apart from the cells' colours and the shading
    ),
}
"""Figure name -> its stepping figure (a figure of `figures.FIGURES`)."""


def data(name: str) -> dict:
    """The interactive data of figure ``name``; ``KeyError`` naming those that have it."""
    if name in EXPLORERS:
        return EXPLORERS[name].compute()
    if name in STEPPED:
        return STEPPED[name].compute()
    raise KeyError(
        f"figure {name!r} has no interactive data; figures that have: {', '.join([*EXPLORERS, *STEPPED])}"
    )


def to_json(payload: dict) -> bytes:
    """``payload`` (from `data`) as compact JSON, identical on every run."""
    return json.dumps(payload, separators=(",", ":"), allow_nan=False).encode("ascii")
