r"""An LSTM whose weights are set by hand to solve the adding problem, one cell and a read-out.

The task is the one the experiments train on (`lstm_explainer.tasks.AddingProblem` with the
1997 placement and ``first_value="zeroed"``, the set-up of experiment ``adding-100``): each
step's input is x_t = [v_t, m_t], a value v_t in [−1, 1] and a marker m_t, which is 1 on the
two marked pairs, −1 on the first and the last pair (the first pair's −1 is replaced by 1 when
it is marked, and its value by 0), 0 elsewhere. The target at the last step is
0.5 + (X1 + X2)/4; a sequence is solved when the output is within 0.04 of it.

One cell (H = 1) is enough. The input gate opens on the markers only, the candidate carries the
value it sees, the forget gate stays shut to forgetting, and the read-out turns the cell's
content into the answer. The weights, in the package's format (`LSTMParams`: rows of W_x are
``[v, m]``, gate columns ``[i, f, o, g]``; `lstm_explainer.train.Model`'s read-out
out_t = h_t W_y + b_y), each for a reason:

- W_x[m, i] = 2S, b_i = −S (S = `GAIN` = 10): a^i = S on a marked pair (i = σ(10) ≈ 0.99995),
  −S on an unmarked one (i ≈ 4.5 × 10⁻⁵), −3S on the first and last pairs (i ≈ 9 × 10⁻¹⁴): the
  cell writes on the markers only.
- W_x[v, i] = 0: whether to write does not depend on the value.
- W_x[·, f] = 0, b_f = `FORGET_BIAS` = 20: f = σ(20) = 1 − 2 × 10⁻⁹ at every step, whatever the
  input: over 110 steps the cell keeps 1 − 2.3 × 10⁻⁷ of what it holds (the carousel, f ≈ 1).
- W_x[m, o] = −2S, b_o = −S: a^o = S on the first and last pairs (m = −1: the output gate opens
  to read the sum at the end), −S on the others, −3S on the markers.
- W_x[v, g] = ε (`SCALE` = 0.1), W_x[m, g] = 0, b_g = 0: C̃_t = tanh(ε v_t) ≈ ε v_t; the small ε
  keeps the candidate and tanh(C_T) in tanh's nearly linear range (the error left is tanh's
  curvature, about (εX)²/3 of the value).
- W_h = 0 (1 × 4): no gate needs the past; the memory is the cell state alone.
- W_y = 1/(4 ε σ(S)²), b_y = 0.5: h_T = o_T tanh(C_T) ≈ σ(S) · σ(S) ε (X1 + X2) (the output and
  the input gate each let σ(S) through), so out_T ≈ 0.5 + (X1 + X2)/4, the target.

`handwired_model` returns these weights; `test_errors` measures a model on the experiments' own
test set (`test_set`: the 2,560 sequences `lstm_explainer.experiments.run_one` tests the stored
run of ``adding-100`` on, drawn with the same seed); `rnn_state_share` measures why a tanh RNN
of the same size cannot do the same: its input enters at every step, so it cannot let the two
marked values in and keep the others out, though it can hold a lone small value (`rnn_hold_share`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from . import tasks, train
from .experiments import EXPERIMENTS, Run
from .lstm import LSTMParams
from .reference.lstm import sigmoid
from .rnn import RNNParams, rnn_forward

GAIN = 10.0
"""S: the gates' gain on the marker; σ(±S) are the gates' open and shut values."""
FORGET_BIAS = 20.0
"""b_f: f = σ(20) = 1 − 2 × 10⁻⁹."""
SCALE = 0.1
"""ε: the candidate's weight on the value, small enough for tanh to be nearly linear."""
EXPERIMENT = "adding-100"
"""The experiment whose task, test set and stored trained network the hand-wired LSTM meets."""
TEST_SEQUENCES = 2560
"""The papers' test set size, the one `lstm_explainer.train.assess` uses."""


