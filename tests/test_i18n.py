"""The label catalogues and the way numbers are written in each language."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from lstm_explainer.i18n import LANGUAGES, ORIGINAL, catalogue, check_lang, format_number, label


def _keys(node: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in node.items():
        out |= _keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return out


def test_original_is_portuguese():
    assert ORIGINAL == "pt"
    assert LANGUAGES["pt"].locale == "pt-BR"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_catalogue_has_the_originals_keys_and_fields(lang):
    ref, cat = catalogue(ORIGINAL), catalogue(lang)
    assert _keys(cat) == _keys(ref)
    for key in _keys(ref):
        fields_ref = {f for f in ("{r}", "{b}", "{f}") if f in label(ORIGINAL, key)}
        fields = {f for f in ("{r}", "{b}", "{f}") if f in label(lang, key)}
        assert fields == fields_ref, key


def test_every_language_has_a_catalogue_file_and_no_stray_file():
    files = {
        p.name[:-5]
        for p in resources.files("lstm_explainer").joinpath("locales").iterdir()
        if p.name.endswith(".json")
    }
    assert files == set(LANGUAGES)
    for lang in LANGUAGES:
        json.loads(resources.files("lstm_explainer").joinpath("locales", f"{lang}.json").read_text("utf-8"))


def test_unknown_language_and_label_raise_key_errors_naming_them():
    with pytest.raises(KeyError, match=r"unknown language 'xx'; known languages: pt, en"):
        check_lang("xx")
    with pytest.raises(KeyError, match=r"no label 'gradient-decay.nope' in the 'pt' catalogue"):
        label("pt", "gradient-decay.nope")
    with pytest.raises(KeyError, match=r"is a group, not a string"):
        label("pt", "gradient-decay")


@pytest.mark.parametrize(
    ("value", "lang", "style", "digits", "expected"),
    [
        (0.9**50, "pt", "sci", 2, "5,2 × 10⁻³"),
        (0.9**50, "en", "sci", 2, "5.2 × 10⁻³"),
        (6.3e18, "en", "auto", 2, "6.3 × 10¹⁸"),
        (0.366, "pt", "auto", 2, "0,37"),
        (158.4, "en", "auto", 2, "158"),
        (1.0, "pt", "auto", 2, "1,0"),
        (0.0, "en", "auto", 2, "0"),
        (150, "pt", "int", 2, "150"),
        (232160, "pt", "int", 2, "232\u202f160"),
        (232160, "en", "int", 2, "232,160"),
        (232160, "de", "int", 2, "232.160"),
        (0.5, "pt", "fixed", 1, "0,5"),
        (-2.5e-7, "en", "auto", 3, "\u22122.50 × 10⁻⁷"),
        (-0.366, "pt", "fixed", 2, "\u22120,37"),
        (-232160, "pt", "int", 2, "\u2212232\u202f160"),
        (-0.001, "en", "fixed", 2, "0.00"),  # rounds to zero: no sign
        (-0.0, "en", "auto", 2, "0"),
    ],
)
def test_format_number(value, lang, style, digits, expected):
    assert format_number(value, lang, style, digits) == expected


def test_format_number_rejects_bad_input():
    with pytest.raises(ValueError, match=r"unknown number style 'eng'; expected"):
        format_number(1.0, "pt", "eng")
    with pytest.raises(ValueError, match=r"non-finite number nan"):
        format_number(math.nan, "pt")
    with pytest.raises(KeyError, match=r"unknown language"):
        format_number(1.0, "xx")
