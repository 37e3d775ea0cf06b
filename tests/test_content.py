"""The content cache's key: what `mkdocs serve` relies on never to show a stale figure."""

import shutil
from pathlib import Path

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
    assert content.content_key() not in (first, edited)


def test_ensure_generates_once_per_key(tmp_path, monkeypatch):
    calls = []

    def fake_run(cmd, **kwargs):
        calls.append(cmd)
        out = Path(cmd[-1])
        (out / "numbers.json").write_text("{}")
        return type("Done", (), {"returncode": 0, "stderr": ""})()

    monkeypatch.setattr(content.subprocess, "run", fake_run)
    first = content.ensure(tmp_path)
    assert content.ensure(tmp_path) == first
    assert len(calls) == 1
    assert first.name == content.content_key()
