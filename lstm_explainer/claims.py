"""The claims the site makes about computed results, each checked over the data it describes.

A number in a sentence comes from `lstm_explainer.numbers`; a *statement* about a result ("the
gradient falls by tens of orders of magnitude", "none of the clipped runs diverges") is a claim
registered here under an id, with a predicate over the same demonstrations and stored experiment
results that the figures and numbers read. A page names the claims its prose makes with
``{{ claim("rnn-vanishes-below-one") }}`` at the end of the sentence (it renders as nothing); a
figure names the claims of its caption and alt text when it is registered
(`lstm_explainer.figures.register`). The build evaluates every claim once, when it generates the
site's content, and a page or figure that cites a claim that no longer holds stops the build,
naming the claim, the page and the measured values.

Adding a claim: write a function returning ``(holds, measured)`` under ``@_claim(id, statement)``,
cite the id where the original (Portuguese) page or figure makes the statement; the translations
carry the same shortcodes (the drift tests compare them).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import demos

Check = Callable[[], tuple[bool, dict[str, float]]]


@dataclass(frozen=True)
class Claim:
    """A statement about a computed result and the predicate that checks it."""

    id: str
    statement: str  # what the prose says, in English, for error messages and the API page
    check: Check


@dataclass(frozen=True)
class Verdict:
    """A claim's evaluation: whether it holds and the values it was judged on."""

    holds: bool
    measured: dict[str, float]


CLAIMS: dict[str, Claim] = {}


def _claim(claim_id: str, statement: str):
    def deco(check: Check) -> Check:
        if claim_id in CLAIMS:
            raise RuntimeError(f"claim {claim_id!r} is registered twice")
        CLAIMS[claim_id] = Claim(claim_id, statement, check)
        return check

    return deco


def claim(claim_id: str) -> Claim:
    """The claim registered under ``claim_id``; ``KeyError`` naming the known ids if none."""
    try:
        return CLAIMS[claim_id]
    except KeyError:
        raise KeyError(f"unknown claim {claim_id!r}; known claims: {', '.join(CLAIMS)}") from None


def evaluate(claim_id: str) -> Verdict:
    """Check claim ``claim_id`` against the data now."""
    holds, measured = claim(claim_id).check()
    return Verdict(bool(holds), {k: float(v) for k, v in measured.items()})


def failure(claim_id: str, statement: str, measured: dict[str, float], where: str) -> str:
    """The message of a build stopped by a claim that does not hold."""
    values = ", ".join(f"{k} = {v:.4g}" for k, v in measured.items())
    return f"{where}: the claim {claim_id!r} does not hold ({statement}); measured: {values}"


def _rate(values, near: int, far: int) -> float:
    """The mean growth factor per step of a curve between distances ``near`` and ``far``."""
    return (values[far] / values[near]) ** (1 / (far - near))


# ---- the demonstrations (lstm_explainer.demos): gradient decay and the forget gate -----------------

T = demos.T


@_claim(
    "rnn-below-bound",
    "every RNN curve stays under its Pascanu bound; at ρ = 0.9 and 50 steps, 10× under",
)
def _():
    worst = max(float((demos.rnn_decay(r).values / demos.rnn_decay(r).bound).max()) for r in demos.RADII)
    at = demos.rnn_decay(0.9).values[50] / demos.rnn_decay(0.9).bound[50]
    return worst <= 1 + 1e-9 and at < 0.1, {"max value/bound": worst, "value/bound at 0.9, 50": at}


@_claim(
    "rnn-vanishes-below-one",
    "with σ_max(W_h) = 0.5, 0.9 and 1 the RNN's curve falls by ten orders or more",
)
def _():
    far = {f"ρ = {r:g}": demos.rnn_decay(r).values[T] for r in demos.RADII if r <= 1}
    return max(far.values()) < 1e-10, far


@_claim(
    "rnn-explodes-above-one",
    "with σ_max(W_h) = 2 and 3 the RNN's curve grows exponentially with the distance",
)
def _():
    rates = {
        f"growth per step, ρ = {r:g}": _rate(demos.rnn_decay(r).values, demos.GROWTH_FROM, T)
        for r in demos.RADII
        if r > 1
    }
    return min(rates.values()) > 1.05, rates


