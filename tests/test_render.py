"""Shortcodes and MathML: unknown names fail loudly, equations come only from the registry."""

from __future__ import annotations

from typing import ClassVar

import pytest

from lstm_explainer.equations import equation
from lstm_explainer.site import render


class FakeContent:
    equations: ClassVar = {"lstm-cell": {"latex": equation("lstm-cell").latex, "function": equation("lstm-cell").function,
                               "mathml": render.mathml(equation("lstm-cell").latex, display=True)}}
    numbers: ClassVar = {"rnn-bound-0.9-50": 0.9**50}

    @staticmethod
    def figure_names(lang):
        return ["gradient-decay"]


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
        ('{{ chart("gradient-decay") }}', r"unknown shortcode 'chart'; expected equation, figure or number"),
        ("{{ figure(gradient-decay) }}", r"malformed shortcode"),
        ('see {{ figure("gradient-decay") }} here', r"must stand alone on its line"),
    ],
)
def test_bad_shortcodes_fail_naming_the_problem(md, message):
    with pytest.raises(render.ShortcodeError, match=message):
        expand(md)


def test_equation_placeholder_keeps_indentation_and_anchor_once():
    md = '!!! note\n    {{ equation("lstm-cell") }}\n\n{{ equation("lstm-cell") }}\n'
    out = expand(md)
    assert '\n    <div class="lstm-placeholder" data-kind="equation" data-name="lstm-cell" id="eq-lstm-cell"' in out
    assert out.count('id="eq-lstm-cell"') == 1


def test_placeholders_become_mathml_with_the_computing_function_linked():
    html = '<div class="lstm-placeholder" data-kind="equation" data-name="lstm-cell" id="eq-lstm-cell"></div>'
    out = render.expand_html(html, "pt", FakeContent, api_url="../api/", figure_url="../figures/",
                             allow_display_math=False, where="p")
    assert out.startswith('<div class="lstm-equation" data-equation="lstm-cell" id="eq-lstm-cell" tabindex="0"><math ')
    assert 'Calculada por <a href="../api/#lstm_explainer.lstm.lstm_forward"><code>lstm_forward</code></a>' in out
    assert "<msub><mi>C</mi><mi>t</mi></msub>" in out
    assert "http://" not in out  # no namespace URL left in HTML5


def test_inline_math_becomes_mathml_and_display_math_in_prose_is_refused():
    out = render.expand_html('<p><span class="arithmatex">\\(f_t &lt; 1\\)</span></p>', "pt", FakeContent,
                             api_url="", figure_url="", allow_display_math=False, where="p")
    assert out == "<p>" + render.mathml("f_t < 1") + "</p>"
    assert 'display="inline"' in out
    with pytest.raises(render.ShortcodeError, match=r"p: display math 'C_t = C_\{t-1\}'… is not allowed"):
        render.expand_html('<div class="arithmatex">\\[C_t = C_{t-1}\\]</div>', "pt", FakeContent,
                           api_url="", figure_url="", allow_display_math=False, where="p")


def test_placeholder_left_raw_inside_an_admonition_is_filled_too():
    html = ('<p><div class="lstm-placeholder" data-kind="equation" data-name="lstm-cell" id="eq-lstm-cell" '
            'markdown="1"></div></p>')
    out = render.expand_html(html, "pt", FakeContent, api_url="", figure_url="", allow_display_math=False,
                             where="p")
    assert out.startswith('<div class="lstm-equation" data-equation="lstm-cell"')
    assert out.endswith("</div>")


def test_a_decimal_comma_stays_one_number_in_mathml():
    assert "<mn>0,9</mn>" in render.mathml(r"\sigma = 0{,}9")
    assert "<mn>0.9</mn>" in render.mathml(r"\sigma = 0.9")
    # a comma between letters is an operator still
    assert "<mi>a</mi><mrow><mo>&#x0002C;</mo></mrow><mi>b</mi>" in render.mathml(r"f(a{,}b)")
