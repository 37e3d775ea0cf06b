"""The notebooks: stored without outputs, translated without drifting, rendered light and offline.

The site's build executes every notebook (`tests/conftest.py`'s ``site`` fixture builds every
language with a fresh cache), so a notebook that raises fails the suite; the tests here check
what the build made of them and the pieces on their own.
"""

from __future__ import annotations

import html
import io
import json
import re
import tokenize
from pathlib import Path

import nbformat
import pytest
from paths import DOCS, NOTEBOOKS

from lstm_explainer.i18n import LANGUAGES, ORIGINAL
from lstm_explainer.site import notebooks

MATH = re.compile(r"\$\$.+?\$\$|\$.+?\$", re.DOTALL)


def read(lang: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(DOCS / lang / "notebooks" / name, as_version=4)


def code_shape(source: str) -> list[tuple[int, str]]:
    """A code cell's tokens without its strings and comments: what a translation must keep."""
    skip = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE}
    skip |= {
        getattr(tokenize, n)
        for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
        if hasattr(tokenize, n)
    }
    return [
        (t.type, t.string)
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in skip
    ]


def test_there_are_three_notebooks_in_every_language():
    assert NOTEBOOKS == ["adding-problem.ipynb", "forget-gate.ipynb", "vanishing-gradient.ipynb"]
    for lang in LANGUAGES:
        assert sorted(p.name for p in (DOCS / lang / "notebooks").glob("*.ipynb")) == NOTEBOOKS, lang


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_notebooks_are_stored_valid_and_without_outputs(lang):
    for name in NOTEBOOKS:
        nb = read(lang, name)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [], f"{lang}/{name}: strip the outputs"
                assert cell.execution_count is None, f"{lang}/{name}: strip the execution counts"
        assert nb.cells[0].source.startswith("# "), f"{lang}/{name}: the first cell holds the title"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != ORIGINAL])
def test_translated_notebooks_keep_the_original_code_math_and_figures(lang):
    for name in NOTEBOOKS:
        original, translated = read(ORIGINAL, name), read(lang, name)
        where = f"{lang}/notebooks/{name}"
        assert [c.cell_type for c in translated.cells] == [c.cell_type for c in original.cells], where
        for n, (a, b) in enumerate(zip(original.cells, translated.cells, strict=True)):
            if a.cell_type == "code":
                assert code_shape(b.source) == code_shape(a.source), f"{where}, cell {n}: the code differs"
                assert ('LANG = "pt"' in a.source) == (f'LANG = "{lang}"' in b.source), f"{where}, cell {n}"
            else:
                same = [
                    m.replace("{,}", ".") for m in MATH.findall(a.source)
                ]  # 0{,}5 or 0.5, as on the pages
                assert [m.replace("{,}", ".") for m in MATH.findall(b.source)] == same, (
                    f"{where}, cell {n}: the formulas differ"
                )
                heads = [len(h) for h in re.findall(r"^(#+) ", a.source, re.M)]
                assert [len(h) for h in re.findall(r"^(#+) ", b.source, re.M)] == heads, f"{where}, cell {n}"
        assert len(notebooks.alt_texts(DOCS / lang / "notebooks" / name)) == len(
            notebooks.alt_texts(DOCS / ORIGINAL / "notebooks" / name)
        ), where


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_notebook_prose_and_alt_texts_are_in_the_notebook_language(lang, langid):
    wrong, checked = [], 0
    for name in NOTEBOOKS:
        path = DOCS / lang / "notebooks" / name
        texts = notebooks.alt_texts(path)
        for cell in read(lang, name).cells:
            if cell.cell_type == "markdown":
                prose = re.sub(r"`[^`]*`|\$[^$]*\$", " ", cell.source)
                texts += [
                    p
                    for p in re.split(r"\n\s*\n|\n- ", prose)
                    if len(p) >= 60 or (re.search(r"[\u4e00-\u9fff]", p) and len(p) >= 20)
                ]
        for text in texts:
            checked += 1
            if langid.classify(text)[0] != lang:
                wrong.append(f"{name}: {text[:80]}")
    assert checked >= 20
    assert wrong == []


