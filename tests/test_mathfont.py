"""The math font: which characters a page's MathML needs, and the subset the build serves."""

from __future__ import annotations

import io

import pytest

from lstm_explainer.site import mathfont

PAGE = (
    "<p>Se <math><msub><mi>W</mi><mi>h</mi></msub><mo>&#x02299;</mo><mi>tanh</mi>"
    '<mi mathvariant="normal">d</mi><mn>0,5</mn><mtext>&#x000A0;</mtext></math> então</p>'
    '<math display="block"><mo stretchy="true">(</mo><mi>&#x003C3;</mi><mo stretchy="true">)</mo></math>'
)


def test_characters_are_the_maths_own_with_the_italic_letters_mathml_draws():
    chars = mathfont.characters(PAGE)
    # W and h are drawn as U+1D44A and U+210E (planck constant), σ as U+1D70E; "tanh" and the
    # mathvariant="normal" d stay upright; the prose around the math ("Se", "então") is not needed.
    assert chars == set("Wh⊙tanhd0,5()σ") | {"\U0001d44a", "\u210e", "\U0001d70e"}


@pytest.fixture(scope="module")
def font():
    try:
        return mathfont.source()[0]
    except mathfont.MathFontError as err:
        pytest.skip(str(err))


def test_the_subset_keeps_the_characters_and_the_stretchy_variants_and_is_reproducible(font):
    from fontTools.ttLib import TTFont

    chars = mathfont.characters(PAGE)
    first = mathfont.subset(font, chars)
    assert mathfont.subset(font, chars) == first  # byte-identical: no timestamp recalculated
    assert first[:4] == b"wOF2"
    ttf = TTFont(io.BytesIO(first))
    assert {ord(c) for c in chars} <= set(ttf.getBestCmap())
    whole = TTFont(font)
    assert len(ttf.getGlyphOrder()) < len(whole.getGlyphOrder()) / 10
    variants = ttf["MATH"].table.MathVariants  # "(" keeps its larger sizes, to stretch
    paren = ttf.getBestCmap()[ord("(")]
    coverage = variants.VertGlyphCoverage.glyphs
    construction = variants.VertGlyphConstruction[coverage.index(paren)]
    assert construction.VariantCount >= 4
    assert all(v.VariantGlyph in ttf.getGlyphOrder() for v in construction.MathGlyphVariantRecord)
    assert len(first) < 12_000  # these few characters; the whole site's math is about 30 KB


def test_a_missing_font_stops_the_build_naming_the_package(monkeypatch):
    monkeypatch.setattr(mathfont, "FAMILY", "No Such Math Font")
    with pytest.raises(mathfont.MathFontError, match="apt-get install fonts-lmodern"):
        mathfont.source()
