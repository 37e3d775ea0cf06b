"""What the experiment figures share: their stored results and a provenance line for captions."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .. import experiments
from ..i18n import format_number, label
from . import text


def result(name: str) -> dict:
    """The stored result of experiment ``name`` (`StaleResultError` if the code changed since)."""
    return experiments.stored(name)


def provenance(name: str) -> dict:
    """Caption fields: ``{date}``, ``{machine}``, ``{hash}`` (the result's key), the ``{seeds}`` of
    its runs, the ``{file}`` that holds its whole configuration and the ``{command}`` that
    recomputes it."""
    r = result(name)
    return {
        "date": r["provenance"]["computed"],
        "machine": r["provenance"]["machine"],
        "hash": r["key"],
        "seeds": ", ".join(str(s) for s in sorted({run["seed"] for run in r["provenance"]["config"]})),
        "file": f"lstm_explainer/results/{name}.json",
        "command": f"python -m lstm_explainer.experiments run {name}",
    }


def loss_curve(ax: Axes, run: dict, **style) -> None:
    """A run's training loss against sequences seen, from 100 of its stored points (a light SVG)."""
    ax.semilogy(run["sequences"][::2], run["loss"][::2], **style)


def finish_training_axes(ax: Axes, lang: str, group: str) -> None:
    """Title, axis labels (sequences grouped by thousands as ``lang`` writes them), grid, legend."""
    ax.set_title(text(lang, f"{group}.title"))
    ax.set_xlabel(label(lang, f"{group}.xlabel"))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, lang, "int")))  # 50 000
    ax.set_ylabel(label(lang, f"{group}.ylabel"))
    ax.grid(True, which="major", linewidth=0.3)
    ax.legend(fontsize=8, loc="lower left")
