"""Translations: one glossary per language used consistently, and every paragraph in its language."""

from __future__ import annotations

import html
import re
import tomllib

import pytest
from paths import DOCS, PAGES

from lstm_explainer import figures
from lstm_explainer.i18n import LANGUAGES, ORIGINAL

TRANSLATIONS = [lang for lang in LANGUAGES if lang != ORIGINAL]


def glossary(lang: str) -> dict[str, list[str]]:
    return tomllib.loads((DOCS / "glossary" / f"{lang}.toml").read_text("utf-8"))


def test_every_translation_has_a_glossary_of_the_same_terms():
    files = {p.stem for p in (DOCS / "glossary").glob("*.toml")}
    assert files == set(TRANSLATIONS)
    terms = [list(glossary(lang)) for lang in TRANSLATIONS]
    assert all(t == terms[0] for t in terms)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_glossary_terms_are_used_wherever_the_original_uses_them(lang):
    missing = []
    for page in PAGES:
        original = (DOCS / ORIGINAL / page).read_text("utf-8").lower()
        translated = (DOCS / lang / page).read_text("utf-8").lower()
        for term, forms in glossary(lang).items():
            if term in original and not any(form.lower() in translated for form in forms):
                missing.append(f"{page}: {term!r} -> {forms}")
    assert missing == []


# ---- language detection over the built pages ---------------------------------------------------


def paragraphs(page_html: str) -> list[str]:
    """The prose of a built page: paragraphs, list items, table cells, captions, alt texts.

    Math, code and the API's docstrings (English, the code's language) are left out, and so
    are the bibliographic references, whose titles stay in their original language."""
    article = page_html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>")[0]
    article = article.split('id="references"')[0].split('<div class="doc doc-object')[0]
    article = re.sub(r"<(math|code|pre|svg)\b.*?</\1>", " ", article, flags=re.DOTALL)
    texts = re.findall(
        r"<(?:p|li|td|th|figcaption)\b[^>]*>(.*?)</(?:p|li|td|th|figcaption)>", article, re.DOTALL
    )
    texts += re.findall(r'\balt="([^"]*)"', article)
    out = []
    for t in texts:
        t = html.unescape(re.sub(r"<[^>]+>", " ", t))
        t = re.sub(r"\(?\b(?:[A-Z][\w-]+,? (?:[A-Z]\.,? ?)+(?:&|e|and|y|et|und|和)? ?)+\(?\d{4}\)?", " ", t)
        t = re.sub(r"\s+", " ", t).strip()
        if len(t) >= 60 or (re.search(r"[\u4e00-\u9fff]", t) and len(t) >= 12):
            out.append(t)
    return out


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_paragraph_of_every_page_is_in_the_page_language(site, lang, langid):
    wrong, checked = [], 0
    for page in PAGES:
        stem = page[:-3]
        path = site / lang / ("index.html" if stem == "index" else f"{stem}/index.html")
        for text in paragraphs(path.read_text("utf-8")):
            checked += 1
            found, _ = langid.classify(text)
            if found != lang:
                wrong.append(f"{page} [{found}] {text[:90]}")
    assert checked >= 40
    assert wrong == []


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_figure_labels_are_in_the_page_language(lang, langid):
    for name in figures.FIGURES:
        for key in ("alt", "caption"):
            assert (
                langid.classify(
                    figures.alt_text(name, lang) if key == "alt" else figures.caption(name, lang)
                )[0]
                == lang
            ), (name, key)
