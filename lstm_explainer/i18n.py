"""Languages and the label catalogue: every string a figure shows, in every language.

The list of languages lives here, once; the site's builds, the language selector and
the drift tests read it. Labels live in ``locales/<lang>.json``, one file a language,
with the same keys in every file (a test checks it).
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Language:
    """A language of the site: its name in itself and Material's locale for it."""

    name: str
    locale: str  # Material's theme.language (interface strings, search stemmer, <html lang>)


LANGUAGES: dict[str, Language] = {
    "pt": Language("Português", "pt-BR"),  # the original
    "en": Language("English", "en"),
    "es": Language("Español", "es"),
    "fr": Language("Français", "fr"),
    "de": Language("Deutsch", "de"),
    "zh": Language("简体中文", "zh"),
}
"""Language code -> `Language`. The first is the original. Adding a language:
one line here, a folder ``docs/<code>/`` and a catalogue ``locales/<code>.json``."""

ORIGINAL = next(iter(LANGUAGES))


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is known, else raise ``KeyError`` naming the known ones."""
    if lang not in LANGUAGES:
        raise KeyError(f"unknown language {lang!r}; known languages: {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def catalogue(lang: str) -> dict:
    """The whole label catalogue of ``lang`` (a nested dict read from its JSON file)."""
    text = (
        resources.files(__package__)
        .joinpath("locales", f"{check_lang(lang)}.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def label(lang: str, key: str, **fields: object) -> str:
    """The string at dotted ``key`` (e.g. ``"gradient-decay.xlabel"``), with ``fields`` filled in."""
    node: object = catalogue(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no label {key!r} in the {lang!r} catalogue")
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"label {key!r} in the {lang!r} catalogue is a group, not a string")
    return node.format(**fields) if fields else node


def format_number(value: float, lang: str, style: str = "auto", digits: int = 2) -> str:
    """``value`` written as a reader of ``lang`` writes it.

    Args:
        value: the number (finite). A negative number takes the minus sign U+2212.
        lang: the language (sets the decimal separator).
        style: ``"sci"`` (2,6 × 10⁻⁷), ``"fixed"`` (0,37 with ``digits`` decimals),
            ``"int"`` (150; 232 160, grouped as the language groups thousands), or ``"auto"``:
            ``digits`` significant digits, in scientific notation below 0.01 or from 10 000 on,
            plain otherwise.
        digits: significant digits (``"sci"``, ``"auto"``) or decimals (``"fixed"``).
    """
    if style not in ("sci", "fixed", "int", "auto"):
        raise ValueError(f"unknown number style {style!r}; expected 'sci', 'fixed', 'int' or 'auto'")
    if not math.isfinite(value):
        raise ValueError(f"cannot write the non-finite number {value!r}")
    written = _format_magnitude(abs(value), lang, style, digits)
    # The minus sign of typeset math (U+2212), not the hyphen; no sign on what rounds to zero.
    nonzero = any(d in written for d in "123456789")
    return f"\u2212{written}" if value < 0 and nonzero else written


def _format_magnitude(value: float, lang: str, style: str, digits: int) -> str:
    """`format_number` for ``value`` >= 0."""
    sep = label(lang, "number.decimal")
    if style == "int":  # grouped by thousands as the language writes them: 232 160, 232,160, 232.160
        return f"{round(value):,d}".replace(",", label(lang, "number.thousands"))
    if style == "auto":
        if value == 0 or 1e-2 <= abs(value) < 1e4:
            decimals = 0 if value == 0 else max(0, digits - 1 - math.floor(math.log10(abs(value))))
            return f"{value:.{decimals}f}".replace(".", sep)
        style = "sci"
    if style == "fixed":
        return f"{value:.{digits}f}".replace(".", sep)
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    sup = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa.replace('.', sep)} × 10{sup}"


# Catalogues write no number by hand: numbers, counts, ranges and settings come through
# placeholders ({number:<id>} from lstm_explainer.numbers, or a figure's own {fields}). What may
# keep a digit: a placeholder, a formula symbol and the year of a citation.
_PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")
_FORMULA = re.compile(r"t−1|k ?\+ ?1|≡ 1|[hC]_0\b|f_t [=≈→] 1\b")
CITED_YEARS = ("1991", "1994", "1997", "2000", "2005", "2012", "2013", "2015", "2017", "2018")
_YEAR = re.compile(rf"\b(?:{'|'.join(CITED_YEARS)})\b")


def handwritten_numbers(lang: str) -> dict[str, str]:
    """The labels of ``lang``'s catalogue that write a digit outside a placeholder, a formula
    symbol or a cited year: ``{key: what is left}`` (empty when the catalogue is clean)."""
    found = {}

    def walk(node: dict, prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            elif key not in ("decimal", "thousands"):
                left = _YEAR.sub("", _FORMULA.sub("", _PLACEHOLDER.sub("", value)))
                if re.search(r"\d", left):
                    found[f"{prefix}{key}"] = left

    walk(catalogue(lang), "")
    return found
