"""The package as files a reader downloads from the site: its wheel and sdist, built reproducibly.

`ensure` builds both with ``python -m build --no-isolation`` (no network: the pinned setuptools
of the docs environment does it) from a copy of what goes into them (`inputs`: the package's
files, ``pyproject.toml``, ``README.md`` and, if present, ``MANIFEST.in`` and the licence), and
keeps them in ``<cache>/downloads/<key>/`` under a key of those files, the build tools'
versions and the timestamp the archives record (`source_date_epoch`). Two builds of the same
inputs give the same bytes: the wheel's entries carry ``SOURCE_DATE_EPOCH`` (setuptools honours
it), and the sdist, whose tar records the copies' times and owner, is written again with sorted
entries, that time, no owner and a fixed gzip header (`_normalize_sdist`).

Every language's build publishes both files under ``downloads/``; the download page and the
notebooks give `install_command`, which fetches exactly that wheel and lets pip check its
SHA-256, or the downloaded file, and never a bare registry name unless
`lstm_explainer.site.settings.REGISTRY_RELEASES` says the release workflow has published this
version.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from ..i18n import format_number, label
from . import settings
from .content import publish

PACKAGE = Path(__file__).resolve().parent.parent
PROJECT = PACKAGE.parent
"""The source checkout the files are built from (``pyproject.toml`` beside the package)."""
NAME = "lstm-explainer"  # the distribution's name (pyproject.toml)
FALLBACK_EPOCH = 315532800
"""The timestamp of a build outside a git checkout: 1980-01-01 00:00 UTC, the earliest a zip
file (the wheel) can record. In a checkout it is the last commit's time."""
_TOOLS = ("build", "setuptools")  # their versions shape the files
KEEP = 4  # built versions kept in the cache
_TOP = ("pyproject.toml", "README.md", "MANIFEST.in", "LICENSE", "LICENSE.txt", "LICENSE.md")


class DownloadError(RuntimeError):
    """The files cannot be built: the message says what was expected."""


@dataclass(frozen=True)
class Artifact:
    """One built file: its name, size in bytes and SHA-256 (hex)."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Downloads:
    """The wheel and the sdist of one version, in ``directory``."""

    directory: Path
    version: str
    wheel: Artifact
    sdist: Artifact

    @classmethod
    def read(cls, directory: Path) -> Downloads:
        data = json.loads((Path(directory) / "downloads.json").read_text("utf-8"))
        return cls(Path(directory), data["version"], Artifact(**data["wheel"]), Artifact(**data["sdist"]))

    def path(self, artifact: Artifact) -> Path:
        return self.directory / artifact.name


def inputs(project: Path = PROJECT) -> list[Path]:
    """What goes into the files, sorted: every file of the package (caches and the experiments'
    unfinished runs excepted) and the project's top-level files setuptools reads or ships."""
    project = Path(project)
    if not (project / "pyproject.toml").is_file():
        raise DownloadError(
            f"the site's downloads are built from a source checkout: expected pyproject.toml in {project}"
        )
    package = project / "lstm_explainer"
    files = [
        p
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".partial" not in p.relative_to(package).parts
    ]
    files += [project / name for name in _TOP if (project / name).is_file()]
    return sorted(files)


def source_date_epoch(project: Path = PROJECT) -> int:
    """The time the archives record: ``$SOURCE_DATE_EPOCH`` if set, else the last commit's time in
    a git checkout, else `FALLBACK_EPOCH`. ``ValueError`` if the variable is not a whole number of
    seconds from 1980 on."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is not None:
        if not given.strip().isdigit() or int(given) < FALLBACK_EPOCH:
            raise ValueError(
                f"SOURCE_DATE_EPOCH={given!r}: expected a whole number of seconds since 1970, "
                f"at least {FALLBACK_EPOCH} (1980-01-01, the earliest time a wheel can record)"
            )
        return int(given)
    if (Path(project) / ".git").exists():
        try:
            out = subprocess.run(
                ["git", "-C", str(project), "log", "-1", "--format=%ct"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            return max(int(out), FALLBACK_EPOCH)
        except (OSError, subprocess.CalledProcessError, ValueError):
            pass  # no git, or a checkout without commits
    return FALLBACK_EPOCH


def key(project: Path = PROJECT, epoch: int | None = None) -> str:
    """A hash of what the files depend on: `inputs`, this module, the tools' versions, the epoch."""
    project = Path(project)
    h = hashlib.sha256()
    for path in inputs(project):
        h.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(Path(__file__).read_bytes())  # how the files are built and normalized
    for dist in _TOOLS:
        h.update(f"{dist}=={metadata.version(dist)}\0".encode())
    h.update(f"python {sys.version.split()[0]}\0".encode())
    h.update(f"epoch {source_date_epoch(project) if epoch is None else epoch}".encode())
    return h.hexdigest()[:16]


