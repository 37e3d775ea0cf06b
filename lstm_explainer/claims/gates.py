"""Claims on the hand-wired LSTM (`lstm_explainer.handwired`) and the trained one read gate by gate
(`lstm_explainer.gates`)."""

from __future__ import annotations

import numpy as np

from . import register


def _hw():
    from .. import handwired

    return handwired


def _gates():
    from .. import gates

    return gates


@register("handwired-solves", "the hand-wired LSTM gets every test sequence of the adding problem right")
def _():
    e = _hw().handwired_errors()
    return e.wrong == 0 and e.max_abs < _hw().task().tolerance, {
        "sequences": e.sequences,
        "wrong": e.wrong,
        "largest |error|": e.max_abs,
    }


@register(
    "handwired-beats-trained",
    "the hand-wired cell's largest test error is below the trained network's (one cell, set by hand)",
)
def _():
    hand, trained = _hw().handwired_errors(), _hw().test_errors(_gates().trained_model())
    return hand.max_abs < trained.max_abs, {"hand-wired": hand.max_abs, "trained": trained.max_abs}


@register(
    "handwired-holds-the-sum",
    "the hand-wired cell's C_T holds X1 + X2 and nothing else (R² above 0.999, all of it written on "
    "the markers)",
)
def _():
    s = _gates().handwired_stats()
    return s.r2[0] > 0.999 and abs(s.marked_share[0] - 1) < 1e-3, {
        "R²": s.r2[0],
        "share written on the markers": s.marked_share[0],
    }


@register(
    "trained-within-tolerance",
    "the trained network's largest error on the test set is below the task's tolerance (0.04)",
)
def _():
    trained = _hw().test_errors(_gates().trained_model())
    return trained.wrong == 0 and trained.max_abs < _hw().task().tolerance, {
        "largest |error|": trained.max_abs,
        "wrong": trained.wrong,
    }


@register(
    "rnn-wired-cannot-select",
    "a one-unit tanh RNN wired like the hand-wired cell ends, for every weight tried, in a state that "
    "explains under 5% of the variance of X1 + X2",
)
def _():
    r2, w, u = _hw().rnn_best_share()
    return r2 < 0.05, {"largest R²": r2, "at w": w, "at u": u}


@register(
    "trained-input-opens-on-markers",
    "in the trained network a few cells (not most) open their input gate on the markers and keep it "
    "nearly shut elsewhere",
)
def _():
    g = _gates()
    s = g.trained_stats()
    opening = g.opening_cells(s)
    H = len(s.i_marked)
    return 1 <= len(opening) <= H // 2 and bool(np.all(s.i_unmarked[opening] < 0.05)), {
        "cells that open": len(opening),
        "of": H,
        "smallest mean i on the markers": float(s.i_marked[opening].min()) if len(opening) else 0.0,
        "largest mean i elsewhere": float(s.i_unmarked[opening].max()) if len(opening) else 0.0,
    }


@register(
    "trained-forget-near-not-one",
    "the trained forget gates average above 0.97 in every cell, yet no cell keeps three quarters of "
    "what it held after the first marker until the end",
)
def _():
    s = _gates().trained_stats()
    return bool(s.f_mean.min() > 0.97 and s.kept.max() < 0.75), {
        "smallest mean f": float(s.f_mean.min()),
        "largest share kept": float(s.kept.max()),
    }


@register(
    "trained-output-half-open",
    "the trained output gates stay partly open at every step: every cell's mean o_t over the test "
    "set lies between 0.25 and 0.75, where the hand-wired cell's is near 0 (open on the end pairs only)",
)
def _():
    g = _gates()
    o, hand = g.trained_stats().o_mean, g.handwired_stats().o_mean
    return bool(o.min() > 0.25 and o.max() < 0.75 and hand.max() < 0.1), {
        "smallest mean o": float(o.min()),
        "largest mean o": float(o.max()),
        "hand-wired mean o": float(hand.max()),
    }


@register(
    "trained-carrier-in-between",
    "exactly one trained cell that carries the sum neither opens its input gate on the markers nor "
    "got the sum elsewhere: its input gate is more open on the markers than on the other pairs, "
    "and a tenth or more of the sum was written there",
)
def _():
    g = _gates()
    s = g.trained_stats()
    _, _, rest = g.carriers_by_origin(s)
    holds = len(rest) == 1 and all(
        s.i_marked[k] > s.i_unmarked[k] and s.marked_share[k] >= g.CLOSED_SHARE for k in rest
    )
    measured = {"cells in between": len(rest)}
    for k in rest:
        measured |= {
            f"cell {k + 1}: i on the markers": s.i_marked[k],
            f"cell {k + 1}: i elsewhere": s.i_unmarked[k],
            f"cell {k + 1}: share written on the markers": s.marked_share[k],
        }
    return holds, measured


