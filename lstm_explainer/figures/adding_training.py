"""The adding problem (Hochreiter & Schmidhuber 1997, Experiment 4) at T = 100: the training loss
of the LSTM and of the vanilla RNN, from the stored experiment results."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..i18n import format_number, label
from . import register
from ._experiments import provenance, result

BASELINE = 2 / 3 / 16  # E[((X1 + X2)/4)^2]: the error of always answering 0.5


@register("adding-training", caption_fields=functools.partial(provenance, "adding"))
def fig_adding_training(lang: str) -> Figure:
    """Training loss against sequences seen: the LSTM reaches the criterion, the RNN stays at the mean."""
    fig = Figure(figsize=(7.0, 3.6), layout="constrained")
    ax = fig.subplots()
    for run, color in zip(result("adding")["runs"], ("#238b45", "#a50f15"), strict=True):
        name = label(lang, f"adding-training.{run['label'].lower()}")
        ax.semilogy(run["sequences"][::2], run["loss"][::2], color=color, label=name)  # 100 points: light SVG
    ax.axhline(BASELINE, color="0.4", linestyle="--", linewidth=0.8,
               label=label(lang, "adding-training.baseline", v=format_number(BASELINE, lang, "fixed", 3)))
    ax.set_title(label(lang, "adding-training.title"))
    ax.set_xlabel(label(lang, "adding-training.xlabel"))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))  # 50 000
    ax.set_ylabel(label(lang, "adding-training.ylabel"))
    ax.grid(True, which="major", linewidth=0.3)
    ax.legend(fontsize=8, loc="lower left")
    return fig
