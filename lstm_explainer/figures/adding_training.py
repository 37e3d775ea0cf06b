"""The adding problem (Hochreiter & Schmidhuber 1997, Experiment 4) at T = 100: the training loss
of the LSTM and of the vanilla RNN, from the stored experiment results."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure

from .. import experiments
from . import register, text
from ._experiments import baseline, finish_training_axes, loss_curve


@register(
    "adding-training",
    caption_fields=functools.partial(experiments.provenance, "adding"),
    claims=("adding-lstm-solves", "adding-rnn-at-mean"),
)
def fig_adding_training(lang: str) -> Figure:
    """Training loss against sequences seen: the LSTM reaches the criterion, the RNN stays at the mean."""
    fig = Figure(figsize=(7.0, 3.6), layout="constrained")
    ax = fig.subplots()
    for cell, color in (("lstm", "#238b45"), ("rnn", "#a50f15")):
        run = experiments.one("adding", cell=cell)
        loss_curve(ax, run, color=color, label=text(lang, f"adding-training.{cell}"))
    # the test error of always answering the mean target (measured: a marked first value counts as 0)
    mean_error = experiments.one("adding", cell="lstm")["baseline_test_mse"]
    baseline(ax, mean_error, lang, "adding-training.baseline", color="0.4", linestyle="--", linewidth=0.8)
    finish_training_axes(ax, lang, "adding-training")
    return fig
