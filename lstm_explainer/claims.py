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
    "lstm-cell-path-ends-below",
    "in every LSTM of the gradient-decay figure, the cell-state path ∏ f_t ends 10× or more "
    "below ‖∂h_T/∂h_k‖",
)
def _():
    ends = {b: [c.values[T] for c in demos.lstm_flow(b)] for b in demos.FORGET_BIASES}
    measured = {
        f"{name}, b_f = {b:g}": v
        for b, pair in ends.items()
        for name, v in zip(("‖∂h_T/∂h_k‖", "∏ f_t"), pair, strict=True)
    }
    return all(path * 10 <= dh for dh, path in ends.values()), measured


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

PAPER_WRONG = 3
"""Hochreiter & Schmidhuber (1997) on the adding problem: "there were never more than 3
incorrectly processed sequences" of the 2,560 test sequences."""


def _ex():
    from . import experiments

    return experiments


def _runs(name: str, cell_setup: str | None = None, **config) -> list[dict]:
    return _ex().runs(name, cell_setup, **config)


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


def _every_run_solves(name: str, cell_setup: str) -> tuple[bool, dict[str, float]]:
    found = _runs(name, cell_setup)
    solved = sum(r["solved"] for r in found)
    return solved == len(found), {"runs": len(found), "met the criterion": solved}


def _fewer_than_paper(name: str, cell_setup: str = "lstm") -> tuple[bool, dict[str, float]]:
    """The mean sequences to the criterion below the paper's mean, every run counted: a run that
    missed its budget counts with its whole budget (at least what it would have needed)."""
    found = _runs(name, cell_setup)
    seen = [r["sequences_to_criterion"] or r["sequences_seen"] for r in found]
    paper = _ex().PAPER[name]["sequences"]
    return sum(seen) / len(seen) < paper, {
        "mean (misses at their budget)": sum(seen) / len(seen),
        "paper": paper,
    }


for _name in ("adding-100", "adding-500", "temporal-order"):
    for _s in ("lstm", "1997"):
        _claim(f"{_name}-{_s}-solves", f"{_name}: every run of the {_s} cell meets the 1997 criterion")(
            lambda n=_name, c=_s: _every_run_solves(n, c)
        )


@_claim(
    "temporal-order-lstm-fewer-than-paper", "temporal-order: the LSTM's mean sequences are below the paper's"
)
def _():
    return _fewer_than_paper("temporal-order")


def _one_miss(name: str, cell_setup: str) -> tuple[bool, dict[str, float]]:
    """Every run of one cell but one meets the criterion; that one ends no better than answering
    the mean (its windowed loss at least 0.9 times the mean's error, 95% as many test errors)."""
    found = _runs(name, cell_setup)
    missed = [r for r in found if not r["solved"]]
    if len(missed) != 1:
        return False, {"runs": len(found), "missed": len(missed)}
    run = missed[0]
    loss, wrong = run["final_loss"] / run["baseline_test_mse"], run["test_wrong"] / run["baseline_test_wrong"]
    return loss >= 0.9 and wrong >= 0.95, {"runs": len(found), "loss / mean's": loss, "wrong / mean's": wrong}


for _s in ("lstm", "1997"):
    _claim(
        f"adding-1000-{_s}-one-miss",
        f"adding-1000: every {_s} run but one meets the criterion; that one ends no better than the mean",
    )(lambda c=_s: _one_miss("adding-1000", c))


def _mean_sequences(name: str, cell_setup: str) -> float:
    """The mean sequences to the criterion over every run, a miss counted at its budget."""
    found = _runs(name, cell_setup)
    return float(np.mean([r["sequences_to_criterion"] or r["sequences_seen"] for r in found]))


def _fewer_than_lstm(name: str) -> tuple[bool, dict[str, float]]:
    means = {c: _mean_sequences(name, c) for c in ("1997", "lstm")}
    return means["1997"] < means["lstm"], means


