r"""An LSTM read gate by gate: i_t, f_t, o_t and C_t of every cell at every step of a sequence.

`trace` runs a model (the hand-wired one of `lstm_explainer.handwired`, or the trained one of
experiment ``adding-100`` that `trained_model` loads from the stored weights) through the
reference step `lstm_explainer.reference.lstm.lstm_step_forward`, the function the site's
equations link to, and keeps what each step computes. `cell_stats` reads the whole test set
the same way and measures, cell by cell, what the gates do:

- ``i_marked``, ``i_unmarked``: the mean input gate on the two marked pairs and on the other
  pairs (m_t = 0; the first and last pairs, m_t = −1, in neither);
- ``f_mean``, ``o_mean``: the mean forget and output gates over every step;
- ``kept``: the share of what the cell held right after the first marker that is still in C_T,
  ∏ f_t over the steps after it (the median over the sequences);
- ``r2``: how much of the variance of X1 + X2 a straight line from C_T explains (R²);
- ``marked_share``: which writes brought X1 + X2 into C_T. With C_0 = 0, C_T is the sum of
  every step's write, each scaled by the forget gates after it:
  C_T = Σ_t (∏_{s>t} f_s) i_t C̃_t. The writes at the two marked steps are one part; the
  share is that part's slope against X1 + X2 over C_T's (1: the sum came in at the markers, as
  in the hand-wired cell; near 0: it came in at unmarked steps, where the input holds no trace
  of X1 or X2, so through the recurrent input h_{t−1} W_h, from other cells);
- ``readout``: how much the cell moves the answer, the standard deviation over the test set of
  its term W_y[k] h_T[k] of out_T = h_T W_y + b_y.

"The cells that matter" (`cells_that_matter`) are the `SHOWN` cells with the largest
``readout``: those whose content the answer depends on most, a ranking fixed by the stored
weights and the seeded test set. Cells are numbered from 1 in what the site shows (`label`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from . import handwired, tasks, train
from .lstm import LSTMParams
from .reference.lstm import lstm_step_forward

SHOWN = 3
"""How many of the trained network's cells the gate-trace figure shows (`cells_that_matter`)."""
SEQUENCE = 0
"""The test sequence the figure traces: the first of the experiments' test set."""


@dataclass(frozen=True)
class Trace:
    """A model run over a batch, every step kept: the gates ``i``, ``f``, ``o``, the candidate
    ``g`` (C̃_t), the cell state ``C`` and the hidden state ``h`` (N, T, H) each; the outputs
    ``out`` (N, T, K); the inputs ``x`` (N, T, D) and ``markers`` (N, T), True on the two
    marked pairs."""

    x: np.ndarray
    i: np.ndarray
    f: np.ndarray
    o: np.ndarray
    g: np.ndarray
    C: np.ndarray
    h: np.ndarray
    out: np.ndarray

    @property
    def markers(self) -> np.ndarray:
        """(N, T) bool: the marked pairs (second input component 1)."""
        return self.x[..., 1] == 1.0


def trace(model: train.Model, x: np.ndarray) -> Trace:
    """Run ``model`` (an LSTM with a forget gate) over ``x`` (N, T, D) with the reference step,
    from h_0 = C_0 = 0, keeping every step's gates and states."""
    layer = model.layer
    if not isinstance(layer, LSTMParams) or layer.variant != "forget":
        raise TypeError("trace reads an LSTM with a forget gate (LSTMParams, variant 'forget')")
    N, T, _ = x.shape
    h = np.zeros((N, layer.H))
    c = np.zeros((N, layer.H))
    kept: dict[str, list[np.ndarray]] = {k: [] for k in ("i", "f", "o", "g", "C", "h")}
    for t in range(T):
        (h, c), cache = lstm_step_forward(x[:, t], h, c, layer.Wx, layer.Wh, layer.b)
        _, _, _, i, f, o, g, _, _, _ = cache  # (N, H) each
        for name, value in zip(kept, (i, f, o, g, c, h), strict=True):
            kept[name].append(value)
    steps = {k: np.stack(v, axis=1) for k, v in kept.items()}  # (N, T, H) each
    out = steps["h"] @ model.Wy + model.by  # the read-out of lstm_explainer.train, (N, T, K)
    return Trace(x=x, out=out, **steps)


