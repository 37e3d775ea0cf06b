"""The interactive figures on the page: sliders over the data of `lstm_explainer.explore`.

A figure that has interactive data gets, inside its ``<figure>``, a hidden ``<section>`` with real
``<input type="range">`` sliders, their ``<label>``s and ``<output>``s, a legend and an
``aria-live`` status line, every string in the page's language. The site's script
(``assets/javascripts/explore.js``) reveals the block, hides the static image and draws the
curves of the chosen position with uPlot; without JavaScript the block stays hidden and the
static figure is all there is. The block is left out of the search index (Material's
``data-search-exclude``): its labels are controls, not prose. It is a ``<section>`` because
Material 9.8's search parser matches an excluded element's end by its tag name alone: the first
inner ``</div>`` would end the exclusion of a ``<div>``. uPlot is an npm package
(``package.json``), copied from ``node_modules`` into each language's build: nothing is loaded
from another host.
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
from pathlib import Path

from .. import explore
from ..i18n import format_number, label

UPLOT_DIR = Path("node_modules") / "uplot"
VENDOR = "assets/vendor/uplot/"  # where the build puts uPlot, relative to a language's root
VENDOR_FILES = {
    "uPlot.iife.min.js": "dist/uPlot.iife.min.js",
    "uPlot.min.css": "dist/uPlot.min.css",
    "LICENSE": "LICENSE",
}
SCRIPT = "assets/javascripts/explore.js"  # docs/overrides/assets/javascripts/explore.js


class VendorError(RuntimeError):
    """uPlot is not installed where the build looks for it."""


def vendor_files(root: Path) -> dict[str, Path]:
    """uPlot's files to copy into the site: {path in the site: file in node_modules}.

    Raises `VendorError` naming the missing file and the command that installs it."""
    out = {}
    for name, rel in VENDOR_FILES.items():
        src = Path(root) / UPLOT_DIR / rel
        if not src.is_file():
            raise VendorError(
                f"{src} is missing: the interactive figures draw with uPlot, an npm package. Run "
                "`python3 scripts/dev.py build` (it installs it), or `npm install --no-package-lock` "
                "in the repository's root."
            )
        out[f"{VENDOR}{name}"] = src
    return out


def value_texts(slider: str, values: list, lang: str, figure: str) -> list[str]:
    """How each position of a slider is written in ``lang``."""
    if slider == "steps":
        return [format_number(v, lang, "int") for v in values]
    if slider == "bias" and figure == "forget-gate":  # its gates sit near σ(b_f)
        gate = [format_number(1 / (1 + math.exp(-b)), lang, "auto", 2) for b in values]
        return [f"{format_number(b, lang, 'fixed', 1)} (f ≈ {f})" for b, f in zip(values, gate, strict=True)]
    return [format_number(v, lang, "fixed", 1) for v in values]


def explore_html(name: str, lang: str, data: dict, src: str) -> str:
    """The hidden interactive block of figure ``name`` in ``lang``; ``data`` is its
    `lstm_explainer.explore` data (for the sliders' grids), ``src`` its URL from the page."""
    key = f"{name}.explore"
    controls = []
    explorer = explore.EXPLORERS[name]
    for slider, start in explorer.start.items():
        values = data["sliders"][slider]
        if start not in values:
            raise ValueError(
                f"{name}: the slider {slider!r} starts at {start}, which is not on its grid {values}"
            )
        texts = value_texts(slider, values, lang, name)
        i = values.index(start)
        ident = f"explore-{name}-{slider}"
        name_text = html.escape(label(lang, f"explore.{slider}"))
        all_texts = html.escape(json.dumps(texts, ensure_ascii=False, separators=(",", ":")))
        controls.append(
            f'<div class="lstm-explore-control"><label for="{ident}">{name_text}</label>'
            f'<input type="range" id="{ident}" name="{slider}" min="0" max="{len(values) - 1}" step="1"'
            f' value="{i}" aria-valuetext="{html.escape(texts[i])}" data-texts="{all_texts}">'
            f'<output for="{ident}">{html.escape(texts[i])}</output></div>'
        )
    series = [
        {k: v for k, v in dataclasses.asdict(s).items() if v is not None}
        | {"label": label(lang, f"{key}.{s.id}")}
        for s in explorer.series
    ]
    legend = "".join(
        f'<li><span class="lstm-explore-swatch" style="border-top: {s["width"]}px'
        f' {"dashed" if "dash" in s else "solid"} {s["stroke"]}"></span>{html.escape(str(s["label"]))}</li>'
        for s in series
    )
    text = {
        "chart": label(lang, f"{key}.chart"),
        "status": label(lang, f"{key}.status"),
        "x": label(lang, f"{name}.xlabel"),
        "y": label(lang, f"{name}.ylabel"),
        "decimal": label(lang, "number.decimal"),
    }
    return (
        f'<section class="lstm-explore" data-search-exclude="controls" data-src="{html.escape(src)}"'
        f' data-figure="{name}" hidden'
        f' data-series="{html.escape(json.dumps(series, ensure_ascii=False, separators=(",", ":")))}"'
        f' data-text="{html.escape(json.dumps(text, ensure_ascii=False, separators=(",", ":")))}">'
        f'<div class="lstm-explore-chart"></div>'
        f'<ul class="lstm-explore-legend">{legend}</ul>'
        f'<div class="lstm-explore-controls">{"".join(controls)}</div>'
        f'<p class="lstm-explore-status" aria-live="polite"></p></section>'
    )


def head_tags(page_url: str) -> str:
    """The stylesheet and scripts a page with an interactive figure loads, relative to it."""
    from mkdocs.utils import get_relative_url

    def url(path: str) -> str:
        return html.escape(get_relative_url(path, page_url))

    return (
        f'<link rel="stylesheet" href="{url(VENDOR + "uPlot.min.css")}">'
        f'<script src="{url(VENDOR + "uPlot.iife.min.js")}" defer></script>'
        f'<script src="{url(SCRIPT)}" defer></script>'
    )
