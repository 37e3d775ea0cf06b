r"""Shortcodes and math: how a page's Markdown and HTML receive what the package computed.

Six shortcodes, each failing loudly on a name the package does not know:

- ``{{ equation("lstm-cell") }}``, alone on its line: the equation from the registry
  (`lstm_explainer.equations`) as MathML, with the name of the function that
  computes it, linked to its entry in the API reference;
- ``{{ figure("gradient-decay") }}``, alone on its line: the figure in the page's
  language, with its alt text and caption; a figure with interactive data
  (`lstm_explainer.explore`) also gets its sliders (`lstm_explainer.site.interactive`),
  hidden until the page's script draws the chart;
- ``{{ number("rnn-bound-0.9-50") }}``, inline: a number from
  `lstm_explainer.numbers`, written for the page's language;
- ``{{ provenance("adding") }}``: where, when and by which code and seeds a stored experiment
  result was computed (`lstm_explainer.experiments`), for the line under its table;
- ``{{ claim("rnn-vanishes-below-one") }}``, at the end of the sentence that makes the claim:
  nothing is written, but a claim (`lstm_explainer.claims`) that does not hold on the data of
  this build stops it, naming the claim, the page and the measured values. A figure's caption and
  alt text are checked the same way, through the claims its registration names;
- ``{{ download("files") }}`` and ``{{ download("install") }}``, each alone on its line: the
  table of the package's wheel and sdist this build publishes (name, size, SHA-256) and the
  command that installs that wheel (`lstm_explainer.site.downloads`).

Equations and figures become placeholders in the Markdown (so Markdown never touches
MathML) and are filled into the HTML. Inline math in the prose (``$f_t$``, kept as
``<span class="arithmatex">`` by pymdownx.arithmatex) becomes MathML too: no script and no
request to any other host is needed to read a formula; the browser lays it out with the math
font the site serves (`lstm_explainer.site.mathfont`).

The converter is latex2mathml, mended in `mathml`. It was compared with Temml 0.13.5 (npm, run by
node) on the site's 14 equations and 164 distinct inline formulas (every language, the notebooks),
laid out by Chromium in Latin Modern Math and measured: both give stretchy ``\left``/``\right``
fences (each at least as tall as what it encloses: 14 of 14, the smallest 1.03 times) and the same
``\odot``, scripts and fractions. Temml was closer to TeX where latex2mathml writes an ``<mo>``
for an ordinary symbol: ``\operatorname{diag}(f_t)`` and ``\max`` as ``<mo>``, so Chromium puts a
thick space (0.27 em; Temml, like TeX: 0) between "diag" and its parenthesis; ``/`` with a thin
space each side (TeX: none); ``\!`` as ``negativethinmathspace``, which MathML Core ignores; and a
decimal comma split into three elements. Neither marks ``\tilde`` as an accent, so Chromium set the
tilde high above the C and left of its centre. `mathml` mends those five in latex2mathml's output
(Temml's would need the ``\tilde`` one too), after which the two lay out the same; latex2mathml
stays, since it needs no node process in each build and no cache of its own.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from latex2mathml.converter import convert

from .. import claims, numbers
from ..i18n import label
from . import downloads as dl
from . import interactive

SHORTCODE = re.compile(r"\{\{\s*(?P<kind>\w+)\(\s*\"(?P<name>[^\"]*)\"\s*\)\s*\}\}")
_ANY_BRACES = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# Inside an admonition, Markdown leaves the placeholder raw, wrapped in a paragraph.
_PLACEHOLDER = re.compile(
    r'(?:<p>)?<div class="lstm-placeholder" data-kind="(\w+)" data-name="([^"]+)"[^>]*>\s*</div>(?:</p>)?'
)
_INLINE_MATH = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.DOTALL)
_DISPLAY_MATH = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.DOTALL)
_XMLNS = ' xmlns="http://www.w3.org/1998/Math/MathML"'
# latex2mathml splits a decimal comma written ``0{,}9`` into a number, an operator and a number.
_SOURCE_OR_HEADING = re.compile(
    r'<h[1-6] id="(?P<id>[^"]+)"|(?P<source><details class="mkdocstrings-source")>'
)
REFERENCE = "lstm_explainer.reference."
"""The modules whose source the API page shows open: the code the equations link to."""
_DECIMAL_COMMA = re.compile(r"<mn>(\d+)</mn><mrow><mo>&#x0002C;</mo></mrow><mn>(\d+)</mn>")
# ... and, when the number has a script (0{,}04^2), it gives the script to the digits after the comma.
_SCRIPTED_DECIMAL_COMMA = re.compile(
    r"<mn>(\d+)</mn><mrow><mo>&#x0002C;</mo></mrow><(msup|msub|msubsup)><mn>(\d+)</mn>"
)
# latex2mathml's <mo> for a named operator (\operatorname{diag}, \max): an ordinary word, as in TeX.
_NAMED_OPERATOR = re.compile(r"<mo>([A-Za-z]{2,})</mo>")
# A function's name (<mi>tanh</mi>, maybe scripted) right after a symbol or a scripted symbol.
_AFTER_SYMBOL_NAME = re.compile(
    r"(</mi>|</mn>|</msub>|</msup>|</msubsup>)(<msup>|<msub>|<msubsup>)?<mi>([A-Za-z]{2,})</mi>"
)
# \tilde: an accent, a small tilde attached to the base by the font's top-accent position.
_TILDE = re.compile(r'<mover>(.*?)<mo stretchy="false">&#x0007E;</mo></mover>')
_MENDS = (
    (_SCRIPTED_DECIMAL_COMMA, r"<\2><mn>\1,\3</mn>"),
    (_DECIMAL_COMMA, r"<mn>\1,\2</mn>"),
    (_NAMED_OPERATOR, r"<mi>\1</mi>"),
    (re.compile(r"<mo>&#x0002F;</mo>"), '<mo lspace="0" rspace="0">&#x0002F;</mo>'),  # "/", spaced as TeX's
    # \! only undoes the thin space TeX puts between an operator's name and a \left( (MathML puts
    # none); MathML Core has no named spaces, so the browser ignored it anyway.
    (re.compile(r'<mspace width="negativethinmathspace" />'), ""),
    (_TILDE, r'<mover accent="true">\1<mo stretchy="false">&#x002DC;</mo></mover>'),
    # A function's name after a symbol (u \tanh, w \tanh'): TeX's thin space between the two, which
    # MathML leaves out for an <mi> ("utanh"); at the start of a formula or after an operator, none.
    (_AFTER_SYMBOL_NAME, r'\1<mspace width="0.1667em"></mspace>\2<mi>\3</mi>'),
)


class ShortcodeError(ValueError):
    """A shortcode the build cannot honour: unknown kind or name, misplaced, or a false claim."""


def check_claim(claim_id: str, content, where: str) -> None:
    """Raise `ShortcodeError` if ``claim_id`` is unknown or does not hold on ``content``'s data."""
    if claim_id not in content.claims:
        raise ShortcodeError(
            f"{where}: unknown claim {claim_id!r}; known claims: {', '.join(content.claims)}"
        )
    verdict = content.claims[claim_id]
    if not verdict["holds"]:
        raise ShortcodeError(claims.failure(claim_id, verdict["statement"], verdict["measured"], where))


