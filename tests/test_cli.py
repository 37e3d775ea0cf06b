"""The command line, as an instructor uses it: export figures for slides, read the equations."""

import struct

import pytest

from lstm_explainer import cli, experiments, figures
from lstm_explainer.equations import equations


def test_export_writes_the_figure_the_site_shows(tmp_path, capsys):
    """One figure, one language: tests/test_figures.py renders every figure in every language."""
    out = tmp_path / "gradient-decay-zh.svg"
    cli.main(["export", "gradient-decay", "--lang", "zh", "-o", str(out)])
    assert out.read_bytes() == figures.render("gradient-decay", "zh")
    assert f"wrote {out}" in capsys.readouterr().out


def test_png_and_pdf_at_a_chosen_size(tmp_path):
    png, pdf = tmp_path / "a.png", tmp_path / "a.pdf"
    cli.main(
        [
            "export",
            "forget-gate",
            "--lang",
            "zh",
            "--format",
            "png",
            "--size",
            "4",
            "3",
            "--dpi",
            "100",
            "-o",
            str(png),
        ]
    )
    cli.main(["export", "cell-diagram", "--format", "pdf", "-o", str(pdf)])
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (400, 300)  # 4 x 3 inches at 100 dpi
    assert pdf.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["export", "gradient-decaj"],
            "unknown figure 'gradient-decaj'; known figures: adding-lengths, adding-training, cell-diagram, clipping",
        ),
        (["export", "cell-diagram", "--lang", "it"], "unknown language 'it'; known languages: pt, en, es"),
        (["export", "cell-diagram", "--format", "jpg"], "invalid choice: 'jpg'"),
        (["export", "cell-diagram", "--size", "0", "3"], "size must be (width, height) in inches"),
        (["draw"], "invalid choice: 'draw'"),
    ],
)
def test_bad_names_fail_with_the_valid_ones(argv, message, capsys):
    with pytest.raises((SystemExit, ValueError)) as err:
        cli.main(argv)
    if err.type is SystemExit:
        assert err.value.code == 2
        assert message in capsys.readouterr().err
    else:
        assert message in str(err.value)


def test_lists_figures_and_equations(capsys):
    cli.main(["figures"])
    assert sorted(line.split()[0] for line in capsys.readouterr().out.splitlines()) == sorted(figures.FIGURES)
    cli.main(["equations"])
    out = capsys.readouterr().out
    for eq in equations().values():
        assert f"{eq.id} " in out
        assert eq.function in out


def test_experiments_list_says_whether_each_stored_result_is_up_to_date(capsys):
    cli.main(["experiments", "list", "adding-100"])
    assert capsys.readouterr().out == "adding-100: stored, up to date\n"
    cli.main(["experiments", "list"])  # every experiment, the slow ones too
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == list(
        experiments.EXPERIMENTS
    )
    with pytest.raises(SystemExit):
        cli.main(["experiments", "run", "addin"])  # refused before anything runs
    assert "unknown experiment 'addin'; known experiments: adding-100" in capsys.readouterr().err


def test_a_refresh_without_names_runs_all_but_the_slow_experiments(monkeypatch, capsys):
    ran = []
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")  # no re-exec
    monkeypatch.setattr(experiments, "run_all", lambda names, jobs, progress, fresh: ran.extend(names) or {})
    cli.main(["experiments", "run"])
    assert ran == [n for n in experiments.EXPERIMENTS if n not in experiments.SLOW]
    assert experiments.SLOW == ("adding-1000",)
    assert "adding-1000" not in ran
    ran.clear()
    cli.main(["experiments", "run", "adding-1000"])  # by name, a slow one runs
    assert ran == ["adding-1000"]
