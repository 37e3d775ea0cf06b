"""What the experiment figures share: a loss curve and the axes of a training plot."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from ..i18n import format_number, label
from . import text

SETUP_COLORS = {"lstm": "#238b45", "1997": "#0072B2", "rnn": "#a50f15"}
"""One colour per cell of `lstm_explainer.experiments.SETUPS`, the same in every figure."""


def loss_curve(ax: Axes, run: dict, **style) -> None:
    """A run's training loss against sequences seen, from 100 of its stored points (a light SVG)."""
    ax.semilogy(run["sequences"][::2], run["loss"][::2], **style)


def baseline(ax: Axes, value: float, lang: str, key: str, **style) -> None:
    """A horizontal line at ``value``, the test error of always answering the mean target,
    labelled by the catalogue's ``key`` with the value written as ``lang`` writes it."""
    ax.axhline(value, **style, label=text(lang, key, v=format_number(value, lang, "fixed", 3)))


def finish_training_axes(ax: Axes, lang: str, group: str) -> None:
    """Title, axis labels (sequences grouped by thousands as ``lang`` writes them), grid, legend."""
    ax.set_title(text(lang, f"{group}.title"))
    ax.set_xlabel(label(lang, f"{group}.xlabel"))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))  # 50 000
    ax.set_ylabel(label(lang, f"{group}.ylabel"))
    ax.grid(True, which="major", linewidth=0.3)
    ax.legend(fontsize=8, loc="lower left")
