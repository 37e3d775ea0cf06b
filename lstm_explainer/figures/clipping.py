"""Gradient-norm clipping (Pascanu, Mikolov & Bengio 2013): a vanilla RNN that starts in its
exploding regime, trained by SGD on the adding problem with and without clipping, from the stored
experiment results: the training loss and the gradient norm, every seed."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MultipleLocator

from .. import experiments
from ..i18n import format_number, label
from . import register
from ._experiments import provenance

COLORS = {"none": "#a50f15", "clip": "#08519c"}


def _log10(values: list) -> np.ndarray:
    """log10 of a stored curve; ``None`` (an overflow, stored as JSON null) becomes a gap. The
    curves reach 10^306, where a log axis's ticks and margins would overflow a float, so the
    figure plots exponents on a linear axis labelled as powers of ten."""
    return np.log10(np.array([np.nan if v is None else v for v in values], dtype=float))


@register("clipping", caption_fields=functools.partial(provenance, "clipping"))
def fig_clipping(lang: str) -> Figure:
    """Training loss (left) and gradient norm before clipping (right) against sequences seen."""
    fig = Figure(figsize=(8.0, 3.4), layout="constrained")
    ax_loss, ax_norm = fig.subplots(1, 2, sharex=True)
    for clip, key in ((None, "none"), (1.0, "clip")):
        for n, run in enumerate(experiments.select("clipping", clip=clip)):  # every seed, one legend entry
            seen = np.array(run["sequences"], dtype=float)
            style = {"color": COLORS[key], "linewidth": 0.9, "alpha": 0.85}
            name = label(lang, f"clipping.{key}") if n == 0 else None
            ax_loss.plot(seen, _log10(run["loss"]), label=name, **style)
            ax_norm.plot(seen, _log10(run["grad_norm"]), **style)
    for ax, key in ((ax_loss, "loss"), (ax_norm, "norm")):
        ax.set_title(label(lang, f"clipping.title-{key}"))
        ax.set_ylabel(label(lang, f"clipping.ylabel-{key}"))
        ax.set_xlabel(label(lang, "clipping.xlabel"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))
        ax.yaxis.set_major_locator(MultipleLocator(50))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"$10^{{{v:.0f}}}$"))
        ax.grid(True, which="major", linewidth=0.3)
    ax_loss.legend(fontsize=8, loc="upper left")
    return fig