def trained_model() -> train.Model:
    """The trained network whose weights experiment ``adding-100`` stores (the modern LSTM,
    seed `lstm_explainer.experiments.PROFILE_SEED`, H = 16)."""
    from . import experiments

    run = handwired.stored_run()
    stored = experiments.one(handwired.EXPERIMENT, "lstm", seed=run.seed)
    w = {k: np.asarray(v, dtype=float) for k, v in stored["weights"].items()}
    variant = run.layer.get("variant", "forget")
    return train.Model(LSTMParams(w["Wx"], w["Wh"], w["b"], variant), w["Wy"], w["by"])


def sequence(index: int = SEQUENCE) -> tasks.Batch:
    """Test sequence ``index`` of `lstm_explainer.handwired.test_set` as a batch of one:
    ``x`` (1, T, 2), ``y`` (1, T, 1), ``mask`` (1, T)."""
    for batch in handwired.test_set():
        if index < len(batch.x):
            s = slice(index, index + 1)
            return tasks.Batch(batch.x[s], batch.y[s], batch.mask[s])
        index -= len(batch.x)
    raise IndexError(f"the test set has {handwired.TEST_SEQUENCES} sequences")


def kept_until_end(tr: Trace) -> np.ndarray:
    """(N, T, H): ∏_{s>t} f_s at step t, the share of C_t still in C_T. With C_0 = 0 the final
    state is the sum of every step's write scaled by it: C_T = Σ_t (∏_{s>t} f_s) i_t C̃_t."""
    from_t = np.cumprod(tr.f[:, ::-1], axis=1)[:, ::-1]  # ∏_{s≥t} f_s
    N, _, H = tr.f.shape
    return np.concatenate([from_t[:, 1:], np.ones((N, 1, H))], axis=1)


@dataclass(frozen=True)
class CellStats:
    """What each cell's gates do over the test set, one value a cell, (H,) each (see the module
    docstring)."""

    i_marked: np.ndarray
    i_unmarked: np.ndarray
    f_mean: np.ndarray
    o_mean: np.ndarray
    kept: np.ndarray
    r2: np.ndarray
    marked_share: np.ndarray
    readout: np.ndarray


def cell_stats(model: train.Model) -> CellStats:
    """`CellStats` of ``model`` over `lstm_explainer.handwired.test_set`."""
    H = model.layer.H
    sums = {"i_marked": np.zeros(H), "i_unmarked": np.zeros(H), "f": np.zeros(H), "o": np.zeros(H)}
    counts = {"i_marked": 0, "i_unmarked": 0, "f": 0}
    kept, C_T, marked_part, term, total = [], [], [], [], []
    for batch in handwired.test_set():
        tr = trace(model, batch.x)
        N, T, _ = tr.C.shape
        marked, unmarked = tr.markers, batch.x[..., 1] == 0.0  # (N, T)
        sums["i_marked"] += tr.i[marked].sum(axis=0)  # (H,)
        sums["i_unmarked"] += tr.i[unmarked].sum(axis=0)
        sums["f"] += tr.f.sum(axis=(0, 1))
        sums["o"] += tr.o.sum(axis=(0, 1))
        counts["i_marked"] += int(marked.sum())
        counts["i_unmarked"] += int(unmarked.sum())
        counts["f"] += N * T
        after = kept_until_end(tr)  # (N, T, H)
        first = marked.argmax(axis=1)  # (N,): the first marked step
        kept.append(after[np.arange(N), first])  # (N, H)
        C_T.append(tr.C[:, -1])
        marked_part.append((after * tr.i * tr.g * marked[..., None]).sum(axis=1))  # (N, H)
        term.append(tr.h[:, -1] * model.Wy[:, 0])  # (N, H): W_y[k] h_T[k]
        total.append(4 * (batch.y[:, -1, 0] - 0.5))  # X1 + X2, (N,)
    s = np.concatenate(total)
    s = s - s.mean()
    C = np.concatenate(C_T)
    C = C - C.mean(axis=0)
    M = np.concatenate(marked_part)
    M = M - M.mean(axis=0)
    cov_C, cov_M = s @ C, s @ M  # (H,): slopes against X1 + X2, times Σ s²
    return CellStats(
        i_marked=sums["i_marked"] / counts["i_marked"],
        i_unmarked=sums["i_unmarked"] / counts["i_unmarked"],
        f_mean=sums["f"] / counts["f"],
        o_mean=sums["o"] / counts["f"],
        kept=np.median(np.concatenate(kept), axis=0),
        r2=cov_C**2 / ((s @ s) * (C * C).sum(axis=0)),
        marked_share=cov_M / cov_C,
        readout=np.concatenate(term).std(axis=0),
    )


