"""Shortcodes and MathML: unknown names fail loudly, equations come only from the registry."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from lstm_explainer.equations import equation
from lstm_explainer.i18n import LANGUAGES, format_number, label
from lstm_explainer.site import render


class FakeContent:
    equations: ClassVar = {
        "lstm-cell": {
            "latex": equation("lstm-cell").latex,
            "function": equation("lstm-cell").function,
            "mathml": render.mathml(equation("lstm-cell").latex, display=True),
        }
    }
    numbers: ClassVar = {"rnn-bound-0.9-50": 0.9**50}
    provenance: ClassVar = {
        "adding": {
            "date": "2026-11-25",
            "machine": "x86_64, Linux",
            "hash": "0123abcd",
            "seeds": "0, 1",
            "file": "lstm_explainer/results/adding.json",
            "command": "python -m lstm_explainer experiments run adding",
        }
    }

    texts: ClassVar = {"pt": {"gradient-decay": {"alt": "Dois gráficos", "caption": "Como o gradiente"}}}
    claims: ClassVar = {
        "rnn-vanishes-below-one": {
            "statement": "falls by ten orders or more",
            "holds": True,
            "measured": {"ρ = 1": 1e-15},
        },
        "rnn-explodes-above-one": {
            "statement": "grows exponentially",
            "holds": False,
            "measured": {"growth per step, ρ = 2": 0.98},
        },
    }
    figure_claims: ClassVar = {"gradient-decay": ["rnn-vanishes-below-one"]}

    @staticmethod
    def figure_names(lang):
        return ["gradient-decay"]

    @staticmethod
    def explore_names():
        return []


def expand(md):
    return render.expand_markdown(md, "pt", FakeContent, "page.md")


def test_number_is_written_for_the_language():
    assert expand('O limite é {{ number("rnn-bound-0.9-50") }}.') == "O limite é 5,2 × 10⁻³."
    assert render.expand_markdown('{{number("rnn-bound-0.9-50")}}', "en", FakeContent, "p") == "5.2 × 10⁻³"


@pytest.mark.parametrize(
    ("md", "message"),
    [
        ('{{ figure("nope") }}', r"page.md: unknown figure 'nope'; known figures: gradient-decay"),
        ('{{ equation("lstm-cel") }}', r"page.md: unknown equation 'lstm-cel'; known equations: lstm-cell"),
        ('x {{ number("nope") }}', r"page.md: unknown number 'nope'; known numbers: demo-steps"),
        (
            '{{ chart("gradient-decay") }}',
            r"unknown shortcode 'chart'; expected equation, figure, number, provenance, claim or download",
        ),
        ('{{ provenance("add") }}', r"page.md: unknown experiment 'add'; known experiments: adding"),
        ("{{ figure(gradient-decay) }}", r"malformed shortcode"),
        ('see {{ figure("gradient-decay") }} here', r"must stand alone on its line"),
    ],
)
def test_bad_shortcodes_fail_naming_the_problem(md, message):
    with pytest.raises(render.ShortcodeError, match=message):
        expand(md)


def test_provenance_names_date_machine_seeds_key_file_and_command_in_the_language():
    assert expand('{{ provenance("adding") }}') == (
        "Procedência desta tabela: calculada em 2026-11-25 (x86_64, Linux), sementes 0, 1, chave 0123abcd "
        "(configuração e código); a configuração completa está em `lstm_explainer/results/adding.json`; "
        "para refazer: `python -m lstm_explainer experiments run adding`."
    )


def test_equation_placeholder_keeps_indentation_and_anchor_once():
    md = '!!! note\n    {{ equation("lstm-cell") }}\n\n{{ equation("lstm-cell") }}\n'
    out = expand(md)
    assert (
        '\n    <div class="lstm-placeholder" data-kind="equation" data-name="lstm-cell" id="eq-lstm-cell"'
        in out
    )
    assert out.count('id="eq-lstm-cell"') == 1


def test_placeholders_become_mathml_with_the_computing_function_linked():
    html = '<div class="lstm-placeholder" data-kind="equation" data-name="lstm-cell" id="eq-lstm-cell"></div>'
    out = render.expand_html(
        html,
        "pt",
        FakeContent,
        api_url="../api/",
        figure_url="../figures/",
        allow_display_math=False,
        where="p",
    )
    assert out.startswith(
        '<div class="lstm-equation" data-equation="lstm-cell" id="eq-lstm-cell" tabindex="0"><math '
    )
    assert (
        'Calculada por <a href="../api/#lstm_explainer.reference.lstm.lstm_step_forward"><code>lstm_step_forward</code></a>'
        in out
    )
    assert "<msub><mi>C</mi><mi>t</mi></msub>" in out
    assert "http://" not in out  # no namespace URL left in HTML5


def test_inline_math_becomes_mathml_and_display_math_in_prose_is_refused():
    def expand(html, api_page=False):
        where = "api.md" if api_page else "p"
        kwargs = {"api_url": "", "figure_url": "", "allow_display_math": api_page, "where": where}
        return render.expand_html(html, "pt", FakeContent, **kwargs)

    out = expand('<p><span class="arithmatex">\\(f_t &lt; 1\\)</span></p>')
    assert out == "<p>" + render.mathml("f_t < 1") + "</p>"
    assert 'display="inline"' in out
    display = '<div class="arithmatex">\\[C_t = C_{t-1}\\]</div>'
    with pytest.raises(render.ShortcodeError, match=r"p: display math 'C_t = C_\{t-1\}'… is not allowed"):
        expand(display)
    # the API page's docstrings: each equation in a box that scrolls sideways on a phone
    math = render.mathml("C_t = C_{t-1}", display=True)
    assert expand(display, api_page=True) == f'<div class="lstm-display-math" tabindex="0">{math}</div>'


def test_placeholder_left_raw_inside_an_admonition_is_filled_too():
    html = (
        '<p><div class="lstm-placeholder" data-kind="equation" data-name="lstm-cell" id="eq-lstm-cell" '
        'markdown="1"></div></p>'
    )
    out = render.expand_html(
        html, "pt", FakeContent, api_url="", figure_url="", allow_display_math=False, where="p"
    )
    assert out.startswith('<div class="lstm-equation" data-equation="lstm-cell"')
    assert out.endswith("</div>")


def test_a_decimal_comma_stays_one_number_in_mathml():
    assert "<mn>0,9</mn>" in render.mathml(r"\sigma = 0{,}9")
    assert "<mn>0.9</mn>" in render.mathml(r"\sigma = 0.9")
    # with a script, the whole number is its base (latex2mathml gave the square to "04" alone)
    assert "<msup><mn>0,04</mn><mn>2</mn></msup>" in render.mathml(r"0{,}04^2")
    # a comma between letters is an operator still
    assert "<mi>a</mi><mrow><mo>&#x0002C;</mo></mrow><mi>b</mi>" in render.mathml(r"f(a{,}b)")


def test_operator_names_slashes_and_tildes_are_written_as_tex_sets_them():
    """latex2mathml's output mended where Chromium laid it out unlike TeX (render's docstring)."""
    # \operatorname{diag}(f_t): an ordinary word, no thick space before its parenthesis; \! dropped
    jacobian = render.mathml(r"\operatorname{diag}\!\left(1 - h_t^2\right)")
    assert jacobian.startswith('<math display="inline"><mrow><mi>diag</mi><mrow><mo stretchy="true"')
    assert "negativethinmathspace" not in jacobian
    assert "<msub><mi>max</mi><mi>j</mi></msub>" in render.mathml(r"\max_j f_j")
    assert '<mo lspace="0" rspace="0">&#x0002F;</mo>' in render.mathml(r"\partial u / \partial v")
    assert render.mathml(r"\tilde{C}_t") == (
        '<math display="inline"><mrow><msub><mover accent="true"><mrow><mi>C</mi></mrow>'
        '<mo stretchy="false">&#x002DC;</mo></mover><mi>t</mi></msub></mrow></math>'
    )
    # a function's name after a symbol is set off by TeX's thin space ("u tanh", not "utanh"),
    # primed or not; at the start of a formula or after an operator it is not
    thin = '<mspace width="0.1667em"></mspace>'
    assert f"<mi>u</mi>{thin}<msup><mi>tanh</mi>" in render.mathml(r"u \tanh'(a_t)")
    assert f"<mi>w</mi>{thin}<mi>tanh</mi>" in render.mathml(r"1 + w \tanh(y)")
    assert thin not in render.mathml(r"\tanh(x) + \operatorname{diag}(f_t)")


class FakeExploreContent(FakeContent):
    @staticmethod
    def explore_names():
        return ["gradient-decay"]

    @staticmethod
    def explore_data(name):
        return {"sliders": {"radius": [0.5, 1.0, 1.5], "bias": [0.0, 1.0], "steps": [10, 150]}}


def test_a_figure_with_interactive_data_gets_labelled_sliders_hidden_until_its_script_runs():
    html = '<div class="lstm-placeholder" data-kind="figure" data-name="gradient-decay" id="fig-gradient-decay"></div>'
    out = render.expand_html(
        html + html,
        "pt",
        FakeExploreContent,
        api_url="",
        figure_url="../figures/",
        allow_display_math=False,
        where="p",
    )
    first, second = out.split("</figure>")[:2]
    assert first.startswith(
        '<figure class="lstm-figure" id="fig-gradient-decay" data-figure="gradient-decay">'
        '<img src="../figures/gradient-decay.svg" alt="Dois gráficos'
    )
    assert (
        '<section class="lstm-explore" data-search-exclude="controls" data-src="../figures/gradient-decay.json"'
        ' data-figure="gradient-decay" hidden'
    ) in first
    assert (
        '<label for="explore-gradient-decay-radius">σ_max(W_h) da RNN</label><input type="range" '
        'id="explore-gradient-decay-radius" name="radius" min="0" max="2" step="1" value="1" aria-valuetext="1,0" '
        'data-texts="[&quot;0,5&quot;,&quot;1,0&quot;,&quot;1,5&quot;]"><output for="explore-gradient-decay-radius">1,0</output>'
    ) in first
    assert '<label for="explore-gradient-decay-steps">distância máxima T − k (passos)</label>' in first
    assert 'value="1" aria-valuetext="150"' in first
    assert "<li>" in first
    assert "limite de Pascanu σ_max(W_h)^(T−k)</li>" in first
    # each legend swatch is drawn like its curve: solid, dashed, or dotted (the routes through h)
    swatches = re.findall(r"border-top: [\d.]+px (\w+) ", first)
    assert swatches == ["solid", "dashed", "solid", "dashed", "dotted"]
    assert '<p class="lstm-explore-status" aria-live="polite"></p>' in first
    assert first.index("lstm-explore") < first.index("<figcaption>")
    assert "lstm-explore" not in second  # ids once a page: a repeated figure is static


def test_a_slider_must_start_on_its_grid():
    class OffGrid(FakeExploreContent):
        @staticmethod
        def explore_data(name):
            return {"sliders": {"radius": [0.5, 1.5], "bias": [1.0], "steps": [150]}}

    html = '<div class="lstm-placeholder" data-kind="figure" data-name="gradient-decay"></div>'
    with pytest.raises(
        ValueError,
        match=r"gradient-decay: the slider 'radius' starts at 1.0, which is not on its grid \[0.5, 1.5\]",
    ):
        render.expand_html(
            html, "pt", OffGrid, api_url="", figure_url="", allow_display_math=False, where="p"
        )


def test_the_build_needs_uplot_from_node_modules_and_says_how_to_install_it(tmp_path):
    from lstm_explainer.site import interactive

    with pytest.raises(
        interactive.VendorError,
        match=r"node_modules/uplot/dist/uPlot.iife.min.js is missing: .*"
        r"Run `python3 scripts/dev.py build` \(it installs it\), or `npm install --no-package-lock`",
    ):
        interactive.vendor_files(tmp_path)
    dist = tmp_path / "node_modules" / "uplot" / "dist"
    dist.mkdir(parents=True)
    for name in ("uPlot.iife.min.js", "uPlot.min.css"):
        (dist / name).write_text("")
    with pytest.raises(interactive.VendorError, match="uplot/LICENSE is missing"):
        interactive.vendor_files(tmp_path)
    (dist.parent / "LICENSE").write_text("MIT")
    assert sorted(interactive.vendor_files(tmp_path)) == [
        "assets/vendor/uplot/LICENSE",
        "assets/vendor/uplot/uPlot.iife.min.js",
        "assets/vendor/uplot/uPlot.min.css",
    ]


def test_a_claim_that_holds_writes_nothing_and_one_that_does_not_stops_the_build_with_its_values():
    assert expand('O gradiente cai. {{ claim("rnn-vanishes-below-one") }}') == "O gradiente cai. "
    with pytest.raises(render.ShortcodeError) as err:
        expand('Ele explode. {{ claim("rnn-explodes-above-one") }}')
    assert str(err.value) == (
        "page.md: the claim 'rnn-explodes-above-one' does not hold (grows exponentially); "
        "measured: growth per step, ρ = 2 = 0.98"
    )
    with pytest.raises(
        render.ShortcodeError, match=r"page.md: unknown claim 'rnn-vanish'; known claims: rnn-vanishes"
    ):
        expand('{{ claim("rnn-vanish") }}')


def test_a_figure_whose_caption_makes_a_false_claim_stops_the_build():
    class FalseFigure(FakeContent):
        figure_claims: ClassVar = {"gradient-decay": ["rnn-vanishes-below-one", "rnn-explodes-above-one"]}

    html = '<div class="lstm-placeholder" data-kind="figure" data-name="gradient-decay"></div>'
    kwargs = {"api_url": "", "figure_url": "../figures/", "allow_display_math": False, "where": "p.md"}
    assert 'alt="Dois gráficos"' in render.expand_html(html, "pt", FakeContent, **kwargs)
    with pytest.raises(
        render.ShortcodeError, match=r"^p.md, figure 'gradient-decay': the claim 'rnn-explodes-above-one'"
    ):
        render.expand_html(html, "pt", FalseFigure, **kwargs)


def test_the_reference_source_is_open_and_the_fast_layers_source_collapsed():
    source = '<details class="mkdocstrings-source"><summary>Source</summary></details>'
    page = (
        f'<h2 id="lstm_explainer.reference.lstm">x</h2><h3 id="lstm_explainer.reference.lstm.sigmoid">'
        f'</h3>{source}<h3 id="lstm_explainer.lstm.lstm_forward"></h3>{source}'
    )
    out = render.open_reference_sources(page)
    first, second = re.findall(r'<details class="mkdocstrings-source"[^>]*>', out)
    assert first == '<details class="mkdocstrings-source" open>'
    assert second == '<details class="mkdocstrings-source">'


# ---- a stepping figure (explore.STEPPED): one slider, the step, over a traced sequence ---------------


def small_trace(**changes):
    """A traced sequence of five steps, marked at steps 2 and 4, shaped as `explore.gate_trace`'s."""
    T = 5
    cells = [
        {"model": model, "cell": k, **{g: [0.1 * t for t in range(T)] for g in ("i", "f", "o", "C")}}
        for model, k in (("hand", 1), ("trained", 7), ("trained", 6), ("trained", 12))
    ]
    data = {
        "steps": T,
        "value": [0.5, -0.25, 0.0, 1.0, -1.0],
        "marked": [0, 1, 0, 1, 0],
        "target": 0.375,
        "cells": cells,
        "out": {"hand": [0.0] * T, "trained": [0.1] * T},
        "ylim": {"x": [-1.15, 1.15], "i": [-0.05, 1.05], "f": [0.9, 1.005], "o": [-0.05, 1.05]},
    }
    return data | changes


