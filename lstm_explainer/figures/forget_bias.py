"""The forget-gate bias (Jozefowicz, Zaremba & Sutskever 2015) on the adding problem at T = 100:
the training loss of LSTMs that differ only in b_f, from the stored experiment results."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure

from ..i18n import label
from . import register
from ._experiments import finish_training_axes, loss_curve, provenance, result


@register("forget-bias", caption_fields=functools.partial(provenance, "forget-bias"))
def fig_forget_bias(lang: str) -> Figure:
    """Training loss against sequences seen, one curve per forget-gate bias b_f."""
    fig = Figure(figsize=(7.0, 3.6), layout="constrained")
    ax = fig.subplots()
    colors = ("#bcbddc", "#9e9ac8", "#6a51a3", "#238b45")
    for run, color in zip(result("forget-bias")["runs"], colors, strict=True):
        b = run["label"].split("=")[1].strip()
        loss_curve(ax, run, color=color, label=label(lang, "forget-bias.curve", b=b))
    finish_training_axes(ax, lang, "forget-bias")
    return fig
