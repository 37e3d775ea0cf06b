"""Figure functions, one module a figure: ``fig_<name>(lang) -> matplotlib.figure.Figure``.

Every module in this package that defines a function decorated with
`register` adds a figure; there is no index to edit. Figures are built on
`matplotlib.figure.Figure` (no pyplot state), never saved or shown by
their function, and every visible string comes from the label catalogue of ``lang``.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import pkgutil
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.figure import Figure

from ..i18n import check_lang, label

FIGURES: dict[str, Callable[[str], Figure]] = {}
CLAIMS: dict[str, tuple[str, ...]] = {}
"""Figure name -> the ids of the claims (`lstm_explainer.claims`) its caption and alt text make."""
_CAPTION_FIELDS: dict[str, Callable[[], dict]] = {}
_NUMBER = re.compile(r"\{number:([^{}]+)\}")

# Text stays text in the SVG (searchable, crisp, any script the reader's fonts cover);
# a fixed hash salt makes the element ids, and so the whole file, reproducible.
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "lstm-explainer",
    "path.simplify_threshold": 0.5,  # drop vertices that move a line by less than half a pixel
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)
"""Fonts for Chinese labels, in order of preference (Debian: ``apt install fonts-noto-cjk``)."""


@functools.cache
def cjk_font() -> str | None:
    """The first installed font of `CJK_FONTS`, or None.

    matplotlib caches its font list on first use; a CJK font installed after that is missing
    from the cache, so the system's CJK font files are added before giving up."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    if not installed.intersection(CJK_FONTS):
        for path in font_manager.findSystemFonts():
            if any(k in Path(path).name for k in ("CJK", "Han", "wqy", "DroidSansFallback")):
                with contextlib.suppress(Exception):  # an unreadable file is not a font we can use
                    font_manager.fontManager.addfont(path)
        installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


@contextlib.contextmanager
def _style():
    """The figures' rc settings. Latin text is set in DejaVu Sans, matplotlib's own font; the
    characters it lacks (Chinese) fall back to an installed CJK font for their metrics. The SVG
    keeps text as text, so the reader's browser draws every glyph. Without a CJK font the
    layout measures missing glyphs by DejaVu's box (slightly narrow) instead of failing."""
    cjk = cjk_font()
    with mpl.rc_context({**RC, "font.family": ["DejaVu Sans", *([cjk] if cjk else [])]}):
        with warnings.catch_warnings():
            if cjk is None:
                warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
            yield


def use_fonts(lang: str) -> None:
    """Set matplotlib's fonts for labels in ``lang``, for pyplot code such as the notebooks':
    DejaVu Sans, falling back to the installed CJK font (`cjk_font`) for Chinese characters."""
    check_lang(lang)
    cjk = cjk_font()
    mpl.rcParams["font.family"] = ["DejaVu Sans", *([cjk] if cjk else [])]


def text(lang: str, key: str, values: dict[str, float] | None = None, **fields: object) -> str:
    """The label at ``key`` in ``lang`` with its ``{number:<id>}`` placeholders written from
    `lstm_explainer.numbers` as ``lang`` writes numbers (``values``: raw values already computed,
    by id), then its other ``{fields}`` filled in. Catalogues write no number by hand."""
    from .. import numbers

    def one(m: re.Match) -> str:
        num_id = m.group(1)
        return numbers.formatted(num_id, lang, raw=None if values is None else values[num_id])

    written = _NUMBER.sub(one, label(lang, key))
    return written.format(**fields) if fields else written


def register(name: str, caption_fields: Callable[[], dict] | None = None, claims: tuple[str, ...] = ()):
    """Decorator: register ``fn(lang) -> Figure`` under ``name``; ``caption_fields()`` fills the
    ``{placeholders}`` of its caption (for example where and when its data were computed);
    ``claims`` names the claims its caption and alt text make."""

    def deco(fn: Callable[[str], Figure]) -> Callable[[str], Figure]:
        if name in FIGURES:
            raise RuntimeError(f"figure {name!r} is registered twice")
        FIGURES[name] = fn
        CLAIMS[name] = tuple(claims)
        if caption_fields is not None:
            _CAPTION_FIELDS[name] = caption_fields
        return fn

    return deco


def _check_name(name: str) -> str:
    if name not in FIGURES:
        raise KeyError(f"unknown figure {name!r}; known figures: {', '.join(sorted(FIGURES))}")
    return name


def figure(name: str, lang: str) -> Figure:
    """Build figure ``name`` with its labels in ``lang``."""
    fn = FIGURES[_check_name(name)]
    with _style():
        return fn(check_lang(lang))


def alt_text(name: str, lang: str) -> str:
    """The figure's text alternative in ``lang``."""
    return text(lang, f"{_check_name(name)}.alt")


def caption(name: str, lang: str) -> str:
    """The figure's caption in ``lang``."""
    fields = _CAPTION_FIELDS.get(_check_name(name), dict)()
    return text(lang, f"{name}.caption", **fields)


def render(
    name: str, lang: str, fmt: str = "svg", dpi: int = 150, size: tuple[float, float] | None = None
) -> bytes:
    """Figure ``name`` in ``lang`` as SVG, PNG or PDF bytes, identical on every run.

    ``size`` is (width, height) in inches (for slides); by default the figure's own size."""
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"unknown format {fmt!r}; expected 'svg', 'png' or 'pdf'")
    if size is not None and not (len(size) == 2 and all(0 < v <= 100 for v in size)):
        raise ValueError(f"size must be (width, height) in inches, each in (0, 100], got {size!r}")
    fig = figure(name, lang)
    if size is not None:
        fig.set_size_inches(*size)
    buf = io.BytesIO()
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}
    with _style():
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata.get(fmt, {}))
    return buf.getvalue()


for _mod in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_mod.name}")
