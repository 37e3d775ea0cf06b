"""Parity with PyTorch (CPU, float64) as an independent reference.

torch orders LSTM gates (i, f, g, o) and has two bias vectors; ours is (i, f, o, g)
with one bias. Weights are copied across with that permutation, b_hh = 0.
"""

import numpy as np
import pytest

import lstm_explainer as lx
from lstm_explainer.gradcheck import relative_error
from lstm_explainer.reference import lstm as ref_lstm
from lstm_explainer.reference import rnn as ref_rnn

pytestmark = pytest.mark.torch


def _to_torch_order(W):
    i, f, o, g = np.split(W, 4, axis=-1)
    return np.concatenate([i, f, g, o], axis=-1)


def _torch_layer(torch, p, dtype="double"):
    """A torch.nn.LSTM or torch.nn.RNN with the weights of ``p`` (LSTM gates reordered, b_hh = 0)."""
    lstm = isinstance(p, lx.LSTMParams)
    order = _to_torch_order if lstm else (lambda W: W)
    layer = (torch.nn.LSTM if lstm else torch.nn.RNN)(p.D, p.H, batch_first=True).to(getattr(torch, dtype))
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(order(p.Wx).T))
        layer.weight_hh_l0.copy_(torch.tensor(order(p.Wh).T))
        layer.bias_ih_l0.copy_(torch.tensor(order(p.b)))
        layer.bias_hh_l0.zero_()
    return layer


def _run_torch(torch, layer, x, h0, c0, dh, dhT, dcT):
    xt = torch.tensor(x, requires_grad=True)
    h0t = torch.tensor(h0[None], requires_grad=True)
    state = (h0t, torch.tensor(c0[None], requires_grad=True)) if c0 is not None else h0t
    out, final = layer(xt, state)
    loss = (out * torch.tensor(dh)).sum() + (out[:, -1] * torch.tensor(dhT)).sum()
    if c0 is not None:
        loss = loss + (final[1][0] * torch.tensor(dcT)).sum()
    loss.backward()
    return xt, state, out, final


def _lstm(impl, x, p, h0, c0, dh, dhT, dcT):
    """h, c and the gradients, from the fast layer or from the reference cells."""
    if impl == "fast":
        (h, c), cache = lx.lstm_forward(x, p, h0, c0)
        g = lx.lstm_backward(dh, cache, dhT=dhT, dcT=dcT)
        return h, c, {k: getattr(g, k) for k in ("dx", "dh0", "dc0", "dWx", "dWh", "db")}
    (h, c), caches = ref_lstm.lstm_forward(x, p.Wx, p.Wh, p.b, h0, c0, p.variant)
    return h, c, ref_lstm.lstm_backward(dh, caches, dhT, dcT, p.variant)


def _rnn(impl, x, p, h0, dh, dhT):
    if impl == "fast":
        h, cache = lx.rnn_forward(x, p, h0)
        g = lx.rnn_backward(dh, cache, dhT=dhT)
        return h, {k: getattr(g, k) for k in ("dx", "dh0", "dWx", "dWh", "db")}
    h, caches = ref_rnn.rnn_forward(x, p.Wx, p.Wh, p.b, h0)
    return h, ref_rnn.rnn_backward(dh, caches, dhT)


