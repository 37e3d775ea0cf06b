"""The adding problem at T = 100, 500 and 1000 against Hochreiter & Schmidhuber (1997, Table 7):
the training sequences each seed needed to meet the paper's criterion, beside the paper's mean."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import experiments
from ..i18n import format_number
from . import register, text
from ._experiments import SETUP_COLORS

SHIFT = {"lstm": -0.12, "1997": 0.12}  # the two cells side by side at each T


@register(
    "adding-lengths",
    caption_fields=functools.partial(experiments.provenance, *experiments.GROUPS["adding"]),
    claims=(
        "adding-lstm-fewer-than-paper",
        "adding-500-lstm-slowest-above-paper",
        "adding-100-1997-fewer-than-lstm",
        "adding-500-1997-fewer-than-lstm",
        "adding-1000-lstm-one-miss",
        "adding-1000-1997-one-miss",
    ),
)
def fig_adding_lengths(lang: str) -> Figure:
    """Sequences to the criterion against T: a dot per seed and cell, an open triangle at the
    budget for a run that missed it, the paper's mean as a black bar (and its range at T = 1000)."""
    fig = Figure(figsize=(7.0, 3.8), layout="constrained")
    ax = fig.subplots()
    names = experiments.GROUPS["adding"]
    labelled: set[str] = set()  # one legend entry each: a cell's dots, the misses (any cell)

    def once(key: str) -> str:
        if key in labelled:
            return "_nolegend_"
        labelled.add(key)
        return text(lang, f"adding-lengths.{key}")

    for x, name in enumerate(names):
        for cell_setup, shift in SHIFT.items():
            found = experiments.select(name, cell_setup)
            if not found:  # a cell this length did not train
                continue
            spread = np.linspace(-0.05, 0.05, len(found)) if len(found) > 1 else np.zeros(1)
            color = SETUP_COLORS[cell_setup]
            solved = [
                (s, r["sequences_to_criterion"]) for s, r in zip(spread, found, strict=True) if r["solved"]
            ]
            missed = [(s, r["sequences_seen"]) for s, r in zip(spread, found, strict=True) if not r["solved"]]
            if solved:
                ax.plot(
                    *_at(x + shift, solved),
                    "o",
                    color=color,
                    markersize=4,
                    alpha=0.85,
                    label=once(cell_setup),
                )
            if missed:
                ax.plot(
                    *_at(x + shift, missed),
                    "^",
                    color=color,
                    markerfacecolor="none",
                    markersize=6,
                    label=once("missed"),
                )
        paper = experiments.PAPER[name]
        ax.hlines(
            paper["sequences"],
            x - 0.3,
            x + 0.3,
            color="black",
            linewidth=2,
            label=once("paper"),
        )
        if "min" in paper:
            ax.vlines(x, paper["min"], paper["max"], color="black", linewidth=0.8, linestyle=":")
    ax.set_xticks(
        range(len(names)), [f"T = {experiments.EXPERIMENTS[n][0].task_options['T']}" for n in names]
    )
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))
    ax.set_ylabel(text(lang, "adding-lengths.ylabel"))
    ax.set_title(text(lang, "adding-lengths.title"))
    ax.grid(True, axis="y", which="major", linewidth=0.3)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def _at(x: float, points: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """The x (``x`` plus each point's small spread) and y of ``points``."""
    return [x + s for s, _ in points], [y for _, y in points]
