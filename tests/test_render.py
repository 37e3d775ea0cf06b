"""Shortcodes and MathML: unknown names fail loudly, equations come only from the registry."""

from __future__ import annotations

import re
from typing import ClassVar

import pytest

from lstm_explainer.equations import equation
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
