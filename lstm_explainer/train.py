"""A small trainer: a recurrent layer with a linear read-out, Adam or SGD, gradient-norm clipping.

The model reads a batch (`lstm_explainer.tasks.Batch`) and outputs, at every step,
``out_t = h_t W_y + b_y`` (regression, ``loss="mse"``) or its softmax (``loss="xent"``);
the loss is taken on the steps the batch's mask marks. `train` runs minibatches until the
task's own criterion holds (Hochreiter & Schmidhuber 1997: the mean training error below the
task's ``stop_error`` and the 2,000 most recent training sequences solved) or a budget of
sequences is spent, and reports the sequences seen and the wall time. Given the same
``rng`` seed, a run is the same to the last bit.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .init import init_lstm, init_rnn
from .lstm import LSTMCache, LSTMParams, lstm_backward, lstm_forward
from .rnn import RNNCache, RNNParams, rnn_backward, rnn_forward
from .tasks import Batch

CELLS = ("lstm", "rnn")


@dataclass(frozen=True)
class Model:
    """A recurrent layer (`LSTMParams` or `RNNParams`) and a read-out ``Wy`` (H, K), ``by`` (K,)."""

    layer: LSTMParams | RNNParams
    Wy: np.ndarray
    by: np.ndarray

    def arrays(self) -> dict[str, np.ndarray]:
        """Every trained array by name: ``Wx``, ``Wh``, ``b``, ``Wy``, ``by``."""
        return {"Wx": self.layer.Wx, "Wh": self.layer.Wh, "b": self.layer.b, "Wy": self.Wy, "by": self.by}

    def replace(self, arrays: dict[str, np.ndarray]) -> Model:
        """A model with the same structure and these arrays."""
        layer = self.layer
        if isinstance(layer, LSTMParams):
            layer = LSTMParams(arrays["Wx"], arrays["Wh"], arrays["b"], layer.variant)
        else:
            layer = RNNParams(arrays["Wx"], arrays["Wh"], arrays["b"])
        return Model(layer, arrays["Wy"], arrays["by"])


def init_model(cell: str, D: int, H: int, K: int, *, rng: np.random.Generator, **layer_options) -> Model:
    """A model whose layer comes from `init_lstm` or `init_rnn` (``layer_options`` go there)."""
    if cell not in CELLS:
        raise KeyError(f"unknown cell {cell!r}; expected one of {', '.join(CELLS)}")
    layer = (init_lstm if cell == "lstm" else init_rnn)(D, H, rng=rng, **layer_options)
    Wy = rng.standard_normal((H, K)) / np.sqrt(H)
    return Model(layer, Wy, np.zeros(K))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _check_loss(loss: str) -> str:
    if loss not in ("mse", "xent"):
        raise ValueError(f"unknown loss {loss!r}; expected 'mse' or 'xent'")
    return loss


def _forward(model: Model, x: np.ndarray, loss: str):
    """(outputs (N, T, K), logits (N, T, K), h (N, T, H), the layer's cache)."""
    cache: LSTMCache | RNNCache
    if isinstance(model.layer, LSTMParams):
        (h, _), cache = lstm_forward(x, model.layer)
    else:
        h, cache = rnn_forward(x, model.layer)
    z = h @ model.Wy + model.by  # (N, T, K)
    return (z if _check_loss(loss) == "mse" else _softmax(z)), z, h, cache


def predict(model: Model, x: np.ndarray, loss: str) -> np.ndarray:
    """The model's outputs (N, T, K) for inputs ``x`` (N, T, D): values, or probabilities (xent)."""
    return _forward(model, x, loss)[0]


def loss_and_grads(model: Model, batch: Batch, loss: str) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
    """The loss on the masked steps, the gradient of every array, and the outputs (N, T, K).

    ``"mse"``: mean over masked steps of ‖out_t − y_t‖²; ``"xent"``: mean over masked steps of
    the cross-entropy of softmax(out_t) against y_t (the returned outputs are then probabilities).
    """
    value, grads, out, _ = _backprop(model, batch, loss)
    return value, grads, out


def _backprop(model: Model, batch: Batch, loss: str):
    """`loss_and_grads`, plus the layer's own gradients (`LSTMGrads` or `RNNGrads`).

    Raises `FloatingPointError` if the loss overflows (weights grown so large that the outputs
    are infinite): a diverged model has no gradient."""
    m = batch.mask[..., None]  # (N, T, 1)
    count = batch.mask.sum()
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below
        out, z, h, cache = _forward(model, batch.x, loss)
        if loss == "mse":
            value = float(np.sum(m * (z - batch.y) ** 2) / count)
        else:
            value = float(-np.sum(m * batch.y * np.log(np.maximum(out, 1e-300))) / count)
    if not np.isfinite(value):
        raise FloatingPointError(f"the loss is {value}: the model's outputs overflowed (it diverged)")
    if loss == "mse":
        dz = 2 * m * (z - batch.y) / count  # (N, T, K)
    else:
        dz = m * (out - batch.y) / count  # softmax and cross-entropy together
    dh = dz @ model.Wy.T  # (N, T, H)
    g = lstm_backward(dh, cache) if isinstance(model.layer, LSTMParams) else rnn_backward(dh, cache)
    dWy = np.einsum("nth,ntk->hk", h, dz)  # (H, K)
    grads = {"Wx": g.dWx, "Wh": g.dWh, "b": g.db, "Wy": dWy, "by": dz.sum(axis=(0, 1))}
    return value, grads, out, g


def clip_by_norm(grads: dict[str, np.ndarray], max_norm: float | None) -> tuple[dict[str, np.ndarray], float]:
    """Gradient-norm clipping (Pascanu, Mikolov & Bengio 2013): rescale all gradients together
    so that their global norm is at most ``max_norm``; return them and the norm before clipping."""
    with np.errstate(over="ignore"):  # an exploding gradient's norm may overflow to inf
        norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    if max_norm is None or norm <= max_norm:
        return grads, norm
    return {k: g * (max_norm / norm) for k, g in grads.items()}, norm


@dataclass
class Adam:
    """Adam (Kingma & Ba 2015) with bias correction."""

    lr: float = 1e-3
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    _m: dict = field(default_factory=dict, repr=False)
    _v: dict = field(default_factory=dict, repr=False)
    _t: int = 0

    def step(self, arrays: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        self._t += 1
        new = {}
        for k, g in grads.items():
            m = self._m[k] = self.beta1 * self._m.get(k, 0.0) + (1 - self.beta1) * g
            v = self._v[k] = self.beta2 * self._v.get(k, 0.0) + (1 - self.beta2) * g * g
            m_hat, v_hat = m / (1 - self.beta1**self._t), v / (1 - self.beta2**self._t)
            new[k] = arrays[k] - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return new


@dataclass
class SGD:
    """Plain stochastic gradient descent."""

    lr: float = 0.1

    def step(self, arrays: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {k: arrays[k] - self.lr * g for k, g in grads.items()}


@dataclass
class TrainLog:
    """What a run did: per minibatch, the sequences seen so far, the loss and the gradient norm
    (before clipping); whether and when the criterion held; the wall time in seconds."""

    sequences: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    grad_norms: list[float] = field(default_factory=list)
    solved: bool = False
    sequences_to_criterion: int | None = None
    weight_norms: list[float] = field(default_factory=list)  # ‖θ‖ of the weights that computed each loss
    diverged: bool = False  # see `train`: the run stopped at the update that diverged
    diverged_after_updates: int | None = None  # updates made, the divergent one included
    diverged_weight_norm: float | None = None  # ‖θ‖ after the divergent update (inf if it overflowed)
    wall_time: float = 0.0


def weight_norm(arrays: dict[str, np.ndarray]) -> float:
    """‖θ‖: the global (Frobenius) norm of all the arrays together, inf if it overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.sqrt(sum(np.sum(a * a) for a in arrays.values())))


def train(
    model: Model,
    task,
    *,
    rng: np.random.Generator,
    max_sequences: int,
    batch_size: int = 32,
    optimizer: Adam | SGD | None = None,
    clip: float | None = 1.0,
    window: int = 2000,
    max_weight_growth: float | None = None,
    callback: Callable[[int, Model], None] | None = None,
) -> tuple[Model, TrainLog]:
    """Train ``model`` on ``task`` until its criterion holds or ``max_sequences`` are seen.

    The criterion (Hochreiter & Schmidhuber 1997): over the ``window`` most recent training
    sequences, every one solved (``task.correct``) and the mean squared error of the outputs at
    the masked steps below ``task.stop_error``. ``callback(sequences_seen, model)``, if given,
    is called before the first minibatch and after every update (for progress, snapshots).

    The run *diverges*, and stops, when an update leaves the weights' global norm ‖θ‖ (see
    `weight_norm`) non-finite or above ``max_weight_growth`` times its value at the start, or
    makes the next loss overflow.
    The update is then not applied: the returned model is the last one before it, and the log
    says after how many updates it happened and how large ‖θ‖ became.
    """
    optimizer = Adam(1e-3) if optimizer is None else optimizer
    log, start = TrainLog(), time.perf_counter()
    recent_ok: deque[bool] = deque(maxlen=window)
    recent_err: deque[float] = deque(maxlen=window)
    seen, before = 0, model
    limit = np.inf if max_weight_growth is None else max_weight_growth * weight_norm(model.arrays())
    if callback is not None:
        callback(seen, model)
    while seen < max_sequences:
        batch = task.sample(batch_size, rng)
        try:
            value, grads, out = loss_and_grads(model, batch, task.loss)
        except FloatingPointError:  # the last update made the outputs overflow: undo it
            log.diverged, log.diverged_after_updates = True, len(log.losses)
            log.diverged_weight_norm, model = weight_norm(model.arrays()), before
            break
        err = np.sum(batch.mask[..., None] * (out - batch.y) ** 2, axis=(1, 2)) / batch.mask.sum(axis=1)
        recent_ok.extend(task.correct(out, batch).tolist())
        recent_err.extend(err.tolist())
        seen += batch_size
        grads, norm = clip_by_norm(grads, clip)
        log.sequences.append(seen)
        log.losses.append(value)
        log.grad_norms.append(norm)
        log.weight_norms.append(weight_norm(model.arrays()))
        if len(recent_ok) == window and all(recent_ok) and np.mean(recent_err) < task.stop_error:
            log.solved, log.sequences_to_criterion = True, seen
            break
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected just below
            arrays = optimizer.step(model.arrays(), grads)
        size = weight_norm(arrays)  # inf or nan if a weight overflowed
        if not (np.isfinite(size) and size <= limit):  # a weight overflowed, or ‖θ‖ out of range
            log.diverged, log.diverged_after_updates, log.diverged_weight_norm = True, len(log.losses), size
            break
        before, model = model, model.replace(arrays)
        if callback is not None:
            callback(seen, model)
    log.wall_time = time.perf_counter() - start
    return model, log


def gradient_norms(model: Model, batch: Batch, loss: str) -> np.ndarray:
    """(N, T): ‖∂L/∂h_t‖ for t = 1 … T, per sequence of the batch."""
    return _backprop(model, batch, loss)[3].dh_norm


def gradient_profile(model: Model, batch: Batch, loss: str) -> np.ndarray:
    """‖∂L/∂h_t‖ for t = 1 … T, averaged over the batch: how far back the loss's gradient reaches."""
    return gradient_norms(model, batch, loss).mean(axis=0)


def assess(
    outputs: Callable[[Batch], np.ndarray],
    task,
    *,
    rng: np.random.Generator,
    sequences: int = 2560,
    batch_size: int = 256,
) -> tuple[int, float]:
    """Of ``outputs(batch)`` (N, T, K) on ``sequences`` fresh test sequences: how many are wrong
    (``task.correct``) and the mean over masked steps of ‖out_t − y_t‖² (the training loss for mse)."""
    wrong, squared, steps = 0, 0.0, 0.0
    for start in range(0, sequences, batch_size):
        batch = task.sample(min(batch_size, sequences - start), rng)
        out = outputs(batch)
        wrong += int(np.sum(~task.correct(out, batch)))
        squared += float(np.sum(batch.mask[..., None] * (out - batch.y) ** 2))
        steps += float(batch.mask.sum())
    return wrong, squared / steps


def evaluate(
    model: Model, task, *, rng: np.random.Generator, sequences: int = 2560, batch_size: int = 256
) -> int:
    """How many of ``sequences`` fresh test sequences the model gets wrong (the papers test 2,560)."""
    return assess(
        lambda b: predict(model, b.x, task.loss), task, rng=rng, sequences=sequences, batch_size=batch_size
    )[0]


def mean_target(task, *, rng: np.random.Generator, sequences: int = 2560) -> np.ndarray:
    """(K,): the mean target at the masked steps of ``sequences`` fresh training sequences, the
    answer of a model that has learnt nothing but the targets' mean (0.5 on the adding problem)."""
    batch = task.sample(sequences, rng)
    return (batch.mask[..., None] * batch.y).sum(axis=(0, 1)) / batch.mask.sum()