@_claim("lstm-bias-orders-decay", "the larger the LSTM's forget-gate bias, the slower its curve decays")
def _():
    far = {f"b_f = {b:g}": demos.lstm_decay(b).values[T] for b in demos.FORGET_BIASES}
    values = list(far.values())
    return all(a < b for a, b in itertools.pairwise(values)), far


@_claim("lstm-bf0-below-rnn", "the LSTM with b_f = 0 ends lower than the RNN with σ_max(W_h) = 0.9")
def _():
    lstm, rnn = demos.lstm_decay(0.0).values[T], demos.rnn_decay(0.9).values[T]
    return lstm < rnn, {"LSTM b_f = 0": lstm, "RNN ρ = 0.9": rnn}


@_claim(
    "lstm-bf3-order-one",
    "with b_f = 3 the LSTM's curve stays within a factor 10 of 1 over the whole window",
)
def _():
    v = demos.lstm_decay(3.0).values
    return 0.1 <= v.min() and v.max() <= 10, {"min": v.min(), "max": v.max()}


@_claim(
    "lstm-bf3-grows-slowly",
    "with b_f = 3 the LSTM's curve grows from GROWTH_FROM steps to T, by less than 5% a step",
)
def _():
    rate = _rate(demos.lstm_decay(3.0).values, demos.GROWTH_FROM, T)
    return 1 < rate < 1.05, {"growth per step": rate}


@_claim(
    "lstm-bf3-grows-in-longer-windows",
    "over the sliders' longest window the b_f = 3 curve keeps growing, slowly: higher than at T, under 100",
)
def _():
    from .explore import STEPS

    v = demos.lstm_decay(3.0, max(STEPS)).values
    return v[T] < v[-1] < 100, {f"at {T}": v[T], f"at {max(STEPS)}": v[-1]}


@_claim(
    "lstm-bf3-not-cell-path",
    "with b_f = 3 the LSTM's curve is not the cell-state path: ∏ f_t ends 10× or more below ‖∂h_T/∂h_k‖",
)
def _():
    dh, path = (c.values[T] for c in demos.lstm_flow(3.0))
    return path * 10 <= dh, {"‖∂h_T/∂h_k‖": dh, "∏ f_t": path}


@_claim(
    "rnn-saturates-just-above-one",
    "with σ_max(W_h) just above 1 (the interactive grid, below 2) the RNN's curve still ends below 1",
)
def _():
    from .explore import RADII

    far = {f"ρ = {r:g}": demos.rnn_decay(r).values[T] for r in RADII if 1 < r < 2}
    return len(far) > 0 and max(far.values()) < 1, far


@_claim("lstm-bf0-gates-near-half", "with b_f = 0 the LSTM's forget gates average between 0.45 and 0.55")
def _():
    from .init import init_lstm
    from .lstm import lstm_forward

    params = init_lstm(1, demos.H, rng=np.random.default_rng(demos.SEED), forget_bias=0.0)
    _, cache = lstm_forward(demos._inputs(T), params)
    f = cache.gate("f")[:, demos.BURN_IN :]
    return 0.45 <= f.mean() <= 0.55, {"mean f": f.mean(), "min f": f.min(), "max f": f.max()}


@_claim(
    "cell-path-exact-1997",
    "without a forget gate (f ≡ 1) the cell-state path is exactly 1 at every distance",
)
def _():
    path = demos.cell_flow(None)[1].values
    return bool((path == 1).all()), {"min": path.min(), "max": path.max()}


@_claim(
    "cell-path-like-f",
    "the cell-state path falls like f^(T−k), within (1 ± 0.06)^(T−k) from 50 steps on",
)
def _():
    err = {
        f"f = {f:g}": max(
            abs(math.log(demos.cell_flow(f)[1].values[d]) - d * math.log(f)) / d for d in range(50, T + 1)
        )
        for f in demos.FORGET_VALUES
    }
    falls = all(bool((np.diff(demos.cell_flow(f)[1].values) < 0).all()) for f in demos.FORGET_VALUES)
    return falls and max(err.values()) < math.log(1.06), err