class Block(HTMLParser):
    """The elements of an interactive block: each tag's attributes and its text, in order."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("input", "line", "rect"):
            self.open.append(element)

    def handle_endtag(self, tag):
        if tag not in ("input", "line", "rect"):
            self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def find(self, tag, **attrs):
        return [e for e in self.elements if e["tag"] == tag and all(e.get(k) == v for k, v in attrs.items())]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_stepping_figure_gets_a_step_slider_live_text_and_a_panel_per_gate_in_the_page_language(lang):
    from lstm_explainer.site import interactive

    out = interactive.explore_html("gate-trace", lang, small_trace(), "../figures/gate-trace.json")
    block = Block(out)
    section = block.find("section")[0]
    assert section["class"] == "lstm-explore"
    assert section["data-kind"] == "stepper"
    assert "hidden" in section  # until explore.js draws it; without JavaScript the static figure stays
    assert section["data-src"] == "../figures/gate-trace.json"

    # One native range input over the steps, starting at the first marked step (index 1: step 2).
    (slider,) = block.find("input")
    texts = interactive.step_texts(small_trace(), lang, "gate-trace")
    marked = label(lang, "gate-trace.explore.marked-step")
    assert texts == [format_number(t, lang, "int") + (marked if t in (2, 4) else "") for t in range(1, 6)]
    assert (slider["type"], slider["min"], slider["max"], slider["step"], slider["value"]) == (
        "range",
        "0",
        "4",
        "1",
        "1",
    )
    assert slider["aria-valuetext"] == texts[1]
    assert json.loads(slider["data-texts"]) == texts
    assert block.find("label", **{"for": slider["id"]})[0]["text"] == label(lang, "explore.step")
    assert block.find("output", **{"for": slider["id"]})[0]["text"] == texts[1]
    (status,) = block.find("p", **{"class": "lstm-explore-status"})
    assert status["aria-live"] == "polite"

    # The panels: one image for assistive technology, a panel per row and side, titled.
    (trace,) = block.find("div", **{"class": "lstm-trace"})
    assert trace["role"] == "img"
    assert trace["aria-label"] == label(lang, "gate-trace.explore.chart")
    panels = block.find("div", **{"class": "lstm-trace-panel"})
    assert [(p["data-row"], p["data-side"]) for p in panels] == [
        (row, side) for row in interactive.ROWS for side in ("hand", "trained")
    ]
    sides = {side: label(lang, f"gate-trace.title-{side}") for side in ("hand", "trained")}
    # the axis labels of the static figure, on one line ("Eingangs-\nGate i_t": "Eingangs-Gate i_t")
    rows = {
        row: label(lang, f"gate-trace.ylabel-{row}").replace("-\n", "-").replace("\n", " ")
        for row in interactive.ROWS
    }
    titles = [e["text"] for e in block.find("p", **{"class": "lstm-trace-title"})]
    assert titles == [
        f"{rows[row]} · {sides[side]}" for row in interactive.ROWS for side in ("hand", "trained")
    ]
    assert [e["text"] for e in block.find("p", **{"class": "lstm-trace-head"})] == list(sides.values())
    legend = [e["text"] for e in block.find("li")]
    assert legend == [
        label(lang, "gate-trace.value"),
        label(lang, "gate-trace.marked"),
        label(lang, "gate-trace.explore.hand-cell"),
        *(label(lang, "gate-trace.cell", k=format_number(k, lang, "int")) for k in (7, 6, 12)),
        label(lang, "gate-trace.explore.cursor"),
    ]
    # No digit but the data's own: the step and cell numbers.
    for text in [label(lang, "explore.step"), *titles, *sides.values(), *legend[:3], legend[-1], marked]:
        assert not re.search(r"\d", text), text

    # What the script needs to write the live text in the page's language.
    text = json.loads(section["data-text"])
    for key in ("status", "hand", "trained", "separator", "answer"):
        assert text[key] == label(lang, f"gate-trace.explore.{key}")
    assert text["decimal"] == label(lang, "number.decimal")
    assert text["thousands"] == label(lang, "number.thousands")
    assert text["steps"] == format_number(5, lang, "int")
    assert {k: tuple(v) for k, v in text["formats"].items()} == interactive.FORMATS
    style = json.loads(section["data-series"])
    assert [c["k"] for c in style["cells"]] == [format_number(k, lang, "int") for k in (1, 7, 6, 12)]
    assert [c["model"] for c in style["cells"]] == ["hand", "trained", "trained", "trained"]


class FakeSteppedContent(FakeContent):
    texts: ClassVar = {"pt": {"gate-trace": {"alt": "Cinco linhas de gráficos", "caption": "Os pesos"}}}
    figure_claims: ClassVar = {"gate-trace": []}

    @staticmethod
    def explore_names():
        return ["gate-trace"]

    @staticmethod
    def explore_data(name):
        return small_trace()


def test_a_stepping_figure_on_a_page_gets_its_block_once_before_its_caption():
    html = '<div class="lstm-placeholder" data-kind="figure" data-name="gate-trace"></div>'
    out = render.expand_html(
        html + html,
        "pt",
        FakeSteppedContent,
        api_url="",
        figure_url="../figures/",
        allow_display_math=False,
        where="p",
    )
    first, second = out.split("</figure>")[:2]
    assert '<img src="../figures/gate-trace.svg" alt="Cinco linhas de gráficos">' in first
    assert '<section class="lstm-explore" data-kind="stepper"' in first
    assert first.index("lstm-explore") < first.index("<figcaption>")
    assert "lstm-explore" not in second  # the slider's id is once a page: a repeated figure is static


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": [0.5, 0.25]}, r"gate-trace: value must have steps = 5 \(≥ 1\) values"),
        (
            {"marked": [0, 0, 0, 0, 0]},
            "gate-trace: no step is marked; the block starts at the first marked step",
        ),
        ({"cells": small_trace()["cells"][1:]}, r"gate-trace: 4 cells are drawn \(the hand-wired one, then"),
        ({"steps": 0}, "must have steps = 0"),
    ],
)
def test_stepping_data_that_do_not_fit_the_figure_raise_a_clear_error(changes, message):
    from lstm_explainer.site import interactive

    with pytest.raises(ValueError, match=message):
        interactive.explore_html("gate-trace", "pt", small_trace(**changes), "x.json")
    bad = small_trace()
    del bad["ylim"]
    with pytest.raises(ValueError, match=r"gate-trace: the stepping data lack \['ylim'\]"):
        interactive.explore_html("gate-trace", "pt", bad, "x.json")
