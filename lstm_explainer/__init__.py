"""lstm_explainer: how LSTMs tame vanishing and exploding gradients, in numpy."""

from .lstm import LSTMCache, LSTMGrads, LSTMParams, lstm_backward, lstm_forward
from .rnn import RNNCache, RNNGrads, RNNParams, rnn_backward, rnn_forward

__version__ = "0.1.0"