@_claim("cell-total-amplifies", "with f ≡ 1 and f ≈ 0.99 the total dC_T/dC_k grows with the distance")
def _():
    far = {"f ≡ 1": demos.cell_flow(None)[0].values[T], "f ≈ 0.99": demos.cell_flow(0.99)[0].values[T]}
    rate = _rate(demos.cell_flow(None)[0].values, demos.GROWTH_FROM, T)
    return min(far.values()) > 1 and rate > 1, {**far, "growth per step, f ≡ 1": rate}


# ---- the stored experiments (lstm_explainer.experiments): runs picked by their configuration ---------

PAPER_SEQUENCES = {"adding": 74_000, "temporal-order": 31_390}
"""Hochreiter & Schmidhuber (1997): mean sequences to the criterion, adding problem at T = 100
(Table 7) and temporal order, experiment 6a; the paper tests 2,560 sequences and allows 1–3 wrong."""
PAPER_WRONG = 3


def _runs(name: str, **config) -> list[dict]:
    from .experiments import runs

    return runs(name, **config)


def _at_mean(run: dict) -> tuple[bool, dict[str, float]]:
    """A run that answers like the mean: its windowed loss within 10% of the mean predictor's test
    error, and as many test sequences wrong (within 5%)."""
    loss, base = run["final_loss"], run["baseline_test_mse"]
    wrong, base_wrong = run["test_wrong"], run["baseline_test_wrong"]
    holds = abs(loss / base - 1) < 0.1 and abs(wrong / base_wrong - 1) < 0.05
    return holds, {
        "final loss": loss,
        "mean predictor's error": base,
        "test wrong": wrong,
        "mean predictor's test wrong": base_wrong,
    }


def _solves(name: str) -> tuple[bool, dict[str, float]]:
    (run,) = _runs(name, cell="lstm")
    holds = run["solved"] and run["test_wrong"] <= PAPER_WRONG
    return holds, {"sequences": run["sequences_to_criterion"] or -1, "test wrong": run["test_wrong"]}


@_claim(
    "adding-lstm-solves", "the LSTM meets the 1997 criterion on the adding problem, at most 3 test errors"
)
def _():
    return _solves("adding")


@_claim("adding-lstm-more-than-paper", "the LSTM needed more sequences than the 1997 paper's mean")
def _():
    (run,) = _runs("adding", cell="lstm")
    seen = run["sequences_to_criterion"] or run["sequences_seen"]
    return seen > PAPER_SEQUENCES["adding"], {"sequences": seen, "paper": PAPER_SEQUENCES["adding"]}


@_claim("adding-rnn-at-mean", "the vanilla RNN never leaves the error of answering the mean")
def _():
    (run,) = _runs("adding", cell="rnn")
    holds, measured = _at_mean(run)
    return holds and not run["solved"], measured


@_claim(
    "temporal-lstm-solves", "the LSTM meets the 1997 criterion on the temporal order, at most 3 test errors"
)
def _():
    return _solves("temporal-order")


@_claim(
    "temporal-rnn-fails",
    "the vanilla RNN gets every test sequence wrong, like the mean, at the loss of guessing (ln 4 ± 0.05)",
)
def _():
    (run,) = _runs("temporal-order", cell="rnn")
    every = run["test_wrong"] == run["test_sequences"] == run["baseline_test_wrong"]
    guessing = abs(run["final_loss"] - math.log(4)) < 0.05
    return not run["solved"] and every and guessing, {
        "test wrong": run["test_wrong"],
        "final loss": run["final_loss"],
    }


def _marked(cell: str) -> list[float]:
    (run,) = _runs("adding", cell=cell)
    return list(run["marked_ratio"].values())


@_claim(
    "profile-rnn-far-below",
    "at every snapshot the RNN's gradient at the marked steps is 9 orders or more below",
)
def _():
    worst = max(_marked("rnn"))
    return worst <= 1e-9, {"largest ratio marked/last": worst}


@_claim(
    "profile-lstm-reaches",
    "at every snapshot the LSTM's gradient at the marked steps is under 4 orders below",
)
def _():
    least = min(_marked("lstm"))
    return least >= 1e-4, {"smallest ratio marked/last": least}


