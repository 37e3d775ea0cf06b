"""The package's files on the site (`lstm_explainer.site.downloads`): the install command, the
build's timestamp, the shortcodes and notebook placeholders that show them, the release workflow.

The files themselves are built by the site's build (``tests/test_site.py`` checks them, and
``tests/test_install.py`` installs them from a served site)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml
from paths import DOCS, ROOT

from lstm_explainer import __version__
from lstm_explainer.i18n import LANGUAGES
from lstm_explainer.site import downloads, notebooks, render, settings

WHEEL = downloads.Artifact("lstm_explainer-0.1.0-py3-none-any.whl", 1_234_567, "ab" * 32)
SDIST = downloads.Artifact("lstm_explainer-0.1.0.tar.gz", 987_654, "cd" * 32)
FILES = downloads.Downloads(Path("/nowhere"), "0.1.0", WHEEL, SDIST)


def notebook_text(path: Path) -> str:
    return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)


def test_the_bare_name_detector_finds_registry_installs_and_passes_files_and_urls(bare_installs):
    assert bare_installs("run `pip install lstm-explainer jupyter`") == ["pip install lstm-explainer jupyter"]
    assert bare_installs('<code>pip<span> </span>install "lstm_explainer==0.1.0"</code>') != []
    assert bare_installs("pip install -U jupyter lstm-explainer") != []
    assert bare_installs(f"pip install ./{WHEEL.name} jupyter") == []
    assert bare_installs(downloads.install_command(FILES, "https://example.org/lstm/pt/")) == []
    assert bare_installs("pip install . jupyter") == []


def test_no_source_page_notebook_or_readme_installs_the_bare_name(bare_installs):
    texts = {p: p.read_text("utf-8") for p in [*DOCS.rglob("*.md"), ROOT / "README.md"]}
    texts |= {p: notebook_text(p) for p in DOCS.rglob("*.ipynb")}
    assert len(texts) > 40
    assert {str(p.relative_to(ROOT)): bare_installs(t) for p, t in texts.items() if bare_installs(t)} == {}


def test_the_install_command_fetches_exactly_the_wheel_the_site_serves(monkeypatch, bare_installs):
    url = "https://example.org/lstm/pt/"
    assert downloads.install_command(FILES, url) == (
        'pip install "lstm-explainer @ https://example.org/lstm/pt/downloads/'
        f'lstm_explainer-0.1.0-py3-none-any.whl#sha256={"ab" * 32}" jupyter'
    )
    assert downloads.install_command(FILES, "https://example.org/lstm/pt") == downloads.install_command(
        FILES, url
    )
    assert downloads.install_command(FILES, None) == f"pip install ./{WHEEL.name} jupyter"
    for bad in ("example.org/lstm/", "ftp://example.org/", 'https://example.org/a"b/'):
        with pytest.raises(ValueError, match=r"expected an http\(s\) URL such as https://example.org/lstm/"):
            downloads.install_command(FILES, bad)
    # Only once the release workflow has published this version does the site name the registry.
    monkeypatch.setattr(settings, "REGISTRY_RELEASES", ("0.1.0",))
    assert downloads.install_command(FILES, url) == 'pip install "lstm-explainer==0.1.0" jupyter'
    assert bare_installs(downloads.install_command(FILES, url)) == []
    monkeypatch.setattr(settings, "REGISTRY_RELEASES", ("0.0.9",))  # another version's release
    assert downloads.install_command(FILES, None) == f"pip install ./{WHEEL.name} jupyter"


def test_the_timestamp_is_the_last_commits_or_a_documented_constant(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    if (ROOT / ".git").exists():
        head = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
        )
        assert downloads.source_date_epoch(ROOT) == int(head.stdout)
    (tmp_path / "pyproject.toml").write_text("")
    assert downloads.source_date_epoch(tmp_path) == downloads.FALLBACK_EPOCH == 315532800
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert downloads.source_date_epoch(ROOT) == 1700000000
    for bad in ("yesterday", "12"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", bad)
        with pytest.raises(
            ValueError, match=rf"SOURCE_DATE_EPOCH='{bad}': expected a whole number of seconds"
        ):
            downloads.source_date_epoch(ROOT)


def test_the_key_follows_the_sources_and_the_timestamp(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(downloads.DownloadError, match=r"expected pyproject\.toml in"):
        downloads.inputs(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    (tmp_path / "lstm_explainer" / "__pycache__").mkdir(parents=True)
    (tmp_path / "lstm_explainer" / "__init__.py").write_text("__version__ = '1'\n")
    (tmp_path / "lstm_explainer" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert [p.relative_to(tmp_path).as_posix() for p in downloads.inputs(tmp_path)] == [
        "lstm_explainer/__init__.py",
        "pyproject.toml",
    ]
    first = downloads.key(tmp_path)
    assert downloads.key(tmp_path) == first
    assert downloads.key(tmp_path, epoch=downloads.FALLBACK_EPOCH + 1) != first
    (tmp_path / "README.md").write_text("new\n")  # shipped in the sdist: a new key
    assert downloads.key(tmp_path) != first


def test_a_release_tag_must_name_the_packages_version():
    downloads.check_tag(f"v{__version__}")
    with pytest.raises(
        ValueError, match=rf"the tag 'v9.9' does not name this version: expected 'v{__version__}'"
    ):
        downloads.check_tag("v9.9")


def test_the_release_workflow_checks_the_tag_and_publishes_by_trusted_publishing():
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8")
    flow = yaml.safe_load(text)
    assert flow[True]["push"]["tags"] == ["v*"]  # (YAML reads the key `on` as true)
    build, publish = flow["jobs"]["build"], flow["jobs"]["publish"]
    steps = "\n".join(str(step.get("run", "")) for step in build["steps"])
    assert 'python -m lstm_explainer.site package dist --tag "$GITHUB_REF_NAME"' in steps
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing: no token
    assert publish["environment"]["name"] == "release"
    (action,) = [s for s in publish["steps"] if "pypa/gh-action-pypi-publish" in s.get("uses", "")]
    assert "with" not in action or not set(action["with"]) & {"password", "repository-url"}
    assert "secrets." not in text
    assert "://" not in text  # no registry address: the action knows its own


def test_the_download_shortcodes_render_the_files_and_the_command():
    md = '# Baixar\n\n{{ download("files") }}\n\n!!! note\n    {{ download("install") }}\n'
    out = render.expand_markdown(md, "pt", None, "download.md", downloads=FILES)
    assert (
        f"| [`{WHEEL.name}`](downloads/{WHEEL.name}) | o pacote pronto para instalar (wheel) | 1,2 MB "
        f"| `{'ab' * 32}` |"
    ) in out
    assert "| `lstm_explainer-0.1.0.tar.gz`" not in out  # a link, not bare
    assert f"    ```bash\n    pip install ./{WHEEL.name} jupyter\n    ```" in out  # kept in the admonition
    published = render.expand_markdown(
        md, "fr", None, "sub/download.md", downloads=FILES, base_url="https://example.org/lstm/fr/"
    )
    assert f"(../downloads/{WHEEL.name})" in published
    assert "1,2 Mo" in published
    assert "pip vérifie que le SHA-256 du fichier téléchargé" in published
    assert f"fr/downloads/{WHEEL.name}#sha256=" in published


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ('{{ download("wheel") }}', r"p.md: unknown download 'wheel'; expected files or install"),
        (
            'Veja {{ download("install") }}',
            r"p.md: \{\{ download\(\"install\"\) \}\} must stand alone on its line",
        ),
    ],
)
def test_a_bad_download_shortcode_fails_naming_it(markdown, message):
    with pytest.raises(render.ShortcodeError, match=message):
        render.expand_markdown(markdown, "pt", None, "p.md", downloads=FILES)


def test_a_download_shortcode_without_files_fails():
    with pytest.raises(
        render.ShortcodeError, match=r"p.md: .* needs the package's files, which this build lacks"
    ):
        render.expand_markdown('{{ download("files") }}', "pt", None, "p.md")


def _notebook(path: Path, *markdown: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(m) for m in markdown]), path)
    return path


def test_a_notebook_shows_the_command_and_the_page_and_is_kept_by_them(tmp_path):
    run = _notebook(
        tmp_path / "notebooks" / "pt-n-key" / "notebooks" / "n.ipynb",
        '# N\n\nVeja [a página]({{ download("page") }}):\n\n{{ download("command") }}\n\nFim.',
    )
    texts = {"command": "```bash\npip install ./w.whl jupyter\n```", "page": "../../download/"}
    shown = notebooks.shown(run, tmp_path, texts)
    assert (shown.parent.name, shown.name) == ("notebooks", "n.ipynb")  # a docs folder of its own
    assert nbformat.read(shown, as_version=4).cells[0].source == (
        "# N\n\nVeja [a página](../../download/):\n\n```bash\npip install ./w.whl jupyter\n```\n\nFim."
    )
    assert notebooks.shown(run, tmp_path, texts) == shown
    other = notebooks.shown(run, tmp_path, texts | {"command": "```bash\npip install x\n```"})
    assert other != shown  # another command (site address, wheel): another copy


def test_a_published_notebook_links_to_the_sites_pages_by_their_address(tmp_path):
    link = "Veja [a célula](../../inside-the-cell/) e [o problema](../../gradient-problem/#what-vanishes)."
    run = _notebook(tmp_path / "notebooks" / "pt-n-key" / "notebooks" / "n.ipynb", link)
    texts = {"command": "c", "page": "p"}
    local = notebooks.shown(run, tmp_path, texts)
    assert nbformat.read(local, as_version=4).cells[0].source == link  # a local build keeps them relative
    published = notebooks.shown(run, tmp_path, texts, root="https://example.org/lstm/pt/")
    assert nbformat.read(published, as_version=4).cells[0].source == (
        "Veja [a célula](https://example.org/lstm/pt/inside-the-cell/) e "
        "[o problema](https://example.org/lstm/pt/gradient-problem/#what-vanishes)."
    )


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        (
            '{{ download("files") }}',
            r"pt/notebooks/n.ipynb: unknown download 'files' in a Markdown cell; expected command or page",
        ),
        ('Run {{ download("command") }}', r"must stand alone on its line"),
        ('{{ figure("x") }}', r"holds \{\{ … \}\} that is not a download placeholder"),
    ],
)
def test_a_bad_notebook_placeholder_fails_naming_the_notebook(tmp_path, markdown, message):
    run = _notebook(tmp_path / "notebooks" / "pt-n-key" / "notebooks" / "n.ipynb", markdown)
    with pytest.raises(notebooks.NotebookError, match=message):
        notebooks.shown(run, tmp_path, {"command": "c", "page": "p"})


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_notebook_points_to_the_download_page_and_shows_the_command(lang):
    for path in sorted((DOCS / lang / "notebooks").glob("*.ipynb")):
        first = nbformat.read(path, as_version=4).cells[0].source
        assert '({{ download("page") }})' in first, path
        assert '\n\n{{ download("command") }}\n\n' in first, path


def test_the_version_is_written_once():
    """`lstm_explainer.__version__` is the wheel's version (pyproject's dynamic attr) and the
    footer's (the plugin's config.extra): no other file writes it."""
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = { attr = "lstm_explainer.__version__" }' in pyproject
    footer = (DOCS / "overrides" / "partials" / "copyright.html").read_text("utf-8")
    assert "config.extra.package.version" in footer
    sources = [
        *(ROOT / "lstm_explainer").rglob("*.py"),
        *(ROOT / "docs").rglob("*.html"),
        ROOT / "mkdocs.yml",
    ]
    written = [p for p in sources if re.search(rf"['\"]{re.escape(__version__)}['\"]", p.read_text("utf-8"))]
    assert [p.relative_to(ROOT).as_posix() for p in written] == ["lstm_explainer/__init__.py"]


def test_downloads_json_round_trips(tmp_path):
    data = {"version": "0.1.0", "wheel": vars(WHEEL), "sdist": vars(SDIST)}
    (tmp_path / "downloads.json").write_text(json.dumps(data))
    assert downloads.Downloads.read(tmp_path) == downloads.Downloads(tmp_path, "0.1.0", WHEEL, SDIST)
