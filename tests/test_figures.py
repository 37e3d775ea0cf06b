"""Figure functions: registered by name, localized, reproducible, and failing clearly."""

from __future__ import annotations

import os
import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from lstm_explainer import figures
from lstm_explainer.i18n import LANGUAGES, label


def test_the_site_figures_are_registered():
    assert {"gradient-decay", "forget-gate", "cell-diagram"} <= set(figures.FIGURES)


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
def test_svg_is_reproducible_and_has_no_timestamp(name):
    a, b = figures.render(name, "pt"), figures.render(name, "pt")
    assert a == b
    assert b"<dc:date>" not in a


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_visible_string_is_in_the_page_language(name, lang):
    svg = figures.render(name, lang).decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    titles = [
        figures.text(lang, f"{name}.{key}") for key in ("title", "title-rnn", "xlabel") if _has(name, key)
    ]
    for title in titles:
        assert any(title.split("\n")[0][:20] in t for t in texts), (title, texts[:10])
    other = [lg for lg in LANGUAGES if lg != lang]
    for lg in other:
        for key in ("xlabel", "title"):
            theirs = _has(name, key) and figures.text(lg, f"{name}.{key}")
            if theirs and theirs != figures.text(lang, f"{name}.{key}"):
                assert not any(theirs[:20] in t for t in texts)


def _has(name: str, key: str) -> bool:
    try:
        label("pt", f"{name}.{key}")
    except KeyError:
        return False
    return True


def test_alt_text_and_caption_are_localized_with_numbers_written_for_the_language():
    assert figures.alt_text("gradient-decay", "pt") != figures.alt_text("gradient-decay", "en")
    caption = figures.caption("forget-gate", "en")
    assert "{number:" not in caption
    assert "a random W_h multiplied by 0.25 (weak recurrence" in caption
    assert "W_h aleatória multiplicada por 0,25 (recorrência fraca" in figures.caption("forget-gate", "pt")


def test_a_placeholder_of_an_unknown_number_fails_naming_it(monkeypatch):
    from lstm_explainer import i18n

    catalogue = {
        **i18n.catalogue("en"),
        "forget-gate": {
            **i18n.catalogue("en")["forget-gate"],
            "caption": "set-up: {number:demo-stepz} steps",
        },
    }
    monkeypatch.setattr(i18n, "catalogue", lambda lang: catalogue)
    with pytest.raises(KeyError, match=r"unknown number 'demo-stepz'; known numbers: demo-steps"):
        figures.caption("forget-gate", "en")


def test_bad_names_and_formats_raise_clear_errors():
    with pytest.raises(
        KeyError, match=r"unknown figure 'nope'; known figures: adding-lengths, adding-training, cell-diagram"
    ):
        figures.render("nope", "pt")
    with pytest.raises(KeyError, match=r"unknown language 'xx'"):
        figures.figure("gradient-decay", "xx")
    with pytest.raises(ValueError, match=r"unknown format 'jpg'; expected 'svg', 'png' or 'pdf'"):
        figures.render("cell-diagram", "pt", "jpg")


def test_chinese_labels_are_laid_out_with_a_cjk_font():
    """Without a CJK font the figures still build (the browser draws the glyphs), but matplotlib
    measures the labels with DejaVu's missing-glyph box; CI requires the real font."""
    if "zh" not in LANGUAGES:
        pytest.skip("zh is not a language of the site")
    if figures.cjk_font() is None:
        if os.environ.get("LSTM_EXPLAINER_REQUIRE_CJK_FONT"):
            pytest.fail("LSTM_EXPLAINER_REQUIRE_CJK_FONT is set but no CJK font is installed")
        pytest.skip("no CJK font installed (Debian: apt install fonts-noto-cjk)")
    svg = figures.render("forget-gate", "zh").decode()
    assert f"'DejaVu Sans', '{figures.cjk_font()}'" in svg
    assert re.search(r"<text[^>]*>[^<]*[\u4e00-\u9fff]", svg)


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_text_stays_in_the_figure_and_no_legend_covers_another_label(name, lang):
    """What a translation lengthens must still fit: a label past the figure's edge is cut off in the
    SVG, and a legend laid over another legend or a neighbour's axis label hides both."""
    figures.use_fonts(lang)
    fig = figures.figure(name, lang)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    drawn = fig.get_tightbbox(renderer)  # inches
    width, height = fig.get_size_inches()
    past = {"left": -drawn.x0, "bottom": -drawn.y0, "right": drawn.x1 - width, "top": drawn.y1 - height}
    assert max(past.values()) <= 0.01, {edge: round(v, 3) for edge, v in past.items() if v > 0.01}
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    boxes = [legend.get_window_extent(renderer) for legend in legends]
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            assert not boxes[a].overlaps(boxes[b]), "two legends overlap"
    for legend, box in zip(legends, boxes, strict=True):
        for ax in fig.axes:
            if ax is legend.axes or not ax.get_visible():
                continue
            label = ax.xaxis.label
            if label.get_text():
                assert not box.overlaps(label.get_window_extent(renderer)), (
                    f"a legend covers '{label.get_text()}'"
                )