@_claim(
    "profile-snapshots",
    "the LSTM's first snapshots precede its criterion and the last is taken when it is met",
)
def _():
    (run,) = _runs("adding", cell="lstm")
    at = [int(k) for k in run["marked_ratio"]]
    holds = max(at[:-1]) < run["sequences_to_criterion"] == at[-1]
    return holds, {"last snapshot before": max(at[:-1]), "criterion": run["sequences_to_criterion"] or -1}


@_claim("forget-bias-low-at-mean", "with b_f = 0, 1 and 2 the LSTM stays at the error of answering the mean")
def _():
    verdicts = [_at_mean(r) for b in (0.0, 1.0, 2.0) for r in _runs("forget-bias", layer={"forget_bias": b})]
    return all(v for v, _ in verdicts), {
        f"b_f = {b}: test wrong": m["test wrong"] for b, (_, m) in zip((0, 1, 2), verdicts, strict=True)
    }


@_claim(
    "forget-bias-4-learns",
    "with b_f = 4 the LSTM learns: under 1% of the test wrong, loss 100× under the mean's",
)
def _():
    (run,) = _runs("forget-bias", layer={"forget_bias": 4.0})
    holds = (
        run["test_wrong"] < 0.01 * run["test_sequences"]
        and run["final_loss"] < run["baseline_test_mse"] / 100
    )
    return holds, {"test wrong": run["test_wrong"], "final loss": run["final_loss"]}


def _clipping(setting: str) -> list[dict]:
    from .experiments import clipping_runs

    return clipping_runs(setting)


@_claim(
    "clipping-control-stable", "no control run diverges, and its gradients stay under the clipping threshold"
)
def _():
    from .experiments import CLIPPING

    runs, threshold = _clipping("control"), CLIPPING["clipped"][1]
    worst = max(r["max_grad_norm"] for r in runs)
    return not any(r["diverged"] for r in runs) and worst < threshold, {"largest gradient norm": worst}


@_claim(
    "clipping-flow-explodes",
    "at σ_max(W_h) = 3 ‖∂h_T/∂h_k‖ grows exponentially with T − k; at 0.9 it shrinks",
)
def _():
    grow = [r["flow_init"]["growth_per_step"] for r in _clipping("plain")]
    shrink = [r["flow_init"]["growth_per_step"] for r in _clipping("control")]
    return min(grow) > 1.1 and max(shrink) < 1, {
        "smallest growth, σ_max 3": min(grow),
        "largest growth, σ_max 0.9": max(shrink),
    }


@_claim(
    "clipping-plain-diverges", "every run at σ_max(W_h) = 3 without clipping diverges, at its first update"
)
def _():
    runs = _clipping("plain")
    first = all(r["diverged"] and r["diverged_after_updates"] == 1 for r in runs)
    return first, {
        "diverged": sum(r["diverged"] for r in runs),
        "runs": len(runs),
        "latest update": max(r["diverged_after_updates"] or 0 for r in runs),
    }


@_claim(
    "clipping-clipped-vanishes-at-end",
    "at the end of the clipped runs ‖∂h_T/∂h_k‖ shrinks with T − k (probe)",
)
def _():
    growth = [r["flow_end"]["growth_per_step"] for r in _clipping("clipped")]
    return max(growth) < 1, {"largest growth per step at the end": max(growth)}


@_claim("clipping-clipped-stable", "no run at σ_max(W_h) = 3 with clipping diverges")
def _():
    runs = _clipping("clipped")
    return not any(r["diverged"] for r in runs), {"diverged": sum(r["diverged"] for r in runs)}


@_claim(
    "clipping-clipped-still-clips",
    "in the second half of the clipped runs some minibatches are still clipped",
)
def _():
    counts = [r["late_clipped_updates"] for r in _clipping("clipped")]
    return sum(counts) > 0, {f"seed {i}: clipped minibatches": n for i, n in enumerate(counts)}


@_claim(
    "clipping-clipped-at-mean", "the clipped runs, like the control, end at the error of answering the mean"
)
def _():
    verdicts = [_at_mean(r) for r in (*_clipping("clipped"), *_clipping("control"))]
    return all(v for v, _ in verdicts), {
        f"run {i}: final loss / mean's": m["final loss"] / m["mean predictor's error"]
        for i, (_, m) in enumerate(verdicts)
    }
