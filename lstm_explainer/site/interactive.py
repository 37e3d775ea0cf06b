"""The interactive figures on the page: sliders over the data of `lstm_explainer.explore`.

A figure that has interactive data gets, inside its ``<figure>``, a hidden ``<section>`` with real
``<input type="range">`` sliders, their ``<label>``s and ``<output>``s, a legend and an
``aria-live`` status line, every string in the page's language. The site's script
(``assets/javascripts/explore.js``) reveals the block, hides the static image and draws the
curves of the chosen position with uPlot (a stepping figure, `explore.STEPPED`, has one slider,
the step t, and draws its curves whole, a panel per gate, with a cursor at the chosen step);
without JavaScript the block stays hidden and the static figure is all there is. The block is
left out of the search index (Material's ``data-search-exclude``): its labels are controls, not
prose. It is a ``<section>`` because
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


def _json(value: object) -> str:
    """``value`` as compact JSON, escaped for an HTML attribute."""
    return html.escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _slider(ident: str, name: str, name_text: str, texts: list[str], i: int) -> str:
    """A labelled range input over the positions 0 … len(texts) − 1, at ``i``, with its output;
    ``texts`` say how each position is written (the script sets the output and aria-valuetext)."""
    return (
        f'<div class="lstm-explore-control"><label for="{ident}">{html.escape(name_text)}</label>'
        f'<input type="range" id="{ident}" name="{name}" min="0" max="{len(texts) - 1}" step="1"'
        f' value="{i}" aria-valuetext="{html.escape(texts[i])}" data-texts="{_json(texts)}">'
        f'<output for="{ident}">{html.escape(texts[i])}</output></div>'
    )


def _one_line(text: str) -> str:
    """A label written over lines as one line: a line broken after a hyphen joins without a space."""
    return text.replace("-\n", "-").replace("\n", " ")


def _border_style(dash: tuple[int, ...] | None) -> str:
    """The CSS border style of a legend swatch drawn like a curve with this dash pattern (in CSS
    pixels; None: solid): dots for dashes of 2 px or less, dashes above."""
    if not dash:
        return "solid"
    return "dotted" if dash[0] <= 2 else "dashed"


def explore_html(name: str, lang: str, data: dict, src: str) -> str:
    """The hidden interactive block of figure ``name`` in ``lang``; ``data`` is its
    `lstm_explainer.explore` data (for the sliders' grids), ``src`` its URL from the page.
    A figure of `explore.STEPPED` gets a step slider over its traced sequence (`stepper_html`)."""
    if name in explore.STEPPED:
        return stepper_html(name, lang, data, src)
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
        ident = f"explore-{name}-{slider}"
        controls.append(_slider(ident, slider, label(lang, f"explore.{slider}"), texts, values.index(start)))
    series = [
        {k: v for k, v in dataclasses.asdict(s).items() if v is not None}
        | {"label": label(lang, f"{key}.{s.id}")}
        for s in explorer.series
    ]
    legend = "".join(
        f'<li><span class="lstm-explore-swatch" style="border-top: {s["width"]}px'
        f' {_border_style(s.get("dash"))} {s["stroke"]}"></span>{html.escape(str(s["label"]))}</li>'
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
        f' data-figure="{name}" hidden data-series="{_json(series)}" data-text="{_json(text)}">'
        f'<div class="lstm-explore-chart"></div>'
        f'<ul class="lstm-explore-legend">{legend}</ul>'
        f'<div class="lstm-explore-controls">{"".join(controls)}</div>'
        f'<p class="lstm-explore-status" aria-live="polite"></p></section>'
    )


# ---- a stepping figure: one slider, the step, over a sequence traced at build time ----------------

ROWS = ("x", "i", "f", "o", "C")
"""The stepping figure's rows: the input, then each gate and the cell state (the static figure's)."""
FORMATS = {
    "value": ("fixed", 2),
    "i": ("fixed", 2),
    "f": ("fixed", 3),  # near 1: a third decimal tells 0.998 from 1
    "o": ("fixed", 2),
    "C": ("fixed", 3),
    "out": ("fixed", 3),
}
"""How the live text writes each quantity: `lstm_explainer.i18n.format_number`'s style and
digits (the script's formatNumber writes them alike)."""


def check_trace(name: str, data: dict) -> None:
    """Raise ``ValueError`` naming ``name`` and what is wrong unless ``data`` is a traced
    sequence as `lstm_explainer.explore.gate_trace` writes it, with the stepper's cells."""
    stepper = explore.STEPPED[name]
    missing = {"steps", "value", "marked", "target", "cells", "out", "ylim"} - set(data)
    if missing:
        raise ValueError(f"{name}: the stepping data lack {sorted(missing)}")
    T = data["steps"]
    lists = {
        "value": data["value"],
        "marked": data["marked"],
        **{f"out.{k}": v for k, v in data["out"].items()},
    }
    for c in data["cells"]:
        lists |= {f"{c['model']} cell {c['cell']}: {g}": c[g] for g in ("i", "f", "o", "C")}
    wrong = [k for k, v in lists.items() if len(v) != T]
    if not isinstance(T, int) or T < 1 or wrong:
        raise ValueError(f"{name}: {', '.join(wrong) or 'steps'} must have steps = {T!r} (≥ 1) values")
    if not any(data["marked"]):
        raise ValueError(f"{name}: no step is marked; the block starts at the first marked step")
    if [c["model"] for c in data["cells"]] != ["hand"] + ["trained"] * (len(stepper.cells) - 1):
        raise ValueError(
            f"{name}: {len(stepper.cells)} cells are drawn (the hand-wired one, then the trained ones), "
            f"the data have {[c['model'] for c in data['cells']]}"
        )


def step_texts(data: dict, lang: str, name: str) -> list[str]:
    """How each step of the slider is written in ``lang``: its number t (from 1), and on a
    marked pair that it is marked."""
    marked = label(lang, f"{name}.explore.marked-step")
    return [
        format_number(t, lang, "int") + (marked if m else "") for t, m in enumerate(data["marked"], start=1)
    ]


def _swatch(stroke: str, width: float, dash: tuple[int, ...] | None = None, fill: bool = False) -> str:
    """A legend's sample: a line as the charts draw it, or (``fill``) the marked steps' shading."""
    if fill:
        sample = f'<rect width="28" height="12" fill="{stroke}" fill-opacity="0.35"/>'
    else:
        dashes = f' stroke-dasharray="{" ".join(map(str, dash))}"' if dash else ""
        sample = f'<line x1="0" y1="6" x2="28" y2="6" stroke="{stroke}" stroke-width="{width}"{dashes}/>'
    return f'<svg class="lstm-explore-swatch" viewBox="0 0 28 12" aria-hidden="true">{sample}</svg>'


def stepper_html(name: str, lang: str, data: dict, src: str) -> str:
    """The hidden stepping block of figure ``name`` (`lstm_explainer.explore.STEPPED`) in
    ``lang``: the step slider (starting at the first marked step), the live text, a legend and a
    panel per row and side (the input above each side, as in the static figure), for
    ``explore.js`` to draw in."""
    check_trace(name, data)
    stepper = explore.STEPPED[name]
    key = f"{name}.explore"
    texts = step_texts(data, lang, name)
    control = _slider(
        f"explore-{name}-step", "step", label(lang, "explore.step"), texts, data["marked"].index(1)
    )
    cells = [
        {k: v for k, v in dataclasses.asdict(s).items() if v is not None}
        | {
            "model": c["model"],
            "k": format_number(c["cell"], lang, "int"),
            "label": label(lang, f"{key}.hand-cell")
            if c["model"] == "hand"
            else label(lang, f"{name}.cell", k=format_number(c["cell"], lang, "int")),
        }
        for s, c in zip(stepper.cells, data["cells"], strict=True)
    ]
    series = {
        "cells": cells,
        "value": dataclasses.asdict(stepper.value),
        "mark": stepper.mark,
        "cursor": stepper.cursor,
    }
    legend = [
        (_swatch(stepper.value.stroke, stepper.value.width), label(lang, f"{name}.value")),
        (_swatch(stepper.mark, 0, fill=True), label(lang, f"{name}.marked")),
        *((_swatch(c["stroke"], c["width"], c.get("dash")), c["label"]) for c in cells),
        (_swatch(stepper.cursor, 1.5), label(lang, f"{key}.cursor")),
    ]
    text = {
        "status": label(lang, f"{key}.status"),
        "marked": label(lang, f"{key}.marked-step"),
        "hand": label(lang, f"{key}.hand"),
        "trained": label(lang, f"{key}.trained"),
        "separator": label(lang, f"{key}.separator"),
        "answer": label(lang, f"{key}.answer"),
        "steps": format_number(data["steps"], lang, "int"),
        "x": label(lang, f"{name}.xlabel"),
        "decimal": label(lang, "number.decimal"),
        "thousands": label(lang, "number.thousands"),
        "formats": FORMATS,
    }
    # The static figure's axis labels break over two lines ("Eingangs-\nGate"); a panel's title is one.
    rows = {row: html.escape(_one_line(label(lang, f"{name}.ylabel-{row}"))) for row in ROWS}
    sides = {side: html.escape(label(lang, f"{name}.title-{side}")) for side in ("hand", "trained")}
    heads = "".join(f'<p class="lstm-trace-head" data-side="{s}">{title}</p>' for s, title in sides.items())
    items = "".join(f"<li>{swatch}{html.escape(t)}</li>" for swatch, t in legend)
    panels = "".join(  # titled by the row; by the side too where the panels stack (one column)
        f'<div class="lstm-trace-panel" data-row="{row}" data-side="{side}"><p class="lstm-trace-title">'
        f'{rows[row]}<span class="lstm-trace-side"> · {title}</span></p></div>'
        for row in rows
        for side, title in sides.items()
    )
    return (
        f'<section class="lstm-explore" data-kind="stepper" data-search-exclude="controls"'
        f' data-src="{html.escape(src)}" data-figure="{name}" hidden'
        f' data-series="{_json(series)}" data-text="{_json(text)}">'
        f'<div class="lstm-explore-controls">{control}</div>'
        f'<p class="lstm-explore-status" aria-live="polite"></p>'
        f'<ul class="lstm-explore-legend">{items}</ul>'
        f'<div class="lstm-trace" role="img" aria-label="{html.escape(label(lang, f"{key}.chart"))}">'
        f"{heads}{panels}</div></section>"
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
