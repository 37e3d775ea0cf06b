"""The forget-gate bias (Jozefowicz, Zaremba & Sutskever 2015) on the adding problem at T = 100:
the training loss of LSTMs that differ only in b_f, from the stored experiment results."""

from __future__ import annotations

import functools

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..i18n import format_number, label
from . import register
from ._experiments import provenance, result


@register("forget-bias", caption_fields=functools.partial(provenance, "forget-bias"))
def fig_forget_bias(lang: str) -> Figure:
    """Training loss against sequences seen, one curve per forget-gate bias b_f."""
    fig = Figure(figsize=(7.0, 3.6), layout="constrained")
    ax = fig.subplots()
    colors = ("#bcbddc", "#9e9ac8", "#6a51a3", "#238b45")
    for run, color in zip(result("forget-bias")["runs"], colors, strict=True):
        b = run["label"].split("=")[1].strip()
        ax.semilogy(run["sequences"][::2], run["loss"][::2], color=color,  # 100 points: a light SVG
                    label=label(lang, "forget-bias.curve", b=b))
    ax.set_title(label(lang, "forget-bias.title"))
    ax.set_xlabel(label(lang, "forget-bias.xlabel"))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))  # 50 000
    ax.set_ylabel(label(lang, "forget-bias.ylabel"))
    ax.grid(True, which="major", linewidth=0.3)
    ax.legend(fontsize=8, loc="lower left")
    return fig
