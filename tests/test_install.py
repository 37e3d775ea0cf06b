"""What a reader does: read the install command on the download page of a served site, run it in a
fresh virtual environment, then run a notebook downloaded from the site in that environment.

Offline: the fresh environment sees this one's libraries (numpy, matplotlib, ipykernel, …)
through a ``.pth`` file, except this project's own installation, which the command must replace
with the site's wheel; pip runs with ``PIP_NO_INDEX`` and finds ``jupyter`` (the one requirement
that would come from the index) as an empty stand-in in a local folder. The command itself is the
page's, word for word.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import http.server
import json
import os
import re
import shlex
import subprocess
import sysconfig
import threading
import urllib.request
import venv
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
from paths import ROOT

from lstm_explainer import __version__
from lstm_explainer.i18n import ORIGINAL
from lstm_explainer.site import notebooks
from lstm_explainer.site.settings import CACHE_ENV, URL_ENV

NOTEBOOK = "vanishing-gradient"  # the quickest of the three


@pytest.fixture
def serve():
    """``serve(folder)`` -> the address of an HTTP server on 127.0.0.1 serving ``folder``."""
    servers = []

    def start(folder: Path) -> str:
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def _stand_in(folder: Path, name: str) -> None:
    """An empty wheel named ``name``: what pip finds offline for a requirement of the index."""
    dist = f"{name}-0.dist-info"
    files = {
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 0\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = ""
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record += f"{path},sha256={digest},{len(text.encode())}\n"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / f"{name}-0-py3-none-any.whl", "w") as whl:
        for path, text in files.items():
            whl.writestr(path, text)
        whl.writestr(f"{dist}/RECORD", record + f"{dist}/RECORD,,\n")


@pytest.fixture
def reader(tmp_path):
    """A fresh venv, offline, that sees this environment's libraries but not lstm_explainer:
    ``reader.run(command, cwd)`` runs a ``pip install …`` command in it, ``reader.python`` is its
    interpreter, ``reader.env`` its environment."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False, symlinks=True)
    python = env_dir / "bin" / "python"
    # Everything of this environment's site-packages but this project (its dist-info and the
    # editable install's finder), through a folder of links named in a .pth file.
    view = tmp_path / "libraries"
    view.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if entry.name.startswith(("lstm_explainer", "__editable__")) or entry.suffix == ".pth":
            continue
        (view / entry.name).symlink_to(entry)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "libraries.pth").write_text(f"{view}\n")
    _stand_in(tmp_path / "index", "jupyter")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith(("PIP_", "JUPYTER"))}
    env |= {
        "PIP_NO_INDEX": "1",  # offline: only the command's URL and the local stand-in
        "PIP_FIND_LINKS": str(tmp_path / "index"),
        "PIP_NO_CACHE_DIR": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter"),  # no kernel spec of this machine's user
        "IPYTHONDIR": str(tmp_path / "ipython"),
        "OPENBLAS_NUM_THREADS": "1",
    }

    class Reader:
        def run(self, command: str, cwd: Path) -> subprocess.CompletedProcess:
            argv = shlex.split(command)
            assert argv[:2] == ["pip", "install"], command
            return subprocess.run(
                [python, "-m", "pip", *argv[1:]],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )

    r = Reader()
    r.python, r.env, r.dir = python, env, env_dir
    return r


