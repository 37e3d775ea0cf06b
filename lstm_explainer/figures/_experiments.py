"""What the experiment figures share: their stored results and a provenance line for captions."""

from __future__ import annotations

from .. import experiments


def result(name: str) -> dict:
    """The stored result of experiment ``name`` (`StaleResultError` if the code changed since)."""
    return experiments.load(name)


def provenance(name: str) -> dict:
    """Caption fields: ``{date}``, ``{machine}``, ``{hash}`` (the result's key) and the
    ``{command}`` that recomputes it."""
    r = result(name)
    return {
        "date": r["provenance"]["computed"],
        "machine": r["provenance"]["machine"],
        "hash": r["key"],
        "command": f"python -m lstm_explainer.experiments run {name}",
    }
