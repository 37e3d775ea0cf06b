"""The forget-gate bias (Jozefowicz, Zaremba & Sutskever 2015) on the adding problem at T = 100:
the training loss of LSTMs that differ only in b_f, from the stored experiment results.

Three of the four curves stay on the same plateau and would hide one another in one plot, so each
b_f gets its own panel (small multiples on shared axes), with the other runs in grey behind it."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import experiments
from ..i18n import format_number
from . import register, text
from ._experiments import loss_curve

BIASES = (0.0, 1.0, 2.0, 4.0)
COLORS = ("#0072B2", "#D55E00", "#CC79A7", "#009E73")  # Okabe & Ito's palette, safe for colour blindness


@register(
    "forget-bias",
    caption_fields=functools.partial(experiments.provenance, "forget-bias"),
    claims=("forget-bias-low-at-mean", "forget-bias-4-learns"),
)
def fig_forget_bias(lang: str) -> Figure:
    """Training loss against sequences seen, one panel per forget-gate bias b_f."""
    fig = Figure(figsize=(8.0, 2.9), layout="constrained")
    axes = fig.subplots(1, len(BIASES), sharex=True, sharey=True)
    runs = [experiments.select("forget-bias", layer={"forget_bias": b}) for b in BIASES]
    for ax, b, (run,), color in zip(axes, BIASES, runs, COLORS, strict=True):
        for (other,) in runs:  # every run in grey, for comparison; this panel's on top, in colour
            if other is not run:
                loss_curve(ax, other, color="0.8", linewidth=0.6)
        loss_curve(ax, run, color=color, linewidth=1.0)
        ax.set_title(text(lang, "forget-bias.curve", b=f"{b:g}"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
        ax.grid(True, which="major", linewidth=0.3)
    axes[0].set_ylabel(text(lang, "forget-bias.ylabel"))
    fig.suptitle(text(lang, "forget-bias.title"))
    fig.supxlabel(text(lang, "forget-bias.xlabel"), fontsize=9)
    return fig
