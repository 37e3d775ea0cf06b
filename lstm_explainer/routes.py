r"""The routes of ∂h_T/∂h_k through an LSTM: by h's recurrence alone, along the carousel alone,
or mixing the two.

The one-step Jacobian of the state s_t = (h_t, C_t) (`lstm_explainer.gradflow.lstm_step_jacobians`)
has four blocks. Multiplying them out from step T back to step k, ∂h_T/∂h_k is a sum over routes,
each a choice, at every step, of which part of the state the gradient travels through:

- **h alone**: only the ∂h_t/∂h_{t-1} blocks, ∏ ∂h_t/∂h_{t-1}. These routes may pass through
  C_t within a step (h_t = o_t ⊙ tanh(C_t)), but never use the cell state's self-connection
  C_{t-1} → C_t, the constant error carousel.
- **the carousel alone**: into the cell at step k + 1 (∂C_{k+1}/∂h_k), along C_{t-1} → C_t,
  diag(f_t), every step after, and out to h_T at the end:
  ∂h_T/∂C_{T-1} · ∏_{t=k+2}^{T-1} diag(f_t) · ∂C_{k+1}/∂h_k.
- **mixed**: every other route, along the carousel for some stretches and through h between them.
  It is the rest: ∂h_T/∂h_k minus the two above.

Norms are spectral norms, as in `lstm_explainer.gradflow`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .gradflow import lstm_step_jacobians
from .lstm import LSTMParams, lstm_forward


@dataclass(frozen=True)
class Routes:
    """‖·‖₂ of ∂h_T/∂h_k and of its three parts, each (N, T+1), indexed by k = 0 … T."""

    total: np.ndarray
    h_only: np.ndarray
    carousel_only: np.ndarray
    mixed: np.ndarray


def lstm_routes(
    x: np.ndarray, params: LSTMParams, h0: np.ndarray | None = None, c0: np.ndarray | None = None
) -> Routes:
    """∂h_T/∂h_k split by route for every k, for inputs ``x`` (N, T, D) from ``h0``, ``c0`` (N, H).

    At k = T all routes are the identity's: ``total`` and ``h_only`` are 1, the others 0; at
    k = T − 1 the carousel is not crossed yet, so ``carousel_only`` is 0 there too.
    """
    if params.variant != "forget":
        raise ValueError(f"lstm_routes splits an LSTM with a forget gate, got variant {params.variant!r}")
    _, cache = lstm_forward(x, params, h0, c0)
    J = lstm_step_jacobians(cache)  # (N, T, 2H, 2H): J[:, t-1] = ∂s_t/∂s_{t-1}
    N, T = J.shape[:2]
    H = params.H
    hh, hc, ch = J[..., :H, :H], J[..., :H, H:], J[..., H:, :H]
    f = np.diagonal(J[..., H:, H:], axis1=-2, axis2=-1)  # (N, T, H): f_t, the carousel's gains
    norms = {name: np.zeros((N, T + 1)) for name in ("total", "h_only", "carousel_only", "mixed")}
    eye = np.broadcast_to(np.eye(2 * H), (N, 2 * H, 2 * H))
    state, h_only = eye.copy(), eye[:, :H, :H].copy()
    along = None  # ∂h_T/∂C_{T-1} · diag(f_{T-1} ⋯ f_{k+2}), (N, H, H): the route's part after C_{k+1}
    for k in range(T, -1, -1):
        if k < T:
            state = state @ J[:, k]  # ∂s_T/∂s_k
            h_only = h_only @ hh[:, k]
        carousel = np.zeros((N, H, H))
        if k < T - 1:
            along = hc[:, T - 1] if along is None else along * f[:, k + 1, None, :]
            carousel = along @ ch[:, k]
        total = state[:, :H, :H]
        for name, M in (("total", total), ("h_only", h_only), ("carousel_only", carousel)):
            norms[name][:, k] = np.linalg.norm(M, 2, axis=(-2, -1))
        norms["mixed"][:, k] = np.linalg.norm(total - h_only - carousel, 2, axis=(-2, -1))
    return Routes(**norms)