@lru_cache(maxsize=4096)
def mathml(latex: str, display: bool = False) -> str:
    r"""LaTeX as a MathML ``<math>`` element (HTML5 needs no namespace attribute).

    latex2mathml's output, mended where Chromium would lay it out unlike TeX (see the module's
    docstring): a decimal comma written ``0{,}9`` (as TeX wants it) stays one number,
    ``<mn>0,9</mn>``; an operator's name (``\operatorname{diag}``, ``\max``) is an ``<mi>``;
    ``/`` has no space around it; ``\tilde`` is an accent; a function's name after a symbol
    (``u \tanh``) is set off by a thin space, as TeX does."""
    out = convert(latex, display="block" if display else "inline").replace(_XMLNS, "")
    for pattern, repl in _MENDS:
        out = pattern.sub(repl, out)
    return out


@dataclass
class _Page:
    """What a shortcode needs to know of the page it stands in."""

    markdown: str
    lang: str
    content: Any
    where: str  # the page (its path in the docs folder), for error messages and relative links
    anchors: set[str] = field(default_factory=set)  # eq-<id> and fig-<name> already given
    downloads: dl.Downloads | None = None  # the files this build publishes under downloads/
    base_url: str | None = None  # the language's published address, if any


def _number(page: _Page, m: re.Match) -> str:
    name = m["name"]
    numbers.number(name)  # KeyError naming the known numbers if unknown
    return numbers.formatted(name, page.lang, raw=page.content.numbers[name])


