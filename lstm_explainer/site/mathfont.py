"""The site's math font: Latin Modern Math, subset to the glyphs the pages' MathML uses, as WOFF2.

Chromium and Firefox lay MathML out with the OpenType MATH table of the font they are given
(script shifts, fraction rules, stretchy delimiters, accents); without one they fall back to a
system serif and the layout reads as a draft. The site serves Latin Modern Math (the TeX look,
GUST Font License), taken from Debian's ``fonts-lmodern`` package (``.ci/run`` installs it;
found through fontconfig, so a TeX Live installation of it works too).

After a language is built, `subset_for_site` reads the text of every ``<math>`` of its pages
(equations, inline math, notebooks, the API page), adds the mathematical italic letter that
MathML Core draws for each single-letter ``<mi>`` (``text-transform: math-auto``), and keeps
only those glyphs, with every glyph the MATH table reaches from them (size variants and
assembly parts of stretchy delimiters, script-style alternates). The WOFF2 is cached by a key
of the font file, the characters, this module and fontTools' and Brotli's versions, and is
byte-identical from one build to the next (no timestamp is recalculated). The licence goes beside
it; ``assets/lstm-explainer.css`` declares the ``@font-face`` and sets ``math`` in it.
"""

from __future__ import annotations

import hashlib
import html
import io
import logging
import os
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

FAMILY = "Latin Modern Math"
FONT = "assets/fonts/latinmodern-math.woff2"  # where the build puts it, relative to a language's root
LICENSE = "assets/fonts/GUST-FONT-LICENSE.txt"
_LICENSE_IN_TEXMF = Path("doc/fonts/lm-math/GUST-FONT-LICENSE.txt")  # beside fonts/opentype/…
_MATH = re.compile(r"<math\b[^>]*>(.*?)</math>", re.DOTALL)
_MI = re.compile(r"<mi(?![^>]*mathvariant=\"normal\")[^>]*>([^<]+)</mi>")
_TAG = re.compile(r"<[^>]+>")
KEEP = 4  # subset fonts kept in the cache


class MathFontError(RuntimeError):
    """The math font or its licence is not installed where the build looks for it."""


def source() -> tuple[Path, Path]:
    """The installed Latin Modern Math (OpenType) and its licence file.

    Raises `MathFontError` with the command that installs them."""
    hint = (
        "the site's math is typeset with Latin Modern Math, from Debian's fonts-lmodern package: "
        "apt-get install fonts-lmodern (.ci/run installs it)"
    )
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise MathFontError(f"fc-list (fontconfig) is missing, so the math font cannot be found; {hint}")
    out = subprocess.run(
        [fc_list, f":family={FAMILY}", "file"], capture_output=True, text=True, check=False
    ).stdout
    fonts = sorted(Path(line.rstrip(": ")) for line in out.splitlines() if line.strip().endswith(".otf:"))
    if not fonts:
        raise MathFontError(f"{FAMILY} is not installed; {hint}")
    font = fonts[0]
    licence = font.parents[4] / _LICENSE_IN_TEXMF  # <texmf>/fonts/opentype/public/lm-math/…
    if not licence.is_file():
        raise MathFontError(f"{licence} (the font's licence, shipped beside it) is missing; {hint}")
    return font, licence


def _italic(ch: str) -> str | None:
    """The mathematical italic letter MathML Core draws for a single-letter ``<mi>``, if any."""
    o = ord(ch)
    special = {"h": 0x210E, "ı": 0x1D6A4, "ȷ": 0x1D6A5, "∇": 0x1D6FB, "∂": 0x1D715}
    special |= {"ϵ": 0x1D716, "ϑ": 0x1D717, "ϰ": 0x1D718, "ϕ": 0x1D719, "ϱ": 0x1D71A, "ϖ": 0x1D71B}
    if ch in special:
        return chr(special[ch])
    if "A" <= ch <= "Z":
        return chr(0x1D434 + o - ord("A"))
    if "a" <= ch <= "z":
        return chr(0x1D44E + o - ord("a"))
    if 0x391 <= o <= 0x3A9 and o != 0x3A2:
        return chr(0x1D6E2 + o - 0x391)
    if 0x3B1 <= o <= 0x3C9:
        return chr(0x1D6FC + o - 0x3B1)
    return None


def characters(page_html: str) -> set[str]:
    """Every character a page's MathML shows, with the italic forms of its single-letter ``<mi>``."""
    chars: set[str] = set()
    for m in _MATH.finditer(page_html):
        body = m.group(1)
        chars.update(html.unescape(_TAG.sub("", body)))
        for mi in _MI.findall(body):
            letter = html.unescape(mi).strip()
            if len(letter) == 1 and (italic := _italic(letter)):
                chars.add(italic)
    return {c for c in chars if not c.isspace()}


def subset(font: Path, chars: set[str]) -> bytes:
    """``font`` reduced to ``chars`` and what its MATH and layout tables reach from them, as WOFF2.

    Deterministic: the same font and characters give the same bytes."""
    from fontTools import subset as ft_subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = ft_subset.Options()
    options.layout_features = ["*"]  # ssty (script-style letters), flac, dtls: MathML uses them
    options.hinting = False  # browsers draw it unhinted anyway; 10 % smaller
    options.desubroutinize = True  # smaller once Brotli has compressed it
    options.flavor = "woff2"
    logger = logging.getLogger("fontTools.subset")
    level = logger.level
    logger.setLevel(logging.ERROR)  # "FFTM NOT subset; dropped": FontForge's timestamp table, unused
    try:
        with TTFont(font, recalcTimestamp=False) as ttf:
            subsetter = ft_subset.Subsetter(options)
            subsetter.populate(unicodes=sorted(ord(c) for c in chars))
            subsetter.subset(ttf)
            ttf.flavor = "woff2"
            buf = io.BytesIO()
            ttf.save(buf, reorderTables=True)
    finally:
        logger.setLevel(level)
    return buf.getvalue()


def cached_subset(font: Path, chars: set[str], cache_root: Path) -> Path:
    """`subset` of ``font`` to ``chars``, kept in ``<cache_root>/mathfont/`` under a key of its inputs."""
    h = hashlib.sha256(font.read_bytes())
    h.update("".join(sorted(chars)).encode())
    h.update(Path(__file__).read_bytes())
    for dist in ("fonttools", "brotli"):
        h.update(f"{dist}=={metadata.version(dist)}\0".encode())
    root = Path(cache_root) / "mathfont"
    target = root / f"{h.hexdigest()[:16]}.woff2"
    if not target.is_file():
        root.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp-{os.getpid()}")  # two languages build at once
        tmp.write_bytes(subset(font, chars))
        tmp.replace(target)
        done = sorted(root.glob("*.woff2"), key=lambda p: p.stat().st_mtime)
        for old in done[:-KEEP]:
            if old != target:
                old.unlink(missing_ok=True)
    return target


def subset_for_site(site_dir: Path, cache_root: Path, font: Path, licence: Path) -> int:
    """Write the font, subset to the math of every page under ``site_dir``, and its licence;
    return the number of characters kept."""
    site_dir = Path(site_dir)
    chars: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        chars |= characters(page.read_text("utf-8"))
    out = site_dir / FONT
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached_subset(font, chars, cache_root), out)
    shutil.copyfile(licence, site_dir / LICENSE)
    return len(chars)
