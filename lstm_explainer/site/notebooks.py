r"""The site's notebooks: executed once per version of their code, rendered light and offline.

``docs/<lang>/notebooks/*.ipynb`` are stored without outputs. `executed` runs one in a fresh
kernel (errors stop the build) and keeps the result under a key that hashes the notebook, the
package's content key (`lstm_explainer.site.content.content_key`) and the executing libraries'
versions, so ``mkdocs serve`` never re-runs an unchanged notebook and never shows output
computed by older code. mkdocs-jupyter then renders the executed copy (``execute: false``).

`lighten` turns mkdocs-jupyter's HTML into a page like the others: its inlined JupyterLab
stylesheet (~580 KB), its MathJax and mermaid scripts (from a CDN) and its English-only copy
buttons are dropped: code cells become Material code blocks, with Material's copy button, and
``assets/lstm-explainer.css`` styles the cells. The LaTeX of Markdown cells and of
``text/latex`` outputs becomes MathML, as everywhere on the site.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from ..i18n import label
from .render import mathml

_VERSIONED = ("nbclient", "ipykernel", "nbformat")
TRAINS_MOST = "adding-problem"
"""The notebook whose kernel trains models for tens of seconds (the others train for a few)."""
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.DOTALL)
_COPY = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>'
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>',
    re.DOTALL,
)
_INPUT = re.compile(r'<div class="highlight-ipynb hl-python"><pre>(.*?)</pre></div>', re.DOTALL)
# Rendered Markdown and LaTeX output keep their math as text, for MathJax (which we do not load).
_MATH_BLOCK = re.compile(
    r'(<div class="[^"]*jp-Rendered(?:Markdown|Latex)[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL
)
_CODE = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>)", re.DOTALL)
_DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.DOTALL)
_HEADING = re.compile(
    r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.DOTALL
)
_MARKDOWN_CODE = re.compile(r'<div class="highlight"><pre>(?!<code>)(.*?)</pre></div>', re.DOTALL)
_NO_ALT = re.compile(r'alt="No description has been provided for this image"')
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", re.DOTALL)


class NotebookError(RuntimeError):
    """A notebook failed to execute; the message names it and the failing cell's error."""


def _key(src: Path, content_key: str) -> str:
    h = hashlib.sha256(src.read_bytes())
    h.update(content_key.encode())
    h.update(Path(__file__).read_bytes())  # how a notebook is executed (`executed`) is here
    for dist in _VERSIONED:
        h.update(f"{dist}=={metadata.version(dist)}".encode())
    return h.hexdigest()[:16]


def executed(src: Path, cache_root: Path, content_key: str, timeout: int = 600) -> Path:
    """The executed copy of notebook ``src``, from the cache or run now in a fresh kernel.

    The copy keeps the notebook's name and its parent folder's (``notebooks/<name>.ipynb``) so
    that the build can read it as a page of its own docs folder, two levels up.

    Raises `NotebookError` naming the notebook if a cell fails."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor
    from traitlets.config import Config

    src = Path(src)
    # <cache>/notebooks/<lang>-<name>-<key>/notebooks/<name>.ipynb: a docs folder of its own
    folder = f"{src.parent.parent.name}-{src.stem}-{_key(src, content_key)}"
    target = Path(cache_root) / "notebooks" / folder / src.parent.name / src.name
    if target.exists():
        return target
    nb = nbformat.read(src, as_version=4)
    # The six languages train the same models: the first trains, the others read its results back
    # (lstm_explainer.memo, keyed by the package's content). A first cell installs the memo in the
    # kernel; it is taken out again, with the execution counts, before anyone sees the notebook.
    memo = Path(cache_root) / "memo" / content_key
    nb.cells.insert(
        0,
        nbformat.v4.new_code_cell(f"import lstm_explainer.memo\nlstm_explainer.memo.install({str(memo)!r})"),
    )
    with tempfile.TemporaryDirectory(prefix="lstm-nb-") as tmp:
        # The kernel talks over local sockets in a private directory (no TCP port, no warning).
        ipc = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(tmp, "kernel")}})
        client = NotebookClient(
            nb,
            config=ipc,
            kernel_name="python3",
            timeout=timeout,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": tmp}},
        )
        try:
            client.execute()
        except CellExecutionError as err:
            raise NotebookError(f"{src}: a cell failed:\n{err}") from None
    _drop_setup_cell(nb)
    # The kernel flushes print()'s output in chunks that depend on timing; merged, two runs agree.
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    nbformat.write(nb, partial)
    shutil.move(partial, target)
    return target


NOTEBOOK_DOWNLOADS = ("command", "page")
"""The names of the ``{{ download("…") }}`` placeholders a notebook's Markdown may hold: the
install command (a code block, alone on its line) and the download page's address."""
_DOWNLOAD = re.compile(r"\{\{\s*download\(\s*\"(?P<name>[^\"]*)\"\s*\)\s*\}\}")


