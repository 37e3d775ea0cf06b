"""lstm_explainer: how LSTMs tame vanishing and exploding gradients, in numpy.

Cells with exact backpropagation through time (`.rnn`, `.lstm`),
initialisers (`.init`), gradient-flow analysis (`.gradflow`), the
registry of the equations the site shows (`.equations`), a gradient
checker (`.gradcheck`), the long-range tasks of the literature (`.tasks`), a
small trainer (`.train`) and the papers' experiments (`.experiments`).
"""

from . import reference
from .equations import Equation, equation, equations
from .gradflow import (
    LSTMFlow,
    RNNFlow,
    cell_path,
    jacobian_products,
    lstm_gradient_flow,
    lstm_step_jacobians,
    pascanu_bound,
    rnn_gradient_flow,
    rnn_step_jacobians,
)
from .init import init_lstm, init_rnn, scale_recurrent
from .lstm import (
    VARIANTS,
    LSTMCache,
    LSTMGrads,
    LSTMParams,
    lstm_backward,
    lstm_forward,
    lstm_step_backward,
    lstm_step_forward,
)
from .rnn import (
    RNNCache,
    RNNGrads,
    RNNParams,
    rnn_backward,
    rnn_forward,
    rnn_step_backward,
    rnn_step_forward,
)

__version__ = "0.1.0"

__all__ = [
    "VARIANTS",
    "Equation",
    "LSTMCache",
    "LSTMFlow",
    "LSTMGrads",
    "LSTMParams",
    "RNNCache",
    "RNNFlow",
    "RNNGrads",
    "RNNParams",
    "cell_path",
    "equation",
    "equations",
    "init_lstm",
    "init_rnn",
    "jacobian_products",
    "lstm_backward",
    "lstm_forward",
    "lstm_gradient_flow",
    "lstm_step_backward",
    "lstm_step_forward",
    "lstm_step_jacobians",
    "pascanu_bound",
    "reference",
    "rnn_backward",
    "rnn_forward",
    "rnn_gradient_flow",
    "rnn_step_backward",
    "rnn_step_forward",
    "rnn_step_jacobians",
    "scale_recurrent",
]
