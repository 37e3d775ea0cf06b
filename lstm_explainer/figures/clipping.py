"""Exploding gradients through time and norm clipping (Pascanu, Mikolov & Bengio 2013), from the
stored experiment results: a tanh RNN trained by SGD on the adding problem, five seeds a setting.
Left, the training loss; middle, the size of the weights ‖θ‖, where a run without clipping in the
chaotic regime leaves the range in its first update; right, why: ‖∂h_T/∂h_k‖ at initialisation,
shrinking with the distance T − k for the control and growing exponentially for σ_max(W_h) = 3."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import experiments
from ..i18n import format_number
from . import register, text
from ._experiments import baseline

# The experiment's three settings (`experiments.CLIPPING`), each with a colour of Okabe & Ito's
# palette (safe for colour blindness) and a dash pattern, so that they differ without colour too.
STYLES = {"control": ("#0072B2", "-"), "plain": ("#D55E00", "--"), "clipped": ("#009E73", "-.")}


def _name(lang: str, setting: str) -> str:
    sigma_max, clip = experiments.CLIPPING[setting]
    s = format_number(sigma_max, lang, digits=1)  # 0.9, 3
    if clip is None:
        return text(lang, "clipping.run-plain", s=s)
    return text(lang, "clipping.run-clip", s=s, c=format_number(clip, lang, digits=1))


@register(
    "clipping",
    caption_fields=functools.partial(experiments.provenance, "clipping"),
    claims=(
        "clipping-flow-explodes",
        "clipping-plain-diverges",
        "clipping-clipped-stable",
        "clipping-control-stable",
        "clipping-clipped-at-mean",
    ),
)
def fig_clipping(lang: str) -> Figure:
    """Training loss and ‖θ‖ against sequences seen; ‖∂h_T/∂h_k‖ against T − k at initialisation."""
    fig = Figure(figsize=(9.6, 3.9), layout="constrained")
    ax_loss, ax_weights, ax_flow = fig.subplots(1, 3)
    for setting, (color, dash) in STYLES.items():
        for n, run in enumerate(experiments.clipping_runs(setting)):  # every seed; one legend entry a setting
            style = {"color": color, "linestyle": dash, "linewidth": 0.8, "alpha": 0.8}
            name = _name(lang, setting) if n == 0 else None
            seen = np.array(run["sequences"], dtype=float)
            if run["diverged"]:  # its last update threw ‖θ‖ out of range: a cross marks where
                cross = {"color": color, "marker": "x", "markersize": 6, "linestyle": "none"}
                ax_loss.plot(seen, run["loss"], label=name, **{**style, **cross})
                jump = [run["weight_norm"][-1], run["diverged_weight_norm"] or np.inf]
                ax_weights.plot([seen[-1]] * 2, jump, **style)
                ax_weights.plot(seen[-1], jump[1], **cross)
            else:
                ax_loss.plot(seen, run["loss"], label=name, **style)
                ax_weights.plot(seen, run["weight_norm"], **style)
            if setting != "clipped":  # the same initial W_h as the run without clipping
                flow = np.array(run["flow_init"]["dh_norm"], dtype=float)
                ax_flow.plot(np.arange(len(flow)), flow, **style)
    mean_error = np.mean([r["baseline_test_mse"] for r in experiments.clipping_runs("control")])
    baseline(ax_loss, mean_error, lang, "clipping.baseline", color="0.3", linestyle=":", linewidth=1.0)
    for ax in (ax_loss, ax_weights):
        ax.set_xscale("log")  # the runs without clipping stop after their first minibatch
        ax.set_xlabel(text(lang, "clipping.xlabel"))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))
    for ax, key in ((ax_loss, "loss"), (ax_weights, "weights"), (ax_flow, "flow")):
        ax.set_yscale("log")
        ax.set_title(text(lang, f"clipping.title-{key}"))
        ax.set_ylabel(text(lang, f"clipping.ylabel-{key}"))
        ax.grid(True, which="major", linewidth=0.3)
    ax_flow.set_xlabel(text(lang, "clipping.xlabel-flow"))
    fig.legend(fontsize=8, loc="outside lower center", ncols=2, frameon=False)
    return fig