_TO_ROOT = re.compile(r"\]\(\.\./\.\./")
"""A Markdown link from a notebook's page (``<lang>/notebooks/<name>/``) to a page of its language."""


def shown(run: Path, cache_root: Path, texts: dict[str, str], root: str | None = None) -> Path:
    """The executed notebook ``run`` as readers get it, rendered and downloaded: every
    ``{{ download("name") }}`` of its Markdown cells replaced by ``texts[name]`` (for
    `NOTEBOOK_DOWNLOADS`), and, given the language's published address ``root``, every link to a
    page of the site (``](../../page/)``) made absolute, so that it still leads there from a
    downloaded copy. The copy is kept under a key of ``run``, ``texts`` and ``root`` (the install
    command depends on the site's address and the wheel's hash, which the execution does not),
    in a docs folder of its own as `executed` keeps it.

    Raises `NotebookError` naming the notebook on an unknown name, a command not alone on its
    line, or any other ``{{ … }}`` left in its Markdown."""
    import nbformat

    run = Path(run)
    if sorted(texts) != sorted(NOTEBOOK_DOWNLOADS):
        raise ValueError(f"expected the texts of {', '.join(NOTEBOOK_DOWNLOADS)}, got {', '.join(texts)}")
    h = hashlib.sha256(run.read_bytes())
    h.update(json.dumps([texts, root], sort_keys=True).encode())
    target = Path(cache_root) / "shown" / f"{run.parent.parent.name}-{h.hexdigest()[:16]}" / run.parent.name
    target = target / run.name
    if target.exists():
        return target
    nb = nbformat.read(run, as_version=4)
    where = f"{run.parent.parent.name.split('-')[0]}/{run.parent.name}/{run.name}"

    def one(m: re.Match) -> str:
        name = m["name"]
        if name not in NOTEBOOK_DOWNLOADS:
            raise NotebookError(
                f"{where}: unknown download {name!r} in a Markdown cell; expected "
                f"{' or '.join(NOTEBOOK_DOWNLOADS)}"
            )
        return texts[name]

    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for m in _DOWNLOAD.finditer(cell.source):
            start, end = cell.source.rfind("\n", 0, m.start()) + 1, cell.source.find("\n", m.end())
            if m["name"] == "command" and cell.source[start : None if end < 0 else end].strip() != m[0]:
                raise NotebookError(f"{where}: {m[0]} must stand alone on its line (it becomes a code block)")
        cell.source = _DOWNLOAD.sub(one, cell.source)
        if root:
            cell.source = _TO_ROOT.sub(lambda _: f"]({root}", cell.source)
        if "{{" in cell.source:
            raise NotebookError(
                f"{where}: a Markdown cell holds {{{{ … }}}} that is not a download placeholder; "
                f'expected {{{{ download("name") }}}} with name {" or ".join(NOTEBOOK_DOWNLOADS)}'
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    nbformat.write(nb, partial)
    shutil.move(partial, target)
    return target


def queue(root: Path, langs: list[str]) -> list[Path]:
    """The notebooks of ``langs`` in the order a build executes them: first the original's
    notebook that trains the most (its models are then read back by the other languages' kernels:
    `lstm_explainer.memo`), then those that train little, then the other languages' copies of it."""
    from ..i18n import ORIGINAL

    found = [p for lang in langs for p in sorted((Path(root) / "docs" / lang / "notebooks").glob("*.ipynb"))]
    first = [p for p in found if p.stem == TRAINS_MOST and p.parent.parent.name == ORIGINAL]
    late = [p for p in found if p.stem == TRAINS_MOST and p not in first]
    return first + [p for p in found if p.stem != TRAINS_MOST] + late


def execute_all(root: Path, langs: list[str], part: int = 0, parts: int = 1) -> None:
    """Execute share ``part`` of ``parts`` (every parts-th notebook of `queue`) of the notebooks of
    ``langs`` that are not cached yet. A build runs the shares side by side while the figures are
    generated (`lstm_explainer.site.build`)."""
    from .content import content_key
    from .settings import cache_dir

    key = content_key()
    for src in queue(root, langs)[part::parts]:
        executed(src, cache_dir(Path(root)), key)


def _drop_setup_cell(nb) -> None:
    """Remove the memo's setup cell (the first) and count the executions as if it never ran."""
    nb.cells.pop(0)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count"):
            cell.execution_count -= 1
        for out in cell.get("outputs", []):
            if out.get("execution_count"):
                out.execution_count -= 1


def _inline(m: re.Match) -> str:
    latex = html.unescape(m[1]).strip()
    if latex.startswith(r"\displaystyle"):  # IPython's Math(...) output: a displayed equation
        return mathml(latex.removeprefix(r"\displaystyle"), display=True)
    return mathml(latex)


def _math(fragment: str) -> str:
    """The LaTeX of one rendered Markdown cell or LaTeX output as MathML; code is left alone."""
    parts = _CODE.split(fragment)
    for n in range(0, len(parts), 2):  # even parts are outside <code> and <pre>
        text = _DISPLAY.sub(lambda m: mathml(html.unescape(m[1] or m[2]), display=True), parts[n])
        parts[n] = _INLINE.sub(_inline, text)
    return "".join(parts)


def alt_texts(notebook: Path) -> list[str]:
    """The text alternatives of a notebook's figures, in order: its metadata's
    ``lstm_explainer.alt`` list, written in the notebook's language."""
    import nbformat

    meta = nbformat.read(notebook, as_version=4).metadata.get("lstm_explainer", {})
    return list(meta.get("alt", []))


def _heading_ids(out: str, ids: list[str], download: str) -> str:
    """Give the headings the ids of the page's table of contents, in order, and Material's anchor
    link (shown on hover or focus). nbconvert makes its own ids, and leaves them empty for
    headings without a Latin letter, such as Chinese ones."""
    found = _HEADING.findall(out)
    if len(found) != len(ids):
        raise ValueError(
            f"{download}: {len(found)} headings in the notebook but {len(ids)} in its table of contents"
        )
    it = iter(ids)

    def one(m: re.Match) -> str:
        new = html.escape(next(it))
        return (
            f'<h{m[1]} id="{new}">{m[3]}<a class="headerlink" href="#{new}">¶</a></h{m[1]}>'  # as Material's'
        )

    return _HEADING.sub(one, out)


def lighten(
    page_html: str, lang: str, download: str, alts: list[str], heading_ids: list[str] | None = None
) -> str:
    """mkdocs-jupyter's HTML for one notebook, made light and offline (see the module's text).

    ``download`` is the URL of the ``.ipynb`` relative to the page; a link to it, labelled in
    ``lang``, follows the notebook's title. ``alts`` (`alt_texts`) replace nbconvert's English
    placeholder on the figures, one each, in order; a count that differs is an error.
    ``heading_ids``, the anchors of the page's table of contents in order, become the headings' ids."""
    out = _COPY.sub("", _SCRIPT.sub("", _STYLE.sub("", page_html)))
    if heading_ids is not None:
        out = _heading_ids(out, heading_ids, download)
    out = _MATH_BLOCK.sub(lambda m: m[1] + _math(m[2]) + m[3], out)
    out = _INPUT.sub(
        r'<div class="highlight"><pre><code>\1</code></pre></div>', out
    )  # Material's code blocks
    # and so the Markdown cells' code blocks (the install command): Material's copy button wants a <code>
    out = _MARKDOWN_CODE.sub(r'<div class="highlight"><pre><code>\1</code></pre></div>', out)
    images = _NO_ALT.findall(out)
    if len(images) != len(alts):
        raise ValueError(
            f"{download}: {len(images)} figure(s) in the output but {len(alts)} text alternative(s) "
            "in the notebook's metadata (lstm_explainer.alt); give one per figure, in order"
        )
    for alt in alts:
        out = _NO_ALT.sub(f'alt="{html.escape(alt)}"', out, count=1)
    link = (
        f'<p class="lstm-notebook-download"><a href="{html.escape(download)}" download>'
        f"{html.escape(label(lang, 'notebook.download'))}</a></p>"
    )
    out, found = re.subn(r"(</h1>)", r"\1" + link.replace("\\", r"\\"), out, count=1)
    if not found:
        raise ValueError(f"notebook page without a title (# heading in its first cell): {download}")
    return out
