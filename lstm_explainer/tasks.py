"""Long-range tasks of the literature, as seeded batch generators with the papers' criteria.

Each task draws a `Batch`: inputs ``x`` (N, T, D), targets ``y`` (N, T, K) and a ``mask``
(N, T) that marks the steps where the loss is taken (only the last step, for the tasks of
Hochreiter & Schmidhuber 1997). ``task.correct(out, batch)`` applies the paper's own
criterion to the outputs ``out`` (N, T, K) and says, per sequence, whether it was solved.

* `AddingProblem`: Experiment 4 of Hochreiter & Schmidhuber (1997).
* `TemporalOrder`: Experiment 6a of the same paper.
* `CopyTask`: remember K symbols over a delay of T blanks (Hochreiter & Schmidhuber 1997,
  Experiment 2, in the form of Arjovsky, Shah & Bengio 2016).

All randomness comes from the ``rng`` argument. Within one batch every sequence has the same
length (the papers draw a length per sequence; drawing it per batch keeps the batch one array).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Batch:
    """A batch of sequences: ``x`` (N, T, D), ``y`` (N, T, K), ``mask`` (N, T) of 0/1."""

    x: np.ndarray
    y: np.ndarray
    mask: np.ndarray


def _check(name: str, value: int, minimum: int) -> int:
    if not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _last_step_mask(N: int, T: int) -> np.ndarray:
    mask = np.zeros((N, T))
    mask[:, -1] = 1.0
    return mask


@dataclass(frozen=True)
class AddingProblem:
    """The adding problem (Hochreiter & Schmidhuber 1997, Experiment 4).

    Each step is a pair: a value drawn from [−1, 1] and a marker. One of the first ten pairs
    and one of the first T/2 − 1 others are marked 1.0 (their values are X1 and X2); the first
    and last pairs are marked −1, the rest 0. Length: T to T + T/10. The target, at the last
    step only, is 0.5 + (X1 + X2)/4; a sequence is solved when its absolute error is below 0.04.

    The paper: "(X1 is set to zero in the rare case where the *first* pair of the sequence got
    marked)". Read here as: a marked first pair's value is 0 in the target only (``first_value=
    "target"``, the default: the network must learn that a marked first pair does not count) or
    in the input too (``"zeroed"``, what the stored experiments use), so that the target is
    always the sum of the marked values the network sees.

    ``placement="1997"`` draws the markers as the paper does (the first among the first ten
    pairs, the second among the first T/2 − 1); ``"halves"`` draws one uniformly in each half of
    the sequence (never on the last pair, the end marker), the placement of many later benchmarks.
    """

    T: int = 100
    placement: str = "1997"
    first_value: str = "target"
    loss: str = "mse"
    D: int = 2
    K: int = 1
    tolerance: float = 0.04
    stop_error: float = 0.01  # the paper stops when the mean training error is below this

    def __post_init__(self) -> None:
        _check("T", self.T, 22)  # the second marker needs T/2 - 1 > 10 positions
        if self.placement not in ("1997", "halves"):
            raise ValueError(f"placement must be '1997' or 'halves', got {self.placement!r}")
        if self.first_value not in ("target", "zeroed"):
            raise ValueError(f"first_value must be 'target' or 'zeroed', got {self.first_value!r}")

    def sample(self, N: int, rng: np.random.Generator) -> Batch:
        """``N`` sequences of one length drawn from T … T + T/10."""
        N = _check("N", N, 1)
        T = int(rng.integers(self.T, self.T + self.T // 10 + 1))
        x = np.zeros((N, T, 2))
        x[:, :, 0] = rng.uniform(-1.0, 1.0, (N, T))
        x[:, 0, 1] = x[:, -1, 1] = -1.0
        rows = np.arange(N)
        if self.placement == "1997":
            first = rng.integers(0, 10, N)
            # the second marker: one of the first T/2 - 1 pairs other than the first marker
            second = rng.integers(0, self.T // 2 - 2, N)
            second += second >= first
        else:  # one in each half of this sequence (not on the last pair, which marks the end)
            first = rng.integers(0, T // 2, N)
            second = rng.integers(T // 2, T - 1, N)
        x[rows, first, 1] = x[rows, second, 1] = 1.0
        if self.first_value == "zeroed":
            x[:, 0, 0] = np.where(x[:, 0, 1] == 1.0, 0.0, x[:, 0, 0])
        x1 = np.where(first == 0, 0.0, x[rows, first, 0])
        x2 = np.where(second == 0, 0.0, x[rows, second, 0])
        y = np.zeros((N, T, 1))
        y[:, -1, 0] = 0.5 + (x1 + x2) / 4.0
        return Batch(x, y, _last_step_mask(N, T))

    def correct(self, out: np.ndarray, batch: Batch) -> np.ndarray:
        """(N,) bool: |output − target| < 0.04 at the last step."""
        return np.abs(out[:, -1, 0] - batch.y[:, -1, 0]) < self.tolerance


@dataclass(frozen=True)
class TemporalOrder:
    """The temporal-order problem (Hochreiter & Schmidhuber 1997, Experiment 6a).

    Symbols ``a b c d`` (noise), ``X Y`` (the two relevant ones), ``E`` (start) and ``B``
    (end), one-hot. Length 100 to 110; X or Y at a step t1 in [10, 20] and another at t2 in
    [50, 60]. Four classes, XX, XY, YX, YY, from the order of the two, at the last step. The
    paper counts a sequence right when every output unit is within 0.3 of its target; with a
    softmax output that is the target class's probability above 0.7 (then every other unit
    is below 0.3).
    """

    T: int = 100
    loss: str = "xent"
    D: int = 8
    K: int = 4
    stop_error: float = 0.1  # the paper's stop: mean training error below 0.1
    SYMBOLS = "abcdXYEB"

    def __post_init__(self) -> None:
        _check("T", self.T, 62)  # t2 can be step 60

    def sample(self, N: int, rng: np.random.Generator) -> Batch:
        """``N`` sequences of one length drawn from T … T + T/10."""
        N = _check("N", N, 1)
        T = int(rng.integers(self.T, self.T + self.T // 10 + 1))
        sym = rng.integers(0, 4, (N, T))  # a, b, c, d
        sym[:, 0], sym[:, -1] = 6, 7  # E, B
        rows = np.arange(N)
        t1, t2 = rng.integers(10, 21, N), rng.integers(50, 61, N)
        xy1, xy2 = rng.integers(0, 2, N), rng.integers(0, 2, N)  # 0: X, 1: Y
        sym[rows, t1], sym[rows, t2] = 4 + xy1, 4 + xy2
        x = np.eye(8)[sym]  # (N, T, 8)
        y = np.zeros((N, T, 4))
        y[rows, -1, 2 * xy1 + xy2] = 1.0
        return Batch(x, y, _last_step_mask(N, T))

    def correct(self, out: np.ndarray, batch: Batch) -> np.ndarray:
        """(N,) bool: every output unit within 0.3 of its target (``out`` holds probabilities)."""
        return np.all(np.abs(out[:, -1] - batch.y[:, -1]) < 0.3, axis=-1)


@dataclass(frozen=True)
class CopyTask:
    """Copy: read ``K`` symbols, wait ``T`` blank steps, then write the symbols back.

    Alphabet of 8 symbols plus a blank and a go signal, one-hot (D = K_out = 10). The loss is
    taken on the K output steps only; a sequence is solved when every output symbol is right.
    """

    T: int = 100
    length: int = 10
    loss: str = "xent"
    D: int = 10
    K: int = 10
    stop_error: float = 0.1  # not from a paper: the temporal-order threshold

    def __post_init__(self) -> None:
        _check("T", self.T, 1)
        _check("length", self.length, 1)

    def sample(self, N: int, rng: np.random.Generator) -> Batch:
        """``N`` sequences of length ``length + T + length``."""
        N = _check("N", N, 1)
        L, total = self.length, self.length + self.T + self.length
        symbols = rng.integers(0, 8, (N, L))
        inp = np.full((N, total), 8)  # blank
        inp[:, :L] = symbols
        inp[:, L + self.T - 1] = 9  # go: write from the next step on
        out = np.full((N, total), 8)
        out[:, -L:] = symbols
        mask = np.zeros((N, total))
        mask[:, -L:] = 1.0
        return Batch(np.eye(10)[inp], np.eye(10)[out], mask)

    def correct(self, out: np.ndarray, batch: Batch) -> np.ndarray:
        """(N,) bool: the most probable symbol is right at every output step."""
        L = self.length
        return np.all(out[:, -L:].argmax(-1) == batch.y[:, -L:].argmax(-1), axis=-1)


TASKS = {"adding": AddingProblem, "temporal-order": TemporalOrder, "copy": CopyTask}
"""Task name -> class."""


def task(name: str, **options) -> AddingProblem | TemporalOrder | CopyTask:
    """The task ``name`` (``"adding"``, ``"temporal-order"`` or ``"copy"``) with ``options``."""
    if name not in TASKS:
        raise KeyError(f"unknown task {name!r}; known tasks: {', '.join(TASKS)}")
    return TASKS[name](**options)
