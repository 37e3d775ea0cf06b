"""A hand-wired LSTM and a trained one, gate by gate, over one test sequence of the adding problem:
the input (values, the two marked pairs), then i_t, f_t, o_t and C_t at every step; left, the
hand-wired cell (`lstm_explainer.handwired`); right, the trained network's cells that matter
(`lstm_explainer.gates.cells_that_matter`: the three whose term of the read-out varies most),
from the weights stored with experiment ``adding-100``. The marked steps are shaded in every panel.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import experiments, gates, handwired
from ..i18n import format_number
from . import register, text

ROWS = ("i", "f", "o", "C")
HAND = "#000000"
CELL_COLORS = ("#0072B2", "#D55E00", "#009E73")  # Okabe & Ito's palette, safe for colour blindness
CELL_DASHES = ("-", "--", "-.")  # the cells differ without colour too
MARK = "#E69F00"  # the marked pairs' shading
GATE_YLIM = (-0.05, 1.05)
"""The input and output gates' scale, the same on both sides."""
INPUT_YLIM = (-1.15, 1.15)
"""The input values' scale (v_t is in −1 … 1); the static figure adds room above for its legend."""


def forget_ylim(f_min: float) -> tuple[float, float]:
    """The forget gates' scale, from ``f_min`` (the lowest shown f_t) or 0.9 to just above 1:
    near 1 on both sides, a scale that shows how near."""
    return (min(0.9, float(np.floor(20 * f_min) / 20)), 1.005)


def _shade(ax: Axes, steps: np.ndarray) -> None:
    """Shade the marked steps (numbered from 1) in ``ax``."""
    for t in steps:
        ax.axvspan(t - 0.5, t + 0.5, color=MARK, alpha=0.35, linewidth=0)


@register(
    "gate-trace",
    caption_fields=functools.partial(experiments.provenance, handwired.EXPERIMENT),
    claims=(
        "handwired-solves",
        "handwired-beats-trained",
        "handwired-holds-the-sum",
        "trained-input-opens-on-markers",
        "trained-forget-near-not-one",
        "trained-sum-through-recurrence",
        "gate-trace-shown-cells-in-sequence",
        "trained-shown-cells",
    ),
)
def fig_gate_trace(lang: str) -> Figure:
    """Input, i_t, f_t, o_t and C_t against the step t: the hand-wired cell beside the trained cells."""
    seq = gates.sequence()
    hand = gates.trace(handwired.handwired_model(), seq.x)
    model = gates.trained_model()
    trained = gates.trace(model, seq.x)
    shown = gates.cells_that_matter(gates.trained_stats())
    T = seq.x.shape[1]
    t = np.arange(1, T + 1)  # steps x_1 … x_T
    marked = t[hand.markers[0]]

    fig = Figure(figsize=(8.0, 8.4), layout="constrained")
    axes = fig.subplot_mosaic([[f"hand-{r}", f"trained-{r}"] for r in ("x", *ROWS)], sharex=True)
    for side in ("hand", "trained"):  # the same input above each column, so the steps line up
        ax = axes[f"{side}-x"]
        ax.plot(t, seq.x[0, :, 0], color="0.55", linewidth=0.7, label=text(lang, "gate-trace.value"))
        ax.plot(
            marked,
            seq.x[0, marked - 1, 0],
            "o",
            color=HAND,
            markersize=4,
            label=text(lang, "gate-trace.marked"),
        )
        ax.set_ylim(INPUT_YLIM[0], INPUT_YLIM[1] + 0.6)  # room for the legend above the values
    axes["hand-x"].set_ylabel(text(lang, "gate-trace.ylabel-x"))
    axes["hand-x"].set_title(text(lang, "gate-trace.title-hand"), fontsize=9)
    axes["trained-x"].set_title(text(lang, "gate-trace.title-trained"), fontsize=9)
    axes["hand-x"].legend(fontsize=7, loc="upper right", ncols=2, frameon=False)
    for r in ROWS:
        a_hand, a_trained = axes[f"hand-{r}"], axes[f"trained-{r}"]
        a_hand.plot(t, getattr(hand, r)[0, :, 0], color=HAND, linewidth=1.0)
        for k, color, dash in zip(shown, CELL_COLORS, CELL_DASHES, strict=True):
            cell = format_number(gates.label(k), lang, "int")
            a_trained.plot(
                t,
                getattr(trained, r)[0, :, k],
                color=color,
                linestyle=dash,
                linewidth=1.0,
                label=text(lang, "gate-trace.cell", k=cell) if r == ROWS[0] else None,
            )
        a_hand.set_ylabel(text(lang, f"gate-trace.ylabel-{r}"))
        if r == "f":
            for a in (a_hand, a_trained):
                a.set_ylim(*forget_ylim(trained.f[0][:, shown].min()))
        elif r != "C":  # the other gates: the same 0 … 1 scale on both sides
            for a in (a_hand, a_trained):
                a.set_ylim(*GATE_YLIM)
    axes["trained-i"].legend(fontsize=7, loc="upper right", frameon=False)
    for a in axes.values():
        _shade(a, marked)
        a.grid(True, which="major", linewidth=0.3)
        a.set_xlim(0.5, T + 0.5)
    for r in ("hand-C", "trained-C"):
        axes[r].set_xlabel(text(lang, "gate-trace.xlabel"))
    fig.suptitle(text(lang, "gate-trace.title"))
    return fig
