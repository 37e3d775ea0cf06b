"""The forget-gate bias (Gers et al. 2000; Jozefowicz, Zaremba & Sutskever 2015) on the adding
problem at T = 100: the training loss of LSTMs that differ only in b_f, every seed, with the
1997 marker placement (top row) and with one marker in each half (bottom row).

Curves on the same plateau would hide one another in one plot, so each b_f and placement gets
its own panel (small multiples on shared axes)."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import experiments
from ..i18n import format_number
from . import register, text
from ._experiments import loss_curve

NAME = "forget-bias"
BIASES = (0.0, 1.0, 2.0, 4.0)
PLACEMENTS = ("1997", "halves")
COLORS = ("#0072B2", "#D55E00", "#CC79A7", "#009E73")  # Okabe & Ito's palette, safe for colour blindness


@register(
    "forget-bias",
    caption_fields=functools.partial(experiments.provenance, NAME),
    claims=("forget-bias-1997-low-stays", "forget-bias-halves-learn"),
)
def fig_forget_bias(lang: str) -> Figure:
    """Training loss against sequences seen: a row per marker placement, a column per b_f."""
    fig = Figure(figsize=(8.0, 4.8), layout="constrained")
    axes = fig.subplots(len(PLACEMENTS), len(BIASES), sharex=True, sharey=True)
    for row, placement in zip(axes, PLACEMENTS, strict=True):
        for ax, b, color in zip(row, BIASES, COLORS, strict=True):
            found = experiments.runs(NAME, layer={"forget_bias": b}, task_options={"placement": placement})
            for run in found:
                loss_curve(ax, run, color=color, linewidth=0.7, alpha=0.8)
            ax.set_title(text(lang, "forget-bias.curve", b=f"{b:g}"), fontsize=9)
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))
            ax.tick_params(axis="x", labelrotation=30, labelsize=7)
            ax.grid(True, which="major", linewidth=0.3)
        row[0].set_ylabel(text(lang, f"forget-bias.row-{placement}"))
    fig.suptitle(text(lang, "forget-bias.title"))
    fig.supxlabel(text(lang, "forget-bias.xlabel"), fontsize=9)
    fig.supylabel(text(lang, "forget-bias.ylabel"), fontsize=9)
    return fig
