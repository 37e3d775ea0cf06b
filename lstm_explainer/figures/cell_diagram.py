"""An LSTM cell drawn by code, labelled in the reader's language, with the cell-state path
(the "conveyor belt" along which the gradient is only multiplied by f_t) highlighted."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from ..i18n import label
from . import register

PATH = "#e6550d"  # the highlighted cell-state path
INK = "#252525"
Y_CELL, Y_GATE, Y_H = 4.6, 2.5, 1.0  # heights of the cell-state line, the gates, the hidden line


def _arrow(ax, xy0, xy1, color=INK, width=1.2):
    ax.add_patch(
        FancyArrowPatch(
            xy0, xy1, arrowstyle="-|>", mutation_scale=9, color=color, linewidth=width, shrinkA=0, shrinkB=0
        )
    )


def _op(ax, xy, text, color=INK):
    """A pointwise operation: a circle with ×, + or tanh."""
    ax.add_patch(Circle(xy, 0.28, facecolor="white", edgecolor=color, linewidth=1.4, zorder=3))
    ax.text(*xy, text, ha="center", va="center", fontsize=8 if len(text) > 1 else 11, zorder=4)


def _gate(ax, x, fn, name):
    """A layer box (σ or tanh) with its name under it."""
    ax.add_patch(
        FancyBboxPatch(
            (x - 0.42, Y_GATE - 0.3),
            0.84,
            0.6,
            boxstyle="round,pad=0.05",
            facecolor="#fdd0a2" if fn == "σ" else "#c6dbef",
            edgecolor=INK,
            zorder=3,
        )
    )
    ax.text(x, Y_GATE, fn, ha="center", va="center", fontsize=10, zorder=4)
    # the name sits on a patch of the background, so the feeding arrow passes behind it, not through it
    ax.text(
        x,
        Y_GATE - 0.55,
        name,
        ha="center",
        va="top",
        fontsize=7,
        linespacing=1.0,
        zorder=4,
        bbox={"boxstyle": "square,pad=0.15", "facecolor": "#f7f7f7", "edgecolor": "none"},
    )
    _arrow(ax, (x, Y_H), (x, Y_GATE - 0.36))  # [h_{t-1}, x_t] feeds every gate


@register("cell-diagram")
def fig_cell_diagram(lang: str) -> Figure:
    """The LSTM cell: gates, pointwise operations, and the highlighted cell-state path."""
    fig = Figure(figsize=(7.5, 4.2), layout="constrained")
    ax = fig.subplots()
    ax.set_xlim(-0.2, 10.4)
    ax.set_ylim(-0.4, 5.8)
    ax.set_axis_off()
    ax.set_title(label(lang, "cell-diagram.title"))
    ax.add_patch(
        FancyBboxPatch(
            (0.9, 0.4), 8.2, 4.9, boxstyle="round,pad=0.1", facecolor="#f7f7f7", edgecolor="#969696"
        )
    )
    # The cell-state path: C_{t-1} -> (× f_t) -> (+ i_t ⊙ C̃_t) -> C_t.
    xf, xa = 2.2, 4.4
    for x0, x1 in ((0.0, xf - 0.28), (xf + 0.28, xa - 0.28), (xa + 0.28, 10.2)):
        _arrow(ax, (x0, Y_CELL), (x1, Y_CELL), color=PATH, width=3.0)
    _op(ax, (xf, Y_CELL), "×", PATH)
    _op(ax, (xa, Y_CELL), "+", PATH)
    ax.text(0.0, Y_CELL + 0.25, "$C_{t-1}$", fontsize=10, color=PATH)
    ax.text(9.6, Y_CELL + 0.25, "$C_t$", fontsize=10, color=PATH)
    ax.text(5.2, Y_CELL + 0.45, label(lang, "cell-diagram.cell-path"), fontsize=7.5, color=PATH, ha="center")
    # Hidden line: h_{t-1} and x_t enter at the bottom left and feed the four gates.
    ax.plot([0.0, 6.6], [Y_H, Y_H], color=INK, linewidth=1.2)
    ax.text(0.0, Y_H + 0.15, "$h_{t-1}$", fontsize=10)
    _arrow(ax, (1.4, -0.3), (1.4, Y_H))
    ax.text(1.5, -0.3, "$x_t$", fontsize=10)
    _gate(ax, xf, "σ", label(lang, "cell-diagram.forget"))
    _gate(ax, 3.5, "σ", label(lang, "cell-diagram.input"))
    _gate(ax, 5.1, "tanh", label(lang, "cell-diagram.candidate"))
    _gate(ax, 6.6, "σ", label(lang, "cell-diagram.output"))
    _arrow(ax, (xf, Y_GATE + 0.36), (xf, Y_CELL - 0.28))  # f_t
    ax.text(xf + 0.08, 3.4, "$f_t$", fontsize=9)
    _op(ax, (xa, 3.55), "×")  # i_t ⊙ C̃_t
    ax.plot([3.5, 3.5, xa - 0.28], [Y_GATE + 0.36, 3.55, 3.55], color=INK, linewidth=1.2)
    ax.plot([5.1, 5.1, xa + 0.28], [Y_GATE + 0.36, 3.55, 3.55], color=INK, linewidth=1.2)
    ax.text(3.55, 3.0, "$i_t$", fontsize=9)
    ax.text(5.15, 3.0, r"$\tilde{C}_t$", fontsize=9)
    _arrow(ax, (xa, 3.83), (xa, Y_CELL - 0.28))
    # Output: h_t = o_t ⊙ tanh(C_t).
    xo = 7.9
    _arrow(ax, (xo, Y_CELL), (xo, 3.83))
    _op(ax, (xo, 3.55), "tanh")
    _op(ax, (xo, Y_GATE), "×")
    _arrow(ax, (xo, 3.27), (xo, Y_GATE + 0.28))
    _arrow(ax, (6.6 + 0.42, Y_GATE), (xo - 0.28, Y_GATE))
    ax.text(7.2, Y_GATE + 0.12, "$o_t$", fontsize=9)  # above its arrow
    ax.plot([xo, xo], [Y_GATE - 0.28, Y_H], color=INK, linewidth=1.2)
    _arrow(ax, (xo, Y_H), (10.2, Y_H))
    ax.text(9.6, Y_H + 0.15, "$h_t$", fontsize=10)
    return fig