PAGE = """<div class="jupyter-wrapper"><style type="text/css">.jp-Cell{color:red}</style>
<script src="https://cdnjs.example/mathjax.js"></script><script>var x = 1;</script>
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
<h1 id="t">Title<a class="anchor-link" href="#t">¶</a></h1><p>Inline $a_t &lt; 1$ and <code>cost = $5</code>, then $$C_t = f_t$$</p></div>
<div class="zeroclipboard-container"><clipboard-copy for="cell-1"><div>x</div></clipboard-copy></div>
<div class="highlight-ipynb hl-python"><pre><span></span>x = 1</pre></div>
<div class="clipboard-copy-txt" id="cell-1">x = 1</div>
<div class="jp-RenderedLatex jp-OutputArea-output" data-mime-type="text/latex">$\\displaystyle h_t = \\tanh(a_t)$</div>
<div class="jp-RenderedImage jp-OutputArea-output"><img src="data:image/png;base64,AAAA" alt="No description has been provided for this image" class=""></div>
</div>"""


def test_lighten_drops_styles_scripts_and_copy_widgets_and_writes_math_as_mathml():
    out = notebooks.lighten(PAGE, "pt", download="n.ipynb", alts=["Uma figura"])
    assert "<style" not in out
    assert "<script" not in out
    assert "clipboard" not in out
    assert '<math display="inline"><mrow><msub><mi>a</mi><mi>t</mi></msub><mo>&#x0003C;</mo><mn>1</mn>' in out
    assert out.count('<math display="block">') == 2  # $$…$$ and IPython's Math(…) output
    assert "<code>cost = $5</code>" in out  # code is not math
    assert '<div class="highlight"><pre><code><span></span>x = 1</code></pre></div>' in out
    assert 'alt="Uma figura"' in out
    assert (
        '</h1><p class="lstm-notebook-download"><a href="n.ipynb" download>Baixar o caderno (.ipynb)</a></p>'
        in out
    )


def test_lighten_gives_headings_the_ids_of_the_table_of_contents():
    page = PAGE.replace(
        'id="t">Title<a class="anchor-link" href="#t">', 'id="">标题<a class="anchor-link" href="#">'
    )
    out = notebooks.lighten(page, "zh", download="n.ipynb", alts=["图"], heading_ids=["_1"])
    assert '<h1 id="_1">标题<a class="headerlink" href="#_1">¶</a></h1>' in out
    with pytest.raises(
        ValueError, match=r"n.ipynb: 1 headings in the notebook but 0 in its table of contents"
    ):
        notebooks.lighten(page, "zh", download="n.ipynb", alts=["图"], heading_ids=[])


def test_lighten_wants_one_alt_text_per_figure():
    with pytest.raises(ValueError, match=r"n.ipynb: 1 figure\(s\) in the output but 0 text alternative"):
        notebooks.lighten(PAGE, "pt", download="n.ipynb", alts=[])
    with pytest.raises(ValueError, match="without a title"):
        notebooks.lighten(PAGE.replace("h1", "h2"), "pt", download="n.ipynb", alts=["a"])