@pytest.mark.parametrize("impl", ["fast", "reference"])
@pytest.mark.parametrize(("N", "T", "D", "H"), [(3, 7, 4, 5), (1, 30, 2, 8), (5, 1, 1, 1)])
def test_lstm_matches_torch_float64(torch, rng, N, T, D, H, impl, random_lstm):
    p = random_lstm(rng, D=D, H=H)
    x, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, H))
    h0, c0, dhT, dcT = rng.standard_normal((4, N, H))
    layer = _torch_layer(torch, p)
    xt, (h0t, c0t), out, (hT, cT) = _run_torch(torch, layer, x, h0, c0, dh, dhT, dcT)

    h, c, g = _lstm(impl, x, p, h0, c0, dh, dhT, dcT)
    pairs = {
        "h": (h, out.detach().numpy()),
        "c_T": (c[:, -1], cT[0].detach().numpy()),
        "h_T": (h[:, -1], hT[0].detach().numpy()),
        "dx": (g["dx"], xt.grad.numpy()),
        "dh0": (g["dh0"], h0t.grad[0].numpy()),
        "dc0": (g["dc0"], c0t.grad[0].numpy()),
        "dWx": (_to_torch_order(g["dWx"]).T, layer.weight_ih_l0.grad.numpy()),
        "dWh": (_to_torch_order(g["dWh"]).T, layer.weight_hh_l0.grad.numpy()),
        "db": (_to_torch_order(g["db"]), layer.bias_ih_l0.grad.numpy()),
    }
    for name, (ours, ref) in pairs.items():
        assert relative_error(ours, ref) < 1e-10, name
    np.testing.assert_allclose(layer.bias_hh_l0.grad.numpy(), layer.bias_ih_l0.grad.numpy())


@pytest.mark.parametrize("impl", ["fast", "reference"])
@pytest.mark.parametrize(("N", "T", "D", "H"), [(3, 7, 4, 5), (1, 40, 2, 8)])
def test_rnn_matches_torch_float64(torch, rng, N, T, D, H, impl, random_rnn):
    p = random_rnn(rng, D=D, H=H)
    x, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, H))
    h0, dhT = rng.standard_normal((2, N, H))
    layer = _torch_layer(torch, p)
    xt, h0t, out, _ = _run_torch(torch, layer, x, h0, None, dh, dhT, None)

    h, g = _rnn(impl, x, p, h0, dh, dhT)
    pairs = {
        "h": (h, out.detach().numpy()),
        "dx": (g["dx"], xt.grad.numpy()),
        "dh0": (g["dh0"], h0t.grad[0].numpy()),
        "dWx": (g["dWx"].T, layer.weight_ih_l0.grad.numpy()),
        "dWh": (g["dWh"].T, layer.weight_hh_l0.grad.numpy()),
        "db": (g["db"], layer.bias_ih_l0.grad.numpy()),
    }
    for name, (ours, ref) in pairs.items():
        assert relative_error(ours, ref) < 1e-10, name


def test_lstm_jacobian_products_match_torch_autograd(torch, rng, random_lstm):
    """dC_T/dC_k and ∂h_T/∂h_k from gradflow against torch.autograd.functional.jacobian."""
    p = random_lstm(rng, H=3)
    T = 6
    x = rng.standard_normal((1, T, p.D))
    flow = lx.lstm_gradient_flow(x, p)
    _, cache = lx.lstm_forward(x, p)
    layer = _torch_layer(torch, p)
    k = 2
    xs = torch.tensor(x[:, k:])
    o_k = torch.tensor(cache.gate("o")[0, k - 1])

    def c_T(c_k):  # C_k -> C_T, with h_k = o_k * tanh(C_k)
        return layer(xs, ((o_k * torch.tanh(c_k))[None, None], c_k[None, None]))[1][1][0, 0]

    def h_T(h_k):
        return layer(xs, (h_k[None, None], torch.tensor(cache.c[0, k])[None, None]))[0][0, -1]

    Jc = torch.autograd.functional.jacobian(c_T, torch.tensor(cache.c[0, k])).numpy()
    Jh = torch.autograd.functional.jacobian(h_T, torch.tensor(cache.h[0, k])).numpy()
    assert relative_error(flow.dc_norm[0, k], np.linalg.norm(Jc, 2)) < 1e-10
    assert relative_error(flow.dh_norm[0, k], np.linalg.norm(Jh, 2)) < 1e-10


def test_float32_lstm_close_to_torch(torch, rng, random_lstm):
    p = random_lstm(rng, D=4, H=8, dtype=np.float32)
    x = rng.standard_normal((2, 50, 4)).astype(np.float32)
    layer = _torch_layer(torch, p, "float32")
    with torch.no_grad():
        out, _ = layer(torch.tensor(x))
    (h, _), _ = lx.lstm_forward(x, p)
    assert h.dtype == np.float32
    assert relative_error(h, out.numpy()) < 1e-5