@functools.cache
def trained_stats() -> CellStats:
    """`cell_stats` of `trained_model`, once per process."""
    return cell_stats(trained_model())


@functools.cache
def handwired_stats() -> CellStats:
    """`cell_stats` of the hand-wired LSTM, once per process."""
    return cell_stats(handwired.handwired_model())


def cells_that_matter(stats: CellStats, n: int = SHOWN) -> list[int]:
    """The ``n`` cells (0-based indices) with the largest ``readout``, largest first."""
    return [int(k) for k in np.argsort(-stats.readout, kind="stable")[:n]]


def label(cell: int) -> int:
    """A cell's number as the site writes it: its index + 1."""
    return cell + 1


OPENS = 0.25
"""A cell's input gate *opens on the markers* when its mean there is above this and at least
`OPEN_RATIO` times its mean on the unmarked pairs."""
OPEN_RATIO = 10.0
CARRIES = 0.9
"""A cell *carries the sum* when a straight line from its C_T explains more than this share of
the variance of X1 + X2 (R²)."""


def opening_cells(stats: CellStats) -> np.ndarray:
    """The cells (0-based) whose input gate opens on the markers (`OPENS`, `OPEN_RATIO`)."""
    return np.flatnonzero((stats.i_marked > OPENS) & (stats.i_marked > OPEN_RATIO * stats.i_unmarked))


CLOSED_SHARE = 0.1
"""A cell that carries the sum got it *elsewhere than at the markers* when the share of it written
there (`CellStats.marked_share`) is under this in size."""


def carrying_cells(stats: CellStats) -> np.ndarray:
    """The cells (0-based) that carry the sum at the end (`CARRIES`)."""
    return np.flatnonzero(stats.r2 > CARRIES)


def carrying_from_elsewhere(stats: CellStats) -> np.ndarray:
    """The cells (0-based) that carry the sum though it was not written at the markers (`CLOSED_SHARE`)."""
    carriers = carrying_cells(stats)
    return carriers[np.abs(stats.marked_share[carriers]) < CLOSED_SHARE]


def carriers_by_origin(stats: CellStats) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cells that carry the sum (`carrying_cells`), in three disjoint parts: those whose input
    gate opens on the markers (`opening_cells`), those that got the sum elsewhere
    (`carrying_from_elsewhere`), and the rest. Raises if the first two overlap."""
    carriers = carrying_cells(stats)
    opening = np.intersect1d(carriers, opening_cells(stats))
    elsewhere = carrying_from_elsewhere(stats)
    if np.intersect1d(opening, elsewhere).size:
        raise ValueError(
            f"cells {np.intersect1d(opening, elsewhere) + 1} open on the markers yet got the sum elsewhere"
        )
    return opening, elsewhere, np.setdiff1d(carriers, np.union1d(opening, elsewhere))
