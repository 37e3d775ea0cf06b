"""Claims: every statement the site makes about a computed result is checked, and a false one or a
hand-written number stops the build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from paths import DOCS, ROOT

from lstm_explainer import claims, figures
from lstm_explainer.i18n import LANGUAGES, ORIGINAL, handwritten_numbers
from lstm_explainer.site import render


def cited_in_the_original() -> set[str]:
    found = set()
    for page in (DOCS / ORIGINAL).glob("*.md"):
        found |= {name for kind, name in render.SHORTCODE.findall(page.read_text("utf-8")) if kind == "claim"}
    return found


def test_every_claim_holds_on_the_data_of_this_checkout():
    failed = {cid: claims.evaluate(cid).measured for cid in claims.CLAIMS if not claims.evaluate(cid).holds}
    assert failed == {}


def test_every_claim_is_made_somewhere_and_every_cited_claim_exists():
    by_figures = {cid for ids in figures.CLAIMS.values() for cid in ids}
    cited = cited_in_the_original() | by_figures
    assert cited - set(claims.CLAIMS) == set()
    assert set(claims.CLAIMS) - cited == set(), "registered claims that no page or figure makes"


def test_unknown_claim_names_the_known_ones():
    with pytest.raises(KeyError, match=r"unknown claim 'rnn-9'; known claims: rnn-below-bound"):
        claims.claim("rnn-9")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalogue_writes_a_number_by_hand(lang):
    assert handwritten_numbers(lang) == {}


def _package_copy(tmp_path: Path) -> Path:
    """A copy of the package on its own import path, to plant a fault in: a source checkout of
    its own (pyproject.toml beside it), from which the site builds its downloads."""
    shutil.copytree(
        ROOT / "lstm_explainer",
        tmp_path / "pkg" / "lstm_explainer",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, tmp_path / "pkg" / name)
    return tmp_path / "pkg" / "lstm_explainer"


def test_an_alt_text_with_a_hand_written_number_stops_the_build(tmp_path):
    package = _package_copy(tmp_path)
    catalogue = package / "locales" / "pt.json"
    catalogue.write_text(
        catalogue.read_text("utf-8").replace("até {number:demo-steps} passos", "até 150 passos", 1), "utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "lstm_explainer.site", "generate", str(tmp_path / "out")],
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )  # cwd: not the checkout, whose package would come first
    assert proc.returncode != 0
    assert (
        "lstm_explainer/locales/pt.json writes numbers by hand in gradient-decay.alt: write {number:<id>}"
        in proc.stderr
    )


def test_a_false_claim_on_a_page_stops_the_build_naming_claim_page_and_values(tmp_path):
    package = _package_copy(tmp_path)
    with (package / "claims" / "demonstrations.py").open("a", encoding="utf-8") as f:
        f.write(
            '\n\n@register("planted-false", "the RNN with σ_max(W_h) = 0.5 explodes")\n'
            'def _():\n    far = demos.rnn_decay(0.5).values[T]\n    return far > 1, {"norm at T": far}\n'
        )
    shutil.copytree(DOCS / ORIGINAL, tmp_path / "docs" / ORIGINAL)
    shutil.copytree(DOCS / "overrides", tmp_path / "docs" / "overrides")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / "mkdocs.yml").write_text(
        re.sub(r"\nwatch:\n(  - .*\n)+", "\n", (ROOT / "mkdocs.yml").read_text())
    )
    page = tmp_path / "docs" / ORIGINAL / "gradient-problem.md"
    page.write_text(page.read_text() + '\nCom σ = 0,5 o gradiente explode. {{ claim("planted-false") }}\n')
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": str(package.parent),
            "LSTM_EXPLAINER_CACHE_DIR": str(tmp_path / "cache"),
            "LSTM_EXPLAINER_LANG": ORIGINAL,
        },
    )
    assert proc.returncode != 0
    assert re.search(
        r"gradient-problem\.md: the claim 'planted-false' does not hold \(the RNN with σ_max\(W_h\) = "
        r"0\.5 explodes\); measured: norm at T = 4\.6\d*e-54",
        proc.stderr,
    ), proc.stderr[-2000:]
