"""The adding problem (Hochreiter & Schmidhuber 1997, Experiment 4) at T = 100: the training loss
of the LSTM and of the vanilla RNN, from the stored experiment results."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure

from ..i18n import format_number
from . import register, text
from ._experiments import finish_training_axes, loss_curve, provenance, result

BASELINE = 2 / 3 / 16  # E[((X1 + X2)/4)^2]: the error of always answering 0.5


@register("adding-training", caption_fields=functools.partial(provenance, "adding"))
def fig_adding_training(lang: str) -> Figure:
    """Training loss against sequences seen: the LSTM reaches the criterion, the RNN stays at the mean."""
    fig = Figure(figsize=(7.0, 3.6), layout="constrained")
    ax = fig.subplots()
    for run, color in zip(result("adding")["runs"], ("#238b45", "#a50f15"), strict=True):
        name = text(lang, f"adding-training.{run['label'].lower()}")
        loss_curve(ax, run, color=color, label=name)
    ax.axhline(BASELINE, color="0.4", linestyle="--", linewidth=0.8,
               label=text(lang, "adding-training.baseline", v=format_number(BASELINE, lang, "fixed", 3)))
    finish_training_axes(ax, lang, "adding-training")
    return fig
