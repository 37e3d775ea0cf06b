"""Why it works, measured: during the adding-problem training, how far back the loss's gradient
reaches, ‖∂L/∂h_k‖ over the steps k, for the LSTM and the RNN at several points of training."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from ..i18n import format_number, label
from . import register
from ._experiments import provenance, result


@register("gradient-profile", caption_fields=functools.partial(provenance, "adding"))
def fig_gradient_profile(lang: str) -> Figure:
    """‖∂L/∂h_k‖ against k, LSTM beside RNN, at several numbers of training sequences."""
    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    colors = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
    for ax, run in zip(axes, result("adding")["runs"], strict=True):
        for (seen, profile), color in zip(run["profiles"].items(), colors, strict=True):
            n = format_number(int(seen), lang, "int")
            ax.semilogy(np.arange(1, len(profile) + 1), profile, color=color,
                        label=label(lang, "gradient-profile.snapshot", n=n))
        ax.set_title(label(lang, f"gradient-profile.title-{run['label'].lower()}"))
        ax.set_xlabel(label(lang, "gradient-profile.xlabel"))
        ax.grid(True, which="major", linewidth=0.3)
        ax.legend(fontsize=7, loc="lower right")
    axes[0].set_ylabel(label(lang, "gradient-profile.ylabel"))
    return fig
