"""The numbers the site's prose quotes, each computed by the package at build time.

A sentence such as "after 50 steps the bound is 5.2 × 10⁻³" carries the shortcode
``{{ number("rnn-bound-0.9-50") }}``; the build calls the function registered here under
that id and writes the value the way a reader of the page's language writes numbers.
Each function reads the same demonstrations as the figures (`lstm_explainer.demos`),
so the prose, the curves and the code cannot disagree.

The numbers live in the module of their topic: `demonstrations` (the demonstrations' set-up and
curves), `experiments` (the stored experiments), `gates` (the hand-wired LSTM and the trained one,
gate by gate); each registers its own with `register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..i18n import format_number


@dataclass(frozen=True)
class Number:
    """A quoted number: how to compute it and how to write it."""

    id: str
    compute: Callable[[], Any]  # a float, or what float() takes
    style: str = "auto"  # see lstm_explainer.i18n.format_number
    digits: int = 2


NUMBERS: dict[str, Number] = {}


def register(num_id: str, compute: Callable[..., Any], style: str = "auto", digits: int = 2) -> None:
    """Register ``compute`` as the number ``num_id``, written in ``style`` with ``digits``."""
    if num_id in NUMBERS:
        raise RuntimeError(f"number {num_id!r} is registered twice")
    NUMBERS[num_id] = Number(num_id, compute, style, digits)


def number(num_id: str) -> Number:
    """The number registered under ``num_id``; ``KeyError`` naming the known ids if none."""
    try:
        return NUMBERS[num_id]
    except KeyError:
        raise KeyError(f"unknown number {num_id!r}; known numbers: {', '.join(NUMBERS)}") from None


def value(num_id: str) -> float:
    """Compute the number ``num_id``."""
    return float(number(num_id).compute())


def formatted(num_id: str, lang: str, raw: float | None = None) -> str:
    """The number ``num_id`` written for ``lang``; ``raw`` skips the computation (a cached value)."""
    num = number(num_id)
    return format_number(value(num_id) if raw is None else raw, lang, num.style, num.digits)


# The numbers, by topic; importing each module registers its numbers.
from . import demonstrations, experiments, gates  # noqa: E402, F401