def stored_run() -> Run:
    """The run of `EXPERIMENT` that keeps its trained weights (the modern LSTM, seed 0)."""
    return next(r for r in EXPERIMENTS[EXPERIMENT] if r.keep_weights)


def task() -> tasks.AddingProblem:
    """The adding problem as `stored_run` poses it (T = 100, 1997 placement, X1 zeroed in the input)."""
    r = stored_run()
    found = tasks.task(r.task, **r.task_options)
    assert isinstance(found, tasks.AddingProblem)
    return found


def test_rng() -> np.random.Generator:
    """The generator `lstm_explainer.experiments.run_one` draws a run's test set from: the
    run's seed + 2 (seed + 1 is its probe batch, seed + 3 the mean target's sequences)."""
    return np.random.default_rng(stored_run().seed + 2)


@functools.cache
def test_set() -> list[tasks.Batch]:
    """The experiments' test set: `TEST_SEQUENCES` sequences, in the batches of 256 that
    `lstm_explainer.train.assess` draws (each batch one length, T to T + T/10)."""
    batches: list[tasks.Batch] = []

    def keep(batch: tasks.Batch) -> np.ndarray:
        batches.append(batch)
        return batch.y  # any output: only the batches are kept

    train.assess(keep, task(), rng=test_rng(), sequences=TEST_SEQUENCES)
    return batches


def handwired_model(scale: float = SCALE) -> train.Model:
    """The hand-wired LSTM (module docstring): ``Wx`` (2, 4), ``Wh`` (1, 4), ``b`` (4,), gate
    columns [i, f, o, g]; read-out ``Wy`` (1, 1), ``by`` (1,). ``scale`` is ε, the candidate's
    weight on the value (`SCALE`; the read-out undoes it, so any ε gives the same linear answer
    and only tanh's curvature differs, `SCALES_TRIED`)."""
    S, eps = GAIN, scale
    v, m = 0, 1  # the rows of W_x: value, marker
    i, f, o, g = 0, 1, 2, 3  # the gate columns (H = 1)
    Wx = np.zeros((2, 4))
    b = np.zeros(4)
    Wx[m, i], b[i] = 2 * S, -S  # input gate: open on a marker only
    b[f] = FORGET_BIAS  # forget gate: f ≈ 1 at every step
    Wx[m, o], b[o] = -2 * S, -S  # output gate: open on the first and last pairs (m = −1)
    Wx[v, g] = eps  # candidate: ε v_t
    Wh = np.zeros((1, 4))  # no recurrence but the cell state's own
    Wy = np.array([[1.0 / (4 * eps * sigmoid(S) ** 2)]])  # undo ε and the two gates' σ(S)
    by = np.array([0.5])
    return train.Model(LSTMParams(Wx, Wh, b), Wy, by)


SCALES_TRIED = (0.3, 1.0)
"""Larger candidate weights ε than `SCALE`, whose test errors show why ε is small: the larger ε,
the further C̃_t = tanh(ε v_t) and tanh(C_T) stray from straight lines."""


@dataclass(frozen=True)
class Errors:
    """A model's errors on the test set: ``sequences`` tested, ``wrong`` (|error| ≥ 0.04 at the
    last step, the task's criterion), the mean and the largest absolute error, and the mean
    squared error (the experiments' ``test_mse``)."""

    sequences: int
    wrong: int
    mean_abs: float
    max_abs: float
    mse: float


def test_errors(model: train.Model) -> Errors:
    """``model`` on `test_set`, through `lstm_explainer.train.predict` (the code that tests the
    experiments' runs)."""
    adding = task()
    errors, wrong = [], 0
    for batch in test_set():
        out = train.predict(model, batch.x, adding.loss)  # (N, T, 1)
        errors.append(out[:, -1, 0] - batch.y[:, -1, 0])
        wrong += int(np.sum(~adding.correct(out, batch)))
    e = np.abs(np.concatenate(errors))  # (2560,)
    return Errors(len(e), wrong, float(e.mean()), float(e.max()), float(np.mean(e**2)))