def _claim(page: _Page, m: re.Match) -> str:
    check_claim(m["name"], page.content, page.where)
    return ""  # a claim writes nothing: it stops the build if it does not hold


def _provenance(page: _Page, m: re.Match) -> str:
    name = m["name"]
    if name not in page.content.provenance:
        known = ", ".join(page.content.provenance)
        raise ShortcodeError(f"{page.where}: unknown experiment {name!r}; known experiments: {known}")
    return label(page.lang, "provenance.table", **page.content.provenance[name])


def _equation(page: _Page, m: re.Match) -> str:
    if m["name"] not in page.content.equations:
        known = ", ".join(page.content.equations)
        raise ShortcodeError(f"{page.where}: unknown equation {m['name']!r}; known equations: {known}")
    return _placeholder(page, m, "eq")


def _figure(page: _Page, m: re.Match) -> str:
    known = page.content.figure_names(page.lang)
    if m["name"] not in known:
        raise ShortcodeError(f"{page.where}: unknown figure {m['name']!r}; known figures: {', '.join(known)}")
    return _placeholder(page, m, "fig")


DOWNLOADS = ("files", "install")
"""The names of the ``download`` shortcode on a page."""


def _download(page: _Page, m: re.Match) -> str:
    name = m["name"]
    if name not in DOWNLOADS:
        raise ShortcodeError(f"{page.where}: unknown download {name!r}; expected {' or '.join(DOWNLOADS)}")
    if page.downloads is None:
        raise ShortcodeError(f"{page.where}: {m.group(0)} needs the package's files, which this build lacks")
    indent = _alone(page, m)
    if name == "files":
        folder = posixpath.relpath("downloads", posixpath.dirname(page.where) or ".") + "/"
        block = dl.files_table(page.downloads, page.lang, folder)
    else:
        try:
            block = dl.install_text(page.downloads, page.lang, page.base_url)
        except ValueError as err:  # a site address that is not one
            raise ShortcodeError(f"{page.where}: {err}") from None
    return "\n".join(indent + line if line else line for line in block.split("\n"))


def _alone(page: _Page, m: re.Match) -> str:
    """The indentation of shortcode ``m``, which must stand alone on its line."""
    text = page.markdown
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if line.strip() != m.group(0):
        raise ShortcodeError(f"{page.where}: {m.group(0)} must stand alone on its line")
    return line[: len(line) - len(line.lstrip())]  # keeps it inside an admonition or list


def _placeholder(page: _Page, m: re.Match, prefix: str) -> str:
    """An empty ``<div markdown>`` for an equation or figure, alone on its line, with its anchor
    the first time on the page; `expand_html` fills it."""
    indent = _alone(page, m)
    anchor = f"{prefix}-{m['name']}"
    ident = f' id="{anchor}"' if anchor not in page.anchors else ""
    page.anchors.add(anchor)
    attrs = f'class="lstm-placeholder" data-kind="{m["kind"]}" data-name="{m["name"]}"{ident}'
    return f'\n{indent}<div {attrs} markdown="1"></div>\n'


_SHORTCODES: dict[str, Callable[[_Page, re.Match], str]] = {
    "equation": _equation,
    "figure": _figure,
    "number": _number,
    "provenance": _provenance,
    "claim": _claim,
    "download": _download,
}


def expand_markdown(
    markdown: str,
    lang: str,
    content,
    where: str,
    *,
    downloads: dl.Downloads | None = None,
    base_url: str | None = None,
) -> str:
    """Replace every shortcode of a page's Markdown; ``where``, the page's path in its docs
    folder, names it in errors. ``downloads`` are the package's files this build publishes and
    ``base_url`` the language's published address (None for a local build).

    Equations and figures become empty ``<div markdown>`` placeholders: Markdown parses
    them, so their ids (``eq-<id>``, ``fig-<name>``) are anchors MkDocs can check links to.
    The downloads become Markdown: a table and a code block.
    """
    page = _Page(markdown, lang, content, where, downloads=downloads, base_url=base_url)

    def one(m: re.Match) -> str:
        if m["kind"] not in _SHORTCODES:
            *others, last = _SHORTCODES
            expected = f"{', '.join(others)} or {last}"
            raise ShortcodeError(f"{where}: unknown shortcode {m['kind']!r}; expected {expected}")
        return _SHORTCODES[m["kind"]](page, m)

    try:
        out = SHORTCODE.sub(one, markdown)
    except KeyError as err:  # an unknown number id, from the registry's own message
        raise ShortcodeError(f"{where}: {err.args[0]}") from None
    leftover = _ANY_BRACES.search(out)
    if leftover:
        raise ShortcodeError(
            f'{where}: malformed shortcode {leftover.group(0)!r}; expected {{{{ kind("name") }}}}'
        )
    return out


