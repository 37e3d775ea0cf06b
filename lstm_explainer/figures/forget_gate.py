"""The forget gate as a dial: ‖∂C_T/∂C_k‖ for forget gates near 0.5, 0.9, 0.99 and f ≡ 1 (1997),
the total derivative beside the cell-state path alone."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import demos
from ..i18n import format_number, label
from . import register

YLIM = (1e-20, 1e4)  # the forget gates' range; gates far below 0.5 leave it within a few steps
COLORS = ("#d94801", "#fd8d3c", "#2171b5", "#238b45")  # demos.FORGET_VALUES, then the 1997 cell


@register("forget-gate", claims=("cell-path-like-f", "cell-path-exact-1997", "cell-total-amplifies"))
def fig_forget_gate(lang: str) -> Figure:
    """‖dC_T/dC_k‖ (solid) and ‖∏ diag(f_t)‖ (dashed) against T − k, per forget-gate value."""
    fig = Figure(figsize=(7.0, 3.8), layout="constrained")
    ax = fig.subplots()
    d = np.arange(demos.T + 1)
    for f, color in zip((*demos.FORGET_VALUES, None), COLORS, strict=True):
        total, path = demos.cell_flow(f)
        if f is None:
            total_label = label(lang, "forget-gate.total-1997")
            path_label = label(lang, "forget-gate.path-1997")
        else:
            ftext = format_number(f, lang, "fixed", 2 if f == 0.99 else 1)
            total_label = label(lang, "forget-gate.total", f=ftext)
            path_label = label(lang, "forget-gate.path", f=ftext)
        ax.semilogy(d, total.values, color=color, label=total_label)
        ax.semilogy(d, path.values, color=color, linestyle="--", linewidth=1.0, label=path_label)
    ax.set_title(label(lang, "forget-gate.title"))
    ax.set_xlabel(label(lang, "forget-gate.xlabel"))
    ax.set_ylabel(label(lang, "forget-gate.ylabel"))
    ax.set_xlim(0, demos.T)
    ax.set_ylim(*YLIM)
    ax.grid(True, which="major", linewidth=0.3)
    ax.legend(fontsize=7, loc="lower left", ncols=2)
    return fig
