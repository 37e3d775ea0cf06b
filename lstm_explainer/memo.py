"""A disk memo for `lstm_explainer.train.train`, shared by the site's notebooks across languages.

The six languages' notebooks train the same models with the same seeds: their code is the same
token for token but for strings and comments. The site's build executes each notebook with this
memo installed (`install`) in a folder keyed by the package's content, so that the first
language trains and the others read the result back, with the state in which training left the
random generator and the optimizer: byte for byte what training would have given, and the cells
that follow draw the same numbers. A call with a ``callback`` (side effects) is never memoised.
Readers who run a notebook themselves train for real: nothing here is installed by default.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

_PROTOCOL = 5


def _key(model, task, rng, options: dict) -> str:
    """A hash of everything a training run depends on: the model's weights, the task, the random
    generator's state and the options (the optimizer with its own state)."""
    state = (model, task, rng.bit_generator.state, sorted(options.items()))
    return hashlib.sha256(pickle.dumps(state, protocol=_PROTOCOL)).hexdigest()


def install(folder: str | os.PathLike) -> None:
    """Make `train.train` read and write its results under ``folder`` (one file a call).

    The folder must be keyed by the code that trains (the build uses the package's content key):
    a result is reused only for the same inputs, never across versions of the package."""
    from . import train

    if hasattr(train.train, "memo_folder"):  # installed already: point it at this folder
        train.train.memo_folder = Path(folder)
        return
    original = train.train

    @functools.wraps(original)
    def memoised(model, task, *, rng, callback=None, **options):
        if callback is not None:
            return original(model, task, rng=rng, callback=callback, **options)
        file = Path(memoised.memo_folder) / f"{_key(model, task, rng, options)}.pickle"
        optimizer = options.get("optimizer")
        if file.exists():
            result, rng_state, optimizer_state = pickle.loads(file.read_bytes())
            rng.bit_generator.state = rng_state
            if optimizer is not None:
                vars(optimizer).update(optimizer_state)
            return result
        result = original(model, task, rng=rng, **options)
        saved = (result, rng.bit_generator.state, None if optimizer is None else vars(optimizer))
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f"{file.name}.tmp-{os.getpid()}")
        partial.write_bytes(pickle.dumps(saved, protocol=_PROTOCOL))
        partial.replace(file)  # whole or absent, even with two builds at once
        return result

    memoised.memo_folder = Path(folder)  # type: ignore[attr-defined]
    train.train = memoised
