"""The content cache's key: what `mkdocs serve` relies on never to show a stale figure."""

import shutil
from pathlib import Path
from typing import ClassVar

import pytest

from lstm_explainer.site import content


def test_the_key_changes_with_the_package_code_and_labels_only(tmp_path, monkeypatch):
    package = tmp_path / "lstm_explainer"
    shutil.copytree(content.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(content, "PACKAGE", package)
    first = content.content_key()
    assert content.content_key() == first  # deterministic

    (package / "README.txt").write_text("notes")  # not code, not labels
    assert content.content_key() == first

    demos = package / "demos.py"
    demos.write_text(demos.read_text() + "\n# an edit\n")
    edited = content.content_key()
    assert edited != first

    labels = package / "locales" / "en.json"
    labels.write_text(labels.read_text().replace("Jacobian norm", "Jacobian-norm"))
    relabelled = content.content_key()
    assert relabelled not in (first, edited)

    plugin = package / "site" / "plugin.py"  # the build machinery reads the content only
    plugin.write_text(plugin.read_text() + "\n# an edit\n")
    assert content.content_key() == relabelled
    generator = package / "site" / "content.py"  # ... except the code that writes it
    generator.write_text(generator.read_text() + "\n# an edit\n")
    assert content.content_key() != relabelled


class _FakePart:
    """A generation part that writes its share's marker (and, for part 0, numbers.json)."""

    calls: ClassVar[list[list[str]]] = []
    fail = False

    def __init__(self, cmd, stdout, stderr, env):
        self.calls.append(cmd)
        out, part = Path(cmd[-2]), cmd[-1].removeprefix("--part=")
        (out / f"share-{part.replace('/', '-')}").write_text("")
        if part.startswith("0/"):
            (out / "numbers.json").write_text("{}")
        if self.fail:
            stderr.write("ValueError: a figure failed\n")
        self.code = int(self.fail)

    def wait(self):
        return self.code


def test_ensure_generates_once_per_key_in_parts_side_by_side(tmp_path, monkeypatch):
    monkeypatch.setattr(content.subprocess, "Popen", _FakePart)
    _FakePart.calls = []
    first = content.ensure(tmp_path, parts=2)
    assert content.ensure(tmp_path, parts=2) == first
    assert [cmd[-1] for cmd in _FakePart.calls] == ["--part=0/2", "--part=1/2"]
    assert first.name == content.content_key()
    assert sorted(p.name for p in first.iterdir()) == ["numbers.json", "share-0-2", "share-1-2"]  # no logs


def test_a_failed_part_fails_generation_with_its_error_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(content.subprocess, "Popen", _FakePart)
    monkeypatch.setattr(_FakePart, "fail", True)
    with pytest.raises(RuntimeError, match=r"figures and numbers failed:\n.*ValueError: a figure failed"):
        content.ensure(tmp_path, parts=2)
    assert list((tmp_path / "content").iterdir()) == []


def test_the_shares_deal_out_every_figure_and_slider_data_once_and_evenly():
    from lstm_explainer import explore, figures
    from lstm_explainer.i18n import LANGUAGES

    shares = content._shares(2)
    items = [item for share in shares for item in share]
    explorers = len(explore.EXPLORERS) + len(explore.STEPPED)
    assert len(items) == len(set(items)) == explorers + len(figures.FIGURES) * len(LANGUAGES)
    assert abs(len(shares[0]) - len(shares[1])) <= 1
    assert [item[0] for item in shares[0][:1] + shares[1][:1]] == ["explore", "explore"]  # heaviest first
    with pytest.raises(ValueError, match="expected 0 <= part < parts, got part 2 of 2"):
        content.generate(Path("unused"), part=2, parts=2)
