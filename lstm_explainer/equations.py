r"""The registry of the equations the site shows, read from the functions that compute them.

Each equation lives in exactly one place: the docstring of the reference function
(`lstm_explainer.reference`) that computes it, one line of code per equation, as a block::

    Computes equation `lstm-cell`:

    $$
    C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t
    $$

The site, the API reference and this registry all read that block, so an
equation cannot drift between the code's documentation and the pages.
"""

from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass

from .reference import jacobians, lstm, rnn

SOURCES = (
    rnn.rnn_step_forward,
    rnn.rnn_step_backward,
    lstm.lstm_step_forward,
    lstm.lstm1997_step_forward,
    lstm.lstm_step_backward,
    jacobians.rnn_step_jacobian,
    jacobians.lstm_step_jacobian,
    jacobians.jacobian_product,
    jacobians.pascanu_bound,
    jacobians.cell_path,
)
"""The reference functions whose docstrings declare equations (the fast layers name them)."""

_BLOCK = re.compile(r"Computes equation `([a-z0-9-]+)`:\s*\$\$\s*(.+?)\s*\$\$", re.DOTALL)


@dataclass(frozen=True)
class Equation:
    """One equation: a stable id, its LaTeX, and the function that computes it."""

    id: str
    latex: str
    function: str  # dotted path, e.g. "lstm_explainer.lstm.lstm_forward"


@functools.cache
def equations() -> dict[str, Equation]:
    """All registered equations, by id, in the order the sources declare them."""
    found: dict[str, Equation] = {}
    for fn in SOURCES:
        for eq_id, latex in _BLOCK.findall(inspect.getdoc(fn) or ""):
            if eq_id in found:
                raise RuntimeError(
                    f"equation {eq_id!r} is declared twice: in {found[eq_id].function} "
                    f"and in {fn.__module__}.{fn.__qualname__}"
                )
            found[eq_id] = Equation(eq_id, latex, f"{fn.__module__}.{fn.__qualname__}")
    return found


def equation(eq_id: str) -> Equation:
    """The equation with this id; ``KeyError`` naming the known ids if there is none."""
    try:
        return equations()[eq_id]
    except KeyError:
        known = ", ".join(equations())
        raise KeyError(f"unknown equation {eq_id!r}; known equations: {known}") from None
