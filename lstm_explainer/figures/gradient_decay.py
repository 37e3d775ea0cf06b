"""Gradient decay with distance: a vanilla RNN at several spectral radii beside LSTMs at several
forget-gate biases, ‖∂h_T/∂h_k‖ on a log axis, with the Pascanu bound for the RNN and, for the
LSTM, two of its routes (`lstm_explainer.routes`): along the carousel alone (dashed) and through
h's recurrence alone (dotted)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import demos
from ..i18n import format_number, label
from . import register

YLIM = (1e-40, 1e25)  # the bounds for ρ > 1 run off to 10^70: clip where the curves live
RNN_COLORS = {0.5: "#08519c", 0.9: "#3182bd", 1.0: "#6baed6", 2.0: "#fb6a4a", 3.0: "#a50f15"}  # by σ_max
LSTM_COLORS = {0.0: "#54278f", 1.0: "#807dba", 3.0: "#238b45"}  # by b_f (demos.FORGET_BIASES)


@register(
    "gradient-decay",
    claims=(
        "rnn-vanishes-below-one",
        "rnn-explodes-above-one",
        "lstm-bf0-below-rnn",
        "lstm-bias-orders-decay",
        "lstm-bf3-order-one",
        "lstm-bf3-grows-slowly",
        "lstm-routes-mixed",
        "lstm-recurrence-routes-coincide",
    ),
)
def fig_gradient_decay(lang: str) -> Figure:
    """‖∂h_T/∂h_k‖ against T − k: RNN (vanishing below ρ = 1, exploding above) and LSTM, with
    the LSTM's route along the carousel alone dashed and through h alone dotted. The legends sit
    under the panels, off the curves."""
    fig = Figure(figsize=(8.0, 4.4), layout="constrained")
    ax_rnn, ax_lstm = fig.subplots(1, 2, sharey=True)
    d = np.arange(demos.T + 1)
    for r in demos.RADII:
        curve = demos.rnn_decay(r)
        rtext = format_number(r, lang, "fixed", 1)
        rnn_label = label(lang, "gradient-decay.rnn-curve", r=rtext)
        ax_rnn.semilogy(d, curve.values, color=RNN_COLORS[r], label=rnn_label)
        ax_rnn.semilogy(d, curve.bound, color=RNN_COLORS[r], linestyle="--", linewidth=0.8)
    ax_rnn.plot([], [], color="0.4", linestyle="--", linewidth=0.8, label=label(lang, "gradient-decay.bound"))
    for b in demos.FORGET_BIASES:
        color = LSTM_COLORS[b]
        btext = format_number(b, lang, "fixed", 0)
        lstm_label = label(lang, "gradient-decay.lstm-curve", b=btext)
        ax_lstm.semilogy(d, demos.lstm_decay(b).values, color=color, label=lstm_label)
        carousel, recurrence = demos.lstm_routes(b)
        ax_lstm.semilogy(d[2:], carousel.values[2:], color=color, linestyle="--", linewidth=0.8)
        ax_lstm.semilogy(d, recurrence.values, color=color, linestyle=":", linewidth=1.0)
    for style, key in (("--", "carousel"), (":", "recurrence")):
        ax_lstm.plot(
            [], [], color="0.4", linestyle=style, linewidth=0.9, label=label(lang, f"gradient-decay.{key}")
        )
    for ax, key in ((ax_rnn, "title-rnn"), (ax_lstm, "title-lstm")):
        ax.set_title(label(lang, f"gradient-decay.{key}"))
        ax.set_xlabel(label(lang, "gradient-decay.xlabel"))
        ax.set_xlim(0, demos.T)
        ax.set_ylim(*YLIM)
        ax.grid(True, which="major", linewidth=0.3)
    ax_rnn.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.0, -0.17), frameon=False, ncols=2)
    ax_lstm.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0.0, -0.17), frameon=False)
    ax_rnn.set_ylabel(label(lang, "gradient-decay.ylabel"))
    return fig
