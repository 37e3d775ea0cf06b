"""The experiments' configuration: what each run trains, on what, for how long.

`EXPERIMENTS` maps an experiment's name to its runs (`Run`); `CLIPPING` names the clipping
experiment's three settings. Changing anything here changes the stored results' key
(`lstm_explainer.experiments.store.key`), so the site refuses the old results until they are
recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """One training run: ``cell`` on ``task`` (a name of `lstm_explainer.tasks.TASKS` and its
    options), a layer of ``H`` units with ``layer`` options, Adam at ``lr`` or SGD, ``clip``;
    it diverges when ‖θ‖ grows beyond ``max_weight_growth`` times its start (see
    `lstm_explainer.train.train`)."""

    label: str
    cell: str
    task: str
    task_options: dict = field(default_factory=dict)
    H: int = 16
    layer: dict = field(default_factory=dict)
    optimizer: str = "adam"
    lr: float = 0.01
    batch_size: int = 32
    clip: float | None = 1.0
    max_sequences: int = 100_000
    seed: int = 0
    max_weight_growth: float | None = None
    profile_at: tuple[int, ...] = ()  # sequences seen at which to record ‖∂L/∂h_k‖ (and at the end)
    flow: bool = False  # record ‖∂h_T/∂h_k‖ against T − k at the start and at the end


PROBE_SEQUENCES = 256
"""Sequences of the probe batch (drawn apart from training and test) on which a run's gradient
profiles, marked-position ratios and ‖∂h_T/∂h_k‖ are measured."""
FINAL_WINDOW = 1024
"""Sequences over which a run's final training loss is averaged (32 minibatches of 32)."""


_ADD = {"T": 100}
# Measured while choosing the set-ups (T = 100, H = 16, Adam 0.01, batch 32): with b_f = 1 the
# LSTM stayed on the 0.042 plateau of predicting the mean for 600,000 sequences (f ≈ 0.73 at the
# start: the signal of X1 fades as 0.73^90); with b_f = 4 it reached MSE 7e-5 and 5 of 2,560 test
# errors after 150,000 sequences (79 s), short of the criterion's 2,000 solved in a row.
_LSTM = {"forget_bias": 4.0}
CLIPPING = {"control": (0.9, None), "plain": (3.0, None), "clipped": (3.0, 10.0)}
"""The clipping experiment's three settings: name -> (σ_max(W_h), clipping threshold or None)."""
EXPERIMENTS: dict[str, list[Run]] = {
    # Hochreiter & Schmidhuber (1997), Experiment 4; the RNN gets the LSTM's budget.
    "adding": [
        Run(
            "LSTM",
            "lstm",
            "adding",
            _ADD,
            layer=_LSTM,
            max_sequences=300_000,
            profile_at=(0, 5_000, 20_000, 60_000),
        ),  # and at the end of training
        Run("RNN", "rnn", "adding", _ADD, max_sequences=300_000, profile_at=(0, 5_000, 20_000, 60_000)),
    ],
    # Experiment 6a of the same paper.
    "temporal-order": [
        Run("LSTM", "lstm", "temporal-order", {"T": 100}, layer=_LSTM, max_sequences=200_000),
        Run("RNN", "rnn", "temporal-order", {"T": 100}, max_sequences=200_000),
    ],
    # Jozefowicz, Zaremba & Sutskever (2015): the forget-gate bias, on the adding problem.
    "forget-bias": [
        Run(f"b_f = {b:g}", "lstm", "adding", _ADD, layer={"forget_bias": b}, max_sequences=200_000)
        for b in (0.0, 1.0, 2.0, 4.0)
    ],
    # Pascanu, Mikolov & Bengio (2013): exploding gradients through time and norm clipping. A tanh
    # RNN with W_h = σ_max · (an orthogonal matrix), trained by plain SGD (Adam would hide the
    # explosion: its steps stay near its learning rate whatever the gradient's size), five seeds:
    # - control, σ_max = 0.9: ‖∂h_T/∂h_k‖ shrinks with the distance T − k; no clipping;
    # - σ_max = 3, the chaotic regime: ‖∂h_T/∂h_k‖ grows about 1.2x a step (10^4.7 at distance 50,
    #   measured: flow_init), the first gradient is ~10^6 and the first step throws the weights
    #   out; once the units saturate their gradient is 0, so the weights stay out and the loss
    #   stays finite: divergence is read from ‖θ‖, not from the loss;
    # - the same with the global norm clipped at 10, above every gradient norm of the control
    #   (at most 4), so clipping acts only on exploding gradients.
    # The step, 0.03, keeps the linear read-out stable even when every unit saturates (SGD on
    # ‖h W_y − y‖² is stable while 2 · lr · ‖h‖² < 2, and ‖h‖² ≤ H = 16); at 0.3 the read-out
    # alone overflowed, whatever σ_max. Divergence: ‖θ‖ above 10 times its start (5.3 to 5.9 for
    # the control, 12.6 to 12.9 for σ_max = 3). Measured: the control and the clipped runs never
    # passed 1.1 times their start; without clipping, σ_max = 3 jumped to 32 to 8,700 times its
    # start in the first update, and its units then saturate for good (1 − h² = 0).
    "clipping": [
        Run(
            f"σ_max {s:g}, clip {c or 'none'}, seed {seed}",
            "rnn",
            "adding",
            {"T": 50},
            layer={"max_singular_value": s},
            optimizer="sgd",
            lr=0.03,
            clip=c,
            max_sequences=60_000,
            max_weight_growth=10.0,
            seed=seed,
            flow=True,
        )
        for s, c in CLIPPING.values()
        for seed in range(5)
    ],
}
"""Experiment name -> its runs."""


def check(name: str) -> list[Run]:
    """The runs of experiment ``name``; ``KeyError`` naming the experiments if there is none."""
    if name not in EXPERIMENTS:
        raise KeyError(f"unknown experiment {name!r}; known experiments: {', '.join(EXPERIMENTS)}")
    return EXPERIMENTS[name]
