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

Adding a claim: in the module of its topic (`demonstrations`, `experiments`, `gates`),
write a function returning ``(holds, measured)`` under ``@register(id, statement)``,
cite the id where the original (Portuguese) page or figure makes the statement; the translations
carry the same shortcodes (the drift tests compare them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


def register(claim_id: str, statement: str):
    """Register the decorated ``() -> (holds, measured)`` as the check of claim ``claim_id``."""

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


# The claims, by topic; importing each module registers its claims.
from . import demonstrations, experiments, gates  # noqa: E402, F401
