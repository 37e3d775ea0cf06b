"""Why it works, measured: during the adding-problem training, how far back the loss's gradient
reaches, ‖∂L/∂h_k‖ over the steps k, for the LSTM and the RNN at several points of training and
after it (the criterion met or the budget spent)."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from .. import experiments
from ..i18n import format_number
from . import register, text

COLORS = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # the snapshots during training, light to dark
END = "#D55E00"  # after training: another hue (Okabe & Ito's vermilion), drawn dashed


@register(
    "gradient-profile",
    caption_fields=functools.partial(experiments.provenance, "adding-100"),
    claims=(
        "profile-rnn-far-below",
        "profile-rnn-end-zero",
        "profile-lstm-reaches",
        "profile-snapshots",
        "profile-rnn-early-overlap",
    ),
)
def fig_gradient_profile(lang: str) -> Figure:
    """‖∂L/∂h_k‖ against k, LSTM beside RNN, at several numbers of training sequences and at the end."""
    fig = Figure(figsize=(8.0, 4.8), layout="constrained")
    # Each panel its own scale: the RNN's falls by over 100 orders of magnitude after training,
    # which on a shared axis would flatten the LSTM's few orders into one line.
    axes = fig.subplots(1, 2)
    for ax, cell in zip(axes, ("lstm", "rnn"), strict=True):  # one seed of each
        run = experiments.one("adding-100", cell, seed=experiments.PROFILE_SEED)
        *during, end = run["profiles"].items()  # the last snapshot is the one after training
        for (seen, profile), color in zip(during, COLORS, strict=True):
            n = format_number(int(seen), lang, "int")
            ax.semilogy(
                np.arange(1, len(profile) + 1),
                profile,
                color=color,
                label=text(lang, "gradient-profile.snapshot", n=n),
            )
        seen, profile = end
        n = format_number(int(seen), lang, "int")
        ax.semilogy(
            np.arange(1, len(profile) + 1),
            profile,
            color=END,
            linestyle="--",
            label=text(lang, "gradient-profile.snapshot-end", n=n),
        )
        ax.set_title(text(lang, f"gradient-profile.title-{cell}"))
        ax.set_xlabel(text(lang, "gradient-profile.xlabel"))
        ax.grid(True, which="major", linewidth=0.3)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False)  # one column
        ax.set_ylabel(text(lang, "gradient-profile.ylabel"))
    return fig