@register(
    "trained-sum-through-recurrence",
    "in the trained network some cells carry X1 + X2 at the end (R² above 0.9) though under a tenth "
    "of it was written on the markers: it came in through h_{t-1} W_h",
)
def _():
    g = _gates()
    s = g.trained_stats()
    carriers = g.carrying_cells(s)
    closed = g.carrying_from_elsewhere(s)
    return len(closed) >= 2, {
        "cells that carry the sum": len(carriers),
        "of them, not from the markers": len(closed),
    }


@register(
    "trained-shown-cells",
    "of the trained cells the gate-trace figure shows, the first two open their input gate on the "
    "markers; the third does not (its i is lower there than elsewhere), yet carries the sum at the end, "
    "under a tenth of it written on the markers",
)
def _():
    g = _gates()
    s = g.trained_stats()
    shown = g.cells_that_matter(s)
    opening = set(g.opening_cells(s).tolist())
    third = shown[2]
    closed = s.i_marked[third] < s.i_unmarked[third] and abs(s.marked_share[third]) < 0.1
    return set(shown[:2]) <= opening and closed and s.r2[third] > g.CARRIES, {
        **{f"cell {g.label(k)}: i on markers": float(s.i_marked[k]) for k in shown},
        **{f"cell {g.label(k)}: i elsewhere": float(s.i_unmarked[k]) for k in shown},
        f"cell {g.label(third)}: R²": float(s.r2[third]),
        f"cell {g.label(third)}: share written on the markers": float(s.marked_share[third]),
    }


@register(
    "trained-shown-one-carrier",
    "of the two trained cells the gate-trace figure shows that open their input gate on the markers, "
    "the first carries the sum at the end (R² above 0.9), the second does not",
)
def _():
    g = _gates()
    s = g.trained_stats()
    first, second = g.cells_that_matter(s)[:2]
    return bool(s.r2[first] > g.CARRIES >= s.r2[second]), {
        f"cell {g.label(first)}: R²": s.r2[first],
        f"cell {g.label(second)}: R²": s.r2[second],
    }


@register(
    "handwired-scale-matters",
    "larger candidate weights ε than the hand-wired 0.1 get test sequences wrong, the more the larger ε "
    "(tanh's curvature)",
)
def _():
    wrong = {eps: _hw().test_errors(_hw().handwired_model(eps)).wrong for eps in _hw().SCALES_TRIED}
    first, second = (wrong[eps] for eps in _hw().SCALES_TRIED)
    return _hw().handwired_errors().wrong == 0 < first < second, {
        **{f"wrong at ε = {eps:g}": n for eps, n in wrong.items()},
        f"wrong at ε = {_hw().SCALE:g}": _hw().handwired_errors().wrong,
    }


@register(
    "rnn-wired-holds-a-lone-value",
    "a one-unit tanh RNN with self-weight 1 and no input keeps more than 99% of a lone small value over "
    "the adding problem's 100 steps",
)
def _():
    share = _hw().rnn_hold_share()
    return share > 0.99, {"share kept": share}


@register(
    "gate-trace-shown-cells-in-sequence",
    "in the traced sequence, the two shown cells that open on the markers open i at both marked steps "
    "(above the opening threshold) and keep it under 0.1 elsewhere; the second cell's state jumps at both "
    "(10× its median step elsewhere), the first's at the first only and barely moves (under 0.05) at the "
    "second",
)
def _():
    g = _gates()
    tr = g.trace(g.trained_model(), g.sequence().x)
    first, second = g.cells_that_matter(g.trained_stats())[:2]
    marks = np.flatnonzero(tr.markers[0])
    measured, holds = {}, True
    jumps = {}
    for k in (first, second):
        i, C = tr.i[0, :, k], tr.C[0, :, k]
        step = np.abs(np.diff(C, prepend=0.0))
        usual = float(np.median(np.delete(step, marks)))
        jumps[k] = step[marks] / usual
        holds &= bool(np.all(i[marks] > g.OPENS) and np.delete(i, marks).max() < 0.1)
        measured |= {
            f"cell {g.label(k)}: smallest i at the marks": i[marks].min(),
            f"cell {g.label(k)}: largest i elsewhere": np.delete(i, marks).max(),
            f"cell {g.label(k)}: |ΔC| at the marks / median elsewhere, first": jumps[k][0],
            f"cell {g.label(k)}: |ΔC| at the marks / median elsewhere, second": jumps[k][1],
        }
    holds &= bool(np.all(jumps[second] > 10) and jumps[first][0] > 10)
    second_step = float(np.abs(np.diff(tr.C[0, :, first], prepend=0.0))[marks[1]])
    measured[f"cell {g.label(first)}: |ΔC| at the second mark"] = second_step
    return holds and second_step < 0.05, measured
