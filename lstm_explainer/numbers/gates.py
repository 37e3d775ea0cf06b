"""Numbers of the hand-wired LSTM (`lstm_explainer.handwired`) and the trained one read gate by gate
(`lstm_explainer.gates`)."""

from __future__ import annotations

import math

import numpy as np

from . import register

# The hand-wired LSTM (lstm_explainer.handwired) and the trained one read gate by gate
# (lstm_explainer.gates), on the experiments' own test set of the adding problem at T = 100.


def _handwired():
    from .. import handwired

    return handwired


def _gates():
    from .. import gates

    return gates


register("handwired-gain", lambda: _handwired().GAIN, "int")
register("handwired-gain-double", lambda: 2 * _handwired().GAIN, "int")
register("handwired-gain-triple", lambda: 3 * _handwired().GAIN, "int")
register("handwired-forget-bias", lambda: _handwired().FORGET_BIAS, "int")
register("handwired-scale", lambda: _handwired().SCALE, "fixed", 1)
register("handwired-input-open", lambda: 1 / (1 + math.exp(-_handwired().GAIN)), "fixed", 5)  # σ(S)
register("handwired-input-shut", lambda: 1 / (1 + math.exp(_handwired().GAIN)))  # σ(−S)
register("handwired-forget-gap", lambda: 1 / (1 + math.exp(_handwired().FORGET_BIAS)))  # 1 − f
register(  # what the cell loses of its content over the longest test sequence, 1 − f^(T + T/10)
    "handwired-forget-loss",
    lambda: 1 - (1 / (1 + math.exp(-_handwired().FORGET_BIAS))) ** (1.1 * _handwired().task().T),
)
# The hand-wired weights, as the site's table shows them: W_x's rows [v, m], the bias, W_h's row,
# for each gate block [i, f, o, g].
_HANDWIRED_ROWS = ("value", "marker", "bias", "recurrent")
for _g, _gate in enumerate("ifog"):
    for _row in _HANDWIRED_ROWS:
        register(
            f"handwired-w-{_row}-{_gate}",
            lambda g=_g, row=_row: _handwired_weight(row, g),
            "fixed" if (_row, _gate) == ("value", "g") else "auto",
            1 if (_row, _gate) == ("value", "g") else 2,
        )
register("handwired-input-ends", lambda: 1 / (1 + math.exp(3 * _handwired().GAIN)))  # σ(−3S)
for _tried, _eps in enumerate((0.3, 1.0)):  # handwired.SCALES_TRIED, for the style (tests/test_gates.py)
    register(
        f"handwired-scale-tried-{_tried + 1}",
        lambda t=_tried: _handwired().SCALES_TRIED[t],
        "fixed" if _eps < 1 else "int",
        1,
    )
    register(
        f"handwired-wrong-scale-tried-{_tried + 1}",
        lambda t=_tried: (
            _handwired().test_errors(_handwired().handwired_model(_handwired().SCALES_TRIED[t])).wrong
        ),
        "int",
    )
register("rnn-wired-hold-value", lambda: _handwired().HOLD_VALUE, "fixed", 2)
register("rnn-wired-hold-steps", lambda: _handwired().HOLD_STEPS, "int")
register("rnn-wired-hold-share", lambda: _handwired().rnn_hold_share(), "fixed", 3)
register("handwired-readout", lambda: float(_handwired().handwired_model().Wy[0, 0]), "fixed", 2)
register("handwired-readout-bias", lambda: float(_handwired().handwired_model().by[0]), "fixed", 1)
register("handwired-tolerance", lambda: _handwired().task().tolerance, "fixed", 2)
register("handwired-test-sequences", lambda: _handwired().handwired_errors().sequences, "int")
register("handwired-wrong", lambda: _handwired().handwired_errors().wrong, "int")
register("handwired-mean-error", lambda: _handwired().handwired_errors().mean_abs)
register("handwired-max-error", lambda: _handwired().handwired_errors().max_abs)
register("trained-mean-error", lambda: _handwired().test_errors(_gates().trained_model()).mean_abs)
register("trained-max-error", lambda: _handwired().test_errors(_gates().trained_model()).max_abs)
# A one-unit tanh RNN wired like the hand-wired cell: how much of X1 + X2 its final state holds.
register("rnn-wired-r2-best", lambda: _handwired().rnn_best_share()[0], "fixed", 3)
register("rnn-wired-w-best", lambda: _handwired().rnn_best_share()[1], "fixed", 1)
register("rnn-wired-u-best", lambda: _handwired().rnn_best_share()[2], "fixed", 2)
register("rnn-wired-w-max", lambda: max(_handwired().RNN_SELF_WEIGHTS), "fixed", 1)
register("rnn-wired-u-min", lambda: min(_handwired().RNN_INPUT_WEIGHTS), "fixed", 2)
register("rnn-wired-u-max", lambda: max(_handwired().RNN_INPUT_WEIGHTS), "int")
register("handwired-r2", lambda: float(_gates().handwired_stats().r2[0]), "fixed", 3)


