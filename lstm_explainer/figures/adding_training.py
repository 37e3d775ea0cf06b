"""The adding problem (Hochreiter & Schmidhuber 1997, Experiment 4) at T = 100: the training loss
of every seed of the LSTM, of the 1997 cell and of the vanilla RNN, from the stored results."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from .. import experiments
from . import register, text
from ._experiments import SETUP_COLORS, baseline, finish_training_axes, loss_curve

NAME = "adding-100"


@register(
    "adding-training",
    caption_fields=functools.partial(experiments.provenance, NAME),
    claims=("adding-100-lstm-solves", "adding-100-1997-solves", "adding-100-rnn-no-better-than-mean"),
)
def fig_adding_training(lang: str) -> Figure:
    """Training loss against sequences seen, one thin line per seed: the LSTMs reach the
    criterion, the RNN stays at the mean."""
    fig = Figure(figsize=(7.0, 3.8), layout="constrained")
    ax = fig.subplots()
    for cell_setup in experiments.SETUPS:
        for n, run in enumerate(experiments.runs(NAME, cell_setup)):  # one legend entry a set-up
            label = text(lang, f"adding-training.{cell_setup}") if n == 0 else None
            loss_curve(ax, run, color=SETUP_COLORS[cell_setup], linewidth=0.7, alpha=0.8, label=label)
    # the test error of always answering the mean target, averaged over the runs' test sets
    mean_error = float(np.mean([r["baseline_test_mse"] for r in experiments.select(NAME)]))
    baseline(ax, mean_error, lang, "adding-training.baseline", color="0.3", linestyle="--", linewidth=0.8)
    finish_training_axes(ax, lang, "adding-training")
    return fig