for _name in ("adding-100", "adding-500"):
    _claim(f"{_name}-1997-fewer-than-lstm", f"{_name}: the 1997 cell needs fewer sequences on average")(
        lambda n=_name: _fewer_than_lstm(n)
    )


@_claim(
    "adding-1000-1997-slower",
    "adding-1000: the 1997 cell's finished runs needed more sequences than the LSTM's",
)
def _():
    done = {
        c: [r["sequences_to_criterion"] for r in _runs("adding-1000", c) if r["solved"]]
        for c in ("1997", "lstm")
    }
    means = {c: float(np.mean(v)) for c, v in done.items()}
    return means["1997"] > means["lstm"], means


@_claim(
    "adding-500-lstm-slowest-above-paper",
    "adding-500: the LSTM's slowest seed needs more than the paper's mean",
)
def _():
    slowest = max(r["sequences_to_criterion"] or r["sequences_seen"] for r in _runs("adding-500", "lstm"))
    paper = _ex().PAPER["adding-500"]["sequences"]
    return slowest > paper, {"slowest": slowest, "paper": paper}


@_claim(
    "adding-100-lstm-wrong-above-paper",
    "adding-100: some LSTM run gets more test sequences wrong than the paper's 3, and most stay within",
)
def _():
    wrong = [r["test_wrong"] for r in _runs("adding-100", "lstm")]
    within = sum(w <= PAPER_WRONG for w in wrong)
    return max(wrong) > PAPER_WRONG and within > len(wrong) / 2, {"worst": max(wrong), "within 3": within}


@_claim("adding-lstm-fewer-than-paper", "at T = 100 and 500 the LSTM's mean is below the paper's")
def _():
    verdicts = {name: _fewer_than_paper(name) for name in ("adding-100", "adding-500")}
    return all(v for v, _ in verdicts.values()), {
        f"{name}: {k}": x for name, (_, m) in verdicts.items() for k, x in m.items()
    }


@_claim(
    "adding-100-rnn-no-better-than-mean",
    "adding-100: no RNN run meets the criterion, ends below the mean's error or gets 5% fewer test "
    "sequences wrong",
)
def _():
    found = _runs("adding-100", "rnn")
    loss = min(r["final_loss"] / r["baseline_test_mse"] for r in found)
    wrong = min(r["test_wrong"] / r["baseline_test_wrong"] for r in found)
    holds = not any(r["solved"] for r in found) and loss >= 1 and wrong >= 0.95
    return holds, {"smallest final loss / mean's error": loss, "smallest test wrong / mean's": wrong}


@_claim(
    "temporal-order-rnn-fails",
    "no RNN run meets the criterion; each gets every test sequence wrong and ends within 5% of ln 4",
)
def _():
    found = _runs("temporal-order", "rnn")
    every = all(r["test_wrong"] == r["test_sequences"] for r in found)
    far = max(abs(r["final_loss"] / math.log(4) - 1) for r in found)
    return not any(r["solved"] for r in found) and every and far < 0.05, {"largest |loss / ln 4 - 1|": far}


def _marked(cell_setup: str) -> list[float]:
    return list(_ex().one("adding-100", cell_setup, seed=_ex().PROFILE_SEED)["marked_ratio"].values())


@_claim(
    "profile-rnn-far-below",
    "at every snapshot the RNN's gradient at the marked steps is 9 orders or more below",
)
def _():
    worst = max(_marked("rnn"))
    return worst <= 1e-9, {"largest ratio marked/last": worst}


