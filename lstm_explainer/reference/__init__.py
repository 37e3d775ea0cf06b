"""Reference cells: the site's equations one line each, in plain numpy, for reading.

Every equation of `lstm_explainer.equations` is read from the docstring of a function here,
and the site's "computed by" links lead here. The layers the package trains with
(`lstm_explainer.lstm`, `lstm_explainer.rnn`, `lstm_explainer.gradflow`) compute the same
numbers with fused kernels; each names the reference it implements and
``tests/test_reference.py`` holds it to that reference (1e-12 relative, float64).

- `lstm_explainer.reference.rnn`: the tanh RNN, one step forward and back, and the loops;
- `lstm_explainer.reference.lstm`: the LSTM with a forget gate and the 1997 cell without;
- `lstm_explainer.reference.jacobians`: one-step Jacobians, their product, the Pascanu bound
  and the cell-state path.

Conventions (the site's notation table): N batch, T time, D input, H hidden; row vectors,
batch first; gate columns ``[i, f, o, g]`` (``[i, o, g]`` without a forget gate; g is C̃).
"""

from . import jacobians, lstm, rnn

__all__ = ["jacobians", "lstm", "rnn"]