def equation_html(eq_id: str, lang: str, content, api_url: str, first: bool) -> str:
    """An equation block: MathML and the name of the function that computes it."""
    eq = content.equations[eq_id]
    fn = eq["function"]
    ident = f' id="eq-{eq_id}"' if first else ""  # an anchor once a page
    math = eq["mathml"].replace(_XMLNS, "")
    return (
        # tabindex: a wide equation scrolls sideways, and keyboard users must reach it too
        f'<div class="lstm-equation" data-equation="{eq_id}"{ident} tabindex="0">{math}'
        f'<p class="lstm-equation-source">{html.escape(label(lang, "site.computed-by"))} '
        f'<a href="{api_url}#{fn}"><code>{fn.rsplit(".", 1)[-1]}</code></a></p></div>'
    )


def figure_html(
    name: str, lang: str, content, src: str, first: bool, explore: str = "", where: str = ""
) -> str:
    """A figure block: the SVG with its alt text and caption in ``lang`` (each claim they make
    checked), and ``explore``, the figure's interactive block
    (`lstm_explainer.site.interactive.explore_html`), if any."""
    for claim_id in content.figure_claims[name]:
        check_claim(claim_id, content, f"{where}, figure {name!r}")
    texts = content.texts[lang][name]
    ident = f' id="fig-{name}"' if first else ""
    return (
        f'<figure class="lstm-figure"{ident} data-figure="{name}">'
        f'<img src="{src}" alt="{html.escape(texts["alt"])}">{explore}'
        f"<figcaption>{html.escape(texts['caption'])}</figcaption></figure>"
    )


def expand_html(
    page_html: str, lang: str, content, *, api_url: str, figure_url: str, allow_display_math: bool, where: str
) -> str:
    """Fill the placeholders of a page's HTML and turn its LaTeX into MathML.

    ``api_url`` is the API reference relative to the page, ``figure_url`` the figures'
    folder relative to the page (with a trailing slash). Display math written in the
    prose (``$$``) is refused unless ``allow_display_math``: every displayed equation
    comes from the registry, so that it names the function that computes it.
    """
    seen: set[tuple[str, str]] = set()

    def placeholder(m: re.Match) -> str:
        kind, name = m.groups()
        first = (kind, name) not in seen
        seen.add((kind, name))
        if kind == "figure":
            explore = ""
            if first and name in content.explore_names():  # the sliders' ids are once a page too
                data = content.explore_data(name)
                explore = interactive.explore_html(name, lang, data, f"{figure_url}{name}.json")
            return figure_html(name, lang, content, f"{figure_url}{name}.svg", first, explore, where)
        return equation_html(name, lang, content, api_url, first)

    def display(m: re.Match) -> str:
        if not allow_display_math:
            raise ShortcodeError(
                f"{where}: display math {m.group(1)[:40]!r}… is not allowed in the prose; "
                'show equations with {{ equation("id") }} so they come from the registry'
            )
        # a wide equation scrolls sideways on a phone, and the keyboard reaches it (tabindex)
        math = mathml(html.unescape(m.group(1)), display=True)
        return f'<div class="lstm-display-math" tabindex="0">{math}</div>'

    out = _PLACEHOLDER.sub(placeholder, page_html)
    out = _DISPLAY_MATH.sub(display, out)
    return _INLINE_MATH.sub(lambda m: mathml(html.unescape(m.group(1))), out)


def open_reference_sources(page_html: str) -> str:
    """The API page with the source of every `lstm_explainer.reference` object shown open.

    mkdocstrings collapses every object's source into a ``<details>``; the reference cells are
    there to be read against the equations, so theirs is open. The fast layers' stays collapsed.
    """
    heading = ""

    def source(m: re.Match) -> str:
        nonlocal heading
        if m.group("id") is not None:
            heading = m.group("id")
            return m.group(0)
        return m.group("source") + (" open>" if heading.startswith(REFERENCE) else ">")

    return _SOURCE_OR_HEADING.sub(source, page_html)