@functools.cache
def handwired_errors() -> Errors:
    """`test_errors` of `handwired_model`, once per process."""
    return test_errors(handwired_model())


def rnn_state_share(w: float, u: float = SCALE, sequences: int = TEST_SEQUENCES) -> float:
    r"""How much of a one-unit tanh RNN's final state the two marked values explain.

    The RNN of the same size as `handwired_model` (H = 1), wired the same way: its input weight
    on the value is u (the hand-wired candidate's ε), on the marker 0, its self-weight w, no
    bias: h_t = tanh(w h_{t−1} + u v_t). Without a gate its input enters at every step, the
    unmarked values as much as the marked ones, so h_T mixes X1 + X2 with every other value.
    A weight on the marker would not help: it only moves tanh's working point a_t, and
    ∂h_t/∂v_t = u tanh′(a_t) and ∂h_t/∂h_{t−1} = w tanh′(a_t) share the factor tanh′(a_t), so
    at every step, marked or not, a new value weighs u/w against what the unit holds; shutting
    the input (tanh′ → 0, saturation) shuts out the memory too.

    Returns the R² of the best straight line from h_T to X1 + X2 over the first ``sequences``
    of the test set (1: the sum could be read out exactly; 0: h_T says nothing of it).
    """
    Wx = np.array([[u], [0.0]])  # (2, 1): the value, the marker
    layer = RNNParams(Wx, np.array([[w]]), np.zeros(1))
    hT, total = [], []
    for batch in test_set():
        h, _ = rnn_forward(batch.x, layer)  # (N, T, 1)
        hT.append(h[:, -1, 0])
        total.append(4 * (batch.y[:, -1, 0] - 0.5))  # X1 + X2
    x, y = np.concatenate(hT)[:sequences], np.concatenate(total)[:sequences]
    return float(np.corrcoef(x, y)[0, 1] ** 2)


HOLD_VALUE = 0.01
"""A small value, in tanh's nearly linear range, that `rnn_hold_share` stores in a one-unit RNN."""
HOLD_STEPS = 100
"""The steps `rnn_hold_share` holds it for: the adding problem's T."""


def rnn_hold_share(w: float = 1.0, value: float = HOLD_VALUE, steps: int = HOLD_STEPS) -> float:
    """The share of a lone ``value`` that a one-unit tanh RNN with self-weight ``w`` and no input,
    h_t = tanh(w h_{t−1}) from h_0 = ``value``, still holds after ``steps`` steps: h_steps / h_0.

    What a tanh RNN *can* do: with w = 1 and a small value, tanh(h) ≈ h − h³/3 loses almost
    nothing (about 0.3 % of 0.01 over 100 steps). What it cannot do is `rnn_state_share`: let
    two chosen values in and keep the others out.
    """
    h = value
    for _ in range(steps):
        h = float(np.tanh(w * h))
    return h / value


RNN_SELF_WEIGHTS = tuple(round(0.1 * k, 1) for k in range(16))
"""The self-weights w that `rnn_best_share` tries: 0 … 1.5 (vanishing below 1, saturating above)."""
RNN_INPUT_WEIGHTS = (0.01, 0.1, 0.3, 1.0, 3.0)
"""The input weights u it tries: from tanh's linear range (0.01) to its saturation (3)."""


@functools.cache
def rnn_best_share() -> tuple[float, float, float]:
    """``(R², w, u)``: the largest `rnn_state_share` over `RNN_SELF_WEIGHTS` × `RNN_INPUT_WEIGHTS`,
    and where it is reached (measured: about 0.04, at w = 1.1, u = 0.01, a unit on the edge of
    saturation whose sign the first values set)."""
    return max((rnn_state_share(w, u), w, u) for u in RNN_INPUT_WEIGHTS for w in RNN_SELF_WEIGHTS)
