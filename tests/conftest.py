"""Shared fixtures: seeded random generators, small random models, the torch reference, the built site."""

from __future__ import annotations

import html
import os
import re

import numpy as np
import pytest
from hypothesis import settings
from paths import ROOT

import lstm_explainer as lx
from lstm_explainer.i18n import LANGUAGES
from lstm_explainer.site import settings as site_settings

# Deterministic property tests: the same examples on every run and machine.
settings.register_profile("repo", derandomize=True, deadline=None, max_examples=40)
settings.load_profile("repo")


@pytest.fixture
def rng():
    return np.random.default_rng(20260415)  # fixed: every test sees the same draws


def _random_lstm(rng, D=3, H=4, variant="forget", scale=0.6, dtype=np.float64):
    """An LSTM with O(1) pre-activations: not saturated, so every path matters."""
    G = lx.lstm.n_gates(variant)
    return lx.LSTMParams(
        (rng.standard_normal((D, G * H)) * scale).astype(dtype),
        (rng.standard_normal((H, G * H)) * scale).astype(dtype),
        (rng.standard_normal(G * H) * scale).astype(dtype),
        variant,
    )


def _random_rnn(rng, D=3, H=4, scale=0.6, dtype=np.float64):
    """An RNN with O(1) pre-activations."""
    return lx.RNNParams(
        (rng.standard_normal((D, H)) * scale).astype(dtype),
        (rng.standard_normal((H, H)) * scale).astype(dtype),
        (rng.standard_normal(H) * scale).astype(dtype),
    )


@pytest.fixture(scope="session")  # session-scoped: hypothesis tests use them too
def random_lstm():
    """``random_lstm(rng, D=3, H=4, variant="forget", scale=0.6, dtype=float64)`` -> LSTMParams."""
    return _random_lstm


@pytest.fixture(scope="session")
def random_rnn():
    """``random_rnn(rng, D=3, H=4, scale=0.6, dtype=float64)`` -> RNNParams."""
    return _random_rnn


@pytest.fixture(scope="session")
def langid():
    """py3langid's classifier, restricted to the site's languages."""
    langid = pytest.importorskip("py3langid.langid", reason="pip install -r requirements/test.txt")
    langid.set_languages(list(LANGUAGES))
    return langid


@pytest.fixture(scope="session")
def torch():
    """The PyTorch reference (torch==2.13.0, CPU), or a skip that says why.

    CI sets LSTM_EXPLAINER_REQUIRE_TORCH=1 so that a missing torch fails the run
    instead of silently skipping the parity tests.
    """
    try:
        import torch
    except ImportError:
        if os.environ.get("LSTM_EXPLAINER_REQUIRE_TORCH"):
            pytest.fail("LSTM_EXPLAINER_REQUIRE_TORCH is set but torch is not installed")
        pytest.skip("torch is not installed: pip install -r requirements/test.txt for parity tests")
    torch.set_num_threads(1)
    return torch


@pytest.fixture(scope="session")
def cache(tmp_path_factory):
    """A fresh content cache: the session's site build generates every figure itself."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def site(tmp_path_factory, cache):
    """One clean, strict build of every language, shared by the tests that read the site."""
    from lstm_explainer.site.build import build_all
    from lstm_explainer.site.settings import CACHE_ENV

    out = tmp_path_factory.mktemp("site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(cache))
        build_all(ROOT, out)
    return out


def _bare_installs(text: str) -> list[str]:
    published = {f"lstm-explainer=={v}" for v in site_settings.REGISTRY_RELEASES}
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    found = []
    for m in re.finditer(r"pip install ([^\n`]*)", text):
        for req in re.findall(r'"[^"]*"|\'[^\']*\'|\S+', m[1]):
            req = req.strip("\"'")
            if re.match(r"lstm[-_]explainer\b", req, re.I) and " @ " not in req and req not in published:
                found.append(m[0])
    return found


@pytest.fixture(scope="session")
def bare_installs():
    """``bare_installs(text)``: the ``pip install`` commands of ``text`` (HTML or Markdown) that
    name lstm-explainer by its bare registry name (``lstm-explainer``, ``lstm_explainer==…``)
    instead of a file or a URL, unless pinned to a version the release workflow has published
    (`lstm_explainer.site.settings.REGISTRY_RELEASES`)."""
    return _bare_installs


def _install_commands(page_html: str) -> list[str]:
    blocks = re.findall(r"<pre\b[^>]*>(.*?)</pre>", page_html, re.DOTALL)
    texts = [html.unescape(re.sub(r"<[^>]+>", "", b)).strip() for b in blocks]
    return [t for t in texts if t.startswith("pip install")]


@pytest.fixture(scope="session")
def install_commands():
    """``install_commands(page_html)``: the text of every code block of a built page that holds a
    ``pip install`` command."""
    return _install_commands