def installed(reader) -> dict:
    """Where the reader's lstm_explainer comes from: its file, version and pip's record of the source."""
    code = (
        "import json, importlib.metadata as m, lstm_explainer as lx\n"
        "d = m.distribution('lstm-explainer')\n"
        "print(json.dumps({'file': lx.__file__, 'version': lx.__version__,"
        " 'direct_url': json.loads(d.read_text('direct_url.json') or 'null')}))"
    )
    out = subprocess.run(
        [reader.python, "-c", code],
        cwd=reader.dir,
        env=reader.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


_EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import lstm_explainer\\nprint(lstm_explainer.__file__)"))
NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(nb, sys.argv[3])
"""


@pytest.mark.slow
def test_the_command_on_the_published_download_page_installs_the_wheel_and_a_notebook_runs(
    tmp_path, cache, serve, reader, monkeypatch, install_commands
):
    from lstm_explainer.site.build import build_all

    out = tmp_path / "site"
    out.mkdir()
    address = serve(out)  # the site's address is known before it is built: the command names it
    monkeypatch.setenv(CACHE_ENV, str(cache))
    monkeypatch.setenv(URL_ENV, address)
    build_all(ROOT, out, [ORIGINAL])

    (command,) = install_commands(fetch(f"{address}{ORIGINAL}/download/").decode())
    wheel = f"lstm_explainer-{__version__}-py3-none-any.whl"
    served = fetch(f"{address}{ORIGINAL}/downloads/{wheel}")
    url = f"{address}{ORIGINAL}/downloads/{wheel}#sha256={hashlib.sha256(served).hexdigest()}"
    assert command == f'pip install "lstm-explainer @ {url}" jupyter'

    # pip checks the hash the command carries: a file that is not the one described is refused.
    tampered = reader.run(command.replace("#sha256=", "#sha256=0"), tmp_path)
    assert tampered.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in tampered.stderr

    done = reader.run(command, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    found = installed(reader)
    assert Path(found["file"]).is_relative_to(reader.dir)  # the wheel's copy, not this checkout's
    assert found["version"] == __version__
    assert found["direct_url"]["url"] == url.split("#")[0]
    assert found["direct_url"]["archive_info"]["hashes"] == {"sha256": hashlib.sha256(served).hexdigest()}

    # A notebook from the site's download link, run end to end by a kernel of that environment.
    page_url = f"{address}{ORIGINAL}/notebooks/{NOTEBOOK}/"
    page = fetch(page_url).decode()
    (link,) = re.findall(r'<a href="([^"]+\.ipynb)" download>', page)
    downloaded = tmp_path / "reader" / f"{NOTEBOOK}.ipynb"
    downloaded.parent.mkdir()
    downloaded.write_bytes(fetch(urljoin(page_url, html.unescape(link))))
    assert f"```bash\n{command}\n```" in nbformat.read(downloaded, as_version=4).cells[0].source  # the page's
    ran = tmp_path / "reader" / "ran.ipynb"
    proc = subprocess.run(
        [reader.python, "-c", _EXECUTE, downloaded, downloaded.parent, ran],
        cwd=downloaded.parent,
        env=reader.env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    nb = nbformat.read(ran, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = sum("image/png" in o.get("data", {}) for o in outputs)
    assert images == len(notebooks.alt_texts(downloaded)) > 0
    (where,) = nb.cells[-1].outputs
    assert Path(where.text.strip()).is_relative_to(reader.dir)  # the kernel imported the wheel's copy


@pytest.mark.slow
def test_the_command_of_a_local_build_installs_the_downloaded_wheel(
    tmp_path, site, serve, reader, install_commands
):
    address = serve(site)
    page_url = f"{address}{ORIGINAL}/download/"
    page = fetch(page_url).decode()
    (command,) = install_commands(page)
    (link,) = re.findall(r'<a href="([^"]+\.whl)">', page)
    saved = tmp_path / "saved"  # where the reader saved the file the page links
    saved.mkdir()
    (saved / Path(link).name).write_bytes(fetch(urljoin(page_url, link)))
    assert command == f"pip install ./{Path(link).name} jupyter"
    done = reader.run(command, saved)
    assert done.returncode == 0, done.stdout + done.stderr
    found = installed(reader)
    assert Path(found["file"]).is_relative_to(reader.dir)
    assert found["version"] == __version__
    assert found["direct_url"]["url"] == (saved / Path(link).name).as_uri()
    # The wheel's command line runs from the reader's venv.
    out = subprocess.run(
        [reader.dir / "bin" / "lstm-explainer", "export", "cell-diagram", "--lang", "de", "-o", "cell.svg"],
        cwd=tmp_path,
        env=reader.env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "wrote" in out.stdout
    assert "Vergessens" in (tmp_path / "cell.svg").read_text("utf-8")
