"""The command line: ``lstm-explainer …`` or ``python -m lstm_explainer …``.

    lstm-explainer figures                          list the figures
    lstm-explainer export NAME [--lang L] [--format svg|png|pdf] [--size W H] [-o FILE]
    lstm-explainer equations                        the equation table (id, function, LaTeX)
    lstm-explainer experiments list [NAME …]        the papers' experiments, stored or stale
    lstm-explainer experiments run [NAME …]         run them (one BLAS thread) and store them:
                                                    without names, all but the slow ones (SLOW);
                                                    runs of unchanged code and settings are kept
                                                    unless --fresh

Unknown names fail with the list of valid ones and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import figures
from .equations import equations
from .i18n import LANGUAGES, ORIGINAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lstm-explainer",
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("figures", help="list the figures")
    e = sub.add_parser("export", help="write a figure, in any language, as SVG, PNG or PDF")
    e.add_argument("name", help=f"the figure: {', '.join(sorted(figures.FIGURES))}")
    e.add_argument("--lang", default=ORIGINAL, help=f"its labels' language: {', '.join(LANGUAGES)}")
    e.add_argument("--format", default="svg", choices=("svg", "png", "pdf"))
    e.add_argument("--size", nargs=2, type=float, metavar=("WIDTH", "HEIGHT"), help="in inches")
    e.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    e.add_argument("-o", "--output", type=Path, help="file to write (default: NAME-LANG.FORMAT)")
    sub.add_parser("equations", help="print the table of the equations the site shows")
    x = sub.add_parser("experiments", help="list or run the papers' experiments")
    x.add_argument("action", choices=("list", "run"), help="list: stored or stale; run: recompute")
    x.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="experiments (default: all to list; all but the slow ones, e.g. adding-1000, to run)",
    )
    x.add_argument("--jobs", type=int, default=2, help="runs trained at once, one process each (default 2)")
    x.add_argument(
        "--fresh",
        action="store_true",
        help="recompute every run (default: reuse runs of the same code and settings)",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = _parser()
    args = parser.parse_args(argv)
    out = sys.stdout
    if args.command == "figures":
        for name in sorted(figures.FIGURES):
            doc = (figures.FIGURES[name].__doc__ or "").strip().split("\n")[0]
            out.write(f"{name:16} {doc}\n")
    elif args.command == "export":
        size = tuple(args.size) if args.size else None
        try:  # the package's own checks say what was expected
            data = figures.render(args.name, args.lang, args.format, args.dpi, size)
        except (KeyError, ValueError) as err:
            parser.error(err.args[0])
        target = args.output or Path(f"{args.name}-{args.lang}.{args.format}")
        target.write_bytes(data)
        out.write(f"wrote {target} ({len(data)} bytes)\n")
    elif args.command == "equations":
        for eq in equations().values():
            out.write(f"{eq.id:20} {eq.function:45} {' '.join(eq.latex.split())}\n")
    else:
        _experiments(parser, args.action, args.names, args.jobs, args.fresh, argv)


def _experiments(
    parser: argparse.ArgumentParser, action: str, names: list[str], jobs: int, fresh: bool, argv
) -> None:
    from . import experiments

    for name in names:
        try:
            experiments.check(name)
        except KeyError as err:
            parser.error(err.args[0])
    if not names:  # a refresh without names skips the slow experiments; a list shows them all
        names = [n for n in experiments.EXPERIMENTS if action == "list" or n not in experiments.SLOW]
    if action == "run" and os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        # A long training run depends on the BLAS thread count (another summation order, another
        # trajectory: the adding LSTM met its criterion at 208,480 sequences on one thread and at
        # 235,424 on two). The stored results use one thread, so a refresh runs on one too.
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        argv = sys.argv[1:] if argv is None else argv
        os.execve(sys.executable, [sys.executable, "-m", "lstm_explainer", *argv], env)
    out = sys.stdout
    if action == "list":
        for name in names:
            try:
                experiments.load(name)
                state = "stored, up to date"
            except experiments.StaleResultError as err:
                state = str(err)
            out.write(f"{name}: {state}\n")
        return
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs, an optional extra
    except ModuleNotFoundError:
        parser.error("the progress bar needs tqdm: pip install tqdm (or the package's 'experiments' extra)")
    start = time.perf_counter()
    with tqdm(desc=", ".join(names), unit="seq", unit_scale=True, smoothing=0.05) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        results = experiments.run_all(names, jobs=jobs, progress=progress, fresh=fresh)
    for name, result in results.items():
        for r in result["runs"]:
            out.write(
                f"{name} / {r['label']}: solved={r['solved']} sequences={r['sequences_to_criterion']} "
                f"test wrong={r['test_wrong']}/{r['test_sequences']} time={r['wall_time']} s\n"
            )
    out.write(f"{', '.join(names)}: {time.perf_counter() - start:.0f} s on {jobs} processes\n")


if __name__ == "__main__":
    main()
