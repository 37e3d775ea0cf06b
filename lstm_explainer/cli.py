"""The command line: ``lstm-explainer …`` or ``python -m lstm_explainer …``.

    lstm-explainer figures                          list the figures
    lstm-explainer export NAME [--lang L] [--format svg|png|pdf] [--size W H] [-o FILE]
    lstm-explainer equations                        the equation table (id, function, LaTeX)
    lstm-explainer experiments {list,run} [NAME …]  the papers' experiments

Unknown names fail with the list of valid ones and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys
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
    x.add_argument("args", nargs=argparse.REMAINDER, help="list|run [NAME ...]")
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
        from . import experiments

        experiments.main(args.args)


if __name__ == "__main__":
    main()