def build(out: Path, project: Path = PROJECT, epoch: int | None = None) -> Downloads:
    """Build the sdist, then the wheel from it, into ``out`` (created); write ``downloads.json``."""
    project, out = Path(project), Path(out)
    epoch = source_date_epoch(project) if epoch is None else epoch
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lstm-dist-") as tmp:
        src = Path(tmp) / "src"
        for path in inputs(project):
            copy = src / path.relative_to(project)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        # The interpreter's own environment, without a PYTHONPATH that could point at a source tree.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"SOURCE_DATE_EPOCH": str(epoch)}
        cmd = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(Path(tmp) / "dist"), str(src)]
        proc = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise DownloadError(
                "building the wheel and the sdist failed (python -m build --no-isolation needs the docs "
                f"environment's build and setuptools: pip install -r requirements/docs.txt):\n"
                f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
            )
        (wheel,) = (Path(tmp) / "dist").glob("*.whl")
        (sdist,) = (Path(tmp) / "dist").glob("*.tar.gz")
        shutil.copyfile(wheel, out / wheel.name)
        (out / sdist.name).write_bytes(_normalize_sdist(sdist.read_bytes(), epoch))
    version = wheel.name.split("-")[1]
    found = {"version": version, "wheel": _describe(out / wheel.name), "sdist": _describe(out / sdist.name)}
    (out / "downloads.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    return Downloads.read(out)


def check_tag(tag: str) -> None:
    """``ValueError`` unless release tag ``tag`` is ``v`` + ``lstm_explainer.__version__``."""
    from .. import __version__

    if tag != f"v{__version__}":
        raise ValueError(
            f"the tag {tag!r} does not name this version: expected 'v{__version__}' "
            "(lstm_explainer.__version__, the package's one version)"
        )


def _describe(path: Path) -> dict:
    data = path.read_bytes()
    return {"name": path.name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _normalize_sdist(data: bytes, epoch: int) -> bytes:
    """The sdist written again reproducibly: its entries sorted by name, dated ``epoch`` (or
    earlier), owned by no one (uid and gid 0, no names), with plain modes, in a gzip stream
    whose header records ``epoch`` and no file name."""
    out = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as src,
        gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=epoch, compresslevel=9) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as dst,
    ):
        for member in sorted(src.getmembers(), key=lambda m: m.name):
            member.mtime = min(member.mtime, epoch)
            member.uid = member.gid = 0
            member.uname = member.gname = ""
            member.mode = 0o755 if member.isdir() else 0o644
            member.pax_headers = {}
            dst.addfile(member, src.extractfile(member) if member.isfile() else None)
    return out.getvalue()


def ensure(cache_root: Path, project: Path = PROJECT) -> Downloads:
    """The files of the current sources, from ``<cache_root>/downloads/<key>/`` or built now."""
    root = Path(cache_root) / "downloads"
    epoch = source_date_epoch(project)
    target = root / key(project, epoch)
    if (target / "downloads.json").exists():
        return Downloads.read(target)
    tmp = root / f"{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        build(tmp, project, epoch)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    publish(tmp, target, KEEP)
    return Downloads.read(target)


def install_command(downloads: Downloads, base_url: str | None) -> str:
    """The command that installs this version and Jupyter, for a page of the language whose
    published address is ``base_url`` (``<site>/<lang>/``), or None for a local build.

    - Published on the registry (its version in `settings.REGISTRY_RELEASES`): the registry's name,
      pinned to this version.
    - Published site: the wheel by its address on this site, with its SHA-256 in the URL's
      fragment, which pip checks before installing (a tampered file is refused).
    - Local build: the wheel downloaded from the page, by its file name.

    ``ValueError`` if ``base_url`` is not an http(s) address."""
    if downloads.version in settings.REGISTRY_RELEASES:
        return f'pip install "{NAME}=={downloads.version}" jupyter'
    wheel = downloads.wheel
    if not base_url:
        return f"pip install ./{wheel.name} jupyter"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in base_url for c in "\"' \\"):
        raise ValueError(
            f"the site's address {base_url!r}: expected an http(s) URL such as https://example.org/lstm/"
        )
    url = f"{base_url.rstrip('/')}/downloads/{wheel.name}#sha256={wheel.sha256}"
    return f'pip install "{NAME} @ {url}" jupyter'


# ---- what the download page and the notebooks show ----------------------------------------------


def files_table(downloads: Downloads, lang: str, folder: str) -> str:
    """A Markdown table of both files: name (a link to it, ``folder`` being the site's
    ``downloads/`` relative to the page's source), what it is, its size and its SHA-256."""
    head = [label(lang, f"download.{column}") for column in ("file", "kind", "size")] + ["SHA-256"]
    rows = [f"| {' | '.join(head)} |", "| --- | --- | --- | --- |"]
    for kind, artifact in (("wheel", downloads.wheel), ("sdist", downloads.sdist)):
        size = label(lang, "download.megabytes", size=format_number(artifact.size / 1e6, lang, "fixed", 1))
        rows.append(
            f"| [`{artifact.name}`]({folder}{artifact.name}) | {label(lang, f'download.{kind}')} | {size} "
            f"| `{artifact.sha256}` |"
        )
    return "\n".join(rows)


def command_block(command: str) -> str:
    """The install command as a fenced code block (Material gives it a copy button)."""
    return f"```bash\n{command}\n```"


def install_text(downloads: Downloads, lang: str, base_url: str | None) -> str:
    """What the download page says about installing: a sentence for the kind of command
    (`install_command`), then the command."""
    command = install_command(downloads, base_url)
    if downloads.version in settings.REGISTRY_RELEASES:
        lead = label(lang, "download.install-registry")
    elif base_url:
        lead = label(lang, "download.install-url", hash="SHA-256")
    else:
        lead = label(lang, "download.install-file")
    return f"{lead}\n\n{command_block(command)}"