def _handwired_weight(row: str, gate: int) -> float:
    """One weight of the hand-wired cell: W_x[v or m, gate], b[gate] or W_h[0, gate]."""
    layer = _handwired().handwired_model().layer
    rows = {"value": layer.Wx[0], "marker": layer.Wx[1], "bias": layer.b, "recurrent": layer.Wh[0]}
    return float(rows[row][gate])


def _trained(field: str) -> np.ndarray:
    """One field of `gates.trained_stats`, (H,)."""
    return getattr(_gates().trained_stats(), field)


def _opening(field: str) -> np.ndarray:
    """``field`` of the trained cells whose input gate opens on the markers."""
    g = _gates()
    return _trained(field)[g.opening_cells(g.trained_stats())]


def _closed_carriers() -> np.ndarray:
    """The trained cells that carry the sum though it was not written at the markers."""
    g = _gates()
    return g.carrying_from_elsewhere(g.trained_stats())


register("trained-open-count", lambda: len(_opening("i_marked")), "int")
register("trained-open-i-min", lambda: _opening("i_marked").min(), "fixed", 2)
register("trained-open-i-max", lambda: _opening("i_marked").max(), "fixed", 2)
register("trained-open-unmarked-max", lambda: _opening("i_unmarked").max(), "fixed", 3)
register("trained-open-threshold", lambda: _gates().OPENS, "fixed", 2)
register("trained-open-ratio", lambda: _gates().OPEN_RATIO, "int")
register("trained-unmarked-i-max", lambda: _trained("i_unmarked").max(), "fixed", 3)
register("trained-f-min", lambda: _trained("f_mean").min(), "fixed", 3)
register("trained-f-max", lambda: _trained("f_mean").max(), "fixed", 3)
register("trained-kept-min", lambda: _trained("kept").min(), "fixed", 2)
register("trained-kept-max", lambda: _trained("kept").max(), "fixed", 2)
register("trained-carry-threshold", lambda: _gates().CARRIES, "fixed", 1)
register("trained-carry-count", lambda: len(_gates().carrying_cells(_gates().trained_stats())), "int")
register("trained-closed-carry-count", lambda: len(_closed_carriers()), "int")
register(
    "trained-carry-open-count", lambda: len(_gates().carriers_by_origin(_gates().trained_stats())[0]), "int"
)
register("trained-o-min", lambda: _trained("o_mean").min(), "fixed", 2)
register("trained-o-max", lambda: _trained("o_mean").max(), "fixed", 2)
register("trained-closed-share", lambda: _gates().CLOSED_SHARE, "fixed", 1)
register("trained-closed-carry-r2-min", lambda: _trained("r2")[_closed_carriers()].min(), "fixed", 2)
register("trained-shown-count", lambda: _gates().SHOWN, "int")
SHOWN = 3  # gates.SHOWN (tests/test_gates.py checks that they agree)
for _rank in range(SHOWN):  # the cells the gate-trace figure shows, by rank (gates.cells_that_matter)
    register(
        f"trained-cell-{_rank + 1}",
        lambda k=_rank: _gates().label(_gates().cells_that_matter(_gates().trained_stats())[k]),
        "int",
    )
    for _field, _digits in (("i_marked", 2), ("i_unmarked", 3), ("kept", 2), ("r2", 2), ("marked_share", 2)):
        register(
            f"trained-cell-{_rank + 1}-{_field.replace('_', '-')}",
            lambda k=_rank, f=_field: _trained(f)[_gates().cells_that_matter(_gates().trained_stats())[k]],
            "fixed",
            _digits,
        )
register("gate-trace-steps", lambda: _gates().sequence().x.shape[1], "int")
for _m in (0, 1):  # the traced sequence's marked steps, numbered from 1 (x_1 … x_T), and values
    register(
        f"gate-trace-marker-{_m + 1}",
        lambda w=_m: 1 + np.flatnonzero(_gates().sequence().x[0, :, 1] == 1.0)[w],
        "int",
    )
    register(
        f"gate-trace-value-{_m + 1}",
        lambda w=_m: _gates().sequence().x[0, _gates().sequence().x[0, :, 1] == 1.0, 0][w],
        "fixed",
        2,
    )
register("gate-trace-target", lambda: _gates().sequence().y[0, -1, 0], "fixed", 2)