@_claim(
    "profile-rnn-end-zero",
    "after training, the RNN's gradient is exactly 0 in float64 at the marked steps and over the whole "
    "first half of the sequence, where both marks are",
)
def _():
    last = _marked("rnn")[-1]
    *_, end = _ex().one("adding-100", "rnn", seed=_ex().PROFILE_SEED)["profiles"].values()
    half = max(end[: len(end) // 2])
    return last == 0.0 and half == 0.0, {"ratio marked/last": last, "largest norm, first half": half}


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
    run = _ex().one("adding-100", "lstm", seed=_ex().PROFILE_SEED)
    at = [int(k) for k in run["marked_ratio"]]
    holds = max(at[:-1]) < run["sequences_to_criterion"] == at[-1]
    return holds, {"last snapshot before": max(at[:-1]), "criterion": run["sequences_to_criterion"] or -1}


def _forget(placement: str, b: float) -> list[dict]:
    return _runs("forget-bias", layer={"forget_bias": b}, task_options={"placement": placement})


@_claim(
    "forget-bias-1997-low-stays",
    "1997 placement: no run with b_f = 0, 1 or 2 meets the criterion, each at the error of answering "
    "the mean",
)
def _():
    found = [r for b in (0.0, 1.0, 2.0) for r in _forget("1997", b)]
    verdicts = [_at_mean(r)[0] and not r["solved"] for r in found]
    return all(verdicts), {"runs": len(found), "at the mean, unsolved": sum(verdicts)}


@_claim("forget-bias-1997-4-learns", "1997 placement: every run with b_f = 4 meets the criterion")
def _():
    found = _forget("1997", 4.0)
    return all(r["solved"] for r in found), {"runs": len(found), "solved": sum(r["solved"] for r in found)}


@_claim("forget-bias-halves-learn", "one marker in each half: every run meets the criterion, whatever b_f")
def _():
    found = [r for b in (0.0, 1.0, 2.0, 4.0) for r in _forget("halves", b)]
    return all(r["solved"] for r in found), {"runs": len(found), "solved": sum(r["solved"] for r in found)}


@_claim(
    "forget-bias-halves-faster", "one marker in each half: the larger b_f, the fewer sequences on average"
)
def _():
    means = {
        f"b_f = {b:g}": np.mean(
            [r["sequences_to_criterion"] or r["sequences_seen"] for r in _forget("halves", b)]
        )
        for b in (0.0, 1.0, 2.0, 4.0)
    }
    values = list(means.values())
    return all(a > b for a, b in itertools.pairwise(values)), means


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


# ---- the hand-wired LSTM (lstm_explainer.handwired) and the trained one, gate by gate (gates) -----


def _hw():
    from . import handwired

    return handwired


def _gates():
    from . import gates

    return gates


@_claim("handwired-solves", "the hand-wired LSTM gets every test sequence of the adding problem right")
def _():
    e = _hw().handwired_errors()
    return e.wrong == 0 and e.max_abs < _hw().task().tolerance, {
        "sequences": e.sequences,
        "wrong": e.wrong,
        "largest |error|": e.max_abs,
    }


@_claim(
    "handwired-beats-trained",
    "the hand-wired cell's largest test error is below the trained network's (one cell, set by hand)",
)
def _():
    hand, trained = _hw().handwired_errors(), _hw().test_errors(_gates().trained_model())
    return hand.max_abs < trained.max_abs, {"hand-wired": hand.max_abs, "trained": trained.max_abs}


@_claim(
    "handwired-holds-the-sum",
    "the hand-wired cell's C_T holds X1 + X2 and nothing else (R² above 0.999, all of it written on "
    "the markers)",
)
def _():
    s = _gates().handwired_stats()
    return s.r2[0] > 0.999 and abs(s.marked_share[0] - 1) < 1e-3, {
        "R²": s.r2[0],
        "share written on the markers": s.marked_share[0],
    }


@_claim(
    "trained-within-tolerance",
    "the trained network's largest error on the test set is below the task's tolerance (0.04)",
)
def _():
    trained = _hw().test_errors(_gates().trained_model())
    return trained.wrong == 0 and trained.max_abs < _hw().task().tolerance, {
        "largest |error|": trained.max_abs,
        "wrong": trained.wrong,
    }


@_claim(
    "rnn-wired-cannot-select",
    "a one-unit tanh RNN wired like the hand-wired cell ends, for every weight tried, in a state that "
    "explains under 5% of the variance of X1 + X2",
)
def _():
    r2, w, u = _hw().rnn_best_share()
    return r2 < 0.05, {"largest R²": r2, "at w": w, "at u": u}


@_claim(
    "trained-input-opens-on-markers",
    "in the trained network a few cells (not most) open their input gate on the markers and keep it "
    "nearly shut elsewhere",
)
def _():
    g = _gates()
    s = g.trained_stats()
    opening = g.opening_cells(s)
    H = len(s.i_marked)
    return 1 <= len(opening) <= H // 2 and bool(np.all(s.i_unmarked[opening] < 0.05)), {
        "cells that open": len(opening),
        "of": H,
        "smallest mean i on the markers": float(s.i_marked[opening].min()) if len(opening) else 0.0,
        "largest mean i elsewhere": float(s.i_unmarked[opening].max()) if len(opening) else 0.0,
    }


@_claim(
    "trained-forget-near-not-one",
    "the trained forget gates average above 0.97 in every cell, yet no cell keeps three quarters of "
    "what it held after the first marker until the end",
)
def _():
    s = _gates().trained_stats()
    return bool(s.f_mean.min() > 0.97 and s.kept.max() < 0.75), {
        "smallest mean f": float(s.f_mean.min()),
        "largest share kept": float(s.kept.max()),
    }


@_claim(
    "trained-output-half-open",
    "the trained output gates stay partly open at every step: every cell's mean o_t over the test "
    "set lies between 0.25 and 0.75, where the hand-wired cell's is near 0 (open on the end pairs only)",
)
def _():
    g = _gates()
    o, hand = g.trained_stats().o_mean, g.handwired_stats().o_mean
    return bool(o.min() > 0.25 and o.max() < 0.75 and hand.max() < 0.1), {
        "smallest mean o": float(o.min()),
        "largest mean o": float(o.max()),
        "hand-wired mean o": float(hand.max()),
    }


@_claim(
    "trained-carrier-in-between",
    "exactly one trained cell that carries the sum neither opens its input gate on the markers nor "
    "got the sum elsewhere: its input gate is more open on the markers than on the other pairs, "
    "and a tenth or more of the sum was written there",
)
def _():
    g = _gates()
    s = g.trained_stats()
    _, _, rest = g.carriers_by_origin(s)
    holds = len(rest) == 1 and all(
        s.i_marked[k] > s.i_unmarked[k] and s.marked_share[k] >= g.CLOSED_SHARE for k in rest
    )
    measured = {"cells in between": len(rest)}
    for k in rest:
        measured |= {
            f"cell {k + 1}: i on the markers": s.i_marked[k],
            f"cell {k + 1}: i elsewhere": s.i_unmarked[k],
            f"cell {k + 1}: share written on the markers": s.marked_share[k],
        }
    return holds, measured


@_claim(
    "trained-sum-through-recurrence",
    "in the trained network some cells carry X1 + X2 at the end (R² above 0.9) though under a tenth "
    "of it was written on the markers: it came in through h_{t-1} W_h",
)
def _():
    g = _gates()
    s = g.trained_stats()
    carriers = g.carrying_cells(s)
    closed = g.carrying_from_elsewhere(s)
    return len(closed) >= 2, {
        "cells that carry the sum": len(carriers),
        "of them, not from the markers": len(closed),
    }


@_claim(
    "trained-shown-cells",
    "of the trained cells the gate-trace figure shows, the first two open their input gate on the "
    "markers; the third does not (its i is lower there than elsewhere), yet carries the sum at the end, "
    "under a tenth of it written on the markers",
)
def _():
    g = _gates()
    s = g.trained_stats()
    shown = g.cells_that_matter(s)
    opening = set(g.opening_cells(s).tolist())
    third = shown[2]
    closed = s.i_marked[third] < s.i_unmarked[third] and abs(s.marked_share[third]) < 0.1
    return set(shown[:2]) <= opening and closed and s.r2[third] > g.CARRIES, {
        **{f"cell {g.label(k)}: i on markers": float(s.i_marked[k]) for k in shown},
        **{f"cell {g.label(k)}: i elsewhere": float(s.i_unmarked[k]) for k in shown},
        f"cell {g.label(third)}: R²": float(s.r2[third]),
        f"cell {g.label(third)}: share written on the markers": float(s.marked_share[third]),
    }


@_claim(
    "trained-shown-one-carrier",
    "of the two trained cells the gate-trace figure shows that open their input gate on the markers, "
    "the first carries the sum at the end (R² above 0.9), the second does not",
)
def _():
    g = _gates()
    s = g.trained_stats()
    first, second = g.cells_that_matter(s)[:2]
    return bool(s.r2[first] > g.CARRIES >= s.r2[second]), {
        f"cell {g.label(first)}: R²": s.r2[first],
        f"cell {g.label(second)}: R²": s.r2[second],
    }


@_claim(
    "handwired-scale-matters",
    "larger candidate weights ε than the hand-wired 0.1 get test sequences wrong, the more the larger ε "
    "(tanh's curvature)",
)
def _():
    wrong = {eps: _hw().test_errors(_hw().handwired_model(eps)).wrong for eps in _hw().SCALES_TRIED}
    first, second = (wrong[eps] for eps in _hw().SCALES_TRIED)
    return _hw().handwired_errors().wrong == 0 < first < second, {
        **{f"wrong at ε = {eps:g}": n for eps, n in wrong.items()},
        f"wrong at ε = {_hw().SCALE:g}": _hw().handwired_errors().wrong,
    }


@_claim(
    "rnn-wired-holds-a-lone-value",
    "a one-unit tanh RNN with self-weight 1 and no input keeps more than 99% of a lone small value over "
    "the adding problem's 100 steps",
)
def _():
    share = _hw().rnn_hold_share()
    return share > 0.99, {"share kept": share}


# ---- memory and gradient, one product; what vanishes in the RNN --------------------------------


@_claim(
    "memory-time-constant",
    "with f = 0.9 and 0.99, f^n ≈ e^(−n/τ) with τ = 1/(1 − f): τ is within 6% of −1/ln f, and after τ "
    "steps f^τ is within 0.03 of 1/e",
)
def _():
    from .numbers import MEMORY_FORGET_VALUES

    tau = {f: 1 / (1 - f) for f in MEMORY_FORGET_VALUES}
    gap = max(abs(tau[f] * -math.log(f) - 1) for f in MEMORY_FORGET_VALUES)
    off = max(abs(f ** round(tau[f]) - math.exp(-1)) for f in MEMORY_FORGET_VALUES)
    return gap < 0.06 and off < 0.03, {"largest |τ / (−1/ln f) − 1|": gap, "largest |f^τ − 1/e|": off}


@_claim(
    "adding-100-rnn-gradient-stays",
    "adding-100: every RNN run's first minibatch error is at least 5 times the error of answering the "
    "mean, its final error within 2.5 times it; its whole gradient's median norm over the second half of "
    "training stays above 0.1",
)
def _():
    from .numbers import _rnn_curve

    found = _runs("adding-100", "rnn")
    start = min(_rnn_curve(r, "loss", False)[0] / r["baseline_test_mse"] for r in found)
    near = max(r["final_loss"] / r["baseline_test_mse"] for r in found)
    late = min(float(np.median(_rnn_curve(r, "grad_norm", True))) for r in found)
    return start >= 5 and near <= 2.5 and late > 0.1, {
        "smallest first error / mean's": start,
        "largest final error / mean's": near,
        "smallest median gradient norm, second half": late,
    }