def _write(path: Path, *sources: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_execution_is_cached_by_notebook_and_code_and_errors_name_the_notebook(tmp_path):
    src = _write(tmp_path / "docs" / "xx" / "notebooks" / "ok.ipynb", "print(6 * 7)")
    run = notebooks.executed(src, tmp_path / "cache", "key-1")
    assert (run.parent.name, run.name) == ("notebooks", "ok.ipynb")
    cells = json.loads(run.read_text("utf-8"))["cells"]
    assert cells[0]["outputs"][0]["text"] == ["42\n"]
    # the cell that installs the training memo (lstm_explainer.memo) ran first and left no trace
    assert [("".join(c["source"]), c["execution_count"]) for c in cells] == [("print(6 * 7)", 1)]
    run.write_text(run.read_text("utf-8").replace("42", "43"))  # a cache hit does not run again
    assert notebooks.executed(src, tmp_path / "cache", "key-1") == run
    assert "43" in run.read_text("utf-8")
    assert notebooks.executed(src, tmp_path / "cache", "key-2") != run  # new package code: run again

    bad = _write(tmp_path / "docs" / "xx" / "notebooks" / "bad.ipynb", "x = 1", "1 / 0")
    with pytest.raises(notebooks.NotebookError, match=r"bad\.ipynb: a cell failed:(.|\n)*ZeroDivisionError"):
        notebooks.executed(bad, tmp_path / "cache", "key-1")
    assert not list((tmp_path / "cache" / "notebooks").glob("xx-bad-*/notebooks/bad.ipynb"))


_TRAINS = """import numpy as np
from lstm_explainer import tasks, train
task = tasks.AddingProblem(T=24)
model = train.init_model("lstm", task.D, 4, task.K, rng=np.random.default_rng(1))
model, log = train.train(model, task, rng=np.random.default_rng(2), max_sequences=64)
print({label!r}, log.losses[-1], train.train.memo_folder.name)"""


def test_languages_share_a_training_run_and_a_new_package_trains_again(tmp_path):
    """Issue 18: the first language trains, the next reads the result back (the same numbers);
    the memo is keyed by the package's content, so new package code trains again."""
    cache = tmp_path / "cache"
    runs = {
        lang: notebooks.executed(
            _write(tmp_path / "docs" / lang / "notebooks" / "t.ipynb", _TRAINS.format(label=lang)),
            cache,
            "key-1",
        )
        for lang in ("xx", "yy")
    }
    printed = {
        lang: "".join(nbformat.read(run, 4).cells[0].outputs[0].text).split() for lang, run in runs.items()
    }
    assert printed["xx"][1:] == printed["yy"][1:]  # the same final loss, from the memo of key-1
    assert printed["xx"][2] == "key-1"
    assert len(list((cache / "memo" / "key-1").glob("*.pickle"))) == 1  # trained once for both
    notebooks.executed(tmp_path / "docs" / "xx" / "notebooks" / "t.ipynb", cache, "key-2")
    assert len(list((cache / "memo" / "key-2").glob("*.pickle"))) == 1  # new code: trained again


def test_a_build_runs_the_notebook_that_trains_most_first_and_its_copies_last():
    """The other languages' copies then read its models back (`lstm_explainer.memo`) instead of
    training them again at the same time on the other core."""
    root = DOCS.parent
    order = [(p.parent.parent.name, p.stem) for p in notebooks.queue(root, list(LANGUAGES))]
    assert len(order) == len(set(order)) == len(LANGUAGES) * len(NOTEBOOKS)
    assert order[0] == (ORIGINAL, notebooks.TRAINS_MOST)
    copies = [(lang, notebooks.TRAINS_MOST) for lang in LANGUAGES if lang != ORIGINAL]
    assert order[-len(copies) :] == copies
    assert notebooks.queue(root, ["en"])[-1].parent.parent.name == "en"  # a language alone


def test_a_cells_printed_output_is_one_stream_however_the_kernel_flushed_it(tmp_path):
    """Two builds must give the same page: output flushed in two chunks is stored as one."""
    code = "import time\nprint('a', flush=True)\ntime.sleep(0.3)\nprint('b')"
    run = notebooks.executed(_write(tmp_path / "docs" / "xx" / "notebooks" / "s.ipynb", code), tmp_path, "k")
    outputs = json.loads(run.read_text("utf-8"))["cells"][0]["outputs"]
    assert [(o["name"], "".join(o["text"])) for o in outputs] == [("stdout", "a\nb\n")]


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_built_notebook_pages_have_math_figures_and_a_download(site, lang):
    for name in NOTEBOOKS:
        stem = name.removesuffix(".ipynb")
        page = (site / lang / "notebooks" / stem / "index.html").read_text("utf-8")
        article = page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>")[0]
        assert "<script" not in article
        assert "<style" not in article
        assert "<math" in article
        assert not re.search(r"\$[^$<]*\\[a-zA-Z]+[^$<]*\$", article), f"{lang}/{stem}: raw TeX"
        alts = [
            html.unescape(re.search(r'\balt="([^"]*)"', img)[1])
            for img in re.findall(r"<img\b[^>]*>", article)
            if 'src="data:image/png;base64,' in img
        ]
        assert alts == notebooks.alt_texts(DOCS / lang / "notebooks" / name)
        assert f'<a href="{name}" download>' in article
        downloaded = nbformat.read(site / lang / "notebooks" / stem / name, as_version=4)
        outputs = [o for c in downloaded.cells if c.cell_type == "code" for o in c.outputs]
        assert outputs
        assert not any(o.output_type == "error" for o in outputs)
        assert sum("image/png" in o.get("data", {}) for o in outputs) == len(alts)
